//! The readable rendering of a report, as HTML produced in chunks (pure Rust,
//! tested natively; `render` puts the chunks into the DOM).
//!
//! The document is read with a pull parser, one chunk of elements at a time.
//! Every element is looked up in the schema: elements with element content
//! become sections (heading = label from `xs:documentation`), attributes and
//! text-only children become labelled fields with formatted values and code
//! meanings, and consecutive occurrences of a repeatable element become the
//! rows of one table (columns: its attributes and text-only children; nested
//! content in a details column). Findings of the check are shown inline at
//! their element (with an anchor id) and listed in a summary that links there.

use std::rc::Rc;

use podpis_validator::form_identity::{identify_document, select_form, Form};
use podpis_validator::{Lang, Report, Severity, Validator};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::findings_index::{anchor, severity_class, FindingIndex};
use crate::html_out::{HtmlOut, Segment};
use crate::row_blocks::{block_rows, read_start, BlockTable, RowBlock, RowBlocks, BLOCK_ROWS, INLINE_ROWS};
use crate::row_view::{RowBuilder, RowContext, RowNode, TableColumns};
use crate::schema_view::SchemaView;
use crate::value_format::escape_html;

/// At most this many findings are listed in the summary.
const SUMMARY_LIMIT: usize = 200;

/// Picks the Russian or English UI text.
pub fn tr(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// An element being read.
struct Frame {
    local: String,
    decl: Option<u32>,
    path: String,
    start_line: u32,
    /// Byte offset of the start tag in the source text.
    offset: usize,
    kind: FrameKind,
}

/// A table of repeated elements being written.
struct TableState {
    /// Rows so far.
    rows: u32,
    /// Is the `<tbody>` of the rows written directly still open?
    inline_open: bool,
    /// The table as blocks see it.
    info: BlockTable,
    /// Its index in `RowBlocks::tables`, once it has blocks.
    block_table: Option<usize>,
    /// The block being collected.
    pending: Option<RowBlock>,
}

enum FrameKind {
    /// Element content: a section container is open in the output.
    Section { table: Option<String>, text: String },
    /// Text-only content of a field inside a section (`written`: already
    /// shown as a group of its attributes).
    Field { text: String, findings: Vec<usize>, written: bool },
    /// A repeated element read completely, then written as a table row.
    Row(RowBuilder),
}

/// A document being rendered.
pub struct ReportView {
    schema: SchemaView,
    text: String,
    pos: usize,
    line: u32,
    stack: Vec<Frame>,
    findings: FindingIndex,
    out: HtmlOut,
    prefix: String,
    next_id: u32,
    lang: Lang,
    done: bool,
    started: bool,
    file_name: String,
    report_given: bool,
    /// Open tables, innermost last.
    tables: Vec<TableState>,
    /// Rows rendered on demand.
    blocks: RowBlocks,
    /// Byte range of the event being handled in the source text.
    event: (usize, usize),
    /// The form the document belongs to.
    form: Option<Form>,
}

impl ReportView {
    /// Prepares the rendering of `bytes` (any supported encoding). `prefix`
    /// makes ids unique in the page (e.g. `podpis-r1`).
    pub fn new(v: Rc<Validator>, bytes: &[u8], file_name: &str, report: Option<&Report>, lang: Lang, prefix: &str) -> ReportView {
        let (text, done) = match podpis_validator::xml_reader::decode(bytes) {
            Ok(d) => (d.text.into_owned(), false),
            Err(_) => (String::new(), true),
        };
        let mut cut = text.len().min(64 * 1024);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = text.get(..cut).unwrap_or("");
        let form = select_form(&v.pack().forms, &identify_document(head)).map(|(_, f)| f.clone());
        ReportView {
            form,
            schema: SchemaView::new(v),
            text,
            pos: 0,
            line: 1,
            stack: Vec::new(),
            findings: FindingIndex::new(report),
            out: HtmlOut::default(),
            prefix: prefix.to_string(),
            next_id: 0,
            lang,
            done,
            started: false,
            file_name: file_name.to_string(),
            report_given: report.is_some(),
            tables: Vec::new(),
            blocks: RowBlocks::default(),
            event: (0, 0),
        }
    }

    /// Has the whole document been rendered?
    pub fn is_done(&self) -> bool {
        self.done && self.started
    }

    fn new_id(&mut self, kind: char) -> String {
        self.next_id += 1;
        format!("{}-{kind}{}", self.prefix, self.next_id)
    }

    /// Renders about `budget` more elements and returns the HTML segments.
    pub fn next_chunk(&mut self, budget: usize) -> Vec<Segment> {
        if !self.started {
            self.started = true;
            self.write_title();
            self.write_summary();
            if self.done {
                let msg = tr(self.lang, "Документ не удалось прочитать как XML.", "The document could not be read as XML.");
                self.out.push(&format!("<p class=\"podpis-r-notice\">{msg}</p>"));
                self.finish();
                return self.out.end_chunk();
            }
        }
        if !self.done {
            self.read(budget);
        }
        self.out.end_chunk()
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    fn write_title(&mut self) {
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

    fn write_summary(&mut self) {
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

    /// Reads events until `budget` elements were rendered or the end.
    fn read(&mut self, budget: usize) {
        let text = std::mem::take(&mut self.text);
        let rest = text.get(self.pos..).unwrap_or("");
        let mut reader = Reader::from_str(rest);
        reader.config_mut().check_end_names = false;
        let mut seen = 0usize;
        let mut consumed;
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader.read_event();
            let after = reader.buffer_position() as usize;
            let span = rest.get(before..after).unwrap_or("");
            let start_line = self.line;
            self.line += span.bytes().filter(|b| *b == b'\n').count() as u32;
            consumed = after;
            self.event = (self.pos + before, self.pos + after);
            match event {
                Ok(Event::Start(s)) => {
                    self.start(&s, start_line, false);
                    seen += 1;
                }
                Ok(Event::Empty(s)) => {
                    self.start(&s, start_line, true);
                    self.end();
                    seen += 1;
                }
                Ok(Event::End(_)) => self.end(),
                Ok(Event::Text(t)) => self.text(&t.xml10_content()),
                Ok(Event::CData(t)) => self.text(&t.xml10_content()),
                Ok(Event::GeneralRef(r)) => {
                    let resolved = match r.is_char_ref() {
                        true => r.resolve_char_ref().ok().flatten().map(String::from),
                        false => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(str::to_string),
                    };
                    if let Some(s) = resolved {
                        self.text(&s);
                    }
                }
                Ok(Event::Eof) => {
                    self.finish();
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    let msg = format!("{} {}: {e}", tr(self.lang, "Документ прочитан не полностью: ошибка XML в строке", "Rendering stopped: XML error at line"), self.line);
                    while !self.stack.is_empty() {
                        self.end();
                    }
                    let mut h = String::from("<p class=\"podpis-r-notice\">");
                    escape_html(&msg, &mut h);
                    h.push_str("</p>");
                    self.out.push(&h);
                    self.finish();
                    break;
                }
            }
            if seen >= budget && matches!(self.stack.last().map(|f| &f.kind), Some(FrameKind::Section { .. }) | None) {
                break;
            }
        }
        self.pos += consumed;
        self.text = text;
    }

    fn text(&mut self, t: &str) {
        match self.stack.last_mut().map(|f| &mut f.kind) {
            Some(FrameKind::Field { text, .. }) | Some(FrameKind::Section { text, .. }) => text.push_str(t),
            Some(FrameKind::Row(b)) => b.text(t),
            None => {}
        }
    }

    fn start(&mut self, s: &BytesStart<'_>, line: u32, _empty: bool) {
        let (local, attrs) = read_start(s);
        let offset = self.event.0;
        let end_line = self.line;
        let parent_decl = self.stack.last().map(|f| f.decl);
        // Inside a row: the row builder takes the whole subtree.
        if let Some(Frame { kind: FrameKind::Row(b), .. }) = self.stack.last_mut() {
            if b.is_open() {
                let path = format!("{}/{}", b.current_path(), local);
                let decl = b.current_decl().and_then(|d| self.schema.child(d, &local)).map(|c| c.0);
                let found = self.findings.take_at_start(&path, line, end_line);
                b.start(RowNode::new(local, decl, attrs, line, found, path));
                return;
            }
        }
        let path = match self.stack.last() {
            Some(p) => format!("{}/{}", p.path, local),
            None => local.clone(),
        };
        let (decl, repeatable) = match parent_decl {
            None => (self.form().map(|f| f.root), false),
            Some(Some(pd)) => self.schema.child(pd, &local).map(|(d, r)| (Some(d), r)).unwrap_or((None, false)),
            Some(None) => (None, false),
        };
        let found = self.findings.take_at_start(&path, line, end_line);
        let element_content = self.schema.has_element_content(decl) || (decl.is_none() && !_empty && parent_decl.is_some());
        if repeatable && element_content && !self.stack.is_empty() {
            self.ensure_table(&local, decl);
            let node = RowNode::new(local.clone(), decl, attrs, line, found, path.clone());
            self.stack.push(Frame { local, decl, path, start_line: line, offset, kind: FrameKind::Row(RowBuilder::new(node)) });
            return;
        }
        self.close_table();
        if element_content || self.stack.is_empty() {
            self.open_section(&local, decl, &path, &attrs, &found);
            self.stack.push(Frame { local, decl, path, start_line: line, offset, kind: FrameKind::Section { table: None, text: String::new() } });
        } else {
            // A text-only field; its own attributes are shown as fields next to it.
            let mut idx: Vec<usize> = Vec::new();
            for (i, attr) in &found {
                if attr.is_none() {
                    idx.push(*i);
                }
            }
            let written = self.schema.text_type(decl).is_none() && !attrs.is_empty();
            if written {
                self.write_group(decl, &local, &attrs, &found);
            } else {
                for (name, value) in &attrs {
                    let f: Vec<usize> = found.iter().filter(|(_, a)| a.as_deref() == Some(name.as_str())).map(|(i, _)| *i).collect();
                    self.write_field_attr(decl, name, value, &f);
                }
            }
            self.stack.push(Frame { local, decl, path, start_line: line, offset, kind: FrameKind::Field { text: String::new(), findings: idx, written } });
        }
    }

    fn end(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        let end_line = self.line;
        match frame.kind {
            FrameKind::Section { text, table } => {
                if table.is_some() {
                    self.end_table();
                }
                if !text.trim().is_empty() {
                    self.write_field(None, tr(self.lang, "Текст", "Text"), None, text.trim(), &[], frame.decl);
                }
                let late = self.findings.take_within(&frame.path, frame.start_line, end_line);
                let mut h = String::new();
                for i in late {
                    self.findings.write(i, &self.prefix, &mut h);
                }
                self.out.push(&h);
                self.out.close();
            }
            FrameKind::Field { text, mut findings, written } => {
                findings.extend(self.findings.take_within(&frame.path, frame.start_line, end_line));
                if written && text.trim().is_empty() {
                    let mut h = String::new();
                    for i in findings {
                        self.findings.write(i, &self.prefix, &mut h);
                    }
                    self.out.push(&h);
                    return;
                }
                let label = self.schema.element_label(frame.decl, &frame.local);
                let ty = self.schema.text_type(frame.decl);
                self.write_field(Some(&frame.local), &label, ty, text.trim(), &findings, None);
            }
            FrameKind::Row(mut b) => {
                if b.depth() > 1 {
                    // The end of an element nested in the row.
                    let late = {
                        let n = b.current();
                        n.map(|n| (n.path.clone(), n.line))
                    };
                    if let Some((path, from)) = late {
                        let f = self.findings.take_within(&path, from, end_line);
                        b.add_findings(f);
                    }
                    b.end();
                    self.stack.push(Frame { kind: FrameKind::Row(b), ..frame });
                    return;
                }
                let f = self.findings.take_within(&frame.path, frame.start_line, end_line);
                b.add_findings(f);
                b.end();
                let range = (frame.offset, self.event.1, frame.start_line);
                self.write_row(b.into_root(), range);
            }
        }
    }

    fn open_section(&mut self, local: &str, decl: Option<u32>, path: &str, attrs: &[(String, String)], found: &[(usize, Option<String>)]) {
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
    fn write_group(&mut self, decl: Option<u32>, local: &str, attrs: &[(String, String)], found: &[(usize, Option<String>)]) {
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

    fn write_field_attr(&mut self, decl: Option<u32>, name: &str, value: &str, findings: &[usize]) {
        let (label, ty) = self.schema.attribute(decl, name);
        self.write_field(Some(name), &label, ty, value, findings, None);
    }

    fn write_field(&mut self, name: Option<&str>, label: &str, ty: Option<u32>, raw: &str, findings: &[usize], _owner: Option<u32>) {
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

    /// Makes sure the table for repeated `local` is the open container.
    fn ensure_table(&mut self, local: &str, decl: Option<u32>) {
        let current = match self.stack.last() {
            Some(Frame { kind: FrameKind::Section { table, .. }, .. }) => table.clone(),
            _ => None,
        };
        if current.as_deref() == Some(local) {
            return;
        }
        self.close_table();
        let id = self.new_id('t');
        let cols = Rc::new(TableColumns::of(&mut self.schema, decl));
        let label = self.schema.element_label(decl, local);
        let parent_path = self.stack.last().map(|f| f.path.clone()).unwrap_or_default();
        let mut h = String::from("<div class=\"podpis-r-table-wrap\"><table class=\"podpis-r-table\" id=\"");
        h.push_str(&id);
        h.push_str("\"><caption title=\"");
        escape_html(local, &mut h);
        h.push_str("\">");
        escape_html(&label, &mut h);
        h.push_str("</caption><thead><tr><th class=\"podpis-r-num\">№</th>");
        for c in &cols.columns {
            h.push_str("<th title=\"");
            escape_html(&c.name, &mut h);
            h.push_str("\">");
            escape_html(&c.label, &mut h);
            h.push_str("</th>");
        }
        h.push_str("</tr></thead>");
        self.out.open(id.clone(), &h, "</table></div>");
        let inline_id = format!("{id}-i");
        let mut t = format!("<tbody id=\"{inline_id}\" data-path=\"");
        escape_html(&parent_path, &mut t);
        t.push('/');
        escape_html(local, &mut t);
        t.push_str("\">");
        self.out.open(inline_id.clone(), &t, "</tbody>");
        let width = cols.columns.len() + 1;
        let info = BlockTable { local: local.to_string(), decl, parent_path, width, inline_id, cols };
        self.tables.push(TableState { rows: 0, inline_open: true, info, block_table: None, pending: None });
        if let Some(Frame { kind: FrameKind::Section { table, .. }, .. }) = self.stack.last_mut() {
            *table = Some(local.to_string());
        }
    }

    fn close_table(&mut self) {
        if let Some(Frame { kind: FrameKind::Section { table, .. }, .. }) = self.stack.last_mut() {
            if table.take().is_some() {
                self.end_table();
            }
        }
    }

    /// Closes the innermost table: its direct rows, its last block, itself.
    fn end_table(&mut self) {
        if self.tables.last().is_some_and(|t| t.inline_open) {
            self.out.close();
        }
        self.flush_block();
        self.tables.pop();
        self.out.close();
    }

    /// Writes the collected block of the innermost table as a placeholder
    /// `<tbody>` (its rows are rendered on demand).
    fn flush_block(&mut self) {
        let Some(t) = self.tables.last_mut() else { return };
        let Some(block) = t.pending.take() else { return };
        let table = match t.block_table {
            Some(i) => i,
            None => {
                self.blocks.tables.push(t.info.clone());
                t.block_table = Some(self.blocks.tables.len() - 1);
                self.blocks.tables.len() - 1
            }
        };
        let i = self.blocks.blocks.len();
        let mut h = format!("<tbody class=\"podpis-r-block podpis-r-gap\" id=\"{}\" data-block=\"{i}\" data-path=\"", RowBlocks::id(&self.prefix, i));
        escape_html(&t.info.parent_path, &mut h);
        h.push('/');
        escape_html(&t.info.local, &mut h);
        h.push_str("\">");
        h.push_str(&crate::row_blocks::gap_row(t.info.width, block.rows, None));
        h.push_str("</tbody>");
        self.out.push(&h);
        self.blocks.blocks.push(RowBlock { table, ..block });
    }

    /// Writes a finished row (`range`: byte range and line of its source),
    /// or adds it to the table's current block.
    fn write_row(&mut self, root: RowNode, range: (usize, usize, u32)) {
        let Some(t) = self.tables.last_mut() else { return };
        t.rows += 1;
        let number = t.rows;
        if number <= INLINE_ROWS {
            let cols = t.info.cols.clone();
            let mut h = String::new();
            let ctx = RowContext { number, width: t.info.width, findings: &self.findings, prefix: &self.prefix };
            crate::row_view::write_row(&mut self.schema, &cols, &root, &ctx, &mut h);
            self.out.push(&h);
            return;
        }
        if t.inline_open {
            t.inline_open = false;
            self.out.close();
        }
        let Some(t) = self.tables.last_mut() else { return };
        let block = t.pending.get_or_insert_with(|| RowBlock { table: 0, start: range.0, end: range.1, line: range.2, first_row: number, rows: 0, findings: Vec::new() });
        block.rows += 1;
        block.end = range.1;
        root.all_findings(&mut block.findings);
        if block.rows >= BLOCK_ROWS {
            self.flush_block();
        }
    }

    /// Blocks of rows rendered on demand.
    pub fn blocks(&self) -> &RowBlocks {
        &self.blocks
    }

    /// The rows of block `i` as HTML (the content of its `<tbody>`).
    pub fn block_html(&mut self, i: usize) -> String {
        let Some(block) = self.blocks.blocks.get(i) else { return String::new() };
        let Some(table) = self.blocks.tables.get(block.table) else { return String::new() };
        let mut findings = self.findings.subset(&block.findings);
        let rows = block_rows(&self.text, block, table, &mut self.schema, &mut findings);
        let mut h = String::new();
        for (k, row) in rows.iter().enumerate() {
            let ctx = RowContext { number: block.first_row + k as u32, width: table.width, findings: &findings, prefix: &self.prefix };
            crate::row_view::write_row(&mut self.schema, &table.cols, row, &ctx, &mut h);
        }
        h
    }

    fn finish(&mut self) {
        while !self.stack.is_empty() {
            self.end();
        }
        while self.out.depth() > 0 {
            self.out.close();
        }
        let rest = self.findings.take_rest();
        if !rest.is_empty() {
            let mut h = format!("<section class=\"podpis-r-section podpis-r-rest\"><h2>{}</h2>", tr(self.lang, "Прочие замечания", "Other findings"));
            for i in rest {
                self.findings.write(i, &self.prefix, &mut h);
            }
            h.push_str("</section>");
            self.out.push(&h);
        }
        self.done = true;
    }
}
