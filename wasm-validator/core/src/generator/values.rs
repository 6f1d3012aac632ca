//! Value synthesis: candidate values for a simple type, most realistic first.
//! Dates fall in the reporting calendar below, person names look like names,
//! identifiers carry valid check digits ([`super::identifiers`]), and strings
//! restricted by a pattern are produced from the pattern itself. The caller
//! keeps the first candidate the type accepts.

use super::identifiers;
use crate::pack::Pack;
use crate::simple_types::{Builtin, SimpleType};

/// Reporting year of generated reports (a complete past year).
pub const REPORT_YEAR: &str = "2025";
/// Date a generated report is drawn up and sent (`ГГГГММДД`), after its reporting year.
pub const DOC_DATE: &str = "20260120";

/// Dates as `(ГГГГ, ММ, ДД)`: document date, start and end of the reporting
/// year, a mid-year date, a date of birth.
const DOC: (&str, &str, &str) = ("2026", "01", "20");
const YEAR_START: (&str, &str, &str) = ("2025", "01", "01");
const YEAR_END: (&str, &str, &str) = ("2025", "12", "31");
const MID_YEAR: (&str, &str, &str) = ("2025", "06", "16");
const BIRTH: (&str, &str, &str) = ("1985", "03", "14");

/// The dates to try for a value named `hint`, most fitting first.
fn dates(hint: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let first = if hint.contains("Рожд") {
        BIRTH
    } else if hint.contains("Нач") {
        YEAR_START
    } else if hint.contains("Кон") || hint.contains("Оконч") {
        YEAR_END
    } else {
        DOC
    };
    let mut v = vec![first];
    for d in [DOC, MID_YEAR, YEAR_START, YEAR_END, BIRTH] {
        if !v.contains(&d) {
            v.push(d);
        }
    }
    v
}

/// Realistic text for well-known field names (names of persons).
fn named_text(hint: &str) -> Option<&'static str> {
    Some(match hint {
        "Фамилия" => "Иванов",
        "Имя" => "Иван",
        "Отчество" => "Иванович",
        _ => return None,
    })
}

/// Candidate values of `st` for a field named `hint` in the `instance`-th
/// repetition of the repeated element, most realistic first (not yet checked
/// against the type).
pub(super) fn candidates(pack: &Pack, st: &SimpleType, hint: &str, instance: usize) -> Vec<String> {
    let f = &st.facets;
    let mut c = Vec::new();
    if let Some(k) = st.id_kind {
        c.extend(identifiers::candidates(k, instance));
    }
    if let Some(e) = &f.enumeration {
        c.extend(e.iter().cloned());
    }
    if hint.contains("Год") {
        c.push(REPORT_YEAR.to_string());
    }
    let type_name = st.name.as_deref().unwrap_or("");
    let date_like = matches!(st.builtin, Builtin::Date | Builtin::DateTime)
        || [hint, type_name].iter().any(|n| n.contains("Дат") || n.contains("Date"));
    if date_like {
        for (y, m, d) in dates(hint) {
            c.push(format!("{d}.{m}.{y}"));
            c.push(format!("{y}-{m}-{d}"));
            c.push(format!("{y}-{m}-{d}T12:00:00"));
        }
    }
    if let Some(t) = named_text(hint) {
        c.push(t.to_string());
    }
    if let Some(&last) = f.patterns.last() {
        if let Some(src) = pack.regexes.get(last as usize) {
            if let Some(first) = src.first() {
                for extra in [0, 1, 2, 3, 5, 9, 20] {
                    c.extend(crate::pattern::sample::sample(first, extra));
                }
            }
        }
    }
    let len = f.length.or(f.min_length).unwrap_or(1).max(1);
    match st.builtin {
        Builtin::Integer | Builtin::Decimal => {
            if let Some(m) = f.min_inclusive.as_ref() {
                c.push(m.clone());
            }
            if let Some(m) = f.max_inclusive.as_ref() {
                c.push(m.clone());
            }
            c.extend(["1", "0", "10", "100"].map(String::from));
            if let Some(m) = &f.min_exclusive {
                if let Ok(v) = m.parse::<i64>() {
                    c.push((v + 1).to_string());
                }
            }
        }
        Builtin::Time => c.push("12:00:00".into()),
        Builtin::GYear => c.push(REPORT_YEAR.into()),
        Builtin::Boolean => c.extend(["true", "false"].map(String::from)),
        _ => {
            let base = "Тестовое значение ";
            let mut s: String = base.chars().cycle().take(len.max(4)).collect();
            if let Some(max) = f.max_length.or(f.length) {
                s = s.chars().take(max).collect();
            }
            c.push(s.trim_end().to_string());
            c.push("1".repeat(len));
            c.push("А".repeat(len));
        }
    }
    c
}
