//! XML reading: encoding detection, decoding, and a single streaming pass that
//! reports elements, attributes and text with their line/column in the original file.
//!
//! The reader is deliberately strict about what official reports never contain:
//! DTDs and entity declarations (XML bombs) are rejected, nesting depth is bounded,
//! and binary garbage produces a clear error instead of a confusing parse failure.

use std::borrow::Cow;

pub use crate::text_source::TextSource;
use crate::xml_scan::{self, RawAttr, ScanError};

/// Default maximum element nesting depth.
pub const DEFAULT_MAX_DEPTH: usize = 256;

/// A 1-based line and column (in characters) of the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters (equals bytes for windows-1251 files).
    pub column: u32,
}

/// Encoding a document declared (or, lacking a declaration, was assumed to have).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DeclaredEncoding {
    /// `encoding="windows-1251"` (or an alias such as `cp1251`).
    Windows1251,
    /// `encoding="UTF-8"` or no encoding declaration.
    Utf8,
    /// A byte-order-marked UTF-16 document.
    Utf16,
}

/// Errors that stop reading a document (it is not well-formed or not acceptable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The input does not look like XML text at all.
    #[error("not an XML document: {0}")]
    NotXml(String),
    /// The XML declaration names an encoding we do not support.
    #[error("unsupported encoding \"{0}\" (expected windows-1251 or UTF-8)")]
    UnsupportedEncoding(String),
    /// The bytes are not valid in the declared encoding.
    #[error("invalid {encoding} byte sequence at line {line}")]
    InvalidBytes {
        /// Encoding name.
        encoding: &'static str,
        /// Line of the first invalid byte.
        line: u32,
    },
    /// A DOCTYPE (and with it entity declarations) is present.
    #[error("line {line}: DTD / entity declarations are not allowed in reports")]
    DtdNotAllowed {
        /// Line of the DOCTYPE.
        line: u32,
    },
    /// Elements are nested deeper than the configured limit.
    #[error("line {line}: elements nested deeper than {limit}")]
    TooDeep {
        /// Line of the element that exceeded the limit.
        line: u32,
        /// The limit.
        limit: usize,
    },
    /// A reference to an entity that is not one of the five predefined ones.
    #[error("line {line}: undefined entity &{name};")]
    UndefinedEntity {
        /// Line of the reference.
        line: u32,
        /// Entity name.
        name: String,
    },
    /// A namespace prefix is used without a declaration.
    #[error("line {line}: undeclared namespace prefix \"{prefix}\"")]
    UndeclaredPrefix {
        /// Line of the use.
        line: u32,
        /// The prefix.
        prefix: String,
    },
    /// Any other well-formedness error.
    #[error("line {line}: malformed XML: {message}")]
    Malformed {
        /// Line of the error.
        line: u32,
        /// Parser message.
        message: String,
    },
}

/// One attribute of a start tag.
#[derive(Debug)]
pub struct Attr<'a> {
    /// Namespace prefix ("" for unprefixed attributes; resolve with [`NsScope::resolve`]).
    pub prefix: &'a str,
    /// Local name.
    pub local: &'a str,
    /// Normalized, unescaped value.
    pub value: Cow<'a, str>,
    /// The start tag from its `<` up to the attribute name (for [`Attr::pos`]).
    lead: &'a [u8],
    /// Position of the tag's `<`.
    tag_pos: Position,
}

impl Attr<'_> {
    /// Position of the attribute name (computed on demand: most attributes
    /// never need one).
    pub fn pos(&self) -> Position {
        let (line, column) = crate::text_source::advance(self.tag_pos.line, self.tag_pos.column, self.lead);
        Position { line, column }
    }
}

/// A start tag as delivered to a [`XmlHandler`].
#[derive(Debug)]
pub struct StartTag<'a, 'b> {
    /// Namespace URI of the element ("" when none).
    pub ns: &'b str,
    /// Local name.
    pub local: &'a str,
    /// Attributes other than namespace declarations.
    pub attrs: &'b [Attr<'a>],
    /// Position of the `<`.
    pub pos: Position,
}

