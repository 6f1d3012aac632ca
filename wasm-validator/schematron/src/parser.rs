//! Recursive-descent parser for XPath 1.0 expressions (XPath 1.0 §3 grammar).
//!
//! Nesting depth is bounded by [`MAX_DEPTH`] so that neither the parser nor the
//! evaluator can overflow the stack on hostile input; `and`/`or`/`|` chains are
//! stored flat and do not count towards the depth.

use std::collections::HashMap;

use crate::ast::{ArithOp, Axis, CmpOp, Expr, Function, NameRef, NodeTest, Path, Step};
use crate::error::XPathError;
use crate::lexer::{tokenize, Token};

/// Maximum nesting budget. Each nested sub-expression (parentheses,
/// predicates, function arguments) costs [`NESTING_COST`], each operator of a
/// left-associative chain (`=`, `<`, `+`, `*`, ...) costs 1. This bounds both
/// the parser's recursion and the depth of the tree the evaluator recurses on.
pub const MAX_DEPTH: usize = 320;

/// Cost of one level of sub-expression nesting (about 32 levels allowed).
pub const NESTING_COST: usize = 10;

/// Table of element/attribute names used by a set of compiled expressions.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    names: Vec<String>,
    index: HashMap<String, NameRef>,
}

impl NameTable {
    /// Interns a local name.
    pub fn intern(&mut self, name: &str) -> NameRef {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as NameRef;
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        id
    }

