//! The streaming pass over one document: the content automata, attributes,
//! simple types, identifier checksums and identity constraints are checked
//! as the reader reports each event, and the Schematron evaluator is fed.

use super::*;
use super::value_memo::{self, ValueMemo};
use podpis_schematron::document::same_name;

/// One open element of the document.
pub(super) struct Frame {
    /// Declared type (None = not validated: lax/skip or after an error).
    ty: Option<TypeRef>,
    decl: Option<u32>,
    state: u32,
    all_seen: u64,
    /// Occurrence counts of counted particles of the content automaton.
    counts: Vec<u32>,
    path_len: usize,
    text_start: usize,
    pos: Position,
}

/// The streaming pass over one document: XSD validation, checksums,
/// identity constraints, and the Schematron evaluator fed as elements close.
pub(super) struct Checker<'v, 'o> {
    pub(super) v: &'v Validator,
    pub(super) opts: &'o CheckOptions,
    pub(super) root_decl: u32,
    pub(super) frames: Vec<Frame>,
    pub(super) path: String,
    pub(super) text: String,
    pub(super) findings: Vec<Finding>,
    pub(super) truncated: bool,
    pub(super) elements: u64,
    pub(super) builder: Option<StreamEvaluator<'v>>,
    pub(super) root_attrs: Vec<(String, String, Position)>,
    pub(super) ids: std::collections::HashSet<String>,
    pub(super) identity: IdentityChecker,
    pub(super) identity_problems: Vec<IdcProblem>,
    /// Values already found valid for their simple type.
    pub(super) memo: ValueMemo,
}

impl Checker<'_, '_> {
    fn report(&mut self, code: &str, path_suffix: Option<&str>, pos: Position, ru: String, en: String) {
        if self.findings.len() >= self.opts.max_findings {
            self.truncated = true;
            return;
        }
        let mut path = self.path.clone();
        if let Some(s) = path_suffix {
            path.push_str("/@");
            path.push_str(s);
        }
        self.findings.push(finding(Severity::Error, code, path, pos, self.opts.lang.pick(ru, en)));
    }

    /// Moves identity-constraint problems into the findings.
    fn flush_identity(&mut self) {
        for p in std::mem::take(&mut self.identity_problems) {
            if self.findings.len() >= self.opts.max_findings {
                self.truncated = true;
                return;
            }
            self.findings.push(finding(Severity::Error, p.code, p.path, p.pos, self.opts.lang.pick(p.ru, p.en)));
        }
    }

    fn expected_names(&self, dfa: u32, state: u32) -> String {
        let pack = &self.v.pack;
        let Some(st) = pack.dfas.get(dfa as usize).and_then(|d| d.states.get(state as usize)) else { return String::new() };
        let mut names: Vec<&str> = st
            .trans
            .iter()
            .map(|(l, _)| match l {
                Label::Element(n, _) => pack.names.get(*n as usize).map(|x| x.1.as_str()).unwrap_or("?"),
                Label::Any(_) => "*",
            })
            .collect();
        names.truncate(12);
        names.join(", ")
    }

