//! Errors that cross the WASM boundary.
//!
//! Every fallible export returns `Result<_, JsValue>` whose error is built
//! from a [`WasmError`]: a JS `Error` whose `name` is `"PodpisWasmError"`,
//! with a stable machine-readable `code` (see [`ErrorCode`]) and a `message`.
//! TypeScript sees it as `PodpisWasmError` (declared in `lib.rs`).

use std::fmt;

use wasm_bindgen::JsValue;

/// Stable error codes, as the `code` property of the thrown JS object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The algorithm name is not one of the supported names.
    UnknownAlgorithm,
    /// An argument has the wrong JS type (e.g. not a `Uint8Array`).
    InvalidArgument,
    /// `update`/`finalize` was called on a `Digest` that is already finalized.
    DigestFinalized,
}

impl ErrorCode {
    /// Wire name, e.g. `unknown-algorithm`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownAlgorithm => "unknown-algorithm",
            ErrorCode::InvalidArgument => "invalid-argument",
            ErrorCode::DigestFinalized => "digest-finalized",
        }
    }
}

/// An error of this crate: a code plus a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmError {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Human-readable detail (English).
    pub message: String,
}

impl WasmError {
    /// A new error.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> WasmError {
        WasmError {
            code,
            message: message.into(),
        }
    }

    /// Converts to the JS object thrown across the boundary: an `Error` with
    /// `name = "PodpisWasmError"`, `code` and `message`.
    ///
    /// Only meaningful on `wasm32` (JS imports panic on other targets), so
    /// native code keeps the [`WasmError`] and converts at the boundary.
    pub fn into_js(self) -> JsValue {
        let err = js_sys::Error::new(&self.message);
        err.set_name("PodpisWasmError");
        // `Reflect::set` on a fresh ordinary object cannot fail; ignore the
        // Result rather than unwrap so no panic path exists.
        let _ = js_sys::Reflect::set(
            &err,
            &JsValue::from_str("code"),
            &JsValue::from_str(self.code.as_str()),
        );
        err.into()
    }
}

impl fmt::Display for WasmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for WasmError {}

impl From<WasmError> for JsValue {
    fn from(e: WasmError) -> JsValue {
        e.into_js()
    }
}
