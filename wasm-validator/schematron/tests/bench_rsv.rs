//! Throughput/memory check on a synthetic 20 MB РСВ report (ignored by
//! default; run with
//! `cargo test --release -p podpis-schematron --test bench_rsv -- --ignored --nocapture`).

mod common;

use std::time::Instant;

use podpis_schematron::{Document, Env, FindingKind, RuleSet, StreamEvaluator};
use podpis_schematron::document::{replay_str, ElementSink};

fn synthetic_rsv(target_bytes: usize) -> String {
    let mut s = String::with_capacity(target_bytes + 4096);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Файл ИдФайл=\"NO_RASCHSV_BENCH\" ВерсПрог=\"bench\" ВерсФорм=\"5.08\">\n");
    s.push_str("  <Документ КНД=\"1151111\" ДатаДок=\"09.04.2026\" НомКорр=\"0\" Период=\"21\" ОтчетГод=\"2026\" КодНО=\"7701\" ПоМесту=\"214\">\n");
    s.push_str("    <СвНП><НПЮЛ НаимОрг=\"ООО Тест\" ИННЮЛ=\"7707083893\" КПП=\"770101001\"/></СвНП>\n");
    s.push_str("    <Подписант ПрПодп=\"1\"><ФИО Фамилия=\"Петров\" Имя=\"Пётр\"/></Подписант>\n    <РасчетСВ>\n");
    s.push_str("      <ОбязПлатСВ ТипПлат=\"1\" ОКТМО=\"45000000\"><УплПерОПС КБК=\"18210201000011000160\" СумСБУплПер=\"1000.00\"/></ОбязПлатСВ>\n");
    let mut i = 0u64;
    while s.len() < target_bytes {
        i += 1;
        s.push_str(&format!(
            "      <ПерсСвСтрахЛиц НомМесяц=\"03\" Период=\"21\" ОтчетГод=\"2026\" НомКорр=\"0\">\n        <ДанФЛПолуч ИННФЛ=\"5403{:08}\" СНИЛС=\"112-233-445 95\" ДатаРожд=\"01.01.1980\" Гражд=\"643\" Пол=\"1\" КодВидДок=\"21\" СерНомДок=\"45 01 {:06}\">\n          <ФИО Фамилия=\"Иванов\" Имя=\"Иван\" Отчество=\"Иванович\"/>\n        </ДанФЛПолуч>\n        <СвВыплСВОПС>\n          <СвВыпл>\n",
            i % 100_000_000,
            i % 1_000_000
        ));
        for m in 1..=3 {
            s.push_str(&format!(
                "            <СвВыплМК Месяц=\"0{m}\" КатегорЗЛ=\"НР\" СумВыпл=\"50000.00\" ВыплОПС=\"50000.00\" ВыплОПСДог=\"0.00\" НачислСВ=\"11000.00\"/>\n"
            ));
        }
        s.push_str("          </СвВыпл>\n        </СвВыплСВОПС>\n      </ПерсСвСтрахЛиц>\n");
    }
    s.push_str("    </РасчетСВ>\n  </Документ>\n</Файл>\n");
    s
}

fn baseline_parse(xml: &str) -> usize {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut n = 0;
    loop {
        match r.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                for a in e.attributes() {
                    n += a.unwrap().normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().len();
                }
            }
            _ => {}
        }
    }
    n
}

