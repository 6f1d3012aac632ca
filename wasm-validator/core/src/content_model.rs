//! Content models: particles (sequence/choice/element/wildcard with occurrence
//! bounds) compiled into deterministic automata over child element names.
//!
//! Construction: a Thompson-style ε-NFA (occurrence bounds up to [`MAX_EXPANDED`]
//! expanded into copies), then the subset construction. XSD's Unique Particle
//! Attribution rule keeps the DFAs small.
//!
//! Larger bounds are exact too: an element or wildcard particle with a bound
//! above [`MAX_EXPANDED`] (e.g. ЕФС-1's `ЗЛ maxOccurs="99999"`) becomes a loop
//! with a **counter** — the first occurrence starts it, each further one
//! increments it (checked against maxOccurs), leaving the loop or ending the
//! content checks minOccurs. Counter actions are attached to DFA transitions
//! and states ([`DfaState::acts`], [`DfaState::accept_needs`]); the checker keeps
//! the counts per open element. Model groups with such bounds are expanded
//! exactly (within the NFA budget).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use podpis_schematron::document::same_name;

/// Occurrence bounds up to this are expanded into copies; larger ones use counters.
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
    /// Counter actions of transitions: (index into `trans`, action).
    pub acts: Vec<(u32, CounterAct)>,
    /// Counters whose minOccurs must be reached for the content to end here.
    pub accept_needs: Vec<u32>,
}

/// Bounds of a counted particle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    /// minOccurs.
    pub min: u32,
    /// maxOccurs (None = unbounded).
    pub max: Option<u32>,
    /// What is counted.
    pub label: Label,
}

/// What a transition does to a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CounterAct {
    /// First occurrence: count = 1.
    Start(u32),
    /// Another occurrence: count + 1, must stay ≤ maxOccurs.
    Inc(u32),
    /// Leaving the loop: count must be ≥ minOccurs.
    Exit(u32),
}

/// A violated occurrence bound of a counted particle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountProblem {
    /// More than maxOccurs occurrences.
    TooMany {
        /// The counted particle.
        counter: Counter,
    },
    /// Fewer than minOccurs occurrences.
    TooFew {
        /// The counted particle.
        counter: Counter,
        /// How many were found.
        found: u32,
    },
}

