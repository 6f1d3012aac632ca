//! Sample strings for patterns, for the instance generator: the first branch
//! of every alternative, readable characters from every set, and a chosen
//! number of extra repetitions beyond each minimum.

use super::syntax::{self, Node};

/// A string matching `pattern` (when its character sets are not empty), with
/// `extra` repetitions beyond each minimum (capped by the maximum); `None` if
/// the pattern does not parse.
pub fn sample(pattern: &str, extra: u32) -> Option<String> {
    let node = syntax::parse(pattern).ok()?;
    let mut out = String::new();
    write(&node, extra, &mut out);
    Some(out)
}

fn write(node: &Node, extra: u32, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Set(set) => {
            // Prefer a digit or letter for readability, else the first character.
            let pick = ['1', '0', 'А', 'A', 'а', 'a'].into_iter().find(|c| set.contains(*c as u32));
            let first = || set.ranges().iter().find_map(|&(lo, hi)| (lo..=hi.min(lo + 0x800)).find_map(char::from_u32));
            if let Some(c) = pick.or_else(first) {
                out.push(c);
            }
        }
        Node::Concat(parts) => parts.iter().for_each(|p| write(p, extra, out)),
        Node::Alt(branches) => {
            if let Some(b) = branches.first() {
                write(b, extra, out);
            }
        }
        Node::Repeat { node, min, max } => {
            let n = min.saturating_add(extra);
            let n = max.map_or(n, |m| n.min(m));
            for _ in 0..n {
                write(node, extra, out);
            }
        }
    }
}
