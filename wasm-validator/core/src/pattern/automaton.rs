//! Compilation of a parsed pattern into an automaton over character classes.
//!
//! 1. Glushkov construction: one NFA state ("position") per character-set
//!    occurrence, no epsilon moves. Counted repetitions are expanded as nested
//!    optionals (`x{2,4}` = `xx(x(x)?)?`), which keeps the follow sets linear.
//! 2. The alphabet is split into classes: maximal code point intervals that
//!    every character set of the pattern either fully contains or excludes.
//! 3. Subset construction into a table DFA over those classes. If the DFA
//!    would exceed [`MAX_DFA_STATES`] or [`MAX_DFA_CELLS`], the Glushkov NFA is
//!    kept and simulated instead (a set of active positions per character).

use std::collections::HashMap;

use super::charclass::CharSet;
use super::syntax::Node;

/// Most Glushkov positions of one pattern (after expanding `{n,m}`).
pub const MAX_POSITIONS: usize = 100_000;
/// Most follow edges of one pattern.
const MAX_EDGES: usize = 4_000_000;
/// Most DFA states before falling back to NFA simulation.
pub const MAX_DFA_STATES: usize = 4_000;
/// Most DFA table cells (states × classes) before falling back.
pub const MAX_DFA_CELLS: usize = 1 << 20;
/// Most subset-construction steps (candidate positions × classes, summed
/// over states) before falling back: bounds compile time.
const MAX_DFA_WORK: usize = 20_000_000;

/// The pattern needs more than [`MAX_POSITIONS`] positions (or follow edges).
#[derive(Debug)]
pub struct TooLarge;

/// Maps characters to alphabet classes.
#[derive(Debug, Clone)]
pub struct Classifier {
    ascii: [u16; 128],
    /// Classes of U+0400..=U+04FF (Cyrillic: most non-ASCII report text).
    cyrillic: [u16; 256],
    /// First code point of each interval (the first is 0), ascending.
    starts: Vec<u32>,
    /// Class of each interval.
    class_of: Vec<u16>,
    /// Number of classes.
    count: usize,
}

impl Classifier {
    /// The class of character `c`.
    #[inline]
    pub fn class(&self, c: char) -> usize {
        let c = c as u32;
        if c < 128 {
            return usize::from(self.ascii[c as usize]);
        }
        if let Some(&k) = c.checked_sub(0x400).and_then(|k| self.cyrillic.get(k as usize)) {
            return usize::from(k);
        }
        let i = self.starts.partition_point(|&s| s <= c) - 1;
        usize::from(self.class_of[i])
    }

    /// The class of the character starting at byte `i` of `s` (a character
    /// boundary) and the index after it; ASCII and two-byte characters are
    /// decoded here rather than by `str::chars`.
    #[inline]
    fn class_at(&self, s: &str, i: usize) -> (usize, usize) {
        let b = s.as_bytes();
        let c = b[i];
        if c < 0x80 {
            return (usize::from(self.ascii[usize::from(c)]), i + 1);
        }
        if c < 0xE0 {
            // A two-byte sequence (the text is valid UTF-8, so it is complete).
            let cp = u32::from(c & 0x1F) << 6 | u32::from(b[i + 1] & 0x3F);
            let ch = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
            return (self.class(ch), i + 2);
        }
        let ch = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        (self.class(ch), i + ch.len_utf8())
    }

    /// Builds the classes of `sets`; returns the classifier and, per set, a
    /// membership row over classes (`member[set * count + class]`).
    fn new(sets: &[CharSet]) -> Result<(Classifier, Vec<bool>), TooLarge> {
        let mut bounds: Vec<u32> = vec![0];
        for s in sets {
            for &(lo, hi) in s.ranges() {
                bounds.push(lo);
                bounds.push(hi + 1);
            }
        }
        bounds.sort_unstable();
        bounds.dedup();
        bounds.retain(|&b| b <= 0x10_FFFF);
        let mut signatures: HashMap<Vec<bool>, u16> = HashMap::new();
        let mut starts = Vec::with_capacity(bounds.len());
        let mut class_of: Vec<u16> = Vec::with_capacity(bounds.len());
        for &b in &bounds {
            let sig: Vec<bool> = sets.iter().map(|s| s.contains(b)).collect();
            let next = signatures.len();
            if next > usize::from(u16::MAX) {
                return Err(TooLarge);
            }
            let class = *signatures.entry(sig).or_insert(next as u16);
            if class_of.last() != Some(&class) {
                starts.push(b);
                class_of.push(class);
            }
        }
        let count = signatures.len();
        let mut member = vec![false; sets.len() * count];
        for (sig, &class) in &signatures {
            for (set, &inside) in sig.iter().enumerate() {
                member[set * count + usize::from(class)] = inside;
            }
        }
        let mut c = Classifier { ascii: [0; 128], cyrillic: [0; 256], starts, class_of, count };
        for i in 0..128u32 {
            let idx = c.starts.partition_point(|&s| s <= i) - 1;
            c.ascii[i as usize] = c.class_of[idx];
        }
        for i in 0..256u32 {
            let idx = c.starts.partition_point(|&s| s <= 0x400 + i) - 1;
            c.cyrillic[i as usize] = c.class_of[idx];
        }
        Ok((c, member))
    }
}

