//! # podpis-schematron
//!
//! Compiles and evaluates the Schematron rules that FNS embeds in the
//! `xs:appinfo` of its report schemas, with XPath 1.0 semantics and the
//! `usch:` extensions (`usch:iif`, `usch:getFileName`, `usch:compareDate`),
//! exactly as the tax office checker applies them.
//!
//! ## Flow
//! 1. The schema compiler extracts one [`RuleSource`] per
//!    `sch:pattern/sch:rule[@context]/sch:assert[@test]` (+ `usch:error`
//!    `@code`, `@path`, text and `usch:value-of/@select` as [`MessagePart`]s)
//!    and calls [`RuleSet::compile`]. Unsupported rules stay in the set and
//!    are reported as [`FindingKind::NotChecked`] on every check. The
//!    [`RuleSet`] is `Serialize + Deserialize` (as its sources; it
//!    re-compiles on load).
//! 2. During its single streaming pass the validator feeds a
//!    [`DocumentBuilder`] created with [`DocumentBuilder::with_filter`]`(rules.name_filter())`:
//!    only elements/attributes the rules can reach are stored.
//! 3. [`RuleSet::evaluate`] returns [`Finding`]s.
//!
//! ```
//! use podpis_schematron::*;
//! let rules = RuleSet::compile([RuleSource {
//!     pattern_name: "ИдФайл".into(),
//!     context: "Файл".into(),
//!     test: "usch:getFileName() = @ИдФайл".into(),
//!     fns_code: Some("0400400007".into()),
//!     error_path: Some("@ИдФайл".into()),
//!     message: vec![MessagePart::Text("Имя файла ".into()), MessagePart::ValueOf("usch:getFileName()".into())],
//! }]);
//! let mut b = DocumentBuilder::with_filter(rules.name_filter());
//! b.start_element("Файл", [("ИдФайл", "NO_X_1")].into_iter(), 1, 1);
//! b.end_element();
//! let doc = b.finish();
//! let found = rules.evaluate(&doc, &Env { file_name: Some("other.xml".into()) });
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].kind, FindingKind::Failed);
//! assert_eq!(found[0].message_ru, "Имя файла other");
//! ```
//!
//! Identifier checksums (INN, OGRN, OGRNIP, SNILS, KPP) are in [`ids`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod document;
pub mod error;
pub(crate) mod eval;
pub mod functions;
pub mod ids;
pub mod lexer;
pub mod message;
pub mod parser;
pub(crate) mod reach;
pub mod rules;
pub(crate) mod scalar;
pub(crate) mod test_program;
pub mod stream;
pub mod value;
pub mod xpath;

pub use document::{Document, DocumentBuilder, NameFilter, NodeId};
pub use error::{DocumentError, EvalError, XPathError};
pub use message::MessagePart;
pub use rules::{Env, Finding, FindingKind, RuleSet, RuleSource};
pub use stream::{Inexact, StreamEvaluator};
pub use value::Value;
pub use xpath::XPath;
