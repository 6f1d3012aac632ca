//! Identity constraints (`xs:unique`, `xs:key`, `xs:keyref`) checked during the
//! single streaming pass, with the semantics of XML Schema 1.0 §3.11:
//!
//! * each element declaring constraints opens a **scope**; its selector picks the
//!   target elements below it, each field picks at most one attribute or
//!   simple-valued element below a target;
//! * a target whose fields are all present contributes its key-sequence to the
//!   scope's table (values compared in their value space: `1.0` = `1` for
//!   decimals, whitespace processed per type, different primitive types never equal);
//! * `xs:unique`/`xs:key`: equal key-sequences of two targets are an error;
//!   `xs:key`: a missing field is an error;
//! * `xs:keyref`: every complete key-sequence must match exactly one entry of the
//!   referenced key's table in the same scope element; key tables of descendant
//!   scopes are propagated upwards (only when an open ancestor has a keyref that
//!   needs them), entries of the element's own key win, and a key-sequence that
//!   two different descendant nodes contribute is ambiguous.
//!
//! Tables are kept per open scope element and released when it closes; targets
//! live only while their element is open.

use std::collections::HashMap;

use crate::identity_path::{IdcKind, IdcPath, IdentityConstraint, NameTest};
use crate::pack::{Content, Pack, TypeRef};
use crate::report::codes;
use crate::simple_types::{normalize, Builtin, Variety};
use crate::xml_reader::{NsScope, Position, StartTag};

/// A problem found by the identity-constraint checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdcProblem {
    /// Stable finding code.
    pub code: &'static str,
    /// Element path of the offending node.
    pub path: String,
    /// Its position.
    pub pos: Position,
    /// Russian message.
    pub ru: String,
    /// English message.
    pub en: String,
}

/// A value in its value space: (primitive class, canonical lexical form).
type KeyValue = (u8, String);
type KeySeq = Vec<KeyValue>;

#[derive(Debug, Clone, Copy)]
struct Entry {
    node: u64,
    line: u32,
    ambiguous: bool,
}

type Table = HashMap<KeySeq, Entry>;

struct PendingRef {
    seq: KeySeq,
    shown: String,
    pos: Position,
    path: String,
}

struct Scope {
    depth: usize,
    decl: u32,
    /// Own table per constraint (key/unique) of the declaration.
    tables: Vec<Table>,
    /// Complete keyref key-sequences per constraint.
    refs: Vec<Vec<PendingRef>>,
    /// Tables propagated from descendant scopes, by constraint name.
    inherited: HashMap<String, Table>,
}

#[derive(Default, Clone)]
struct Field {
    value: Option<KeyValue>,
    /// The value as written (whitespace-processed), for messages.
    shown: String,
    count: u32,
    bad: bool,
}

struct Target {
    scope: usize,
    con: usize,
    depth: usize,
    node: u64,
    pos: Position,
    path: String,
    fields: Vec<Field>,
}

struct Capture {
    depth: usize,
    target: usize,
    field: usize,
}

/// Streaming identity-constraint state of one check.
#[derive(Default)]
pub struct IdentityChecker {
    depth: usize,
    nodes: u64,
    names_base: usize,
    name_buf: String,
    /// (ns start, local start, end) into `name_buf` per open element from `names_base`.
    names: Vec<(usize, usize, usize)>,
    scopes: Vec<Scope>,
    targets: Vec<Target>,
    captures: Vec<Capture>,
}

fn key_value(pack: &Pack, ty: Option<u32>, raw: &str) -> (KeyValue, String) {
    let Some(st) = ty.and_then(|t| pack.simple_types.get(t as usize)) else { return ((0, raw.to_string()), raw.to_string()) };
    let v = normalize(st.whitespace, raw);
    (canonical(st, &v), v.into_owned())
}

