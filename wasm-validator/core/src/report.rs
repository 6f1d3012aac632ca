//! Check results: findings with severity, stable code, FNS code, path, position
//! and a message in the requested language.

use serde::{Deserialize, Serialize};

use crate::simple_types::{SimpleType, ValueProblem};

/// Message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Russian (default; the language of FNS messages).
    #[default]
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick(self, ru: String, en: String) -> String {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }
}

/// Severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Informational (e.g. a rule that could not be checked).
    Info,
    /// Suspicious but accepted.
    Warning,
    /// The tax office will reject the report.
    Error,
}

/// Stable finding codes.
pub mod codes {
    /// The document is not well-formed XML / not acceptable input.
    pub const XML_MALFORMED: &str = "XML_MALFORMED";
    /// DTD / entity declarations present.
    pub const XML_DTD: &str = "XML_DTD";
    /// Nesting too deep.
    pub const XML_TOO_DEEP: &str = "XML_TOO_DEEP";
    /// Invalid bytes / unsupported encoding.
    pub const XML_ENCODING: &str = "XML_ENCODING";
    /// No form in the pack matches the document.
    pub const FORM_UNKNOWN: &str = "FORM_UNKNOWN";
    /// Element not allowed here.
    pub const XSD_UNEXPECTED_ELEMENT: &str = "XSD_UNEXPECTED_ELEMENT";
    /// Required child element missing.
    pub const XSD_MISSING_ELEMENT: &str = "XSD_MISSING_ELEMENT";
    /// Attribute not allowed.
    pub const XSD_UNEXPECTED_ATTRIBUTE: &str = "XSD_UNEXPECTED_ATTRIBUTE";
    /// Required attribute missing.
    pub const XSD_MISSING_ATTRIBUTE: &str = "XSD_MISSING_ATTRIBUTE";
    /// Pattern facet violated.
    pub const XSD_PATTERN: &str = "XSD_PATTERN";
    /// Enumeration facet violated.
    pub const XSD_ENUMERATION: &str = "XSD_ENUMERATION";
    /// length / minLength / maxLength violated.
    pub const XSD_LENGTH: &str = "XSD_LENGTH";
    /// totalDigits / fractionDigits violated.
    pub const XSD_DIGITS: &str = "XSD_DIGITS";
    /// min/max Inclusive/Exclusive violated.
    pub const XSD_RANGE: &str = "XSD_RANGE";
    /// Not a valid value of the built-in type (integer, date, …).
    pub const XSD_TYPE: &str = "XSD_TYPE";
    /// Value differs from the fixed one.
    pub const XSD_FIXED: &str = "XSD_FIXED";
    /// Text where only elements are allowed.
    pub const XSD_TEXT_NOT_ALLOWED: &str = "XSD_TEXT_NOT_ALLOWED";
    /// Duplicate value of an xs:ID, or duplicate key-sequence of an xs:unique / xs:key.
    pub const XSD_UNIQUE: &str = "XSD_UNIQUE";
    /// An xs:key target lacks one of its fields.
    pub const XSD_KEY_MISSING_FIELD: &str = "XSD_KEY_MISSING_FIELD";
    /// An identity-constraint field selects more than one node, or an element without a simple value.
    pub const XSD_KEY_FIELD: &str = "XSD_KEY_FIELD";
    /// An xs:keyref value has no (or more than one) match in the referenced key.
    pub const XSD_KEYREF: &str = "XSD_KEYREF";
    /// A Schematron assertion failed.
    pub const SCH_ASSERT: &str = "SCH_ASSERT";
    /// A Schematron rule could not be checked by this engine.
    pub const SCH_NOT_CHECKED: &str = "SCH_NOT_CHECKED";
    /// INN check digits wrong.
    pub const ID_INN_CHECKSUM: &str = "ID_INN_CHECKSUM";
    /// OGRN check digit wrong.
    pub const ID_OGRN_CHECKSUM: &str = "ID_OGRN_CHECKSUM";
    /// OGRNIP check digit wrong.
    pub const ID_OGRNIP_CHECKSUM: &str = "ID_OGRNIP_CHECKSUM";
    /// SNILS check number wrong.
    pub const ID_SNILS_CHECKSUM: &str = "ID_SNILS_CHECKSUM";
    /// KPP malformed.
    pub const ID_KPP_FORMAT: &str = "ID_KPP_FORMAT";
    /// File name differs from ИдФайл.
    pub const FILE_NAME_MISMATCH: &str = "FILE_NAME_MISMATCH";
    /// ИдФайл does not follow `R_T_A_K_O_GGGGMMDD_N`.
    pub const FILE_NAME_FORMAT: &str = "FILE_NAME_FORMAT";
    /// FNS file not in windows-1251.
    pub const ENCODING_NOT_CP1251: &str = "ENCODING_NOT_CP1251";
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Stable code (see [`codes`]).
    pub code: String,
    /// FNS error code (from the schema's `usch:error/@code`) when known.
    pub fns_code: Option<String>,
    /// Element path like `Файл/Документ/СвНП/НПЮЛ`, with `/@Attr` for attributes.
    pub path: String,
    /// 1-based line (0 when not applicable).
    pub line: u32,
    /// 1-based column (0 when not applicable).
    pub column: u32,
    /// Human-readable message in the requested language.
    pub message: String,
}

/// The result of checking one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The form the document was checked against (schema name), if one matched.
    pub form: Option<String>,
    /// КНД of that form.
    pub knd: Option<String>,
    /// Number of elements read.
    pub elements: u64,
    /// All findings, in document order (Schematron findings after XSD ones).
    pub findings: Vec<Finding>,
    /// True when the finding list was cut at the configured maximum.
    pub truncated: bool,
}

impl Report {
    /// Any finding of severity [`Severity::Error`]?
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Number of error findings.
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }
}

/// Code and Russian/English description of a simple-type problem.
pub(crate) fn describe_problem(p: &ValueProblem, st: &SimpleType) -> (&'static str, String, String) {
    let tn = st.name.clone().unwrap_or_default();
    match p {
        ValueProblem::Lexical(b) => (codes::XSD_TYPE, format!("недопустимое значение для типа {b:?}"), format!("not a valid {b:?} value")),
        ValueProblem::Length(n) => (codes::XSD_LENGTH, format!("длина должна быть {n}"), format!("length must be {n}")),
        ValueProblem::MinLength(n) => (codes::XSD_LENGTH, format!("длина меньше {n}"), format!("shorter than {n}")),
        ValueProblem::MaxLength(n) => (codes::XSD_LENGTH, format!("длина больше {n}"), format!("longer than {n}")),
        ValueProblem::Pattern(pt) => (codes::XSD_PATTERN, format!("не соответствует шаблону {pt} {tn}"), format!("does not match pattern {pt} {tn}")),
        ValueProblem::Enumeration(v) => {
            let list: Vec<&str> = v.iter().take(20).map(String::as_str).collect();
            let l = list.join(", ");
            (codes::XSD_ENUMERATION, format!("допустимые значения: {l}"), format!("allowed values: {l}"))
        }
        ValueProblem::TotalDigits(n) => (codes::XSD_DIGITS, format!("более {n} цифр"), format!("more than {n} digits")),
        ValueProblem::FractionDigits(n) => (codes::XSD_DIGITS, format!("более {n} знаков после запятой"), format!("more than {n} fraction digits")),
        ValueProblem::Bound(f, b) => (codes::XSD_RANGE, format!("нарушено ограничение {f} = {b}"), format!("violates {f} = {b}")),
    }
}
