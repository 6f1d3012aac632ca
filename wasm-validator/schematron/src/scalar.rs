//! Evaluation of expressions whose result is used as a boolean, number or
//! string — rule tests and their operands — without materialising node-sets.
//!
//! FNS rules are mostly comparisons and `count()`s over short downward paths
//! (`../@ПоМесту = 335`, `count(СвПред) != 0`, `substring(@КПП,5,2) != 50`,
//! `РасчСВ_6.2.431/РасчСВ6.2.431/@ПрОПС = 1`). Such a *simple path* — leading
//! `.`/`..` steps, then child steps, then at most a final attribute step, all
//! without predicates — selects its nodes in document order without
//! duplicates, so they can be visited one by one instead of collected, sorted
//! and deduplicated. Every other shape goes to the general evaluator.
//!
//! Results, errors, the node-visit budget and the streaming watches are those
//! of the general evaluation: a visit enumerates exactly the nodes the general
//! evaluator enumerates (including after an existential comparison is already
//! decided) and reads the string-values it reads.

use std::borrow::Cow;

use crate::ast::{ArithOp, Axis, CmpOp, Expr, Function, NodeTest, Path, Step};
use crate::document::{NodeId, Watch};
use crate::error::EvalError;
use crate::eval::{cmp_num, cmp_str, flip, Ctx, Focus};
use crate::functions::xpath_round;
use crate::value::{num_to_str, str_to_num, Value};

