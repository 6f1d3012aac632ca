//! Core XPath 1.0 functions and the FNS `usch:` extension functions.
//!
//! Extension semantics (see `docs/schematron.md`):
//! * `usch:iif(c, a, b)` — evaluates `c` as boolean and returns the value of
//!   `a` or `b` (only the chosen branch is evaluated).
//! * `usch:getFileName()` — the report file name without directory and
//!   without the `.xml` extension (the rule compares it with `@ИдФайл`).
//! * `usch:compareDate(d1, d2)` — dates as `DD.MM.YYYY` (also `YYYY-MM-DD`);
//!   returns -1, 0 or 1 (NaN if either date is malformed). With a third
//!   argument, an operator string (`<`, `<=`, `=`, `!=`, `>`, `>=` or
//!   `lt le eq ne gt ge`), returns the boolean `d1 op d2` (false if malformed).

use crate::ast::{Expr, Function};
use crate::error::EvalError;
use crate::eval::{Ctx, Focus};
use crate::value::{num_to_str, str_to_num, Value};

fn nodes(v: Value) -> Result<Vec<crate::NodeId>, EvalError> {
    match v {
        Value::Nodes(n) => Ok(n),
        other => Err(EvalError::NotANodeSet(other.type_name())),
    }
}

/// XPath `round()`: nearest integer, halves towards +∞; NaN/±∞/±0 unchanged.
pub fn xpath_round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        x
    } else if (-0.5..0.0).contains(&x) {
        -0.0
    } else {
        (x + 0.5).floor()
    }
}

/// Parses `DD.MM.YYYY` (FNS `ДатаТип`, exactly 10 characters) or `YYYY-MM-DD`
/// (xs:date without time zone) into a sortable day number; `None` for anything
/// else or an impossible date (31.04, 29.02 of a non-leap year, month 13, day 0).
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let parts: Vec<&str> = if s.contains('.') { s.split('.').collect() } else { s.split('-').collect() };
    // ДатаТип of the FNS formats: exactly DD.MM.YYYY (10 characters); ISO YYYY-MM-DD.
    let widths: [usize; 3] = if s.contains('.') { [2, 2, 4] } else { [4, 2, 2] };
    if parts.len() != 3 || parts.iter().zip(widths).any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (d, m, y) = if s.contains('.') { (parts[0], parts[1], parts[2]) } else { (parts[2], parts[1], parts[0]) };
    let (d, m, y): (i64, i64, i64) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > dim || y > 9999 {
        return None;
    }
    Some(y * 10_000 + m * 100 + d)
}

