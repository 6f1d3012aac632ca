//! Rule tests compiled once into a form that evaluates the shapes FNS rules
//! are made of directly: `count(P) != 0`, `../@ПоМесту = 335`,
//! `@Функция = 'СЧФ'`, `usch:iif(…)`, `and`/`or`/`not()` over them, where `P`
//! is a simple path ([`crate::scalar`]) with its steps reduced to axis and
//! node test. Everything else is evaluated by [`Ctx::eval_bool`] from the
//! syntax tree. Results, errors, budget and streaming watches are exactly
//! those of [`Ctx::eval_bool`] (checked by `tests/scalar_eval.rs`).

use std::borrow::Cow;

use crate::ast::{Axis, CmpOp, Expr, Function, NameRef, NodeTest, Path};
use crate::document::{NodeId, Watch};
use crate::error::EvalError;
use crate::eval::{cmp_num, cmp_str, flip, Ctx, Focus};
use crate::functions::xpath_round;
use crate::scalar::substring;
use crate::value::str_to_num;

/// A simple path: start (document node or context), `..` steps, then child
/// steps and at most a final attribute step (`true` = attribute axis).
#[derive(Debug, Clone)]
pub(crate) struct SimplePath {
    absolute: bool,
    ups: u32,
    steps: Box<[(bool, NodeTest)]>,
    /// The path is `..`s and one named attribute step (`../../@Функция`): it
    /// selects at most one node, found without the general visit.
    attr: Option<NameRef>,
}

/// A compiled boolean expression.
#[derive(Debug, Clone)]
pub(crate) enum TestProgram {
    Or(Box<[TestProgram]>),
    And(Box<[TestProgram]>),
    Not(Box<TestProgram>),
    Const(bool),
    Iif(Box<[TestProgram; 3]>),
    /// The path selects something.
    Exists(SimplePath),
    /// `count(path) op number`.
    Count(CmpOp, SimplePath, f64),
    /// Some node of the path has a string-value whose number compares with `op`.
    AnyNum(CmpOp, SimplePath, f64),
    /// Some node of the path has a string-value equal / not equal to the string.
    AnyStr(CmpOp, SimplePath, Box<str>),
    /// `substring(path, n, m?) op literal`.
    SubLit(CmpOp, Substring, Constant),
    /// `substring(…) op substring(…)`.
    SubSub(CmpOp, Substring, Substring),
    /// Any other expression, evaluated from the syntax tree.
    Other(Box<Expr>),
}

/// `substring(path, n, m?)` with number literals: characters `[start, end)`.
#[derive(Debug, Clone)]
pub(crate) struct Substring {
    path: SimplePath,
    start: f64,
    end: f64,
    /// Byte bounds for ASCII text ([`integer_slice`]).
    slice: Option<(usize, usize)>,
}

/// A literal compared with a string.
#[derive(Debug, Clone)]
pub(crate) enum Constant {
    Num(f64),
    Str(Box<str>),
}

impl Substring {
    /// `substring()` of `text` (same result as [`substring`]). With integer
    /// bounds (the FNS rules: `substring(@КПП,5,2)`) and an ASCII prefix up to
    /// the end bound, character positions are byte positions: a slice.
    fn apply<'a>(&self, text: Cow<'a, str>) -> Cow<'a, str> {
        if let Some((from, last)) = self.slice {
            let bytes = text.as_bytes();
            let last = last.min(bytes.len());
            if bytes[..last].is_ascii() {
                let from = from.min(last);
                return match text {
                    Cow::Borrowed(t) => Cow::Borrowed(&t[from..last]),
                    Cow::Owned(t) => Cow::Owned(t[from..last].to_owned()),
                };
            }
        }
        substring(text, self.start, self.end)
    }
}

/// `(from, last)` byte bounds of `substring()` on ASCII text when `start` and
/// `end` are integers (`end` may be +∞): positions `max(start, 1)..=end - 1`.
fn integer_slice(start: f64, end: f64) -> Option<(usize, usize)> {
    let integral = |x: f64| x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15;
    if !integral(start) || !(integral(end) || end == f64::INFINITY) {
        return None;
    }
    let from = (start as i64 - 1).max(0) as usize;
    let last = if end == f64::INFINITY { usize::MAX } else { (end as i64 - 1).max(0) as usize };
    Some((from, last))
}

