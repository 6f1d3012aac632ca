//! Which closed parts of a document later evaluations can still reach.
//!
//! Every location path of a rule set (tests, predicates, message `value-of`s)
//! is flattened into downward [`Reach`] patterns: child name steps and "any
//! depth" steps, starting at some element that is still open when the pattern
//! is used (an ancestor of the context: `..` steps climb to it first) or at the
//! document node (absolute paths). A streaming evaluator keeps a closed element
//! only if such a pattern, started at one of its open ancestors, reaches it, and
//! keeps an element's whole subtree only if its string-value may be read.
//! Node-sets used only for `count()`/`not()`/`boolean()`/`and`/`or`/the `iif`
//! condition need the nodes, not their content.

use crate::ast::{Axis, Expr, Function, NameRef, NodeTest, Step};

/// One step of a reach pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReachStep {
    /// A child element with this name (`None` = any element).
    Child(Option<NameRef>),
    /// Zero or more levels of descendants.
    Deep,
    /// Only as the first step: the pattern starts above the rule's context (after
    /// `..`, `ancestor::` or at the document node).
    Up,
}

/// A downward pattern from an open element; `value` when the string-value of
/// the reached element (its whole subtree) may be read, `attrs` when its
/// attributes may be read (otherwise only its existence — `count()`, `not()` —
/// or the elements below it matter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reach {
    pub steps: Vec<ReachStep>,
    pub value: bool,
    pub attrs: bool,
}

/// The analysis could not bound what a rule reaches (e.g. `..` after `//`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unbounded;

/// What one rule reaches.
#[derive(Debug, Default)]
pub(crate) struct RuleReach {
    /// Patterns (without the `Up` marker) from open elements.
    pub patterns: Vec<Reach>,
    /// The rule reads its context element's own string-value: the context's
    /// subtree must stay whole until it closes.
    pub context_whole: bool,
}

/// Collects what `e`, evaluated at a rule's context node, reaches.
pub(crate) fn collect(e: &Expr, into: &mut RuleReach) -> Result<(), Unbounded> {
    let mut raw = Vec::new();
    walk(e, &[], true, &mut raw)?;
    for r in raw {
        match r.steps.as_slice() {
            [] if r.value => into.context_whole = true,
            [] => {}
            [ReachStep::Up] if r.value => return Err(Unbounded),
            [ReachStep::Up] => {}
            steps => {
                let steps: Vec<ReachStep> = steps.iter().copied().filter(|s| *s != ReachStep::Up).collect();
                let r = Reach { steps, value: r.value, attrs: r.attrs };
                if !into.patterns.contains(&r) {
                    into.patterns.push(r);
                }
            }
        }
    }
    Ok(())
}

fn emit(out: &mut Vec<Reach>, steps: &[ReachStep], value: bool) {
    emit_reach(out, Reach { steps: steps.to_vec(), value, attrs: false });
}

fn emit_reach(out: &mut Vec<Reach>, r: Reach) {
    if !out.contains(&r) {
        out.push(r);
    }
}

/// Walks `e` at `prefix`; returns the patterns of the nodes a node-set
/// expression selects (empty for other values).
fn walk(e: &Expr, prefix: &[ReachStep], value: bool, out: &mut Vec<Reach>) -> Result<Vec<Vec<ReachStep>>, Unbounded> {
    match e {
        Expr::Or(v) | Expr::And(v) => {
            for x in v {
                walk(x, prefix, false, out)?;
            }
            Ok(Vec::new())
        }
        Expr::Union(v) => {
            let mut ends = Vec::new();
            for x in v {
                ends.extend(walk(x, prefix, value, out)?);
            }
            Ok(ends)
        }
        Expr::Compare(_, a, b) | Expr::Arith(_, a, b) => {
            walk(a, prefix, true, out)?;
            walk(b, prefix, true, out)?;
            Ok(Vec::new())
        }
        Expr::Neg(a) => walk(a, prefix, true, out).map(|_| Vec::new()),
        Expr::Literal(_) | Expr::Number(_) => Ok(Vec::new()),
        Expr::Call(f, args) => {
            let (min, _) = f.arity();
            if args.is_empty() && min == 0 && uses_context_value(*f) {
                // string(), number(), name()… of the context node itself.
                emit(out, prefix, true);
            }
            for (k, a) in args.iter().enumerate() {
                let v = match f {
                    Function::Count | Function::Not | Function::Boolean => false,
                    Function::Iif if k == 0 => false,
                    Function::Iif => value,
                    _ => true,
                };
                walk(a, prefix, v, out)?;
            }
            Ok(Vec::new())
        }
        Expr::Path(p) => {
            let start: &[ReachStep] = if p.absolute { &[ReachStep::Up] } else { prefix };
            let end = steps(&p.steps, start.to_vec(), out)?;
            Ok(finish(end, value, out))
        }
        Expr::Filter { primary, predicates, steps: after } => {
            let ends = walk(primary, prefix, true, out)?;
            let mut result = Vec::new();
            for end in ends {
                for p in predicates {
                    walk(p, &end, false, out)?;
                }
                let end = steps(after, end, out)?;
                result.extend(finish(end, value, out));
            }
            Ok(result)
        }
    }
}

