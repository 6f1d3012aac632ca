//! The rendering's view model natively: labels from the schema
//! documentation, formatted values, tables for repeated elements, every
//! finding shown inline exactly once with the anchor the summary links to.
//! Writes the HTML to `tests/artifacts/render/` (gitignored) for looking at.
#![cfg(not(target_arch = "wasm32"))]

mod fixtures;

use std::rc::Rc;

use podpis_validator::{CheckOptions, Lang, Report, Validator};
use podpis_wasm::view_model::ReportView;

fn validator() -> Rc<Validator> {
    fixtures::require();
    Rc::new(Validator::from_bytes(fixtures::PACK).unwrap())
}

/// Renders in one chunk (one segment: plain, well-formed HTML).
fn render_whole(v: &Rc<Validator>, bytes: &[u8], name: &str, report: Option<&Report>) -> String {
    let mut view = ReportView::new(v.clone(), bytes, name, report, Lang::Ru, "t");
    let segments = view.next_chunk(usize::MAX);
    assert!(view.is_done());
    assert_eq!(segments.len(), 1);
    segments.into_iter().next().unwrap().html
}

fn check(v: &Validator, bytes: &[u8], name: &str) -> Report {
    v.check(bytes, &CheckOptions { file_name: Some(name.into()), ..Default::default() })
}

fn dump(name: &str, html: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/artifacts/render");
    std::fs::create_dir_all(&dir).unwrap();
    let css = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("report.css");
    let page = format!(
        "<!doctype html><meta charset=utf-8><link rel=stylesheet href=\"{}\"><body><div class=\"podpis-r\">{html}</div></body>",
        css.display()
    );
    std::fs::write(dir.join(format!("{name}.html")), page).unwrap();
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn every_sample_renders_with_every_finding_inline_once() {
    let v = validator();
    for (path, bytes, _, _) in fixtures::SAMPLES {
        let name = fixtures::file_name(path);
        let report = check(&v, bytes, name);
        let html = render_whole(&v, bytes, name, Some(&report));
        for i in 0..report.findings.len().min(200) {
            assert_eq!(count(&html, &format!("href=\"#t-f{i}\"")), 1, "{path}: summary link {i}");
        }
        for i in 0..report.findings.len() {
            assert_eq!(count(&html, &format!("id=\"t-f{i}\"")), 1, "{path}: anchor {i}");
        }
        assert_eq!(count(&html, "<section"), count(&html, "</section>"), "{path}");
        dump(name.trim_end_matches(".xml"), &html);
    }
}

#[test]
fn rsv_sample_has_labels_and_its_findings_inline() {
    let v = validator();
    let (path, bytes) = fixtures::sample("NO_RASCHSV_romashka");
    let name = fixtures::file_name(path);
    let report = check(&v, bytes, name);
    let html = render_whole(&v, bytes, name, Some(&report));
    assert!(html.contains("<h1>Расчет по страховым взносам</h1>"), "title");
    assert!(html.contains("КНД 1151111"));
    assert!(html.contains("Сведения о плательщике страховых взносов"), "section label from xs:documentation");
    // The two Schematron findings of this sample are marked inline.
    assert!(report.findings.iter().any(|f| f.fns_code.as_deref() == Some("0400300003")));
    assert!(count(&html, "podpis-r-finding ") >= report.findings.len());
}

#[test]
fn ndfl6_codes_have_their_meanings_and_people_are_grouped() {
    let v = validator();
    let (path, bytes) = fixtures::sample("NO_NDFL6.2_romashka");
    let html = render_whole(&v, bytes, fixtures::file_name(path), None);
    assert!(html.contains("<h1>Расчет сумм налога на доходы физических лиц"), "title");
    assert!(html.contains("2<span class=\"podpis-r-meaning\"> — представитель налогового агента</span>"), "code meaning from the documentation");
    assert!(html.contains("<span class=\"podpis-r-k\" title=\"Фамилия\">Фамилия</span> <span class=\"podpis-r-v\">Петров</span>"), "ФИО as one field");
    assert!(html.contains(">Дата формирования документа</span><span class=\"podpis-r-value\">09.04.2026<"), "first documentation text is the label");
}

#[test]
fn upd_goods_are_table_rows() {
    let v = validator();
    let (path, bytes) = fixtures::sample("utd970");
    let html = render_whole(&v, bytes, fixtures::file_name(path), None);
    assert!(html.contains("title=\"СведТов\""), "table of goods");
    assert!(count(&html, "class=\"podpis-r-row") >= 1);
    assert!(!html.contains("podpis-r-summary"), "no summary without a report");
}

#[test]
fn large_documents_render_in_chunks() {
    let v = validator();
    let form = v.pack().forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let opts = podpis_validator::generator::GenOptions { form, size: 300, repeat: None, optional_attributes: false };
    let text = podpis_validator::generator::generate(v.pack(), &opts, "windows-1251").unwrap();
    let bytes = podpis_validator::generator::encode_for_form(v.pack(), form, &text);
    let mut view = ReportView::new(v.clone(), &bytes, "big.xml", None, Lang::Ru, "t");
    let first = view.next_chunk(200);
    assert!(!view.is_done(), "first screen is partial");
    assert!(first.iter().any(|s| s.html.contains("<h1>")));
    let mut rows = count(&first.iter().map(|s| s.html.as_str()).collect::<String>(), "class=\"podpis-r-row");
    let mut chunks = 1;
    while !view.is_done() {
        let segs = view.next_chunk(500);
        // Later chunks continue inside containers opened earlier.
        assert!(segs.iter().all(|s| s.target.is_none() || s.target.as_deref().unwrap().starts_with("t-")));
        rows += segs.iter().map(|s| count(&s.html, "class=\"podpis-r-row")).sum::<usize>();
        chunks += 1;
    }
    assert!(chunks > 3, "{chunks}");
    assert!(rows >= 300, "{rows}");
}

#[test]
fn generated_rsv_has_money_and_a_table_of_insured_persons() {
    let v = validator();
    let form = v.pack().forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let opts = podpis_validator::generator::GenOptions { form, size: 5, repeat: None, optional_attributes: false };
    let text = podpis_validator::generator::generate(v.pack(), &opts, "windows-1251").unwrap();
    let bytes = podpis_validator::generator::encode_for_form(v.pack(), form, &text);
    let html = render_whole(&v, &bytes, "rsv5.xml", None);
    dump("generated-rsv-5", &html);
    assert!(html.contains("title=\"ПерсСвСтрахЛиц\">Персонифицированные сведения о застрахованных лицах</caption>"), "persons table");
    assert!(html.contains("<span class=\"podpis-r-value\">0,00</span>"), "money with two decimals");
}

