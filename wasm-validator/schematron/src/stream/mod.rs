//! Streaming evaluation of a [`RuleSet`]: rules are evaluated when their
//! context element closes, and closed subtrees are pruned to what later
//! evaluations can still reach ([`crate::reach`]), so memory is bounded by the
//! largest context subtree plus the (small) parts the rules refer back to — not
//! by the document.
//!
//! Evaluating at the context's close is exact unless an expression reads
//! children, descendants or the text of an element that is still open (e.g.
//! `../../СвСчФакт/…` from a line item: the document element is open). Such
//! reads are recorded as watches; if a later element or text would have been
//! part of a watched read, the results may differ from whole-document
//! evaluation and [`StreamEvaluator::finish`] returns [`Inexact`] — the caller
//! then evaluates the whole document (see `podpis-validator`). Findings come
//! back in the same order as [`RuleSet::evaluate`] (document order).

use std::cell::Cell;

mod prune;

use crate::document::{local_name, to_u32, DocumentBuilder, NodeId, Watch, WatchTest, NONE};
use crate::eval::{Ctx, Focus, NODE_BUDGET};
use crate::message::{CompiledPart, MessageCache};
use crate::reach::{collect, ReachStep, RuleReach};
use crate::rules::{Env, Finding, FindingKind, RuleIndex, RuleSet};

/// Streaming evaluation could not guarantee whole-document results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inexact;

/// Evaluates a [`RuleSet`] on a document fed as start/text/end events.
pub struct StreamEvaluator<'r> {
    rules: &'r RuleSet,
    env: Env,
    inner: Inner,
}