#[test]
#[ignore]
fn bench_20mb_rsv() {
    let Some(dir) = common::formats_dir() else { return };
    let xsd_path = dir.join("fns/NO_RASCHSV_1_162_00_05_08_02.xsd");
    let rules = RuleSet::compile(common::extract_rules(&common::read_xml_text(&xsd_path)));
    let xml = synthetic_rsv(20 * 1024 * 1024);
    let mb = xml.len() as f64 / 1e6;
    let env = Env { file_name: Some("NO_RASCHSV_BENCH.xml".into()) };

    // Minimum of three runs per phase: the build machine is shared.
    let min3 = |f: &mut dyn FnMut()| -> f64 {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let t_base = min3(&mut || {
        baseline_parse(&xml);
    });
    let mut doc = None;
    let t_build = min3(&mut || doc = Some(Document::parse_str_filtered(&xml, Some(rules.name_filter())).unwrap()));
    let doc = doc.unwrap();
    let mut findings = Vec::new();
    let t_eval = min3(&mut || findings = rules.evaluate(&doc, &env));
    let full = Document::parse_str(&xml).unwrap();
    let mut findings_full = Vec::new();
    let t_eval_full = min3(&mut || findings_full = rules.evaluate(&full, &env));
    assert_eq!(findings, findings_full);
    let failed = findings.iter().filter(|f| f.kind == FindingKind::Failed).count();
    println!("file {mb:.1} MB, {} rules, {failed} failed findings", rules.len());
    println!("quick-xml parse only: {t_base:.3}s ({:.0} MB/s)", mb / t_base);
    println!("parse+build (filtered): {t_build:.3}s; evaluate: {t_eval:.3}s; total {:.0} MB/s", mb / (t_build + t_eval));
    println!("builder overhead over parsing: {:.3}s", t_build - t_base);
    println!("evaluate on full model: {t_eval_full:.3}s");
    println!(
        "model memory: filtered {:.1} MB ({:.2}x file, {} nodes, {} attrs), full {:.1} MB ({:.2}x file)",
        doc.memory_bytes() as f64 / 1e6,
        doc.memory_bytes() as f64 / xml.len() as f64,
        doc.node_count(),
        doc.attribute_count(),
        full.memory_bytes() as f64 / 1e6,
        full.memory_bytes() as f64 / xml.len() as f64
    );
    // xmllint --stream over the same file, for the throughput ratio.
    let tmp = std::env::temp_dir().join("podpis-bench-rsv.xml");
    std::fs::write(&tmp, &xml).unwrap();
    let mut status = None;
    let t_lint = min3(&mut || {
        status = Some(
            std::process::Command::new("xmllint")
                .args(["--noout", "--stream", "--schema"])
                .arg(&xsd_path)
                .arg(&tmp)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status(),
        )
    });
    let status = status.unwrap();
    let _ = std::fs::remove_file(&tmp);
    if status.is_ok() {
        println!("xmllint --stream --schema: {t_lint:.3}s ({:.0} MB/s); builder+rules share of a 4x budget: {:.0}%", mb / t_lint, 100.0 * (t_build - t_base + t_eval) / (t_lint / 4.0));
    }
    assert!(doc.memory_bytes() < xml.len(), "filtered model must be smaller than the file");
    let (t_stream, retained, persons) = streamed(&rules, &xml, &env);
    println!(
        "streaming evaluation: {t_stream:.3}s; retained model at the end {:.2} MB = {:.1} bytes per person ({persons} persons kept for count(ПерсСвСтрахЛиц))",
        retained as f64 / 1e6,
        retained as f64 / persons as f64
    );
}

/// Streams `xml` through a [`StreamEvaluator`]: time, retained model bytes
/// before the document element closes, number of persons.
fn streamed(rules: &RuleSet, xml: &str, env: &Env) -> (f64, usize, usize) {
    let t = Instant::now();
    let mut sink = Counting { s: StreamEvaluator::new(rules, env.clone()), depth: 0, retained: 0, persons: 0 };
    replay_str(xml, &mut sink).unwrap();
    let Counting { s, retained, persons, .. } = sink;
    let found = s.finish().map(|f| f.len());
    assert!(found.is_ok(), "streaming must be exact here");
    (t.elapsed().as_secs_f64(), retained, persons)
}

/// A [`StreamEvaluator`] that also counts persons and measures the retained
/// model when `РасчетСВ` closes (everything counted is still retained then).
struct Counting<'r> {
    s: StreamEvaluator<'r>,
    depth: usize,
    retained: usize,
    persons: usize,
}

impl ElementSink for Counting<'_> {
    fn start_element<'a>(&mut self, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>, line: u32, column: u32) {
        self.persons += usize::from(name == "ПерсСвСтрахЛиц");
        self.depth += 1;
        self.s.start_element(name, attrs, line, column);
    }
    fn text(&mut self, text: &str) {
        self.s.text(text);
    }
    fn end_element(&mut self) {
        if self.depth == 3 {
            self.retained = self.s.memory_bytes();
        }
        self.depth -= 1;
        self.s.end_element();
    }
}
