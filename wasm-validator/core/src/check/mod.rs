//! Checking documents: one streaming pass validates the document against the
//! selected form's compiled XSD (content automata, attributes, simple types),
//! applies identifier checksums by type name, feeds the streaming Schematron
//! evaluator (rules run as their context elements close), and finally adds the
//! Schematron findings and file-level checks.

use podpis_schematron::{DocumentBuilder, Env, FindingKind, RuleSet, StreamEvaluator};

use crate::content_model::{CountProblem, Counter, Label};
use crate::identity::{IdcProblem, IdentityChecker};
use crate::form_identity::{identify_document, root_line, select_form};
use crate::pack::{Content, Pack, PackError, TypeRef};
use crate::report::{codes, describe_problem, Finding, Lang, Report, Severity};
use crate::simple_types::{IdKind, RegexTable, SimpleType};
mod document_pass;
mod value_memo;

use document_pass::Checker;
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
    regexes: Vec<crate::pattern::Pattern>,
    /// Per form, compiled on first use: a check compiles the rules of its own
    /// form only (XPath parsing of every form of a pack is most of a load).
    rules: Vec<std::sync::OnceLock<RuleSet>>,
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
                crate::pattern::Pattern::compile(r).map_err(|e| PackError::Regex { index, message: e.to_string() })?,
            );
        }
        let rules = pack.forms.iter().map(|_| std::sync::OnceLock::new()).collect();
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
        // Root, namespace, version and КНД from the head only: cheap.
        let id = identify_document(head);
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
        let rules = if opts.schematron {
            self.rules.get(form_idx).map(|r| r.get_or_init(|| RuleSet::compile(form.rules.iter().cloned())))
        } else {
            None
        };
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
            memo: Default::default(),
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
