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
//!
//! This module reads the document and keeps the stack of open elements; what
//! is written for them is in [`report_header`] (title, findings summary),
//! [`section_fields`] (sections and labelled fields) and [`repeated_tables`]
//! (tables of repeated elements, rows in blocks rendered on demand).

mod repeated_tables;
mod report_header;
mod section_fields;

use std::rc::Rc;

use podpis_validator::form_identity::{identify_document, select_form, Form};
use podpis_validator::{Lang, Report, Validator};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::findings_index::FindingIndex;
use crate::html_out::{HtmlOut, Segment};
use crate::row_blocks::{read_start, RowBlocks};
use crate::row_view::{RowBuilder, RowNode};
use crate::schema_view::SchemaView;
use crate::value_format::escape_html;
use repeated_tables::TableState;

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

    /// Blocks of rows rendered on demand.
    pub fn blocks(&self) -> &RowBlocks {
        &self.blocks
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
