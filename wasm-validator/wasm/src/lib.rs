//! `podpis-wasm`: the WebAssembly module the extension loads.
//!
//! Exports (wasm-bindgen, see `docs/wasm.md`):
//!
//! * [`Digest`] / [`digest()`]: streaming and one-shot SHA-256/384/512 and
//!   Streebog-256/512, computed by `podpis-digest` (the same code as the
//!   native host).
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
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod digest;
pub mod error;

pub use digest::{digest, digest_algorithms, Digest};
pub use error::{ErrorCode, WasmError};

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A digest algorithm wire name. */
export type DigestAlgorithmName = "sha256" | "sha384" | "sha512" | "streebog256" | "streebog512";

/** Stable codes of errors thrown by this module. */
export type PodpisWasmErrorCode = "unknown-algorithm" | "invalid-argument" | "digest-finalized";

/** What every export of this module throws: an Error with a stable code. */
export interface PodpisWasmError extends Error {
  name: "PodpisWasmError";
  code: PodpisWasmErrorCode;
  message: string;
}
"#;

/// Dev builds only: installs `console_error_panic_hook` when the module is
/// instantiated.
#[cfg(all(feature = "panic-hook", target_arch = "wasm32"))]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