fn substring_of(e: &Expr) -> Option<Substring> {
    let Expr::Call(Function::Substring, args) = e else { return None };
    let number = |k: usize| match args.get(k) {
        Some(Expr::Number(n)) => Some(*n),
        _ => None,
    };
    let path = simple_path(args.first()?)?;
    let start = xpath_round(number(1)?);
    let end = match args.len() {
        2 => f64::INFINITY,
        3 => start + xpath_round(number(2)?),
        _ => return None,
    };
    Some(Substring { path, start, end, slice: integer_slice(start, end) })
}

fn constant(lit: Lit<'_>) -> Constant {
    match lit {
        Lit::Num(n) => Constant::Num(n),
        Lit::Str(s) => Constant::Str(s.into()),
    }
}

fn simple_path(e: &Expr) -> Option<SimplePath> {
    let Expr::Path(Path { absolute, steps }) = e else { return None };
    let mut ups = 0;
    let mut k = 0;
    while let Some(s) = steps.get(k) {
        match (s.axis, s.test) {
            (Axis::SelfAxis, NodeTest::Node) if s.predicates.is_empty() => {}
            (Axis::Parent, NodeTest::Node) if s.predicates.is_empty() => ups += 1,
            _ => break,
        }
        k += 1;
    }
    let rest = &steps[k..];
    let mut out = Vec::with_capacity(rest.len());
    for (i, s) in rest.iter().enumerate() {
        if !s.predicates.is_empty() {
            return None;
        }
        match s.axis {
            Axis::Child => out.push((false, s.test)),
            Axis::Attribute if i + 1 == rest.len() && matches!(s.test, NodeTest::Name(_) | NodeTest::Any) => out.push((true, s.test)),
            _ => return None,
        }
    }
    let attr = match out.as_slice() {
        [(true, NodeTest::Name(r))] => Some(*r),
        _ => None,
    };
    Some(SimplePath { absolute: *absolute, ups, steps: out.into(), attr })
}

/// A literal operand: number or string.
enum Lit<'a> {
    Num(f64),
    Str(&'a str),
}

fn literal(e: &Expr) -> Option<Lit<'_>> {
    match e {
        Expr::Number(n) => Some(Lit::Num(*n)),
        Expr::Literal(s) => Some(Lit::Str(s)),
        _ => None,
    }
}

fn counted(e: &Expr) -> Option<SimplePath> {
    match e {
        Expr::Call(Function::Count, args) if args.len() == 1 => simple_path(&args[0]),
        _ => None,
    }
}

/// `path op literal` (the path on the left).
fn path_vs_literal(op: CmpOp, p: SimplePath, lit: Lit<'_>) -> TestProgram {
    match lit {
        Lit::Num(n) => TestProgram::AnyNum(op, p, n),
        Lit::Str(s) if matches!(op, CmpOp::Eq | CmpOp::Ne) => TestProgram::AnyStr(op, p, s.into()),
        Lit::Str(s) => TestProgram::AnyNum(op, p, str_to_num(s)),
    }
}

fn lit_num(lit: Lit<'_>) -> f64 {
    match lit {
        Lit::Num(n) => n,
        Lit::Str(s) => str_to_num(s),
    }
}

fn compare(op: CmpOp, a: &Expr, b: &Expr) -> Option<TestProgram> {
    if let (Some(p), Some(lit)) = (simple_path(a), literal(b)) {
        return Some(path_vs_literal(op, p, lit));
    }
    if let (Some(lit), Some(p)) = (literal(a), simple_path(b)) {
        return Some(path_vs_literal(flip(op), p, lit));
    }
    if let (Some(p), Some(lit)) = (counted(a), literal(b)) {
        return Some(TestProgram::Count(op, p, lit_num(lit)));
    }
    if let (Some(lit), Some(p)) = (literal(a), counted(b)) {
        return Some(TestProgram::Count(flip(op), p, lit_num(lit)));
    }
    if let (Some(s), Some(lit)) = (substring_of(a), literal(b)) {
        return Some(TestProgram::SubLit(op, s, constant(lit)));
    }
    if let (Some(lit), Some(s)) = (literal(a), substring_of(b)) {
        return Some(TestProgram::SubLit(flip(op), s, constant(lit)));
    }
    if let (Some(x), Some(y)) = (substring_of(a), substring_of(b)) {
        return Some(TestProgram::SubSub(op, x, y));
    }
    None
}

