//! Reference for the differential pattern tests: translation of XSD 1.0
//! regular expressions into the syntax of the `regex` crate (the validator's
//! engine before its own matcher), with XSD semantics:
//!
//! * implicit anchoring (the whole value must match);
//! * `\s` is `[ \t\n\r]` only, `.` excludes `\n` and `\r`;
//! * `^` and `$` are ordinary characters;
//! * `\i` / `\c` (XML name start / name characters);
//! * character class subtraction `[a-z-[aeiou]]`;
//! * characters such as `&`, `~`, `|`, `,` inside classes are literals;
//! * ranges are plain code point ranges (`А-Я` does not contain `Ё`).

/// Errors for patterns that are not valid XSD regular expressions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid XSD pattern {pattern:?}: {message}")]
pub struct RegexError {
    /// The offending pattern.
    pub pattern: String,
    /// What is wrong.
    pub message: String,
}

const NAME_START: &str = r"A-Z_a-z:\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}";
const NAME_EXTRA: &str = r"\-.0-9\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}";

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    pattern: &'a str,
}

impl<'a> Parser<'a> {
    fn err(&self, message: &str) -> RegexError {
        RegexError { pattern: self.pattern.to_string(), message: format!("{message} at position {}", self.pos) }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Translates a whole branch list until `)` or end.
    fn regexp(&mut self, out: &mut String, depth: usize) -> Result<(), RegexError> {
        if depth > 100 {
            return Err(self.err("groups nested too deeply"));
        }
        loop {
            match self.peek() {
                None => return Ok(()),
                Some(')') => return Ok(()),
                Some('|') => {
                    self.pos += 1;
                    out.push('|');
                }
                Some('(') => {
                    self.pos += 1;
                    out.push_str("(?:");
                    self.regexp(out, depth + 1)?;
                    if self.peek() != Some(')') {
                        return Err(self.err("unclosed group"));
                    }
                    self.pos += 1;
                    out.push(')');
                    self.quantifier(out)?;
                }
                Some('[') => {
                    self.pos += 1;
                    self.class(out)?;
                    self.quantifier(out)?;
                }
                Some('\\') => {
                    self.pos += 1;
                    self.escape(out, false)?;
                    self.quantifier(out)?;
                }
                Some('.') => {
                    self.pos += 1;
                    out.push_str(r"[^\n\r]");
                    self.quantifier(out)?;
                }
                Some(c @ ('?' | '*' | '+' | '{')) => {
                    return Err(self.err(&format!("quantifier {c:?} without an atom")));
                }
                Some(']') => return Err(self.err("unbalanced ']'")),
                Some(c) => {
                    self.pos += 1;
                    push_literal(out, c);
                    self.quantifier(out)?;
                }
            }
        }
    }

    fn quantifier(&mut self, out: &mut String) -> Result<(), RegexError> {
        match self.peek() {
            Some(c @ ('?' | '*' | '+')) => {
                self.pos += 1;
                out.push(c);
            }
            Some('{') => {
                let start = self.pos;
                self.pos += 1;
                let mut body = String::new();
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == '}' {
                        break;
                    }
                    body.push(c);
                }
                if self.chars.get(self.pos - 1) != Some(&'}') {
                    self.pos = start;
                    return Err(self.err("unclosed quantifier"));
                }
                let valid = {
                    let mut parts = body.splitn(2, ',');
                    let min = parts.next().unwrap_or("");
                    let max = parts.next();
                    !min.is_empty()
                        && min.chars().all(|c| c.is_ascii_digit())
                        && max.is_none_or(|m| m.chars().all(|c| c.is_ascii_digit()))
                };
                if !valid {
                    return Err(self.err("bad quantifier"));
                }
                out.push('{');
                out.push_str(&body);
                out.push('}');
            }
            _ => return Ok(()),
        }
        if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
            return Err(self.err("double quantifier"));
        }
        Ok(())
    }

    /// Translates an escape (after the backslash). `in_class` selects how
    /// multi-character escapes are emitted.
    fn escape(&mut self, out: &mut String, in_class: bool) -> Result<(), RegexError> {
        let c = self.peek().ok_or_else(|| self.err("dangling backslash"))?;
        self.pos += 1;
        let class_body: Option<String> = match c {
            'n' => return lit(out, '\n'),
            'r' => return lit(out, '\r'),
            't' => return lit(out, '\t'),
            '\\' | '|' | '.' | '-' | '^' | '?' | '*' | '+' | '{' | '}' | '(' | ')' | '[' | ']' => {
                return lit(out, c)
            }
            's' => Some(r"\t\n\r ".into()),
            'S' => Some(r"^\t\n\r ".into()),
            'd' => Some(r"\d".into()),
            'D' => Some(r"\D".into()),
            // XSD: \w = not (punctuation, separator, other).
            'w' => Some(r"\p{L}\p{M}\p{N}\p{S}".into()),
            'W' => Some(r"^\p{L}\p{M}\p{N}\p{S}".into()),
            'i' => Some(NAME_START.into()),
            'I' => Some(format!("^{NAME_START}")),
            'c' => Some(format!("{NAME_START}{NAME_EXTRA}")),
            'C' => Some(format!("^{NAME_START}{NAME_EXTRA}")),
            'p' | 'P' => {
                if self.peek() != Some('{') {
                    return Err(self.err("\\p without {"));
                }
                let mut name = String::new();
                self.pos += 1;
                loop {
                    match self.peek() {
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(ch) => {
                            name.push(ch);
                            self.pos += 1;
                        }
                        None => return Err(self.err("unclosed \\p{")),
                    }
                }
                let translated = match name.strip_prefix("Is") {
                    Some(block) => block_range(block).ok_or_else(|| self.err("unknown Unicode block"))?.to_string(),
                    None => format!("\\p{{{name}}}"),
                };
                let negated = c == 'P';
                if in_class {
                    if negated {
                        return Err(self.err("negated \\P inside a class is not supported"));
                    }
                    out.push_str(&translated);
                } else {
                    out.push_str(if negated { "[^" } else { "[" });
                    out.push_str(&translated);
                    out.push(']');
                }
                return Ok(());
            }
            _ => return Err(self.err(&format!("unknown escape \\{c}"))),
        };
        let body = class_body.unwrap_or_default();
        if in_class {
            if body.starts_with('^') {
                out.push('[');
                out.push_str(&body);
                out.push(']');
            } else {
                out.push_str(&body);
            }
        } else {
            out.push('[');
            out.push_str(&body);
            out.push(']');
        }
        Ok(())
    }

    /// Translates a character class (after the `[`), including subtraction.
    fn class(&mut self, out: &mut String) -> Result<(), RegexError> {
        out.push('[');
        if self.peek() == Some('^') {
            self.pos += 1;
            out.push('^');
        }
        let mut first = true;
        loop {
            let c = self.peek().ok_or_else(|| self.err("unclosed character class"))?;
            match c {
                ']' if !first => {
                    self.pos += 1;
                    out.push(']');
                    return Ok(());
                }
                '-' if self.chars.get(self.pos + 1) == Some(&'[') && !first => {
                    // Subtraction: [base-[sub]]
                    self.pos += 2;
                    out.push_str("--");
                    self.class(out)?;
                    if self.peek() != Some(']') {
                        return Err(self.err("subtraction must end the class"));
                    }
                    self.pos += 1;
                    out.push(']');
                    return Ok(());
                }
                '[' => return Err(self.err("'[' must be escaped inside a class")),
                '\\' => {
                    self.pos += 1;
                    let save = out.len();
                    self.escape(out, true)?;
                    // A single-char escape can start a range.
                    let single = &out[save..];
                    let is_single = single.chars().count() <= 2 && !single.starts_with('[') && !single.starts_with("\\d") && !single.starts_with("\\D") && !single.starts_with("\\p");
                    if is_single && self.peek() == Some('-') && !matches!(self.chars.get(self.pos + 1), Some(']') | Some('[') | None) {
                        self.pos += 1;
                        out.push('-');
                        self.range_end(out)?;
                    }
                }
                _ => {
                    self.pos += 1;
                    push_class_literal(out, c);
                    if self.peek() == Some('-') && !matches!(self.chars.get(self.pos + 1), Some(']') | Some('[') | None) {
                        self.pos += 1;
                        out.push('-');
                        self.range_end(out)?;
                    }
                }
            }
            first = false;
        }
    }

    fn range_end(&mut self, out: &mut String) -> Result<(), RegexError> {
        let c = self.peek().ok_or_else(|| self.err("unterminated range"))?;
        self.pos += 1;
        if c == '\\' {
            let e = self.peek().ok_or_else(|| self.err("dangling backslash"))?;
            self.pos += 1;
            let ch = match e {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '\\' | '|' | '.' | '-' | '^' | '?' | '*' | '+' | '{' | '}' | '(' | ')' | '[' | ']' => e,
                _ => return Err(self.err("range ends with a multi-character escape")),
            };
            push_class_literal(out, ch);
        } else {
            push_class_literal(out, c);
        }
        Ok(())
    }
}

