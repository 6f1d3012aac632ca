//! Instance generator: produces a schema-valid report of a requested size from a
//! compiled form (for tests and benchmarks). Values satisfy facets and patterns
//! (strings are generated from the pattern's regex), identifiers get valid
//! checksums, and one repeating element (e.g. persons of an РСВ, lines of an УПД)
//! is emitted `size` times.

use std::collections::HashMap;

use crate::content_model::{CounterAct, Label};
use crate::pack::{Content, Pack, TypeRef};
use crate::simple_types::{Builtin, IdKind, RegexTable, SimpleType};

/// Generator settings.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Form index in the pack.
    pub form: usize,
    /// How many times to repeat the repeating element.
    pub size: usize,
    /// Local name of the element to repeat (default: chosen per form).
    pub repeat: Option<String>,
    /// Emit optional attributes too.
    pub optional_attributes: bool,
}

/// Errors of the generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenError {
    /// No such form.
    #[error("form {0} not found in the pack")]
    NoForm(String),
}

/// Picks a sensible element to repeat for well-known forms.
pub fn default_repeat(form_name: &str) -> Option<&'static str> {
    if form_name.contains("RASCHSV") {
        Some("ПерсСвСтрахЛиц")
    } else if form_name.contains("NSCHFDOP") {
        Some("СведТов")
    } else if form_name.contains("NDFL6") {
        Some("СведДох")
    } else {
        None
    }
}

struct Regexes {
    rx: Vec<crate::pattern::Pattern>,
}

impl RegexTable for Regexes {
    fn is_match(&self, idx: u32, value: &str) -> bool {
        self.rx.get(idx as usize).is_none_or(|r| r.is_match(value))
    }
}

struct Gen<'p> {
    pack: &'p Pack,
    rx: Regexes,
    values: HashMap<u32, String>,
    out: String,
    opts: GenOptions,
    repeat_name: Option<String>,
    prefixes: Vec<String>,
    id_counter: u64,
    file_id: Option<String>,
}

fn id_sample(kind: IdKind) -> &'static str {
    match kind {
        IdKind::InnUl | IdKind::Inn => "7707083893",
        IdKind::InnFl => "540309840220",
        IdKind::Ogrn => "1027700132195",
        IdKind::Ogrnip => "304500116000157",
        IdKind::Snils => "112-233-445 95",
        IdKind::Kpp => "770101001",
    }
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

