//! Checking documents: one streaming pass validates the document against the
//! selected form's compiled XSD (content automata, attributes, simple types),
//! applies identifier checksums by type name, feeds the streaming Schematron
//! evaluator (rules run as their context elements close), and finally adds the
//! Schematron findings and file-level checks.

use podpis_schematron::{DocumentBuilder, Env, FindingKind, RuleSet, StreamEvaluator};

use crate::content_model::{CountProblem, Counter, Label};
use crate::identity::{IdcProblem, IdentityChecker};
use crate::form_identity::{find_attribute_value, peek_root, root_line, select_form, DocumentIdentity};
use crate::pack::{Content, Pack, PackError, TypeRef};
use crate::report::{codes, describe_problem, Finding, Lang, Report, Severity};
use crate::simple_types::{IdKind, RegexTable, SimpleType};
use crate::xml_reader::{self, DeclaredEncoding, NsScope, Position, StartTag, TextSource, XmlError, XmlHandler};

/// Decoded bytes at the start of a document searched for the form identity
/// (root, `КНД`, `ВерсФорм`, `ИдФайл`).
const IDENTITY_WINDOW: usize = 64 * 1024;

/// Namespace of `xsi:` attributes (skipped by attribute checking).
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Options of one check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The report's file name (for `usch:getFileName()` and file-name checks).
    pub file_name: Option<String>,
    /// Message language.
    pub lang: Lang,
    /// Maximum element nesting depth.
    pub max_depth: usize,
    /// Stop collecting findings after this many (the check still completes).
    pub max_findings: usize,
    /// Evaluate embedded Schematron rules.
    pub schematron: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { file_name: None, lang: Lang::Ru, max_depth: xml_reader::DEFAULT_MAX_DEPTH, max_findings: 10_000, schematron: true }
    }
}

/// A loaded pack with its regular expressions and rule sets compiled, ready to check.
pub struct Validator {
    pack: Pack,
    regexes: Vec<regex::Regex>,
    rules: Vec<RuleSet>,
}

impl RegexTable for Validator {
    fn is_match(&self, idx: u32, value: &str) -> bool {
        self.regexes.get(idx as usize).is_none_or(|r| r.is_match(value))
    }
}

impl Validator {
    /// Prepares a pack for checking.
    pub fn new(pack: Pack) -> Result<Validator, PackError> {
        let mut regexes = Vec::with_capacity(pack.regexes.len());
        for (index, r) in pack.regexes.iter().enumerate() {
            regexes.push(
                crate::regex_translation::compile_anchored(r).map_err(|e| PackError::Regex { index, message: e.to_string() })?,
            );
        }
        let rules = pack.forms.iter().map(|f| RuleSet::compile(f.rules.iter().cloned())).collect();
        Ok(Validator { pack, regexes, rules })
    }

