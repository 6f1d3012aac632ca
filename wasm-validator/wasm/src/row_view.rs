//! Repeated elements as table rows: the row's subtree is read completely
//! (rows are small), then written as one `<tr>` whose columns are the
//! element's attributes and text-only children and whose details cell holds
//! the nested content.

use crate::findings_index::FindingIndex;
use crate::schema_view::SchemaView;
use crate::value_format::escape_html;

/// At most this many columns; further fields go to the details cell.
const MAX_COLUMNS: usize = 12;

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

    /// Appends the findings of this element and its descendants.
    pub fn all_findings(&self, out: &mut Vec<usize>) {
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

/// Where a column's value comes from: `steps` lead from the row element
/// to the element concerned (first occurrence of each name).
#[derive(Debug, Clone)]
pub enum ColumnSource {
    /// An attribute, of this simple type.
    Attribute {
        /// Path from the row element.
        steps: Vec<String>,
        /// Attribute name.
        name: String,
        /// Its simple type.
        ty: Option<u32>,
    },
    /// The text of a text-only element, of this simple type.
    Text {
        /// Path from the row element.
        steps: Vec<String>,
        /// Its simple type.
        ty: Option<u32>,
    },
    /// An element with a few attributes only (e.g. ФИО): its values, joined.
    Group {
        /// Path from the row element.
        steps: Vec<String>,
        /// Its declaration.
        decl: u32,
    },
}

/// One column of a table of repeated elements.
#[derive(Debug, Clone)]
pub struct Column {
    /// Local name (attribute or element).
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
    /// Attributes of the row element shown in columns.
    pub own_attrs: Vec<String>,
    /// Children of the row element shown completely in columns.
    pub covered: Vec<String>,
}

/// Most attributes an attribute-only element may have to be shown as one
/// cell of values joined by spaces (ФИО: Фамилия Имя Отчество). One with more
/// (six amounts by payment term) goes to the row's details, where each value
/// stands under its own label.
const MAX_GROUP_ATTRS: usize = 3;

/// Is `decl` an element with a few attributes only (no text, no children),
/// shown as one joined cell?
fn attributes_only(schema: &SchemaView, decl: u32) -> bool {
    let attrs = schema.attributes(Some(decl)).len();
    !schema.has_element_content(Some(decl)) && schema.text_type(Some(decl)).is_none() && (1..=MAX_GROUP_ATTRS).contains(&attrs)
}

/// Is `decl` a text-only element without attributes?
fn text_only(schema: &SchemaView, decl: u32) -> bool {
    !schema.has_element_content(Some(decl)) && schema.attributes(Some(decl)).is_empty()
}

impl TableColumns {
    /// Columns for rows declared by `decl`: its attributes, its text-only
    /// and attribute-only children, and — one level down — the attributes
    /// and simple children of a non-repeated child (e.g. ДанФЛПолуч: СНИЛС,
    /// ФИО…); what does not fit goes to the details cell.
    pub fn of(schema: &mut SchemaView, decl: Option<u32>) -> TableColumns {
        let mut t = TableColumns::default();
        let Some(d) = decl else {
            t.details = true;
            return t;
        };
        for (name, _, ty) in schema.attributes(decl).into_iter().map(|(n, id, ty)| (n.to_string(), id, ty)).collect::<Vec<_>>() {
            let (label, _) = schema.attribute(decl, &name);
            t.own_attrs.push(name.clone());
            t.columns.push(Column { name: name.clone(), label, source: ColumnSource::Attribute { steps: Vec::new(), name, ty: Some(ty) } });
        }
        // (child, columns it got, fully covered)
        let mut spans: Vec<(String, usize, bool)> = Vec::new();
        for (local, child, repeatable) in schema.children_of(d).iter() {
            let before = t.columns.len();
            let mut whole = !repeatable;
            if *repeatable {
                t.details = true;
            } else if text_only(schema, *child) {
                let label = schema.element_label(Some(*child), local);
                let ty = schema.text_type(Some(*child));
                t.columns.push(Column { name: local.clone(), label, source: ColumnSource::Text { steps: vec![local.clone()], ty } });
            } else if attributes_only(schema, *child) {
                let label = schema.element_label(Some(*child), local);
                t.columns.push(Column { name: local.clone(), label, source: ColumnSource::Group { steps: vec![local.clone()], decl: *child } });
            } else if schema.has_element_content(Some(*child)) {
                for (name, _, ty) in schema.attributes(Some(*child)).into_iter().map(|(n, id, ty)| (n.to_string(), id, ty)).collect::<Vec<_>>() {
                    let (label, _) = schema.attribute(Some(*child), &name);
                    t.columns.push(Column { name: name.clone(), label, source: ColumnSource::Attribute { steps: vec![local.clone()], name, ty: Some(ty) } });
                }
                for (sub, sdecl, srep) in schema.children_of(*child).iter() {
                    let steps = vec![local.clone(), sub.clone()];
                    if *srep {
                        whole = false;
                    } else if text_only(schema, *sdecl) {
                        let label = schema.element_label(Some(*sdecl), sub);
                        let ty = schema.text_type(Some(*sdecl));
                        t.columns.push(Column { name: sub.clone(), label, source: ColumnSource::Text { steps, ty } });
                    } else if attributes_only(schema, *sdecl) {
                        let label = schema.element_label(Some(*sdecl), sub);
                        t.columns.push(Column { name: sub.clone(), label, source: ColumnSource::Group { steps, decl: *sdecl } });
                    } else {
                        whole = false;
                    }
                }
                if !whole {
                    // Partly in columns: shown whole in the details instead.
                    t.columns.truncate(before);
                    t.details = true;
                }
            } else {
                whole = false;
                t.details = true;
            }
            spans.push((local.clone(), t.columns.len() - before, whole));
        }
        if t.columns.len() > MAX_COLUMNS {
            t.details = true;
            // Keep whole children only.
            let mut keep = t.own_attrs.len().min(MAX_COLUMNS);
            t.own_attrs.truncate(keep);
            for (local, n, whole) in &spans {
                if *whole && keep + n <= MAX_COLUMNS {
                    keep += n;
                    t.covered.push(local.clone());
                } else if *n > 0 {
                    t.columns.retain(|c| !matches!(&c.source, ColumnSource::Attribute { steps, .. } | ColumnSource::Text { steps, .. } | ColumnSource::Group { steps, .. } if steps.first() == Some(local)));
                }
            }
            t.columns.truncate(MAX_COLUMNS);
        } else {
            t.covered = spans.into_iter().filter(|s| s.2).map(|s| s.0).collect();
        }
        t
    }
}

/// The element at `steps` under `row` (first occurrences).
fn descend<'a>(row: &'a RowNode, steps: &[String]) -> Option<&'a RowNode> {
    let mut n = row;
    for s in steps {
        n = n.children.iter().find(|c| &c.local == s)?;
    }
    Some(n)
}

