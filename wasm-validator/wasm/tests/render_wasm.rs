//! `Validator.render` in headless Chromium: the rendered DOM has the form's
//! title, sections labelled from `xs:documentation`, every finding's marker
//! inside the element it concerns (and linked from the summary), and
//! repeated elements as table rows — also for a report rendered in chunks.
#![cfg(target_arch = "wasm32")]

mod fixtures;

use js_sys::Reflect;
use podpis_wasm::validator::LangName;
use podpis_wasm::ReportValidator;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn lang() -> Option<LangName> {
    Some(JsValue::from_str("ru").unchecked_into())
}

fn target() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
}

fn json(v: &JsValue) -> serde_json::Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(v).unwrap())).unwrap()
}

#[wasm_bindgen_test]
async fn rendered_sample_has_labels_and_findings_at_their_elements() {
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    for needle in ["NO_RASCHSV_romashka", "NO_NDFL6.2_romashka", "utd970"] {
        let (path, bytes) = fixtures::sample(needle);
        let name = fixtures::file_name(path);
        let report = v.check(bytes.to_vec(), name, lang()).unwrap();
        let findings = json(&report)["findings"].as_array().unwrap().clone();
        assert!(!findings.is_empty(), "{path}: the samples have findings");
        let el = target();
        let handle = v.render(&el, bytes, name, report, lang()).unwrap();
        assert!(handle.first_screen());
        JsFuture::from(handle.done()).await.unwrap();
        assert!(handle.finished());

        let h1 = texts(&el, "h1");
        assert_eq!(h1.len(), 1, "{path}");
        let headings = texts(&el, "h2, h3, h4");
        assert!(headings.iter().any(|h| h == "Файл обмена"), "{path}: {headings:?}");
        // Every finding: one inline marker inside the element of its path, one summary link.
        for (i, f) in findings.iter().enumerate() {
            let marker = el.query_selector(&format!("[id$='-f{i}']")).unwrap().unwrap_or_else(|| panic!("{path}: marker {i}"));
            let fpath = f["path"].as_str().unwrap();
            let element_path = fpath.split("/@").next().unwrap();
            let owner = marker.closest("[data-path]").unwrap().expect("marker inside an element");
            let owner_path = owner.get_attribute("data-path").unwrap();
            assert!(
                owner_path == element_path || element_path.starts_with(&format!("{owner_path}/")),
                "{path}: finding {i} at {fpath} shown in {owner_path}"
            );
            let link = el.query_selector(&format!("a[href='#{}']", marker.id())).unwrap();
            assert!(link.is_some(), "{path}: summary link to finding {i}");
        }
        let labels = texts(&el, ".podpis-r-label");
        match needle {
            "NO_RASCHSV_romashka" => assert!(headings.iter().any(|h| h == "Сведения о плательщике страховых взносов")),
            "NO_NDFL6.2_romashka" => assert!(labels.iter().any(|l| l == "Дата формирования документа")),
            _ => assert!(texts(&el, "caption").iter().any(|c| c.starts_with("Сведения об отгруженных товарах")), "{path}: goods table"),
        }
        el.remove();
    }
}