    /// All names, indexed by [`NameRef`].
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// Parses `src` into an expression, interning names into `names`.
pub fn parse(src: &str, names: &mut NameTable) -> Result<Expr, XPathError> {
    let tokens = tokenize(src)?;
    let mut p = Parser { tokens, pos: 0, depth: 0, names };
    let e = p.expr()?;
    if p.pos != p.tokens.len() {
        return Err(XPathError::Syntax(format!(
            "unexpected token {:?}",
            p.tokens[p.pos]
        )));
    }
    Ok(e)
}

/// Builds a binary node from its operands.
type MakeBinary = Box<dyn Fn(Expr, Expr) -> Expr>;

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    names: &'a mut NameTable,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn eat(&mut self, t: &Token) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, t: &Token) -> Result<(), XPathError> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(XPathError::Syntax(format!(
                "expected {:?}, found {:?}",
                t,
                self.peek()
            )))
        }
    }

    fn enter(&mut self, cost: usize) -> Result<(), XPathError> {
        self.depth += cost;
        if self.depth > MAX_DEPTH {
            Err(XPathError::TooDeep)
        } else {
            Ok(())
        }
    }

    fn expr(&mut self) -> Result<Expr, XPathError> {
        self.enter(NESTING_COST)?;
        let r = self.or_expr();
        self.depth -= NESTING_COST;
        r
    }

    fn or_expr(&mut self) -> Result<Expr, XPathError> {
        let first = self.and_expr()?;
        if self.peek() != Some(&Token::Or) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&Token::Or) {
            items.push(self.and_expr()?);
        }
        Ok(Expr::Or(items))
    }

    fn and_expr(&mut self) -> Result<Expr, XPathError> {
        let first = self.eq_expr()?;
        if self.peek() != Some(&Token::And) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&Token::And) {
            items.push(self.eq_expr()?);
        }
        Ok(Expr::And(items))
    }

    /// Parses a left-associative chain; each operator adds one nesting level.
    fn chain(
        &mut self,
        next: fn(&mut Self) -> Result<Expr, XPathError>,
        op_of: fn(&Token) -> Option<MakeBinary>,
    ) -> Result<Expr, XPathError> {
        let saved = self.depth;
        let mut left = next(self)?;
        while let Some(make) = self.peek().and_then(op_of) {
            self.pos += 1;
            self.enter(1)?;
            let right = next(self)?;
            left = make(left, right);
        }
        self.depth = saved;
        Ok(left)
    }

    fn eq_expr(&mut self) -> Result<Expr, XPathError> {
        self.chain(Self::rel_expr, |t| cmp_op(t, true))
    }

    fn rel_expr(&mut self) -> Result<Expr, XPathError> {
        self.chain(Self::add_expr, |t| cmp_op(t, false))
    }

    fn add_expr(&mut self) -> Result<Expr, XPathError> {
        self.chain(Self::mul_expr, |t| {
            let op = match t {
                Token::Plus => ArithOp::Add,
                Token::Minus => ArithOp::Sub,
                _ => return None,
            };
            Some(arith(op))
        })
    }

    fn mul_expr(&mut self) -> Result<Expr, XPathError> {
        self.chain(Self::unary_expr, |t| {
            let op = match t {
                Token::Multiply => ArithOp::Mul,
                Token::Div => ArithOp::Div,
                Token::Mod => ArithOp::Mod,
                _ => return None,
            };
            Some(arith(op))
        })
    }

    fn unary_expr(&mut self) -> Result<Expr, XPathError> {
        let mut negs = 0usize;
        while self.eat(&Token::Minus) {
            negs += 1;
        }
        let e = self.union_expr()?;
        Ok(if negs % 2 == 1 {
            Expr::Neg(Box::new(e))
        } else if negs > 0 {
            Expr::Neg(Box::new(Expr::Neg(Box::new(e))))
        } else {
            e
        })
    }

    fn union_expr(&mut self) -> Result<Expr, XPathError> {
        let first = self.path_expr()?;
        if self.peek() != Some(&Token::Pipe) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(&Token::Pipe) {
            items.push(self.path_expr()?);
        }
        Ok(Expr::Union(items))
    }

    fn path_expr(&mut self) -> Result<Expr, XPathError> {
        match self.peek() {
            Some(Token::Literal(_))
            | Some(Token::Number(_))
            | Some(Token::FunctionName(_))
            | Some(Token::LParen) => {
                let primary = self.primary()?;
                let predicates = self.predicates()?;
                let mut steps = Vec::new();
                self.trailing_steps(&mut steps)?;
                if predicates.is_empty() && steps.is_empty() {
                    Ok(primary)
                } else {
                    Ok(Expr::Filter { primary: Box::new(primary), predicates, steps })
                }
            }
            _ => self.location_path().map(Expr::Path),
        }
    }

    fn trailing_steps(&mut self, steps: &mut Vec<Step>) -> Result<(), XPathError> {
        loop {
            if self.eat(&Token::Slash) {
                steps.push(self.step()?);
            } else if self.eat(&Token::DoubleSlash) {
                steps.push(descendant_or_self());
                steps.push(self.step()?);
            } else {
                return Ok(());
            }
        }
    }

    fn location_path(&mut self) -> Result<Path, XPathError> {
        let mut steps = Vec::new();
        let absolute;
        if self.eat(&Token::Slash) {
            absolute = true;
            if self.starts_step() {
                steps.push(self.step()?);
            }
        } else if self.eat(&Token::DoubleSlash) {
            absolute = true;
            steps.push(descendant_or_self());
            steps.push(self.step()?);
        } else {
            absolute = false;
            steps.push(self.step()?);
        }
        self.trailing_steps(&mut steps)?;
        Ok(Path { absolute, steps })
    }

    fn starts_step(&self) -> bool {
        matches!(
            self.peek(),
            Some(Token::Dot)
                | Some(Token::DotDot)
                | Some(Token::At)
                | Some(Token::Star)
                | Some(Token::Name(_))
                | Some(Token::NodeType(_))
                | Some(Token::AxisName(_))
        )
    }

    fn step(&mut self) -> Result<Step, XPathError> {
        if self.eat(&Token::Dot) {
            return Ok(Step { axis: Axis::SelfAxis, test: NodeTest::Node, predicates: vec![] });
        }
        if self.eat(&Token::DotDot) {
            return Ok(Step { axis: Axis::Parent, test: NodeTest::Node, predicates: vec![] });
        }
        let axis = if self.eat(&Token::At) {
            Axis::Attribute
        } else if let Some(Token::AxisName(name)) = self.peek() {
            let axis = match name.as_str() {
                "child" => Axis::Child,
                "attribute" => Axis::Attribute,
                "parent" => Axis::Parent,
                "self" => Axis::SelfAxis,
                "descendant" => Axis::Descendant,
                "descendant-or-self" => Axis::DescendantOrSelf,
                "ancestor" => Axis::Ancestor,
                "ancestor-or-self" => Axis::AncestorOrSelf,
                "following-sibling" => Axis::FollowingSibling,
                "preceding-sibling" => Axis::PrecedingSibling,
                other => return Err(XPathError::Unsupported(format!("axis {other}::"))),
            };
            self.pos += 1;
            self.expect(&Token::ColonColon)?;
            axis
        } else {
            Axis::Child
        };
        let test = match self.peek().cloned() {
            Some(Token::Star) => {
                self.pos += 1;
                NodeTest::Any
            }
            Some(Token::Name(n)) => {
                self.pos += 1;
                NodeTest::Name(self.names.intern(local(&n)))
            }
            Some(Token::NodeType(t)) => {
                self.pos += 1;
                self.expect(&Token::LParen)?;
                self.expect(&Token::RParen)?;
                match t.as_str() {
                    "node" => NodeTest::Node,
                    "text" => NodeTest::Text,
                    other => return Err(XPathError::Unsupported(format!("{other}()"))),
                }
            }
            other => return Err(XPathError::Syntax(format!("expected a node test, found {other:?}"))),
        };
        let predicates = self.predicates()?;
        Ok(Step { axis, test, predicates })
    }

    fn predicates(&mut self) -> Result<Vec<Expr>, XPathError> {
        let mut preds = Vec::new();
        while self.eat(&Token::LBracket) {
            preds.push(self.expr()?);
            self.expect(&Token::RBracket)?;
        }
        Ok(preds)
    }

    fn primary(&mut self) -> Result<Expr, XPathError> {
        match self.peek().cloned() {
            Some(Token::Literal(s)) => {
                self.pos += 1;
                Ok(Expr::Literal(s))
            }
            Some(Token::Number(n)) => {
                self.pos += 1;
                Ok(Expr::Number(n))
            }
            Some(Token::LParen) => {
                self.pos += 1;
                let e = self.expr()?;
                self.expect(&Token::RParen)?;
                Ok(e)
            }
            Some(Token::FunctionName(name)) => {
                self.pos += 1;
                let f = Function::lookup(&name).ok_or_else(|| XPathError::UnknownFunction(name.clone()))?;
                self.expect(&Token::LParen)?;
                let mut args = Vec::new();
                if !self.eat(&Token::RParen) {
                    loop {
                        args.push(self.expr()?);
                        if self.eat(&Token::RParen) {
                            break;
                        }
                        self.expect(&Token::Comma)?;
                    }
                }
                let (min, max) = f.arity();
                if args.len() < min || args.len() > max {
                    return Err(XPathError::Arity(name, args.len()));
                }
                Ok(Expr::Call(f, args))
            }
            other => Err(XPathError::Syntax(format!("unexpected token {other:?}"))),
        }
    }
}

fn descendant_or_self() -> Step {
    Step { axis: Axis::DescendantOrSelf, test: NodeTest::Node, predicates: vec![] }
}

fn cmp_op(t: &Token, equality: bool) -> Option<MakeBinary> {
    let op = match (t, equality) {
        (Token::Eq, true) => CmpOp::Eq,
        (Token::Ne, true) => CmpOp::Ne,
        (Token::Lt, false) => CmpOp::Lt,
        (Token::Le, false) => CmpOp::Le,
        (Token::Gt, false) => CmpOp::Gt,
        (Token::Ge, false) => CmpOp::Ge,
        _ => return None,
    };
    Some(Box::new(move |a, b| Expr::Compare(op, Box::new(a), Box::new(b))))
}

fn arith(op: ArithOp) -> MakeBinary {
    Box::new(move |a, b| Expr::Arith(op, Box::new(a), Box::new(b)))
}