/// The Glushkov automaton of a pattern.
#[derive(Debug, Clone)]
pub struct Glushkov {
    /// Character-set index of each position.
    labels: Vec<u32>,
    /// Follow positions of each position.
    follow: Vec<Vec<u32>>,
    /// Positions that can start a match.
    first: Vec<u32>,
    /// Positions that can end a match.
    is_last: Vec<bool>,
    /// Does the pattern match the empty string?
    nullable: bool,
    /// Distinct character sets.
    sets: Vec<CharSet>,
}

/// First/last positions and nullability of a sub-expression.
struct Fragment {
    first: Vec<u32>,
    last: Vec<u32>,
    nullable: bool,
}

struct Builder {
    labels: Vec<u32>,
    follow: Vec<Vec<u32>>,
    sets: Vec<CharSet>,
    set_ids: HashMap<CharSet, u32>,
    edges: usize,
}

impl Builder {
    fn position(&mut self, set: &CharSet) -> Result<Fragment, TooLarge> {
        if self.labels.len() >= MAX_POSITIONS {
            return Err(TooLarge);
        }
        let id = match self.set_ids.get(set) {
            Some(&id) => id,
            None => {
                let id = self.sets.len() as u32;
                self.sets.push(set.clone());
                self.set_ids.insert(set.clone(), id);
                id
            }
        };
        let p = self.labels.len() as u32;
        self.labels.push(id);
        self.follow.push(Vec::new());
        Ok(Fragment { first: vec![p], last: vec![p], nullable: false })
    }

    fn link(&mut self, from: &[u32], to: &[u32]) -> Result<(), TooLarge> {
        self.edges += from.len() * to.len();
        if self.edges > MAX_EDGES {
            return Err(TooLarge);
        }
        for &p in from {
            self.follow[p as usize].extend_from_slice(to);
        }
        Ok(())
    }

    fn concat(&mut self, a: Fragment, b: Fragment) -> Result<Fragment, TooLarge> {
        self.link(&a.last, &b.first)?;
        let mut first = a.first;
        if a.nullable {
            first.extend_from_slice(&b.first);
        }
        let mut last = b.last;
        if b.nullable {
            last.extend_from_slice(&a.last);
        }
        Ok(Fragment { first, last, nullable: a.nullable && b.nullable })
    }

    fn build(&mut self, node: &Node) -> Result<Fragment, TooLarge> {
        match node {
            Node::Empty => Ok(Fragment { first: Vec::new(), last: Vec::new(), nullable: true }),
            Node::Set(s) => self.position(s),
            Node::Concat(parts) => {
                let mut acc = Fragment { first: Vec::new(), last: Vec::new(), nullable: true };
                for part in parts {
                    let f = self.build(part)?;
                    acc = self.concat(acc, f)?;
                }
                Ok(acc)
            }
            Node::Alt(branches) => {
                let mut acc = Fragment { first: Vec::new(), last: Vec::new(), nullable: false };
                for b in branches {
                    let f = self.build(b)?;
                    acc.first.extend(f.first);
                    acc.last.extend(f.last);
                    acc.nullable |= f.nullable;
                }
                Ok(acc)
            }
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max),
        }
    }

    /// `x{min,max}` as `x^min` followed by `x*` (unbounded) or the nested
    /// optionals `(x(x(…)?)?)?` (bounded).
    fn repeat(&mut self, x: &Node, min: u32, max: Option<u32>) -> Result<Fragment, TooLarge> {
        let mandatory = match max {
            None => min.saturating_sub(1),
            Some(_) => min,
        };
        let mut acc = Fragment { first: Vec::new(), last: Vec::new(), nullable: true };
        for _ in 0..mandatory {
            let f = self.build(x)?;
            acc = self.concat(acc, f)?;
        }
        let tail = match max {
            None => {
                // x* (min 0) or x+ (the last mandatory copy, looping).
                let f = self.build(x)?;
                self.link(&f.last, &f.first)?;
                Fragment { nullable: f.nullable || min == 0, ..f }
            }
            Some(max) => {
                let mut tail = Fragment { first: Vec::new(), last: Vec::new(), nullable: true };
                for _ in min..max {
                    let c = self.build(x)?;
                    tail = self.concat(c, tail)?;
                    tail.nullable = true;
                }
                tail
            }
        };
        self.concat(acc, tail)
    }
}

impl Glushkov {
    /// Builds the automaton of `node`.
    pub fn new(node: &Node) -> Result<Glushkov, TooLarge> {
        let mut b = Builder { labels: Vec::new(), follow: Vec::new(), sets: Vec::new(), set_ids: HashMap::new(), edges: 0 };
        let root = b.build(node)?;
        let mut is_last = vec![false; b.labels.len()];
        for &p in &root.last {
            is_last[p as usize] = true;
        }
        for f in &mut b.follow {
            f.sort_unstable();
            f.dedup();
        }
        let mut first = root.first;
        first.sort_unstable();
        first.dedup();
        Ok(Glushkov { labels: b.labels, follow: b.follow, first, is_last, nullable: root.nullable, sets: b.sets })
    }
}

