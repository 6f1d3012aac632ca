//! Schematron rules: compilation of [`RuleSource`]s into a [`RuleSet`] and
//! their evaluation on a [`Document`].

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::ast::{Axis, Expr, Function, NameRef, NodeTest, Step};
use crate::document::{Document, NameFilter, NodeId};
use crate::error::XPathError;
use crate::eval::{Ctx, Focus, NODE_BUDGET};
use crate::message::{expand, CompiledPart, MessagePart};
use crate::parser::{parse, NameTable};
use crate::test_program::TestProgram;

/// One `sch:assert` with its rule context, pattern and `usch:error` data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSource {
    /// `sch:pattern/@name`.
    pub pattern_name: String,
    /// `sch:rule/@context` (a bare element name matching anywhere, or a
    /// simple `A/B` path pattern).
    pub context: String,
    /// `sch:assert/@test`.
    pub test: String,
    /// `usch:error/@code` (e.g. `0400400007`).
    pub fns_code: Option<String>,
    /// `usch:error/@path`.
    pub error_path: Option<String>,
    /// Message template (`usch:error` content).
    pub message: Vec<MessagePart>,
}

/// Checking environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Env {
    /// Name of the report file as given by the user (directory and the
    /// `.xml` extension are removed for `usch:getFileName()`).
    pub file_name: Option<String>,
}

impl Env {
    /// The value of `usch:getFileName()`: base name without `.xml`.
    pub fn report_name(&self) -> Option<String> {
        let f = self.file_name.as_deref()?;
        let base = f.rsplit(['/', '\\']).next().unwrap_or(f);
        let lower = base.to_ascii_lowercase();
        Some(if lower.ends_with(".xml") { base[..base.len() - 4].to_owned() } else { base.to_owned() })
    }
}

/// What happened to one assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingKind {
    /// The assertion evaluated to false.
    Failed,
    /// The rule uses syntax or functions this engine does not support; it
    /// was not checked (reported once per check).
    NotChecked(String),
    /// Evaluation failed on this document (reported once per rule).
    EvalError(String),
}

/// One result of [`RuleSet::evaluate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// FNS error code from `usch:error/@code`.
    pub fns_code: Option<String>,
    /// `sch:pattern/@name`.
    pub pattern_name: String,
    /// `sch:rule/@context`.
    pub rule_context: String,
    /// `usch:error/@path`.
    pub error_path: Option<String>,
    /// Path of the context element, e.g. `Файл/Документ/СвНП/НПЮЛ`
    /// (the rule context for `NotChecked`).
    pub element_path: String,
    /// Line of the context element's start tag (0 when not applicable).
    pub line: u32,
    /// Column of the context element's start tag (0 when not applicable).
    pub column: u32,
    /// Message with `usch:value-of` parts expanded.
    pub message_ru: String,
    /// Failed, not checked, or evaluation error.
    pub kind: FindingKind,
}

/// Rules by the document name id of their innermost context name, plus rules
/// with a wildcard context.
pub(crate) struct RuleIndex {
    by_id: Vec<Vec<usize>>,
    wildcard: Vec<usize>,
}

/// Context pattern alternative: names from outermost to innermost
/// (`None` = `*`), anchored at the root when `absolute`.
#[derive(Debug, Clone)]
struct ContextAlt {
    absolute: bool,
    names: Vec<Option<NameRef>>,
}

#[derive(Debug, Clone)]
struct Compiled {
    context: Vec<ContextAlt>,
    test: Expr,
    /// `test` compiled for evaluation.
    program: TestProgram,
    message: Vec<CompiledPart>,
}

#[derive(Debug, Clone)]
struct Rule {
    source: RuleSource,
    compiled: Result<Compiled, String>,
}

/// A compiled set of rules. Serializes as its list of [`RuleSource`]s and
/// re-compiles on load (compilation takes microseconds per rule).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "Vec<RuleSource>", into = "Vec<RuleSource>")]
pub struct RuleSet {
    rules: Vec<Rule>,
    names: NameTable,
    filter: NameFilter,
}

impl From<Vec<RuleSource>> for RuleSet {
    fn from(v: Vec<RuleSource>) -> Self {
        RuleSet::compile(v)
    }
}

