//! Compiled simple types: built-in base, whitespace handling, and the facets of
//! every derivation step, plus value checking.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::facets::{self, cmp_decimal, parse_decimal, parse_integer};

/// Built-in primitive/derived types the checker understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Builtin {
    /// xs:string and anything unknown treated as a string.
    String,
    /// xs:normalizedString.
    NormalizedString,
    /// xs:token and its string-derived descendants (language, Name, NCName, ID …).
    Token,
    /// xs:ID (an NCName unique within the document).
    Id,
    /// xs:NCName, xs:IDREF, xs:ENTITY.
    NcName,
    /// xs:decimal.
    Decimal,
    /// xs:integer and its derived types (ranges added as facets).
    Integer,
    /// xs:boolean.
    Boolean,
    /// xs:date.
    Date,
    /// xs:time.
    Time,
    /// xs:dateTime.
    DateTime,
    /// xs:gYear.
    GYear,
    /// Other primitive types checked only for whitespace/facets (anyURI, base64Binary…).
    Other,
}

impl Builtin {
    /// Maps an XML Schema built-in local name to a base and implied facets.
    pub fn from_xs_name(local: &str) -> Option<(Builtin, Facets)> {
        let mut f = Facets::default();
        let b = match local {
            "string" | "anySimpleType" => Builtin::String,
            "normalizedString" => Builtin::NormalizedString,
            "token" | "language" | "Name" | "NMTOKEN" | "QName" => Builtin::Token,
            "ID" => Builtin::Id,
            "NCName" | "IDREF" | "ENTITY" => Builtin::NcName,
            "decimal" | "double" | "float" => Builtin::Decimal,
            "integer" | "long" | "int" | "short" | "byte" => Builtin::Integer,
            "nonNegativeInteger" | "unsignedLong" | "unsignedInt" | "unsignedShort" | "unsignedByte" => {
                f.min_inclusive = Some("0".into());
                Builtin::Integer
            }
            "positiveInteger" => {
                f.min_inclusive = Some("1".into());
                Builtin::Integer
            }
            "nonPositiveInteger" => {
                f.max_inclusive = Some("0".into());
                Builtin::Integer
            }
            "negativeInteger" => {
                f.max_inclusive = Some("-1".into());
                Builtin::Integer
            }
            "boolean" => Builtin::Boolean,
            "date" => Builtin::Date,
            "time" => Builtin::Time,
            "dateTime" => Builtin::DateTime,
            "gYear" => Builtin::GYear,
            "anyURI" | "base64Binary" | "hexBinary" | "duration" | "gYearMonth" | "gMonth" | "gDay" | "gMonthDay"
            | "NOTATION" | "IDREFS" | "ENTITIES" | "NMTOKENS" => Builtin::Other,
            _ => return None,
        };
        Some((b, f))
    }

    fn numeric(self) -> bool {
        matches!(self, Builtin::Decimal | Builtin::Integer)
    }
}

/// Whitespace processing (`xs:whiteSpace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WhiteSpace {
    /// Keep as is.
    Preserve,
    /// Replace tab/CR/LF by spaces.
    Replace,
    /// Replace, then collapse runs of spaces and trim.
    Collapse,
}

/// Constraining facets (merged over derivation steps, except patterns which
/// are kept per step since all steps apply).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// `length`.
    pub length: Option<usize>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// One entry per derivation step: index of the anchored regex (step alternatives joined).
    pub patterns: Vec<u32>,
    /// Pattern source text per entry of `patterns` (for messages).
    pub pattern_texts: Vec<String>,
    /// `enumeration` values of the most derived step that has any.
    pub enumeration: Option<Vec<String>>,
    /// `totalDigits`.
    pub total_digits: Option<usize>,
    /// `fractionDigits`.
    pub fraction_digits: Option<usize>,
    /// `minInclusive`.
    pub min_inclusive: Option<String>,
    /// `maxInclusive`.
    pub max_inclusive: Option<String>,
    /// `minExclusive`.
    pub min_exclusive: Option<String>,
    /// `maxExclusive`.
    pub max_exclusive: Option<String>,
}