/// Numbering and ids of one row.
pub struct RowContext<'a> {
    /// 1-based row number.
    pub number: u32,
    /// Number of table columns (for the findings row).
    pub width: usize,
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
    h.push_str(if row.is_bad() { "<tr class=\"podpis-r-row podpis-r-bad\">" } else { "<tr class=\"podpis-r-row\">" });
    h.push_str(&format!("<td class=\"podpis-r-num\">{}</td>", ctx.number));
    for c in &cols.columns {
        match &c.source {
            ColumnSource::Attribute { steps, name, ty } => {
                let node = descend(row, steps);
                h.push_str(if node.is_some_and(|n| n.attr_bad(name)) { "<td class=\"podpis-r-bad\">" } else { "<td>" });
                if let Some((_, v)) = node.and_then(|n| n.attrs.iter().find(|a| &a.0 == name)) {
                    write_value(schema, *ty, v, h);
                }
            }
            ColumnSource::Text { steps, ty } => {
                let node = descend(row, steps);
                h.push_str(if node.is_some_and(|n| !n.findings.is_empty()) { "<td class=\"podpis-r-bad\">" } else { "<td>" });
                if let Some(n) = node {
                    write_value(schema, *ty, &n.text, h);
                }
            }
            ColumnSource::Group { steps, decl } => {
                let node = descend(row, steps);
                h.push_str(if node.is_some_and(|n| !n.findings.is_empty()) { "<td class=\"podpis-r-bad\">" } else { "<td>" });
                for (k, (name, value)) in node.map(|n| n.attrs.as_slice()).unwrap_or(&[]).iter().enumerate() {
                    if k > 0 {
                        h.push(' ');
                    }
                    let (_, ty) = schema.attribute(Some(*decl), name);
                    write_value(schema, ty, value, h);
                }
            }
        }
        h.push_str("</td>");
    }
    h.push_str("</tr>");
    if cols.details {
        // Nested content: a full-width row under the row's columns.
        let mut d = String::new();
        for (name, value) in row.attrs.iter().filter(|a| !cols.own_attrs.contains(&a.0)) {
            write_kv(schema, row, name, value, &mut d);
        }
        let children = &row.children;
        let mut i = 0;
        while let Some(n) = children.get(i) {
            let run = children.get(i..).map(|r| r.iter().take_while(|m| m.local == n.local).count()).unwrap_or(1).max(1);
            let repeated = children.iter().filter(|m| m.local == n.local).count() > 1;
            if repeated || !cols.covered.contains(&n.local) {
                write_group(schema, children.get(i..i + run).unwrap_or(&[]), &mut d);
            }
            i += run;
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

/// Consecutive elements of one name: a small table (labels once, one row
/// per element) when they have attributes only, else one block each.
fn write_group(schema: &SchemaView, run: &[RowNode], h: &mut String) {
    let Some(first) = run.first() else { return };
    let leaf = run.iter().all(|n| n.children.is_empty() && n.text.trim().is_empty() && !n.attrs.is_empty());
    if !leaf {
        for n in run {
            write_sub(schema, n, h);
        }
        return;
    }
    let names: Vec<&str> = schema.attributes(first.decl).into_iter().map(|a| a.0).filter(|a| run.iter().any(|n| n.attrs.iter().any(|x| x.0 == *a))).collect();
    let names: Vec<String> = if names.is_empty() { first.attrs.iter().map(|a| a.0.clone()).collect() } else { names.into_iter().map(str::to_string).collect() };
    h.push_str("<table class=\"podpis-r-sub-t\"><caption>");
    escape_html(&schema.element_label(first.decl, &first.local), h);
    h.push_str("</caption><tr>");
    for a in &names {
        h.push_str("<th>");
        escape_html(&schema.attribute(first.decl, a).0, h);
        h.push_str("</th>");
    }
    h.push_str("</tr>");
    for n in run {
        h.push_str(if n.is_bad() { "<tr class=\"podpis-r-bad\">" } else { "<tr>" });
        for a in &names {
            h.push_str(if n.attr_bad(a) { "<td class=\"podpis-r-bad\">" } else { "<td>" });
            if let Some((_, v)) = n.attrs.iter().find(|x| &x.0 == a) {
                write_value(schema, schema.attribute(n.decl, a).1, v, h);
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");
}

fn write_kv(schema: &SchemaView, owner: &RowNode, name: &str, value: &str, h: &mut String) {
    let (label, ty) = schema.attribute(owner.decl, name);
    h.push_str(if owner.attr_bad(name) { "<span class=\"podpis-r-kv podpis-r-bad\">" } else { "<span class=\"podpis-r-kv\">" });
    h.push_str("<span class=\"podpis-r-k\">");
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
        h.push_str("<span class=\"podpis-r-k\">");
        escape_html(&label, h);
        h.push_str("</span> <span class=\"podpis-r-v\">");
        write_value(schema, schema.text_type(n.decl), &n.text, h);
        h.push_str("</span></span> ");
        return;
    }
    h.push_str(if n.is_bad() { "<div class=\"podpis-r-sub podpis-r-bad\">" } else { "<div class=\"podpis-r-sub\">" });
    // A mere wrapper of one run of elements (СвВыпл of СвВыплМК): their own
    // label says it.
    let first = n.children.first().map(|c| c.local.as_str());
    let wrapper = n.attrs.is_empty() && n.children.iter().all(|c| Some(c.local.as_str()) == first);
    if !wrapper {
        h.push_str("<span class=\"podpis-r-sub-h\">");
        escape_html(&label, h);
        h.push_str("</span> ");
    }
    for (name, value) in &n.attrs {
        write_kv(schema, n, name, value, h);
    }
    let mut i = 0;
    while let Some(c) = n.children.get(i) {
        let run = n.children.get(i..).map(|r| r.iter().take_while(|m| m.local == c.local).count()).unwrap_or(1).max(1);
        write_group(schema, n.children.get(i..i + run).unwrap_or(&[]), h);
        i += run;
    }
    h.push_str("</div>");
}