    /// Loads a pack blob and prepares it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Validator, PackError> {
        Validator::new(Pack::from_bytes(bytes)?)
    }

    /// The underlying pack.
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Checks one document given as raw bytes (decoded chunk by chunk while parsing:
    /// the decoded text is never held whole).
    pub fn check(&self, bytes: &[u8], opts: &CheckOptions) -> Report {
        match TextSource::open(bytes) {
            Ok(source) => self.check_source(source, opts, |_| TextSource::open(bytes).ok()),
            Err(e) => Report { findings: vec![xml_error_finding(&e)], ..Default::default() },
        }
    }

    /// Like [`Validator::check`], taking ownership of the bytes.
    pub fn check_owned(&self, bytes: Vec<u8>, opts: &CheckOptions) -> Report {
        self.check(&bytes, opts)
    }

    /// Checks a document read from `input` in chunks: memory stays bounded by the
    /// largest Schematron context subtree, not by the document (see `docs/validator.md`).
    /// In the rare case streaming Schematron evaluation cannot be exact (a rule
    /// looked at an unfinished element that later grew), the input is rewound and
    /// the rules are evaluated on the whole document.
    pub fn check_reader<R: std::io::Read + std::io::Seek>(&self, input: R, opts: &CheckOptions) -> Report {
        let reopen = |s: TextSource<R>| {
            let mut r = s.into_inner();
            r.seek(std::io::SeekFrom::Start(0)).ok()?;
            TextSource::open(r).ok()
        };
        match TextSource::open(input) {
            Ok(source) => self.check_source(source, opts, reopen),
            Err(e) => Report { findings: vec![xml_error_finding(&e)], ..Default::default() },
        }
    }

    /// Checks already decoded text (`encoding` is what the declaration said).
    pub fn check_text(&self, text: &str, encoding: DeclaredEncoding, opts: &CheckOptions) -> Report {
        self.check_source(TextSource::from_text(text, encoding), opts, |_| Some(TextSource::from_text(text, encoding)))
    }

    /// Evaluates `rules` on the whole document read again from `source` (the
    /// fallback when streaming evaluation was not exact).
    fn whole_document_rules<R: std::io::Read>(&self, mut source: TextSource<R>, rules: &RuleSet, env: &Env, opts: &CheckOptions) -> Option<Vec<podpis_schematron::Finding>> {
        struct Feed(DocumentBuilder);
        impl XmlHandler for Feed {
            fn start(&mut self, tag: &StartTag<'_, '_>, _: &NsScope) {
                self.0.start_element(tag.local, tag.attrs.iter().map(|a| (a.local, a.value.as_ref())), tag.pos.line, tag.pos.column);
            }
            fn text(&mut self, text: &str) {
                self.0.text(text);
            }
            fn end(&mut self) {
                self.0.end_element();
            }
        }
        let mut feed = Feed(DocumentBuilder::with_filter(rules.name_filter()));
        xml_reader::read_source(&mut source, &mut feed, opts.max_depth).ok()?;
        Some(rules.evaluate(&feed.0.finish(), env))
    }

    fn check_source<R: std::io::Read>(
        &self,
        mut source: TextSource<R>,
        opts: &CheckOptions,
        reopen: impl FnOnce(TextSource<R>) -> Option<TextSource<R>>,
    ) -> Report {
        let mut report = Report::default();
        let encoding = source.encoding();
        let head = match source.head(IDENTITY_WINDOW) {
            Ok(h) => h,
            Err(e) => return Report { findings: vec![xml_error_finding(&e)], ..Default::default() },
        };
        let mut id = DocumentIdentity { knd: find_attribute_value(head, "КНД").map(str::to_string), ..Default::default() };
        // Root name and version come from the first start tag; read it cheaply.
        if let Some((ns, local, version, id_file)) = peek_root(head) {
            id.root_ns = ns;
            id.root_local = local;
            id.version = version;
            id.id_file = id_file;
        }
        let Some((form_idx, form)) = select_form(&self.pack.forms, &id) else {
            // A DTD (always rejected) can hide the root beyond the identity window.
            if let Some(i) = head.find("<!DOCTYPE") {
                let line = head[..i].matches('\n').count() as u32 + 1;
                report.findings.push(xml_error_finding(&XmlError::DtdNotAllowed { line }));
                return report;
            }
            let ru = format!("Неизвестный формат: корневой элемент {} в пространстве имён \"{}\" (КНД {}) не описан ни одной схемой", id.root_local, id.root_ns, id.knd.as_deref().unwrap_or("-"));
            let en = format!("Unknown format: no schema describes root element {} in namespace \"{}\" (KND {})", id.root_local, id.root_ns, id.knd.as_deref().unwrap_or("-"));
            let line = root_line(head);
            report.findings.push(finding(Severity::Error, codes::FORM_UNKNOWN, id.root_local.clone(), Position { line, column: 1 }, opts.lang.pick(ru, en)));
            return report;
        };
        report.form = Some(form.name.clone());
        report.knd = form.knd.clone();
        let rules = self.rules.get(form_idx);
        let env = Env { file_name: opts.file_name.clone() };
        let builder = match (opts.schematron, rules) {
            (true, Some(r)) if !r.is_empty() => Some(StreamEvaluator::new(r, env.clone())),
            _ => None,
        };
        let mut ck = Checker {
            v: self,
            opts,
            root_decl: form.root,
            frames: Vec::with_capacity(64),
            path: String::with_capacity(256),
            text: String::with_capacity(256),
            findings: Vec::new(),
            truncated: false,
            elements: 0,
            builder,
            root_attrs: Vec::new(),
            ids: Default::default(),
            identity: IdentityChecker::default(),
            identity_problems: Vec::new(),
        };
        let result = xml_reader::read_source(&mut source, &mut ck, opts.max_depth);
        report.elements = ck.elements;
        report.truncated = ck.truncated;
        let root_attrs = std::mem::take(&mut ck.root_attrs);
        let builder = ck.builder.take();
        report.findings = ck.findings;
        if let Err(e) = result {
            report.findings.push(xml_error_finding(&e));
            return report;
        }
        let has_filename_rule = form.rules.iter().any(|r| r.test.contains("getFileName"));
        if let (Some(b), Some(rules)) = (builder, rules) {
            // Rules comparing the file name with ИдФайл (0400400007 in most forms; the
            // code alone is not enough: NO_PERSSVFL uses it for an ОтчетГод rule).
            let file_rules: Vec<(&str, &str)> =
                form.rules.iter().filter(|r| r.test.contains("getFileName")).map(|r| (r.pattern_name.as_str(), r.context.as_str())).collect();
            let mut reread_failed = false;
            report.findings.reserve(b.failure_count());
            let mut add = |f: podpis_schematron::Finding| push_rule_finding(&mut report.findings, f, opts, &file_rules);
            if b.finish_each(&mut add).is_err() {
                // Streaming could not be exact: evaluate on the whole document.
                match reopen(source).and_then(|s| self.whole_document_rules(s, rules, &env, opts)) {
                    Some(found) => found.into_iter().for_each(&mut add),
                    None => reread_failed = true,
                }
            }
            if reread_failed {
                report.findings.push(finding(Severity::Info, codes::SCH_NOT_CHECKED, String::new(), Position::default(),
                    opts.lang.pick("Правила Schematron не проверены: документ не удалось прочитать повторно".into(),
                        "Schematron rules not checked: the document could not be read again".into())));
            }
        }
        if form.fns {
            crate::file_checks::fns_file_checks(&mut report, encoding == DeclaredEncoding::Windows1251, &root_attrs, opts, has_filename_rule && opts.schematron, &form.name);
        }
        report
    }
}

