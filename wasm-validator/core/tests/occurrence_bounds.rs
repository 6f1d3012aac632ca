//! Occurrence bounds above the expansion limit (64) are exact: counted element
//! and wildcard particles, and model groups expanded in full. Every case is
//! compared with xmllint (verdict and the line of its first error) at the
//! bounds N and N+1 (or min−1 and min). xmllint is REQUIRED.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use podpis_validator::{compile_files, Validator};

const SCHEMA: &str = include_str!("fixtures/bounds/big.xsd");

#[derive(Clone, Copy)]
struct Counts {
    a: usize,
    b: usize,
    c: usize,
    x: usize,
    e: usize,
}

const OK: Counts = Counts { a: 100, b: 0, c: 0, x: 0, e: 66 };

fn doc(n: Counts) -> String {
    let mut s = String::from("<r xmlns:o=\"urn:o\">\n");
    for (count, el) in [(n.a, "<a/>"), (n.b, "<b/>"), (n.c, "<c/><d/>"), (n.x, "<o:x/>"), (n.e, "<e/>")] {
        for _ in 0..count {
            s.push_str(el);
            s.push('\n');
        }
    }
    s.push_str("</r>\n");
    s
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("podpis-bounds-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn large_bounds_agree_with_xmllint() {
    let mut files = BTreeMap::new();
    files.insert("big.xsd".to_string(), SCHEMA.as_bytes().to_vec());
    let v = Validator::new(compile_files(&files).unwrap()).unwrap();
    let d = tmp("synthetic");
    std::fs::write(d.join("big.xsd"), SCHEMA).unwrap();
    let cases: Vec<(&str, Counts, &[&str])> = vec![
        ("minimum", OK, &[]),
        ("a = min - 1", Counts { a: 99, ..OK }, &["XSD_UNEXPECTED_ELEMENT"]),
        ("a = max", Counts { a: 1000, ..OK }, &[]),
        ("a = max + 1", Counts { a: 1001, ..OK }, &["XSD_UNEXPECTED_ELEMENT"]),
        ("a = 1 (below min, then e)", Counts { a: 1, ..OK }, &["XSD_UNEXPECTED_ELEMENT"]),
        ("a = 0", Counts { a: 0, ..OK }, &["XSD_UNEXPECTED_ELEMENT", "XSD_MISSING_ELEMENT"]),
        ("b = 70 (expanded)", Counts { b: 70, ..OK }, &[]),
        ("b = 71", Counts { b: 71, ..OK }, &["XSD_UNEXPECTED_ELEMENT"]),
        ("group = 80", Counts { c: 80, ..OK }, &[]),
        ("group = 81", Counts { c: 81, ..OK }, &["XSD_UNEXPECTED_ELEMENT"]),
        ("wildcard = 65", Counts { x: 65, ..OK }, &[]),
        ("wildcard = 66", Counts { x: 66, ..OK }, &["XSD_UNEXPECTED_ELEMENT"]),
        ("e = min - 1 at the end", Counts { e: 65, ..OK }, &["XSD_MISSING_ELEMENT"]),
        ("e = 5000 (unbounded)", Counts { e: 5000, ..OK }, &[]),
        ("a missing entirely, e short", Counts { a: 0, e: 0, ..OK }, &["XSD_MISSING_ELEMENT"]),
    ];
    let mut problems = Vec::new();
    for (i, (label, counts, expected)) in cases.into_iter().enumerate() {
        let text = doc(counts);
        let file = d.join(format!("c{i}.xml"));
        std::fs::write(&file, &text).unwrap();
        problems.extend(common::compare_with_xmllint(&v, &d.join("big.xsd"), &file, label));
        let got: Vec<String> = common::check_xsd(&v, text.as_bytes()).findings.into_iter().map(|f| f.code).collect();
        if got != expected {
            problems.push(format!("{label}: expected {expected:?}, got {got:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&d);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn messages_name_the_bound() {
    let mut files = BTreeMap::new();
    files.insert("big.xsd".to_string(), SCHEMA.as_bytes().to_vec());
    let v = Validator::new(compile_files(&files).unwrap()).unwrap();
    let r = common::check_xsd(&v, doc(Counts { a: 1001, ..OK }).as_bytes());
    assert_eq!(r.findings[0].line, 1002);
    assert!(r.findings[0].message.contains("не более 1000 раз"), "{}", r.findings[0].message);
    let r = common::check_xsd(&v, doc(Counts { a: 99, ..OK }).as_bytes());
    assert!(r.findings[0].message.contains("не менее 100 раз (найдено 99)"), "{}", r.findings[0].message);
}

/// The real schema's large bound: ЕФС-1 `РеестрДСВ/ЗЛ maxOccurs="99999"`,
/// checked at 99 999 and 100 000 occurrences against xmllint.
#[test]
fn efs1_zl_bound_99999() {
    use podpis_validator::generator::{generate, GenOptions};
    let sub = "sfr-efs1-2026-gradosphera-renamed";
    let pack = common::pack_for(sub);
    let idx = pack.forms.iter().position(|f| f.name == "efs1").unwrap();
    let text = generate(&pack, &GenOptions { form: idx, size: 1, repeat: None, optional_attributes: false }, "UTF-8").unwrap();
    let reg = text.find("<n1:РеестрДСВ>").expect("РеестрДСВ generated");
    let (a, b) = (reg + text[reg..].find("<n1:ЗЛ>").unwrap(), reg + text[reg..].find("</n1:ЗЛ>").unwrap() + "</n1:ЗЛ>\n".len());
    let v = Validator::new(pack).unwrap();
    let xsd = common::formats().join(sub).join("efs1.xsd");
    let d = tmp("efs");
    let mut problems = Vec::new();
    for (n, valid) in [(99_999usize, true), (100_000, false)] {
        let body = format!("{}{}{}", &text[..a], text[a..b].repeat(n), &text[b..]);
        let file = d.join(format!("zl{n}.xml"));
        std::fs::write(&file, &body).unwrap();
        problems.extend(common::compare_with_xmllint(&v, &xsd, &file, &format!("{n} ЗЛ")));
        let r = common::check_xsd(&v, body.as_bytes());
        assert_eq!(r.findings.is_empty(), valid, "{n}: {:?}", r.findings.first());
        if !valid {
            // Exactly one finding, at the start tag of the 100 000th ЗЛ.
            let line = text[..a].matches('\n').count() + 1 + text[a..b].matches('\n').count() * (n - 1);
            assert_eq!(r.findings.iter().map(|f| (f.code.as_str(), f.line as usize)).collect::<Vec<_>>(), [("XSD_UNEXPECTED_ELEMENT", line)]);
        }
    }
    let _ = std::fs::remove_dir_all(&d);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