/// In-scope namespace bindings, usable to resolve QName-valued attributes.
#[derive(Debug, Default)]
pub struct NsScope {
    bindings: Vec<(String, String)>,
}

impl NsScope {
    /// Resolves a prefix ("" = default namespace) to its URI.
    pub fn resolve(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some("http://www.w3.org/XML/1998/namespace");
        }
        self.bindings.iter().rev().find(|(p, _)| p == prefix).map(|(_, u)| u.as_str())
    }
}

/// Receiver of the streaming events of [`read_document`].
pub trait XmlHandler {
    /// An element starts.
    fn start(&mut self, tag: &StartTag<'_, '_>, scope: &NsScope);
    /// Character data (already unescaped; may arrive in several pieces).
    fn text(&mut self, text: &str);
    /// The innermost open element ends.
    fn end(&mut self);
}

/// A decoded document: its text and the encoding it declared.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The document as UTF-8 text.
    pub text: Cow<'a, str>,
    /// The declared encoding.
    pub encoding: DeclaredEncoding,
}

/// Detects the declared encoding and decodes `bytes` to UTF-8 text (whole; for tools
/// and tests — checking streams through [`TextSource`] instead).
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, XmlError> {
    let (text, encoding) = decode_reader(bytes)?;
    Ok(Decoded { text: Cow::Owned(text), encoding })
}

/// Reads and decodes a whole document from `input` chunk by chunk, so that the raw
/// bytes and the decoded text are never both fully in memory.
pub fn decode_reader<R: std::io::Read>(input: R) -> Result<(String, DeclaredEncoding), XmlError> {
    use std::io::Read;
    let mut src = TextSource::open(input)?;
    let encoding = src.encoding();
    let mut out = Vec::new();
    if src.read_to_end(&mut out).is_err() {
        return Err(src.take_error().unwrap_or_else(|| XmlError::NotXml("read error".into())));
    }
    match String::from_utf8(out) {
        Ok(s) => Ok((s, encoding)),
        Err(_) => Err(XmlError::InvalidBytes { encoding: "UTF-8", line: 1 }),
    }
}

/// Streams a decoded document to `handler`. `max_depth` bounds element nesting.
pub fn read_document(text: &str, handler: &mut dyn XmlHandler, max_depth: usize) -> Result<(), XmlError> {
    read_source(&mut TextSource::from_text(text, DeclaredEncoding::Utf8), handler, max_depth)
}

/// Reuses the allocation of an emptied attribute vector for another lifetime.
fn recycle<'x>(mut v: Vec<Attr<'_>>) -> Vec<Attr<'x>> {
    v.clear();
    v.into_iter().map(|_| unreachable!()).collect()
}

/// What the parser found at the start of the window.
enum Step {
    /// Bytes to skip (comment, processing instruction, declaration).
    Skip(usize),
    /// Need more text.
    More,
}

