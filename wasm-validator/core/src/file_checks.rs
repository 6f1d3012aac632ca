//! File-level checks of FNS reports: declared encoding must be windows-1251,
//! the file name must equal `ИдФайл` (when no Schematron rule checks it), and
//! `ИдФайл` must follow the `R_T_A_K_O_GGGGMMDD_N` convention.

use crate::check::CheckOptions;
use crate::report::{codes, Finding, Report, Severity};
use crate::xml_reader::Position;

fn push(report: &mut Report, code: &str, fns_code: Option<&str>, path: &str, pos: Position, message: String) {
    report.findings.push(Finding {
        severity: Severity::Error,
        code: code.into(),
        fns_code: fns_code.map(str::to_string),
        path: path.into(),
        line: pos.line,
        column: pos.column,
        message,
    });
}

fn is_date8(s: &str) -> bool {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let y: i64 = s[..4].parse().unwrap_or(0);
    let m: u32 = s[4..6].parse().unwrap_or(0);
    let d: u32 = s[6..].parse().unwrap_or(0);
    crate::facets::is_date(&format!("{y:04}-{m:02}-{d:02}"))
}

/// Checks `ИдФайл` against `Префикс_T_A_K_GGGGMMDD_N` (prefix = form prefix such as
/// `NO_RASCHSV`; T, A = 4-character tax office codes; K = INN+KPP (19) or INN (10/12);
/// date; N = GUID / sequence). Returns a reason when it does not conform.
pub fn id_file_problem(id: &str, form_name: &str) -> Option<String> {
    // The prefix is the form name up to its version part, e.g. NO_RASCHSV.
    let prefix = crate::form_identity::form_prefix(form_name);
    let Some(rest) = id.strip_prefix(&prefix).and_then(|r| r.strip_prefix('_')) else {
        return Some(format!("ожидается префикс {prefix}_"));
    };
    let parts: Vec<&str> = rest.splitn(5, '_').collect();
    if parts.len() != 5 {
        return Some("ожидается Префикс_T_A_K_GGGGMMDD_N".into());
    }
    let code4 = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if !code4(parts[0]) || !code4(parts[1]) {
        return Some("коды налоговых органов T и A должны состоять из 4 символов".into());
    }
    if !(matches!(parts[2].len(), 10 | 12 | 19) && parts[2].bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Some("K должен быть ИНН+КПП (19 символов) или ИНН (10/12 цифр)".into());
    }
    if !is_date8(parts[3]) {
        return Some("дата ГГГГММДД некорректна".into());
    }
    let n = parts[4];
    if n.is_empty() || n.len() > 36 || !n.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
        return Some("N должен быть GUID (до 36 символов)".into());
    }
    None
}

/// Runs the FNS file-level checks and appends findings to `report`.
pub fn fns_file_checks(
    report: &mut Report,
    is_cp1251: bool,
    root_attrs: &[(String, String, Position)],
    opts: &CheckOptions,
    file_rule_checked: bool,
    form_name: &str,
) {
    let root = Position { line: 1, column: 1 };
    if !is_cp1251 {
        push(report, codes::ENCODING_NOT_CP1251, None, "Файл", root, opts.lang.pick(
            "Файл ФНС должен быть в кодировке windows-1251 (объявлена другая)".into(),
            "FNS files must be encoded in windows-1251 (another encoding is declared)".into(),
        ));
    }
    let Some((_, id, pos)) = root_attrs.iter().find(|(n, _, _)| n == "ИдФайл") else { return };
    if let Some(file) = &opts.file_name {
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let stem = if base.to_ascii_lowercase().ends_with(".xml") { &base[..base.len() - 4] } else { base };
        if !file_rule_checked && stem != id {
            push(report, codes::FILE_NAME_MISMATCH, Some("0400400007"), "Файл/@ИдФайл", *pos, opts.lang.pick(
                format!("Имя файла обмена \"{stem}\" не совпадает со значением элемента ИдФайл \"{id}\""),
                format!("File name \"{stem}\" differs from ИдФайл \"{id}\""),
            ));
        }
    }
    if form_name.starts_with("NO_") {
        if let Some(reason) = id_file_problem(id, form_name) {
            push(report, codes::FILE_NAME_FORMAT, None, "Файл/@ИдФайл", *pos, opts.lang.pick(
                format!("ИдФайл \"{id}\" не соответствует соглашению R_T_A_K_O_GGGGMMDD_N: {reason}"),
                format!("ИдФайл \"{id}\" does not follow R_T_A_K_O_GGGGMMDD_N: {reason}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::id_file_problem;

    #[test]
    fn id_file_convention() {
        let f = "NO_RASCHSV_1_162_00_05_08_02";
        assert_eq!(id_file_problem("NO_RASCHSV_7701_7701_7701234567770101001_20260409_00000000-0000-0000-0000-000000000003", f), None);
        assert!(id_file_problem("NO_RASCHSV_7701_7701_7701234567770101001_20261309_1", f).is_some());
        assert!(id_file_problem("NO_RASCHSV_77_7701_7701234567770101001_20260409_1", f).is_some());
        assert!(id_file_problem("Тест", f).is_some_and(|r| r.contains("NO_RASCHSV_")));
        assert!(id_file_problem("NO_USN_7701_7701_7701234567770101001_20260409_1", f).is_some());
    }
}