/// Turns a Schematron finding into a report finding.
fn push_rule_finding(out: &mut Vec<Finding>, f: podpis_schematron::Finding, opts: &CheckOptions, file_rules: &[(&str, &str)]) {
    let is_file_rule = file_rules.contains(&(f.pattern_name.as_str(), f.rule_context.as_str()));
    if is_file_rule && opts.file_name.is_none() {
        return;
    }
    let (severity, code) = match &f.kind {
        FindingKind::Failed if is_file_rule => (Severity::Error, codes::FILE_NAME_MISMATCH),
        FindingKind::Failed => (Severity::Error, codes::SCH_ASSERT),
        FindingKind::NotChecked(_) | FindingKind::EvalError(_) => (Severity::Info, codes::SCH_NOT_CHECKED),
    };
    let message = match f.kind {
        FindingKind::Failed => f.message_ru,
        FindingKind::NotChecked(why) | FindingKind::EvalError(why) => opts.lang.pick(
            format!("Правило «{}» не проверено: {why}", f.pattern_name),
            format!("Rule \"{}\" not checked: {why}", f.pattern_name),
        ),
    };
    out.push(Finding { severity, code: code.into(), fns_code: f.fns_code, path: f.element_path, line: f.line, column: f.column, message });
}

fn finding(severity: Severity, code: &str, path: String, pos: Position, message: String) -> Finding {
    Finding { severity, code: code.into(), fns_code: None, path, line: pos.line, column: pos.column, message }
}

fn xml_error_finding(e: &XmlError) -> Finding {
    let (code, line) = match e {
        XmlError::DtdNotAllowed { line } => (codes::XML_DTD, *line),
        XmlError::TooDeep { line, .. } => (codes::XML_TOO_DEEP, *line),
        XmlError::InvalidBytes { line, .. } => (codes::XML_ENCODING, *line),
        XmlError::UnsupportedEncoding(_) => (codes::XML_ENCODING, 0),
        XmlError::NotXml(_) => (codes::XML_MALFORMED, 0),
        XmlError::UndefinedEntity { line, .. } | XmlError::UndeclaredPrefix { line, .. } | XmlError::Malformed { line, .. } => {
            (codes::XML_MALFORMED, *line)
        }
    };
    Finding { severity: Severity::Error, code: code.into(), fns_code: None, path: String::new(), line, column: 0, message: e.to_string() }
}

/// Russian and English description of a violated occurrence bound.
fn describe_count(pack: &Pack, p: &CountProblem) -> (String, String) {
    let name = |c: &Counter| match &c.label {
        Label::Element(n, _) => pack.names.get(*n as usize).map(|x| x.1.clone()).unwrap_or_default(),
        Label::Any(_) => "*".to_string(),
    };
    match p {
        CountProblem::TooMany { counter } => {
            let (n, max) = (name(counter), counter.max.unwrap_or(u32::MAX));
            (format!("элемент {n} допускается не более {max} раз"), format!("element {n} may occur at most {max} times"))
        }
        CountProblem::TooFew { counter, found } => {
            let (n, min) = (name(counter), counter.min);
            (format!("элемент {n} должен повторяться не менее {min} раз (найдено {found})"), format!("element {n} must occur at least {min} times (found {found})"))
        }
    }
}