/// Streams a document from a [`TextSource`] (chunked decoding, bounded memory) to
/// `handler`. `max_depth` bounds element nesting.
pub fn read_source<R: std::io::Read>(source: &mut TextSource<R>, handler: &mut dyn XmlHandler, max_depth: usize) -> Result<(), XmlError> {
    let mut scope = NsScope::default();
    let mut scope_marks: Vec<usize> = Vec::new();
    let mut attrs_store: Vec<Attr<'static>> = Vec::new();
    let mut raw_attrs: Vec<RawAttr> = Vec::new();
    // Qualified names of the open elements, concatenated, and where each starts.
    let mut open_names: Vec<u8> = Vec::new();
    let mut open_starts: Vec<usize> = Vec::new();
    let mut seen_root = false;
    let mut at_end = false;
    loop {
        let (w, base, mut positions) = source.window();
        if w.is_empty() {
            if at_end {
                break;
            }
            at_end = !source.more()?;
            continue;
        }
        let depth = open_starts.len();
        let malformed = |positions: &mut crate::text_source::PositionOf<'_>, at: usize, message: String| {
            XmlError::Malformed { line: positions.at(base + at as u64).line, message }
        };
        let step = if w[0] != b'<' {
            if w[0] == b'&' {
                match xml_scan::reference(w, at_end) {
                    Ok((c, n)) => {
                        if depth == 0 {
                            return Err(malformed(&mut positions, 0, "text outside the root element".into()));
                        }
                        let mut b = [0u8; 4];
                        handler.text(c.encode_utf8(&mut b));
                        Step::Skip(n)
                    }
                    Err(ScanError::Incomplete) => Step::More,
                    Err(ScanError::Undefined(name, _)) => return Err(XmlError::UndefinedEntity { line: positions.at(base).line, name }),
                    Err(ScanError::Bad(m, _)) => return Err(malformed(&mut positions, 0, m)),
                }
            } else if let Some(k) = w.iter().position(|&b| !matches!(b, b'\n' | b' ' | b'\t')).filter(|&k| w[k] == b'<') {
                // Fast path: the white space between two tags (no line ends to normalize).
                if depth > 0 {
                    handler.text(xml_scan::text(&w[..k]));
                }
                Step::Skip(k)
            } else {
                let end = memchr::memchr2(b'<', b'&', w);
                // A text node is delivered whole (up to a reference) once its end is known.
                match end {
                    None if !at_end => Step::More,
                    _ => {
                        let n = end.unwrap_or(w.len());
                        let t = xml_scan::text(&w[..n]);
                        if depth == 0 {
                            if !t.trim().is_empty() {
                                return Err(malformed(&mut positions, 0, "text outside the root element".into()));
                            }
                        } else {
                            handler.text(&xml_scan::normalize_eols(t));
                        }
                        Step::Skip(n)
                    }
                }
            }
        } else if w.len() < 2 {
            Step::More
        } else if w[1] == b'?' {
            match memchr::memmem::find(&w[2..], b"?>") {
                Some(k) => Step::Skip(k + 4),
                None => Step::More,
            }
        } else if w[1] == b'!' {
            if w.starts_with(b"<!--") {
                match memchr::memmem::find(&w[4..], b"-->") {
                    Some(k) => Step::Skip(k + 7),
                    None => Step::More,
                }
            } else if w.starts_with(b"<![CDATA[") {
                match memchr::memmem::find(&w[9..], b"]]>") {
                    Some(k) => {
                        if depth == 0 {
                            return Err(malformed(&mut positions, 0, "CDATA outside the root element".into()));
                        }
                        handler.text(&xml_scan::normalize_eols(xml_scan::text(&w[9..9 + k])));
                        Step::Skip(k + 12)
                    }
                    None => Step::More,
                }
            } else if w.len() < 9 && (b"<![CDATA[".starts_with(w) || b"<!DOCTYPE".starts_with(&w.to_ascii_uppercase())) {
                Step::More
            } else if w[..9.min(w.len())].eq_ignore_ascii_case(b"<!DOCTYPE") {
                return Err(XmlError::DtdNotAllowed { line: positions.at(base).line });
            } else {
                return Err(malformed(&mut positions, 0, "unknown markup after '<!'".into()));
            }
        } else if w[1] == b'/' {
            match memchr::memchr(b'>', w) {
                None => Step::More,
                Some(gt) => {
                    let name = &w[2..gt];
                    let name = &name[..name.iter().rposition(|&b| !xml_scan::is_space(b)).map_or(0, |i| i + 1)];
                    let Some(&open) = open_starts.last() else {
                        return Err(malformed(&mut positions, 0, format!("end tag </{}> without a start tag", xml_scan::text(name))));
                    };
                    if &open_names[open..] != name {
                        let expected = String::from_utf8_lossy(&open_names[open..]).into_owned();
                        return Err(malformed(&mut positions, 0, format!("expected </{expected}>, found </{}>", xml_scan::text(name))));
                    }
                    if gt == 2 + name.len() {
                        // `</name>`: no line feed inside.
                        positions.flat(base, base + gt as u64 + 1);
                    }
                    open_names.truncate(open);
                    open_starts.pop();
                    handler.end();
                    if let Some(m) = scope_marks.pop() {
                        scope.bindings.truncate(m);
                    }
                    Step::Skip(gt + 1)
                }
            }
        } else {
            match xml_scan::scan_start_tag(w, &mut raw_attrs) {
                Err(ScanError::Incomplete) => Step::More,
                Err(ScanError::Bad(m, at)) => return Err(malformed(&mut positions, at, m)),
                Err(ScanError::Undefined(..)) => return Err(malformed(&mut positions, 0, "malformed start tag".into())),
                Ok(shape) => {
                    let pos = positions.at(base);
                    if depth == 0 && seen_root {
                        return Err(XmlError::Malformed { line: pos.line, message: "more than one root element".into() });
                    }
                    seen_root = true;
                    if depth + 1 > max_depth {
                        return Err(XmlError::TooDeep { line: pos.line, limit: max_depth });
                    }
                    scope_marks.push(scope.bindings.len());
                    let mut attrs = recycle(std::mem::take(&mut attrs_store));
                    for a in &raw_attrs {
                        let key = xml_scan::text(&w[a.name..a.name_end]);
                        let raw = &w[a.value..a.value_end];
                        let value = match if a.plain { Ok(Cow::Borrowed(xml_scan::text(raw))) } else { xml_scan::attribute_value(raw) } {
                            Ok(v) => v,
                            Err(ScanError::Bad(m, at)) => return Err(malformed(&mut positions, a.value + at, m)),
                            Err(_) => return Err(malformed(&mut positions, a.value, "malformed attribute value".into())),
                        };
                        match a.colon {
                            None if key == "xmlns" => scope.bindings.push((String::new(), value.into_owned())),
                            Some(c) if &w[a.name..c] == b"xmlns" => {
                                scope.bindings.push((xml_scan::text(&w[c + 1..a.name_end]).to_string(), value.into_owned()))
                            }
                            _ => {
                                let (prefix, local) = match a.colon {
                                    Some(c) => (xml_scan::text(&w[a.name..c]), xml_scan::text(&w[c + 1..a.name_end])),
                                    None => ("", key),
                                };
                                attrs.push(Attr { prefix, local, value, lead: &w[..a.name], tag_pos: pos });
                            }
                        }
                    }
                    for a in &attrs {
                        if !a.prefix.is_empty() && scope.resolve(a.prefix).is_none() {
                            return Err(XmlError::UndeclaredPrefix { line: a.pos().line, prefix: a.prefix.to_string() });
                        }
                    }
                    let qname = &w[1..shape.name_end];
                    let (prefix, local) = match shape.colon {
                        Some(c) => (xml_scan::text(&w[1..c]), xml_scan::text(&w[c + 1..shape.name_end])),
                        None => ("", xml_scan::text(qname)),
                    };
                    let ns = match scope.resolve(prefix) {
                        Some(u) => u,
                        None if prefix.is_empty() => "",
                        None => return Err(XmlError::UndeclaredPrefix { line: pos.line, prefix: prefix.to_string() }),
                    };
                    handler.start(&StartTag { ns, local, attrs: &attrs, pos }, &scope);
                    attrs_store = recycle(attrs);
                    if shape.flat {
                        positions.flat(base, base + shape.end as u64 + 1);
                    }
                    if shape.empty {
                        handler.end();
                        if let Some(m) = scope_marks.pop() {
                            scope.bindings.truncate(m);
                        }
                    } else {
                        open_starts.push(open_names.len());
                        open_names.extend_from_slice(qname);
                    }
                    Step::Skip(shape.end + 1)
                }
            }
        };
        match step {
            Step::Skip(n) => {
                source.advance(n);
            }
            Step::More => {
                if at_end {
                    let message = if w[0] == b'&' { "unterminated reference" } else { "unexpected end of file inside markup" };
                    return Err(malformed(&mut positions, 0, message.into()));
                }
                at_end = !source.more()?;
            }
        }
    }
    if !seen_root {
        return Err(XmlError::NotXml("no root element".into()));
    }
    if !open_starts.is_empty() {
        let end = source.decoded_len();
        let pos = source.position(end);
        return Err(XmlError::Malformed { line: pos.line, message: "unexpected end of file (unclosed elements)".into() });
    }
    Ok(())
}