impl From<RuleSet> for Vec<RuleSource> {
    fn from(r: RuleSet) -> Self {
        r.rules.into_iter().map(|r| r.source).collect()
    }
}

fn parse_context(src: &str, names: &mut NameTable) -> Result<Vec<ContextAlt>, String> {
    let mut alts = Vec::new();
    for alt in src.split('|') {
        let alt = alt.trim();
        let (absolute, rest) = if let Some(r) = alt.strip_prefix("//") {
            (false, r)
        } else if let Some(r) = alt.strip_prefix('/') {
            (true, r)
        } else {
            (false, alt)
        };
        let mut parts = Vec::new();
        for part in rest.split('/') {
            let part = part.trim();
            let local = part.rsplit(':').next().unwrap_or(part);
            if local == "*" {
                parts.push(None);
            } else if !local.is_empty()
                && local.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                parts.push(Some(names.intern(local)));
            } else {
                return Err(format!("unsupported rule context {src:?}"));
            }
        }
        alts.push(ContextAlt { absolute, names: parts });
    }
    Ok(alts)
}

/// Collects the names an expression can reach; sets `keep_all` when the
/// expression can observe nodes it does not name.
fn collect_names(e: &Expr, table: &NameTable, f: &mut NameFilter) {
    let steps_of = |steps: &[Step], f: &mut NameFilter| {
        for (i, s) in steps.iter().enumerate() {
            match s.test {
                NodeTest::Name(r) => {
                    let n = table.names().get(r as usize).cloned().unwrap_or_default();
                    if s.axis == Axis::Attribute {
                        f.attributes.insert(n);
                    } else {
                        f.elements.insert(n);
                    }
                }
                NodeTest::Any => f.keep_all = true,
                NodeTest::Text => f.keep_all = true,
                NodeTest::Node => {
                    let last = i + 1 == steps.len();
                    match s.axis {
                        Axis::SelfAxis | Axis::Parent | Axis::Ancestor | Axis::AncestorOrSelf => {}
                        Axis::DescendantOrSelf if !last => {}
                        _ => f.keep_all = true,
                    }
                }
            }
            for p in &s.predicates {
                collect_names(p, table, f);
            }
        }
    };
    match e {
        Expr::Or(v) | Expr::And(v) | Expr::Union(v) => v.iter().for_each(|x| collect_names(x, table, f)),
        Expr::Compare(_, a, b) | Expr::Arith(_, a, b) => {
            collect_names(a, table, f);
            collect_names(b, table, f);
        }
        Expr::Neg(a) => collect_names(a, table, f),
        Expr::Literal(_) | Expr::Number(_) => {}
        Expr::Call(func, args) => {
            if matches!(func, Function::Name | Function::LocalName) {
                f.keep_all = true;
            }
            args.iter().for_each(|x| collect_names(x, table, f));
        }
        Expr::Path(p) => steps_of(&p.steps, f),
        Expr::Filter { primary, predicates, steps } => {
            collect_names(primary, table, f);
            predicates.iter().for_each(|x| collect_names(x, table, f));
            steps_of(steps, f);
        }
    }
}

impl RuleSet {
    /// Compiles rules. Rules whose context, test or syntax is unsupported are
    /// kept as not-checked entries with a reason (see [`RuleSet::not_checked`]).
    pub fn compile(sources: impl IntoIterator<Item = RuleSource>) -> RuleSet {
        let mut names = NameTable::default();
        let mut rules = Vec::new();
        for source in sources {
            let compiled = (|| -> Result<Compiled, String> {
                let context = parse_context(&source.context, &mut names)?;
                let test = parse(&source.test, &mut names).map_err(|e: XPathError| e.to_string())?;
                let message = source
                    .message
                    .iter()
                    .map(|p| match p {
                        MessagePart::Text(t) => CompiledPart::Text(t.clone()),
                        MessagePart::ValueOf(x) => match parse(x, &mut names) {
                            Ok(e) => CompiledPart::Value(e),
                            Err(_) => CompiledPart::Broken,
                        },
                    })
                    .collect();
                let program = TestProgram::compile(&test);
                Ok(Compiled { context, test, program, message })
            })();
            rules.push(Rule { source, compiled });
        }
        let mut filter = NameFilter::default();
        for r in &rules {
            if let Ok(c) = &r.compiled {
                for alt in &c.context {
                    for n in &alt.names {
                        match n {
                            Some(id) => {
                                filter.elements.insert(names.names()[*id as usize].clone());
                            }
                            None => filter.keep_all = true,
                        }
                    }
                }
                collect_names(&c.test, &names, &mut filter);
                for p in &c.message {
                    if let CompiledPart::Value(e) = p {
                        collect_names(e, &names, &mut filter);
                    }
                }
            }
        }
        if filter.keep_all {
            filter = NameFilter::keep_all();
        }
        RuleSet { rules, names, filter }
    }

