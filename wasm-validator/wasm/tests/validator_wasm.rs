//! The `Validator` JS API in WASM (node and headless Chromium): the pack
//! `compileSchemas` (the schema-import module's export; the Rust function is
//! in every build) makes from the reference schemas is byte-identical to the
//! natively compiled one, and every reference sample gets exactly the report the
//! native validator gives (`build.rs` computed those natively).
#![cfg(target_arch = "wasm32")]

mod fixtures;

use js_sys::{Array, Object, Reflect, Uint8Array};
use podpis_wasm::schema_import::{compile_schemas, SchemaFiles};
use podpis_wasm::validator::LangName;
use podpis_wasm::ReportValidator;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn schema_files(files: &[(&str, &[u8])]) -> SchemaFiles {
    let array = Array::new();
    for (name, bytes) in files {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &JsValue::from_str(name)).unwrap();
        Reflect::set(&o, &"bytes".into(), &Uint8Array::from(*bytes)).unwrap();
        array.push(&o);
    }
    JsValue::from(array).unchecked_into()
}

fn lang(name: &str) -> Option<LangName> {
    Some(JsValue::from_str(name).unchecked_into())
}

fn json(v: &JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn prop(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn code_of(err: JsValue) -> String {
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(prop(&err, "name").as_string().as_deref(), Some("PodpisWasmError"));
    assert!(!prop(&err, "message").as_string().unwrap().is_empty());
    assert!(!prop(&err, "messageEn").as_string().unwrap().is_empty());
    prop(&err, "code").as_string().unwrap()
}

#[wasm_bindgen_test]
fn compiling_in_wasm_gives_the_native_pack() {
    fixtures::require();
    let pack = compile_schemas(&schema_files(fixtures::SCHEMAS)).unwrap();
    assert!(pack == fixtures::PACK, "pack bytes differ from the native compile");
    assert!(ReportValidator::from_pack(&pack).is_ok());
}

#[wasm_bindgen_test]
fn every_sample_gets_the_native_report() {
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    for (path, bytes, ru, en) in fixtures::SAMPLES {
        let name = fixtures::file_name(path);
        for (l, expected) in [("ru", ru), ("en", en)] {
            let got = json(&v.check(bytes.to_vec(), name, lang(l)).unwrap());
            let want: serde_json::Value = serde_json::from_str(expected).unwrap();
            assert_eq!(got, want, "{path} ({l})");
        }
        // The default language is Russian.
        assert_eq!(json(&v.check(bytes.to_vec(), name, None).unwrap()), serde_json::from_str::<serde_json::Value>(ru).unwrap());
    }
}

#[wasm_bindgen_test]
fn detect_agrees_with_the_checked_form_and_forms_lists_it() {
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    let forms = json(&v.forms().unwrap());
    let names: Vec<&str> = forms.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"NO_RASCHSV_1_162_00_05_08_02"), "{names:?}");
    let rsv = forms.as_array().unwrap().iter().find(|f| f["name"] == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    assert_eq!(rsv["knd"], "1151111");
    assert_eq!(rsv["version"], "5.08");
    assert_eq!(rsv["root"], "Файл");
    for (path, bytes, ru, _) in fixtures::SAMPLES {
        let report: serde_json::Value = serde_json::from_str(ru).unwrap();
        let detected = v.detect(&Uint8Array::from(*bytes), fixtures::file_name(path)).unwrap();
        match report["form"].as_str() {
            Some(form) => assert_eq!(json(&detected)["name"], form, "{path}"),
            None => assert!(detected.is_undefined(), "{path}"),
        }
    }
    assert!(v.detect(&Uint8Array::from(&b"\x00\x01 not xml"[..]), "x.bin").unwrap().is_undefined());
}

/// `identifyDocument` (no pack): every sample's identity is the one the
/// Rust API gives, and names the root and namespace of the form `detect`
/// chooses; what is not XML is `undefined`.
#[wasm_bindgen_test]
fn identify_document_needs_no_pack_and_agrees_with_detect() {
    use podpis_wasm::document_identity::identify_document_js;
    fixtures::require();
    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    let mut identified = 0;
    for (path, bytes, _, _) in fixtures::SAMPLES {
        let got = identify_document_js(&Uint8Array::from(*bytes)).unwrap();
        let want = podpis_wasm::identify_bytes(bytes);
        assert_eq!(json(&got), serde_json::to_value(&want).unwrap(), "{path}");
        let Some(want) = want else { continue };
        identified += 1;
        assert!(["windows-1251", "utf-8", "utf-16"].contains(&want.encoding), "{path}");
        let detected = v.detect(&Uint8Array::from(*bytes), fixtures::file_name(path)).unwrap();
        if !detected.is_undefined() {
            let form = json(&detected);
            assert_eq!(form["root"], want.root.as_str(), "{path}");
            assert_eq!(form["namespace"].as_str(), want.namespace.as_deref(), "{path}");
            if let (Some(a), Some(b)) = (form["knd"].as_str(), want.knd.as_deref()) {
                assert_eq!(a, b, "{path}");
            }
        }
    }
    assert!(identified > 0);
    assert!(identify_document_js(&Uint8Array::from(&b"\x00\x01 not xml"[..])).unwrap().is_undefined());
    let fns = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Файл ИдФайл=\"NO_X_1\" ВерсФорм=\"5.05\"><Документ КНД=\"1151100\"/></Файл>";
    assert_eq!(
        json(&identify_document_js(&Uint8Array::from(fns.as_bytes())).unwrap()),
        serde_json::json!({"root": "Файл", "version": "5.05", "knd": "1151100", "idFile": "NO_X_1", "encoding": "utf-8"})
    );
}

#[wasm_bindgen_test]
fn errors_are_typed() {
    fixtures::require();
    assert_eq!(code_of(ReportValidator::from_pack(b"garbage").err().unwrap()), "PACK_INVALID");
    let mut other_version = fixtures::PACK.to_vec();
    other_version[8] = other_version[8].wrapping_add(1);
    assert_eq!(code_of(ReportValidator::from_pack(&other_version).err().unwrap()), "PACK_VERSION");
    let mut truncated = fixtures::PACK.to_vec();
    truncated.truncate(truncated.len() / 2);
    assert_eq!(code_of(ReportValidator::from_pack(&truncated).err().unwrap()), "PACK_INVALID");

    // A schema importing a file that was not chosen: the error names it.
    let importing: &[(&str, &[u8])] = &[(
        "main.xsd",
        br#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="types.xsd"/><xs:element name="A" type="xs:string"/></xs:schema>"#,
    )];
    let err = compile_schemas(&schema_files(importing)).err().unwrap();
    assert_eq!(prop(&err, "file").as_string().as_deref(), Some("main.xsd"));
    assert!(prop(&err, "message").as_string().unwrap().contains("types.xsd"));
    assert_eq!(code_of(err), "SCHEMA_MISSING_FILE");
    let not_xml: &[(&str, &[u8])] = &[("bad.xsd", b"<xs:schema")];
    assert_eq!(code_of(compile_schemas(&schema_files(not_xml)).err().unwrap()), "SCHEMA_INVALID");
    assert_eq!(code_of(compile_schemas(&schema_files(&[])).err().unwrap()), "invalid-argument");
    let junk: SchemaFiles = JsValue::from_str("fns/").unchecked_into();
    assert_eq!(code_of(compile_schemas(&junk).err().unwrap()), "invalid-argument");

    let v = ReportValidator::from_pack(fixtures::PACK).unwrap();
    assert_eq!(code_of(v.check(b"<a/>".to_vec(), "a.xml", lang("de")).unwrap_err()), "invalid-argument");
    // Garbage is a report with XML findings, never a throw or a panic.
    let report = json(&v.check(vec![0xFF, 0x00, 0x13], "x.xml", lang("en")).unwrap());
    assert_eq!(report["findings"][0]["severity"], "Error");
}
