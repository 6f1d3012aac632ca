//! Building a [`Document`] from parser events, keeping only what a rule set
//! can reach ([`NameFilter`]).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::replay::replay_str;
use super::{to_u32, Attr, Document, NameMap, Node, NONE, ROOT_NAME, TEXT_NAME};
use crate::error::DocumentError;

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

/// `a == b` for XML names: up to 32 bytes (nearly every element and
/// attribute name, Cyrillic ones included) by overlapping word compares
/// inline, with no call to `memcmp` (whose call overhead dominates for short
/// names in the per-attribute declaration lookups).
#[inline]
pub fn same_name(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
    match n {
        0..=7 => a.iter().zip(b).all(|(x, y)| x == y),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        17..=32 => word(a, 0) == word(b, 0) && word(a, 8) == word(b, 8) && word(a, n - 16) == word(b, n - 16) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// Interns `name` in `doc` (with its keep flags under `filter`).
fn intern_in(doc: &mut Document, keep: &mut Vec<(bool, bool)>, filter: Option<&NameFilter>, name: &str) -> u32 {
    if let Some(&id) = doc.name_index.get(name) {
        return id;
    }
    let id = to_u32(doc.names.len());
    doc.names.push(name.into());
    doc.name_index.insert(name.into(), id);
    keep.push(match filter {
        None => (true, true),
        Some(f) => (f.elements.contains(name), f.attributes.contains(name)),
    });
    id
}

/// Interned id of an attribute name as written; `NONE` for namespace
/// declarations. Unkept names are interned too (one lookup per name).
fn attr_name_id(doc: &mut Document, keep: &mut Vec<(bool, bool)>, filter: Option<&NameFilter>, an: &str) -> u32 {
    if an == "xmlns" || an.starts_with("xmlns:") {
        return NONE;
    }
    intern_in(doc, keep, filter, local_name(an))
}

pub(crate) fn local_name(name: &str) -> &str {
    // Byte scans: ':' is ASCII (never inside a UTF-8 sequence). Most names have
    // no prefix: a forward `contains` (word at a time) settles that first.
    if !name.as_bytes().contains(&b':') {
        return name;
    }
    match name.bytes().rposition(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
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
    /// Per parent element (0 = the document node, else its name id + 1): the
    /// names (as written) of the children of its last occurrence, by position,
    /// with their ids. Sibling sequences repeat, so a name comparison replaces
    /// the local-name scan and the hash lookup.
    child_cache: Vec<Vec<(Box<str>, u32)>>,
    /// Per open element (parallel to `stack`): children started so far.
    ordinals: Vec<u32>,
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
        DocumentBuilder {
            doc,
            filter: None,
            keep: Vec::new(),
            stack: vec![0],
            attr_cache: Vec::new(),
            child_cache: Vec::new(),
            ordinals: vec![0],
        }
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
        intern_in(&mut self.doc, &mut self.keep, self.filter.as_ref(), name)
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
        let parent = *self.stack.last().unwrap_or(&0);
        let name_id = self.child_name_id(parent, name);
        self.start_named(name_id, attrs, line, column);
    }

    /// Opens an element whose (local) name is already interned as `name_id`.
    pub(crate) fn start_named<'a>(&mut self, name_id: u32, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        let parent = *self.stack.last().unwrap_or(&0);
        let idx = to_u32(self.doc.nodes.len());
        let a = to_u32(self.doc.attrs.len());
        let i = name_id as usize;
        if self.attr_cache.len() <= i {
            self.attr_cache.resize_with(i + 1, Vec::new);
        }
        let DocumentBuilder { doc, filter, keep, attr_cache, .. } = self;
        let cache = &mut attr_cache[i];
        for (k, (an, av)) in attrs.enumerate() {
            let attr_name = match cache.get(k) {
                Some((cached, id)) if same_name(cached.as_bytes(), an.as_bytes()) => *id,
                _ => {
                    let id = attr_name_id(doc, keep, filter.as_ref(), an);
                    if k < cache.len() {
                        cache[k] = (an.into(), id);
                    } else if k == cache.len() {
                        cache.push((an.into(), id));
                    }
                    id
                }
            };
            if !keep.get(attr_name as usize).is_some_and(|k| k.1) {
                continue;
            }
            let start = to_u32(doc.arena.len());
            doc.arena.push_str(av);
            let end = to_u32(doc.arena.len());
            doc.attrs.push(Attr { owner: idx, name: attr_name, start, end });
        }
        let b = to_u32(doc.attrs.len());
        doc.nodes.push(Node { parent, end: NONE, name: name_id, a, b, line, column });
        self.stack.push(idx);
        self.ordinals.push(0);
    }

    /// Interned id of the local name of a child `name` of `parent` (via
    /// `child_cache`).
    fn child_name_id(&mut self, parent: u32, name: &str) -> u32 {
        let slot = if parent == 0 { 0 } else { self.doc.nodes[parent as usize].name as usize + 1 };
        // Positions from the last cached one on share its entry (long runs of
        // siblings of one name; bounded memory).
        const CACHED_POSITIONS: u32 = 64;
        let k = match self.ordinals.last_mut() {
            Some(o) => {
                *o = o.saturating_add(1);
                (*o - 1).min(CACHED_POSITIONS - 1) as usize
            }
            None => usize::MAX,
        };
        if self.child_cache.len() <= slot {
            self.child_cache.resize_with(slot + 1, Vec::new);
        }
        if let Some((cached, id)) = self.child_cache[slot].get(k) {
            if **cached == *name {
                return *id;
            }
        }
        let id = self.intern(local_name(name));
        let cache = &mut self.child_cache[slot];
        if k < cache.len() {
            cache[k] = (name.into(), id);
        } else if k == cache.len() {
            cache.push((name.into(), id));
        }
        id
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
        self.ordinals.pop();
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
        replay_str(xml, &mut b)?;
        Ok(b.finish())
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
