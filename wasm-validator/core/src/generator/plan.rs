//! What generating a form needs to work out only once, shared by every walk
//! over the same pack and form (the probes of the rule-guided search and the
//! final document): how to walk each content model, the usual value of each
//! field, the parsed patterns used to vary values, and the names the form's
//! rules compare.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{values, vary};
use crate::content_model::Dfa;
use crate::pack::Pack;
use crate::pattern::syntax::Node;
use crate::simple_types::{RegexTable, SimpleType};

/// How to walk a content model: each state's distance to acceptance and how
/// much content is reachable from it.
pub(super) struct ContentPlan {
    /// Transitions to acceptance from each state (`usize::MAX`: never).
    pub dist: Vec<usize>,
    /// States reachable from each state.
    pub reach: Vec<usize>,
}

impl ContentPlan {
    fn new(dfa: &Dfa) -> ContentPlan {
        let n = dfa.states.len();
        // Distance to acceptance (reverse BFS).
        let mut dist = vec![usize::MAX; n];
        for (i, s) in dfa.states.iter().enumerate() {
            if s.accept {
                dist[i] = 0;
            }
        }
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..n {
                for (_, to) in &dfa.states[i].trans {
                    let d = dist[*to as usize].saturating_add(1);
                    if d < dist[i] {
                        dist[i] = d;
                        changed = true;
                    }
                }
            }
        }
        // How much content is still reachable from each state: taking the transition
        // that keeps the most reachable states follows document order and skips little.
        let reach: Vec<usize> = if n <= 3000 {
            (0..n)
                .map(|s0| {
                    let mut seen = vec![false; n];
                    let mut stack = vec![s0];
                    seen[s0] = true;
                    let mut count = 0;
                    while let Some(x) = stack.pop() {
                        count += 1;
                        for (_, to) in &dfa.states[x].trans {
                            if !seen[*to as usize] {
                                seen[*to as usize] = true;
                                stack.push(*to as usize);
                            }
                        }
                    }
                    count
                })
                .collect()
        } else {
            (0..n).map(|i| n - i).collect()
        };
        ContentPlan { dist, reach }
    }
}

/// The shared knowledge for one pack and form, filled in on demand.
pub(super) struct FormPlan {
    contents: RefCell<HashMap<u32, Rc<ContentPlan>>>,
    defaults: RefCell<HashMap<(u32, u32), String>>,
    patterns: RefCell<HashMap<u32, Rc<Vec<Node>>>>,
    /// Names whose values the form's rules compare (never varied freely).
    pub sensitive: HashSet<String>,
}

impl FormPlan {
    /// An empty plan for form `form` of `pack`.
    pub(super) fn new(pack: &Pack, form: usize) -> FormPlan {
        FormPlan {
            contents: RefCell::default(),
            defaults: RefCell::default(),
            patterns: RefCell::default(),
            sensitive: pack.forms.get(form).map(|f| vary::value_sensitive_names(&f.rules)).unwrap_or_default(),
        }
    }

    /// The plan of content model `dfa_id`.
    pub(super) fn content(&self, pack: &Pack, dfa_id: u32) -> Rc<ContentPlan> {
        if let Some(p) = self.contents.borrow().get(&dfa_id) {
            return p.clone();
        }
        let plan = Rc::new(pack.dfas.get(dfa_id as usize).map_or(ContentPlan { dist: Vec::new(), reach: Vec::new() }, ContentPlan::new));
        self.contents.borrow_mut().insert(dfa_id, plan.clone());
        plan
    }

    /// The usual value of type `ty` for a field named `name_id` (`hint`): the
    /// first candidate the type accepts (identifiers: the sample value).
    pub(super) fn default_value(&self, pack: &Pack, ty: u32, name_id: u32, hint: &str, rx: &dyn RegexTable) -> String {
        if let Some(v) = self.defaults.borrow().get(&(ty, name_id)) {
            return v.clone();
        }
        let Some(st) = pack.simple_types.get(ty as usize) else { return String::new() };
        let chosen = values::candidates(pack, st, hint, 0).into_iter().find(|c| st.check(c, &pack.simple_types, rx).is_ok()).unwrap_or_default();
        self.defaults.borrow_mut().insert((ty, name_id), chosen.clone());
        chosen
    }

    /// The parsed branches of the most derived pattern of type `ty`.
    pub(super) fn patterns(&self, pack: &Pack, ty: u32, st: &SimpleType) -> Rc<Vec<Node>> {
        if let Some(p) = self.patterns.borrow().get(&ty) {
            return p.clone();
        }
        let p = Rc::new(vary::pattern_branches(pack, st));
        self.patterns.borrow_mut().insert(ty, p.clone());
        p
    }
}