/// A generated РСВ with `persons` insured persons; person `bad` (1-based)
/// gets an invalid СНИЛС.
fn generated_rsv(persons: usize, bad: Option<usize>) -> Vec<u8> {
    let pack = podpis_validator::Pack::from_bytes(fixtures::PACK).unwrap();
    let form = pack.forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let opts = podpis_validator::generator::GenOptions { form, size: persons, repeat: None, optional_attributes: false };
    let mut text = podpis_validator::generator::generate(&pack, &opts, "windows-1251").unwrap();
    if let Some(n) = bad {
        let at = text.match_indices("<ПерсСвСтрахЛиц").nth(n - 1).unwrap().0;
        let snils = at + text[at..].find("СНИЛС=\"").unwrap() + "СНИЛС=\"".len();
        let end = snils + text[snils..].find('"').unwrap();
        text.replace_range(snils..end, "ПЛОХОЙ");
    }
    podpis_validator::generator::encode_for_form(&pack, form, &text)
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |res, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&res, ms).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// The numbers of the rows of a `<tbody>`.
fn numbers(tbody: &Element) -> Vec<u32> {
    texts(tbody, "tr.podpis-r-row > td.podpis-r-num").iter().map(|n| n.parse().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn a_large_report_renders_progressively_into_one_table() {
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    let bytes = generated_rsv(1500, None);
    let el = target();
    let handle = v.render(&el, &bytes, "rsv.xml", JsValue::UNDEFINED, lang()).unwrap();
    assert!(!handle.finished(), "only the first screen is rendered synchronously");
    JsFuture::from(handle.done()).await.unwrap();
    assert!(handle.finished());
    let persons = el.query_selector_all("caption[title='ПерсСвСтрахЛиц']").unwrap().length();
    assert_eq!(persons, 1, "one table of insured persons");
    let table = el.query_selector("caption[title='ПерсСвСтрахЛиц']").unwrap().unwrap().parent_element().unwrap();
    // 100 rows in the document, 1400 in 28 blocks of 50 rendered near the viewport.
    assert_eq!(count(&table, "tbody.podpis-r-block"), 28);
    assert!(count(&table, "tbody > tr.podpis-r-row") < 1500);
    handle.render_all().unwrap();
    let all: Vec<u32> = texts(&table, "tbody > tr.podpis-r-row > td.podpis-r-num").iter().map(|n| n.parse().unwrap()).collect();
    assert_eq!(all, (1..=1500).collect::<Vec<u32>>());
    assert!(Reflect::has(&JsValue::from(el.clone()), &"innerHTML".into()).unwrap());
    el.remove();
}

#[wasm_bindgen_test]
async fn a_big_table_keeps_a_bounded_window_jumps_to_a_late_row_and_prints_everything() {
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    // 2 000 persons here (webdriver times out on longer synchronous work);
    // tests/browser/screenshots.test.mjs does the same with 10 000.
    let bytes = generated_rsv(2_000, Some(1_800));
    let report = v.check(bytes.clone(), "rsv2000.xml", lang()).unwrap();
    let findings = json(&report)["findings"].as_array().unwrap().clone();
    let bad = findings.iter().position(|f| f["path"].as_str().unwrap().ends_with("ДанФЛПолуч/@СНИЛС")).expect("the bad СНИЛС is found");
    let el = target();
    let handle = v.render(&el, &bytes, "rsv2000.xml", report, lang()).unwrap();
    JsFuture::from(handle.done()).await.unwrap();
    sleep(200).await;
    let table = el.query_selector("caption[title='ПерсСвСтрахЛиц']").unwrap().unwrap().parent_element().unwrap();
    // Bounded DOM: the first 100 rows plus at most MAX_LIVE blocks of 50.
    let bound = 100 + 50 * podpis_wasm::row_window::MAX_LIVE as u32;
    assert_eq!(count(&table, "tbody.podpis-r-block"), 38, "1 900 rows in blocks");
    let live = count(&table, "tr.podpis-r-row");
    assert!(live <= bound, "{live} rows in the page");

    // Scrolling to the middle shows rows 1 101–1 150 there.
    let block = table.query_selector("tbody.podpis-r-block[data-block='20']").unwrap().unwrap();
    block.scroll_into_view();
    sleep(300).await;
    assert_eq!(numbers(&block), (1101..=1150).collect::<Vec<u32>>());
    let live = count(&table, "tr.podpis-r-row");
    assert!(live <= bound, "{live} rows in the page after scrolling");

    // The summary link to person 1 800's finding renders that row, marks it and scrolls there.
    let id = format!("{}-f{bad}", el.first_element_child().unwrap().id());
    assert!(el.query_selector(&format!("#{id}")).unwrap().is_none(), "not in the page before the jump");
    let link: web_sys::HtmlElement = el.query_selector(&format!("a[href='#{id}']")).unwrap().expect("summary link").unchecked_into();
    link.click();
    let marker = el.query_selector(&format!("#{id}")).unwrap().expect("rendered by the jump");
    assert!(marker.class_list().contains("podpis-r-target"));
    let row = table.query_selector("tr.podpis-r-row.podpis-r-target").unwrap().expect("its row is marked");
    assert_eq!(texts(&row, "td.podpis-r-num"), vec!["1800".to_string()]);
    let top = marker.get_bounding_client_rect().top();
    let height = web_sys::window().unwrap().inner_height().unwrap().as_f64().unwrap();
    assert!(top >= 0.0 && top < height, "marker in view: top {top}, viewport {height}");
    sleep(300).await;
    assert!(el.query_selector(&format!("#{id}")).unwrap().is_some(), "the marked row stays");
    let live = count(&table, "tr.podpis-r-row");
    assert!(live <= bound + 50, "{live} rows in the page after the jump");

    // Printing renders every row.
    let win: web_sys::EventTarget = web_sys::window().unwrap().into();
    win.dispatch_event(&web_sys::Event::new("beforeprint").unwrap()).unwrap();
    assert_eq!(count(&table, "tr.podpis-r-row"), 2_000);
    assert_eq!(count(&table, "tbody.podpis-r-gap"), 0);
    win.dispatch_event(&web_sys::Event::new("afterprint").unwrap()).unwrap();
    let live = count(&table, "tr.podpis-r-row");
    assert!(live <= bound + 50, "{live} rows in the page after printing");
    el.remove();
}