/// The value in its value space (primitive class, canonical form).
fn canonical(st: &crate::simple_types::SimpleType, v: &str) -> KeyValue {
    if st.variety != Variety::Atomic {
        return (9, v.to_string());
    }
    match st.builtin {
        Builtin::String | Builtin::NormalizedString | Builtin::Token | Builtin::Id | Builtin::NcName => (0, v.to_string()),
        Builtin::Decimal | Builtin::Integer => match crate::facets::parse_decimal(v) {
            Some(d) => (1, format!("{}{}.{}", if d.negative { "-" } else { "" }, d.int, d.frac)),
            None => (1, v.to_string()),
        },
        Builtin::Boolean => (2, (v == "true" || v == "1").to_string()),
        Builtin::Date => (3, v.to_string()),
        Builtin::Time => (4, v.to_string()),
        Builtin::DateTime => (5, v.to_string()),
        Builtin::GYear => (6, v.to_string()),
        Builtin::Other => (7, v.to_string()),
    }
}

/// The simple type of an element's value, `Err(())` when the element has complex
/// (element-only or empty) content, `Ok(None)` when its type is unknown.
fn element_value_type(pack: &Pack, ty: Option<TypeRef>) -> Result<Option<u32>, ()> {
    match ty {
        Some(TypeRef::Simple(s)) => Ok(Some(s)),
        Some(TypeRef::Complex(c)) => match pack.complex_types.get(c as usize).map(|c| &c.content) {
            Some(Content::Simple(s)) => Ok(Some(*s)),
            _ => Err(()),
        },
        Some(TypeRef::Any) => Err(()),
        None => Ok(None),
    }
}

fn show_seq(fields: &[Field]) -> String {
    let parts: Vec<String> = fields.iter().map(|f| format!("'{}'", f.shown)).collect();
    format!("[{}]", parts.join(", "))
}

fn local_of(clark: &str) -> &str {
    clark.rsplit('}').next().unwrap_or(clark)
}

fn show_test(t: &NameTest) -> String {
    match t {
        NameTest::Any => "*".into(),
        NameTest::AnyIn(_) => "p:*".into(),
        NameTest::Name(_, l) => l.clone(),
    }
}

/// Human-readable form of a field (local names only).
fn show_field(alts: &[IdcPath]) -> String {
    let shown: Vec<String> = alts
        .iter()
        .map(|p| {
            let mut parts: Vec<String> = p.steps.iter().map(show_test).collect();
            if let Some(a) = &p.attr {
                parts.push(format!("@{}", show_test(a)));
            }
            let body = if parts.is_empty() { ".".to_string() } else { parts.join("/") };
            if p.descendant { format!(".//{body}") } else { body }
        })
        .collect();
    shown.join(" | ")
}

fn kind_names(k: IdcKind) -> (&'static str, &'static str) {
    match k {
        IdcKind::Unique => ("уникальности", "unique"),
        IdcKind::Key => ("ключа", "key"),
        IdcKind::KeyRef => ("ссылки на ключ", "keyref"),
    }
}

impl IdentityChecker {
    fn name(&self, i: usize) -> (&str, &str) {
        let (a, b, c) = self.names[i];
        (&self.name_buf[a..b], &self.name_buf[b..c])
    }

    /// Does `path` select the current element (depth `d`) relative to the node at depth `ctx`?
    fn selects(&self, path: &IdcPath, ctx: usize, d: usize) -> bool {
        let rel = d - ctx;
        let k = path.steps.len();
        if if path.descendant { rel < k } else { rel != k } {
            return false;
        }
        path.steps.iter().enumerate().all(|(i, t)| {
            let (ns, l) = self.name(d - k + 1 + i - self.names_base);
            t.matches(ns, l)
        })
    }

