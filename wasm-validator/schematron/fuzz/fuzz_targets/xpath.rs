//! Fuzzes the XPath lexer/parser/evaluator, the rule compiler and the
//! document parser. Input: `expr \0 xml` (either part may be missing).
#![no_main]

use libfuzzer_sys::fuzz_target;
use podpis_schematron::{Document, Env, NodeId, RuleSet, RuleSource, Value, XPath};

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
});