enum Inner {
    /// The reach analysis could not bound the rules: keep the whole (filtered)
    /// document and evaluate at the end.
    Whole(Box<DocumentBuilder>),
    Stream(Box<Streaming>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct State {
    pat: u32,
    step: u32,
    anchor: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Child element with this document name id (`None` = any).
    Child(Option<u32>),
    Deep,
}

struct Pattern {
    steps: Vec<Step>,
    value: bool,
    /// The reached element's attributes may be read.
    attrs: bool,
}

/// A failed assertion, kept small until the report is built.
struct Failure {
    seq: u64,
    order: u32,
    rule: u32,
    path: u32,
    line: u32,
    column: u32,
    /// In [`Streaming::messages`].
    message: u32,
}

struct Frame {
    node: u32,
    seq: u64,
    depth: u32,
    /// Pattern states after this element (anchors above it).
    states: Vec<State>,
    /// This element or an ancestor must keep its whole subtree.
    whole: bool,
    /// A pattern from an open ancestor reaches this element.
    matched: bool,
    /// A pattern from an open ancestor reads this element's attributes.
    attrs: bool,
    arena_start: u32,
    watch_child: Vec<WatchTest>,
    watch_desc: Vec<WatchTest>,
    watch_text: bool,
}

struct Streaming {
    b: DocumentBuilder,
    map: Vec<Option<u32>>,
    index: RuleIndex,
    patterns: Vec<Pattern>,
    /// Per document name id: patterns whose first step is that child name.
    starts_by_name: Vec<Vec<u32>>,
    starts_any: Vec<u32>,
    /// Document name ids whose elements must stay whole while open.
    whole_names: Vec<u32>,
    frames: Vec<Frame>,
    seq: u64,
    /// Failures, compact: most reports repeat a few element paths.
    found: Vec<Failure>,
    paths: Vec<Box<str>>,
    path_ids: std::collections::HashMap<Box<str>, u32>,
    first_error: Vec<Option<(u64, u32, Finding)>>,
    desc_watches: usize,
    inexact: bool,
    /// `usch:getFileName()` (computed once, not per element).
    file_name: Option<Option<String>>,
    /// State vectors of closed frames, reused (no allocation per element).
    spare: Vec<Vec<State>>,
    /// Scratch for [`Streaming::reachable`]: kept flags and the walk's levels.
    keep: Vec<u8>,
    levels: Vec<(u32, Vec<State>)>,
    messages: MessageCache,
    scratch: prune::PruneScratch,
    /// Document name id per caller key ([`StreamEvaluator::start_element_keyed`]); `NONE` = not seen.
    keys: Vec<u32>,
}

impl<'r> StreamEvaluator<'r> {
    /// Prepares streaming evaluation of `rules` (the builder keeps only what
    /// [`RuleSet::name_filter`] says the rules can see).
    pub fn new(rules: &'r RuleSet, env: Env) -> Self {
        let inner = match Streaming::new(rules) {
            Some(s) => Inner::Stream(Box::new(s)),
            None => Inner::Whole(Box::new(DocumentBuilder::with_filter(rules.name_filter()))),
        };
        StreamEvaluator { rules, env, inner }
    }

    /// Whether rules are evaluated as elements close (false: the reach analysis
    /// could not bound the rules and the whole document is kept).
    pub fn is_streaming(&self) -> bool {
        matches!(self.inner, Inner::Stream(_))
    }

    /// An element starts (same arguments as [`DocumentBuilder::start_element`]).
    pub fn start_element<'a>(&mut self, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        self.start_element_keyed(None, name, attrs, line, column);
    }

    /// Like [`StreamEvaluator::start_element`], with the caller's own id for the
    /// element's local name (e.g. its schema declaration): elements with the same
    /// `key` must have the same local name. The name is then looked up once per
    /// key instead of once per element.
    pub fn start_element_keyed<'a>(&mut self, key: Option<u32>, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        match &mut self.inner {
            Inner::Whole(b) => b.start_element(name, attrs, line, column),
            Inner::Stream(s) => s.start(key, name, attrs, line, column),
        }
    }

    /// Character data of the current element.
    pub fn text(&mut self, text: &str) {
        match &mut self.inner {
            Inner::Whole(b) => b.text(text),
            Inner::Stream(s) => s.text(text),
        }
    }

    /// The current element ends: its rules are evaluated and its subtree pruned.
    pub fn end_element(&mut self) {
        match &mut self.inner {
            Inner::Whole(b) => b.end_element(),
            Inner::Stream(s) => s.end(self.rules, &self.env),
        }
    }

    /// Failures collected so far (to size the report before [`StreamEvaluator::finish_each`]).
    pub fn failure_count(&self) -> usize {
        match &self.inner {
            Inner::Whole(_) => 0,
            Inner::Stream(s) => s.found.len(),
        }
    }

    /// Heap bytes of the retained document model.
    pub fn memory_bytes(&self) -> usize {
        match &self.inner {
            Inner::Whole(b) => b.doc.memory_bytes(),
            Inner::Stream(s) => s.b.doc.memory_bytes(),
        }
    }

    /// Findings in document order, as [`RuleSet::evaluate`] would return them on
    /// the whole document; [`Inexact`] when that cannot be guaranteed.
    pub fn finish(self) -> Result<Vec<Finding>, Inexact> {
        let mut out = Vec::new();
        self.finish_each(|f| out.push(f))?;
        Ok(out)
    }

    /// Like [`StreamEvaluator::finish`], handing the findings over one by one (a
    /// report with many failures is built without holding them twice).
    pub fn finish_each(self, mut each: impl FnMut(Finding)) -> Result<(), Inexact> {
        match self.inner {
            Inner::Whole(b) => {
                self.rules.evaluate(&b.finish(), &self.env).into_iter().for_each(each);
                Ok(())
            }
            Inner::Stream(mut s) => {
                while s.frames.len() > 1 && !s.inexact {
                    s.end(self.rules, &self.env);
                }
                if s.inexact {
                    return Err(Inexact);
                }
                self.rules.not_checked_findings().into_iter().for_each(&mut each);
                let mut errors: Vec<(u64, u32, Finding)> = s.first_error.into_iter().flatten().collect();
                errors.sort_by_key(|(seq, order, _)| (*seq, *order));
                let mut errors = errors.into_iter().peekable();
                let mut found = s.found;
                found.sort_by_key(|f| (f.seq, f.order));
                for f in found {
                    while let Some((_, _, e)) = errors.next_if(|(seq, order, _)| (*seq, *order) < (f.seq, f.order)) {
                        each(e);
                    }
                    let path = s.paths.get(f.path as usize).map(|p| p.to_string()).unwrap_or_default();
                    let message = s.messages.text(f.message).to_owned();
                    each(self.rules.finding_of(f.rule as usize, path, (f.line, f.column), message, FindingKind::Failed));
                }
                errors.for_each(|(_, _, e)| each(e));
                Ok(())
            }
        }
    }
}

