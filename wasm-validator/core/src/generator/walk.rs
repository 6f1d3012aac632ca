//! Structure walk: emits a document following the compiled content models.
//! Optional content is taken once while shallow, the repeated element
//! (persons of an РСВ, lines of an УПД…) `size` times, and every automaton
//! ends in an accepting state. [`Choices`] override single decisions by
//! element/attribute path (omit, include, a given value); with recording on,
//! the walk lists every decision it could have made differently ([`Point`]s),
//! which is what the rule-guided search in [`super::repair`] varies.

use std::collections::HashMap;

use super::plan::FormPlan;
use super::values;
use super::vary;
use super::GenOptions;
use crate::content_model::{CounterAct, Label};
use crate::pack::{Content, Pack, TypeRef};
use crate::simple_types::{Builtin, RegexTable};

/// One overridden decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Choice {
    /// Leave the optional element or attribute out.
    Omit,
    /// Emit the optional element or attribute.
    Include,
    /// Use this value.
    Value(String),
}

/// FNV-1a, for the maps keyed by path (hashed on every element and attribute
/// of every probe document).
#[derive(Default, Clone, Copy)]
pub(super) struct PathHasher(u64);

impl std::hash::Hasher for PathHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map keyed by path.
pub(super) type PathMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<PathHasher>>;

/// Overrides by path (`Файл/Документ/СвНП` for an element, `…/@Attr` for an attribute).
pub(super) type Choices = PathMap<Choice>;

/// What a decision point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PointKind {
    /// An attribute of simple type `ty`.
    Attr { ty: u32, required: bool },
    /// A child element the content model allowed here.
    Element,
    /// Text content of simple type `ty`.
    Text { ty: u32 },
}

/// A decision the walk made (or could have made) at a path.
#[derive(Debug, Clone)]
pub(super) struct Point {
    /// Local name of the element or attribute (the hint for value synthesis).
    pub name: String,
    /// Kind of decision.
    pub kind: PointKind,
    /// Whether the element/attribute was emitted.
    pub emitted: bool,
    /// The value emitted (attributes and text).
    pub value: Option<String>,
}

/// The walk's state.
pub(super) struct Walk<'p> {
    pack: &'p Pack,
    plan: &'p FormPlan,
    rx: &'p dyn RegexTable,
    choices: &'p Choices,
    opts: &'p GenOptions,
    repeat_name: Option<String>,
    prefixes: Vec<String>,
    file_id: Option<String>,
    id_counter: u64,
    path: String,
    instance: usize,
    /// Inside an occurrence of the repeated element: values vary per repetition.
    in_repeat: bool,
    /// Varied fields emitted so far in the current repetition (part of their seed).
    occurrence: u64,
    /// Rule-compared names whose dates may vary all the same (checked by the caller).
    pub vary_sensitive: std::collections::HashSet<String>,
    /// The document text.
    pub out: String,
    /// Decision points by path, when recording.
    pub points: Option<PathMap<Point>>,
    /// Paths of the elements some choice is about (of a child or attribute).
    choice_parents: std::collections::HashSet<String>,
}

