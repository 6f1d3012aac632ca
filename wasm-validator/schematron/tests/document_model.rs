//! Document model: builder events, filtering, positions, NotChecked and
//! EvalError reporting, serde of the rule set.

use podpis_schematron::{Document, DocumentBuilder, Env, FindingKind, MessagePart, RuleSet, RuleSource, XPath};

fn rule(context: &str, test: &str) -> RuleSource {
    RuleSource {
        pattern_name: format!("p {test}"),
        context: context.into(),
        test: test.into(),
        fns_code: Some("0400300003".into()),
        error_path: Some("@A".into()),
        message: vec![
            MessagePart::Text(" Значение\n   A = \"".into()),
            MessagePart::ValueOf("@A".into()),
            MessagePart::Text("\", B = ".into()),
            MessagePart::ValueOf("count(B)".into()),
            MessagePart::ValueOf("bad((".into()),
        ],
    }
}

#[test]
fn builder_keeps_positions_and_paths() {
    let doc = Document::parse_str("<a>\n  <b x='1'>\n    <c y='&lt;2&gt;'/>\n  </b>\n</a>").unwrap();
    let x = XPath::compile("//c").unwrap();
    let v = x.evaluate(&doc, doc.root(), &Env::default()).unwrap();
    let podpis_schematron::Value::Nodes(n) = v else { panic!() };
    assert_eq!(doc.element_path(n[0]), "a/b/c");
    assert_eq!(doc.position(n[0]), (3, 5));
    assert_eq!(XPath::compile("string(//c/@y)").unwrap().evaluate_string(&doc, doc.root(), &Env::default()).unwrap(), "<2>");
}

#[test]
fn namespaces_are_reduced_to_local_names() {
    let doc = Document::parse_str(r#"<р:ЭДСФР xmlns:р="http://пф.рф/x" xmlns="http://d"><р:Стр р:А="1" Б="2"/></р:ЭДСФР>"#).unwrap();
    let e = Env::default();
    assert_eq!(XPath::compile("count(/ЭДСФР/Стр/@*)").unwrap().evaluate_string(&doc, doc.root(), &e).unwrap(), "2");
    assert_eq!(XPath::compile("/ЭДСФР/Стр/@А").unwrap().evaluate_string(&doc, doc.root(), &e).unwrap(), "1");
}

#[test]
fn filter_drops_unreferenced_data_without_changing_results() {
    let rules = RuleSet::compile([rule("Д", "count(B) = 0 or @A != 1"), rule("Д", "sum(B/@N) < 10")]);
    let f = rules.name_filter();
    assert!(!f.keep_all);
    let mut xml = String::from("<Файл><Д A='1'>");
    for i in 0..100 {
        xml.push_str(&format!("<B N='{i}' Мусор='{}'><Лишнее Z='1'/>  </B>\n", "x".repeat(50)));
    }
    xml.push_str("</Д></Файл>");
    let full = Document::parse_str(&xml).unwrap();
    let small = Document::parse_str_filtered(&xml, Some(f)).unwrap();
    assert!(small.memory_bytes() * 3 < full.memory_bytes(), "{} vs {}", small.memory_bytes(), full.memory_bytes());
    assert_eq!(small.node_count(), 1 + 2 + 100);
    let env = Env::default();
    let a = rules.evaluate(&full, &env);
    assert_eq!(a, rules.evaluate(&small, &env));
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].message_ru, "Значение A = \"1\", B = 100{?}");
    assert_eq!(a[0].element_path, "Файл/Д");
}

#[test]
fn wildcards_disable_the_filter() {
    assert!(RuleSet::compile([rule("Д", "count(*) = 1")]).name_filter().keep_all);
    assert!(RuleSet::compile([rule("Д", "count(@*) = 1")]).name_filter().keep_all);
    assert!(RuleSet::compile([rule("Д", "name(..) = 'x'")]).name_filter().keep_all);
    assert!(!RuleSet::compile([rule("Д", "count(//X) = 1 and ../@Y")]).name_filter().keep_all);
}

#[test]
fn not_checked_and_eval_errors_are_reported_once() {
    let rules = RuleSet::compile([
        rule("Д", "usch:unknownFn(@A)"),
        rule("Д", "count(1) = 1"),
        rule("Д", "usch:getFileName() = 'x'"),
        rule("Д[1]", "true()"),
    ]);
    assert_eq!(rules.not_checked().count(), 2);
    let doc = Document::parse_str("<Ф><Д/><Д/><Д/></Ф>").unwrap();
    let f = rules.evaluate(&doc, &Env::default());
    let kinds: Vec<_> = f.iter().map(|x| &x.kind).collect();
    assert_eq!(f.len(), 4, "{kinds:?}");
    assert_eq!(f.iter().filter(|x| matches!(x.kind, FindingKind::NotChecked(_))).count(), 2);
    assert_eq!(f.iter().filter(|x| matches!(x.kind, FindingKind::EvalError(_))).count(), 2);
}

#[test]
fn rule_set_serde_round_trip() {
    let rules = RuleSet::compile([rule("Д", "@A = 1"), rule("Д", "bad((")]);
    let json = serde_json::to_string(&rules).unwrap();
    let back: RuleSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back.sources().cloned().collect::<Vec<_>>(), rules.sources().cloned().collect::<Vec<_>>());
    assert_eq!(back.not_checked().count(), 1);
}

#[test]
fn context_paths() {
    let rules = RuleSet::compile([rule("Ф/Д", "false()"), rule("/Д", "false()"), rule("//Д", "false()")]);
    let doc = Document::parse_str("<Ф><Д/><X><Д/></X></Ф>").unwrap();
    let f = rules.evaluate(&doc, &Env::default());
    let n: Vec<_> = f.iter().map(|x| (x.rule_context.as_str(), x.element_path.as_str())).collect();
    assert_eq!(n, vec![("Ф/Д", "Ф/Д"), ("//Д", "Ф/Д"), ("//Д", "Ф/X/Д")]);
}

#[test]
fn builder_tolerates_unbalanced_events() {
    let mut b = DocumentBuilder::new();
    b.end_element();
    b.text("x");
    b.start_element("a", std::iter::empty(), 1, 1);
    b.start_element("b", [("k", "v")].into_iter(), 1, 4);
    let doc = b.finish();
    assert_eq!(XPath::compile("string(a/b/@k)").unwrap().evaluate_string(&doc, doc.root(), &Env::default()).unwrap(), "v");
}