/// An operand of a comparison.
enum Operand<'a> {
    /// A simple path from a node (`None`: climbed above the document node).
    Path(Option<NodeId>, &'a [Step]),
    Num(f64),
    Str(Cow<'a, str>),
    Bool(bool),
    /// Anything else, evaluated in general.
    Value(Value),
}

/// Whether `steps` (after the leading `.`/`..` steps) are child steps with at
/// most a final attribute step, without predicates.
fn downward(steps: &[Step]) -> bool {
    steps.iter().enumerate().all(|(i, s)| {
        s.predicates.is_empty()
            && match s.axis {
                Axis::Child => true,
                Axis::Attribute => i + 1 == steps.len() && matches!(s.test, NodeTest::Name(_) | NodeTest::Any),
                _ => false,
            }
    })
}

impl<'d> Ctx<'d> {
    /// The start node and downward steps of a simple path, `None` for other shapes.
    fn simple<'a>(&self, p: &'a Path, f: Focus) -> Option<(Option<NodeId>, &'a [Step])> {
        let mut cur = Some(if p.absolute { NodeId::Node(0) } else { f.node });
        let mut k = 0;
        while let Some(s) = p.steps.get(k) {
            match (s.axis, s.test) {
                (Axis::SelfAxis, NodeTest::Node) if s.predicates.is_empty() => {}
                (Axis::Parent, NodeTest::Node) if s.predicates.is_empty() => {
                    cur = cur.and_then(|n| self.doc.parent(n)).map(NodeId::Node);
                }
                _ => break,
            }
            k += 1;
        }
        let rest = &p.steps[k..];
        downward(rest).then_some((cur, rest))
    }

    /// Calls `each` for every node `steps` select from `n`, in document order.
    fn visit(&self, n: NodeId, steps: &[Step], each: &mut impl FnMut(NodeId)) -> Result<(), EvalError> {
        let Some((s, rest)) = steps.split_first() else {
            each(n);
            return Ok(());
        };
        let NodeId::Node(i) = n else { return Ok(()) };
        let doc = self.doc;
        if s.axis == Axis::Attribute {
            let range = doc.attr_range(i);
            self.spend(u64::from(range.end - range.start))?;
            for a in range {
                if self.matches(NodeId::Attr(a), Axis::Attribute, s.test) {
                    each(NodeId::Attr(a));
                }
            }
            return Ok(());
        }
        doc.note_open(i, |i| Watch::Child(i, self.watch_test(s.test)));
        let mut cnt = 0u64;
        for c in doc.children(i) {
            cnt += 1;
            if self.matches(NodeId::Node(c), Axis::Child, s.test) {
                self.visit(NodeId::Node(c), rest, each)?;
            }
        }
        self.spend(cnt)
    }

    fn visit_path(&self, start: Option<NodeId>, steps: &[Step], each: &mut impl FnMut(NodeId)) -> Result<(), EvalError> {
        match start {
            Some(n) => self.visit(n, steps, each),
            None => Ok(()),
        }
    }

    fn count_path(&self, start: Option<NodeId>, steps: &[Step]) -> Result<usize, EvalError> {
        let mut n = 0;
        self.visit_path(start, steps, &mut |_| n += 1)?;
        Ok(n)
    }

    /// `any(node in path: test(string-value))`, reading string-values up to the
    /// first match only (as the general comparison does).
    fn any_value(&self, start: Option<NodeId>, steps: &[Step], mut test: impl FnMut(&str) -> bool) -> Result<bool, EvalError> {
        let mut found = false;
        self.visit_path(start, steps, &mut |n| {
            if !found {
                found = test(&self.doc.string_value_cow(n));
            }
        })?;
        Ok(found)
    }

    /// String-value of the first node of a simple path ("" when empty).
    fn first_value(&self, start: Option<NodeId>, steps: &[Step]) -> Result<Cow<'d, str>, EvalError> {
        let mut first = None;
        self.visit_path(start, steps, &mut |n| {
            first.get_or_insert(n);
        })?;
        Ok(match first {
            Some(n) => self.doc.string_value_cow(n),
            None => Cow::Borrowed(""),
        })
    }

    /// `boolean(e)`.
    pub(crate) fn eval_bool(&self, e: &Expr, f: Focus) -> Result<bool, EvalError> {
        match e {
            Expr::Or(items) => {
                for it in items {
                    if self.eval_bool(it, f)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Expr::And(items) => {
                for it in items {
                    if !self.eval_bool(it, f)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Expr::Compare(op, a, b) => {
                let a = self.operand(a, f)?;
                let b = self.operand(b, f)?;
                self.compare_operands(*op, a, b)
            }
            Expr::Call(Function::Not, args) if args.len() == 1 => Ok(!self.eval_bool(&args[0], f)?),
            Expr::Call(Function::Boolean, args) if args.len() == 1 => self.eval_bool(&args[0], f),
            Expr::Call(Function::True, _) => Ok(true),
            Expr::Call(Function::False, _) => Ok(false),
            Expr::Call(Function::Iif, args) if args.len() == 3 => {
                let branch = if self.eval_bool(&args[0], f)? { &args[1] } else { &args[2] };
                self.eval_bool(branch, f)
            }
            Expr::Path(p) => match self.simple(p, f) {
                Some((start, steps)) => Ok(self.count_path(start, steps)? > 0),
                None => Ok(self.eval(e, f)?.to_bool()),
            },
            _ => Ok(self.eval(e, f)?.to_bool()),
        }
    }

    /// `number(e)`.
    pub(crate) fn eval_num(&self, e: &Expr, f: Focus) -> Result<f64, EvalError> {
        match e {
            Expr::Number(n) => Ok(*n),
            Expr::Literal(s) => Ok(str_to_num(s)),
            Expr::Path(p) => match self.simple(p, f) {
                Some((start, steps)) => Ok(str_to_num(&self.first_value(start, steps)?)),
                None => Ok(self.eval(e, f)?.to_num(self.doc)),
            },
            Expr::Arith(op, a, b) => {
                let x = self.eval_num(a, f)?;
                let y = self.eval_num(b, f)?;
                Ok(match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x * y,
                    ArithOp::Div => x / y,
                    ArithOp::Mod => x % y,
                })
            }
            Expr::Neg(a) => Ok(-self.eval_num(a, f)?),
            Expr::Call(func, args) => match (func, args.as_slice()) {
                (Function::Count, [Expr::Path(p)]) => match self.simple(p, f) {
                    Some((start, steps)) => Ok(self.count_path(start, steps)? as f64),
                    None => Ok(self.eval(e, f)?.to_num(self.doc)),
                },
                (Function::Sum, [Expr::Path(p)]) => match self.simple(p, f) {
                    Some((start, steps)) => {
                        let mut sum = 0.0;
                        self.visit_path(start, steps, &mut |n| sum += str_to_num(&self.doc.string_value_cow(n)))?;
                        Ok(sum)
                    }
                    None => Ok(self.eval(e, f)?.to_num(self.doc)),
                },
                (Function::StringLength, [a]) => Ok(self.eval_str(a, f)?.chars().count() as f64),
                (Function::Number, [a]) => self.eval_num(a, f),
                (Function::Round, [a]) => Ok(xpath_round(self.eval_num(a, f)?)),
                (Function::Floor, [a]) => Ok(self.eval_num(a, f)?.floor()),
                (Function::Ceiling, [a]) => Ok(self.eval_num(a, f)?.ceil()),
                (Function::Iif, [c, a, b]) => {
                    let branch = if self.eval_bool(c, f)? { a } else { b };
                    self.eval_num(branch, f)
                }
                _ => Ok(self.eval(e, f)?.to_num(self.doc)),
            },
            _ => Ok(self.eval(e, f)?.to_num(self.doc)),
        }
    }

    /// `string(e)`, borrowed from the document or the expression when possible.
    pub(crate) fn eval_str<'a>(&'a self, e: &'a Expr, f: Focus) -> Result<Cow<'a, str>, EvalError> {
        match e {
            Expr::Literal(s) => Ok(Cow::Borrowed(s)),
            Expr::Number(n) => Ok(Cow::Owned(num_to_str(*n))),
            Expr::Path(p) => match self.simple(p, f) {
                Some((start, steps)) => self.first_value(start, steps),
                None => Ok(Cow::Owned(self.eval(e, f)?.to_str(self.doc))),
            },
            Expr::Call(func, args) => match (func, args.as_slice()) {
                (Function::String, []) => Ok(self.doc.string_value_cow(f.node)),
                (Function::String, [a]) => self.eval_str(a, f),
                (Function::Substring, [s, a, rest @ ..]) if rest.len() <= 1 => {
                    let text = self.eval_str(s, f)?;
                    let start = xpath_round(self.eval_num(a, f)?);
                    let end = match rest {
                        [b] => start + xpath_round(self.eval_num(b, f)?),
                        _ => f64::INFINITY,
                    };
                    Ok(substring(text, start, end))
                }
                (Function::GetFileName, []) => Ok(Cow::Borrowed(self.file_name.ok_or(EvalError::NoFileName)?)),
                (Function::Iif, [c, a, b]) => {
                    let branch = if self.eval_bool(c, f)? { a } else { b };
                    self.eval_str(branch, f)
                }
                _ => Ok(Cow::Owned(self.eval(e, f)?.to_str(self.doc))),
            },
            _ => Ok(Cow::Owned(self.eval(e, f)?.to_str(self.doc))),
        }
    }

    /// Evaluates a comparison operand, keeping simple paths unevaluated.
    fn operand<'a>(&'a self, e: &'a Expr, f: Focus) -> Result<Operand<'a>, EvalError> {
        Ok(match e {
            Expr::Path(p) => match self.simple(p, f) {
                Some((start, steps)) => Operand::Path(start, steps),
                None => Operand::Value(self.eval(e, f)?),
            },
            Expr::Literal(s) => Operand::Str(Cow::Borrowed(s)),
            Expr::Number(n) => Operand::Num(*n),
            Expr::Arith(..) | Expr::Neg(_) => Operand::Num(self.eval_num(e, f)?),
            Expr::Compare(..) | Expr::And(_) | Expr::Or(_) => Operand::Bool(self.eval_bool(e, f)?),
            Expr::Call(func, args) => match (func, args.len()) {
                (Function::Count | Function::Sum | Function::StringLength | Function::Number, 1)
                | (Function::Round | Function::Floor | Function::Ceiling, _) => Operand::Num(self.eval_num(e, f)?),
                (Function::Substring | Function::GetFileName, _) | (Function::String, 1) => Operand::Str(self.eval_str(e, f)?),
                (Function::Not | Function::Boolean | Function::True | Function::False, _) => Operand::Bool(self.eval_bool(e, f)?),
                _ => Operand::Value(self.eval(e, f)?),
            },
            _ => Operand::Value(self.eval(e, f)?),
        })
    }

    /// XPath 1.0 §3.4 comparison of two operands.
    fn compare_operands(&self, op: CmpOp, a: Operand<'_>, b: Operand<'_>) -> Result<bool, EvalError> {
        match (a, b) {
            (Operand::Path(s, p), Operand::Path(t, q)) => {
                let x = self.collect(s, p)?;
                let y = self.collect(t, q)?;
                Ok(self.compare(op, &x, &y))
            }
            (Operand::Path(s, p), other) => self.compare_path(op, s, p, other),
            (other, Operand::Path(s, p)) => self.compare_path(flip(op), s, p, other),
            (Operand::Value(x), Operand::Value(y)) => Ok(self.compare(op, &x, &y)),
            (Operand::Value(x), other) => Ok(self.compare(op, &x, &into_value(other))),
            (other, Operand::Value(y)) => Ok(self.compare(op, &into_value(other), &y)),
            (a, b) => Ok(compare_scalars(op, &a, &b)),
        }
    }

    fn collect(&self, start: Option<NodeId>, steps: &[Step]) -> Result<Value, EvalError> {
        let mut v = Vec::new();
        self.visit_path(start, steps, &mut |n| v.push(n))?;
        Ok(Value::Nodes(v))
    }

    /// A simple path (left) against a non-path operand.
    fn compare_path(&self, op: CmpOp, start: Option<NodeId>, steps: &[Step], other: Operand<'_>) -> Result<bool, EvalError> {
        match other {
            Operand::Bool(b) => {
                let nb = self.count_path(start, steps)? > 0;
                Ok(if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    (nb == b) == (op == CmpOp::Eq)
                } else {
                    cmp_num(op, f64::from(u8::from(nb)), f64::from(u8::from(b)))
                })
            }
            Operand::Num(y) => self.any_value(start, steps, |s| cmp_num(op, str_to_num(s), y)),
            Operand::Str(y) => {
                if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    self.any_value(start, steps, |s| cmp_str(op, s, &y))
                } else {
                    let yn = str_to_num(&y);
                    self.any_value(start, steps, |s| cmp_num(op, str_to_num(s), yn))
                }
            }
            Operand::Value(v) => {
                let x = self.collect(start, steps)?;
                Ok(self.compare(op, &x, &v))
            }
            Operand::Path(..) => unreachable_path(),
        }
    }
}