    /// Validates a value against a simple type and reports problems and checksums.
    /// `pos` gives the position for a finding (attribute positions are computed
    /// only when something is reported).
    fn check_value(&mut self, ty: u32, value: &str, attr: Option<&str>, pos: impl Fn() -> Position + Copy) {
        let v = self.v;
        let pack = &v.pack;
        let Some(st) = pack.simple_types.get(ty as usize) else { return };
        // A remembered pair passed the type and the identifier checksum before
        // (plain strings are checked directly: cheaper than the lookup).
        let key = if st.is_plain_string() { None } else { value_memo::key(ty, value) };
        if key.as_ref().is_some_and(|k| self.memo.contains(k)) {
            if st.builtin == crate::simple_types::Builtin::Id {
                self.check_id_unique(value, attr, pos);
            }
            return;
        }
        match st.check(value, &pack.simple_types, v) {
            Ok(()) => {
                if st.builtin == crate::simple_types::Builtin::Id && !self.check_id_unique(value, attr, pos) {
                    return;
                }
                let id_ok = match st.id_kind {
                    Some(kind) => self.check_id(kind, st, value, attr, pos),
                    None => true,
                };
                if let (true, Some(k)) = (id_ok, &key) {
                    self.memo.insert(k);
                }
            }
            Err(p) => {
                let what_ru = match attr {
                    Some(a) => format!("Значение атрибута {a} \"{value}\""),
                    None => format!("Значение элемента \"{value}\""),
                };
                let what_en = match attr {
                    Some(a) => format!("Value of attribute {a} \"{value}\""),
                    None => format!("Element value \"{value}\""),
                };
                let (code, ru, en) = describe_problem(&p, st);
                self.report(code, attr, pos(), format!("{what_ru}: {ru}"), format!("{what_en}: {en}"));
            }
        }
    }

    /// Records an xs:ID value; false (and a finding) when it was used before.
    fn check_id_unique(&mut self, value: &str, attr: Option<&str>, pos: impl Fn() -> Position) -> bool {
        if self.ids.insert(value.trim().to_string()) {
            return true;
        }
        self.report(codes::XSD_UNIQUE, attr, pos(),
            format!("Значение ID \"{value}\" уже использовано в документе"),
            format!("ID value \"{value}\" is already used in the document"));
        false
    }

    /// Applies an identifier checksum; false (and a finding) when it fails.
    fn check_id(&mut self, kind: IdKind, _st: &SimpleType, value: &str, attr: Option<&str>, pos: impl Fn() -> Position) -> bool {
        use podpis_schematron::ids;
        let v = value.trim();
        let (res, code, ru, en) = match kind {
            IdKind::InnUl => (ids::check_inn10(v), codes::ID_INN_CHECKSUM, "ИНН", "INN"),
            IdKind::InnFl => (ids::check_inn12(v), codes::ID_INN_CHECKSUM, "ИНН", "INN"),
            IdKind::Inn => (ids::check_inn(v), codes::ID_INN_CHECKSUM, "ИНН", "INN"),
            IdKind::Ogrn => (ids::check_ogrn(v), codes::ID_OGRN_CHECKSUM, "ОГРН", "OGRN"),
            IdKind::Ogrnip => (ids::check_ogrnip(v), codes::ID_OGRNIP_CHECKSUM, "ОГРНИП", "OGRNIP"),
            IdKind::Snils => {
                // СФР also allows XXX-XXX-XXX-CC.
                let spaced: std::borrow::Cow<'_, str> =
                    if v.len() == 14 && v.as_bytes()[11] == b'-' { format!("{} {}", &v[..11], &v[12..]).into() } else { v.into() };
                (ids::check_snils(&spaced), codes::ID_SNILS_CHECKSUM, "СНИЛС", "SNILS")
            }
            IdKind::Kpp => (ids::check_kpp_format(v), codes::ID_KPP_FORMAT, "КПП", "KPP"),
        };
        if let Err(e) = res {
            let (ru_m, en_m) = match e {
                ids::IdError::Checksum => (format!("{ru} {v}: неверное контрольное число"), format!("{en} {v}: wrong check digit(s)")),
                ids::IdError::Format => (format!("{ru} {v}: неверный формат"), format!("{en} {v}: malformed")),
            };
            self.report(code, attr, pos(), ru_m, en_m);
            return false;
        }
        true
    }

