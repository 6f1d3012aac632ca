//! Content models: particles (sequence/choice/element/wildcard with occurrence
//! bounds) compiled into deterministic automata over child element names.
//!
//! Construction: a Thompson-style ε-NFA (occurrence bounds expanded into copies;
//! bounds above [`MAX_EXPANDED`] are treated as unbounded), then the subset
//! construction. XSD's Unique Particle Attribution rule keeps the DFAs small.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

/// Occurrence bounds above this are treated as unbounded when building automata.
pub const MAX_EXPANDED: u32 = 64;
/// Upper bound of DFA states per content model.
pub const MAX_DFA_STATES: usize = 50_000;

/// Namespace constraint of a wildcard.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NsConstraint {
    /// `##any`.
    Any,
    /// `##other` relative to the given target namespace.
    Other(String),
    /// An explicit list (`##local` is "").
    List(Vec<String>),
}

impl NsConstraint {
    /// Does namespace `ns` satisfy the constraint?
    pub fn allows(&self, ns: &str) -> bool {
        match self {
            NsConstraint::Any => true,
            NsConstraint::Other(t) => ns != t && !ns.is_empty(),
            NsConstraint::List(l) => l.iter().any(|x| x == ns),
        }
    }
}

/// A wildcard (`xs:any`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Wildcard {
    /// Allowed namespaces.
    pub ns: NsConstraint,
    /// `processContents`: true for `strict`; false for `lax`/`skip` (content not validated).
    pub strict: bool,
}

/// A particle term before compilation.
#[derive(Debug, Clone)]
pub enum Term {
    /// An element with its interned name id and element declaration id.
    Element {
        /// Interned name.
        name: u32,
        /// Declaration.
        decl: u32,
    },
    /// A wildcard.
    Any(Wildcard),
    /// `xs:sequence`.
    Sequence(Vec<Particle>),
    /// `xs:choice`.
    Choice(Vec<Particle>),
}

/// A term with occurrence bounds (`max == None` = unbounded).
#[derive(Debug, Clone)]
pub struct Particle {
    /// minOccurs.
    pub min: u32,
    /// maxOccurs (None = unbounded).
    pub max: Option<u32>,
    /// The term.
    pub term: Term,
}

/// What a DFA transition matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Label {
    /// A specific element (name id, declaration id).
    Element(u32, u32),
    /// A wildcard.
    Any(Wildcard),
}

/// One DFA state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DfaState {
    /// May the content end here?
    pub accept: bool,
    /// Transitions: label and target state (element labels first, then wildcards).
    pub trans: Vec<(Label, u32)>,
}

/// A deterministic content-model automaton; state 0 is the start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dfa {
    /// States.
    pub states: Vec<DfaState>,
}

/// Errors building an automaton.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentModelError {
    /// The automaton grew beyond [`MAX_DFA_STATES`].
    #[error("content model too large ({0} states)")]
    TooLarge(usize),
}

#[derive(Default)]
struct Nfa {
    eps: Vec<Vec<usize>>,
    edges: Vec<Vec<(usize, usize)>>, // (symbol index, target)
    symbols: Vec<Label>,
    symbol_ids: HashMap<String, usize>,
}

impl Nfa {
    fn state(&mut self) -> usize {
        self.eps.push(Vec::new());
        self.edges.push(Vec::new());
        self.eps.len() - 1
    }

    fn symbol(&mut self, l: Label) -> usize {
        let key = format!("{l:?}");
        if let Some(&i) = self.symbol_ids.get(&key) {
            return i;
        }
        self.symbols.push(l);
        self.symbol_ids.insert(key, self.symbols.len() - 1);
        self.symbols.len() - 1
    }

    /// Builds a fragment for `p` between fresh states; returns (start, end).
    fn particle(&mut self, p: &Particle, budget: &mut usize) -> Result<(usize, usize), ContentModelError> {
        let min = p.min.min(MAX_EXPANDED);
        let max = match p.max {
            Some(m) if m <= MAX_EXPANDED => Some(m.max(min)),
            _ => None,
        };
        let start = self.state();
        let mut cur = start;
        for _ in 0..min {
            let (s, e) = self.term(&p.term, budget)?;
            self.eps[cur].push(s);
            cur = e;
        }
        match max {
            None => {
                let (s, e) = self.term(&p.term, budget)?;
                self.eps[cur].push(s);
                self.eps[e].push(s);
                let end = self.state();
                self.eps[cur].push(end);
                self.eps[e].push(end);
                Ok((start, end))
            }
            Some(max) => {
                let end = self.state();
                self.eps[cur].push(end);
                for _ in min..max {
                    let (s, e) = self.term(&p.term, budget)?;
                    self.eps[cur].push(s);
                    self.eps[e].push(end);
                    cur = e;
                }
                Ok((start, end))
            }
        }
    }

    fn term(&mut self, t: &Term, budget: &mut usize) -> Result<(usize, usize), ContentModelError> {
        if *budget == 0 {
            return Err(ContentModelError::TooLarge(self.eps.len()));
        }
        *budget -= 1;
        let start = self.state();
        let end = self.state();
        match t {
            Term::Element { name, decl } => {
                let s = self.symbol(Label::Element(*name, *decl));
                self.edges[start].push((s, end));
            }
            Term::Any(w) => {
                let s = self.symbol(Label::Any(w.clone()));
                self.edges[start].push((s, end));
            }
            Term::Sequence(items) => {
                let mut cur = start;
                for it in items {
                    let (s, e) = self.particle(it, budget)?;
                    self.eps[cur].push(s);
                    cur = e;
                }
                self.eps[cur].push(end);
            }
            Term::Choice(items) => {
                if items.is_empty() {
                    // An empty choice matches nothing.
                    return Ok((start, end));
                }
                for it in items {
                    let (s, e) = self.particle(it, budget)?;
                    self.eps[start].push(s);
                    self.eps[e].push(end);
                }
            }
        }
        Ok((start, end))
    }