/// Paths on both sides are handled before [`Ctx::compare_path`] is called.
fn unreachable_path() -> Result<bool, EvalError> {
    Ok(false)
}

fn into_value(o: Operand<'_>) -> Value {
    match o {
        Operand::Num(n) => Value::Num(n),
        Operand::Str(s) => Value::Str(s.into_owned()),
        Operand::Bool(b) => Value::Bool(b),
        Operand::Value(v) => v,
        Operand::Path(..) => Value::Nodes(Vec::new()),
    }
}

fn scalar_bool(o: &Operand<'_>) -> bool {
    match o {
        Operand::Num(n) => *n != 0.0 && !n.is_nan(),
        Operand::Str(s) => !s.is_empty(),
        Operand::Bool(b) => *b,
        Operand::Value(v) => v.to_bool(),
        Operand::Path(..) => false,
    }
}

fn scalar_num(o: &Operand<'_>) -> f64 {
    match o {
        Operand::Num(n) => *n,
        Operand::Str(s) => str_to_num(s),
        Operand::Bool(b) => f64::from(u8::from(*b)),
        Operand::Value(_) | Operand::Path(..) => f64::NAN,
    }
}

/// Comparison of two non-node-set operands (XPath 1.0 §3.4).
fn compare_scalars(op: CmpOp, a: &Operand<'_>, b: &Operand<'_>) -> bool {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) {
        let eq = if matches!(a, Operand::Bool(_)) || matches!(b, Operand::Bool(_)) {
            scalar_bool(a) == scalar_bool(b)
        } else if matches!(a, Operand::Num(_)) || matches!(b, Operand::Num(_)) {
            scalar_num(a) == scalar_num(b)
        } else {
            match (a, b) {
                (Operand::Str(x), Operand::Str(y)) => x == y,
                _ => false,
            }
        };
        eq == (op == CmpOp::Eq)
    } else {
        cmp_num(op, scalar_num(a), scalar_num(b))
    }
}

