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

#[wasm_bindgen_test]
async fn a_large_report_renders_progressively_into_one_table() {
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    let pack = podpis_validator::Pack::from_bytes(fixtures::PACK).unwrap();
    let form = pack.forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let opts = podpis_validator::generator::GenOptions { form, size: 1500, repeat: None, optional_attributes: false };
    let text = podpis_validator::generator::generate(&pack, &opts, "windows-1251").unwrap();
    let bytes = podpis_validator::generator::encode_for_form(&pack, form, &text);
    let el = target();
    let handle = v.render(&el, &bytes, "rsv.xml", JsValue::UNDEFINED, lang()).unwrap();
    assert!(!handle.finished(), "only the first screen is rendered synchronously");
    let first_rows = el.query_selector_all("tr.podpis-r-row").unwrap().length();
    JsFuture::from(handle.done()).await.unwrap();
    assert!(handle.finished());
    let persons = el.query_selector_all("caption[title='ПерсСвСтрахЛиц']").unwrap().length();
    assert_eq!(persons, 1, "one table of insured persons");
    let table = el.query_selector("caption[title='ПерсСвСтрахЛиц']").unwrap().unwrap().parent_element().unwrap();
    let rows = table.query_selector_all("tbody > tr.podpis-r-row").unwrap().length();
    assert_eq!(rows, 1500);
    assert!(first_rows < 1500, "{first_rows}");
    assert!(Reflect::has(&JsValue::from(el.clone()), &"innerHTML".into()).unwrap());
    el.remove();
}
