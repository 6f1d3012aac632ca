//! XSD `pattern` facets: an own matcher for XSD 1.0 regular expressions
//! (XML Schema Part 2, Appendix F), the same code natively and in WASM.
//!
//! [`syntax`] parses a pattern into a tree over character sets
//! ([`charclass`]: ranges, subtraction, `\d`, `\w`, `\i`, `\c`, `\p{..}`),
//! [`automaton`] compiles it into a DFA over character classes (or keeps the
//! Glushkov NFA when the DFA would be too large), [`sample`] produces a
//! matching string for the instance generator. The whole value must match
//! (XSD patterns are implicitly anchored).

pub mod automaton;
pub mod charclass;
pub mod sample;
pub mod syntax;
mod unicode_tables;

pub use unicode_tables::UNICODE_VERSION;

use automaton::{Automaton, Glushkov};
use syntax::Node;

/// A pattern that is not a valid XSD regular expression (or is too large to
/// compile).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid XSD pattern {pattern:?}: {message}")]
pub struct PatternError {
    /// The offending pattern (alternatives joined with ` | `).
    pub pattern: String,
    /// What is wrong.
    pub message: String,
}

/// The compiled patterns of one derivation step (alternatives: a value
/// matching any one of them is valid).
#[derive(Debug, Clone)]
pub struct Pattern {
    automaton: Automaton,
}

impl Pattern {
    /// Compiles the alternatives of one derivation step. No alternatives: a
    /// pattern that matches nothing.
    pub fn compile<S: AsRef<str>>(alternatives: &[S]) -> Result<Pattern, PatternError> {
        Self::build(alternatives, Automaton::new)
    }

    /// Like [`Pattern::compile`] but always simulates the NFA (never builds
    /// the DFA): the reference the DFA is compared with in tests and fuzzing.
    pub fn compile_nfa<S: AsRef<str>>(alternatives: &[S]) -> Result<Pattern, PatternError> {
        Self::build(alternatives, Automaton::nfa_only)
    }

    fn build<S: AsRef<str>>(
        alternatives: &[S],
        finish: fn(Glushkov) -> Result<Automaton, automaton::TooLarge>,
    ) -> Result<Pattern, PatternError> {
        let mut branches = Vec::with_capacity(alternatives.len());
        for a in alternatives {
            branches.push(syntax::parse(a.as_ref())?);
        }
        let node = if branches.len() == 1 { branches.pop().unwrap_or(Node::Empty) } else { Node::Alt(branches) };
        let too_large = || PatternError {
            pattern: alternatives.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(" | "),
            message: format!("too large to compile (more than {} positions)", automaton::MAX_POSITIONS),
        };
        let nfa = Glushkov::new(&node).map_err(|_| too_large())?;
        let automaton = finish(nfa).map_err(|_| too_large())?;
        Ok(Pattern { automaton })
    }

    /// Does the whole of `value` match?
    pub fn is_match(&self, value: &str) -> bool {
        self.automaton.is_match(value)
    }

    /// Was the pattern compiled into a table DFA (rather than kept as an NFA
    /// because the DFA would be too large)?
    pub fn is_dfa(&self) -> bool {
        matches!(self.automaton, Automaton::Dfa { .. })
    }
}

#[cfg(test)]
mod tests;