/// `substring()` by character positions `[start, end)` (1-based, rounded).
pub(crate) fn substring(text: Cow<'_, str>, start: f64, end: f64) -> Cow<'_, str> {
    if text.is_ascii() {
        // Character positions are byte positions: p in [ceil(start), ceil(end) - 1] ∩ [1, len].
        let lo = start.ceil().max(1.0);
        let hi = (end.ceil() - 1.0).min(text.len() as f64);
        if start.is_nan() || end.is_nan() || lo > hi {
            return Cow::Borrowed("");
        }
        let (from, to) = (lo as usize - 1, hi as usize);
        return match text {
            Cow::Borrowed(s) => Cow::Borrowed(&s[from..to]),
            Cow::Owned(s) => Cow::Owned(s[from..to].to_owned()),
        };
    }
    let mut from = None;
    let mut to = text.len();
    for (i, (b, _)) in text.char_indices().enumerate() {
        let p = (i + 1) as f64;
        let inside = p >= start && p < end;
        match (inside, from) {
            (true, None) => from = Some(b),
            (false, Some(_)) => {
                to = b;
                break;
            }
            _ => {}
        }
    }
    let Some(from) = from else { return Cow::Borrowed("") };
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[from..to]),
        Cow::Owned(s) => Cow::Owned(s[from..to].to_owned()),
    }
}
