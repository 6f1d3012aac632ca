//! Every xs:pattern used by the reference schemas must compile,
//! and spot checks confirm XSD semantics.

mod common;

use podpis_validator::pattern::{Pattern, PatternError};

fn compile_pattern(p: &str) -> Result<Pattern, PatternError> {
    Pattern::compile(&[p])
}

#[test]
fn every_reference_pattern_compiles() {
    let tsv = std::fs::read_to_string(common::formats().join("derived/xsd_patterns.tsv")).expect("xsd_patterns.tsv");
    let mut n = 0;
    for line in tsv.lines().skip(1) {
        let mut cols = line.splitn(3, '\t');
        let (file, ty, pattern) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""), cols.next().unwrap_or(""));
        compile_pattern(pattern).unwrap_or_else(|e| panic!("{file} {ty}: {e}"));
        n += 1;
    }
    assert!(n > 400, "only {n} patterns read");
}

#[test]
fn spot_checks_of_reference_patterns() {
    let cases: &[(&str, &str, bool)] = &[
        ("([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{8}", "7707083893", true),
        ("([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{8}", "0007083893", false),
        ("([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})([0-9]{2})([0-9A-F]{2})([0-9]{3})", "7701AB001", true),
        ("([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})([0-9]{2})([0-9A-F]{2})([0-9]{3})", "7701AZ001", false),
        ("[0-9]{3}-[0-9]{3}-[0-9]{3} [0-9]{2}", "112-233-445 95", true),
        ("\\d{3}-\\d{3}-\\d{3}\\s\\d{2}", "112-233-445 95", true),
        ("[А-Я]+", "ЁЛКА", false),
        ("[А-ЯЁ]+", "ЁЛКА", true),
        ("", "", true),
        ("", " ", false),
    ];
    for (p, v, expect) in cases {
        let r = compile_pattern(p).unwrap();
        assert_eq!(r.is_match(v), *expect, "pattern {p:?} on {v:?}");
    }
}

#[test]
fn patterns_with_literal_pipe_and_comma_in_classes() {
    let tsv = std::fs::read_to_string(common::formats().join("derived/xsd_patterns.tsv")).unwrap();
    let with_class_pipe: Vec<&str> = tsv.lines().filter_map(|l| l.splitn(3, '\t').nth(2)).filter(|p| p.contains("|]") || p.contains(",]")).collect();
    for p in with_class_pipe {
        compile_pattern(p).unwrap();
    }
    let r = compile_pattern("[0-9|,]+").unwrap();
    assert!(r.is_match("1|2,3"));
}
