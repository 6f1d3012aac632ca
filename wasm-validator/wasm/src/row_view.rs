//! Repeated elements as table rows: the row's subtree is read completely
//! (rows are small), then written as one `<tr>` whose columns are the
//! element's attributes and text-only children and whose details cell holds
//! the nested content.

use crate::findings_index::FindingIndex;
use crate::schema_view::SchemaView;
use crate::value_format::escape_html;

/// At most this many columns; further fields go to the details cell.
const MAX_COLUMNS: usize = 10;

/// One element of a row's subtree.
#[derive(Debug, Clone)]
pub struct RowNode {
    /// Local name.
    pub local: String,
    /// Declaration id, when known.
    pub decl: Option<u32>,
    /// Attributes `(local name, value)`.
    pub attrs: Vec<(String, String)>,
    /// Text content.
    pub text: String,
    /// Child elements.
    pub children: Vec<RowNode>,
    /// Line of the start tag.
    pub line: u32,
    /// Findings `(index, attribute)` attached here.
    pub findings: Vec<(usize, Option<String>)>,
    /// Element path.
    pub path: String,
}

impl RowNode {
    /// A node without children yet.
    pub fn new(local: String, decl: Option<u32>, attrs: Vec<(String, String)>, line: u32, findings: Vec<(usize, Option<String>)>, path: String) -> RowNode {
        RowNode { local, decl, attrs, text: String::new(), children: Vec::new(), line, findings, path }
    }

    fn all_findings(&self, out: &mut Vec<usize>) {
        out.extend(self.findings.iter().map(|f| f.0));
        for c in &self.children {
            c.all_findings(out);
        }
    }

    fn attr_bad(&self, name: &str) -> bool {
        self.findings.iter().any(|f| f.1.as_deref() == Some(name))
    }

    fn is_bad(&self) -> bool {
        self.findings.iter().any(|f| f.1.is_none())
    }
}

/// Builds a row's subtree from parser events.
pub struct RowBuilder {
    stack: Vec<RowNode>,
    root: Option<RowNode>,
}

impl RowBuilder {
    /// Starts with the row element.
    pub fn new(root: RowNode) -> RowBuilder {
        RowBuilder { stack: vec![root], root: None }
    }

    /// Is an element of the row still open?
    pub fn is_open(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Number of open elements.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The innermost open element.
    pub fn current(&self) -> Option<&RowNode> {
        self.stack.last()
    }

    /// Path of the innermost open element.
    pub fn current_path(&self) -> &str {
        self.stack.last().map(|n| n.path.as_str()).unwrap_or("")
    }

    /// Declaration of the innermost open element.
    pub fn current_decl(&self) -> Option<u32> {
        self.stack.last().and_then(|n| n.decl)
    }

    /// A child element starts.
    pub fn start(&mut self, node: RowNode) {
        self.stack.push(node);
    }

    /// Text of the innermost element.
    pub fn text(&mut self, t: &str) {
        if let Some(n) = self.stack.last_mut() {
            n.text.push_str(t);
        }
    }

    /// Findings of the innermost element found at its end.
    pub fn add_findings(&mut self, f: Vec<usize>) {
        if let Some(n) = self.stack.last_mut() {
            n.findings.extend(f.into_iter().map(|i| (i, None)));
        }
    }

    /// The innermost element ends.
    pub fn end(&mut self) {
        let Some(n) = self.stack.pop() else { return };
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(n),
            None => self.root = Some(n),
        }
    }

    /// The finished row element.
    pub fn into_root(self) -> RowNode {
        self.root.unwrap_or_else(|| RowNode::new(String::new(), None, Vec::new(), 0, Vec::new(), String::new()))
    }
}

/// Where a column's value comes from.
#[derive(Debug, Clone)]
pub enum ColumnSource {
    /// An attribute of the row element, of this simple type.
    Attribute(Option<u32>),
    /// A text-only child element with this declaration.
    Child(u32),
}

/// One column of a table of repeated elements.
#[derive(Debug, Clone)]
pub struct Column {
    /// Local name (attribute or child element).
    pub name: String,
    /// Label from the documentation.
    pub label: String,
    /// Value source.
    pub source: ColumnSource,
}

/// The columns of a table of repeated elements.
#[derive(Debug, Clone, Default)]
pub struct TableColumns {
    /// The columns, in schema order (attributes first).
    pub columns: Vec<Column>,
    /// Is there a details cell (nested or overflowing content)?
    pub details: bool,
}

impl TableColumns {
    /// Columns for rows declared by `decl`.
    pub fn of(schema: &mut SchemaView, decl: Option<u32>) -> TableColumns {
        let mut t = TableColumns::default();
        for (name, _, ty) in schema.attributes(decl).into_iter().map(|(n, id, ty)| (n.to_string(), id, ty)).collect::<Vec<_>>() {
            let (label, _) = schema.attribute(decl, &name);
            t.columns.push(Column { name, label, source: ColumnSource::Attribute(Some(ty)) });
        }
        if let Some(d) = decl {
            for (local, child, repeatable) in schema.children_of(d).iter() {
                if !repeatable && !schema.has_element_content(Some(*child)) && schema.attributes(Some(*child)).is_empty() {
                    let label = schema.element_label(Some(*child), local);
                    t.columns.push(Column { name: local.clone(), label, source: ColumnSource::Child(*child) });
                } else {
                    t.details = true;
                }
            }
        } else {
            t.details = true;
        }
        if t.columns.len() > MAX_COLUMNS {
            t.columns.truncate(MAX_COLUMNS);
            t.details = true;
        }
        t
    }

