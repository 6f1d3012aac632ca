//! The head of a rendering: the title (form name, КНД, format version, file)
//! and, when the check's report is given, the summary of its findings with
//! links to where they are shown.

use podpis_validator::Severity;

use super::{tr, ReportView};
use crate::findings_index::{anchor, severity_class};
use crate::value_format::escape_html;

/// At most this many findings are listed in the summary.
const SUMMARY_LIMIT: usize = 200;

impl ReportView {
    /// Writes the title: the form's human name and its КНД, version, name, file.
    pub(super) fn write_title(&mut self) {
        let lang = self.lang;
        let form = self.form().cloned();
        let mut h = String::from("<header class=\"podpis-r-title\"><h1>");
        let title = form.as_ref().map(|f| self.schema.form_title(f)).unwrap_or_else(|| tr(lang, "Документ", "Document").to_string());
        escape_html(&title, &mut h);
        h.push_str("</h1><div class=\"podpis-r-meta\">");
        let mut meta: Vec<String> = Vec::new();
        if let Some(f) = &form {
            if let Some(k) = &f.knd {
                meta.push(format!("{} {k}", tr(lang, "КНД", "KND")));
            }
            if let Some(v) = &f.version {
                meta.push(format!("{} {v}", tr(lang, "версия формата", "format version")));
            }
            meta.push(f.name.clone());
        } else {
            meta.push(tr(lang, "формат не распознан", "format not recognised").to_string());
        }
        if !self.file_name.is_empty() {
            meta.push(self.file_name.clone());
        }
        for (i, m) in meta.iter().enumerate() {
            if i > 0 {
                h.push_str(" · ");
            }
            h.push_str("<span>");
            escape_html(m, &mut h);
            h.push_str("</span>");
        }
        h.push_str("</div></header>");
        self.out.push(&h);
    }

    /// Writes the findings summary (nothing when no report was given).
    pub(super) fn write_summary(&mut self) {
        if !self.report_given {
            return;
        }
        let lang = self.lang;
        let all = self.findings.all();
        let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
        let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
        let mut h = String::new();
        let status = if errors > 0 { "bad" } else { "ok" };
        h.push_str(&format!("<nav class=\"podpis-r-summary podpis-r-{status}\"><p class=\"podpis-r-counts\">"));
        if all.is_empty() {
            h.push_str(tr(lang, "Ошибок не найдено.", "No problems found."));
        } else {
            h.push_str(&format!(
                "{}: <b>{errors}</b> · {}: <b>{warnings}</b> · {}: <b>{infos}</b>",
                tr(lang, "Ошибки", "Errors"),
                tr(lang, "Предупреждения", "Warnings"),
                tr(lang, "Не проверено", "Not checked")
            ));
        }
        h.push_str("</p>");
        if !all.is_empty() {
            h.push_str("<ol class=\"podpis-r-summary-list\">");
            for (i, f) in all.iter().enumerate().take(SUMMARY_LIMIT) {
                h.push_str(&format!("<li class=\"podpis-r-sev-{}\"><a href=\"#{}\">", severity_class(f.severity), anchor(&self.prefix, i)));
                h.push_str("<span class=\"podpis-r-code\">");
                escape_html(&f.code, &mut h);
                h.push_str("</span> ");
                escape_html(&f.message, &mut h);
                h.push_str(" <span class=\"podpis-r-path\">");
                escape_html(&f.path, &mut h);
                if f.line > 0 {
                    h.push_str(&format!(", {} {}", tr(lang, "строка", "line"), f.line));
                }
                h.push_str("</span></a></li>");
            }
            h.push_str("</ol>");
            if all.len() > SUMMARY_LIMIT {
                h.push_str(&format!("<p>{} {}</p>", tr(lang, "…и ещё", "…and"), all.len() - SUMMARY_LIMIT));
            }
        }
        h.push_str("</nav>");
        self.out.push(&h);
    }
}
