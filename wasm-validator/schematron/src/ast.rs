//! Abstract syntax tree of a compiled XPath 1.0 expression.
//!
//! Names in the tree are indices into the [`crate::rules::RuleSet`]-wide (or
//! [`crate::XPath`]-wide) name table so that evaluation compares `u32`s.

/// Index of a name in the name table of the compiled expression set.
pub type NameRef = u32;

/// An XPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a or b or ...` (n-ary, short-circuit).
    Or(Vec<Expr>),
    /// `a and b and ...` (n-ary, short-circuit).
    And(Vec<Expr>),
    /// Comparison `a op b` (equality or relational).
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// Arithmetic `a op b`.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// Unary minus.
    Neg(Box<Expr>),
    /// `a | b | ...`
    Union(Vec<Expr>),
    /// String literal.
    Literal(String),
    /// Number literal.
    Number(f64),
    /// Function call with its resolved function.
    Call(Function, Vec<Expr>),
    /// A location path.
    Path(Path),
    /// A filter expression `primary[pred]...` optionally followed by `/steps`.
    Filter {
        /// The primary expression.
        primary: Box<Expr>,
        /// Predicates applied to the primary node-set.
        predicates: Vec<Expr>,
        /// Steps applied after the filter (`(a|b)/c`).
        steps: Vec<Step>,
    },
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `div`
    Div,
    /// `mod`
    Mod,
}

/// A location path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Starts at the document root (`/...` or `//...`).
    pub absolute: bool,
    /// The steps.
    pub steps: Vec<Step>,
}

/// One location step `axis::test[pred]*`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The axis.
    pub axis: Axis,
    /// The node test.
    pub test: NodeTest,
    /// Predicates.
    pub predicates: Vec<Expr>,
}

/// Supported axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// `child::`
    Child,
    /// `attribute::` / `@`
    Attribute,
    /// `parent::` / `..`
    Parent,
    /// `self::` / `.`
    SelfAxis,
    /// `descendant::`
    Descendant,
    /// `descendant-or-self::` (`//`)
    DescendantOrSelf,
    /// `ancestor::`
    Ancestor,
    /// `ancestor-or-self::`
    AncestorOrSelf,
    /// `following-sibling::`
    FollowingSibling,
    /// `preceding-sibling::`
    PrecedingSibling,
}

/// Node tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeTest {
    /// A name test (local name; any prefix is ignored).
    Name(NameRef),
    /// `*` (or `prefix:*`).
    Any,
    /// `node()`
    Node,
    /// `text()`
    Text,
}

/// Built-in functions (XPath 1.0 core subset plus FNS `usch:` extensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `count(ns)`
    Count,
    /// `not(b)`
    Not,
    /// `true()`
    True,
    /// `false()`
    False,
    /// `string(x?)`
    String,
    /// `concat(a, b, ...)`
    Concat,
    /// `substring(s, start, len?)`
    Substring,
    /// `substring-before(s, t)`
    SubstringBefore,
    /// `substring-after(s, t)`
    SubstringAfter,
    /// `string-length(s?)`
    StringLength,
    /// `normalize-space(s?)`
    NormalizeSpace,
    /// `contains(s, t)`
    Contains,
    /// `starts-with(s, t)`
    StartsWith,
    /// `translate(s, from, to)`
    Translate,
    /// `sum(ns)`
    Sum,
    /// `number(x?)`
    Number,
    /// `round(n)`
    Round,
    /// `floor(n)`
    Floor,
    /// `ceiling(n)`
    Ceiling,
    /// `boolean(x)`
    Boolean,
    /// `name(ns?)`
    Name,
    /// `local-name(ns?)`
    LocalName,
    /// `position()`
    Position,
    /// `last()`
    Last,
    /// `usch:iif(cond, a, b)`
    Iif,
    /// `usch:getFileName()`
    GetFileName,
    /// `usch:compareDate(d1, d2, op?)`
    CompareDate,
}

impl Function {
    /// Resolves a (possibly prefixed) function name; `None` when unsupported.
    pub fn lookup(name: &str) -> Option<Function> {
        use Function::*;
        Some(match name {
            "count" => Count,
            "not" => Not,
            "true" => True,
            "false" => False,
            "string" => String,
            "concat" => Concat,
            "substring" => Substring,
            "substring-before" => SubstringBefore,
            "substring-after" => SubstringAfter,
            "string-length" => StringLength,
            "normalize-space" => NormalizeSpace,
            "contains" => Contains,
            "starts-with" => StartsWith,
            "translate" => Translate,
            "sum" => Sum,
            "number" => Number,
            "round" => Round,
            "floor" => Floor,
            "ceiling" => Ceiling,
            "boolean" => Boolean,
            "name" => Name,
            "local-name" => LocalName,
            "position" => Position,
            "last" => Last,
            "usch:iif" => Iif,
            "usch:getFileName" => GetFileName,
            "usch:compareDate" => CompareDate,
            _ => return None,
        })
    }

    /// Allowed argument counts `(min, max)`; `max == usize::MAX` for variadic.
    pub fn arity(self) -> (usize, usize) {
        use Function::*;
        match self {
            True | False | Position | Last | GetFileName => (0, 0),
            Count | Not | Sum | Round | Floor | Ceiling | Boolean => (1, 1),
            String | StringLength | NormalizeSpace | Number | Name | LocalName => (0, 1),
            Concat => (2, usize::MAX),
            Substring => (2, 3),
            SubstringBefore | SubstringAfter | Contains | StartsWith => (2, 2),
            Translate | Iif => (3, 3),
            CompareDate => (2, 3),
        }
    }
}