/// A compiled pattern: a table DFA, or the simulated NFA when the DFA would
/// be too large.
#[derive(Debug, Clone)]
pub enum Automaton {
    /// Table DFA; state 0 is dead.
    Dfa {
        /// Character classes.
        classes: Classifier,
        /// `table[state * classes + class]` = next state.
        table: Vec<u16>,
        /// Accepting states.
        accept: Vec<bool>,
        /// Start state.
        start: u16,
    },
    /// Glushkov NFA simulated with a set of active positions.
    Nfa {
        /// Character classes.
        classes: Classifier,
        /// `member[set * classes + class]`.
        member: Vec<bool>,
        /// The automaton.
        nfa: Glushkov,
    },
}

/// Marker for the start pseudo-position in DFA state sets.
const START: u32 = u32::MAX;

impl Automaton {
    /// Keeps the Glushkov automaton as an NFA (no subset construction); the
    /// DFA must accept the same language (tests and fuzzing compare them).
    pub fn nfa_only(nfa: Glushkov) -> Result<Automaton, TooLarge> {
        let (classes, member) = Classifier::new(&nfa.sets)?;
        Ok(Automaton::Nfa { classes, member, nfa })
    }

    /// Compiles a Glushkov automaton, into a DFA when it fits.
    pub fn new(nfa: Glushkov) -> Result<Automaton, TooLarge> {
        let (classes, member) = Classifier::new(&nfa.sets)?;
        let n = classes.count;
        let mut states: Vec<Vec<u32>> = vec![Vec::new(), vec![START]];
        let mut ids: HashMap<Vec<u32>, u16> = HashMap::from([(Vec::new(), 0), (vec![START], 1)]);
        let mut table: Vec<u16> = vec![0; n];
        let mut accept = vec![false];
        let mut i = 1;
        let mut work = 0usize;
        while i < states.len() {
            let set = std::mem::take(&mut states[i]);
            let mut candidates: Vec<u32> = Vec::new();
            let mut accepting = false;
            for &p in &set {
                if p == START {
                    candidates.extend_from_slice(&nfa.first);
                    accepting |= nfa.nullable;
                } else {
                    candidates.extend_from_slice(&nfa.follow[p as usize]);
                    accepting |= nfa.is_last[p as usize];
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            work += (candidates.len() + 1) * n;
            if work > MAX_DFA_WORK {
                return Ok(Automaton::Nfa { classes, member, nfa });
            }
            accept.push(accepting);
            for class in 0..n {
                let next: Vec<u32> =
                    candidates.iter().copied().filter(|&p| member[nfa.labels[p as usize] as usize * n + class]).collect();
                let id = match ids.get(&next) {
                    Some(&id) => id,
                    None => {
                        let id = states.len();
                        if id >= MAX_DFA_STATES || (id + 1) * n > MAX_DFA_CELLS {
                            return Ok(Automaton::Nfa { classes, member, nfa });
                        }
                        states.push(next.clone());
                        ids.insert(next, id as u16);
                        id as u16
                    }
                };
                table.push(id);
            }
            states[i] = set;
            i += 1;
        }
        let start = 1;
        Ok(Automaton::Dfa { classes, table, accept, start })
    }

    /// Does the automaton accept the whole of `value`?
    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Automaton::Dfa { classes, table, accept, start } => {
                let n = classes.count;
                let mut s = usize::from(*start);
                let mut i = 0;
                while i < value.len() {
                    let (class, next) = classes.class_at(value, i);
                    s = usize::from(table[s * n + class]);
                    if s == 0 {
                        return false;
                    }
                    i = next;
                }
                accept[s]
            }
            Automaton::Nfa { classes, member, nfa } => simulate(classes, member, nfa, value),
        }
    }
}

/// NFA simulation: the set of positions the input so far can end in.
fn simulate(classes: &Classifier, member: &[bool], nfa: &Glushkov, value: &str) -> bool {
    let n = classes.count;
    let mut seen = vec![u32::MAX; nfa.labels.len()];
    let mut current: Vec<u32> = Vec::new();
    let mut next: Vec<u32> = Vec::new();
    let mut at_start = true;
    for (step, ch) in value.chars().enumerate() {
        let class = classes.class(ch);
        let step = step as u32;
        next.clear();
        let sources: &mut dyn Iterator<Item = &u32> =
            if at_start { &mut nfa.first.iter() } else { &mut current.iter().flat_map(|&p| nfa.follow[p as usize].iter()) };
        for &p in sources {
            if seen[p as usize] != step && member[nfa.labels[p as usize] as usize * n + class] {
                seen[p as usize] = step;
                next.push(p);
            }
        }
        if next.is_empty() {
            return false;
        }
        std::mem::swap(&mut current, &mut next);
        at_start = false;
    }
    if at_start {
        nfa.nullable
    } else {
        current.iter().any(|&p| nfa.is_last[p as usize])
    }
}
