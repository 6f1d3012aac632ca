//! podpis-validator: compiles official XSD report schemas (ФНС, СФР) into one compact
//! binary pack and checks reports against it in a single streaming pass, reporting
//! every problem with a stable code, path, line and column.
//!
//! The library compiles for `wasm32-unknown-unknown`; file-system helpers and the
//! `podpis-check` CLI are behind the default `cli` feature.

pub mod annotations;
pub mod compile;
pub mod content_model;
pub mod facets;
pub mod form_identity;
pub mod identity;
pub mod identity_path;
pub mod pack;
pub mod pattern;
pub mod schema_model;
pub mod simple_types;
pub mod text_source;
pub mod utf16;
pub mod xml_reader;
mod xml_scan;
pub mod check;
pub mod file_checks;
pub mod report;

pub use check::{CheckOptions, Validator};
pub use compile::{compile_files, CompileError};
pub use pack::Pack;
pub use report::{Finding, Lang, Report, Severity};
pub mod generator;

#[cfg(feature = "cli")]
pub mod fs_load;