    fn check_attributes(&mut self, ty: Option<TypeRef>, tag: &StartTag<'_, '_>, scope: &NsScope) {
        let pack = &self.v.pack;
        let ct = match ty {
            Some(TypeRef::Complex(c)) => pack.complex_types.get(c as usize),
            Some(TypeRef::Any) | None => return,
            Some(TypeRef::Simple(_)) => None,
        };
        let mut seen: u128 = 0;
        // Documents usually list attributes in declaration order: each search
        // starts after the previous match.
        let mut next = 0usize;
        for a in tag.attrs {
            let ns = if a.prefix.is_empty() { "" } else { scope.resolve(a.prefix).unwrap_or("") };
            if ns == XSI_NS {
                continue;
            }
            let found = ct.and_then(|ct| {
                let n = ct.attrs.len();
                (0..n).map(|k| (next + k) % n).find_map(|i| {
                    let u = &ct.attrs[i];
                    pack.names.get(u.name as usize).is_some_and(|n| same_name(n.1.as_bytes(), a.local.as_bytes()) && n.0 == ns).then_some((i, u))
                })
            });
            match found {
                Some((i, u)) => {
                    next = i + 1;
                    if i < 128 {
                        seen |= 1u128 << i;
                    }
                    let (uty, fixed) = (u.ty, u.fixed.clone());
                    if let Some(f) = fixed {
                        if a.value.trim() != f.trim() {
                            self.report(codes::XSD_FIXED, Some(a.local), a.pos(),
                                format!("Атрибут {} должен иметь значение \"{f}\", а не \"{}\"", a.local, a.value),
                                format!("Attribute {} must be \"{f}\", not \"{}\"", a.local, a.value));
                            continue;
                        }
                    }
                    self.check_value(uty, &a.value, Some(a.local), || a.pos());
                }
                None => {
                    if ct.and_then(|c| c.any_attr.as_ref()).is_some_and(|w| w.allows(ns)) {
                        continue;
                    }
                    self.report(codes::XSD_UNEXPECTED_ATTRIBUTE, Some(a.local), a.pos(),
                        format!("Атрибут {} не допускается", a.local), format!("Attribute {} is not allowed", a.local));
                }
            }
        }
        if let Some(ct) = ct {
            for (i, u) in ct.attrs.iter().enumerate() {
                if u.required && (i >= 128 || seen & (1u128 << i) == 0) {
                    let name = pack.names.get(u.name as usize).map(|n| n.1.clone()).unwrap_or_default();
                    self.report(codes::XSD_MISSING_ATTRIBUTE, Some(&name), tag.pos,
                        format!("Отсутствует обязательный атрибут {name}"), format!("Required attribute {name} is missing"));
                }
            }
        }
    }