fn lit(out: &mut String, c: char) -> Result<(), RegexError> {
    push_literal(out, c);
    Ok(())
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace()) {
        out.push(c);
    } else {
        push_escaped(out, c);
    }
}

fn push_class_literal(out: &mut String, c: char) {
    push_literal(out, c);
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str(r"\n"),
        '\r' => out.push_str(r"\r"),
        '\t' => out.push_str(r"\t"),
        ' ' => out.push_str(r"\x20"),
        c if "\\.+*?()|[]{}^$#&-~".contains(c) => {
            out.push('\\');
            out.push(c);
        }
        c if c.is_ascii_graphic() => out.push(c),
        c => out.push_str(&format!("\\x{{{:X}}}", c as u32)),
    }
}

fn block_range(block: &str) -> Option<&'static str> {
    Some(match block {
        "BasicLatin" => r"\x00-\x7F",
        "Latin-1Supplement" => r"\x{80}-\x{FF}",
        "Cyrillic" => r"\x{400}-\x{4FF}",
        "CyrillicSupplement" | "CyrillicSupplementary" => r"\x{500}-\x{52F}",
        "GeneralPunctuation" => r"\x{2000}-\x{206F}",
        "Greek" | "GreekandCoptic" => r"\x{370}-\x{3FF}",
        _ => return None,
    })
}

