//! Errors that cross the WASM boundary.
//!
//! Every fallible export returns `Result<_, JsValue>` whose error is built
//! from a [`WasmError`]: a JS `Error` whose `name` is `"PodpisWasmError"`,
//! with a stable machine-readable `code` (see [`ErrorCode`]), a Russian
//! `message`, an English `messageEn` and, for schema errors, the `file`
//! concerned. TypeScript sees it as `PodpisWasmError` (declared in `lib.rs`).

use std::fmt;

use wasm_bindgen::JsValue;

/// Stable error codes, as the `code` property of the thrown JS object.
///
/// The digest codes predate the validator and keep their kebab-case wire
/// names; the validator codes are upper-case like the finding codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The algorithm name is not one of the supported names.
    UnknownAlgorithm,
    /// An argument has the wrong JS type (e.g. not a `Uint8Array`).
    InvalidArgument,
    /// `update`/`finalize` was called on a `Digest` that is already finalized.
    DigestFinalized,
    /// The bytes are not a pack, or a corrupt one.
    PackInvalid,
    /// The pack was written by a different pack format version.
    PackVersion,
    /// A schema file is not well-formed XML or not an XML Schema.
    SchemaInvalid,
    /// A schema includes/imports a file that was not given.
    SchemaMissingFile,
    /// A schema refers to a type/element/group that does not exist.
    SchemaUnresolved,
    /// A schema construct cannot be compiled (pattern, content model, …).
    SchemaUnsupported,
    /// The schemas declare no global element, so no form.
    SchemaNoForms,
    /// The render target cannot be used (no owning document, DOM error).
    RenderFailed,
}

impl ErrorCode {
    /// Wire name, e.g. `unknown-algorithm` or `PACK_INVALID`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownAlgorithm => "unknown-algorithm",
            ErrorCode::InvalidArgument => "invalid-argument",
            ErrorCode::DigestFinalized => "digest-finalized",
            ErrorCode::PackInvalid => "PACK_INVALID",
            ErrorCode::PackVersion => "PACK_VERSION",
            ErrorCode::SchemaInvalid => "SCHEMA_INVALID",
            ErrorCode::SchemaMissingFile => "SCHEMA_MISSING_FILE",
            ErrorCode::SchemaUnresolved => "SCHEMA_UNRESOLVED",
            ErrorCode::SchemaUnsupported => "SCHEMA_UNSUPPORTED",
            ErrorCode::SchemaNoForms => "SCHEMA_NO_FORMS",
            ErrorCode::RenderFailed => "RENDER_FAILED",
        }
    }
}

/// An error of this crate: a code plus Russian and English messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmError {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Human-readable detail (Russian; the JS `message`).
    pub message: String,
    /// Human-readable detail (English; the JS `messageEn`).
    pub message_en: String,
    /// The schema file concerned, when there is one.
    pub file: Option<String>,
}

impl WasmError {
    /// A new error with a Russian and an English message.
    pub fn new(code: ErrorCode, ru: impl Into<String>, en: impl Into<String>) -> WasmError {
        WasmError { code, message: ru.into(), message_en: en.into(), file: None }
    }

    /// The same error, naming the schema file it concerns.
    pub fn with_file(mut self, file: impl Into<String>) -> WasmError {
        self.file = Some(file.into());
        self
    }

    /// Converts to the JS object thrown across the boundary: an `Error` with
    /// `name = "PodpisWasmError"`, `code`, `message`, `messageEn` and
    /// (optionally) `file`.
    ///
    /// Only meaningful on `wasm32` (JS imports panic on other targets), so
    /// native code keeps the [`WasmError`] and converts at the boundary.
    pub fn into_js(self) -> JsValue {
        let err = js_sys::Error::new(&self.message);
        err.set_name("PodpisWasmError");
        // `Reflect::set` on a fresh ordinary object cannot fail; ignore the
        // Result rather than unwrap so no panic path exists.
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), &JsValue::from_str(v));
        };
        set("code", self.code.as_str());
        set("messageEn", &self.message_en);
        if let Some(file) = &self.file {
            set("file", file);
        }
        err.into()
    }
}

impl fmt::Display for WasmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message_en)
    }
}

impl std::error::Error for WasmError {}

impl From<WasmError> for JsValue {
    fn from(e: WasmError) -> JsValue {
        e.into_js()
    }
}