    /// Number of rules (asserts), checked or not.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The sources, in compilation order.
    pub fn sources(&self) -> impl Iterator<Item = &RuleSource> {
        self.rules.iter().map(|r| &r.source)
    }

    /// Rules that will not be checked, with the reason.
    pub fn not_checked(&self) -> impl Iterator<Item = (&RuleSource, &str)> {
        self.rules.iter().filter_map(|r| r.compiled.as_ref().err().map(|e| (&r.source, e.as_str())))
    }

    /// Names a [`crate::DocumentBuilder`] must keep for these rules
    /// (pass to [`crate::DocumentBuilder::with_filter`]).
    pub fn name_filter(&self) -> NameFilter {
        self.filter.clone()
    }

    /// Evaluates every rule on every matching context element.
    ///
    /// Returns one `NotChecked` finding per unsupported rule, one `Failed`
    /// finding per (assert, context element) whose test is false, and at most
    /// one `EvalError` per rule. Findings are in document order.
    pub fn evaluate(&self, doc: &Document, env: &Env) -> Vec<Finding> {
        let mut out = self.not_checked_findings();
        let map = self.doc_names(doc);
        let file = env.report_name();
        let ctx = Ctx { doc, names: &map, file_name: file.as_deref(), budget: Cell::new(NODE_BUDGET) };
        let index = self.index(&map);
        let mut errored = vec![false; self.rules.len()];
        for el in doc.elements() {
            let message = |_: usize, parts: &[CompiledPart], focus: Focus| expand(&ctx, parts, focus);
            self.evaluate_element(&ctx, &index, el, message, |i, msg, kind| {
                let msg = msg.unwrap_or_default();
                if matches!(kind, FindingKind::EvalError(_)) {
                    if errored[i] {
                        return;
                    }
                    errored[i] = true;
                }
                let node = NodeId::Node(el);
                out.push(self.finding_of(i, doc.element_path(node), doc.position(node), msg, kind));
            });
        }
        out
    }

    /// The finding of rule `i` at an element.
    pub(crate) fn finding_of(&self, i: usize, element_path: String, pos: (u32, u32), message_ru: String, kind: FindingKind) -> Finding {
        self.finding(&self.rules[i], element_path, pos, message_ru, kind)
    }

