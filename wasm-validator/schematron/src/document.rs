//! Compact, event-fed document model evaluated by the rules.
//!
//! # Layout
//! * Nodes (the document node, elements, text) live in one `Vec` in document
//!   (pre-)order; each node stores its parent and the exclusive end index of
//!   its subtree, so children, siblings and descendants are index ranges and
//!   need no pointers. 28 bytes per node.
//! * Names are interned (`u32`), local names only (a namespace prefix is
//!   dropped; `xmlns` declarations are not attributes).
//! * Attribute values and text are slices of one `String` arena; attributes
//!   are 16-byte records in one `Vec`.
//! * With a [`NameFilter`] computed from a [`crate::RuleSet`]
//!   ([`crate::RuleSet::name_filter`]) the builder keeps only attributes whose
//!   names the rules mention, drops whitespace-only text, and discards leaf
//!   elements that carry nothing the rules can see (no kept attribute, no
//!   text, no kept child, name not mentioned). Rules that use `*`, `@*`,
//!   `node()` on the child axis or `name()` disable the filter.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::{Deserialize, Serialize};

use crate::error::DocumentError;

pub(crate) const NONE: u32 = u32::MAX;

/// FxHash-style hasher for the name index (names are short, hashed once per
/// element/attribute event; SipHash is measurably slower here).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type NameMap = HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>;
pub(crate) const ROOT_NAME: u32 = u32::MAX - 1;
pub(crate) const TEXT_NAME: u32 = u32::MAX;

/// A node of a [`Document`]: an element, text or the document node
/// (`Node`) or an attribute (`Attr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeId {
    /// Index into the node table (0 is the document node).
    Node(u32),
    /// Index into the attribute table.
    Attr(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub(crate) parent: u32,
    /// Exclusive end of the subtree; `NONE` while the element is open (streaming).
    pub(crate) end: u32,
    pub(crate) name: u32,
    /// Element: first attribute index; text: arena start.
    pub(crate) a: u32,
    /// Element: attribute end index; text: arena end.
    pub(crate) b: u32,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr {
    pub(crate) owner: u32,
    pub(crate) name: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// A node test recorded by a [`Watch`] (document name ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WatchTest {
    /// Elements with this name.
    Name(u32),
    /// Any element.
    Element,
    /// Any child node (elements or text).
    Any,
}

/// What an evaluation read from a still-open element during streaming: more
/// children or text arriving later could change the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Watch {
    /// Children of the element matching the test were enumerated.
    Child(u32, WatchTest),
    /// Descendants of the element matching the test were enumerated.
    Desc(u32, WatchTest),
    /// The element's string-value (its descendant text) was read.
    Text(u32),
}

/// Which element and attribute names a document must keep so that a rule set
/// evaluates exactly as on the full document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameFilter {
    /// Keep everything (some rule uses wildcards or `name()`).
    pub keep_all: bool,
    /// Element names the rules mention (contexts and name tests).
    pub elements: HashSet<String>,
    /// Attribute names the rules mention.
    pub attributes: HashSet<String>,
}

impl NameFilter {
    /// A filter that keeps the whole document.
    pub fn keep_all() -> Self {
        NameFilter { keep_all: true, ..Default::default() }
    }
}

/// An immutable document ready for rule evaluation.
#[derive(Debug, Clone)]
pub struct Document {
    names: Vec<Box<str>>,
    name_index: NameMap,
    pub(crate) nodes: Vec<Node>,
    pub(crate) attrs: Vec<Attr>,
    pub(crate) arena: String,
    /// Streaming: elements may be open; reads of open elements are recorded.
    pub(crate) streaming: bool,
    pub(crate) watches: std::cell::RefCell<Vec<Watch>>,
}

fn local_name(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE - 2)
}

/// Builds a [`Document`] from parser events (start/text/end), e.g. from the
/// validator's single streaming pass.
#[derive(Debug)]
pub struct DocumentBuilder {
    pub(crate) doc: Document,
    filter: Option<NameFilter>,
    /// Per interned name: (keep as element, keep as attribute).
    keep: Vec<(bool, bool)>,
    pub(crate) stack: Vec<u32>,
    /// Per element name id: the attribute names (as written) of its last
    /// occurrence with their ids (`NONE` for namespace declarations). Elements
    /// of one name mostly repeat their attributes, so a name comparison
    /// replaces the hash lookup.
    attr_cache: Vec<Vec<(Box<str>, u32)>>,
}

