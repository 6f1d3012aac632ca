//! Every embedded assert of the real FNS schemas compiles (or is reported
//! NotChecked with a reason), and the "Ромашка" samples fail the rules the
//! tax office would fail them on.

mod common;

use podpis_schematron::{Document, Env, FindingKind, RuleSet};

#[test]
fn every_tsv_rule_compiles() {
    let Some(dir) = common::formats_dir() else { return };
    let rows = common::tsv_rules(&dir);
    assert_eq!(rows.len(), 211);
    let set = RuleSet::compile(rows.iter().map(|(_, r)| r.clone()));
    let not: Vec<_> = set.not_checked().map(|(r, why)| format!("{} | {} | {why}", r.context, r.test)).collect();
    assert!(not.is_empty(), "not checked:\n{}", not.join("\n"));
    // Round trip through serde keeps the rules.
    let json = serde_json::to_string(&set).unwrap();
    let back: RuleSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back.len(), 211);
    assert_eq!(back.not_checked().count(), 0);
}

#[test]
fn every_xsd_rule_compiles() {
    let Some(dir) = common::formats_dir() else { return };
    let mut total = 0;
    for sub in ["fns", "fns-old", "upd"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "xsd") {
                continue;
            }
            let rules = common::extract_rules(&common::read_xml_text(&path));
            total += rules.len();
            let set = RuleSet::compile(rules);
            let not: Vec<_> = set.not_checked().map(|(r, why)| format!("{}: {why}", r.test)).collect();
            assert!(not.is_empty(), "{}: {not:?}", path.display());
        }
    }
    assert!(total >= 200, "only {total} asserts extracted");
}

fn check_sample(xsd: &str, sample: &str) -> Vec<podpis_schematron::Finding> {
    let dir = common::formats_dir().unwrap();
    let rules = RuleSet::compile(common::extract_rules(&common::read_xml_text(&dir.join("fns").join(xsd))));
    assert!(!rules.is_empty());
    let text = common::read_xml_text(&dir.join("samples/gradosphera").join(sample));
    let env = Env { file_name: Some(sample.to_owned()) };
    let full = rules.evaluate(&Document::parse_str(&text).unwrap(), &env);
    let filtered_doc = Document::parse_str_filtered(&text, Some(rules.name_filter())).unwrap();
    let filtered = rules.evaluate(&filtered_doc, &env);
    assert_eq!(full, filtered, "the name filter must not change results");
    assert!(common::stream_vs_whole(&rules, &text, &env).is_ok(), "{sample}: streaming was not exact");
    full
}

fn codes(f: &[podpis_schematron::Finding]) -> Vec<(String, String)> {
    f.iter()
        .filter(|x| x.kind == FindingKind::Failed)
        .map(|x| (x.fns_code.clone().unwrap_or_default(), x.element_path.clone()))
        .collect()
}

#[test]
fn romashka_samples_fail_file_name_rule() {
    if common::formats_dir().is_none() {
        return;
    }
    for (xsd, sample) in [
        ("NO_NDFL6.2_1_231_00_05_05_02.xsd", "NO_NDFL6.2_romashka.xml"),
        ("NO_RASCHSV_1_162_00_05_08_02.xsd", "NO_RASCHSV_romashka.xml"),
        ("NO_USN_1_030_00_05_09_01.xsd", "NO_USN_romashka.xml"),
        ("NO_BOUPR_1_159_00_05_04_01.xsd", "NO_BOUPR_romashka.xml"),
    ] {
        let f = check_sample(xsd, sample);
        let c = codes(&f);
        eprintln!("{sample}: {c:?}");
        for x in &f {
            eprintln!("  {} {} line {}: {}", x.fns_code.as_deref().unwrap_or(""), x.element_path, x.line, x.message_ru);
        }
        assert!(c.contains(&("0400400007".into(), "Файл".into())), "{sample}: {f:#?}");
        let name_rule = f.iter().find(|x| x.fns_code.as_deref() == Some("0400400007") && x.element_path == "Файл").unwrap();
        let stem = sample.trim_end_matches(".xml");
        assert!(name_rule.message_ru.contains(&format!("\"{stem}\"")), "{}", name_rule.message_ru);
        assert!(name_rule.line >= 1);
        assert!(f.iter().all(|x| !matches!(x.kind, FindingKind::EvalError(_) | FindingKind::NotChecked(_))), "{f:#?}");
    }
}

#[test]
fn rsv_sample_fails_two_presence_rules() {
    if common::formats_dir().is_none() {
        return;
    }
    let f = check_sample("NO_RASCHSV_1_162_00_05_08_02.xsd", "NO_RASCHSV_romashka.xml");
    let c = codes(&f);
    let n = c.iter().filter(|(code, _)| code == "0400300003").count();
    assert_eq!(n, 2, "{f:#?}");
}

#[test]
fn matching_file_name_passes_rule() {
    let Some(dir) = common::formats_dir() else { return };
    let rules = RuleSet::compile(common::extract_rules(&common::read_xml_text(&dir.join("fns/NO_USN_1_030_00_05_09_01.xsd"))));
    let text = common::read_xml_text(&dir.join("samples/gradosphera/NO_USN_romashka.xml"));
    let doc = Document::parse_str(&text).unwrap();
    let env = Env {
        file_name: Some("C:\\reports\\NO_USN_7701_7701_7701234567770101001_20260409_00000000-0000-0000-0000-000000000004.xml".into()),
    };
    let f = rules.evaluate(&doc, &env);
    assert!(f.iter().all(|x| x.fns_code.as_deref() != Some("0400400007") || x.element_path != "Файл"), "{f:#?}");
}