/// Kind of identifier checksum attached to a type by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdKind {
    /// INN of an organisation (10 digits).
    InnUl,
    /// INN of a person (12 digits).
    InnFl,
    /// Either INN form.
    Inn,
    /// OGRN (13 digits).
    Ogrn,
    /// OGRNIP (15 digits).
    Ogrnip,
    /// SNILS (`NNN-NNN-NNN NN` or 11 digits).
    Snils,
    /// KPP (9 characters).
    Kpp,
}

impl IdKind {
    /// Derives the identifier kind from an FNS/SFR type name.
    pub fn from_type_name(name: &str) -> Option<IdKind> {
        Some(match name {
            "ИННЮЛТип" | "ТипИНН_ЮЛ" => IdKind::InnUl,
            "ИННФЛТип" | "ТипИНН_ФЛ" => IdKind::InnFl,
            "ТипИНН" => IdKind::Inn,
            "ОГРНТип" | "ТипОГРН" | "ТипКодЕГРЮЛ" => IdKind::Ogrn,
            "ОГРНИПТип" | "ТипОГРНИП" | "ТипКодЕГРИП" => IdKind::Ogrnip,
            "СНИЛСТип" | "ТипСНИЛС" | "ТипСтраховойНомер" => IdKind::Snils,
            "КППТип" | "ТипКПП" => IdKind::Kpp,
            _ => return None,
        })
    }
}

/// Variety of a simple type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Variety {
    /// An atomic value.
    Atomic,
    /// A whitespace-separated list of values of the item type.
    List(u32),
    /// A union of member types.
    Union(Vec<u32>),
}

/// A compiled simple type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimpleType {
    /// Type name (local part) when named.
    pub name: Option<String>,
    /// Built-in base.
    pub builtin: Builtin,
    /// Whitespace handling.
    pub whitespace: WhiteSpace,
    /// Atomic, list or union.
    pub variety: Variety,
    /// Facets.
    pub facets: Facets,
    /// Identifier checksum to apply (from the type name along the derivation chain).
    pub id_kind: Option<IdKind>,
}

/// Why a value does not conform to its simple type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    /// Not a valid lexical value of the built-in base.
    Lexical(Builtin),
    /// `length` violated.
    Length(usize),
    /// `minLength` violated.
    MinLength(usize),
    /// `maxLength` violated.
    MaxLength(usize),
    /// A pattern did not match (its source text).
    Pattern(String),
    /// Not one of the enumerated values.
    Enumeration(Vec<String>),
    /// `totalDigits` violated.
    TotalDigits(usize),
    /// `fractionDigits` violated.
    FractionDigits(usize),
    /// A bound violated (facet name, bound).
    Bound(&'static str, String),
}

/// Does `b` hold a space or a control character (any byte up to 0x20)?
/// Eight bytes at a time: most values have neither.
fn has_blank(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if x.wrapping_sub(ONES * 0x21) & !x & HIGH != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&c| c <= b' ')
}

/// Applies whitespace processing.
pub fn normalize(ws: WhiteSpace, raw: &str) -> Cow<'_, str> {
    if ws != WhiteSpace::Preserve && !has_blank(raw.as_bytes()) {
        return Cow::Borrowed(raw);
    }
    match ws {
        WhiteSpace::Preserve => Cow::Borrowed(raw),
        WhiteSpace::Replace => {
            if raw.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
                Cow::Owned(raw.replace(['\t', '\n', '\r'], " "))
            } else {
                Cow::Borrowed(raw)
            }
        }
        WhiteSpace::Collapse => {
            // Fast path: no tab/CR/LF, no leading or doubled spaces (one trailing space is cut).
            let mut after_space = true;
            let mut clean = true;
            for b in raw.bytes() {
                match b {
                    b'\t' | b'\n' | b'\r' => clean = false,
                    b' ' => clean &= !std::mem::replace(&mut after_space, true),
                    _ => after_space = false,
                }
                if !clean {
                    break;
                }
            }
            if clean {
                return Cow::Borrowed(raw.strip_suffix(' ').unwrap_or(raw));
            }
            let trimmed = raw.trim_matches([' ', '\t', '\n', '\r']);
            let needs = trimmed.contains(['\t', '\n', '\r']) || trimmed.contains("  ");
            if !needs {
                Cow::Borrowed(trimmed)
            } else {
                Cow::Owned(trimmed.split([' ', '\t', '\n', '\r']).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" "))
            }
        }
    }
}

