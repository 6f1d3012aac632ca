//! Parser of XSD 1.0 regular expressions (XML Schema Part 2, Appendix F) into
//! a small syntax tree over character sets.
//!
//! XSD specifics: there are no anchors (`^` and `$` are ordinary characters,
//! the whole value must match); `.` is any character but `\n` and `\r`;
//! character classes support subtraction (`[a-z-[aeiou]]`); characters such as
//! `&`, `~`, `|` and `,` inside classes are literals; ranges are plain code
//! point ranges (`А-Я` does not contain `Ё`).

use super::charclass::{self, CharSet};
use super::PatternError;

/// Deepest group nesting accepted (keeps the recursive parser's stack small).
const MAX_DEPTH: usize = 100;

/// A parsed XSD regular expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Matches the empty string (an empty branch or pattern).
    Empty,
    /// One character from the set.
    Set(CharSet),
    /// The parts in sequence.
    Concat(Vec<Node>),
    /// Any one of the branches.
    Alt(Vec<Node>),
    /// `min..=max` repetitions (`max` `None`: unbounded).
    Repeat {
        /// The repeated piece.
        node: Box<Node>,
        /// Minimum count.
        min: u32,
        /// Maximum count, `None` for `*`, `+`, `{n,}`.
        max: Option<u32>,
    },
}

/// An escape inside or outside a class: one character or a set.
enum Escape {
    Char(char),
    Set(CharSet),
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    pattern: &'a str,
}

/// Parses one XSD pattern.
pub fn parse(pattern: &str) -> Result<Node, PatternError> {
    let mut p = Parser { chars: pattern.chars().collect(), pos: 0, pattern };
    let node = p.regexp(0)?;
    if p.pos != p.chars.len() {
        return Err(p.err("unbalanced ')'"));
    }
    Ok(node)
}

