//! Evaluation of compiled expressions against a [`Document`]
//! (XPath 1.0 §2–3 semantics, node-set comparisons per §3.4).

use std::cmp::Ordering;

use crate::ast::{ArithOp, Axis, CmpOp, Expr, NodeTest, Step};
use crate::document::{Document, NodeId, Watch, WatchTest};
use crate::error::EvalError;
use crate::functions;
use crate::value::{str_to_num, Value};

/// Maximum number of node visits for one expression evaluation.
pub const NODE_BUDGET: u64 = 20_000_000;

/// Evaluation context shared by all expressions of one check.
pub(crate) struct Ctx<'d> {
    /// The document.
    pub doc: &'d Document,
    /// Mapping from compiled name references to document name ids.
    pub names: &'d [Option<u32>],
    /// Report file name without directory and `.xml` extension.
    pub file_name: Option<&'d str>,
    /// Remaining node visits.
    pub budget: std::cell::Cell<u64>,
}

/// The XPath context: node, position and size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Focus {
    pub node: NodeId,
    pub pos: usize,
    pub size: usize,
}

impl Focus {
    /// A focus on a single node (position 1 of 1).
    pub fn on(node: NodeId) -> Focus {
        Focus { node, pos: 1, size: 1 }
    }
}

impl Ctx<'_> {
    pub(crate) fn spend(&self, n: u64) -> Result<(), EvalError> {
        let left = self.budget.get();
        if left < n {
            return Err(EvalError::Budget);
        }
        self.budget.set(left - n);
        Ok(())
    }

    /// Evaluates `e` at `f`.
    pub fn eval(&self, e: &Expr, f: Focus) -> Result<Value, EvalError> {
        Ok(match e {
            Expr::Or(items) => {
                for it in items {
                    if self.eval(it, f)?.to_bool() {
                        return Ok(Value::Bool(true));
                    }
                }
                Value::Bool(false)
            }
            Expr::And(items) => {
                for it in items {
                    if !self.eval(it, f)?.to_bool() {
                        return Ok(Value::Bool(false));
                    }
                }
                Value::Bool(true)
            }
            Expr::Compare(op, a, b) => {
                let a = self.eval(a, f)?;
                let b = self.eval(b, f)?;
                Value::Bool(self.compare(*op, &a, &b))
            }
            Expr::Arith(op, a, b) => {
                let x = self.eval(a, f)?.to_num(self.doc);
                let y = self.eval(b, f)?.to_num(self.doc);
                Value::Num(match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x * y,
                    ArithOp::Div => x / y,
                    ArithOp::Mod => x % y,
                })
            }
            Expr::Neg(a) => Value::Num(-self.eval(a, f)?.to_num(self.doc)),
            Expr::Union(items) => {
                let mut all = Vec::new();
                for it in items {
                    match self.eval(it, f)? {
                        Value::Nodes(n) => all.extend(n),
                        other => return Err(EvalError::NotANodeSet(other.type_name())),
                    }
                }
                self.sort_dedup(&mut all);
                Value::Nodes(all)
            }
            Expr::Literal(s) => Value::Str(s.clone()),
            Expr::Number(n) => Value::Num(*n),
            Expr::Call(func, args) => functions::call(self, *func, args, f)?,
            Expr::Path(p) => {
                let start = if p.absolute { NodeId::Node(0) } else { f.node };
                match self.single_node_path(start, &p.steps)? {
                    Some(nodes) => Value::Nodes(nodes),
                    None => Value::Nodes(self.apply_steps(vec![start], &p.steps)?),
                }
            }
            Expr::Filter { primary, predicates, steps } => {
                let mut nodes = match self.eval(primary, f)? {
                    Value::Nodes(n) => n,
                    other => return Err(EvalError::NotANodeSet(other.type_name())),
                };
                for p in predicates {
                    nodes = self.filter(nodes, p)?;
                }
                Value::Nodes(self.apply_steps(nodes, steps)?)
            }
        })
    }

    /// Fast path for the most common FNS paths — `..` steps, `.` and a final
    /// `@name` without predicates (`@КПП`, `../../@Функция`) — which select at
    /// most one node: no intermediate node-sets. `None` when the path has another
    /// shape. Budget and results are those of the general evaluation.
    fn single_node_path(&self, start: NodeId, steps: &[Step]) -> Result<Option<Vec<NodeId>>, EvalError> {
        let doc = self.doc;
        let mut cur = start;
        for (i, s) in steps.iter().enumerate() {
            if !s.predicates.is_empty() {
                return Ok(None);
            }
            match (s.axis, s.test) {
                (Axis::SelfAxis, NodeTest::Node) => {}
                (Axis::Parent, NodeTest::Node) => match doc.parent(cur) {
                    Some(p) => cur = NodeId::Node(p),
                    // Above the document node: nothing is selected.
                    None => return Ok(Some(Vec::new())),
                },
                (Axis::Attribute, NodeTest::Name(r)) if i + 1 == steps.len() => {
                    let NodeId::Node(n) = cur else { return Ok(Some(Vec::new())) };
                    let range = doc.attr_range(n);
                    self.spend(u64::from(range.end - range.start))?;
                    let want = self.names.get(r as usize).copied().flatten();
                    let found = range.into_iter().find(|&a| want == Some(doc.attr_name(a)));
                    return Ok(Some(found.map(NodeId::Attr).into_iter().collect()));
                }
                _ => return Ok(None),
            }
        }
        Ok(Some(vec![cur]))
    }

    fn sort_dedup(&self, v: &mut Vec<NodeId>) {
        v.sort_by_key(|&id| self.doc.order_key(id));
        v.dedup();
    }

    fn apply_steps(&self, mut nodes: Vec<NodeId>, steps: &[Step]) -> Result<Vec<NodeId>, EvalError> {
        let mut i = 0;
        while i < steps.len() {
            let step = &steps[i];
            // `//X` without positional predicates on the first part: use descendant::X.
            if step.axis == Axis::DescendantOrSelf
                && step.test == NodeTest::Node
                && step.predicates.is_empty()
                && i + 1 < steps.len()
                && steps[i + 1].axis == Axis::Child
                && steps[i + 1].predicates.is_empty()
            {
                let fused = Step { axis: Axis::Descendant, test: steps[i + 1].test, predicates: Vec::new() };
                nodes = self.step(&nodes, &fused)?;
                i += 2;
                continue;
            }
            nodes = self.step(&nodes, step)?;
            i += 1;
        }
        Ok(nodes)
    }

    fn step(&self, input: &[NodeId], step: &Step) -> Result<Vec<NodeId>, EvalError> {
        let forward = !matches!(
            step.axis,
            Axis::Parent | Axis::Ancestor | Axis::AncestorOrSelf | Axis::PrecedingSibling
        );
        if let [n] = input {
            let mut found = self.axis_nodes(*n, step.axis, step.test)?;
            for p in &step.predicates {
                found = self.filter(found, p)?;
            }
            if !forward && found.len() > 1 {
                found.reverse();
            }
            return Ok(found);
        }
        let mut out = Vec::new();
        for &n in input {
            let mut found = self.axis_nodes(n, step.axis, step.test)?;
            for p in &step.predicates {
                found = self.filter(found, p)?;
            }
            out.extend(found);
        }
        if input.len() > 1 || !forward {
            self.sort_dedup(&mut out);
        }
        Ok(out)
    }

    /// Applies a predicate to nodes listed in axis order.
    fn filter(&self, nodes: Vec<NodeId>, pred: &Expr) -> Result<Vec<NodeId>, EvalError> {
        let size = nodes.len();
        let mut out = Vec::with_capacity(size);
        for (k, &n) in nodes.iter().enumerate() {
            // Charge the subtree size: a predicate may take the string-value
            // of its context node (`//*[. = 'x']`), which is linear in it.
            if let NodeId::Node(i) = n {
                self.spend(u64::from(self.doc.subtree_end(i).saturating_sub(i)))?;
            }
            let v = self.eval(pred, Focus { node: n, pos: k + 1, size })?;
            let keep = match v {
                Value::Num(x) => x == (k + 1) as f64,
                other => other.to_bool(),
            };
            if keep {
                out.push(n);
            }
        }
        Ok(out)
    }

    pub(crate) fn matches(&self, id: NodeId, axis: Axis, test: NodeTest) -> bool {
        let doc = self.doc;
        match (id, test) {
            (NodeId::Attr(a), NodeTest::Name(r)) => {
                axis == Axis::Attribute && self.names.get(r as usize).copied().flatten() == Some(doc.attr_name(a))
            }
            (NodeId::Attr(_), NodeTest::Any) => axis == Axis::Attribute,
            (NodeId::Attr(_), NodeTest::Node) => true,
            (NodeId::Attr(_), NodeTest::Text) => false,
            (NodeId::Node(i), NodeTest::Name(r)) => {
                doc.is_element(i) && self.names.get(r as usize).copied().flatten() == Some(doc.node_name(i))
            }
            (NodeId::Node(i), NodeTest::Any) => doc.is_element(i),
            (NodeId::Node(_), NodeTest::Node) => true,
            (NodeId::Node(i), NodeTest::Text) => doc.is_text(i),
        }
    }

    /// Nodes on `axis` from `n` that pass `test`, in axis order.
    fn axis_nodes(&self, n: NodeId, axis: Axis, test: NodeTest) -> Result<Vec<NodeId>, EvalError> {
        let doc = self.doc;
        let mut out = Vec::new();
        let mut push = |id: NodeId| {
            if self.matches(id, axis, test) {
                out.push(id);
            }
        };
        match axis {
            Axis::SelfAxis => push(n),
            Axis::Parent => {
                if let Some(p) = doc.parent(n) {
                    push(NodeId::Node(p));
                }
            }
            Axis::Ancestor | Axis::AncestorOrSelf => {
                if axis == Axis::AncestorOrSelf {
                    push(n);
                }
                let mut cur = doc.parent(n);
                while let Some(p) = cur {
                    push(NodeId::Node(p));
                    cur = doc.parent(NodeId::Node(p));
                }
            }
            Axis::Attribute => {
                if let NodeId::Node(i) = n {
                    let r = doc.attr_range(i);
                    self.spend(u64::from(r.end - r.start))?;
                    for a in r {
                        push(NodeId::Attr(a));
                    }
                }
            }
            Axis::Child => {
                if let NodeId::Node(i) = n {
                    doc.note_open(i, |i| Watch::Child(i, self.watch_test(test)));
                    let mut cnt = 0u64;
                    for c in doc.children(i) {
                        cnt += 1;
                        push(NodeId::Node(c));
                    }
                    self.spend(cnt)?;
                }
            }
            Axis::Descendant | Axis::DescendantOrSelf => {
                if axis == Axis::DescendantOrSelf {
                    push(n);
                }
                if let NodeId::Node(i) = n {
                    doc.note_open(i, |i| Watch::Desc(i, self.watch_test(test)));
                    let end = doc.subtree_end(i);
                    self.spend(u64::from(end.saturating_sub(i)))?;
                    for d in i + 1..end {
                        push(NodeId::Node(d));
                    }
                }
            }
            Axis::FollowingSibling | Axis::PrecedingSibling => {
                if let (NodeId::Node(i), Some(p)) = (n, doc.parent(n)) {
                    if axis == Axis::FollowingSibling {
                        doc.note_open(p, |p| Watch::Child(p, self.watch_test(test)));
                    }
                    let sibs: Vec<u32> = doc.children(p).collect();
                    self.spend(sibs.len() as u64)?;
                    if axis == Axis::FollowingSibling {
                        sibs.iter().filter(|&&s| s > i).for_each(|&s| push(NodeId::Node(s)));
                    } else {
                        sibs.iter().rev().filter(|&&s| s < i).for_each(|&s| push(NodeId::Node(s)));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The document-level form of a node test, for streaming watches.
    pub(crate) fn watch_test(&self, test: NodeTest) -> WatchTest {
        match test {
            NodeTest::Name(r) => match self.names.get(r as usize).copied().flatten() {
                Some(id) => WatchTest::Name(id),
                None => WatchTest::Element,
            },
            NodeTest::Any => WatchTest::Element,
            NodeTest::Node | NodeTest::Text => WatchTest::Any,
        }
    }

    /// XPath 1.0 §3.4 comparison.
    pub fn compare(&self, op: CmpOp, a: &Value, b: &Value) -> bool {
        let doc = self.doc;
        match (a, b) {
            (Value::Nodes(x), Value::Nodes(y)) => {
                let ys: Vec<_> = y.iter().map(|&id| doc.string_value_cow(id)).collect();
                x.iter().any(|&i| {
                    let s = doc.string_value_cow(i);
                    ys.iter().any(|t| cmp_str(op, &s, t))
                })
            }
            (Value::Nodes(x), other) => self.compare_nodes(op, x, other, false),
            (other, Value::Nodes(y)) => self.compare_nodes(op, y, other, true),
            _ => {
                if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    let eq = if matches!(a, Value::Bool(_)) || matches!(b, Value::Bool(_)) {
                        a.to_bool() == b.to_bool()
                    } else if matches!(a, Value::Num(_)) || matches!(b, Value::Num(_)) {
                        a.to_num(doc) == b.to_num(doc)
                    } else {
                        a.to_str(doc) == b.to_str(doc)
                    };
                    eq == (op == CmpOp::Eq)
                } else {
                    cmp_num(op, a.to_num(doc), b.to_num(doc))
                }
            }
        }
    }

    /// Node-set `ns` against a non-node-set; `swapped` when the node-set is on the right.
    fn compare_nodes(&self, op: CmpOp, ns: &[NodeId], other: &Value, swapped: bool) -> bool {
        let doc = self.doc;
        let op = if swapped { flip(op) } else { op };
        match other {
            Value::Bool(b) => {
                let nb = !ns.is_empty();
                if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    (nb == *b) == (op == CmpOp::Eq)
                } else {
                    cmp_num(op, f64::from(u8::from(nb)), f64::from(u8::from(*b)))
                }
            }
            Value::Num(y) => ns.iter().any(|&i| cmp_num(op, str_to_num(&doc.string_value_cow(i)), *y)),
            Value::Str(y) => {
                if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    ns.iter().any(|&i| cmp_str(op, &doc.string_value_cow(i), y))
                } else {
                    let yn = str_to_num(y);
                    ns.iter().any(|&i| cmp_num(op, str_to_num(&doc.string_value_cow(i)), yn))
                }
            }
            Value::Nodes(_) => false,
        }
    }
}

pub(crate) fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        o => o,
    }
}

pub(crate) fn cmp_str(op: CmpOp, a: &str, b: &str) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        _ => cmp_num(op, str_to_num(a), str_to_num(b)),
    }
}

pub(crate) fn cmp_num(op: CmpOp, a: f64, b: f64) -> bool {
    match a.partial_cmp(&b) {
        None => op == CmpOp::Ne,
        Some(o) => match op {
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        },
    }
}
