//! Benchmark of the XSD pattern matcher (docs/benchmarks.md, "XSD patterns"):
//! for the patterns of a compiled pack, prints the time to compile them all
//! (what `Validator::new` spends on patterns at pack load) and the time per
//! match on sample values, next to the `regex` crate (all its optimisations,
//! via the reference translation of the differential tests).
//!
//!     cargo run --release -p podpis-validator --example pattern_bench -- PACK...

#[path = "../tests/pattern_reference/mod.rs"]
mod pattern_reference;

use std::hint::black_box;
use std::time::Instant;

use podpis_validator::pattern::{sample::sample, Pattern};
use podpis_validator::Pack;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let pack = Pack::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        let sets = &pack.regexes;
        let runs = 20;
        let t = Instant::now();
        let mut compiled = Vec::new();
        for _ in 0..runs {
            compiled = sets.iter().map(|s| Pattern::compile(s).expect("pattern compiles")).collect();
        }
        let ours_compile = t.elapsed().as_secs_f64() / f64::from(runs);
        let dfas = compiled.iter().filter(|p| p.is_dfa()).count();
        let t = Instant::now();
        let mut reference = Vec::new();
        for _ in 0..runs {
            reference = sets
                .iter()
                .map(|s| {
                    let t: Vec<String> = s.iter().map(|p| pattern_reference::translate(p).expect("translates")).collect();
                    pattern_reference::compile_anchored(&pattern_reference::anchor_alternatives(&t)).expect("compiles")
                })
                .collect();
        }
        let regex_compile = t.elapsed().as_secs_f64() / f64::from(runs);
        // Values: samples of each pattern (matching) and a mutated copy (mostly not).
        let values: Vec<(usize, String)> = sets
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                let ok = sample(&s[0], 1).unwrap_or_default();
                let bad = format!("{ok}x");
                [(i, ok), (i, bad)]
            })
            .collect();
        let rounds = 2000;
        let time = |f: &dyn Fn(usize, &str) -> bool| {
            let t = Instant::now();
            let mut hits = 0usize;
            for _ in 0..rounds {
                for (i, v) in &values {
                    hits += usize::from(f(*i, black_box(v)));
                }
            }
            (t.elapsed().as_secs_f64() * 1e9 / (rounds * values.len()) as f64, hits)
        };
        let (ours_ns, ours_hits) = time(&|i, v| compiled[i].is_match(v));
        let (regex_ns, regex_hits) = time(&|i, v| reference[i].is_match(v));
        assert_eq!(ours_hits, regex_hits, "engines disagree");
        println!(
            "{path}: {} pattern sets ({dfas} DFA, {} NFA) | compile all: ours {:.2} ms, regex {:.2} ms | match: ours {ours_ns:.0} ns, regex {regex_ns:.0} ns (avg value {:.1} chars)",
            sets.len(),
            sets.len() - dfas,
            ours_compile * 1e3,
            regex_compile * 1e3,
            values.iter().map(|(_, v)| v.chars().count()).sum::<usize>() as f64 / values.len() as f64,
        );
    }
}
