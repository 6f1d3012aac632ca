//! Replaying an XML string (parsed with quick-xml) as element events into
//! an [`ElementSink`]: how tests and tools feed a [`DocumentBuilder`] or a
//! [`crate::StreamEvaluator`]. Production feeds them from the validator's
//! own streaming reader.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::builder::{predefined_entity, DocumentBuilder};
use crate::error::DocumentError;
use crate::stream::StreamEvaluator;

/// Receives a document's elements and character data in document order.
pub trait ElementSink {
    /// An element starts; `attrs` are (name, normalized value) pairs.
    fn start_element<'a>(&mut self, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32);
    /// Character data of the current element.
    fn text(&mut self, text: &str);
    /// The current element ends.
    fn end_element(&mut self);
}

impl ElementSink for DocumentBuilder {
    fn start_element<'a>(&mut self, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        DocumentBuilder::start_element(self, name, attrs, line, column);
    }
    fn text(&mut self, text: &str) {
        DocumentBuilder::text(self, text);
    }
    fn end_element(&mut self) {
        DocumentBuilder::end_element(self);
    }
}

impl ElementSink for StreamEvaluator<'_> {
    fn start_element<'a>(&mut self, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        StreamEvaluator::start_element(self, name, attrs, line, column);
    }
    fn text(&mut self, text: &str) {
        StreamEvaluator::text(self, text);
    }
    fn end_element(&mut self) {
        StreamEvaluator::end_element(self);
    }
}

/// Parses `xml` and sends its elements, attributes (normalized), text and
/// resolved references to `sink`, with 1-based line and column (in
/// characters) of each start tag.
pub fn replay_str<S: ElementSink>(xml: &str, sink: &mut S) -> Result<(), DocumentError> {
    let mut reader = Reader::from_str(xml);
    let (mut line, mut col, mut seen) = (1u32, 1u32, 0usize);
    let mut depth = 0usize;
    let err = |r: &Reader<&[u8]>, e: &dyn std::fmt::Display| DocumentError::Xml(r.buffer_position(), e.to_string());
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(xml.len()).min(xml.len());
        if let Some(chunk) = xml.as_bytes().get(seen..pos) {
            for &byte in chunk {
                if byte == b'\n' {
                    line += 1;
                    col = 1;
                } else if byte & 0xC0 != 0x80 {
                    // Count characters, not UTF-8 continuation bytes.
                    col += 1;
                }
            }
            seen = pos;
        }
        let ev = reader.read_event().map_err(|e| err(&reader, &e))?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name: &str = e.name().0;
                let mut attrs: Vec<(&str, std::borrow::Cow<'_, str>)> = Vec::with_capacity(16);
                for a in e.attributes() {
                    let a = a.map_err(|e| err(&reader, &e))?;
                    let k: &str = a.key.0;
                    let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| err(&reader, &e))?;
                    attrs.push((k, v));
                }
                sink.start_element(name, attrs.iter().map(|(k, v)| (*k, &**v)), line, col);
                if empty {
                    sink.end_element();
                } else {
                    depth += 1;
                }
            }
            Event::End(_) => {
                if depth == 0 {
                    return Err(DocumentError::Unbalanced);
                }
                depth -= 1;
                sink.end_element();
            }
            Event::Text(t) => sink.text(&t.xml10_content()),
            Event::CData(t) => {
                sink.text(&t.xml10_content());
            }
            Event::GeneralRef(r) => {
                let s: String = match r.resolve_char_ref().map_err(|e| err(&reader, &e))? {
                    Some(c) => c.to_string(),
                    None => match predefined_entity(&r.xml10_content()) {
                        Some(c) => c.to_string(),
                        None => {
                            let other = r.xml10_content();
                            return Err(DocumentError::Xml(reader.buffer_position(), format!("unknown entity &{other};")));
                        }
                    },
                };
                sink.text(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(DocumentError::Unbalanced);
    }
    Ok(())
}
