//! Pruning of closed subtrees: after an element's rules ran, only the nodes a
//! later evaluation can still reach ([`crate::reach`] patterns started at open
//! ancestors) stay in the document model.

use super::{Frame, State, Streaming};
use crate::document::{to_u32, Attr, Node, NONE, TEXT_NAME};

/// [`Streaming::reachable`] flag: the node stays.
const KEEP: u8 = 1;
/// [`Streaming::reachable`] flag: its attributes stay too (else it stays only
/// for its existence or its descendants: a `count()` keeps 28 bytes per node).
const ATTRS: u8 = 2;

/// Buffers reused by [`Streaming::prune`] (the old tail of the model while it
/// is rebuilt).
#[derive(Default)]
pub(super) struct PruneScratch {
    nodes: Vec<Node>,
    attrs: Vec<Attr>,
    arena: String,
    new_index: Vec<u32>,
    count: Vec<u32>,
}

fn flags(keep: bool, attrs: bool) -> u8 {
    (if keep { KEEP } else { 0 }) | (if keep && attrs { ATTRS } else { 0 })
}

impl Streaming {
    /// Which nodes of the closed element's subtree (from `frame.node` to the end)
    /// a later evaluation can still reach: fills `keep` (indexed from `frame.node`)
    /// with [`KEEP`] / [`ATTRS`] flags.
    fn reachable(&self, frame: &Frame, keep: &mut Vec<u8>, levels: &mut Vec<(u32, Vec<State>)>) {
        let doc = &self.b.doc;
        let x = frame.node as usize;
        let len = doc.nodes.len();
        keep.clear();
        keep.resize(len - x, 0);
        keep[0] = flags(frame.matched, frame.attrs);
        // Walk the subtree with the element's states (anchors above it only);
        // `levels[..top]` is the stack of open subtree elements (vectors reused).
        let mut top = 1usize;
        if levels.is_empty() {
            levels.push((0, Vec::new()));
        }
        levels[0].0 = doc.nodes[x].end.min(to_u32(len));
        levels[0].1.clear();
        levels[0].1.extend_from_slice(&frame.states);
        let mut whole_until = 0u32;
        for j in x + 1..len {
            let n = doc.nodes[j];
            while top > 1 && j as u32 >= levels[top - 1].0 {
                top -= 1;
            }
            let inside_whole = (j as u32) < whole_until;
            if n.name == TEXT_NAME {
                keep[j - x] = flags(inside_whole, inside_whole);
                continue;
            }
            if levels.len() <= top {
                levels.push((0, Vec::new()));
            }
            let (below, above) = levels.split_at_mut(top);
            let out = &mut above[0].1;
            out.clear();
            let (matched, whole, attrs) = self.advance(&below[top - 1].1, None, n.name, out);
            let end = n.end.min(to_u32(len));
            above[0].0 = end;
            top += 1;
            if whole && end > whole_until {
                whole_until = end;
            }
            keep[j - x] = flags(matched || inside_whole || whole, attrs || inside_whole || whole);
        }
        // Ancestors of kept nodes are kept.
        for j in (x + 1..len).rev() {
            if keep[j - x] != 0 {
                let p = doc.nodes[j].parent as usize;
                if p >= x {
                    keep[p - x] |= KEEP;
                }
            }
        }
    }

    /// Drops the parts of the closed element's subtree no later evaluation can reach.
    pub(super) fn prune(&mut self, frame: &Frame) {
        let x = frame.node as usize;
        if x + 1 == self.b.doc.nodes.len() {
            // A leaf: kept when a pattern reaches it, with its attributes when
            // a pattern reads them.
            let doc = &mut self.b.doc;
            let first_attr = doc.nodes[x].a as usize;
            if !frame.matched {
                doc.nodes.truncate(x);
            } else if frame.attrs {
                return;
            } else {
                doc.nodes[x].b = doc.nodes[x].a;
            }
            doc.attrs.truncate(first_attr);
            doc.arena.truncate(frame.arena_start as usize);
            return;
        }
        let mut keep = std::mem::take(&mut self.keep);
        let mut levels = std::mem::take(&mut self.levels);
        self.reachable(frame, &mut keep, &mut levels);
        self.levels = levels;
        self.prune_to(frame, &keep);
        self.keep = keep;
    }

    /// Rebuilds the closed element's subtree with the `keep` nodes only.
    fn prune_to(&mut self, frame: &Frame, keep: &[u8]) {
        let doc = &mut self.b.doc;
        let x = frame.node as usize;
        let unchanged = |(k, &f): (usize, &u8)| f == KEEP | ATTRS || (f == KEEP && doc.nodes[x + k].a == doc.nodes[x + k].b);
        if keep.iter().enumerate().all(unchanged) {
            return;
        }
        let first_attr = doc.nodes[x].a as usize;
        let arena_start = frame.arena_start as usize;
        if keep[0] == 0 {
            doc.nodes.truncate(x);
            doc.attrs.truncate(first_attr);
            doc.arena.truncate(arena_start);
            return;
        }
        // Rebuild the tail with the kept nodes, their attributes and text (the
        // old tail is moved to reused scratch buffers: no allocation per prune).
        let scratch = &mut self.scratch;
        scratch.nodes.clear();
        scratch.nodes.extend_from_slice(&doc.nodes[x..]);
        doc.nodes.truncate(x);
        scratch.attrs.clear();
        scratch.attrs.extend_from_slice(&doc.attrs[first_attr..]);
        doc.attrs.truncate(first_attr);
        scratch.arena.clear();
        scratch.arena.push_str(&doc.arena[arena_start..]);
        doc.arena.truncate(arena_start);
        let (old_nodes, old_attrs, old_arena) = (&scratch.nodes, &scratch.attrs, &scratch.arena);
        let new_index = &mut scratch.new_index;
        new_index.clear();
        new_index.resize(old_nodes.len(), NONE);
        let count = &mut scratch.count;
        count.clear();
        count.resize(old_nodes.len() + 1, 0);
        for (k, &kept) in keep.iter().enumerate() {
            count[k + 1] = count[k] + u32::from(kept != 0);
        }
        let piece = |a: u32, b: u32| old_arena.get(a as usize - arena_start..b as usize - arena_start).unwrap_or("");
        for (k, n) in old_nodes.iter().enumerate() {
            if keep[k] == 0 {
                continue;
            }
            let idx = to_u32(doc.nodes.len());
            new_index[k] = idx;
            let parent = if (n.parent as usize) < x { n.parent } else { new_index[n.parent as usize - x] };
            let rel_end = (n.end.min(to_u32(x + old_nodes.len())) as usize).saturating_sub(x);
            let end = to_u32(x) + count[rel_end.min(old_nodes.len())];
            let mut m = Node { parent, end, ..*n };
            if n.name == TEXT_NAME {
                let start = to_u32(doc.arena.len());
                doc.arena.push_str(piece(n.a, n.b));
                m.a = start;
                m.b = to_u32(doc.arena.len());
            } else {
                let a = to_u32(doc.attrs.len());
                let attrs = if keep[k] & ATTRS != 0 { n.a as usize - first_attr..n.b as usize - first_attr } else { 0..0 };
                for at in old_attrs.get(attrs).unwrap_or(&[]) {
                    let start = to_u32(doc.arena.len());
                    doc.arena.push_str(piece(at.start, at.end));
                    doc.attrs.push(Attr { owner: idx, name: at.name, start, end: to_u32(doc.arena.len()) });
                }
                m.a = a;
                m.b = to_u32(doc.attrs.len());
            }
            doc.nodes.push(m);
        }
    }
}