impl TestProgram {
    /// Compiles `e` evaluated as a boolean.
    pub(crate) fn compile(e: &Expr) -> TestProgram {
        let list = |v: &[Expr]| -> Box<[TestProgram]> { v.iter().map(TestProgram::compile).collect() };
        match e {
            Expr::Or(v) => TestProgram::Or(list(v)),
            Expr::And(v) => TestProgram::And(list(v)),
            Expr::Call(Function::Not, a) if a.len() == 1 => TestProgram::Not(Box::new(TestProgram::compile(&a[0]))),
            Expr::Call(Function::Boolean, a) if a.len() == 1 => TestProgram::compile(&a[0]),
            Expr::Call(Function::True, a) if a.is_empty() => TestProgram::Const(true),
            Expr::Call(Function::False, a) if a.is_empty() => TestProgram::Const(false),
            Expr::Call(Function::Iif, a) if a.len() == 3 => {
                TestProgram::Iif(Box::new([TestProgram::compile(&a[0]), TestProgram::compile(&a[1]), TestProgram::compile(&a[2])]))
            }
            Expr::Compare(op, a, b) => compare(*op, a, b).unwrap_or_else(|| TestProgram::Other(Box::new(e.clone()))),
            _ => match simple_path(e) {
                Some(p) => TestProgram::Exists(p),
                None => TestProgram::Other(Box::new(e.clone())),
            },
        }
    }
}