impl Parser<'_> {
    fn err(&self, message: &str) -> PatternError {
        PatternError { pattern: self.pattern.to_string(), message: format!("{message} at position {}", self.pos) }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// `regExp ::= branch ('|' branch)*`, up to `)` or the end.
    fn regexp(&mut self, depth: usize) -> Result<Node, PatternError> {
        if depth > MAX_DEPTH {
            return Err(self.err("groups nested too deeply"));
        }
        let mut branches = vec![self.branch(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.branch(depth)?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap_or(Node::Empty) } else { Node::Alt(branches) })
    }

    /// `branch ::= piece*`.
    fn branch(&mut self, depth: usize) -> Result<Node, PatternError> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            let atom = match c {
                '|' | ')' => break,
                '(' => {
                    self.pos += 1;
                    let inner = self.regexp(depth + 1)?;
                    if self.next() != Some(')') {
                        return Err(self.err("unclosed group"));
                    }
                    inner
                }
                '[' => {
                    self.pos += 1;
                    Node::Set(self.class()?)
                }
                '\\' => {
                    self.pos += 1;
                    match self.escape()? {
                        Escape::Char(c) => Node::Set(CharSet::single(c)),
                        Escape::Set(s) => Node::Set(s),
                    }
                }
                '.' => {
                    self.pos += 1;
                    Node::Set(charclass::dot())
                }
                '?' | '*' | '+' | '{' => return Err(self.err(&format!("quantifier {c:?} without an atom"))),
                ']' => return Err(self.err("unbalanced ']'")),
                c => {
                    self.pos += 1;
                    Node::Set(CharSet::single(c))
                }
            };
            pieces.push(self.quantified(atom)?);
        }
        Ok(match pieces.len() {
            0 => Node::Empty,
            1 => pieces.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(pieces),
        })
    }

    /// Applies an optional quantifier to `atom`.
    fn quantified(&mut self, atom: Node) -> Result<Node, PatternError> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.pos += 1;
                let q = self.quantity()?;
                if self.peek() != Some('}') {
                    return Err(self.err("bad quantifier"));
                }
                q
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
            return Err(self.err("double quantifier"));
        }
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }

    /// `quantity ::= n | n ',' | n ',' m` (after `{`, stops before `}`).
    fn quantity(&mut self) -> Result<(u32, Option<u32>), PatternError> {
        let min = self.number()?.ok_or_else(|| self.err("bad quantifier"))?;
        if self.peek() != Some(',') {
            return Ok((min, Some(min)));
        }
        self.pos += 1;
        match self.number()? {
            None => Ok((min, None)),
            Some(max) if max >= min => Ok((min, Some(max))),
            Some(_) => Err(self.err("quantifier maximum below its minimum")),
        }
    }

    fn number(&mut self) -> Result<Option<u32>, PatternError> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.checked_mul(10).and_then(|n| n.checked_add(d)).ok_or_else(|| self.err("quantifier too large"))?;
            self.pos += 1;
        }
        Ok((self.pos > start).then_some(n))
    }

    /// An escape after the backslash: `SingleCharEsc`, `MultiCharEsc` or
    /// `catEsc`/`complEsc` (`\p{..}`, `\P{..}`).
    fn escape(&mut self) -> Result<Escape, PatternError> {
        let c = self.next().ok_or_else(|| self.err("dangling backslash"))?;
        Ok(match c {
            'n' => Escape::Char('\n'),
            'r' => Escape::Char('\r'),
            't' => Escape::Char('\t'),
            '\\' | '|' | '.' | '-' | '^' | '?' | '*' | '+' | '{' | '}' | '(' | ')' | '[' | ']' => Escape::Char(c),
            'p' | 'P' => {
                let set = self.property()?;
                Escape::Set(if c == 'P' { set.complement() } else { set })
            }
            _ => match charclass::multi_char_escape(c) {
                Some(set) => Escape::Set(set),
                None => return Err(self.err(&format!("unknown escape \\{c}"))),
            },
        })
    }

    /// `{Name}` of `\p`/`\P`: a general category or `Is` + block name.
    fn property(&mut self) -> Result<CharSet, PatternError> {
        if self.next() != Some('{') {
            return Err(self.err("\\p without {"));
        }
        let mut name = String::new();
        loop {
            match self.next() {
                Some('}') => break,
                Some(ch) => name.push(ch),
                None => return Err(self.err("unclosed \\p{")),
            }
        }
        let set = match name.strip_prefix("Is") {
            Some(block) => charclass::block(block),
            None => charclass::category(&name),
        };
        set.ok_or_else(|| self.err(&format!("unknown Unicode category or block {name:?}")))
    }

    /// A character class after `[`: positive or negated group, optionally
    /// followed by a subtraction `-[...]`; consumes the closing `]`.
    fn class(&mut self) -> Result<CharSet, PatternError> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or_else(|| self.err("unclosed character class"))?;
            match c {
                ']' if first => return Err(self.err("empty character class")),
                ']' => {
                    self.pos += 1;
                    break;
                }
                '-' if !first && self.peek_at(1) == Some('[') => {
                    self.pos += 2;
                    let sub = self.class()?;
                    if self.next() != Some(']') {
                        return Err(self.err("a subtraction must end the class"));
                    }
                    let base = group(ranges, negated);
                    return Ok(base.subtract(&sub));
                }
                '[' => return Err(self.err("'[' must be escaped inside a class")),
                '\\' => {
                    self.pos += 1;
                    match self.escape()? {
                        Escape::Char(lo) => self.range_from(lo, &mut ranges)?,
                        Escape::Set(s) => ranges.extend_from_slice(s.ranges()),
                    }
                }
                _ => {
                    self.pos += 1;
                    self.range_from(c, &mut ranges)?;
                }
            }
            first = false;
        }
        Ok(group(ranges, negated))
    }

    /// After a single character `lo` in a class: a range `lo-hi` if a `-`
    /// follows that does not end the group or start a subtraction.
    fn range_from(&mut self, lo: char, ranges: &mut Vec<(u32, u32)>) -> Result<(), PatternError> {
        if self.peek() != Some('-') || matches!(self.peek_at(1), Some(']' | '[') | None) {
            ranges.push((lo as u32, lo as u32));
            return Ok(());
        }
        self.pos += 1;
        let hi = match self.next() {
            Some('\\') => match self.escape()? {
                Escape::Char(c) => c,
                Escape::Set(_) => return Err(self.err("range ends with a multi-character escape")),
            },
            Some(c) => c,
            None => return Err(self.err("unterminated range")),
        };
        if hi < lo {
            return Err(self.err("range end before its start"));
        }
        ranges.push((lo as u32, hi as u32));
        Ok(())
    }
}

/// The set of a positive (or, with `negated`, negative) character group.
fn group(ranges: Vec<(u32, u32)>, negated: bool) -> CharSet {
    let set = CharSet::from_ranges(ranges);
    if negated {
        set.complement()
    } else {
        set
    }
}