    /// An element starts. `decl`/`ty` are its declaration and type as determined
    /// by the checker, `path` its element path.
    #[allow(clippy::too_many_arguments)]
    pub fn start(&mut self, pack: &Pack, decl: Option<u32>, ty: Option<TypeRef>, tag: &StartTag<'_, '_>, scope: &NsScope, path: &str, out: &mut Vec<IdcProblem>) {
        let d = self.depth;
        self.depth += 1;
        self.nodes += 1;
        let decl_cons = decl.and_then(|x| pack.elements.get(x as usize)).map(|e| &e.identity).filter(|c| !c.is_empty());
        if self.scopes.is_empty() && decl_cons.is_none() {
            return;
        }
        if self.scopes.is_empty() {
            self.names_base = d;
            self.names.clear();
            self.name_buf.clear();
        }
        let a = self.name_buf.len();
        self.name_buf.push_str(tag.ns);
        let b = self.name_buf.len();
        self.name_buf.push_str(tag.local);
        self.names.push((a, b, self.name_buf.len()));
        if let (Some(cons), Some(decl)) = (decl_cons, decl) {
            self.scopes.push(Scope {
                depth: d,
                decl,
                tables: vec![Table::new(); cons.len()],
                refs: cons.iter().map(|_| Vec::new()).collect(),
                inherited: HashMap::new(),
            });
        }
        // Fields of open targets that select this element or its attributes.
        for ti in 0..self.targets.len() {
            let (si, ci, td) = (self.targets[ti].scope, self.targets[ti].con, self.targets[ti].depth);
            let Some(con) = self.constraint(pack, si, ci) else { continue };
            for (fi, alts) in con.fields.iter().enumerate() {
                self.match_field(pack, ti, fi, alts, td, d, ty, tag, scope, out);
            }
        }
        // Selectors of open scopes that select this element: new targets.
        for si in 0..self.scopes.len() {
            let sd = self.scopes[si].depth;
            let Some(cons) = pack.elements.get(self.scopes[si].decl as usize).map(|e| &e.identity) else { continue };
            for (ci, con) in cons.iter().enumerate() {
                if !con.selector.iter().any(|p| self.selects(p, sd, d)) {
                    continue;
                }
                self.targets.push(Target { scope: si, con: ci, depth: d, node: self.nodes, pos: tag.pos, path: path.to_string(), fields: vec![Field::default(); con.fields.len()] });
                let ti = self.targets.len() - 1;
                for (fi, alts) in con.fields.iter().enumerate() {
                    self.match_field(pack, ti, fi, alts, d, d, ty, tag, scope, out);
                }
            }
        }
    }