fn escape_into(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

impl<'p> Walk<'p> {
    /// A walk over `pack` with the given overrides.
    pub(super) fn new(pack: &'p Pack, plan: &'p FormPlan, rx: &'p dyn RegexTable, opts: &'p GenOptions, choices: &'p Choices, repeat_name: Option<String>, file_id: Option<String>) -> Self {
        let mut prefixes: Vec<String> = pack.names.iter().map(|n| n.0.clone()).filter(|n| !n.is_empty()).collect();
        prefixes.sort();
        prefixes.dedup();
        Walk {
            pack,
            plan,
            rx,
            choices,
            opts,
            repeat_name,
            prefixes,
            file_id,
            id_counter: 0,
            path: String::new(),
            instance: 0,
            in_repeat: false,
            occurrence: 0,
            vary_sensitive: Default::default(),
            out: String::with_capacity(1 << 16),
            points: None,
            choice_parents: choices.keys().filter_map(|k| k.rsplit_once('/').map(|(p, _)| p.to_string())).collect(),
        }
    }

    /// Emits the document for root element `decl` (with namespace declarations).
    pub(super) fn document(&mut self, decl: u32, encoding: &str) {
        self.out.push_str(&format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n"));
        let root_start = self.out.len();
        self.element(decl, 0);
        if !self.prefixes.is_empty() {
            // Declare every namespace with a prefix on the root element.
            let close = self.out[root_start..].find(['>', ' ', '/']).map(|i| i + root_start).unwrap_or(self.out.len());
            let decls: String = self.prefixes.iter().enumerate().map(|(i, ns)| format!(" xmlns:n{i}=\"{ns}\"")).collect();
            self.out.insert_str(close, &decls);
        }
    }

    fn local(&self, name_id: u32) -> &'p str {
        self.pack.names.get(name_id as usize).map_or("", |n| n.1.as_str())
    }

    fn record(&mut self, path: &str, name: &str, kind: PointKind, emitted: bool, value: Option<&str>) {
        let Some(points) = &mut self.points else { return };
        match points.get_mut(path) {
            Some(p) => {
                p.emitted |= emitted;
                if p.value.is_none() {
                    p.value = value.map(str::to_string);
                }
            }
            None => {
                points.insert(path.to_string(), Point { name: name.to_string(), kind, emitted, value: value.map(str::to_string) });
            }
        }
    }

    /// The value for simple type `ty` of a field named `name_id`.
    fn value(&mut self, ty: u32, name_id: u32) -> String {
        let pack = self.pack;
        let Some(st) = pack.simple_types.get(ty as usize) else { return String::new() };
        if st.builtin == Builtin::Id {
            self.id_counter += 1;
            return format!("id{}", self.id_counter);
        }
        let hint = self.local(name_id);
        let sensitive = self.plan.sensitive.contains(hint);
        if self.in_repeat && st.id_kind.is_none() && (!sensitive || self.vary_sensitive.contains(hint)) {
            let patterns = self.plan.patterns(pack, ty, st);
            let mut rng = vary::Rng::new(&self.path, hint, self.instance, self.occurrence);
            self.occurrence += 1;
            if let Some(v) = vary::candidates(st, hint, self.instance, &mut rng, &patterns, sensitive).into_iter().find(|c| st.check(c, &pack.simple_types, self.rx).is_ok()) {
                return v;
            }
        }
        if st.id_kind.is_some() && self.instance > 0 {
            return values::candidates(pack, st, hint, self.instance).into_iter().find(|c| st.check(c, &pack.simple_types, self.rx).is_ok()).unwrap_or_default();
        }
        self.plan.default_value(pack, ty, name_id, hint, self.rx)
    }

    /// Whether a choice or the recording concerns the children or attributes
    /// of the current element (paths are only built then).
    fn looks_at_children(&self) -> bool {
        self.points.is_some() || self.choice_parents.contains(&self.path)
    }

    fn choice(&self, key: &str) -> Option<&'p Choice> {
        self.choices.get(key)
    }

    fn element(&mut self, decl: u32, depth: usize) {
        let pack = self.pack;
        let Some(d) = pack.elements.get(decl as usize) else { return };
        let local = self.local(d.name);
        let name = match pack.names.get(d.name as usize) {
            Some((ns, local)) if !ns.is_empty() => match self.prefixes.iter().position(|p| p == ns) {
                Some(i) => format!("n{i}:{local}"),
                None => local.clone(),
            },
            _ => local.to_string(),
        };
        let saved_len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(local);
        self.out.push('<');
        self.out.push_str(&name);
        match d.ty {
            TypeRef::Simple(s) => {
                self.out.push('>');
                self.text(d.fixed.clone(), s, d.name);
            }
            TypeRef::Any => self.out.push('>'),
            TypeRef::Complex(c) => {
                let Some(ct) = pack.complex_types.get(c as usize) else {
                    self.path.truncate(saved_len);
                    return;
                };
                let look = self.looks_at_children();
                for a in &ct.attrs {
                    self.attribute(a, depth, look);
                }
                match &ct.content {
                    Content::Empty => {
                        self.out.push_str("/>\n");
                        self.path.truncate(saved_len);
                        return;
                    }
                    Content::Simple(s) => {
                        self.out.push('>');
                        self.text(d.fixed.clone(), *s, d.name);
                    }
                    Content::All(items, _) => {
                        self.out.push_str(">\n");
                        let look = self.looks_at_children();
                        for it in items {
                            let key = if look { format!("{}/{}", self.path, self.local(it.name)) } else { String::new() };
                            let take = match if look { self.choice(&key) } else { None } {
                                Some(Choice::Omit) => it.required,
                                Some(_) => true,
                                None => it.required || depth < 6,
                            };
                            self.record(&key, self.local(it.name), PointKind::Element, take, None);
                            if take {
                                self.element(it.decl, depth + 1);
                            }
                        }
                    }
                    Content::Elements(dfa) => {
                        self.out.push_str(">\n");
                        self.children(*dfa, depth);
                    }
                }
            }
        }
        self.out.push_str("</");
        self.out.push_str(&name);
        self.out.push_str(">\n");
        self.path.truncate(saved_len);
    }

    fn text(&mut self, fixed: Option<String>, ty: u32, name_id: u32) {
        let v = match (fixed, self.choice(&self.path)) {
            (Some(f), _) => f,
            (None, Some(Choice::Value(v))) => v.clone(),
            (None, _) => self.value(ty, name_id),
        };
        escape_into(&mut self.out, &v);
        let path = self.path.clone();
        self.record(&path, self.local(name_id), PointKind::Text { ty }, true, Some(&v));
    }

    /// Emits attribute `a`; `look`: whether choices or the recording concern
    /// this element's attributes (else no path is built).
    fn attribute(&mut self, a: &crate::pack::AttrUse, depth: usize, look: bool) {
        let pack = self.pack;
        let an = self.local(a.name);
        let key = if look { format!("{}/@{an}", self.path) } else { String::new() };
        let choice = if look { self.choice(&key) } else { None };
        let emit = match choice {
            Some(Choice::Omit) => a.required,
            Some(_) => true,
            None => a.required || self.opts.optional_attributes,
        };
        if !emit {
            self.record(&key, an, PointKind::Attr { ty: a.ty, required: a.required }, false, None);
            return;
        }
        let id_ok = |id: &String| pack.simple_types.get(a.ty as usize).is_some_and(|t| t.check(id, &pack.simple_types, self.rx).is_ok());
        let v = match (&self.file_id, depth, &a.fixed, choice) {
            (Some(id), 0, _, _) if an == "ИдФайл" && id_ok(id) => id.clone(),
            (_, _, Some(f), _) => f.clone(),
            (_, _, None, Some(Choice::Value(v))) => v.clone(),
            _ => self.value(a.ty, a.name),
        };
        self.out.push(' ');
        self.out.push_str(an);
        self.out.push_str("=\"");
        escape_into(&mut self.out, &v);
        self.out.push('"');
        self.record(&key, an, PointKind::Attr { ty: a.ty, required: a.required }, true, Some(&v));
    }

    /// Walks the automaton: takes optional elements once while shallow (unless
    /// omitted by a choice; included ones also when deep), repeats the
    /// repeating element `size` times, and always ends in an accepting state.
    fn children(&mut self, dfa_id: u32, depth: usize) {
        let pack = self.pack;
        let Some(dfa) = pack.dfas.get(dfa_id as usize) else { return };
        let n = dfa.states.len();
        let plan = self.plan.content(pack, dfa_id);
        let (dist, reach) = (&plan.dist, &plan.reach);
        let mut state = 0u32;
        let mut visited = vec![false; n];
        let mut steps = 0;
        loop {
            visited[state as usize] = true;
            let st = &dfa.states[state as usize];
            let shallow = depth < 12;
            // The choice on each element transition here.
            let look = self.looks_at_children();
            let choices: Vec<Option<&Choice>> = st
                .trans
                .iter()
                .map(|(l, _)| match l {
                    Label::Element(name_id, _) if look => {
                        let key = format!("{}/{}", self.path, self.local(*name_id));
                        self.record(&key, self.local(*name_id), PointKind::Element, false, None);
                        self.choice(&key)
                    }
                    _ => None,
                })
                .collect();
            let omitted = |i: usize| choices[i] == Some(&Choice::Omit);
            let included = |i: usize| matches!(choices[i], Some(Choice::Include));
            // Candidate: prefer unvisited states (include optional content) when shallow.
            let next = st
                .trans
                .iter()
                .enumerate()
                .filter(|(i, (l, to))| matches!(l, Label::Element(..)) && dist[*to as usize] != usize::MAX && !omitted(*i))
                .filter(|(i, (_, to))| (shallow || included(*i)) && !visited[*to as usize])
                .max_by_key(|(i, (_, to))| (included(*i), reach[*to as usize], std::cmp::Reverse(*to)))
                .or_else(|| {
                    if st.accept {
                        None
                    } else {
                        st.trans
                            .iter()
                            .enumerate()
                            .filter(|(_, (l, _))| matches!(l, Label::Element(..)))
                            .min_by_key(|(i, (_, to))| (omitted(*i), dist[*to as usize]))
                    }
                })
                .map(|(_, t)| t);
            let Some((Label::Element(name_id, decl), to)) = next.cloned() else { break };
            if self.points.is_some() {
                let key = format!("{}/{}", self.path, self.local(name_id));
                self.record(&key, self.local(name_id), PointKind::Element, true, None);
            }
            let is_repeat = self.repeat_name.as_deref().is_some_and(|r| self.local(name_id) == r);
            // A counted particle (bounds above the expansion limit) starting here
            // must reach its minOccurs and may not pass its maxOccurs.
            let counter = dfa.states[state as usize].acts.iter().find_map(|(ti, a)| match a {
                CounterAct::Start(c) if dfa.states[state as usize].trans.get(*ti as usize).is_some_and(|t| t.1 == to) => dfa.counters.get(*c as usize),
                _ => None,
            });
            let (min, max) = counter.map_or((1, usize::MAX), |c| (c.min.max(1) as usize, c.max.map_or(usize::MAX, |m| m as usize)));
            let wanted = if is_repeat { self.opts.size.max(min) } else { min };
            let (outer_instance, outer_in_repeat) = (self.instance, self.in_repeat);
            if is_repeat {
                (self.instance, self.in_repeat, self.occurrence) = (0, true, 0);
            }
            self.element(decl, depth + 1);
            state = to;
            for k in 1..wanted.min(max) {
                let again = dfa.states[state as usize].trans.iter().find(|(l, _)| matches!(l, Label::Element(n2, _) if *n2 == name_id)).cloned();
                match again {
                    Some((Label::Element(_, d2), t2)) => {
                        if is_repeat {
                            (self.instance, self.occurrence) = (k, 0);
                        }
                        self.element(d2, depth + 1);
                        state = t2;
                    }
                    _ => break,
                }
            }
            (self.instance, self.in_repeat) = (outer_instance, outer_in_repeat);
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
    }
}
