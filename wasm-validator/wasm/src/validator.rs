//! Report checking for JS: the `Validator` class (load a pack, list forms,
//! detect a document's form, check a document). Compiling XSD files is the
//! separate module of [`crate::schema_import`].
//!
//! The checking is `podpis-validator`, the code `podpis-check` runs natively;
//! a report crosses the boundary as exactly the JSON `podpis-check --json`
//! prints for it (serialized with `serde_json`, parsed with `JSON.parse`).

use std::collections::BTreeMap;
use std::rc::Rc;

use js_sys::Uint8Array;
use podpis_validator::form_identity::{select_form, Form};
use podpis_validator::pack::PackError;
use podpis_validator::{CheckOptions, Lang, Pack, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::document_identity::{identify_head, IDENTIFY_PREFIX};
use crate::error::{ErrorCode, WasmError};

#[wasm_bindgen]
extern "C" {
    /// `"ru" | "en"` as JS passes it (anything else is `invalid-argument`).
    #[wasm_bindgen(typescript_type = "ReportLang")]
    pub type LangName;
}

/// A report format of the pack, as `forms()` and `detect()` return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormInfo {
    /// Schema file stem, e.g. `NO_RASCHSV_1_162_00_05_08_02` (= `Report.form`).
    pub name: String,
    /// КНД, when the schema fixes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knd: Option<String>,
    /// Format version (`ВерсФорм`), e.g. `5.08`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Root element local name.
    pub root: String,
    /// Root namespace (absent for FNS forms, which have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Human name of the form from the schema's documentation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl FormInfo {
    fn of(pack: &Pack, form: &Form) -> FormInfo {
        FormInfo {
            name: form.name.clone(),
            knd: form.knd.clone(),
            version: form.version.clone(),
            root: form.root_local.clone(),
            namespace: (!form.root_ns.is_empty()).then(|| form.root_ns.clone()),
            title: Some(crate::schema_view::form_title(pack, form)),
        }
    }
}

/// A compiled pack ready to check reports (JS class `Validator`).
///
/// ```js
/// const v = Validator.fromPack(packBytes);          // packBytes: a stored pack, or compileSchemas() of podpis_schema_import
/// v.forms();                                         // [{name, knd, version, root, namespace?, title?}]
/// v.detect(bytes, "NO_RASCHSV_….xml");               // FormInfo | undefined
/// const report = v.check(bytes, "NO_RASCHSV_….xml", "ru");   // = podpis-check --json
/// ```
#[wasm_bindgen(js_name = Validator)]
pub struct ReportValidator {
    pub(crate) inner: Rc<podpis_validator::Validator>,
}

#[wasm_bindgen(js_class = Validator)]
impl ReportValidator {
    /// Loads a pack produced by `compileSchemas` (module
    /// `podpis_schema_import`) or `podpis-check compile`.
    /// Throws `PACK_INVALID` (not a pack / corrupt) or `PACK_VERSION`.
    #[wasm_bindgen(js_name = fromPack)]
    pub fn from_pack(pack: &[u8]) -> Result<ReportValidator, JsValue> {
        Ok(ReportValidator::from_pack_bytes(pack)?)
    }

    /// Every form of the pack.
    #[wasm_bindgen(unchecked_return_type = "FormInfo[]")]
    pub fn forms(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.form_infos())?)
    }

    /// The form a document would be checked against (root, namespace, КНД,
    /// `ВерсФорм`, `ИдФайл` from the first 64 KiB), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "FormInfo | undefined")]
    pub fn detect(&self, bytes: &Uint8Array, file_name: &str) -> Result<JsValue, JsValue> {
        let _ = file_name;
        let len = bytes.length().min(IDENTIFY_PREFIX as u32);
        let head = bytes.subarray(0, len).to_vec();
        match self.detect_head(&head, bytes.length() > len) {
            Some(info) => Ok(to_js(&info)?),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Checks a document: the same report as `podpis-check --json` prints
    /// for it (`{form, knd, elements, findings: [{severity, code, fns_code,
    /// path, line, column, message}], truncated}`).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn check(&self, bytes: Vec<u8>, file_name: &str, lang: Option<LangName>) -> Result<JsValue, JsValue> {
        let lang = parse_lang(lang.as_ref().map(|l| l.as_ref()))?;
        Ok(to_js(&self.check_bytes(bytes, file_name, lang))?)
    }

    /// Renders a report readably into `element` (its content is replaced):
    /// title, sections with labels from the schema's documentation,
    /// formatted values, tables for repeated elements, and — when `report`
    /// (from `check`) is given — findings inline and in a linked summary.
    /// The first screen is rendered before this returns; the rest follows in
    /// chunks (`await handle.done()`). Styled by `report.css`.
    pub fn render(
        &self,
        element: &web_sys::Element,
        bytes: &[u8],
        file_name: &str,
        #[wasm_bindgen(unchecked_param_type = "Report | undefined")] report: JsValue,
        lang: Option<LangName>,
    ) -> Result<crate::render::RenderHandle, JsValue> {
        let lang = parse_lang(lang.as_ref().map(|l| l.as_ref()))?;
        let report = report_from_js(&report)?;
        Ok(crate::render::start(self.inner.clone(), element, bytes, file_name, report.as_ref(), lang)?)
    }
}

