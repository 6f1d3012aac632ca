//! Test helpers: reading the shared reference data (never copied into the repo).
#![allow(dead_code)]

use std::path::PathBuf;

use podpis_schematron::{MessagePart, RuleSource};
use quick_xml::events::Event;
use quick_xml::Reader;

/// `/work/shared/formats` or `$PODPIS_FORMATS`; `None` (test skipped) when absent.
pub fn formats_dir() -> Option<PathBuf> {
    let p = std::env::var_os("PODPIS_FORMATS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/formats"));
    let p = if p.exists() { p } else { PathBuf::from("/work/shared/formats") };
    p.exists().then_some(p)
}

/// Reads a file that may be windows-1251 (per its XML declaration) or UTF-8.
pub fn read_xml_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    if head.contains("windows-1251") {
        encoding_rs::WINDOWS_1251.decode(&bytes).0.into_owned()
    } else {
        String::from_utf8(bytes).expect("utf-8")
    }
}

/// Rows of `derived/embedded_schematron_rules.tsv` as (xsd, RuleSource).
pub fn tsv_rules(dir: &std::path::Path) -> Vec<(String, RuleSource)> {
    let text = std::fs::read_to_string(dir.join("derived/embedded_schematron_rules.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            (
                f[0].to_owned(),
                RuleSource {
                    context: f[1].to_owned(),
                    fns_code: opt(f[2]),
                    error_path: opt(f[3]),
                    pattern_name: f[4].to_owned(),
                    test: f[5].to_owned(),
                    message: vec![MessagePart::Text(f.get(6).copied().unwrap_or("").to_owned())],
                },
            )
        })
        .collect()
}

/// Extracts `sch:pattern/sch:rule/sch:assert` + `usch:error` from an XSD.
pub fn extract_rules(xsd: &str) -> Vec<RuleSource> {
    let mut reader = Reader::from_str(xsd);
    let mut out = Vec::new();
    let (mut pattern, mut context) = (String::new(), String::new());
    let mut current: Option<RuleSource> = None;
    let mut in_error = false;
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> Option<String> {
        e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned()
        })
    };
    loop {
        let ev = reader.read_event().expect("xsd parses");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                "sch:pattern" => pattern = attr(e, "name").unwrap_or_default(),
                "sch:rule" => context = attr(e, "context").unwrap_or_default(),
                "sch:assert" => {
                    current = Some(RuleSource {
                        pattern_name: pattern.clone(),
                        context: context.clone(),
                        test: attr(e, "test").unwrap_or_default(),
                        fns_code: None,
                        error_path: None,
                        message: Vec::new(),
                    })
                }
                "usch:error" => {
                    if let Some(c) = current.as_mut() {
                        c.fns_code = attr(e, "code");
                        c.error_path = attr(e, "path");
                        in_error = matches!(ev, Event::Start(_));
                    }
                }
                "usch:value-of" => {
                    if let (Some(c), true) = (current.as_mut(), in_error) {
                        c.message.push(MessagePart::ValueOf(attr(e, "select").unwrap_or_default()));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_error => {
                if let Some(c) = current.as_mut() {
                    c.message.push(MessagePart::Text(t.xml10_content().into_owned()));
                }
            }
            Event::GeneralRef(r) if in_error => {
                let s = match &*r.xml10_content() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ => "'",
                };
                if let Some(c) = current.as_mut() {
                    c.message.push(MessagePart::Text(s.to_owned()));
                }
            }
            Event::End(ref e) => match e.name().as_ref() {
                "usch:error" => in_error = false,
                "sch:assert" => out.extend(current.take()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Evaluates `rules` on `xml` streaming (events replayed into a
/// [`podpis_schematron::StreamEvaluator`]) and checks the result against
/// whole-document evaluation: it must be equal, or `Inexact`.
pub fn stream_vs_whole(rules: &podpis_schematron::RuleSet, xml: &str, env: &podpis_schematron::Env) -> Result<Vec<podpis_schematron::Finding>, podpis_schematron::Inexact> {
    let whole = rules.evaluate(&podpis_schematron::Document::parse_str_filtered(xml, Some(rules.name_filter())).unwrap(), env);
    let mut s = podpis_schematron::StreamEvaluator::new(rules, env.clone());
    podpis_schematron::document::replay_str(xml, &mut s).unwrap();
    let streamed = s.finish();
    if let Ok(f) = &streamed {
        assert_eq!(f, &whole, "streaming differs from whole-document evaluation on {xml:.300}");
    }
    streamed
}
