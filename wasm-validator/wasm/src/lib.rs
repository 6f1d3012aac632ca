//! `podpis-wasm`: the WebAssembly modules the extension loads.
//!
//! This crate builds two modules (`scripts/build-wasm.sh`):
//!
//! * `podpis_wasm` (default feature `check`): digests, loading packs,
//!   checking and rendering reports — what every extension context needs;
//! * `podpis_schema_import` (`--no-default-features --features
//!   schema-import`): [`schema_import`]'s `compileSchemas`, the XSD compiler,
//!   loaded only by the options page when a user imports official schemas.
//!
//! Exports of `podpis_wasm` (wasm-bindgen, see `docs/wasm.md`):
//!
//! * [`Digest`] / [`digest()`]: streaming and one-shot SHA-256/384/512 and
//!   Streebog-256/512, computed by `podpis-digest` (the same code as the
//!   native host).
//! * [`identifyDocument`](document_identity::identify_document_js): what a
//!   document's head says about its form (root, namespace, `ВерсФорм`, КНД,
//!   `ИдФайл`, encoding), without a pack.
//! * [`ReportValidator`] (JS `Validator`): load a pack of official
//!   schemas, list and detect forms, check a report — the same reports as
//!   `podpis-check --json`, computed by `podpis-validator`.
//!
//! * `Validator.render(element, bytes, fileName, report, lang)`: a readable
//!   rendering of a report ([`view_model`], pure Rust; [`render`] puts it into
//!   the DOM progressively), styled by `report.css`.
//!
//! Every fallible export throws a `PodpisWasmError` (a JS `Error` with a
//! stable `code`, see [`error::ErrorCode`]) and never lets a Rust panic reach
//! JS on valid or invalid input. Dev builds (`--features panic-hook`) install
//! `console_error_panic_hook` so an unexpected panic is at least readable.
//!
//! Build: `scripts/build-wasm.sh`.
#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

#[cfg(feature = "check")]
pub mod digest;
#[cfg(feature = "check")]
pub mod document_identity;
pub mod error;
#[cfg(feature = "check")]
pub mod findings_index;
#[cfg(feature = "check")]
pub mod html_insert;
#[cfg(feature = "check")]
pub mod html_out;
#[cfg(feature = "check")]
pub mod render;
#[cfg(feature = "check")]
pub mod row_blocks;
#[cfg(feature = "check")]
pub mod row_view;
#[cfg(feature = "check")]
pub mod row_window;
pub mod schema_import;
#[cfg(feature = "check")]
pub mod schema_view;
#[cfg(feature = "check")]
pub mod validator;
#[cfg(feature = "check")]
pub mod value_format;
#[cfg(feature = "check")]
pub mod view_model;

#[cfg(feature = "check")]
pub use digest::{digest, digest_algorithms, Digest};
#[cfg(feature = "check")]
pub use document_identity::{identify_bytes, DocumentIdentityInfo};
pub use error::{ErrorCode, WasmError};
#[cfg(feature = "check")]
pub use validator::{FormInfo, ReportValidator};

use wasm_bindgen::prelude::*;

/// TypeScript declarations both modules share: errors and schema files.
#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &'static str = r#"
/** Stable codes of errors thrown by this module. */
export type PodpisWasmErrorCode = "unknown-algorithm" | "invalid-argument" | "digest-finalized"
  | "PACK_INVALID" | "PACK_VERSION" | "SCHEMA_INVALID" | "SCHEMA_MISSING_FILE" | "SCHEMA_UNRESOLVED"
  | "SCHEMA_UNSUPPORTED" | "SCHEMA_NO_FORMS" | "RENDER_FAILED";

/** What every export of this module throws: an Error with a stable code. */
export interface PodpisWasmError extends Error {
  name: "PodpisWasmError";
  code: PodpisWasmErrorCode;
  /** Russian. */
  message: string;
  /** English. */
  messageEn: string;
  /** The schema file concerned (SCHEMA_* errors). */
  file?: string;
}

/** One schema file for `compileSchemas` (module podpis_schema_import). */
export interface SchemaFile { name: string; bytes: Uint8Array }
"#;

/// TypeScript declarations of `podpis_wasm`.
#[cfg(feature = "check")]
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A digest algorithm wire name. */
export type DigestAlgorithmName = "sha256" | "sha384" | "sha512" | "streebog256" | "streebog512";

/** Message language of reports and renderings. */
export type ReportLang = "ru" | "en";

/** A report format known to a pack. */
export interface FormInfo {
  /** Schema file stem, e.g. "NO_RASCHSV_1_162_00_05_08_02" (= Report.form). */
  name: string;
  knd?: string;
  version?: string;
  /** Root element local name. */
  root: string;
  namespace?: string;
  /** Human name of the form (schema documentation). */
  title?: string;
}

/** What a document's head (first 64 KiB) says about its form: `identifyDocument(bytes)`. */
export interface DocumentIdentity {
  /** Root element local name. */
  root: string;
  /** Root namespace (absent when none, as in FNS reports). */
  namespace?: string;
  /** Root `ВерсФорм` (format version, e.g. "5.05"). */
  version?: string;
  /** The first `КНД="…"` attribute. */
  knd?: string;
  /** Root `ИдФайл`. */
  idFile?: string;
  /** The encoding the document declares. */
  encoding: "windows-1251" | "utf-8" | "utf-16";
}

/** Severity as serialized by podpis-validator (`podpis-check --json`). */
export type Severity = "Error" | "Warning" | "Info";

/** One problem found in a report (exactly `podpis-check --json`). */
export interface Finding {
  severity: Severity;
  code: string;
  fns_code: string | null;
  path: string;
  line: number;
  column: number;
  message: string;
}

/** The result of checking one report (exactly one `report` of `podpis-check --json`). */
export interface Report {
  form: string | null;
  knd: string | null;
  elements: number;
  findings: Finding[];
  truncated: boolean;
}
"#;

/// Dev builds only: installs `console_error_panic_hook` when the module is
/// instantiated.
#[cfg(all(feature = "panic-hook", target_arch = "wasm32"))]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