/// A `Report` passed back from JS (`undefined`/`null` → none).
fn report_from_js(v: &JsValue) -> Result<Option<Report>, WasmError> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let bad = || WasmError::new(ErrorCode::InvalidArgument, "report должен быть результатом check()", "report must be a result of check()");
    let text: String = js_sys::JSON::stringify(v).map_err(|_| bad())?.into();
    serde_json::from_str(&text).map(Some).map_err(|_| bad())
}

impl ReportValidator {
    /// The validator (shared with renderings).
    pub fn validator(&self) -> Rc<podpis_validator::Validator> {
        self.inner.clone()
    }
}

/// Rust-side API (not exported to JS), used by the JS methods and by tests.
impl ReportValidator {
    /// Loads a pack blob.
    pub fn from_pack_bytes(pack: &[u8]) -> Result<ReportValidator, WasmError> {
        podpis_validator::Validator::from_bytes(pack)
            .map(|inner| ReportValidator { inner: Rc::new(inner) })
            .map_err(pack_error)
    }

    /// Compiles schema files given as `name → bytes` (Rust side only: in JS
    /// the compiler is the separate module, see [`crate::schema_import`]).
    pub fn compile_map(files: BTreeMap<String, Vec<u8>>) -> Result<ReportValidator, WasmError> {
        let pack = crate::schema_import::compile_pack(files)?;
        podpis_validator::Validator::new(pack)
            .map(|inner| ReportValidator { inner: Rc::new(inner) })
            .map_err(pack_error)
    }

    /// The pack blob (Rust side only: JS keeps the bytes it loaded).
    pub fn pack_bytes(&self) -> Vec<u8> {
        self.inner.pack().to_bytes()
    }

    /// Every form.
    pub fn form_infos(&self) -> Vec<FormInfo> {
        let pack = self.inner.pack();
        pack.forms.iter().map(|f| FormInfo::of(pack, f)).collect()
    }

    /// The form for a document, from its first 64 KiB (not XML → `None`).
    pub fn detect_bytes(&self, bytes: &[u8]) -> Option<FormInfo> {
        let head = bytes.get(..IDENTIFY_PREFIX).unwrap_or(bytes);
        self.detect_head(head, bytes.len() > head.len())
    }

    /// Detection from the first bytes; `truncated` when the document goes on.
    fn detect_head(&self, head: &[u8], truncated: bool) -> Option<FormInfo> {
        let (id, _) = identify_head(head, truncated)?;
        let pack = self.inner.pack();
        select_form(&pack.forms, &id).map(|(_, f)| FormInfo::of(pack, f))
    }

    /// Checks a document with Schematron, as `podpis-check` does by default.
    pub fn check_bytes(&self, bytes: Vec<u8>, file_name: &str, lang: Lang) -> Report {
        let opts = CheckOptions {
            file_name: (!file_name.is_empty()).then(|| file_name.to_string()),
            lang,
            ..Default::default()
        };
        self.inner.check_owned(bytes, &opts)
    }
}

/// Parses `"ru"`/`"en"` (absent → Russian).
pub fn parse_lang(lang: Option<&JsValue>) -> Result<Lang, WasmError> {
    let name = match lang {
        None => return Ok(Lang::Ru),
        Some(v) if v.is_undefined() || v.is_null() => return Ok(Lang::Ru),
        Some(v) => v.as_string(),
    };
    lang_from_name(name.as_deref().unwrap_or(""))
}

/// `"ru"` / `"en"` → [`Lang`].
pub fn lang_from_name(name: &str) -> Result<Lang, WasmError> {
    match name {
        "ru" => Ok(Lang::Ru),
        "en" => Ok(Lang::En),
        other => Err(WasmError::new(
            ErrorCode::InvalidArgument,
            format!("язык {other:?} не поддерживается: допустимы \"ru\" и \"en\""),
            format!("language {other:?} is not supported: use \"ru\" or \"en\""),
        )),
    }
}

/// Serializes to JSON text and parses it in JS: the value JS sees is exactly
/// the JSON the CLI prints.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, WasmError> {
    let text = serde_json::to_string(value).map_err(|e| {
        WasmError::new(ErrorCode::InvalidArgument, format!("ошибка сериализации: {e}"), format!("serialization failed: {e}"))
    })?;
    js_sys::JSON::parse(&text).map_err(|_| {
        WasmError::new(ErrorCode::InvalidArgument, "JSON.parse не принял результат", "JSON.parse rejected the result")
    })
}

/// Maps a pack loading error to `PACK_INVALID` / `PACK_VERSION`.
pub fn pack_error(e: PackError) -> WasmError {
    match e {
        PackError::Version { found, expected } => WasmError::new(
            ErrorCode::PackVersion,
            format!("пакет схем формата версии {found}, а этот модуль читает версию {expected}: пересоберите пакет"),
            e.to_string(),
        ),
        PackError::BadMagic => WasmError::new(ErrorCode::PackInvalid, "это не пакет схем Podpis", e.to_string()),
        PackError::Corrupt(_) | PackError::Regex { .. } => {
            WasmError::new(ErrorCode::PackInvalid, format!("пакет схем повреждён: {e}"), e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(lang_from_name("en").unwrap(), Lang::En);
        assert_eq!(lang_from_name("de").unwrap_err().code, ErrorCode::InvalidArgument);
    }
}