fn test_matches(t: WatchTest, name: u32) -> bool {
    match t {
        WatchTest::Name(n) => n == name,
        WatchTest::Element | WatchTest::Any => true,
    }
}

impl Streaming {
    fn new(rules: &RuleSet) -> Option<Streaming> {
        let names = rules.name_table().names().to_vec();
        let b = DocumentBuilder::streaming(rules.name_filter(), &names);
        let map = rules.doc_names(&b.doc);
        let index = rules.index(&map);
        let mut reach = Vec::new();
        let mut whole_names = Vec::new();
        for (contexts, exprs) in rules.checked_rules() {
            let mut r = RuleReach::default();
            for e in exprs {
                collect(e, &mut r).ok()?;
            }
            if r.context_whole {
                for c in contexts {
                    // A wildcard context would keep everything whole.
                    let id = c.as_ref().copied()?;
                    whole_names.push(map.get(id as usize).copied().flatten()?);
                }
            }
            for p in r.patterns {
                if !reach.contains(&p) {
                    reach.push(p);
                }
            }
        }
        let mut patterns = Vec::new();
        let mut starts_by_name: Vec<Vec<u32>> = Vec::new();
        let mut starts_any = Vec::new();
        for r in reach {
            let steps: Vec<Step> = r
                .steps
                .iter()
                .map(|s| match s {
                    ReachStep::Child(Some(n)) => Step::Child(Some(map.get(*n as usize).copied().flatten().unwrap_or(NONE))),
                    ReachStep::Child(None) => Step::Child(None),
                    ReachStep::Deep | ReachStep::Up => Step::Deep,
                })
                .collect();
            let id = to_u32(patterns.len());
            match steps.first() {
                Some(Step::Child(Some(n))) => {
                    let n = *n as usize;
                    if n != NONE as usize {
                        if starts_by_name.len() <= n {
                            starts_by_name.resize(n + 1, Vec::new());
                        }
                        starts_by_name[n].push(id);
                    }
                }
                Some(Step::Child(None)) => starts_any.push(id),
                _ => {}
            }
            patterns.push(Pattern { steps, value: r.value, attrs: r.attrs });
        }
        // Patterns starting with "any depth" may start at any open element: seed
        // them at the document node, they persist downwards.
        let root_states: Vec<State> = patterns
            .iter()
            .enumerate()
            .filter(|(_, p)| p.steps.first() == Some(&Step::Deep))
            .map(|(i, _)| State { pat: to_u32(i), step: 0, anchor: 0 })
            .collect();
        let root = Frame {
            node: 0,
            seq: 0,
            depth: 0,
            states: root_states,
            whole: false,
            matched: false,
            attrs: false,
            arena_start: 0,
            watch_child: Vec::new(),
            watch_desc: Vec::new(),
            watch_text: false,
        };
        let n_rules = rules.len();
        Some(Streaming {
            b,
            map,
            index,
            patterns,
            starts_by_name,
            starts_any,
            whole_names,
            frames: vec![root],
            seq: 0,
            found: Vec::new(),
            paths: Vec::new(),
            path_ids: Default::default(),
            first_error: vec![None; n_rules],
            desc_watches: 0,
            inexact: false,
            file_name: None,
            spare: Vec::new(),
            keep: Vec::new(),
            levels: Vec::new(),
            messages: MessageCache::default(),
            scratch: Default::default(),
            keys: Vec::new(),
        })
    }