fn uses_context_value(f: Function) -> bool {
    matches!(f, Function::String | Function::StringLength | Function::NormalizeSpace | Function::Number | Function::Name | Function::LocalName)
}

/// Where a path ends: an element pattern, or an attribute / text of one.
enum End {
    Element(Vec<ReachStep>),
    /// An attribute of the element the pattern reaches.
    Attribute(Vec<ReachStep>),
    /// Text children of the element: its content is read.
    Text(Vec<ReachStep>),
}

fn finish(end: End, value: bool, out: &mut Vec<Reach>) -> Vec<Vec<ReachStep>> {
    match end {
        End::Element(s) => {
            emit(out, &s, value);
            vec![s]
        }
        End::Attribute(s) => {
            emit_reach(out, Reach { steps: s, value: false, attrs: true });
            Vec::new()
        }
        End::Text(s) => {
            emit(out, &s, true);
            Vec::new()
        }
    }
}

fn pop(cur: &mut Vec<ReachStep>) -> Result<(), Unbounded> {
    match cur.last() {
        Some(ReachStep::Child(_)) => {
            cur.pop();
            Ok(())
        }
        Some(ReachStep::Deep) => Err(Unbounded),
        // Above the start: the start's ancestors are open elements too.
        Some(ReachStep::Up) => Ok(()),
        None => {
            cur.push(ReachStep::Up);
            Ok(())
        }
    }
}

/// The child step for a node test; `None` for `text()` (the parent's content is read).
/// `node()` also selects text children, so the parent is kept whole.
fn child_of(test: NodeTest, cur: &[ReachStep], out: &mut Vec<Reach>) -> Option<ReachStep> {
    match test {
        NodeTest::Name(n) => Some(ReachStep::Child(Some(n))),
        NodeTest::Any => Some(ReachStep::Child(None)),
        NodeTest::Node => {
            emit(out, cur, true);
            Some(ReachStep::Child(None))
        }
        NodeTest::Text => None,
    }
}

/// A `text()` step ends the pattern; anything after it (or a predicate on it) is
/// not analysed.
fn text_end(cur: Vec<ReachStep>, s: &Step, last: bool) -> Result<End, Unbounded> {
    if last && s.predicates.is_empty() {
        Ok(End::Text(cur))
    } else {
        Err(Unbounded)
    }
}

/// Applies location steps to the pattern `cur`, emitting what predicates reach.
fn steps(path: &[Step], mut cur: Vec<ReachStep>, out: &mut Vec<Reach>) -> Result<End, Unbounded> {
    let mut on_attr = false;
    for (i, s) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        if on_attr && !matches!(s.axis, Axis::Parent | Axis::SelfAxis | Axis::Ancestor | Axis::AncestorOrSelf) {
            // Attributes have no children or siblings.
            return Ok(End::Attribute(cur));
        }
        match s.axis {
            Axis::Attribute => {
                on_attr = true;
            }
            Axis::SelfAxis => {}
            Axis::Parent => {
                if on_attr {
                    on_attr = false;
                } else {
                    pop(&mut cur)?;
                }
            }
            Axis::Ancestor | Axis::AncestorOrSelf => {
                // Ancestors of the context are open at its evaluation; ancestors of
                // deeper nodes may be closed subtrees: not analysed.
                if !matches!(cur.as_slice(), [] | [ReachStep::Up]) {
                    return Err(Unbounded);
                }
                on_attr = false;
                cur.clear();
                cur.push(ReachStep::Up);
            }
            Axis::Child => match child_of(s.test, &cur, out) {
                Some(st) => cur.push(st),
                None => return text_end(cur, s, last),
            },
            Axis::Descendant | Axis::DescendantOrSelf => {
                if s.axis == Axis::DescendantOrSelf && s.test == NodeTest::Node && !last {
                    if !s.predicates.is_empty() {
                        return Err(Unbounded);
                    }
                    cur.push(ReachStep::Deep);
                    continue;
                }
                match child_of(s.test, &cur, out) {
                    Some(st) => {
                        if s.axis == Axis::DescendantOrSelf {
                            // The node itself may be selected too: keep it whole.
                            emit(out, &cur, true);
                        }
                        cur.push(ReachStep::Deep);
                        cur.push(st);
                    }
                    None => {
                        // All text below: the element is read whole.
                        emit(out, &cur, true);
                        return text_end(cur, s, last);
                    }
                }
            }
            Axis::FollowingSibling | Axis::PrecedingSibling => {
                pop(&mut cur)?;
                match child_of(s.test, &cur, out) {
                    Some(st) => cur.push(st),
                    None => return text_end(cur, s, last),
                }
            }
        }
        if on_attr && !s.predicates.is_empty() {
            // `..` inside would climb from the attribute to its owner: not analysed.
            return Err(Unbounded);
        }
        for p in &s.predicates {
            walk(p, &cur, false, out)?;
        }
    }
    Ok(if on_attr { End::Attribute(cur) } else { End::Element(cur) })
}
