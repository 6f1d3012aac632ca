//! XML reading: encoding detection, decoding, and a single streaming pass that
//! reports elements, attributes and text with their line/column in the original file.
//!
//! The reader is deliberately strict about what official reports never contain:
//! DTDs and entity declarations (XML bombs) are rejected, nesting depth is bounded,
//! and binary garbage produces a clear error instead of a confusing parse failure.

use std::borrow::Cow;

use quick_xml::events::Event;
use podpis_schematron::document::predefined_entity;
use quick_xml::Reader;

pub use crate::text_source::TextSource;

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
    /// Position of the attribute name.
    pub pos: Position,
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

fn split_qname(name: &str) -> (&str, &str) {
    match name.find(':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
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

/// Streams a document from a [`TextSource`] (chunked decoding, bounded memory) to
/// `handler`. `max_depth` bounds element nesting.
pub fn read_source<R: std::io::Read>(source: &mut TextSource<R>, handler: &mut dyn XmlHandler, max_depth: usize) -> Result<(), XmlError> {
    let mut reader = Reader::from_reader(source);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
    }
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut scope = NsScope::default();
    let mut scope_marks: Vec<usize> = Vec::new();
    let mut attrs_store: Vec<Attr<'static>> = Vec::new();
    let mut depth = 0usize;
    let mut seen_root = false;
    loop {
        let before = reader.buffer_position();
        let pos = reader.get_mut().position(before);
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                if let Some(err) = reader.get_mut().take_error() {
                    return Err(err);
                }
                let at = reader.error_position().max(before);
                let pos = reader.get_mut().position(at);
                return Err(XmlError::Malformed { line: pos.line, message: e.to_string() });
            }
        };
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let is_empty = matches!(event, Event::Empty(_));
                if depth == 0 && seen_root {
                    return Err(XmlError::Malformed { line: pos.line, message: "more than one root element".into() });
                }
                seen_root = true;
                depth += 1;
                if depth > max_depth {
                    return Err(XmlError::TooDeep { line: pos.line, limit: max_depth });
                }
                scope_marks.push(scope.bindings.len());
                let content: &str = s;
                let content_start = content.as_ptr() as usize;
                let mut attrs = recycle(std::mem::take(&mut attrs_store));
                for a in s.attributes().with_checks(true) {
                    let a = a.map_err(|e| XmlError::Malformed { line: pos.line, message: e.to_string() })?;
                    let key: &str = a.key.0;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| XmlError::Malformed { line: pos.line, message: e.to_string() })?;
                    if key == "xmlns" {
                        scope.bindings.push((String::new(), value.into_owned()));
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        scope.bindings.push((p.to_string(), value.into_owned()));
                    } else {
                        let (prefix, local) = split_qname(key);
                        // The start tag's content begins right after its `<`.
                        let off = before + 1 + (key.as_ptr() as usize).wrapping_sub(content_start) as u64;
                        let apos = reader.get_mut().position(off);
                        attrs.push(Attr { prefix, local, value, pos: apos });
                    }
                }
                for a in &attrs {
                    if !a.prefix.is_empty() && scope.resolve(a.prefix).is_none() {
                        return Err(XmlError::UndeclaredPrefix { line: a.pos.line, prefix: a.prefix.to_string() });
                    }
                }
                let name: &str = s.name().0;
                let (prefix, local) = split_qname(name);
                let ns = match scope.resolve(prefix) {
                    Some(u) => u,
                    None if prefix.is_empty() => "",
                    None => return Err(XmlError::UndeclaredPrefix { line: pos.line, prefix: prefix.to_string() }),
                };
                let tag = StartTag { ns, local, attrs: &attrs, pos };
                handler.start(&tag, &scope);
                attrs_store = recycle(attrs);
                if is_empty {
                    handler.end();
                    depth -= 1;
                    if let Some(m) = scope_marks.pop() {
                        scope.bindings.truncate(m);
                    }
                }
            }
            Event::End(_) => {
                handler.end();
                depth = depth.saturating_sub(1);
                if let Some(m) = scope_marks.pop() {
                    scope.bindings.truncate(m);
                }
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                if depth == 0 {
                    if !content.trim().is_empty() {
                        return Err(XmlError::Malformed { line: pos.line, message: "text outside the root element".into() });
                    }
                } else {
                    handler.text(&content);
                }
            }
            Event::CData(c) => {
                let content = c.xml10_content();
                handler.text(&content);
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined_entity(&r),
                    Err(e) => return Err(XmlError::Malformed { line: pos.line, message: e.to_string() }),
                };
                match ch {
                    Some(c) => {
                        let mut b = [0u8; 4];
                        handler.text(c.encode_utf8(&mut b));
                    }
                    None => return Err(XmlError::UndefinedEntity { line: pos.line, name: r.to_string() }),
                }
            }
            Event::DocType(_) => {
                return Err(XmlError::DtdNotAllowed { line: pos.line });
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(err) = reader.get_mut().take_error() {
        return Err(err);
    }
    if !seen_root {
        return Err(XmlError::NotXml("no root element".into()));
    }
    if depth != 0 {
        let end = reader.get_ref().decoded_len();
        let pos = reader.get_mut().position(end);
        return Err(XmlError::Malformed { line: pos.line, message: "unexpected end of file (unclosed elements)".into() });
    }
    Ok(())
}