    /// One `NotChecked` finding per unsupported rule.
    pub(crate) fn not_checked_findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for r in &self.rules {
            if let Err(reason) = &r.compiled {
                out.push(self.finding(r, r.source.context.clone(), (0, 0), String::new(), FindingKind::NotChecked(reason.clone())));
            }
        }
        out
    }

    /// Document name id of every rule-set name.
    pub(crate) fn doc_names(&self, doc: &Document) -> Vec<Option<u32>> {
        self.names.names().iter().map(|n| doc.name_id(n)).collect()
    }

    /// The rule-set name table.
    pub(crate) fn name_table(&self) -> &NameTable {
        &self.names
    }

    /// Per checked rule: the innermost name of each context alternative (`None`
    /// for `*`) and the test and message expressions.
    pub(crate) fn checked_rules(&self) -> Vec<(Vec<Option<NameRef>>, Vec<&Expr>)> {
        self.rules
            .iter()
            .filter_map(|r| r.compiled.as_ref().ok())
            .map(|c| {
                let contexts = c.context.iter().map(|alt| alt.names.last().copied().flatten()).collect();
                let mut exprs = vec![&c.test];
                exprs.extend(c.message.iter().filter_map(|p| match p {
                    CompiledPart::Value(e) => Some(e),
                    _ => None,
                }));
                (contexts, exprs)
            })
            .collect()
    }

    /// Rules indexed by the document name id of their innermost context name.
    pub(crate) fn index(&self, map: &[Option<u32>]) -> RuleIndex {
        let mut by_name: HashMap<u32, Vec<usize>> = HashMap::new();
        let mut by_id: Vec<Vec<usize>> = Vec::new();
        let mut wildcard: Vec<usize> = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            let Ok(c) = &r.compiled else { continue };
            let mut wild = false;
            let mut ids = HashSet::new();
            for alt in &c.context {
                match alt.names.last() {
                    Some(Some(n)) => {
                        if let Some(Some(id)) = map.get(*n as usize) {
                            ids.insert(*id);
                        }
                    }
                    _ => wild = true,
                }
            }
            if wild {
                wildcard.push(i);
                continue;
            }
            for id in ids {
                by_name.entry(id).or_default().push(i);
            }
        }
        for (id, list) in by_name {
            let id = id as usize;
            if by_id.len() <= id {
                by_id.resize(id + 1, Vec::new());
            }
            by_id[id] = list;
        }
        RuleIndex { by_id, wildcard }
    }

    /// Whether any rule may have an element with document name id `name` as its
    /// context (elements without rules need no evaluation at all).
    pub(crate) fn has_rules(&self, index: &RuleIndex, name: u32) -> bool {
        !index.wildcard.is_empty() || index.by_id.get(name as usize).is_some_and(|v| !v.is_empty())
    }

    /// Evaluates the rules whose context matches element `el`; calls `out` with
    /// the rule index, message (made by `message`; none for an evaluation
    /// error) and kind of each failure or evaluation error, in rule order.
    pub(crate) fn evaluate_element<M>(
        &self,
        ctx: &Ctx<'_>,
        index: &RuleIndex,
        el: u32,
        mut message: impl FnMut(usize, &[CompiledPart], Focus) -> M,
        mut out: impl FnMut(usize, Option<M>, FindingKind),
    ) {
        let doc = ctx.doc;
        let node = NodeId::Node(el);
        let named = index.by_id.get(doc.node_name(el) as usize).map(Vec::as_slice).unwrap_or(&[]);
        for &i in named.iter().chain(index.wildcard.iter()) {
            let r = &self.rules[i];
            let Ok(c) = &r.compiled else { continue };
            if !c.context.iter().any(|alt| context_matches(doc, ctx.names, el, alt)) {
                continue;
            }
            ctx.budget.set(NODE_BUDGET);
            let focus = Focus::on(node);
            match ctx.run_test(&c.program, focus) {
                Ok(true) => {}
                Ok(false) => {
                    ctx.budget.set(NODE_BUDGET);
                    let msg = message(i, &c.message, focus);
                    out(i, Some(msg), FindingKind::Failed);
                }
                Err(e) => out(i, None, FindingKind::EvalError(e.to_string())),
            }
        }
    }

    fn finding(&self, r: &Rule, element_path: String, pos: (u32, u32), message_ru: String, kind: FindingKind) -> Finding {
        let message_ru = if message_ru.is_empty() { crate::message::template_text(&r.source.message) } else { message_ru };
        Finding {
            fns_code: r.source.fns_code.clone(),
            pattern_name: r.source.pattern_name.clone(),
            rule_context: r.source.context.clone(),
            error_path: r.source.error_path.clone(),
            element_path,
            line: pos.0,
            column: pos.1,
            message_ru,
            kind,
        }
    }
}

fn context_matches(doc: &Document, map: &[Option<u32>], el: u32, alt: &ContextAlt) -> bool {
    let mut cur = Some(el);
    for n in alt.names.iter().rev() {
        let Some(i) = cur else { return false };
        if i == 0 || !doc.is_element(i) {
            return false;
        }
        if let Some(r) = n {
            if map.get(*r as usize).copied().flatten() != Some(doc.node_name(i)) {
                return false;
            }
        }
        cur = doc.parent(NodeId::Node(i));
    }
    !alt.absolute || cur == Some(0)
}
