//! Which findings of a report belong to which element of the rendered
//! document: by path (`Файл/Документ/СвНП`, `…/@ИННЮЛ` for attributes) and
//! line. Findings without a line (Schematron) go to the first element with
//! their path; whatever is left is shown at the end of the rendering.

use std::collections::HashMap;
use std::rc::Rc;

use podpis_validator::{Finding, Report, Severity};

use crate::value_format::escape_html;

/// A finding waiting for its element.
struct Pending {
    index: usize,
    attr: Option<String>,
    line: u32,
}

/// Findings of a report, handed out to the elements they concern.
pub struct FindingIndex {
    findings: Rc<[Finding]>,
    attached: Vec<bool>,
    by_path: HashMap<String, Vec<Pending>>,
}

impl FindingIndex {
    /// Indexes a report's findings (none when there is no report).
    pub fn new(report: Option<&Report>) -> FindingIndex {
        let findings: Rc<[Finding]> = report.map(|r| r.findings.clone()).unwrap_or_default().into();
        Self::of(findings.clone(), 0..findings.len())
    }

    fn of(findings: Rc<[Finding]>, indices: impl IntoIterator<Item = usize>) -> FindingIndex {
        let mut by_path: HashMap<String, Vec<Pending>> = HashMap::new();
        for index in indices {
            let Some(f) = findings.get(index) else { continue };
            let (path, attr) = match f.path.rsplit_once("/@") {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (f.path.clone(), None),
            };
            by_path.entry(path).or_default().push(Pending { index, attr, line: f.line });
        }
        FindingIndex { attached: vec![false; findings.len()], findings, by_path }
    }

    /// An index of only the findings `indices` (keeping their numbers and
    /// anchors), e.g. those a block of table rows took when it was first read.
    pub fn subset(&self, indices: &[usize]) -> FindingIndex {
        Self::of(self.findings.clone(), indices.iter().copied())
    }

    /// All findings.
    pub fn all(&self) -> &[Finding] {
        &self.findings
    }

    /// Takes the findings of the element at `path` whose start tag spans
    /// lines `from..=to` (or that have no line): `(index, attribute)`.
    pub fn take_at_start(&mut self, path: &str, from: u32, to: u32) -> Vec<(usize, Option<String>)> {
        self.take(path, |p| p.line == 0 || (from..=to).contains(&p.line))
    }

    /// Takes the remaining element findings of `path` within lines
    /// `from..=to` (e.g. a missing child, reported at the end tag).
    pub fn take_within(&mut self, path: &str, from: u32, to: u32) -> Vec<usize> {
        self.take(path, |p| p.attr.is_none() && (from..=to).contains(&p.line)).into_iter().map(|(i, _)| i).collect()
    }

    fn take(&mut self, path: &str, want: impl Fn(&Pending) -> bool) -> Vec<(usize, Option<String>)> {
        let Some(list) = self.by_path.get_mut(path) else { return Vec::new() };
        let mut out = Vec::new();
        list.retain(|p| {
            if want(p) {
                out.push((p.index, p.attr.clone()));
                false
            } else {
                true
            }
        });
        if list.is_empty() {
            self.by_path.remove(path);
        }
        for (i, _) in &out {
            if let Some(a) = self.attached.get_mut(*i) {
                *a = true;
            }
        }
        out
    }

    /// Takes every finding not yet attached, in report order.
    pub fn take_rest(&mut self) -> Vec<usize> {
        self.by_path.clear();
        let rest: Vec<usize> = (0..self.findings.len()).filter(|i| !self.attached.get(*i).copied().unwrap_or(true)).collect();
        for i in &rest {
            if let Some(a) = self.attached.get_mut(*i) {
                *a = true;
            }
        }
        rest
    }

    /// Writes the inline block of finding `index` (with its anchor id).
    pub fn write(&self, index: usize, prefix: &str, out: &mut String) {
        let Some(f) = self.findings.get(index) else { return };
        out.push_str("<div class=\"podpis-r-finding podpis-r-sev-");
        out.push_str(severity_class(f.severity));
        out.push_str("\" id=\"");
        out.push_str(&anchor(prefix, index));
        out.push_str("\"><span class=\"podpis-r-code\">");
        escape_html(&f.code, out);
        if let Some(fns) = &f.fns_code {
            out.push(' ');
            escape_html(fns, out);
        }
        out.push_str("</span> ");
        escape_html(&f.message, out);
        out.push_str("</div>");
    }
}

/// The anchor id of finding `index`.
pub fn anchor(prefix: &str, index: usize) -> String {
    format!("{prefix}-f{index}")
}

/// CSS class suffix of a severity.
pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, line: u32) -> Finding {
        Finding { severity: Severity::Error, code: "X".into(), fns_code: None, path: path.into(), line, column: 1, message: "m".into() }
    }

    #[test]
    fn findings_go_to_their_elements() {
        let report = Report {
            findings: vec![f("Файл/Документ/@КНД", 3), f("Файл/Документ", 9), f("Файл/Документ", 0), f("Файл/Нет", 4)],
            ..Default::default()
        };
        let mut ix = FindingIndex::new(Some(&report));
        assert_eq!(ix.take_at_start("Файл/Документ", 3, 3), vec![(0, Some("КНД".to_string())), (2, None)]);
        assert_eq!(ix.take_within("Файл/Документ", 3, 8), Vec::<usize>::new());
        assert_eq!(ix.take_within("Файл/Документ", 3, 9), vec![1]);
        assert_eq!(ix.take_rest(), vec![3]);
        let mut html = String::new();
        ix.write(1, "p", &mut html);
        assert!(html.contains("id=\"p-f1\"") && html.contains("podpis-r-sev-error"), "{html}");
    }
}
