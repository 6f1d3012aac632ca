//! Stable-toolchain randomized robustness test (complements the cargo-fuzz
//! target): random token soups and mutated real rules must never panic,
//! whatever they compile to.

mod common;

use podpis_schematron::{Document, Env, MessagePart, RuleSet, RuleSource, Value, XPath};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VOCAB: &[&str] = &[
    "(", ")", "[", "]", ".", "..", "@", ",", "::", "/", "//", "|", "+", "-", "=", "!=", "<", "<=", ">", ">=",
    "*", " and ", " or ", " div ", " mod ", "'a'", "\"б\"", "1", "0.5", ".5", "2", "Документ", "Стр", "@Н",
    "@ДатаДок", "count(", "sum(", "usch:iif(", "usch:getFileName()", "usch:compareDate(", "substring(",
    "concat(", "not(", "number(", "round(", "string(", "name(", "last()", "position()", "node()", "text()",
    "child::", "ancestor::", "following-sibling::", "preceding-sibling::", "self::", "descendant::", "$v",
    "translate(", "normalize-space(", "string-length(", "true()", "false()", " ", "0 div 0", "-",
];

const DOC: &str = r#"<Файл ИдФайл="NO_1"><Документ ДатаДок="01.02.2024" Н="2"><Стр Н="1">а</Стр><Стр Н="x"/><Стр/></Документ></Файл>"#;

fn exercise(expr: &str, doc: &Document, env: &Env) {
    if let Ok(x) = XPath::compile(expr) {
        let _ = x.evaluate(doc, doc.root(), env);
        if let Ok(Value::Nodes(ns)) = XPath::compile("//*|//@*").unwrap().evaluate(doc, doc.root(), env) {
            for n in ns {
                let _ = x.evaluate_string(doc, n, env);
            }
        }
    }
}

#[test]
fn random_token_soups_never_panic() {
    let doc = Document::parse_str(DOC).unwrap();
    let env = Env { file_name: Some("NO_1.xml".into()) };
    let mut rng = Lcg(0x5eed);
    let mut compiled = 0;
    for _ in 0..20_000 {
        let len = 1 + rng.below(12);
        let expr: String = (0..len).map(|_| VOCAB[rng.below(VOCAB.len())]).collect();
        if XPath::compile(&expr).is_ok() {
            compiled += 1;
        }
        exercise(&expr, &doc, &env);
    }
    assert!(compiled > 500, "only {compiled} random expressions compiled");
}

#[test]
fn mutated_real_rules_never_panic() {
    let Some(dir) = common::formats_dir() else { return };
    let rows = common::tsv_rules(&dir);
    let doc = Document::parse_str(DOC).unwrap();
    let env = Env { file_name: Some("NO_1.xml".into()) };
    let mut rng = Lcg(42);
    let mut sources = Vec::new();
    for _ in 0..3_000 {
        let (_, r) = &rows[rng.below(rows.len())];
        let mut chars: Vec<char> = r.test.chars().collect();
        for _ in 0..1 + rng.below(4) {
            if chars.is_empty() {
                break;
            }
            let at = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(at);
                }
                1 => {
                    let v: Vec<char> = VOCAB[rng.below(VOCAB.len())].chars().collect();
                    chars.splice(at..at, v);
                }
                _ => {
                    let other = rng.below(chars.len());
                    chars.swap(at, other);
                }
            }
        }
        let test: String = chars.into_iter().collect();
        exercise(&test, &doc, &env);
        sources.push(RuleSource {
            pattern_name: "m".into(),
            context: ["Документ", "Стр", "*", "Файл/Документ", "Д[", ""][rng.below(6)].into(),
            test: test.clone(),
            fns_code: None,
            error_path: None,
            message: vec![MessagePart::ValueOf(test)],
        });
    }
    let set = RuleSet::compile(sources);
    let _ = set.evaluate(&doc, &env);
    let _ = set.evaluate(&Document::parse_str_filtered(DOC, Some(set.name_filter())).unwrap(), &Env::default());
}