    fn constraint<'p>(&self, pack: &'p Pack, scope: usize, con: usize) -> Option<&'p IdentityConstraint> {
        pack.elements.get(self.scopes.get(scope)?.decl as usize)?.identity.get(con)
    }

    #[allow(clippy::too_many_arguments)]
    fn match_field(&mut self, pack: &Pack, ti: usize, fi: usize, alts: &[IdcPath], td: usize, d: usize, ty: Option<TypeRef>, tag: &StartTag<'_, '_>, scope: &NsScope, out: &mut Vec<IdcProblem>) {
        let mut element = false;
        let mut attrs: Vec<usize> = Vec::new();
        for p in alts {
            if !self.selects(p, td, d) {
                continue;
            }
            match &p.attr {
                None => element = true,
                Some(test) => {
                    for (i, a) in tag.attrs.iter().enumerate() {
                        let ns = if a.prefix.is_empty() { "" } else { scope.resolve(a.prefix).unwrap_or("") };
                        if test.matches(ns, a.local) && !attrs.contains(&i) {
                            attrs.push(i);
                        }
                    }
                }
            }
        }
        if element {
            self.captures.push(Capture { depth: d, target: ti, field: fi });
        }
        for i in attrs {
            let a = &tag.attrs[i];
            let ns = if a.prefix.is_empty() { "" } else { scope.resolve(a.prefix).unwrap_or("") };
            let aty = match ty {
                Some(TypeRef::Complex(c)) => pack.complex_types.get(c as usize).and_then(|ct| {
                    ct.attrs.iter().find(|u| pack.names.get(u.name as usize).is_some_and(|n| n.1 == a.local && n.0 == ns)).map(|u| u.ty)
                }),
                _ => None,
            };
            let v = key_value(pack, aty, &a.value);
            self.set_field(pack, ti, fi, Some(v), a.pos(), out);
        }
    }

    fn set_field(&mut self, pack: &Pack, ti: usize, fi: usize, value: Option<(KeyValue, String)>, pos: Position, out: &mut Vec<IdcProblem>) {
        let t = &mut self.targets[ti];
        let f = &mut t.fields[fi];
        f.count += 1;
        match value {
            Some((v, shown)) if f.count == 1 => {
                f.value = Some(v);
                f.shown = shown;
            }
            Some(_) => {
                f.bad = true;
                if f.count == 2 {
                    let (si, ci, path) = (t.scope, t.con, t.path.clone());
                    if let Some(con) = self.constraint(pack, si, ci) {
                        let (kru, ken) = kind_names(con.kind);
                        let name = local_of(&con.name);
                        let shown = show_field(&con.fields[fi]);
                        out.push(IdcProblem {
                            code: codes::XSD_KEY_FIELD,
                            path,
                            pos,
                            ru: format!("Поле {shown} ограничения {kru} {name} выбирает более одного узла"),
                            en: format!("Field {shown} of {ken} constraint '{name}' selects more than one node"),
                        });
                    }
                }
            }
            None => f.bad = true,
        }
    }

    /// The current element ends. `ty` is its type, `text` its character data
    /// (collected by the checker for simple-valued elements).
    pub fn end(&mut self, pack: &Pack, ty: Option<TypeRef>, text: &str, out: &mut Vec<IdcProblem>) {
        self.depth = self.depth.saturating_sub(1);
        let d = self.depth;
        if self.scopes.is_empty() {
            return;
        }
        while self.captures.last().is_some_and(|c| c.depth == d) {
            let Some(c) = self.captures.pop() else { break };
            let tpos = self.targets[c.target].pos;
            match element_value_type(pack, ty) {
                Ok(Some(s)) => {
                    let v = key_value(pack, Some(s), text);
                    self.set_field(pack, c.target, c.field, Some(v), tpos, out);
                }
                Ok(None) => self.set_field(pack, c.target, c.field, None, tpos, out),
                Err(()) => {
                    let first = self.targets[c.target].fields[c.field].count == 0;
                    self.set_field(pack, c.target, c.field, None, tpos, out);
                    let t = &self.targets[c.target];
                    if let Some(con) = self.constraint(pack, t.scope, t.con).filter(|_| first) {
                        let (kru, ken) = kind_names(con.kind);
                        let name = local_of(&con.name);
                        let shown = show_field(&con.fields[c.field]);
                        out.push(IdcProblem {
                            code: codes::XSD_KEY_FIELD,
                            path: t.path.clone(),
                            pos: t.pos,
                            ru: format!("Поле {shown} ограничения {kru} {name} указывает на элемент без простого значения"),
                            en: format!("Field {shown} of {ken} constraint '{name}' selects an element without a simple value"),
                        });
                    }
                }
            }
        }
        while self.targets.last().is_some_and(|t| t.depth == d) {
            if let Some(t) = self.targets.pop() {
                self.finish_target(pack, t, out);
            }
        }
        if self.scopes.last().is_some_and(|s| s.depth == d) {
            if let Some(s) = self.scopes.pop() {
                self.finish_scope(pack, s, out);
            }
        }
        self.names.pop();
        if self.scopes.is_empty() {
            self.names.clear();
            self.name_buf.clear();
        } else {
            let end = self.names.last().map_or(0, |n| n.2);
            self.name_buf.truncate(end);
        }
    }

    fn finish_target(&mut self, pack: &Pack, t: Target, out: &mut Vec<IdcProblem>) {
        let Some(con) = self.constraint(pack, t.scope, t.con) else { return };
        if t.fields.iter().any(|f| f.bad) {
            return;
        }
        let name = local_of(&con.name);
        if let Some(missing) = t.fields.iter().position(|f| f.value.is_none()) {
            if con.kind == IdcKind::Key {
                let shown = show_field(&con.fields[missing]);
                out.push(IdcProblem {
                    code: codes::XSD_KEY_MISSING_FIELD,
                    path: t.path,
                    pos: t.pos,
                    ru: format!("Для ключа {name} не найдено значение поля {shown}"),
                    en: format!("Key '{name}': field {shown} is missing"),
                });
            }
            return;
        }
        let shown = show_seq(&t.fields);
        let seq: KeySeq = t.fields.into_iter().filter_map(|f| f.value).collect();
        let kind = con.kind;
        let scope = &mut self.scopes[t.scope];
        if kind == IdcKind::KeyRef {
            scope.refs[t.con].push(PendingRef { seq, shown, pos: t.pos, path: t.path });
            return;
        }
        match scope.tables[t.con].get(&seq) {
            Some(first) if first.node != t.node => {
                let (kru, ken) = kind_names(kind);
                let line = first.line;
                out.push(IdcProblem {
                    code: codes::XSD_UNIQUE,
                    path: t.path,
                    pos: t.pos,
                    ru: format!("Повторяющееся значение {shown} ограничения {kru} {name} (впервые в строке {line})"),
                    en: format!("Duplicate key-sequence {shown} of {ken} constraint '{name}' (first on line {line})"),
                });
            }
            Some(_) => {}
            None => {
                scope.tables[t.con].insert(seq, Entry { node: t.node, line: t.pos.line, ambiguous: false });
            }
        }
    }

    fn finish_scope(&mut self, pack: &Pack, mut s: Scope, out: &mut Vec<IdcProblem>) {
        let Some(cons) = pack.elements.get(s.decl as usize).map(|e| &e.identity) else { return };
        for (ci, con) in cons.iter().enumerate() {
            if con.kind != IdcKind::KeyRef {
                continue;
            }
            let refer = con.refer.as_deref().unwrap_or("");
            let own = cons.iter().position(|c| c.name == refer && c.kind != IdcKind::KeyRef).map(|i| &s.tables[i]);
            let inherited = s.inherited.get(refer);
            for r in std::mem::take(&mut s.refs[ci]) {
                let found = own.and_then(|t| t.get(&r.seq)).or_else(|| inherited.and_then(|t| t.get(&r.seq)));
                let (name, key) = (local_of(&con.name), local_of(refer));
                let shown = &r.shown;
                match found {
                    Some(e) if e.ambiguous => out.push(IdcProblem {
                        code: codes::XSD_KEYREF,
                        path: r.path,
                        pos: r.pos,
                        ru: format!("Значению {shown} ссылки {name} соответствует более одного значения ключа {key}"),
                        en: format!("More than one match for key-sequence {shown} of keyref '{name}' in '{key}'"),
                    }),
                    Some(_) => {}
                    None => out.push(IdcProblem {
                        code: codes::XSD_KEYREF,
                        path: r.path,
                        pos: r.pos,
                        ru: format!("Значение {shown} ссылки {name} не найдено среди значений ключа {key}"),
                        en: format!("No match for key-sequence {shown} of keyref '{name}' in '{key}'"),
                    }),
                }
            }
        }
        // Propagate key tables to the nearest open ancestor scope that needs them.
        let mut tables: HashMap<String, Table> = std::mem::take(&mut s.inherited);
        for (ci, con) in cons.iter().enumerate() {
            if con.kind == IdcKind::KeyRef {
                continue;
            }
            let own = std::mem::take(&mut s.tables[ci]);
            let merged = tables.entry(con.name.clone()).or_default();
            merged.retain(|k, _| !own.contains_key(k));
            merged.extend(own);
        }
        for (name, table) in tables {
            let needed = self.scopes.iter().any(|a| {
                pack.elements.get(a.decl as usize).is_some_and(|e| e.identity.iter().any(|c| c.kind == IdcKind::KeyRef && c.refer.as_deref() == Some(name.as_str())))
            });
            if !needed {
                continue;
            }
            let Some(target) = self.scopes.iter_mut().rev().find(|a| {
                pack.elements.get(a.decl as usize).is_some_and(|e| e.identity.iter().any(|c| c.name == name || c.refer.as_deref() == Some(name.as_str())))
            }) else {
                continue;
            };
            let into = target.inherited.entry(name).or_default();
            for (k, e) in table {
                match into.get_mut(&k) {
                    Some(x) if x.node != e.node => x.ambiguous = true,
                    Some(_) => {}
                    None => {
                        into.insert(k, e);
                    }
                }
            }
        }
    }
}