struct Frame {
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

struct Checker<'v, 'o> {
    v: &'v Validator,
    opts: &'o CheckOptions,
    root_decl: u32,
    frames: Vec<Frame>,
    path: String,
    text: String,
    findings: Vec<Finding>,
    truncated: bool,
    elements: u64,
    builder: Option<StreamEvaluator<'v>>,
    root_attrs: Vec<(String, String, Position)>,
    ids: std::collections::HashSet<String>,
    identity: IdentityChecker,
    identity_problems: Vec<IdcProblem>,
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
    fn check_value(&mut self, ty: u32, value: &str, attr: Option<&str>, pos: Position) {
        let pack = &self.v.pack;
        let Some(st) = pack.simple_types.get(ty as usize) else { return };
        match st.check(value, &pack.simple_types, self.v) {
            Ok(()) => {
                if st.builtin == crate::simple_types::Builtin::Id && !self.ids.insert(value.trim().to_string()) {
                    self.report(codes::XSD_UNIQUE, attr, pos,
                        format!("Значение ID \"{value}\" уже использовано в документе"),
                        format!("ID value \"{value}\" is already used in the document"));
                    return;
                }
                if let Some(kind) = st.id_kind {
                    self.check_id(kind, st, value, attr, pos);
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
                self.report(code, attr, pos, format!("{what_ru}: {ru}"), format!("{what_en}: {en}"));
            }
        }
    }

    fn check_id(&mut self, kind: IdKind, _st: &SimpleType, value: &str, attr: Option<&str>, pos: Position) {
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
                let spaced: String =
                    if v.len() == 14 && v.as_bytes()[11] == b'-' { format!("{} {}", &v[..11], &v[12..]) } else { v.to_string() };
                (ids::check_snils(&spaced), codes::ID_SNILS_CHECKSUM, "СНИЛС", "SNILS")
            }
            IdKind::Kpp => (ids::check_kpp_format(v), codes::ID_KPP_FORMAT, "КПП", "KPP"),
        };
        if let Err(e) = res {
            let (ru_m, en_m) = match e {
                ids::IdError::Checksum => (format!("{ru} {v}: неверное контрольное число"), format!("{en} {v}: wrong check digit(s)")),
                ids::IdError::Format => (format!("{ru} {v}: неверный формат"), format!("{en} {v}: malformed")),
            };
            self.report(code, attr, pos, ru_m, en_m);
        }
    }

    fn check_attributes(&mut self, ty: Option<TypeRef>, tag: &StartTag<'_, '_>, scope: &NsScope) {
        let pack = &self.v.pack;
        let ct = match ty {
            Some(TypeRef::Complex(c)) => pack.complex_types.get(c as usize),
            Some(TypeRef::Any) | None => return,
            Some(TypeRef::Simple(_)) => None,
        };
        let mut seen: u128 = 0;
        for a in tag.attrs {
            let ns = if a.prefix.is_empty() { "" } else { scope.resolve(a.prefix).unwrap_or("") };
            if ns == XSI_NS {
                continue;
            }
            let found = ct.and_then(|ct| {
                ct.attrs.iter().enumerate().find(|(_, u)| pack.names.get(u.name as usize).is_some_and(|n| n.1 == a.local && n.0 == ns))
            });
            match found {
                Some((i, u)) => {
                    if i < 128 {
                        seen |= 1u128 << i;
                    }
                    let (uty, fixed) = (u.ty, u.fixed.clone());
                    if let Some(f) = fixed {
                        if a.value.trim() != f.trim() {
                            self.report(codes::XSD_FIXED, Some(a.local), a.pos,
                                format!("Атрибут {} должен иметь значение \"{f}\", а не \"{}\"", a.local, a.value),
                                format!("Attribute {} must be \"{f}\", not \"{}\"", a.local, a.value));
                            continue;
                        }
                    }
                    self.check_value(uty, &a.value, Some(a.local), a.pos);
                }
                None => {
                    if ct.and_then(|c| c.any_attr.as_ref()).is_some_and(|w| w.allows(ns)) {
                        continue;
                    }
                    self.report(codes::XSD_UNEXPECTED_ATTRIBUTE, Some(a.local), a.pos,
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
                _ => self.check_value(s, v, None, frame.pos),
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
            self.root_attrs = tag.attrs.iter().map(|a| (a.local.to_string(), a.value.to_string(), a.pos)).collect();
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
            b.start_element(tag.local, tag.attrs.iter().map(|a| (a.local, a.value.as_ref())), tag.pos.line, tag.pos.column);
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
            if !mixed && !text.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
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