    fn has(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }
}

/// Numbering and ids of one row.
pub struct RowContext<'a> {
    /// 1-based row number.
    pub number: u32,
    /// Number of table columns (for the findings row).
    pub width: usize,
    /// The row's id.
    pub id: &'a str,
    /// Findings (for their texts).
    pub findings: &'a FindingIndex,
    /// Id prefix of the rendering.
    pub prefix: &'a str,
}

fn write_value(schema: &SchemaView, ty: Option<u32>, raw: &str, h: &mut String) {
    let v = schema.value(ty, raw.trim());
    escape_html(&v.shown, h);
    if let Some(m) = &v.meaning {
        h.push_str("<span class=\"podpis-r-meaning\"> — ");
        escape_html(m, h);
        h.push_str("</span>");
    }
}

/// Writes one row (and a findings row under it when it has findings).
pub fn write_row(schema: &mut SchemaView, cols: &TableColumns, row: &RowNode, ctx: &RowContext<'_>, h: &mut String) {
    h.push_str(&format!("<tr id=\"{}\" class=\"podpis-r-row{}\" data-path=\"", ctx.id, if row.is_bad() { " podpis-r-bad" } else { "" }));
    escape_html(&row.path, h);
    h.push_str(&format!("\"><td class=\"podpis-r-num\">{}</td>", ctx.number));
    for c in &cols.columns {
        match &c.source {
            ColumnSource::Attribute(ty) => {
                h.push_str(if row.attr_bad(&c.name) { "<td class=\"podpis-r-bad\">" } else { "<td>" });
                if let Some((_, v)) = row.attrs.iter().find(|a| a.0 == c.name) {
                    write_value(schema, *ty, v, h);
                }
            }
            ColumnSource::Child(decl) => {
                let child = row.children.iter().find(|n| n.local == c.name);
                h.push_str(if child.is_some_and(|n| !n.findings.is_empty()) { "<td class=\"podpis-r-bad\">" } else { "<td>" });
                if let Some(n) = child {
                    let ty = schema.text_type(Some(*decl));
                    write_value(schema, ty, &n.text, h);
                }
            }
        }
        h.push_str("</td>");
    }
    h.push_str("</tr>");
    if cols.details {
        // Nested content: a full-width row under the row's columns.
        let mut d = String::new();
        for (name, value) in row.attrs.iter().filter(|a| !cols.has(&a.0)) {
            write_kv(schema, row, name, value, &mut d);
        }
        for n in row.children.iter().filter(|n| !cols.has(&n.local) || row.children.iter().filter(|m| m.local == n.local).count() > 1) {
            write_sub(schema, n, &mut d);
        }
        if !d.is_empty() {
            h.push_str(&format!("<tr class=\"podpis-r-detail-row\"><td></td><td colspan=\"{}\" class=\"podpis-r-details\">", ctx.width.saturating_sub(1).max(1)));
            h.push_str(&d);
            h.push_str("</td></tr>");
        }
    }
    let mut all = Vec::new();
    row.all_findings(&mut all);
    if !all.is_empty() {
        h.push_str(&format!("<tr class=\"podpis-r-finding-row\"><td colspan=\"{}\">", ctx.width));
        for i in all {
            ctx.findings.write(i, ctx.prefix, h);
        }
        h.push_str("</td></tr>");
    }
}

fn write_kv(schema: &SchemaView, owner: &RowNode, name: &str, value: &str, h: &mut String) {
    let (label, ty) = schema.attribute(owner.decl, name);
    h.push_str(if owner.attr_bad(name) { "<span class=\"podpis-r-kv podpis-r-bad\">" } else { "<span class=\"podpis-r-kv\">" });
    h.push_str("<span class=\"podpis-r-k\" title=\"");
    escape_html(name, h);
    h.push_str("\">");
    escape_html(&label, h);
    h.push_str("</span> <span class=\"podpis-r-v\">");
    write_value(schema, ty, value, h);
    h.push_str("</span></span> ");
}

/// Nested content of a row: a labelled block of key/value pairs.
fn write_sub(schema: &SchemaView, n: &RowNode, h: &mut String) {
    let label = schema.element_label(n.decl, &n.local);
    if n.children.is_empty() && n.attrs.is_empty() {
        h.push_str(if n.is_bad() { "<span class=\"podpis-r-kv podpis-r-bad\">" } else { "<span class=\"podpis-r-kv\">" });
        h.push_str("<span class=\"podpis-r-k\" title=\"");
        escape_html(&n.local, h);
        h.push_str("\">");
        escape_html(&label, h);
        h.push_str("</span> <span class=\"podpis-r-v\">");
        write_value(schema, schema.text_type(n.decl), &n.text, h);
        h.push_str("</span></span> ");
        return;
    }
    h.push_str(if n.is_bad() { "<div class=\"podpis-r-sub podpis-r-bad\">" } else { "<div class=\"podpis-r-sub\">" });
    h.push_str("<span class=\"podpis-r-sub-h\" title=\"");
    escape_html(&n.local, h);
    h.push_str("\">");
    escape_html(&label, h);
    h.push_str("</span> ");
    for (name, value) in &n.attrs {
        write_kv(schema, n, name, value, h);
    }
    for c in &n.children {
        write_sub(schema, c, h);
    }
    h.push_str("</div>");
}
