//! XML reading: encoding detection, decoding, and a single streaming pass that
//! reports elements, attributes and text with their line/column in the original file.
//!
//! The reader is deliberately strict about what official reports never contain:
//! DTDs and entity declarations (XML bombs) are rejected, nesting depth is bounded,
//! and binary garbage produces a clear error instead of a confusing parse failure.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::Reader;

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

fn line_of(bytes: &[u8], offset: usize) -> u32 {
    let end = offset.min(bytes.len());
    1 + bytes[..end].iter().filter(|&&b| b == b'\n').count() as u32
}

/// Reads the `encoding="…"` pseudo-attribute of an XML declaration, if any.
fn declared_encoding_label(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.iter().take(512).position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&bytes[..end]).ok()?;
    let idx = decl.find("encoding")?;
    let rest = decl[idx + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    let close = rest.find(quote)?;
    Some(rest[..close].trim().to_string())
}

/// Detects the declared encoding and decodes `bytes` to UTF-8 text.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, XmlError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(XmlError::InvalidBytes { encoding: "UTF-16", line: 1 });
        }
        check_looks_like_xml(text.as_bytes())?;
        return Ok(Decoded { text: Cow::Owned(text.into_owned()), encoding: DeclaredEncoding::Utf16 });
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    check_looks_like_xml(body)?;
    let label = declared_encoding_label(body);
    let encoding = match label.as_deref() {
        None => DeclaredEncoding::Utf8,
        Some(l) => match encoding_rs::Encoding::for_label(l.as_bytes()) {
            Some(e) if e == encoding_rs::UTF_8 => DeclaredEncoding::Utf8,
            Some(e) if e == encoding_rs::WINDOWS_1251 => DeclaredEncoding::Windows1251,
            _ => return Err(XmlError::UnsupportedEncoding(l.to_string())),
        },
    };
    match encoding {
        DeclaredEncoding::Windows1251 => {
            let (text, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(body);
            Ok(Decoded { text, encoding })
        }
        _ => match std::str::from_utf8(body) {
            Ok(s) => Ok(Decoded { text: Cow::Borrowed(s), encoding }),
            Err(e) => Err(XmlError::InvalidBytes { encoding: "UTF-8", line: line_of(body, e.valid_up_to()) }),
        },
    }
}

/// Reads and decodes a document from `input` chunk by chunk, so that the raw bytes
/// and the decoded text are never both fully in memory (peak ≈ decoded size).
pub fn decode_reader<R: std::io::Read>(mut input: R) -> Result<(String, DeclaredEncoding), XmlError> {
    let io = |e: std::io::Error| XmlError::NotXml(format!("read error: {e}"));
    let mut head = vec![0u8; 1024];
    let mut n = 0;
    while n < head.len() {
        let k = input.read(&mut head[n..]).map_err(io)?;
        if k == 0 {
            break;
        }
        n += k;
    }
    head.truncate(n);
    let is_1251 = !head.starts_with(&[0xEF, 0xBB, 0xBF])
        && !head.starts_with(&[0xFF, 0xFE])
        && !head.starts_with(&[0xFE, 0xFF])
        && declared_encoding_label(&head)
            .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
            .is_some_and(|e| e == encoding_rs::WINDOWS_1251);
    if !is_1251 {
        let mut all = head;
        input.read_to_end(&mut all).map_err(io)?;
        let d = decode(&all)?;
        let enc = d.encoding;
        let text = d.text.into_owned();
        return Ok((text, enc));
    }
    check_looks_like_xml(&head)?;
    let mut decoder = encoding_rs::WINDOWS_1251.new_decoder_without_bom_handling();
    let mut out = String::new();
    let mut chunk = head;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        if memchr_zero(&chunk).is_some() {
            return Err(XmlError::NotXml("NUL byte (binary data)".into()));
        }
        let mut src: &[u8] = &chunk;
        loop {
            out.reserve(decoder.max_utf8_buffer_length(src.len()).unwrap_or(src.len() * 3 + 16));
            let (res, read, _) = decoder.decode_to_string(src, &mut out, false);
            src = &src[read..];
            if res == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        let k = input.read(&mut buf).map_err(io)?;
        if k == 0 {
            break;
        }
        chunk.clear();
        chunk.extend_from_slice(&buf[..k]);
    }
    out.reserve(decoder.max_utf8_buffer_length(0).unwrap_or(16));
    let _ = decoder.decode_to_string(&[], &mut out, true);
    Ok((out, DeclaredEncoding::Windows1251))
}

