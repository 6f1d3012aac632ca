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
    assemble(parts, &values(ctx, parts, focus))
}

/// The `value-of` results of a template (`None`: not evaluable).
fn values(ctx: &Ctx<'_>, parts: &[CompiledPart], focus: Focus) -> Vec<Option<String>> {
    parts
        .iter()
        .filter_map(|p| match p {
            CompiledPart::Value(e) => Some(ctx.eval(e, focus).ok().map(|v| display(ctx, &v))),
            _ => None,
        })
        .collect()
}

/// The message of a template with its `value-of` results.
fn assemble(parts: &[CompiledPart], values: &[Option<String>]) -> String {
    let mut raw = String::new();
    let mut values = values.iter();
    for p in parts {
        match p {
            CompiledPart::Text(t) => raw.push_str(t),
            CompiledPart::Value(_) => raw.push_str(values.next().and_then(|v| v.as_deref()).unwrap_or(UNAVAILABLE)),
            CompiledPart::Broken => raw.push_str(UNAVAILABLE),
        }
    }
    collapse_whitespace(&raw)
}

/// The messages of one check's failures. A rule failing again with the same
/// `value-of` results reuses its message: the text is assembled once, and a
/// failure keeps a 4-byte id instead of its own copy.
#[derive(Default)]
pub(crate) struct MessageCache {
    texts: Vec<Box<str>>,
    /// Per rule: the `value-of` results of its last message and that message.
    last: std::collections::HashMap<usize, (Vec<Option<String>>, u32)>,
}

impl MessageCache {
    /// The id of rule `rule`'s message at `focus`.
    pub(crate) fn id(&mut self, ctx: &Ctx<'_>, rule: usize, parts: &[CompiledPart], focus: Focus) -> u32 {
        let values = values(ctx, parts, focus);
        if let Some((last, id)) = self.last.get(&rule) {
            if *last == values {
                return *id;
            }
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(assemble(parts, &values).into());
        self.last.insert(rule, (values, id));
        id
    }

    /// The text of message `id`.
    pub(crate) fn text(&self, id: u32) -> &str {
        self.texts.get(id as usize).map(|t| &**t).unwrap_or("")
    }
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