/// A deterministic content-model automaton; state 0 is the start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dfa {
    /// States.
    pub states: Vec<DfaState>,
    /// Counted particles (bounds above [`MAX_EXPANDED`]).
    pub counters: Vec<Counter>,
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
    edges: Vec<Vec<(usize, usize, Option<CounterAct>)>>, // (symbol index, target, counter action)
    symbols: Vec<Label>,
    symbol_ids: HashMap<String, usize>,
    counters: Vec<Counter>,
    /// Loop state (after an occurrence) → its counter.
    loops: HashMap<usize, u32>,
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

    /// A counted loop for an element/wildcard particle with large bounds.
    fn counted(&mut self, label: Label, min: u32, max: Option<u32>) -> (usize, usize) {
        let c = self.counters.len() as u32;
        self.counters.push(Counter { min, max, label: label.clone() });
        let sym = self.symbol(label);
        let (start, lp, end) = (self.state(), self.state(), self.state());
        self.edges[start].push((sym, lp, Some(CounterAct::Start(c))));
        self.edges[lp].push((sym, lp, Some(CounterAct::Inc(c))));
        self.eps[lp].push(end);
        if min == 0 {
            self.eps[start].push(end);
        }
        self.loops.insert(lp, c);
        (start, end)
    }

    /// Builds a fragment for `p` between fresh states; returns (start, end).
    fn particle(&mut self, p: &Particle, budget: &mut usize) -> Result<(usize, usize), ContentModelError> {
        let large = p.min > MAX_EXPANDED || p.max.is_some_and(|m| m > MAX_EXPANDED);
        if large {
            let label = match &p.term {
                Term::Element { name, decl } => Some(Label::Element(*name, *decl)),
                Term::Any(w) => Some(Label::Any(w.clone())),
                _ => None,
            };
            if let Some(label) = label {
                return Ok(self.counted(label, p.min, p.max.map(|m| m.max(p.min))));
            }
        }
        // Small bounds (and model groups with large ones) are expanded into copies.
        let min = p.min;
        let max = p.max.map(|m| m.max(min));
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
                self.edges[start].push((s, end, None));
            }
            Term::Any(w) => {
                let s = self.symbol(Label::Any(w.clone()));
                self.edges[start].push((s, end, None));
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
type MergeKey = (u8, u32, Option<Wildcard>);

fn merge_key(l: &Label) -> MergeKey {
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
        let mut groups: BTreeMap<MergeKey, (Label, BTreeSet<usize>, Vec<CounterAct>)> = BTreeMap::new();
        for &s in &set {
            for &(sym, t, act) in &nfa.edges[s] {
                let label = nfa.symbols[sym].clone();
                let entry = groups.entry(merge_key(&label)).or_insert_with(|| (label, BTreeSet::new(), Vec::new()));
                entry.1.insert(t);
                if let Some(a) = act {
                    if !entry.2.contains(&a) {
                        entry.2.push(a);
                    }
                }
            }
        }
        let accept = set.contains(&end);
        // Counters whose loop state is in this set: leaving them checks minOccurs.
        let open: Vec<u32> = set.iter().filter_map(|s| nfa.loops.get(s).copied()).filter(|c| nfa.counters[*c as usize].min > 1).collect();
        let accept_needs = if accept { open.clone() } else { Vec::new() };
        let mut trans = Vec::with_capacity(groups.len());
        let mut acts = Vec::new();
        for (_, (label, mut target, mut group_acts)) in groups {
            for c in &open {
                if !group_acts.contains(&CounterAct::Inc(*c)) {
                    group_acts.insert(0, CounterAct::Exit(*c));
                }
            }
            let ti = trans.len() as u32;
            acts.extend(group_acts.into_iter().map(|a| (ti, a)));
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
        dfa.states[sid] = DfaState { accept, trans, acts, accept_needs };
    }
    dfa.counters = nfa.counters;
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
                        if same_name(nlocal.as_bytes(), local.as_bytes()) && nns == ns {
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

    /// Is `state` accepting (ignoring counters)?
    pub fn accepts(&self, state: u32) -> bool {
        self.states.get(state as usize).is_some_and(|s| s.accept)
    }

    /// Like [`Dfa::step`], and applies the transition's counter actions to
    /// `counts` (one per [`Dfa::counters`], grown on demand), reporting a
    /// violated bound. The transition is taken even then, so checking goes on.
    pub fn step_counted<'d>(
        &'d self,
        state: u32,
        ns: &str,
        local: &str,
        names: &[(String, String)],
        counts: &mut Vec<u32>,
    ) -> Option<(u32, &'d Label, Option<CountProblem>)> {
        let st = self.states.get(state as usize)?;
        let (to, label) = self.step(state, ns, local, names)?;
        if st.acts.is_empty() {
            return Some((to, label, None));
        }
        let ti = st.trans.iter().position(|(l, t)| l == label && *t == to).unwrap_or(usize::MAX) as u32;
        let mut problem = None;
        for (_, act) in st.acts.iter().filter(|(i, _)| *i == ti) {
            problem = problem.or(self.apply(*act, counts));
        }
        Some((to, label, problem))
    }

    fn apply(&self, act: CounterAct, counts: &mut Vec<u32>) -> Option<CountProblem> {
        if counts.len() < self.counters.len() {
            counts.resize(self.counters.len(), 0);
        }
        let (CounterAct::Start(c) | CounterAct::Inc(c) | CounterAct::Exit(c)) = act;
        let (counter, n) = (self.counters.get(c as usize)?, counts.get_mut(c as usize)?);
        match act {
            CounterAct::Start(_) => *n = 1,
            CounterAct::Inc(_) => {
                *n = n.saturating_add(1);
                if counter.max.is_some_and(|m| *n > m) {
                    return Some(CountProblem::TooMany { counter: counter.clone() });
                }
            }
            CounterAct::Exit(_) => {
                if *n < counter.min {
                    return Some(CountProblem::TooFew { counter: counter.clone(), found: *n });
                }
            }
        }
        None
    }

    /// Can the content end in `state` with these counts? `Err` names the
    /// counted particle whose minOccurs is not reached.
    pub fn accepts_counted(&self, state: u32, counts: &[u32]) -> Result<bool, CountProblem> {
        let Some(st) = self.states.get(state as usize) else { return Ok(false) };
        if !st.accept {
            return Ok(false);
        }
        for c in &st.accept_needs {
            let (Some(counter), n) = (self.counters.get(*c as usize), counts.get(*c as usize).copied().unwrap_or(0)) else { continue };
            if n < counter.min {
                return Err(CountProblem::TooFew { counter: counter.clone(), found: n });
            }
        }
        Ok(true)
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
