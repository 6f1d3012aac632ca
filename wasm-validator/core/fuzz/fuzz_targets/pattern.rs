//! Fuzzes the XSD pattern parser and matcher: the input is a pattern and
//! values separated by NUL bytes. Any pattern must compile or give an error
//! (never panic, bounded time); compiled patterns must give the same verdict
//! with the DFA and the NFA simulation, on the given values and on samples
//! generated from the pattern.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podpis_validator::pattern::{sample::sample, Pattern};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let pattern = parts.next().unwrap_or("");
    let Ok(dfa) = Pattern::compile(&[pattern]) else { return };
    let nfa = Pattern::compile_nfa(&[pattern]).expect("NFA compiles when the DFA does");
    for value in parts {
        assert_eq!(dfa.is_match(value), nfa.is_match(value), "{pattern:?} on {value:?}");
    }
    for extra in [0, 2] {
        if let Some(s) = sample(pattern, extra) {
            assert_eq!(dfa.is_match(&s), nfa.is_match(&s), "{pattern:?} on sample {s:?}");
        }
    }
});