impl Default for DocumentBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DocumentBuilder {
    /// A builder that keeps every element, attribute and text node.
    pub fn new() -> Self {
        let doc = Document {
            names: Vec::new(),
            name_index: NameMap::default(),
            nodes: vec![Node { parent: NONE, end: 1, name: ROOT_NAME, a: 0, b: 0, line: 0, column: 0 }],
            attrs: Vec::new(),
            arena: String::new(),
            streaming: false,
            watches: Default::default(),
        };
        DocumentBuilder { doc, filter: None, keep: Vec::new(), stack: vec![0], attr_cache: Vec::new() }
    }

    /// A filtered builder for streaming evaluation: the document node stays open
    /// and `names` (the rule set's names) are interned up front.
    pub(crate) fn streaming(filter: NameFilter, names: &[String]) -> Self {
        let mut b = Self::with_filter(filter);
        b.doc.streaming = true;
        b.doc.nodes[0].end = NONE;
        for n in names {
            b.intern(n);
        }
        b
    }

    /// Whether text would be stored (non-empty, not blank when filtering).
    pub(crate) fn keeps_text(&self, text: &str) -> bool {
        !text.is_empty() && (self.filter.is_none() || !text.chars().all(char::is_whitespace))
    }

    /// A builder that keeps only what `filter` says the rules can reach.
    pub fn with_filter(filter: NameFilter) -> Self {
        let mut b = Self::new();
        if !filter.keep_all {
            b.filter = Some(filter);
        }
        b
    }

    pub(crate) fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.doc.name_index.get(name) {
            return id;
        }
        let id = to_u32(self.doc.names.len());
        self.doc.names.push(name.into());
        self.doc.name_index.insert(name.into(), id);
        let keep = match &self.filter {
            None => (true, true),
            Some(f) => (f.elements.contains(name), f.attributes.contains(name)),
        };
        self.keep.push(keep);
        id
    }

    /// Opens an element. `name` may be prefixed (`p:local`); only the local
    /// name is kept. `xmlns`/`xmlns:*` attributes are ignored.
    pub fn start_element<'a>(
        &mut self,
        name: &str,
        attrs: impl Iterator<Item = (&'a str, &'a str)>,
        line: u32,
        column: u32,
    ) {
        let name_id = self.intern(local_name(name));
        let idx = to_u32(self.doc.nodes.len());
        let parent = *self.stack.last().unwrap_or(&0);
        let a = to_u32(self.doc.attrs.len());
        let mut cache = std::mem::take(self.attr_cache_of(name_id));
        for (k, (an, av)) in attrs.enumerate() {
            let attr_name = match cache.get(k) {
                Some((cached, id)) if **cached == *an => *id,
                _ => {
                    let id = self.attr_name_id(an);
                    if k < cache.len() {
                        cache[k] = (an.into(), id);
                    } else if k == cache.len() {
                        cache.push((an.into(), id));
                    }
                    id
                }
            };
            if !self.keep.get(attr_name as usize).is_some_and(|k| k.1) {
                continue;
            }
            let start = to_u32(self.doc.arena.len());
            self.doc.arena.push_str(av);
            let end = to_u32(self.doc.arena.len());
            self.doc.attrs.push(Attr { owner: idx, name: attr_name, start, end });
        }
        *self.attr_cache_of(name_id) = cache;
        let b = to_u32(self.doc.attrs.len());
        self.doc.nodes.push(Node { parent, end: NONE, name: name_id, a, b, line, column });
        self.stack.push(idx);
    }

    fn attr_cache_of(&mut self, name_id: u32) -> &mut Vec<(Box<str>, u32)> {
        let i = name_id as usize;
        if self.attr_cache.len() <= i {
            self.attr_cache.resize_with(i + 1, Vec::new);
        }
        &mut self.attr_cache[i]
    }

    /// Interned id of an attribute name as written; `NONE` for namespace
    /// declarations. Unkept names are interned too (one lookup per name).
    fn attr_name_id(&mut self, an: &str) -> u32 {
        if an == "xmlns" || an.starts_with("xmlns:") {
            return NONE;
        }
        let an = local_name(an);
        match self.doc.name_index.get(an) {
            Some(&id) => id,
            None => self.intern(an),
        }
    }

    /// Appends character data (already unescaped) to the current element.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() || (self.filter.is_some() && text.chars().all(char::is_whitespace)) {
            return;
        }
        let parent = *self.stack.last().unwrap_or(&0);
        let arena_end = to_u32(self.doc.arena.len());
        if let Some(last) = self.doc.nodes.last_mut() {
            if last.name == TEXT_NAME && last.parent == parent && last.b == arena_end {
                self.doc.arena.push_str(text);
                last.b = to_u32(self.doc.arena.len());
                return;
            }
        }
        let idx = to_u32(self.doc.nodes.len());
        self.doc.arena.push_str(text);
        let b = to_u32(self.doc.arena.len());
        self.doc.nodes.push(Node { parent, end: idx + 1, name: TEXT_NAME, a: arena_end, b, line: 0, column: 0 });
    }

    /// Closes the current element. Extra calls are ignored.
    pub fn end_element(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let idx = self.stack.pop().unwrap_or(0);
        let len = to_u32(self.doc.nodes.len());
        let node = self.doc.nodes[idx as usize];
        let prunable = self.filter.is_some()
            && len == idx + 1
            && node.a == node.b
            && !self.keep.get(node.name as usize).is_some_and(|k| k.0);
        if prunable {
            self.doc.nodes.pop();
        } else {
            self.doc.nodes[idx as usize].end = len;
        }
    }

    /// Closes any open elements and returns the document.
    pub fn finish(mut self) -> Document {
        while self.stack.len() > 1 {
            self.end_element();
        }
        let len = to_u32(self.doc.nodes.len());
        self.doc.nodes[0].end = len;
        self.doc.nodes.shrink_to_fit();
        self.doc.attrs.shrink_to_fit();
        self.doc.arena.shrink_to_fit();
        self.doc
    }
}

