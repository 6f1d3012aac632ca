//! # podpis-gost-token — a **TEST DOUBLE** PKCS#11 v2.40 module with GOST keys
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────────────┐
//! │  TEST DOUBLE — NEVER USE WITH REAL KEYS.                             │
//! │  Private keys are stored UNENCRYPTED in a plain directory.           │
//! │  It exists only so tests and demos of Podpis can drive a GOST        │
//! │  "token" through the same PKCS#11 code path as Rutoken / JaCarta.    │
//! └──────────────────────────────────────────────────────────────────────┘
//! ```
//!
//! Built as a `cdylib` (`libpodpis_gost_token.so`), it exports
//! `C_GetFunctionList` and is loaded exactly like a vendor module, e.g. with
//! `cryptoki::Pkcs11::new(path)`. The token lives in a directory named by the
//! environment variable [`storage::ENV_TOKEN_DIR`] (`PODPIS_GOST_TOKEN_DIR`) or
//! by the `token.json` path in [`storage::ENV_TOKEN_CONF`]
//! (`PODPIS_GOST_TOKEN_CONF`). The directory is prepared with the
//! `podpis-gost-token-tool` binary. See `docs/gost-test-token.md`.
//!
//! Module map:
//! * [`mechanisms`] — PKCS#11 / TC26 vendor constants and the mechanism table;
//! * [`gost`] — GOST R 34.10-2012 keys and signatures (through `podpis-gost`);
//! * [`der`] — the little DER reader used for certificates and PKCS#8 keys;
//! * [`storage`] — the on-disk token directory (`token.json`, objects, hot-plug flag);
//! * [`objects`] — PKCS#11 objects and their attributes;
//! * [`pin`] — PIN checking, retry counter and token flags;
//! * [`state`] — the process-global module state (slots, sessions);
//! * `ffi` — the `extern "C"` entry points and the function list.

pub mod der;
pub mod error;
mod ffi;
pub mod gost;
pub mod mechanisms;
pub mod objects;
pub mod pin;
pub mod state;
pub mod storage;

pub use error::TokenError;
