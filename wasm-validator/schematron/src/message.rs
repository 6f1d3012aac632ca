//! Assertion messages: `usch:error` text with `usch:value-of` parts.

use serde::{Deserialize, Serialize};

use crate::ast::Expr;
use crate::eval::{Ctx, Focus};
use crate::functions::display;

/// One part of an assertion message template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessagePart {
    /// Literal text.
    Text(String),
    /// `usch:value-of select="xpath"`: replaced by the string value of the
    /// expression evaluated in the rule's context.
    ValueOf(String),
}

/// A message part ready for expansion.
#[derive(Debug, Clone)]
pub(crate) enum CompiledPart {
    Text(String),
    Value(Expr),
    /// A `value-of` expression that failed to compile (rendered as `{?}`).
    Broken,
}

/// Placeholder for a `value-of` that cannot be evaluated.
pub const UNAVAILABLE: &str = "{?}";

/// Expands a compiled template at `focus`; whitespace runs collapse to one
/// space and the result is trimmed (the XSD indents message text).
pub(crate) fn expand(ctx: &Ctx<'_>, parts: &[CompiledPart], focus: Focus) -> String {
    let mut raw = String::new();
    for p in parts {
        match p {
            CompiledPart::Text(t) => raw.push_str(t),
            CompiledPart::Value(e) => match ctx.eval(e, focus) {
                Ok(v) => raw.push_str(&display(ctx, &v)),
                Err(_) => raw.push_str(UNAVAILABLE),
            },
            CompiledPart::Broken => raw.push_str(UNAVAILABLE),
        }
    }
    collapse_whitespace(&raw)
}

/// Whitespace runs → one space, trimmed (same as `split_whitespace` + `join(" ")`).
fn collapse_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Plain-text rendering of a template without evaluation (value-ofs as `{xpath}`).
pub fn template_text(parts: &[MessagePart]) -> String {
    let mut raw = String::new();
    for p in parts {
        match p {
            MessagePart::Text(t) => raw.push_str(t),
            MessagePart::ValueOf(x) => {
                raw.push('{');
                raw.push_str(x);
                raw.push('}');
            }
        }
    }
    collapse_whitespace(&raw)
}

