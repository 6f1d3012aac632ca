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
    // Six amounts by payment term (СведСумНалУд): each under its own label in
    // the row's details, not six bare values joined in one cell.
    assert!(!html.contains(">0 0 0 0 0 0<"), "no unlabelled run of amounts");
    let sub = html.find("<table class=\"podpis-r-sub-t\"><caption>").expect("attribute-only group as a labelled sub-table");
    let table = &html[sub..sub + html[sub..].find("</table>").unwrap()];
    assert!(table.contains("<caption>Сумма налога на доходы физических лиц, подлежащая перечислению с начала налогового периода, по срокам перечисления</caption>"), "{table}");
    assert!(table.contains("<th>Сумма налога на доходы физических лиц, подлежащая перечислению по первому сроку</th>"), "{table}");
    assert!(table.contains("<th>Сумма налога на доходы физических лиц, подлежащая перечислению по шестому сроку</th>"), "{table}");
    assert_eq!(count(table, "<td>0</td>"), 6, "{table}");
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

/// A generated РСВ with `persons` insured persons; person `bad` (1-based)
/// gets an invalid СНИЛС.
fn generated_rsv(v: &Validator, persons: usize, bad: Option<usize>) -> Vec<u8> {
    let form = v.pack().forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let opts = podpis_validator::generator::GenOptions { form, size: persons, repeat: None, optional_attributes: false };
    let mut text = podpis_validator::generator::generate(v.pack(), &opts, "windows-1251").unwrap();
    if let Some(n) = bad {
        let at = text.match_indices("<ПерсСвСтрахЛиц").nth(n - 1).unwrap().0;
        let snils = at + text[at..].find("СНИЛС=\"").unwrap() + "СНИЛС=\"".len();
        let end = snils + text[snils..].find('"').unwrap();
        text.replace_range(snils..end, "ПЛОХОЙ");
    }
    podpis_validator::generator::encode_for_form(v.pack(), form, &text)
}

fn rows_in(html: &str) -> usize {
    count(html, "<tr class=\"podpis-r-row")
}

#[test]
fn large_documents_render_in_chunks() {
    let v = validator();
    let bytes = generated_rsv(&v, 300, None);
    let mut view = ReportView::new(v.clone(), &bytes, "big.xml", None, Lang::Ru, "t");
    let first = view.next_chunk(200);
    assert!(!view.is_done(), "first screen is partial");
    assert!(first.iter().any(|s| s.html.contains("<h1>")));
    let mut rows = rows_in(&first.iter().map(|s| s.html.as_str()).collect::<String>());
    let mut chunks = 1;
    while !view.is_done() {
        let segs = view.next_chunk(500);
        // Later chunks continue inside containers opened earlier.
        assert!(segs.iter().all(|s| s.target.is_none() || s.target.as_deref().unwrap().starts_with("t-")));
        rows += segs.iter().map(|s| rows_in(&s.html)).sum::<usize>();
        chunks += 1;
    }
    assert!(chunks > 3, "{chunks}");
    // The first 100 persons are rows of the document, the other 200 are in blocks.
    let blocks = &view.blocks().blocks;
    assert_eq!(blocks.iter().map(|b| b.rows).sum::<u32>(), 200);
    assert!(rows >= 100, "{rows}");
}

#[test]
fn later_rows_are_blocks_rendered_on_demand_with_their_findings() {
    let v = validator();
    let bytes = generated_rsv(&v, 1000, Some(900));
    let report = check(&v, &bytes, "rsv1000.xml");
    let bad: Vec<usize> = (0..report.findings.len()).filter(|i| report.findings[*i].path.ends_with("ДанФЛПолуч/@СНИЛС")).collect();
    assert_eq!(bad.len(), 1, "{:?}", report.findings);
    let mut view = ReportView::new(v.clone(), &bytes, "rsv1000.xml", Some(&report), Lang::Ru, "t");
    let html: String = view.next_chunk(usize::MAX).into_iter().map(|s| s.html).collect();
    assert!(view.is_done());
    // Persons 1–100 are in the document; the rest are 18 placeholders of 50.
    let persons = view.blocks().tables.iter().position(|t| t.local == "ПерсСвСтрахЛиц").unwrap();
    let blocks: Vec<usize> = (0..view.blocks().blocks.len()).filter(|i| view.blocks().blocks[*i].table == persons).collect();
    assert_eq!(blocks.len(), 18);
    assert_eq!(count(&html, "class=\"podpis-r-block podpis-r-gap\""), view.blocks().blocks.len());
    assert!(!html.contains(&format!("id=\"t-f{}\"", bad[0])), "the finding of person 900 is not in the document yet");
    assert!(html.contains(&format!("href=\"#t-f{}\"", bad[0])), "but the summary links to it");
    // Its block renders persons 851–900 with the finding marked in person 900.
    let b = view.blocks().of_finding(bad[0]).unwrap();
    assert_eq!(view.blocks().blocks[b].first_row, 851);
    let rows = view.block_html(b);
    assert_eq!(rows_in(&rows), 50);
    assert!(rows.starts_with("<tr class=\"podpis-r-row\"><td class=\"podpis-r-num\">851</td>"), "{}", &rows[..200]);
    let marker = rows.find(&format!("id=\"t-f{}\"", bad[0])).expect("marker in the block");
    let row_of_marker = rows[..marker].rfind("<td class=\"podpis-r-num\">").unwrap();
    assert!(rows[row_of_marker..].starts_with("<td class=\"podpis-r-num\">900</td>"));
    assert!(rows.contains("<tr class=\"podpis-r-row podpis-r-bad\">") || rows.contains("podpis-r-bad"));
    // Every block renders its rows, numbered on from the document's.
    let mut next = 101;
    for i in blocks {
        let h = view.block_html(i);
        assert!(h.starts_with(&format!("<tr class=\"podpis-r-row\"><td class=\"podpis-r-num\">{next}</td>")) || h.starts_with(&format!("<tr class=\"podpis-r-row podpis-r-bad\"><td class=\"podpis-r-num\">{next}</td>")), "block {i}");
        next += rows_in(&h);
    }
    assert_eq!(next, 1001);
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