fn check_looks_like_xml(body: &[u8]) -> Result<(), XmlError> {
    let first = body.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    match first {
        None => Err(XmlError::NotXml("the file is empty".into())),
        Some(i) if body[i] != b'<' => Err(XmlError::NotXml("it does not start with '<' (binary or text file?)".into())),
        Some(_) => {
            if let Some(p) = memchr_zero(body) {
                return Err(XmlError::NotXml(format!("NUL byte at line {} (binary data)", line_of(body, p))));
            }
            Ok(())
        }
    }
}

fn memchr_zero(b: &[u8]) -> Option<usize> {
    memchr::memchr(0, b)
}

/// Incremental offset → line/column conversion (offsets only move forward).
struct LineTracker<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineTracker<'a> {
    fn new(text: &'a str) -> Self {
        LineTracker { text, offset: 0, line: 1, line_start: 0 }
    }

    fn at(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Not expected; recompute from the start to stay correct.
            self.offset = 0;
            self.line = 1;
            self.line_start = 0;
        }
        let bytes = self.text.as_bytes();
        for (i, &b) in bytes[self.offset..offset].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        let col_bytes = &bytes[self.line_start..offset];
        let column = 1 + col_bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
        Position { line: self.line, column }
    }
}

fn split_qname(name: &str) -> (&str, &str) {
    match name.find(':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Streams a decoded document to `handler`. `max_depth` bounds element nesting.
pub fn read_document(text: &str, handler: &mut dyn XmlHandler, max_depth: usize) -> Result<(), XmlError> {
    let mut reader = Reader::from_str(text);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
    }
    let base = text.as_ptr() as usize;
    let mut lines = LineTracker::new(text);
    let mut scope = NsScope::default();
    let mut scope_marks: Vec<usize> = Vec::new();
    let mut attrs: Vec<Attr<'_>> = Vec::new();
    let mut depth = 0usize;
    let mut seen_root = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let pos = lines.at(reader.error_position() as usize);
                return Err(XmlError::Malformed { line: pos.line, message: e.to_string() });
            }
        };
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let is_empty = matches!(event, Event::Empty(_));
                let pos = lines.at(before);
                if depth == 0 && seen_root {
                    return Err(XmlError::Malformed { line: pos.line, message: "more than one root element".into() });
                }
                seen_root = true;
                depth += 1;
                if depth > max_depth {
                    return Err(XmlError::TooDeep { line: pos.line, limit: max_depth });
                }
                scope_marks.push(scope.bindings.len());
                attrs.clear();
                for a in s.attributes().with_checks(true) {
                    let a = a.map_err(|e| XmlError::Malformed { line: pos.line, message: e.to_string() })?;
                    let key: &str = sub_of(text, a.key.0);
                    let off = (key.as_ptr() as usize).wrapping_sub(base);
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| XmlError::Malformed { line: pos.line, message: e.to_string() })?;
                    let value: Cow<'_, str> = match value {
                        Cow::Borrowed(v) => Cow::Borrowed(sub_of(text, v)),
                        Cow::Owned(v) => Cow::Owned(v),
                    };
                    if key == "xmlns" {
                        scope.bindings.push((String::new(), value.into_owned()));
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        scope.bindings.push((p.to_string(), value.into_owned()));
                    } else {
                        let (prefix, local) = split_qname(key);
                        let apos = if off < text.len() { lines.at(off) } else { pos };
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
                let local: &str = sub_of(text, local);
                let ns = match scope.resolve(prefix) {
                    Some(u) => u,
                    None if prefix.is_empty() => "",
                    None => return Err(XmlError::UndeclaredPrefix { line: pos.line, prefix: prefix.to_string() }),
                };
                let tag = StartTag { ns, local, attrs: &attrs, pos };
                handler.start(&tag, &scope);
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
                        let pos = lines.at(before);
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
                let pos = lines.at(before);
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined_entity(&r),
                    Err(e) => return Err(XmlError::Malformed { line: pos.line, message: e.to_string() }),
                };
                match ch {
                    Some(c) => {
                        let mut buf = [0u8; 4];
                        handler.text(c.encode_utf8(&mut buf));
                    }
                    None => return Err(XmlError::UndefinedEntity { line: pos.line, name: r.to_string() }),
                }
            }
            Event::DocType(_) => {
                let pos = lines.at(before);
                return Err(XmlError::DtdNotAllowed { line: pos.line });
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !seen_root {
        return Err(XmlError::NotXml("no root element".into()));
    }
    if depth != 0 {
        let pos = lines.at(text.len());
        return Err(XmlError::Malformed { line: pos.line, message: "unexpected end of file (unclosed elements)".into() });
    }
    Ok(())
}

/// Re-borrows `part` (a sub-slice of an event that borrows `text`) from `text`.
fn sub_of<'t>(text: &'t str, part: &str) -> &'t str {
    let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if start <= text.len() && start + part.len() <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(start + part.len()) {
        &text[start..start + part.len()]
    } else {
        ""
    }
}