impl Document {
    /// Parses a UTF-8 XML string with quick-xml (tests and tools; production
    /// feeds a [`DocumentBuilder`] from its own streaming reader).
    pub fn parse_str(xml: &str) -> Result<Document, DocumentError> {
        Self::parse_str_filtered(xml, None)
    }

    /// Like [`Document::parse_str`] but keeps only what `filter` requires.
    pub fn parse_str_filtered(xml: &str, filter: Option<NameFilter>) -> Result<Document, DocumentError> {
        let mut b = match filter {
            Some(f) => DocumentBuilder::with_filter(f),
            None => DocumentBuilder::new(),
        };
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
                    b.start_element(name, attrs.iter().map(|(k, v)| (*k, &**v)), line, col);
                    if empty {
                        b.end_element();
                    } else {
                        depth += 1;
                    }
                }
                Event::End(_) => {
                    if depth == 0 {
                        return Err(DocumentError::Unbalanced);
                    }
                    depth -= 1;
                    b.end_element();
                }
                Event::Text(t) => b.text(&t.xml10_content()),
                Event::CData(t) => {
                    b.text(&t.xml10_content());
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
                    b.text(&s);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if depth != 0 {
            return Err(DocumentError::Unbalanced);
        }
        Ok(b.finish())
    }

    /// The document node.
    pub fn root(&self) -> NodeId {
        NodeId::Node(0)
    }

    /// The outermost element, if any.
    pub fn root_element(&self) -> Option<NodeId> {
        self.children(0).find(|&i| self.nodes[i as usize].name < ROOT_NAME).map(NodeId::Node)
    }

    /// Number of stored nodes (document node, elements, text).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of stored attributes.
    pub fn attribute_count(&self) -> usize {
        self.attrs.len()
    }