/// Evaluates a function call.
pub(crate) fn call(ctx: &Ctx<'_>, f: Function, args: &[Expr], focus: Focus) -> Result<Value, EvalError> {
    let doc = ctx.doc;
    let arg = |k: usize| -> Result<Value, EvalError> {
        match args.get(k) {
            Some(e) => ctx.eval(e, focus),
            None => Ok(Value::Nodes(vec![focus.node])),
        }
    };
    let s = |k: usize| -> Result<String, EvalError> { Ok(arg(k)?.to_str(doc)) };
    let n = |k: usize| -> Result<f64, EvalError> { Ok(arg(k)?.to_num(doc)) };
    Ok(match f {
        Function::Count => Value::Num(nodes(arg(0)?)?.len() as f64),
        Function::Not => Value::Bool(!arg(0)?.to_bool()),
        Function::True => Value::Bool(true),
        Function::False => Value::Bool(false),
        Function::Boolean => Value::Bool(arg(0)?.to_bool()),
        Function::String => Value::Str(s(0)?),
        Function::Number => Value::Num(n(0)?),
        Function::Concat => {
            let mut out = String::new();
            for k in 0..args.len() {
                out.push_str(&s(k)?);
            }
            Value::Str(out)
        }
        Function::Substring => {
            let text = s(0)?;
            let start = xpath_round(n(1)?);
            let end = if args.len() > 2 { start + xpath_round(n(2)?) } else { f64::INFINITY };
            let out: String = text
                .chars()
                .enumerate()
                .filter(|&(i, _)| {
                    let p = (i + 1) as f64;
                    p >= start && p < end
                })
                .map(|(_, c)| c)
                .collect();
            Value::Str(out)
        }
        Function::SubstringBefore => {
            let (a, b) = (s(0)?, s(1)?);
            Value::Str(a.find(&b).map(|i| a[..i].to_owned()).unwrap_or_default())
        }
        Function::SubstringAfter => {
            let (a, b) = (s(0)?, s(1)?);
            Value::Str(a.find(&b).map(|i| a[i + b.len()..].to_owned()).unwrap_or_default())
        }
        Function::StringLength => Value::Num(s(0)?.chars().count() as f64),
        Function::NormalizeSpace => {
            let t = s(0)?;
            Value::Str(t.split([' ', '\t', '\r', '\n']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        }
        Function::Contains => Value::Bool(s(0)?.contains(&s(1)?)),
        Function::StartsWith => Value::Bool(s(0)?.starts_with(&s(1)?)),
        Function::Translate => {
            let (text, from, to) = (s(0)?, s(1)?, s(2)?);
            let from: Vec<char> = from.chars().collect();
            let to: Vec<char> = to.chars().collect();
            let out: String = text
                .chars()
                .filter_map(|c| match from.iter().position(|&x| x == c) {
                    Some(i) => to.get(i).copied(),
                    None => Some(c),
                })
                .collect();
            Value::Str(out)
        }
        Function::Sum => {
            let ns = nodes(arg(0)?)?;
            Value::Num(ns.iter().map(|&id| str_to_num(&doc.string_value(id))).sum())
        }
        Function::Round => Value::Num(xpath_round(n(0)?)),
        Function::Floor => Value::Num(n(0)?.floor()),
        Function::Ceiling => Value::Num(n(0)?.ceil()),
        Function::Name | Function::LocalName => {
            let ns = nodes(arg(0)?)?;
            Value::Str(ns.first().map(|&id| doc.name(id).to_owned()).unwrap_or_default())
        }
        Function::Position => Value::Num(focus.pos as f64),
        Function::Last => Value::Num(focus.size as f64),
        Function::Iif => {
            if arg(0)?.to_bool() {
                arg(1)?
            } else {
                arg(2)?
            }
        }
        Function::GetFileName => Value::Str(ctx.file_name.ok_or(EvalError::NoFileName)?.to_owned()),
        Function::CompareDate => {
            let (a, b) = (parse_date(&s(0)?), parse_date(&s(1)?));
            if args.len() > 2 {
                let op = s(2)?;
                let r = match (a, b) {
                    (Some(a), Some(b)) => match op.trim() {
                        "<" | "lt" => a < b,
                        "<=" | "le" => a <= b,
                        "=" | "==" | "eq" => a == b,
                        "!=" | "ne" => a != b,
                        ">" | "gt" => a > b,
                        ">=" | "ge" => a >= b,
                        other => return Err(EvalError::BadArgument(format!("usch:compareDate operator {other:?}"))),
                    },
                    _ => false,
                };
                Value::Bool(r)
            } else {
                Value::Num(match (a, b) {
                    (Some(a), Some(b)) => match a.cmp(&b) {
                        std::cmp::Ordering::Less => -1.0,
                        std::cmp::Ordering::Equal => 0.0,
                        std::cmp::Ordering::Greater => 1.0,
                    },
                    _ => f64::NAN,
                })
            }
        }
    })
}

/// Formats a value as a message string (used by `usch:value-of`).
pub(crate) fn display(ctx: &Ctx<'_>, v: &Value) -> String {
    match v {
        Value::Num(n) => num_to_str(*n),
        other => other.to_str(ctx.doc),
    }
}