    fn closure(&self, set: &mut BTreeSet<usize>) {
        let mut stack: Vec<usize> = set.iter().copied().collect();
        while let Some(s) = stack.pop() {
            for &t in &self.eps[s] {
                if set.insert(t) {
                    stack.push(t);
                }
            }
        }
    }
}

/// Key used to merge transitions: same element name → same transition.
fn merge_key(l: &Label) -> (u8, u32, Option<Wildcard>) {
    match l {
        Label::Element(name, _) => (0, *name, None),
        Label::Any(w) => (1, 0, Some(w.clone())),
    }
}

/// Compiles a particle into a DFA.
pub fn build_dfa(root: &Particle) -> Result<Dfa, ContentModelError> {
    let mut nfa = Nfa::default();
    let mut budget = 200_000usize;
    let (start, end) = nfa.particle(root, &mut budget)?;
    let mut init = BTreeSet::new();
    init.insert(start);
    nfa.closure(&mut init);
    let mut ids: BTreeMap<BTreeSet<usize>, u32> = BTreeMap::new();
    let mut queue = vec![init.clone()];
    ids.insert(init, 0);
    let mut dfa = Dfa::default();
    dfa.states.push(DfaState::default());
    let mut qi = 0;
    while qi < queue.len() {
        let set = queue[qi].clone();
        let sid = qi;
        qi += 1;
        let mut groups: BTreeMap<(u8, u32, Option<Wildcard>), (Label, BTreeSet<usize>)> = BTreeMap::new();
        for &s in &set {
            for &(sym, t) in &nfa.edges[s] {
                let label = nfa.symbols[sym].clone();
                let entry = groups.entry(merge_key(&label)).or_insert_with(|| (label, BTreeSet::new()));
                entry.1.insert(t);
            }
        }
        let accept = set.contains(&end);
        let mut trans = Vec::with_capacity(groups.len());
        for (_, (label, mut target)) in groups {
            nfa.closure(&mut target);
            let id = match ids.get(&target) {
                Some(&i) => i,
                None => {
                    let i = dfa.states.len() as u32;
                    if dfa.states.len() >= MAX_DFA_STATES {
                        return Err(ContentModelError::TooLarge(dfa.states.len()));
                    }
                    dfa.states.push(DfaState::default());
                    ids.insert(target.clone(), i);
                    queue.push(target);
                    i
                }
            };
            trans.push((label, id));
        }
        dfa.states[sid] = DfaState { accept, trans };
    }
    Ok(dfa)
}

impl Dfa {
    /// Follows the transition for element `(ns, local)`; `names` resolves name ids
    /// to `(ns, local)`. Returns (target state, matched label).
    pub fn step<'d>(&'d self, state: u32, ns: &str, local: &str, names: &[(String, String)]) -> Option<(u32, &'d Label)> {
        let st = self.states.get(state as usize)?;
        for (label, to) in &st.trans {
            match label {
                Label::Element(n, _) => {
                    if let Some((nns, nlocal)) = names.get(*n as usize) {
                        if nlocal == local && nns == ns {
                            return Some((*to, label));
                        }
                    }
                }
                Label::Any(w) => {
                    if w.ns.allows(ns) {
                        return Some((*to, label));
                    }
                }
            }
        }
        None
    }

    /// Is `state` accepting?
    pub fn accepts(&self, state: u32) -> bool {
        self.states.get(state as usize).is_some_and(|s| s.accept)
    }

    /// Finds any state that has a transition for the element (used to resynchronise
    /// after an error so that later problems are still reported).
    pub fn resync(&self, ns: &str, local: &str, names: &[(String, String)]) -> Option<(u32, &Label)> {
        (0..self.states.len() as u32).find_map(|s| self.step(s, ns, local, names))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(n: u32, min: u32, max: Option<u32>) -> Particle {
        Particle { min, max, term: Term::Element { name: n, decl: n } }
    }

    #[test]
    fn sequence_with_bounds() {
        let p = Particle { min: 1, max: Some(1), term: Term::Sequence(vec![el(0, 1, Some(1)), el(1, 0, Some(3)), el(2, 1, None)]) };
        let dfa = build_dfa(&p).unwrap();
        let names: Vec<(String, String)> = ["a", "b", "c"].iter().map(|s| (String::new(), s.to_string())).collect();
        let run = |seq: &[&str]| -> bool {
            let mut s = 0;
            for x in seq {
                match dfa.step(s, "", x, &names) {
                    Some((t, _)) => s = t,
                    None => return false,
                }
            }
            dfa.accepts(s)
        };
        assert!(run(&["a", "c"]));
        assert!(run(&["a", "b", "b", "b", "c", "c"]));
        assert!(!run(&["a", "b", "b", "b", "b", "c"]));
        assert!(!run(&["a"]));
        assert!(!run(&["c", "a"]));
    }
}
