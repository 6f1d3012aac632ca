//! Fuzzes the XPath lexer/parser/evaluator, the rule compiler, the document
//! parser and the streaming rule evaluator. Input: `expr \0 xml` (either part
//! may be missing). Differential: when the streaming evaluator says its result
//! is exact, it must equal whole-document evaluation of the same events.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podpis_schematron::{Document, DocumentBuilder, Env, NodeId, RuleSet, RuleSource, StreamEvaluator, Value, XPath};
use quick_xml::events::Event;
use quick_xml::Reader;

/// One parsed event: start (name, attributes), text, end.
enum Ev {
    Start(String, Vec<(String, String)>),
    Text(String),
    End,
}

/// Parses `xml` into events; `None` if it is not well-formed (or too deep).
fn events(xml: &str) -> Option<Vec<Ev>> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let name = |n: &str| -> String { n.rsplit(':').next().unwrap_or(n).to_string() };
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if depth > 200 => {
                let _ = e;
                return None;
            }
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let empty = matches!(ev, Event::Empty(_));
                let (Event::Start(e) | Event::Empty(e)) = ev else { unreachable!() };
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.ok()?;
                    let key: &str = a.key.0;
                    if key.starts_with("xmlns") {
                        continue;
                    }
                    attrs.push((name(key), a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.into_owned()));
                }
                let n: &str = e.name().0;
                out.push(Ev::Start(name(n), attrs));
                if empty {
                    out.push(Ev::End);
                } else {
                    depth += 1;
                }
            }
            Event::Text(t) => out.push(Ev::Text(t.xml10_content().into_owned())),
            Event::CData(t) => out.push(Ev::Text(t.xml10_content().into_owned())),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => podpis_schematron::document::predefined_entity(&r.xml10_content())?.to_string(),
                };
                out.push(Ev::Text(s));
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                out.push(Ev::End);
            }
            Event::Eof => return (depth == 0).then_some(out),
            _ => {}
        }
    }
}

/// Streaming evaluation vs whole-document evaluation of the same events.
fn stream_vs_whole(rules: &RuleSet, evs: &[Ev], env: &Env) {
    let mut s = StreamEvaluator::new(rules, env.clone());
    let mut b = DocumentBuilder::with_filter(rules.name_filter());
    for (i, ev) in evs.iter().enumerate() {
        let (line, col) = (1 + i as u32 / 8, 1 + i as u32 % 8);
        match ev {
            Ev::Start(n, attrs) => {
                s.start_element(n, attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())), line, col);
                b.start_element(n, attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())), line, col);
            }
            Ev::Text(t) => {
                s.text(t);
                b.text(t);
            }
            Ev::End => {
                s.end_element();
                b.end_element();
            }
        }
    }
    let whole = rules.evaluate(&b.finish(), env);
    // Node budgets are charged differently on the pruned streaming model, so
    // results with an evaluation error are not compared.
    let budget_hit = |f: &[podpis_schematron::Finding]| f.iter().any(|x| matches!(x.kind, podpis_schematron::FindingKind::EvalError(_)));
    if let Ok(streamed) = s.finish() {
        if !budget_hit(&streamed) && !budget_hit(&whole) {
            assert_eq!(streamed, whole, "streaming and whole-document evaluation differ");
        }
    }
}

const FIXED: &str = r#"<Файл ИдФайл="NO_1"><Документ КНД="1" ДатаДок="01.02.2024" Н="2"><СвНП><НПЮЛ ИННЮЛ="7707083893"/></СвНП><Стр Н="1">т1</Стр><Стр Н="x"> т 2 </Стр></Документ></Файл>"#;

fn run(x: &XPath, doc: &Document, env: &Env) {
    let _ = x.evaluate(doc, doc.root(), env);
    if let Ok(Value::Nodes(ns)) = XPath::compile("//*|//@*").unwrap().evaluate(doc, doc.root(), env) {
        for n in ns.into_iter().take(8) {
            let _ = x.evaluate(doc, n, env);
            let _ = x.evaluate_string(doc, n, env);
            let _ = doc.element_path(n);
            let _ = matches!(n, NodeId::Attr(_));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let (expr, xml) = match s.split_once('\0') {
        Some((e, x)) => (e, Some(x)),
        None => (&*s, None),
    };
    let env = Env { file_name: Some("NO_1.xml".into()) };
    let fixed = Document::parse_str(FIXED).unwrap();
    if let Ok(x) = XPath::compile(expr) {
        run(&x, &fixed, &env);
        if let Some(Ok(doc)) = xml.map(Document::parse_str) {
            run(&x, &doc, &env);
        }
    }
    let rules = RuleSet::compile([RuleSource {
        pattern_name: "p".into(),
        context: xml.unwrap_or("Документ").chars().take(40).collect(),
        test: expr.into(),
        fns_code: None,
        error_path: None,
        message: vec![podpis_schematron::MessagePart::ValueOf(expr.into())],
    }]);
    let _ = rules.evaluate(&fixed, &env);
    if let Some(Ok(doc)) = xml.map(|x| Document::parse_str_filtered(x, Some(rules.name_filter()))) {
        let _ = rules.evaluate(&doc, &env);
    }
    // Streaming: the expression as a rule on the first element names of the document.
    if let Some(evs) = xml.and_then(events) {
        let mut contexts: Vec<&str> = evs.iter().filter_map(|e| if let Ev::Start(n, _) = e { Some(n.as_str()) } else { None }).collect();
        contexts.dedup();
        contexts.truncate(3);
        let sources = contexts.iter().chain(["Документ"].iter()).map(|c| RuleSource {
            pattern_name: format!("p-{c}"),
            context: c.to_string(),
            test: expr.into(),
            fns_code: None,
            error_path: None,
            message: vec![podpis_schematron::MessagePart::ValueOf(expr.into())],
        });
        let rules = RuleSet::compile(sources);
        stream_vs_whole(&rules, &evs, &env);
        stream_vs_whole(&rules, &events(FIXED).unwrap_or_default(), &env);
    }
});