impl Gen<'_> {
    fn candidates(&self, st: &SimpleType) -> Vec<String> {
        let f = &st.facets;
        let mut c = Vec::new();
        if let Some(k) = st.id_kind {
            c.push(id_sample(k).to_string());
        }
        if let Some(e) = &f.enumeration {
            c.extend(e.iter().take(3).cloned());
        }
        if let Some(&last) = f.patterns.last() {
            if let Some(src) = self.pack.regexes.get(last as usize) {
                if let Some(first) = src.first() {
                    for extra in [0, 1, 2, 3, 5, 9, 20] {
                        c.extend(crate::pattern::sample::sample(first, extra));
                    }
                }
            }
        }
        let len = f.length.or(f.min_length).unwrap_or(1).max(1);
        match st.builtin {
            Builtin::Integer | Builtin::Decimal => {
                if let Some(m) = f.min_inclusive.as_ref() {
                    c.push(m.clone());
                }
                if let Some(m) = f.max_inclusive.as_ref() {
                    c.push(m.clone());
                }
                c.extend(["1", "0", "10", "100"].map(String::from));
                if let Some(m) = &f.min_exclusive {
                    if let Ok(v) = m.parse::<i64>() {
                        c.push((v + 1).to_string());
                    }
                }
            }
            Builtin::Date => c.push("2024-01-01".into()),
            Builtin::DateTime => c.push("2024-01-01T12:00:00".into()),
            Builtin::Time => c.push("12:00:00".into()),
            Builtin::GYear => c.push("2024".into()),
            Builtin::Boolean => c.push("true".into()),
            _ => {
                let base = "Тестовое значение ";
                let mut s: String = base.chars().cycle().take(len.max(4)).collect();
                if let Some(max) = f.max_length.or(f.length) {
                    s = s.chars().take(max).collect();
                }
                c.push(s.trim_end().to_string());
                c.push("1".repeat(len));
                c.push("А".repeat(len));
            }
        }
        c
    }

    fn value(&mut self, ty: u32) -> String {
        if self.pack.simple_types.get(ty as usize).is_some_and(|t| t.builtin == Builtin::Id) {
            self.id_counter += 1;
            return format!("id{}", self.id_counter);
        }
        if let Some(v) = self.values.get(&ty) {
            return v.clone();
        }
        let Some(st) = self.pack.simple_types.get(ty as usize) else { return String::new() };
        let mut chosen = String::new();
        for cand in self.candidates(st) {
            if st.check(&cand, &self.pack.simple_types, &self.rx).is_ok() {
                chosen = cand;
                break;
            }
        }
        self.values.insert(ty, chosen.clone());
        chosen
    }

    fn element(&mut self, decl: u32, depth: usize) {
        let pack = self.pack;
        let Some(d) = pack.elements.get(decl as usize) else { return };
        let name = match pack.names.get(d.name as usize) {
            Some((ns, local)) if !ns.is_empty() => match self.prefixes.iter().position(|p| p == ns) {
                Some(i) => format!("n{i}:{local}"),
                None => local.clone(),
            },
            Some((_, local)) => local.clone(),
            None => String::new(),
        };
        self.out.push('<');
        self.out.push_str(&name);
        let fixed_text = d.fixed.clone();
        match d.ty {
            TypeRef::Simple(s) => {
                self.out.push('>');
                let v = fixed_text.unwrap_or_else(|| self.value(s));
                escape_into(&mut self.out, &v);
            }
            TypeRef::Any => self.out.push('>'),
            TypeRef::Complex(c) => {
                let Some(ct) = pack.complex_types.get(c as usize) else { return };
                for a in &ct.attrs {
                    if !a.required && !self.opts.optional_attributes {
                        continue;
                    }
                    let an = pack.names.get(a.name as usize).map(|n| n.1.clone()).unwrap_or_default();
                    let v = match (&self.file_id, depth) {
                        (Some(id), 0) if an == "ИдФайл" && pack.simple_types.get(a.ty as usize).is_some_and(|t| t.check(id, &pack.simple_types, &self.rx).is_ok()) => id.clone(),
                        _ => a.fixed.clone().unwrap_or_else(|| self.value(a.ty)),
                    };
                    self.out.push(' ');
                    self.out.push_str(&an);
                    self.out.push_str("=\"");
                    escape_into(&mut self.out, &v);
                    self.out.push('"');
                }
                match &ct.content {
                    Content::Empty => {
                        self.out.push_str("/>\n");
                        return;
                    }
                    Content::Simple(s) => {
                        self.out.push('>');
                        let v = fixed_text.unwrap_or_else(|| self.value(*s));
                        escape_into(&mut self.out, &v);
                    }
                    Content::All(items, _) => {
                        self.out.push_str(">\n");
                        for it in items.clone() {
                            if it.required || depth < 6 {
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
    }

    /// Walks the automaton: takes optional elements once while shallow, repeats the
    /// repeating element `size` times, and always ends in an accepting state.
    fn children(&mut self, dfa_id: u32, depth: usize) {
        let pack = self.pack;
        let Some(dfa) = pack.dfas.get(dfa_id as usize) else { return };
        let n = dfa.states.len();
        // Distance to acceptance (reverse BFS).
        let mut dist = vec![usize::MAX; n];
        for (i, s) in dfa.states.iter().enumerate() {
            if s.accept {
                dist[i] = 0;
            }
        }
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..n {
                for (_, to) in &dfa.states[i].trans {
                    let d = dist[*to as usize].saturating_add(1);
                    if d < dist[i] {
                        dist[i] = d;
                        changed = true;
                    }
                }
            }
        }
        // How much content is still reachable from each state: taking the transition
        // that keeps the most reachable states follows document order and skips little.
        let reach: Vec<usize> = if n <= 3000 {
            (0..n)
                .map(|s0| {
                    let mut seen = vec![false; n];
                    let mut stack = vec![s0];
                    seen[s0] = true;
                    let mut count = 0;
                    while let Some(x) = stack.pop() {
                        count += 1;
                        for (_, to) in &dfa.states[x].trans {
                            if !seen[*to as usize] {
                                seen[*to as usize] = true;
                                stack.push(*to as usize);
                            }
                        }
                    }
                    count
                })
                .collect()
        } else {
            (0..n).map(|i| n - i).collect()
        };
        let mut state = 0u32;
        let mut visited = vec![false; n];
        let mut steps = 0;
        loop {
            visited[state as usize] = true;
            let st = &dfa.states[state as usize];
            let shallow = depth < 12;
            // Candidate: prefer unvisited states (include optional content) when shallow.
            let next = st
                .trans
                .iter()
                .filter(|(l, to)| matches!(l, Label::Element(..)) && dist[*to as usize] != usize::MAX)
                .filter(|(_, to)| shallow && !visited[*to as usize])
                .max_by_key(|(_, to)| (reach[*to as usize], std::cmp::Reverse(*to)))
                .or_else(|| {
                    if st.accept {
                        None
                    } else {
                        st.trans.iter().filter(|(l, _)| matches!(l, Label::Element(..))).min_by_key(|(_, to)| dist[*to as usize])
                    }
                });
            let Some((Label::Element(name_id, decl), to)) = next.cloned() else { break };
            let is_repeat = self.repeat_name.as_deref().is_some_and(|r| pack.names.get(name_id as usize).is_some_and(|n| n.1 == r));
            // A counted particle (bounds above the expansion limit) starting here
            // must reach its minOccurs and may not pass its maxOccurs.
            let counter = dfa.states[state as usize]
                .acts
                .iter()
                .find_map(|(ti, a)| match a {
                    CounterAct::Start(c) if dfa.states[state as usize].trans.get(*ti as usize).is_some_and(|t| t.1 == to) => dfa.counters.get(*c as usize),
                    _ => None,
                });
            let (min, max) = counter.map_or((1, usize::MAX), |c| (c.min.max(1) as usize, c.max.map_or(usize::MAX, |m| m as usize)));
            let wanted = if is_repeat { self.opts.size.max(min) } else { min };
            self.element(decl, depth + 1);
            state = to;
            for _ in 1..wanted.min(max) {
                let again = dfa.states[state as usize].trans.iter().find(|(l, _)| matches!(l, Label::Element(n2, _) if *n2 == name_id)).cloned();
                match again {
                    Some((Label::Element(_, d2), t2)) => {
                        self.element(d2, depth + 1);
                        state = t2;
                    }
                    _ => break,
                }
            }
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
    }
}

/// Sender of generated documents: the INN and KPP the generator uses for
/// organisations (valid checksums), and the tax office codes.
const SENDER_INN_KPP: &str = "7707083893770101001";
const TAX_OFFICE: &str = "7701";
/// Date part of generated file names (`ГГГГММДД`).
const FILE_DATE: &str = "20240101";

/// A GUID (8-4-4-4-12 upper-case hex) derived from the generator settings, so
/// that the same settings give the same file.
fn stable_guid(opts: &GenOptions, form_name: &str) -> String {
    let mut h: [u64; 2] = [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4];
    let key = format!("{form_name}|{}|{:?}|{}", opts.size, opts.repeat, opts.optional_attributes);
    for (i, b) in key.bytes().enumerate() {
        let k = i % 2;
        h[k] = (h[k] ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let hex = format!("{:016X}{:016X}", h[0], h[1]);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The `ИдФайл` that [`generate`] writes for a form whose root has that
/// attribute (FNS forms), following the FNS file-name convention, so that the
/// generated file saved as `ИдФайл + ".xml"` passes the file-name checks:
///
/// * reports and notifications: `R_T_A_K_O_GGGGMMDD_N` — prefix (`NO_RASCHSV`),
///   final recipient and direct recipient tax office codes (`7701_7701`),
///   sender INN+KPP, date, GUID;
/// * electronic documents between parties (`ON_…`, УПД):
///   `R_T_A_O_GGGGMMDD_N` — recipient and sender participant ids.
///
/// `None` when the root element has no `ИдФайл` attribute.
pub fn file_id(pack: &Pack, opts: &GenOptions) -> Option<String> {
    let form = pack.forms.get(opts.form)?;
    let root = pack.elements.get(form.root as usize)?;
    let TypeRef::Complex(c) = root.ty else { return None };
    let has_id = pack.complex_types.get(c as usize)?.attrs.iter().any(|a| pack.names.get(a.name as usize).is_some_and(|n| n.1 == "ИдФайл"));
    if !has_id {
        return None;
    }
    let prefix = crate::form_identity::form_prefix(&form.name);
    if prefix.is_empty() {
        return None;
    }
    let guid = stable_guid(opts, &form.name);
    Some(if prefix.starts_with("ON_") {
        format!("{prefix}_2BM-7707083893-770101001_2BM-540309840220_{FILE_DATE}_{guid}")
    } else {
        format!("{prefix}_{TAX_OFFICE}_{TAX_OFFICE}_{SENDER_INN_KPP}_{FILE_DATE}_{guid}")
    })
}

/// Generates a document for `opts.form`; returns UTF-8 text with an XML declaration
/// naming `encoding` (the caller encodes to windows-1251 for FNS forms).
pub fn generate(pack: &Pack, opts: &GenOptions, encoding: &str) -> Result<String, GenError> {
    let form = pack.forms.get(opts.form).ok_or_else(|| GenError::NoForm(opts.form.to_string()))?;
    let rx = Regexes { rx: pack.regexes.iter().filter_map(|r| crate::pattern::Pattern::compile(r).ok()).collect() };
    let repeat_name = opts.repeat.clone().or_else(|| default_repeat(&form.name).map(str::to_string));
    let mut prefixes: Vec<String> = pack.names.iter().map(|n| n.0.clone()).filter(|n| !n.is_empty()).collect();
    prefixes.sort();
    prefixes.dedup();
    let file_id = file_id(pack, opts);
    let mut g = Gen { pack, rx, values: HashMap::new(), out: String::with_capacity(1 << 20), opts: opts.clone(), repeat_name, prefixes, id_counter: 0, file_id };
    g.out.push_str(&format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n"));
    let root_start = g.out.len();
    g.element(form.root, 0);
    if !g.prefixes.is_empty() {
        // Declare every namespace with a prefix on the root element.
        let close = g.out[root_start..].find(['>', ' ', '/']).map(|i| i + root_start).unwrap_or(g.out.len());
        let decls: String = g.prefixes.iter().enumerate().map(|(i, ns)| format!(" xmlns:n{i}=\"{ns}\"")).collect();
        g.out.insert_str(close, &decls);
    }
    Ok(g.out)
}

/// Encodes generated text for a form: windows-1251 for FNS forms, else UTF-8.
pub fn encode_for_form(pack: &Pack, form: usize, text: &str) -> Vec<u8> {
    if pack.forms.get(form).is_some_and(|f| f.fns) {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        bytes.into_owned()
    } else {
        text.as_bytes().to_vec()
    }
}
