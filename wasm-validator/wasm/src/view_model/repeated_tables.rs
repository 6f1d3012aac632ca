//! Tables of repeated elements: consecutive occurrences of a repeatable
//! element are the rows of one table; the first [`INLINE_ROWS`] are written
//! into the document, later ones are collected into blocks of
//! [`BLOCK_ROWS`] rendered on demand (`crate::row_blocks`).

use std::rc::Rc;

use super::{Frame, FrameKind, ReportView};
use crate::row_blocks::{block_rows, BlockTable, RowBlock, RowBlocks, BLOCK_ROWS, INLINE_ROWS};
use crate::row_view::{RowContext, RowNode, TableColumns};
use crate::value_format::escape_html;

/// A table of repeated elements being written.
pub(super) struct TableState {
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

impl ReportView {
    /// Makes sure the table for repeated `local` is the open container.
    pub(super) fn ensure_table(&mut self, local: &str, decl: Option<u32>) {
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

    /// Closes the table open in the innermost section, if any.
    pub(super) fn close_table(&mut self) {
        if let Some(Frame { kind: FrameKind::Section { table, .. }, .. }) = self.stack.last_mut() {
            if table.take().is_some() {
                self.end_table();
            }
        }
    }

    /// Closes the innermost table: its direct rows, its last block, itself.
    pub(super) fn end_table(&mut self) {
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
    pub(super) fn write_row(&mut self, root: RowNode, range: (usize, usize, u32)) {
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
}