    /// Determines the declaration of a child element from the parent frame's content model.
    fn child_decl(&mut self, tag: &StartTag<'_, '_>) -> Option<u32> {
        let pack = &self.v.pack;
        let parent = self.frames.last()?;
        let ty = parent.ty?;
        let pty = match ty {
            TypeRef::Complex(c) => pack.complex_types.get(c as usize)?,
            TypeRef::Any => return None,
            TypeRef::Simple(_) => {
                self.report(codes::XSD_UNEXPECTED_ELEMENT, None, tag.pos,
                    format!("Элемент {} не допускается: родитель имеет простое содержимое", tag.local),
                    format!("Element {} is not allowed: the parent has simple content", tag.local));
                return None;
            }
        };
        match &pty.content {
            Content::Elements(d) => {
                let dfa = pack.dfas.get(*d as usize)?;
                let state = parent.state;
                let mut counts = std::mem::take(&mut self.frames.last_mut()?.counts);
                let step = dfa.step_counted(state, tag.ns, tag.local, &pack.names, &mut counts).map(|(s, l, p)| (s, l.clone(), p));
                if let Some(p) = self.frames.last_mut() {
                    p.counts = counts;
                }
                let (to, label) = match step {
                    Some((to, label, problem)) => {
                        if let Some(problem) = problem {
                            let (ru, en) = describe_count(pack, &problem);
                            self.report(codes::XSD_UNEXPECTED_ELEMENT, None, tag.pos,
                                format!("Элемент {} здесь не ожидается: {ru}", tag.local), format!("Element {} is not expected here: {en}", tag.local));
                        }
                        (to, label)
                    }
                    None => {
                        let exp = self.expected_names(*d, state);
                        self.report(codes::XSD_UNEXPECTED_ELEMENT, None, tag.pos,
                            format!("Элемент {} здесь не ожидается. Ожидается: {exp}", tag.local),
                            format!("Element {} is not expected here. Expected: {exp}", tag.local));
                        let (to, l) = dfa.resync(tag.ns, tag.local, &pack.names).map(|(s, l)| (s, l.clone()))?;
                        (to, l)
                    }
                };
                if let Some(p) = self.frames.last_mut() {
                    p.state = to;
                }
                match label {
                    Label::Element(_, decl) => Some(decl),
                    Label::Any(_) => None,
                }
            }
            Content::All(items, _) => {
                let found = items.iter().enumerate().find(|(_, it)| pack.names.get(it.name as usize).is_some_and(|n| n.1 == tag.local && n.0 == tag.ns));
                match found {
                    Some((i, it)) => {
                        let bit = if i < 64 { 1u64 << i } else { 0 };
                        let decl = it.decl;
                        let p = self.frames.last_mut()?;
                        let dup = p.all_seen & bit != 0;
                        p.all_seen |= bit;
                        if dup {
                            self.report(codes::XSD_UNEXPECTED_ELEMENT, None, tag.pos,
                                format!("Элемент {} повторяется", tag.local), format!("Element {} occurs more than once", tag.local));
                        }
                        Some(decl)
                    }
                    None => {
                        self.report(codes::XSD_UNEXPECTED_ELEMENT, None, tag.pos,
                            format!("Элемент {} здесь не допускается", tag.local), format!("Element {} is not allowed here", tag.local));
                        None
                    }
                }
            }
            Content::Empty | Content::Simple(_) => {
                self.report(codes::XSD_UNEXPECTED_ELEMENT, None, tag.pos,
                    format!("Элемент {} не допускается: содержимое должно быть пустым или текстовым", tag.local),
                    format!("Element {} is not allowed: content must be empty or text", tag.local));
                None
            }
        }
    }

    fn end_checks(&mut self, frame: &Frame) {
        let pack = &self.v.pack;
        let Some(ty) = frame.ty else { return };
        let value_ty = match ty {
            TypeRef::Simple(s) => Some(s),
            TypeRef::Any => None,
            TypeRef::Complex(c) => {
                let Some(ct) = pack.complex_types.get(c as usize) else { return };
                match &ct.content {
                    Content::Simple(s) => Some(*s),
                    Content::Elements(d) => {
                        let counted = pack.dfas.get(*d as usize).map(|dfa| dfa.accepts_counted(frame.state, &frame.counts));
                        if let Some(Err(problem)) = &counted {
                            let (ru, en) = describe_count(pack, problem);
                            self.report(codes::XSD_MISSING_ELEMENT, None, frame.pos, format!("Не хватает дочерних элементов: {ru}"), format!("Missing child element(s): {en}"));
                        } else if counted != Some(Ok(true)) {
                            let exp = self.expected_names(*d, frame.state);
                            self.report(codes::XSD_MISSING_ELEMENT, None, frame.pos,
                                format!("Отсутствуют обязательные дочерние элементы. Ожидается: {exp}"),
                                format!("Missing child element(s). Expected: {exp}"));
                        }
                        None
                    }
                    Content::All(items, min) => {
                        if !(frame.all_seen == 0 && *min == 0) {
                            let missing: Vec<String> = items
                                .iter()
                                .enumerate()
                                .filter(|(i, it)| it.required && (*i >= 64 || frame.all_seen & (1u64 << i) == 0))
                                .filter_map(|(_, it)| pack.names.get(it.name as usize).map(|n| n.1.clone()))
                                .collect();
                            if !missing.is_empty() {
                                let m = missing.join(", ");
                                self.report(codes::XSD_MISSING_ELEMENT, None, frame.pos,
                                    format!("Отсутствуют обязательные дочерние элементы: {m}"), format!("Missing child element(s): {m}"));
                            }
                        }
                        None
                    }
                    Content::Empty => None,
                }
            }
        };
        if let Some(s) = value_ty {
            let value = std::mem::take(&mut self.text);
            let v = &value[frame.text_start.min(value.len())..];
            let fixed = frame.decl.and_then(|d| pack.elements.get(d as usize)).and_then(|e| e.fixed.clone());
            match fixed {
                Some(f) if v.trim() != f.trim() => self.report(codes::XSD_FIXED, None, frame.pos,
                    format!("Элемент должен иметь значение \"{f}\""), format!("Element value must be \"{f}\"")),
                _ => self.check_value(s, v, None, || frame.pos),
            }
            self.text = value;
        }
    }