    /// States of a child named `name` of an element with `parent` states;
    /// `fresh` = depth of that element when patterns may also start there.
    /// Appends the states to `out`; returns whether a pattern reaches the
    /// element, reads its whole subtree, reads its attributes.
    fn advance(&self, parent: &[State], fresh: Option<u32>, name: u32, out: &mut Vec<State>) -> (bool, bool, bool) {
        let mut matched = false;
        let mut whole = false;
        let mut attrs = false;
        let mut consume = |pat: u32, next: u32, anchor: u32, out: &mut Vec<State>| {
            matched = true;
            let p = &self.patterns[pat as usize];
            if next as usize >= p.steps.len() {
                whole |= p.value;
                attrs |= p.attrs;
            } else {
                out.push(State { pat, step: next, anchor });
            }
        };
        for s in parent {
            let steps = &self.patterns[s.pat as usize].steps;
            match steps[s.step as usize] {
                Step::Deep => {
                    out.push(*s);
                    match steps.get(s.step as usize + 1) {
                        Some(Step::Child(t)) => {
                            if t.is_none_or(|t| t == name) {
                                consume(s.pat, s.step + 2, s.anchor, out);
                            }
                        }
                        Some(Step::Deep) => {}
                        // "Any depth" at the end reaches everything below.
                        None => consume(s.pat, s.step + 1, s.anchor, out),
                    }
                }
                Step::Child(t) => {
                    if t.is_none_or(|t| t == name) {
                        consume(s.pat, s.step + 1, s.anchor, out);
                    }
                }
            }
        }
        if let Some(depth) = fresh {
            let named = self.starts_by_name.get(name as usize).map(Vec::as_slice).unwrap_or(&[]);
            for &p in named.iter().chain(self.starts_any.iter()) {
                consume(p, 1, depth, out);
            }
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        (matched, whole, attrs)
    }

    /// Document name id of an element's local name, via the caller's key when given.
    fn element_name_id(&mut self, key: Option<u32>, name: &str) -> Option<u32> {
        let k = key? as usize;
        if let Some(&id) = self.keys.get(k) {
            if id != NONE {
                return Some(id);
            }
        }
        let id = self.b.intern(local_name(name));
        if self.keys.len() <= k {
            self.keys.resize(k + 1, NONE);
        }
        self.keys[k] = id;
        Some(id)
    }

    fn start<'a>(&mut self, key: Option<u32>, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        if self.inexact {
            return;
        }
        let arena_start = to_u32(self.b.doc.arena.len());
        match self.element_name_id(key, name) {
            Some(id) => self.b.start_named(id, attrs, line, column),
            None => self.b.start_element(name, attrs, line, column),
        }
        let node = *self.b.stack.last().unwrap_or(&0);
        let name_id = self.b.doc.nodes[node as usize].name;
        // A watched read of an open ancestor would have seen this element.
        let parent = self.frames.last().expect("document frame");
        if parent.watch_child.iter().any(|t| test_matches(*t, name_id))
            || (self.desc_watches > 0 && self.frames.iter().any(|f| f.watch_desc.iter().any(|t| test_matches(*t, name_id))))
        {
            self.inexact = true;
            return;
        }
        let mut states = self.spare.pop().unwrap_or_default();
        states.clear();
        let (matched, whole, attrs) = self.advance(&parent.states, Some(parent.depth), name_id, &mut states);
        let whole = whole || parent.whole || self.whole_names.contains(&name_id);
        self.seq += 1;
        let depth = parent.depth + 1;
        self.frames.push(Frame {
            node,
            seq: self.seq,
            depth,
            states,
            whole,
            matched,
            attrs,
            arena_start,
            watch_child: Vec::new(),
            watch_desc: Vec::new(),
            watch_text: false,
        });
    }

    fn text(&mut self, text: &str) {
        if self.inexact || !self.b.keeps_text(text) {
            return;
        }
        if self.frames.iter().any(|f| f.watch_text) {
            self.inexact = true;
            return;
        }
        // Text is read only as part of a string-value, i.e. inside a subtree kept
        // whole; any other text is dropped when its element closes (before that,
        // no rule can read it: reads of an open element's content are watched).
        if !self.frames.last().is_some_and(|f| f.whole) {
            return;
        }
        self.b.text(text);
    }

    fn end(&mut self, rules: &RuleSet, env: &Env) {
        if self.inexact || self.frames.len() <= 1 {
            return;
        }
        let frame = self.frames.pop().expect("element frame");
        let len_before = self.b.doc.nodes.len();
        self.b.end_element();
        if self.b.doc.nodes.len() < len_before && frame.node as usize >= self.b.doc.nodes.len() {
            // The builder dropped an empty element the rules cannot see.
            self.spare.push(frame.states);
            return;
        }
        if rules.has_rules(&self.index, self.b.doc.nodes[frame.node as usize].name) {
            self.evaluate(rules, env, &frame);
        }
        if self.desc_watches > 0 {
            // The closed frame's watches go away with it.
            self.desc_watches = self.frames.iter().map(|f| f.watch_desc.len()).sum();
        }
        if !frame.whole {
            self.prune(&frame);
        }
        self.spare.push(frame.states);
    }

    fn evaluate(&mut self, rules: &RuleSet, env: &Env, frame: &Frame) {
        let file = self.file_name.get_or_insert_with(|| env.report_name());
        let doc = &self.b.doc;
        let ctx = Ctx { doc, names: &self.map, file_name: file.as_deref(), budget: Cell::new(NODE_BUDGET) };
        let mut order = 0u32;
        let mut failures: Vec<(u32, Option<u32>, FindingKind)> = Vec::new();
        let messages = &mut self.messages;
        let message = |i: usize, parts: &[CompiledPart], focus: Focus| messages.id(&ctx, i, parts, focus);
        rules.evaluate_element(&ctx, &self.index, frame.node, message, |i, msg, kind| {
            order += 1;
            failures.push((to_u32(i), msg, kind));
        });
        if !failures.is_empty() {
            let node = NodeId::Node(frame.node);
            let path = doc.element_path(node);
            let (line, column) = doc.position(node);
            let path_id = match self.path_ids.get(path.as_str()) {
                Some(&id) => id,
                None => {
                    let id = to_u32(self.paths.len());
                    self.paths.push(path.as_str().into());
                    self.path_ids.insert(path.as_str().into(), id);
                    id
                }
            };
            for (order, (i, msg, kind)) in failures.into_iter().enumerate() {
                let order = to_u32(order);
                if matches!(kind, FindingKind::EvalError(_)) {
                    let slot = &mut self.first_error[i as usize];
                    if slot.as_ref().is_none_or(|(seq, _, _)| frame.seq < *seq) {
                        *slot = Some((frame.seq, order, rules.finding_of(i as usize, path.clone(), (line, column), String::new(), kind)));
                    }
                } else {
                    let message = msg.unwrap_or(u32::MAX);
                    self.found.push(Failure { seq: frame.seq, order, rule: i, path: path_id, line, column, message });
                }
            }
        }
        let watches: Vec<Watch> = std::mem::take(&mut *self.b.doc.watches.borrow_mut());
        for w in watches {
            let (node, kind) = match w {
                Watch::Child(n, t) => (n, (0, t)),
                Watch::Desc(n, t) => (n, (1, t)),
                Watch::Text(n) => (n, (2, WatchTest::Any)),
            };
            let Some(f) = self.frames.iter_mut().find(|f| f.node == node) else { continue };
            match kind {
                (0, t) if !f.watch_child.contains(&t) => f.watch_child.push(t),
                (1, t) if !f.watch_desc.contains(&t) => {
                    f.watch_desc.push(t);
                    self.desc_watches += 1;
                }
                (2, _) => f.watch_text = true,
                _ => {}
            }
        }
    }
}
