//! Typed errors of the crate.

use thiserror::Error;

/// An XPath expression could not be compiled.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum XPathError {
    /// The expression is longer than [`crate::lexer::MAX_EXPR_LEN`].
    #[error("expression too long ({0} bytes)")]
    TooLong(usize),
    /// A string literal is not closed.
    #[error("unterminated string literal at byte {0}")]
    UnterminatedLiteral(usize),
    /// A malformed number.
    #[error("malformed number at byte {0}")]
    BadNumber(usize),
    /// A character that cannot start a token.
    #[error("unexpected character {0:?} at byte {1}")]
    UnexpectedChar(char, usize),
    /// A name where an operator was expected.
    #[error("unexpected name {0:?} at byte {1} (operator expected)")]
    UnexpectedName(String, usize),
    /// Generic syntax error.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// The expression nests deeper than the parser allows.
    #[error("expression nested too deeply")]
    TooDeep,
    /// A function this engine does not implement.
    #[error("unsupported function {0}()")]
    UnknownFunction(String),
    /// A function called with a wrong number of arguments.
    #[error("function {0}() called with {1} argument(s)")]
    Arity(String, usize),
    /// A syntax feature this engine does not implement.
    #[error("unsupported XPath feature: {0}")]
    Unsupported(String),
}

/// Evaluation of a compiled expression failed on a concrete document.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EvalError {
    /// A node-set was required (path step or predicate applied to a non-node-set).
    #[error("a node-set was expected, got {0}")]
    NotANodeSet(&'static str),
    /// `usch:getFileName()` was called but the file name is unknown.
    #[error("the report file name is unknown (usch:getFileName())")]
    NoFileName,
    /// A function argument has a value the function does not accept.
    #[error("bad argument: {0}")]
    BadArgument(String),
    /// The evaluation exceeded its work budget.
    #[error("evaluation budget exceeded")]
    Budget,
}

/// A document could not be built or parsed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DocumentError {
    /// The XML parser reported an error.
    #[error("XML error at byte {0}: {1}")]
    Xml(u64, String),
    /// Unbalanced start/end events.
    #[error("unbalanced element events")]
    Unbalanced,
    /// The document exceeds the 4 G nodes/bytes addressable by `u32` indices.
    #[error("document too large for the compact model")]
    TooLarge,
}
