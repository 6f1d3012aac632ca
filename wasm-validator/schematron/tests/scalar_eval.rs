//! Rule tests are evaluated by the boolean evaluator, which visits simple paths
//! instead of building node-sets ([`XPath::evaluate_bool`]). On random
//! FNS-shaped expressions at every node of documents with awkward values it
//! must give exactly what general evaluation converted to boolean gives —
//! including errors — and the same streaming results.

mod common;

use podpis_schematron::{Document, Env, MessagePart, RuleSet, RuleSource, Value, XPath};

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const PATHS: &[&str] = &[
    "@a", "@b", "../@a", "../../@b", "A", "A/@a", "A/B/@b", "B", "../A/@a", ".", "..", "/R/A/@a", "/R/A/B", "text()",
    "A[1]", "//B", "../B/@b", "A/B", "*", "@*", "../*/@a", "node()", "A/text()", "../..", "B/@a", "self::A",
];
const SCALARS: &[&str] = &[
    "'1'", "1", "2", "''", "'x'", "' 2 '", "0 div 0", "-1", "1.5", "'01'", "'Б'", "true()", "false()",
    "usch:getFileName()", "'NO_1'",
];

fn path(r: &mut Lcg) -> String {
    r.pick(PATHS).to_owned()
}

fn scalar(r: &mut Lcg, depth: usize) -> String {
    match r.below(if depth > 2 { 2 } else { 11 }) {
        0 => r.pick(SCALARS).to_owned(),
        1 => path(r),
        2 => format!("count({})", path(r)),
        3 => format!("sum({})", path(r)),
        4 => format!("string-length({})", path(r)),
        5 => format!("substring({}, {}, {})", path(r), r.below(4), r.below(4)),
        6 => format!("string({})", scalar(r, depth + 1)),
        7 => format!("number({})", scalar(r, depth + 1)),
        8 => format!("usch:iif({}, {}, {})", boolean(r, depth + 1), scalar(r, depth + 1), scalar(r, depth + 1)),
        9 => format!("({} + {})", scalar(r, depth + 1), scalar(r, depth + 1)),
        _ => format!("substring({}, {})", scalar(r, depth + 1), r.below(3)),
    }
}

fn boolean(r: &mut Lcg, depth: usize) -> String {
    const OPS: &[&str] = &["=", "!=", "<", "<=", ">", ">="];
    match r.below(if depth > 2 { 2 } else { 8 }) {
        0 => format!("{} {} {}", scalar(r, depth + 1), r.pick(OPS), scalar(r, depth + 1)),
        1 => path(r),
        2 => format!("not({})", boolean(r, depth + 1)),
        3 => format!("({} and {})", boolean(r, depth + 1), boolean(r, depth + 1)),
        4 => format!("({} or {})", boolean(r, depth + 1), boolean(r, depth + 1)),
        5 => format!("usch:iif({}, {}, {})", boolean(r, depth + 1), boolean(r, depth + 1), boolean(r, depth + 1)),
        6 => format!("boolean({})", scalar(r, depth + 1)),
        _ => format!("({} {} {}) = {}", scalar(r, depth + 1), r.pick(OPS), scalar(r, depth + 1), r.pick(SCALARS)),
    }
}

const DOCS: &[&str] = &[
    r#"<R a="1" b=" 2 "><A a="01" b="x"><B b="1.5" a="">1</B><B b="-1"/></A><A a="Б"><B>текст</B>x</A><B a="2" b="1"/></R>"#,
    r#"<R><A a="" b=""/><C><A a="1"><B b="2" a="2"/></A></C><B/>5</R>"#,
    r#"<R a="NO_1"><A a="1.0" b="1"><B b="1"/><B b="0"/><B b="x"/></A><A><A a="2"><B b="3"/></A></A></R>"#,
];

#[test]
fn boolean_evaluation_agrees_with_general_evaluation() {
    let mut r = Lcg(0xB001);
    let envs = [Env { file_name: Some("NO_1.xml".into()) }, Env { file_name: None }];
    let docs: Vec<Document> = DOCS.iter().map(|d| Document::parse_str(d).unwrap()).collect();
    let all = XPath::compile("//node() | //@* | /").unwrap();
    let mut checked = 0;
    for _ in 0..3_000 {
        let src = boolean(&mut r, 0);
        let x = XPath::compile(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        for doc in &docs {
            let Ok(Value::Nodes(nodes)) = all.evaluate(doc, doc.root(), &envs[0]) else { panic!("nodes") };
            for n in nodes {
                for env in &envs {
                    let fast = x.evaluate_bool(doc, n, env);
                    let general = x.evaluate(doc, n, env).map(|v| v.to_bool());
                    assert_eq!(fast, general, "{src} at {n:?} in {}", doc.element_path(n));
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100_000, "{checked}");
}

#[test]
fn random_boolean_rules_stream_like_whole_documents() {
    let mut r = Lcg(0x5CA1);
    let env = Env { file_name: Some("NO_1.xml".into()) };
    let contexts = ["A", "B", "A/B", "R", "C/A"];
    let mut streamed = 0;
    for _ in 0..600 {
        let rules = RuleSet::compile((0..3).map(|_| RuleSource {
            pattern_name: "p".into(),
            context: r.pick(&contexts).into(),
            test: boolean(&mut r, 0),
            fns_code: None,
            error_path: None,
            message: vec![MessagePart::Text("при ".into()), MessagePart::ValueOf(scalar(&mut r, 1))],
        }));
        let shown: Vec<String> = rules.sources().map(|s| format!("{} :: {} :: {:?}", s.context, s.test, s.message)).collect();
        eprintln!("rules: {shown:#?}");
        for doc in DOCS {
            if common::stream_vs_whole(&rules, doc, &env).is_ok() {
                streamed += 1;
            }
        }
    }
    assert!(streamed > 300, "{streamed}");
}

/// The integer fast path of `str_to_num` gives what the decimal parser gives.
#[test]
fn string_to_number_fast_path_is_exact() {
    fn reference(s: &str) -> f64 {
        let t = s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\r' | '\n'));
        let body = t.strip_prefix('-').unwrap_or(t);
        let ok = body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.chars().any(|c| c.is_ascii_digit())
            && body.matches('.').count() <= 1;
        if ok { t.parse().unwrap_or(f64::NAN) } else { f64::NAN }
    }
    let cases = [
        "0", "-0", "007", "123456789012345", "999999999999999", "1234567890123456", " 42 ", "\t-15\n", "1.5", ".5", "5.", "-",
        "", "1e3", "+1", "12a", "--5", "٣", "7707083893", "-.5",
    ];
    for s in cases {
        let (a, b) = (podpis_schematron::value::str_to_num(s), reference(s));
        assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{s:?}: {a} vs {b}");
    }
}
