//! Sections and fields: an element with element content becomes a section
//! headed by its label; attributes and text-only children become labelled
//! fields with formatted values and code meanings; an element with
//! attributes only (e.g. ФИО) becomes one field of its labelled attributes.

use super::ReportView;
use crate::value_format::escape_html;

impl ReportView {
    /// Opens the section of an element with element content: heading, its
    /// findings, its attributes as fields.
    pub(super) fn open_section(&mut self, local: &str, decl: Option<u32>, path: &str, attrs: &[(String, String)], found: &[(usize, Option<String>)]) {
        let id = self.new_id('s');
        let depth = self.stack.len();
        let level = (depth + 2).min(6);
        let label = self.schema.element_label(decl, local);
        let mut h = format!("<section class=\"podpis-r-section podpis-r-depth{}\" id=\"{id}\" data-path=\"", depth.min(9));
        escape_html(path, &mut h);
        h.push_str("\">");
        let bad = found.iter().any(|(_, a)| a.is_none());
        h.push_str(&format!("<h{level} class=\"podpis-r-h{}\" title=\"", if bad { " podpis-r-bad" } else { "" }));
        escape_html(local, &mut h);
        h.push_str("\">");
        escape_html(&label, &mut h);
        h.push_str(&format!("</h{level}>"));
        for (i, a) in found {
            if a.is_none() {
                self.findings.write(*i, &self.prefix, &mut h);
            }
        }
        self.out.open(id, &h, "</section>");
        for (name, value) in attrs {
            let f: Vec<usize> = found.iter().filter(|(_, a)| a.as_deref() == Some(name.as_str())).map(|(i, _)| *i).collect();
            self.write_field_attr(decl, name, value, &f);
        }
    }

    /// An element with attributes only (e.g. ФИО): one field whose value is
    /// its labelled attributes.
    pub(super) fn write_group(&mut self, decl: Option<u32>, local: &str, attrs: &[(String, String)], found: &[(usize, Option<String>)]) {
        let label = self.schema.element_label(decl, local);
        let bad = !found.is_empty();
        let mut h = format!("<div class=\"podpis-r-field{}\"><span class=\"podpis-r-label\" title=\"", if bad { " podpis-r-bad" } else { "" });
        escape_html(local, &mut h);
        h.push_str("\">");
        escape_html(&label, &mut h);
        h.push_str("</span><span class=\"podpis-r-value\">");
        for (name, value) in attrs {
            let (alabel, ty) = self.schema.attribute(decl, name);
            let v = self.schema.value(ty, value);
            let abad = found.iter().any(|(_, a)| a.as_deref() == Some(name.as_str()));
            h.push_str(if abad { "<span class=\"podpis-r-kv podpis-r-bad\"><span class=\"podpis-r-k\" title=\"" } else { "<span class=\"podpis-r-kv\"><span class=\"podpis-r-k\" title=\"" });
            escape_html(name, &mut h);
            h.push_str("\">");
            escape_html(&alabel, &mut h);
            h.push_str("</span> <span class=\"podpis-r-v\">");
            escape_html(&v.shown, &mut h);
            if let Some(m) = &v.meaning {
                h.push_str("<span class=\"podpis-r-meaning\"> — ");
                escape_html(m, &mut h);
                h.push_str("</span>");
            }
            h.push_str("</span></span> ");
        }
        h.push_str("</span>");
        for (i, _) in found {
            self.findings.write(*i, &self.prefix, &mut h);
        }
        h.push_str("</div>");
        self.out.push(&h);
    }

    /// An attribute as a labelled field.
    pub(super) fn write_field_attr(&mut self, decl: Option<u32>, name: &str, value: &str, findings: &[usize]) {
        let (label, ty) = self.schema.attribute(decl, name);
        self.write_field(Some(name), &label, ty, value, findings, None);
    }

    /// A labelled field with its formatted value, code meaning and findings.
    pub(super) fn write_field(&mut self, name: Option<&str>, label: &str, ty: Option<u32>, raw: &str, findings: &[usize], _owner: Option<u32>) {
        let v = self.schema.value(ty, raw);
        let mut h = String::from("<div class=\"podpis-r-field");
        if !findings.is_empty() {
            h.push_str(" podpis-r-bad");
        }
        h.push_str("\"><span class=\"podpis-r-label\"");
        if let Some(n) = name {
            h.push_str(" title=\"");
            escape_html(n, &mut h);
            h.push('"');
        }
        h.push('>');
        escape_html(label, &mut h);
        h.push_str("</span><span class=\"podpis-r-value\">");
        escape_html(&v.shown, &mut h);
        if let Some(m) = &v.meaning {
            h.push_str("<span class=\"podpis-r-meaning\"> — ");
            escape_html(m, &mut h);
            h.push_str("</span>");
        }
        h.push_str("</span>");
        for i in findings {
            self.findings.write(*i, &self.prefix, &mut h);
        }
        h.push_str("</div>");
        self.out.push(&h);
    }
}