fn lexical_ok(b: Builtin, v: &str) -> bool {
    match b {
        Builtin::Decimal => parse_decimal(v).is_some(),
        Builtin::Integer => parse_integer(v).is_some(),
        Builtin::Boolean => facets::is_boolean(v),
        Builtin::Date => facets::is_date(v),
        Builtin::Time => facets::is_time(v),
        Builtin::DateTime => facets::is_date_time(v),
        Builtin::GYear => facets::is_g_year(v),
        Builtin::Id | Builtin::NcName => is_ncname(v),
        Builtin::String | Builtin::NormalizedString | Builtin::Token | Builtin::Other => true,
    }
}

fn is_ncname(v: &str) -> bool {
    let mut chars = v.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '\u{B7}'))
}

/// Access to the compiled regular expressions of a pack.
pub trait RegexTable {
    /// Does regex `idx` match `value`?
    fn is_match(&self, idx: u32, value: &str) -> bool;
}

impl SimpleType {
    /// A plain string type (string or normalizedString, atomic, no pattern,
    /// no enumeration, no identifier checksum): its check is a length
    /// comparison at most, cheaper than looking the value up in a memo.
    pub fn is_plain_string(&self) -> bool {
        matches!(self.builtin, Builtin::String | Builtin::NormalizedString)
            && matches!(self.variety, Variety::Atomic)
            && self.facets.patterns.is_empty()
            && self.facets.enumeration.is_none()
            && self.id_kind.is_none()
    }

    /// Checks a raw (unnormalized) value. `types` resolves list/union members.
    pub fn check(&self, raw: &str, types: &[SimpleType], rx: &dyn RegexTable) -> Result<(), ValueProblem> {
        let v = normalize(self.whitespace, raw);
        match &self.variety {
            Variety::Atomic => self.check_atomic(&v, rx),
            Variety::List(item) => {
                let item = types.get(*item as usize);
                let n = v.split(' ').filter(|s| !s.is_empty()).count();
                if let Some(item) = item {
                    for part in v.split(' ').filter(|s| !s.is_empty()) {
                        item.check(part, types, rx)?;
                    }
                }
                self.check_length(n)?;
                self.check_patterns_enum(&v, rx)
            }
            Variety::Union(members) => {
                let mut first_err = None;
                for m in members {
                    if let Some(t) = types.get(*m as usize) {
                        match t.check(&v, types, rx) {
                            Ok(()) => return self.check_patterns_enum(&v, rx),
                            Err(e) => {
                                first_err.get_or_insert(e);
                            }
                        }
                    }
                }
                Err(first_err.unwrap_or(ValueProblem::Lexical(Builtin::Other)))
            }
        }
    }

    /// Whether a string of `bytes` UTF-8 bytes meets the length facets
    /// whatever its characters (between `bytes / 4` and `bytes` of them), so
    /// that counting them can be skipped.
    fn length_certain_ok(&self, bytes: usize) -> bool {
        let f = &self.facets;
        f.length.is_none() && f.min_length.is_none_or(|m| bytes.div_ceil(4) >= m) && f.max_length.is_none_or(|m| bytes <= m)
    }

    fn check_length(&self, n: usize) -> Result<(), ValueProblem> {
        let f = &self.facets;
        if let Some(l) = f.length {
            if n != l {
                return Err(ValueProblem::Length(l));
            }
        }
        if let Some(l) = f.min_length {
            if n < l {
                return Err(ValueProblem::MinLength(l));
            }
        }
        if let Some(l) = f.max_length {
            if n > l {
                return Err(ValueProblem::MaxLength(l));
            }
        }
        Ok(())
    }