    fn needs_text(&self, ty: Option<TypeRef>) -> bool {
        match ty {
            Some(TypeRef::Simple(_)) => true,
            Some(TypeRef::Complex(c)) => matches!(self.v.pack.complex_types.get(c as usize).map(|c| &c.content), Some(Content::Simple(_))),
            _ => false,
        }
    }
}

impl XmlHandler for Checker<'_, '_> {
    fn start(&mut self, tag: &StartTag<'_, '_>, scope: &NsScope) {
        self.elements += 1;
        let decl = if self.frames.is_empty() {
            let d = self.v.pack.elements.get(self.root_decl as usize);
            let ok = d.and_then(|d| self.v.pack.names.get(d.name as usize)).is_some_and(|n| n.1 == tag.local && n.0 == tag.ns);
            self.root_attrs = tag.attrs.iter().map(|a| (a.local.to_string(), a.value.to_string(), a.pos())).collect();
            if ok {
                Some(self.root_decl)
            } else {
                None
            }
        } else if self.frames.last().is_some_and(|f| f.ty.is_some()) {
            self.child_decl(tag)
        } else {
            None
        };
        let path_len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(tag.local);
        let ty = decl.and_then(|d| self.v.pack.elements.get(d as usize)).map(|d| d.ty);
        self.check_attributes(ty, tag, scope);
        let v = self.v;
        self.identity.start(&v.pack, decl, ty, tag, scope, &self.path, &mut self.identity_problems);
        if !self.identity_problems.is_empty() {
            self.flush_identity();
        }
        if let Some(b) = self.builder.as_mut() {
            // The declaration identifies the local name: no name lookup per element.
            b.start_element_keyed(decl, tag.local, tag.attrs.iter().map(|a| (a.local, a.value.as_ref())), tag.pos.line, tag.pos.column);
        }
        let text_start = self.text.len();
        self.frames.push(Frame { ty, decl, state: 0, all_seen: 0, counts: Vec::new(), path_len, text_start, pos: tag.pos });
    }

    fn text(&mut self, text: &str) {
        if let Some(b) = self.builder.as_mut() {
            b.text(text);
        }
        let Some(top) = self.frames.last() else { return };
        let ty = top.ty;
        if self.needs_text(ty) {
            self.text.push_str(text);
            return;
        }
        if let Some(TypeRef::Complex(c)) = ty {
            let mixed = self.v.pack.complex_types.get(c as usize).is_some_and(|c| c.mixed);
            if !mixed && !text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                let pos = top.pos;
                self.report(codes::XSD_TEXT_NOT_ALLOWED, None, pos,
                    "Текст внутри элемента не допускается (только дочерние элементы)".into(),
                    "Text is not allowed in this element (element-only content)".into());
            }
        }
    }

    fn end(&mut self) {
        if let Some(b) = self.builder.as_mut() {
            b.end_element();
        }
        let Some(frame) = self.frames.pop() else { return };
        // The path still includes this element while reporting end-of-element problems.
        self.end_checks(&frame);
        let v = self.v;
        self.identity.end(&v.pack, frame.ty, self.text.get(frame.text_start..).unwrap_or(""), &mut self.identity_problems);
        if !self.identity_problems.is_empty() {
            self.flush_identity();
        }
        self.text.truncate(frame.text_start.min(self.text.len()));
        self.path.truncate(frame.path_len);
    }
}