impl Ctx<'_> {
    /// Runs a compiled test at `f` (same result as [`Ctx::eval_bool`] on its source).
    pub(crate) fn run_test(&self, t: &TestProgram, f: Focus) -> Result<bool, EvalError> {
        Ok(match t {
            TestProgram::Or(v) => {
                for x in v.iter() {
                    if self.run_test(x, f)? {
                        return Ok(true);
                    }
                }
                false
            }
            TestProgram::And(v) => {
                for x in v.iter() {
                    if !self.run_test(x, f)? {
                        return Ok(false);
                    }
                }
                true
            }
            TestProgram::Not(x) => !self.run_test(x, f)?,
            TestProgram::Const(b) => *b,
            TestProgram::Iif(v) => {
                let branch = if self.run_test(&v[0], f)? { &v[1] } else { &v[2] };
                self.run_test(branch, f)?
            }
            TestProgram::Exists(p) if p.attr.is_some() => self.attrs_of(p, f)?.next().is_some(),
            TestProgram::Count(op, p, n) if p.attr.is_some() => cmp_num(*op, self.attrs_of(p, f)?.count() as f64, *n),
            TestProgram::AnyNum(op, p, n) if p.attr.is_some() => {
                self.attrs_of(p, f)?.any(|a| cmp_num(*op, str_to_num(self.doc.attr_value(a)), *n))
            }
            TestProgram::AnyStr(op, p, s) if p.attr.is_some() => self.attrs_of(p, f)?.any(|a| cmp_str(*op, self.doc.attr_value(a), s)),
            TestProgram::Exists(p) => {
                let mut any = false;
                self.visit_simple(p, f, &mut |_| any = true)?;
                any
            }
            TestProgram::Count(op, p, n) => {
                let mut c = 0usize;
                self.visit_simple(p, f, &mut |_| c += 1)?;
                cmp_num(*op, c as f64, *n)
            }
            TestProgram::AnyNum(op, p, n) => {
                let mut found = false;
                self.visit_simple(p, f, &mut |x| {
                    if !found {
                        found = cmp_num(*op, str_to_num(&self.doc.string_value_cow(x)), *n);
                    }
                })?;
                found
            }
            TestProgram::AnyStr(op, p, s) => {
                let mut found = false;
                self.visit_simple(p, f, &mut |x| {
                    if !found {
                        found = cmp_str(*op, &self.doc.string_value_cow(x), s);
                    }
                })?;
                found
            }
            TestProgram::SubLit(op, s, c) => {
                let x = self.substring_value(s, f)?;
                match c {
                    Constant::Num(n) => cmp_num(*op, str_to_num(&x), *n),
                    Constant::Str(y) => cmp_str(*op, &x, y),
                }
            }
            TestProgram::SubSub(op, a, b) => {
                let x = self.substring_value(a, f)?;
                let y = self.substring_value(b, f)?;
                cmp_str(*op, &x, &y)
            }
            TestProgram::Other(e) => self.eval_bool(e, f)?,
        })
    }

    /// `substring(string(path), …)`: the first selected node's string-value.
    fn substring_value(&self, s: &Substring, f: Focus) -> Result<Cow<'_, str>, EvalError> {
        if s.path.attr.is_some() {
            let text = self.attrs_of(&s.path, f)?.next().map_or("", |a| self.doc.attr_value(a));
            return Ok(s.apply(Cow::Borrowed(text)));
        }
        let mut first = None;
        self.visit_simple(&s.path, f, &mut |n| {
            first.get_or_insert(n);
        })?;
        let text = match first {
            Some(n) => self.doc.string_value_cow(n),
            None => Cow::Borrowed(""),
        };
        Ok(s.apply(text))
    }

    /// The attributes a [`SimplePath::attr`] path selects, in document order
    /// (budget as [`Ctx::visit_simple`]; two prefixes may share a local name).
    fn attrs_of(&self, p: &SimplePath, f: Focus) -> Result<impl Iterator<Item = u32> + '_, EvalError> {
        let mut cur = if p.absolute { NodeId::Node(0) } else { f.node };
        let mut range = 0..0;
        let mut want = None;
        'up: {
            for _ in 0..p.ups {
                match self.doc.parent(cur) {
                    Some(n) => cur = NodeId::Node(n),
                    None => break 'up,
                }
            }
            let NodeId::Node(i) = cur else { break 'up };
            range = self.doc.attr_range(i);
            self.spend(u64::from(range.end - range.start))?;
            want = p.attr.and_then(|r| self.names.get(r as usize).copied().flatten());
        }
        let doc = self.doc;
        Ok(range.filter(move |&a| want.is_some_and(|w| doc.attr_name(a) == w)))
    }

    fn visit_simple(&self, p: &SimplePath, f: Focus, each: &mut impl FnMut(NodeId)) -> Result<(), EvalError> {
        let mut cur = if p.absolute { NodeId::Node(0) } else { f.node };
        for _ in 0..p.ups {
            match self.doc.parent(cur) {
                Some(n) => cur = NodeId::Node(n),
                None => return Ok(()),
            }
        }
        self.visit_steps(cur, &p.steps, each)
    }

    /// The nodes `steps` select from `n` in document order (as [`Ctx::eval`]
    /// enumerates them: same budget and watches).
    fn visit_steps(&self, n: NodeId, steps: &[(bool, NodeTest)], each: &mut impl FnMut(NodeId)) -> Result<(), EvalError> {
        let Some((&(attr, test), rest)) = steps.split_first() else {
            each(n);
            return Ok(());
        };
        let NodeId::Node(i) = n else { return Ok(()) };
        let doc = self.doc;
        if attr {
            let range = doc.attr_range(i);
            self.spend(u64::from(range.end - range.start))?;
            match test {
                NodeTest::Name(r) => {
                    if let Some(want) = self.names.get(r as usize).copied().flatten() {
                        for a in range {
                            if doc.attr_name(a) == want {
                                each(NodeId::Attr(a));
                            }
                        }
                    }
                }
                _ => range.for_each(|a| each(NodeId::Attr(a))),
            }
            return Ok(());
        }
        doc.note_open(i, |i| Watch::Child(i, self.watch_test(test)));
        let mut cnt = 0u64;
        if let NodeTest::Name(r) = test {
            // Resolved once: a child matches when its name id is the wanted one.
            let want = self.names.get(r as usize).copied().flatten();
            for c in doc.children(i) {
                cnt += 1;
                if want.is_some_and(|w| doc.node_name(c) == w) {
                    self.visit_steps(NodeId::Node(c), rest, each)?;
                }
            }
            return self.spend(cnt);
        }
        for c in doc.children(i) {
            cnt += 1;
            if self.matches(NodeId::Node(c), Axis::Child, test) {
                self.visit_steps(NodeId::Node(c), rest, each)?;
            }
        }
        self.spend(cnt)
    }
}
