//! XPath 1.0 tokenizer, including the lexical disambiguation rules of
//! XPath 1.0 §3.7 (`*` and `and`/`or`/`div`/`mod` as operators, names before
//! `(` as function names, before `::` as axis names).

use crate::error::XPathError;

/// Maximum accepted expression length in bytes.
pub const MAX_EXPR_LEN: usize = 64 * 1024;

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// `@`
    At,
    /// `,`
    Comma,
    /// `::`
    ColonColon,
    /// `/`
    Slash,
    /// `//`
    DoubleSlash,
    /// `|`
    Pipe,
    /// `+`
    Plus,
    /// `-`
    Minus,
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
    /// `*` as a name test (`*` or `prefix:*`).
    Star,
    /// `*` as multiplication.
    Multiply,
    /// `and`
    And,
    /// `or`
    Or,
    /// `div`
    Div,
    /// `mod`
    Mod,
    /// String literal.
    Literal(String),
    /// Number literal.
    Number(f64),
    /// A (possibly prefixed) name used as a name test.
    Name(String),
    /// A (possibly prefixed) name followed by `(`.
    FunctionName(String),
    /// A name followed by `::`.
    AxisName(String),
    /// `node`, `text`, `comment`, `processing-instruction` followed by `(`.
    NodeType(String),
}

impl Token {
    /// Whether an operator may follow this token (XPath 1.0 §3.7).
    fn allows_operator_after(&self) -> bool {
        !matches!(
            self,
            Token::At
                | Token::ColonColon
                | Token::LParen
                | Token::LBracket
                | Token::Comma
                | Token::Slash
                | Token::DoubleSlash
                | Token::Pipe
                | Token::Plus
                | Token::Minus
                | Token::Eq
                | Token::Ne
                | Token::Lt
                | Token::Le
                | Token::Gt
                | Token::Ge
                | Token::Multiply
                | Token::And
                | Token::Or
                | Token::Div
                | Token::Mod
        )
    }
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c == '-' || c == '.' || c.is_alphanumeric() || c == '\u{B7}'
}

/// Splits an expression into tokens.
pub fn tokenize(src: &str) -> Result<Vec<Token>, XPathError> {
    if src.len() > MAX_EXPR_LEN {
        return Err(XPathError::TooLong(src.len()));
    }
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    let peek = |k: usize| chars.get(k).map(|&(_, c)| c);
    while i < chars.len() {
        let (pos, c) = chars[i];
        let op_ok = out.last().is_some_and(|t| t.allows_operator_after());
        let tok = match c {
            ' ' | '\t' | '\r' | '\n' => {
                i += 1;
                continue;
            }
            '(' => Token::LParen,
            ')' => Token::RParen,
            '[' => Token::LBracket,
            ']' => Token::RBracket,
            '@' => Token::At,
            ',' => Token::Comma,
            '|' => Token::Pipe,
            '+' => Token::Plus,
            '-' => Token::Minus,
            '=' => Token::Eq,
            '!' if peek(i + 1) == Some('=') => {
                i += 1;
                Token::Ne
            }
            '<' if peek(i + 1) == Some('=') => {
                i += 1;
                Token::Le
            }
            '<' => Token::Lt,
            '>' if peek(i + 1) == Some('=') => {
                i += 1;
                Token::Ge
            }
            '>' => Token::Gt,
            ':' if peek(i + 1) == Some(':') => {
                i += 1;
                Token::ColonColon
            }
            '/' if peek(i + 1) == Some('/') => {
                i += 1;
                Token::DoubleSlash
            }
            '/' => Token::Slash,
            '*' => {
                if op_ok {
                    Token::Multiply
                } else {
                    Token::Star
                }
            }
            '"' | '\'' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j].1 != c {
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(XPathError::UnterminatedLiteral(pos));
                }
                let s: String = chars[start..j].iter().map(|&(_, ch)| ch).collect();
                i = j;
                Token::Literal(s)
            }
            '.' if peek(i + 1) == Some('.') => {
                i += 1;
                Token::DotDot
            }
            '.' if !peek(i + 1).is_some_and(|d| d.is_ascii_digit()) => Token::Dot,
            d if d.is_ascii_digit() || d == '.' => {
                let start = i;
                let mut j = i;
                let mut seen_dot = false;
                while j < chars.len() {
                    let ch = chars[j].1;
                    if ch.is_ascii_digit() {
                        j += 1;
                    } else if ch == '.' && !seen_dot {
                        seen_dot = true;
                        j += 1;
                    } else {
                        break;
                    }
                }
                let text: String = chars[start..j].iter().map(|&(_, ch)| ch).collect();
                let n: f64 = text.parse().map_err(|_| XPathError::BadNumber(pos))?;
                i = j - 1;
                Token::Number(n)
            }
            c if is_name_start(c) => {
                let start = i;
                let mut j = i + 1;
                while j < chars.len() && is_name_char(chars[j].1) {
                    j += 1;
                }
                // QName `prefix:local` or `prefix:*` (but not `name::`).
                let mut star = false;
                if j + 1 < chars.len() && chars[j].1 == ':' && chars[j + 1].1 != ':' {
                    if is_name_start(chars[j + 1].1) {
                        j += 2;
                        while j < chars.len() && is_name_char(chars[j].1) {
                            j += 1;
                        }
                    } else if chars[j + 1].1 == '*' {
                        star = true;
                        j += 2;
                    }
                }
                let name: String = chars[start..j].iter().map(|&(_, ch)| ch).collect();
                i = j - 1;
                if star {
                    Token::Star
                } else if op_ok {
                    match name.as_str() {
                        "and" => Token::And,
                        "or" => Token::Or,
                        "div" => Token::Div,
                        "mod" => Token::Mod,
                        _ => return Err(XPathError::UnexpectedName(name, pos)),
                    }
                } else {
                    // Look ahead past whitespace for `(` or `::`.
                    let mut k = j;
                    while k < chars.len() && chars[k].1.is_whitespace() {
                        k += 1;
                    }
                    match (peek(k), peek(k + 1)) {
                        (Some('('), _) => match name.as_str() {
                            "node" | "text" | "comment" | "processing-instruction" => {
                                Token::NodeType(name)
                            }
                            _ => Token::FunctionName(name),
                        },
                        (Some(':'), Some(':')) => Token::AxisName(name),
                        _ => Token::Name(name),
                    }
                }
            }
            '$' => return Err(XPathError::Unsupported("variable references".into())),
            other => return Err(XPathError::UnexpectedChar(other, pos)),
        };
        out.push(tok);
        i += 1;
    }
    Ok(out)
}
