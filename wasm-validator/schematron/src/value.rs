//! XPath 1.0 values and their conversions (XPath 1.0 §4.2–4.4).

use crate::document::{Document, NodeId};

/// Result of evaluating an XPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A node-set in document order without duplicates.
    Nodes(Vec<NodeId>),
    /// A boolean.
    Bool(bool),
    /// A number (IEEE 754 double).
    Num(f64),
    /// A string.
    Str(String),
}

impl Value {
    /// Name of the value type for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nodes(_) => "node-set",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
        }
    }

    /// `boolean()` conversion.
    pub fn to_bool(&self) -> bool {
        match self {
            Value::Nodes(n) => !n.is_empty(),
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
        }
    }

    /// `number()` conversion.
    pub fn to_num(&self, doc: &Document) -> f64 {
        match self {
            Value::Nodes(_) => str_to_num(&self.to_str(doc)),
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Num(n) => *n,
            Value::Str(s) => str_to_num(s),
        }
    }

    /// `string()` conversion (string-value of the first node of a node-set).
    pub fn to_str(&self, doc: &Document) -> String {
        match self {
            Value::Nodes(n) => n.first().map(|&id| doc.string_value(id)).unwrap_or_default(),
            Value::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
            Value::Num(n) => num_to_str(*n),
            Value::Str(s) => s.clone(),
        }
    }
}

/// XPath 1.0 string → number: optional whitespace, optional `-`, digits with
/// an optional `.`, optional whitespace; anything else is NaN (no `+`, no
/// exponent).
pub fn str_to_num(s: &str) -> f64 {
    // Unsigned integers of up to 15 digits without surrounding whitespace (most
    // values: codes, INNs, dates' parts) in one pass; exact in an f64.
    let b = s.as_bytes();
    if (1..=15).contains(&b.len()) {
        let mut n = 0u64;
        let mut digits = true;
        for &c in b {
            let d = c.wrapping_sub(b'0');
            digits &= d <= 9;
            n = n.wrapping_mul(10).wrapping_add(u64::from(d));
        }
        if digits {
            return n as f64;
        }
    }
    let t = s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\r' | '\n'));
    let body = t.strip_prefix('-').unwrap_or(t);
    // Integers of up to 15 digits (codes, INNs, dates' parts) are exact in an
    // f64: no need for the general decimal parser.
    if (1..=15).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_digit()) {
        let n = body.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64;
        return if body.len() < t.len() { -n } else { n };
    }
    let mut digits = 0;
    let mut dots = 0;
    for c in body.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => dots += 1,
            _ => return f64::NAN,
        }
    }
    if digits == 0 || dots > 1 {
        return f64::NAN;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

/// XPath 1.0 number → string: `NaN`, `Infinity`, `-Infinity`, integers
/// without a decimal point, otherwise plain decimal notation (no exponent).
pub fn num_to_str(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if n == 0.0 {
        "0".to_owned()
    } else {
        // Rust's Display for f64 is the shortest round-trip representation
        // and never uses exponent notation, as XPath requires.
        format!("{n}")
    }
}