    fn check_patterns_enum(&self, v: &str, rx: &dyn RegexTable) -> Result<(), ValueProblem> {
        let f = &self.facets;
        for (i, p) in f.patterns.iter().enumerate() {
            if !rx.is_match(*p, v) {
                return Err(ValueProblem::Pattern(f.pattern_texts.get(i).cloned().unwrap_or_default()));
            }
        }
        if let Some(values) = &f.enumeration {
            let ok = if self.builtin.numeric() {
                let dv = parse_decimal(v);
                values.iter().any(|e| match (&dv, parse_decimal(e)) {
                    (Some(a), Some(b)) => cmp_decimal(a, &b).is_eq(),
                    _ => e == v,
                })
            } else {
                values.iter().any(|e| e == v)
            };
            if !ok {
                return Err(ValueProblem::Enumeration(values.clone()));
            }
        }
        Ok(())
    }

    fn check_atomic(&self, v: &str, rx: &dyn RegexTable) -> Result<(), ValueProblem> {
        // Numbers are parsed once, for the lexical check and the facets.
        let number = match self.builtin {
            Builtin::Integer => Some(parse_integer(v).ok_or(ValueProblem::Lexical(self.builtin))?),
            Builtin::Decimal => Some(parse_decimal(v).ok_or(ValueProblem::Lexical(self.builtin))?),
            _ if !lexical_ok(self.builtin, v) => return Err(ValueProblem::Lexical(self.builtin)),
            _ => None,
        };
        let f = &self.facets;
        if !self.builtin.numeric() && self.builtin != Builtin::Boolean {
            if (f.length.is_some() || f.min_length.is_some() || f.max_length.is_some()) && !self.length_certain_ok(v.len()) {
                self.check_length(v.chars().count())?;
            }
        }
        self.check_patterns_enum(v, rx)?;
        if self.builtin.numeric() {
            if let Some(d) = number {
                if let Some(t) = f.total_digits {
                    if facets::total_digits(&d) > t {
                        return Err(ValueProblem::TotalDigits(t));
                    }
                }
                if let Some(t) = f.fraction_digits {
                    if facets::fraction_digits(&d) > t {
                        return Err(ValueProblem::FractionDigits(t));
                    }
                }
                fn bound(b: &Option<String>) -> Option<crate::facets::Decimal<'_>> {
                    b.as_deref().and_then(parse_decimal)
                }
                if let Some(b) = bound(&f.min_inclusive) {
                    if cmp_decimal(&d, &b).is_lt() {
                        return Err(ValueProblem::Bound("minInclusive", f.min_inclusive.clone().unwrap_or_default()));
                    }
                }
                if let Some(b) = bound(&f.max_inclusive) {
                    if cmp_decimal(&d, &b).is_gt() {
                        return Err(ValueProblem::Bound("maxInclusive", f.max_inclusive.clone().unwrap_or_default()));
                    }
                }
                if let Some(b) = bound(&f.min_exclusive) {
                    if !cmp_decimal(&d, &b).is_gt() {
                        return Err(ValueProblem::Bound("minExclusive", f.min_exclusive.clone().unwrap_or_default()));
                    }
                }
                if let Some(b) = bound(&f.max_exclusive) {
                    if !cmp_decimal(&d, &b).is_lt() {
                        return Err(ValueProblem::Bound("maxExclusive", f.max_exclusive.clone().unwrap_or_default()));
                    }
                }
            }
        } else if matches!(self.builtin, Builtin::Date | Builtin::GYear | Builtin::DateTime | Builtin::Time) {
            // Same-format lexical comparison is value comparison for time-zone-less values.
            if let Some(b) = &f.min_inclusive {
                if v < b.as_str() {
                    return Err(ValueProblem::Bound("minInclusive", b.clone()));
                }
            }
            if let Some(b) = &f.max_inclusive {
                if v > b.as_str() {
                    return Err(ValueProblem::Bound("maxInclusive", b.clone()));
                }
            }
        }
        Ok(())
    }
}