/// Translates one XSD pattern into an unanchored `regex`-crate expression
/// (wrap it with [`anchor_alternatives`] before compiling).
#[allow(dead_code)]
pub fn translate(pattern: &str) -> Result<String, RegexError> {
    let mut p = Parser { chars: pattern.chars().collect(), pos: 0, pattern };
    let mut out = String::with_capacity(pattern.len() * 2);
    p.regexp(&mut out, 0)?;
    if p.pos != p.chars.len() {
        return Err(p.err("unbalanced ')'"));
    }
    Ok(out)
}

/// Joins translated patterns of ONE derivation step (they are alternatives) into an
/// anchored expression.
#[allow(dead_code)]
pub fn anchor_alternatives(translated: &[String]) -> String {
    let mut s = String::from(r"\A(?:");
    for (i, t) in translated.iter().enumerate() {
        if i > 0 {
            s.push('|');
        }
        s.push_str("(?:");
        s.push_str(t);
        s.push(')');
    }
    s.push_str(r")\z");
    s
}

/// Compiles an anchored expression produced by [`anchor_alternatives`].
#[allow(dead_code)]
pub fn compile_anchored(expr: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(expr).size_limit(64 << 20).dfa_size_limit(1 << 20).build()
}

/// Convenience: compiles a single XSD pattern with XSD semantics.
#[allow(dead_code)]
pub fn compile_pattern(pattern: &str) -> Result<regex::Regex, RegexError> {
    let t = translate(pattern)?;
    compile_anchored(&anchor_alternatives(&[t]))
        .map_err(|e| RegexError { pattern: pattern.to_string(), message: e.to_string() })
}