    /// Approximate heap size of the model in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.attrs.capacity() * std::mem::size_of::<Attr>()
            + self.arena.capacity()
            + self.names.iter().map(|n| 2 * n.len() + 48).sum::<usize>()
    }

    /// Interned id of a local name, if the document contains it.
    pub fn name_id(&self, name: &str) -> Option<u32> {
        self.name_index.get(name).copied()
    }

    /// Local name of an element or attribute (empty for text and the document node).
    pub fn name(&self, id: NodeId) -> &str {
        let n = match id {
            NodeId::Node(i) => self.nodes[i as usize].name,
            NodeId::Attr(i) => self.attrs[i as usize].name,
        };
        self.names.get(n as usize).map(|s| &**s).unwrap_or("")
    }

    /// `(line, column)` of an element's start tag (of the owner for attributes).
    pub fn position(&self, id: NodeId) -> (u32, u32) {
        let n = &self.nodes[self.owner_index(id) as usize];
        (n.line, n.column)
    }

    /// Slash-separated element names from the root element to `id`
    /// (e.g. `Файл/Документ/СвНП/НПЮЛ`; attributes end with `/@Имя`).
    pub fn element_path(&self, id: NodeId) -> String {
        let mut parts: Vec<&str> = Vec::new();
        let mut cur = self.owner_index(id);
        while cur != NONE && cur != 0 {
            let n = &self.nodes[cur as usize];
            if n.name < ROOT_NAME {
                parts.push(&self.names[n.name as usize]);
            }
            cur = n.parent;
        }
        parts.reverse();
        let mut s = parts.join("/");
        if let NodeId::Attr(_) = id {
            s.push_str("/@");
            s.push_str(self.name(id));
        }
        s
    }

    /// XPath string-value of a node.
    pub fn string_value(&self, id: NodeId) -> String {
        match id {
            NodeId::Attr(i) => self.attr_value(i).to_owned(),
            NodeId::Node(i) => {
                let n = &self.nodes[i as usize];
                if n.name == TEXT_NAME {
                    return self.arena.get(n.a as usize..n.b as usize).unwrap_or("").to_owned();
                }
                self.note_open(i, Watch::Text);
                let mut s = String::new();
                for j in i + 1..n.end.min(to_u32(self.nodes.len())) {
                    let t = &self.nodes[j as usize];
                    if t.name == TEXT_NAME {
                        s.push_str(self.arena.get(t.a as usize..t.b as usize).unwrap_or(""));
                    }
                }
                s
            }
        }
    }

    /// String-value without copying when it is a single stored slice.
    pub(crate) fn string_value_cow(&self, id: NodeId) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match id {
            NodeId::Attr(i) => Cow::Borrowed(self.attr_value(i)),
            NodeId::Node(i) => {
                let n = &self.nodes[i as usize];
                let end = self.subtree_end(i);
                if n.name != TEXT_NAME {
                    self.note_open(i, Watch::Text);
                }
                if n.name == TEXT_NAME {
                    Cow::Borrowed(self.arena.get(n.a as usize..n.b as usize).unwrap_or(""))
                } else if end == i + 1 {
                    Cow::Borrowed("")
                } else if end == i + 2 && self.is_text(i + 1) {
                    let t = &self.nodes[i as usize + 1];
                    Cow::Borrowed(self.arena.get(t.a as usize..t.b as usize).unwrap_or(""))
                } else {
                    Cow::Owned(self.string_value(id))
                }
            }
        }
    }

    /// Whether node `i` is an element still open in a streaming document.
    pub(crate) fn is_open(&self, i: u32) -> bool {
        self.streaming && self.nodes.get(i as usize).is_some_and(|n| n.end == NONE)
    }

    /// Records a read of open element `i` (streaming only).
    pub(crate) fn note_open(&self, i: u32, w: impl FnOnce(u32) -> Watch) {
        if self.is_open(i) {
            self.watches.borrow_mut().push(w(i));
        }
    }

    pub(crate) fn attr_value(&self, i: u32) -> &str {
        let a = &self.attrs[i as usize];
        self.arena.get(a.start as usize..a.end as usize).unwrap_or("")
    }

    pub(crate) fn owner_index(&self, id: NodeId) -> u32 {
        match id {
            NodeId::Node(i) => i,
            NodeId::Attr(i) => self.attrs[i as usize].owner,
        }
    }

    /// Sort key giving document order.
    pub(crate) fn order_key(&self, id: NodeId) -> u64 {
        match id {
            NodeId::Node(i) => (i as u64) << 32,
            NodeId::Attr(i) => ((self.attrs[i as usize].owner as u64) << 32) | (i as u64 + 1),
        }
    }

    pub(crate) fn is_element(&self, i: u32) -> bool {
        self.nodes[i as usize].name < ROOT_NAME
    }

    pub(crate) fn is_text(&self, i: u32) -> bool {
        self.nodes[i as usize].name == TEXT_NAME
    }

    pub(crate) fn node_name(&self, i: u32) -> u32 {
        self.nodes[i as usize].name
    }

    pub(crate) fn attr_name(&self, i: u32) -> u32 {
        self.attrs[i as usize].name
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<u32> {
        match id {
            NodeId::Node(i) => {
                let p = self.nodes[i as usize].parent;
                (p != NONE).then_some(p)
            }
            NodeId::Attr(i) => Some(self.attrs[i as usize].owner),
        }
    }

    pub(crate) fn subtree_end(&self, i: u32) -> u32 {
        self.nodes[i as usize].end.min(to_u32(self.nodes.len()))
    }

    pub(crate) fn attr_range(&self, i: u32) -> std::ops::Range<u32> {
        let n = &self.nodes[i as usize];
        if n.name < ROOT_NAME {
            n.a..n.b
        } else {
            0..0
        }
    }

    /// Child node indices of node `i`, in document order.
    pub(crate) fn children(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.subtree_end(i);
        let mut cur = i + 1;
        std::iter::from_fn(move || {
            if cur >= end {
                return None;
            }
            let c = cur;
            cur = self.subtree_end(c).max(c + 1);
            Some(c)
        })
    }

    /// All element indices in document order.
    pub(crate) fn elements(&self) -> impl Iterator<Item = u32> + '_ {
        (1..to_u32(self.nodes.len())).filter(|&i| self.is_element(i))
    }
}

/// The character of one of XML's five predefined entities (`lt`, `gt`,
/// `amp`, `apos`, `quot`), by name.
pub fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}
