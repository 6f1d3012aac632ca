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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

mod builder;
mod replay;

pub use builder::{predefined_entity, same_name, DocumentBuilder, NameFilter};
pub(crate) use builder::local_name;
pub use replay::{replay_str, ElementSink};

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


pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE - 2)
}


impl Document {
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
            // Rules of one element repeat their reads: record each once.
            let w = w(i);
            let mut watches = self.watches.borrow_mut();
            if !watches.contains(&w) {
                watches.push(w);
            }
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
