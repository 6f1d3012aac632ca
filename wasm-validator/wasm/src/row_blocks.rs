//! Blocks of table rows rendered on demand.
//!
//! A table of many repeated elements keeps its first rows in the document
//! (the first screen) and puts the rest, [`BLOCK_ROWS`] at a time, into
//! blocks: while the document is read, a block only records where its rows
//! are in the source text and which findings they took; its HTML is made
//! when the block scrolls into view (or for printing) by reading that slice
//! of the source again ([`block_rows`]). So the whole document is navigable
//! after one fast reading pass, and the page holds the rows near the
//! viewport only.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use std::rc::Rc;

use crate::findings_index::FindingIndex;
use crate::row_view::{RowBuilder, RowNode, TableColumns};
use crate::schema_view::SchemaView;

/// Rows of a table written directly into the document; later rows go to blocks.
pub const INLINE_ROWS: u32 = 100;
/// Rows per block.
pub const BLOCK_ROWS: u32 = 50;
/// Height of a row not yet measured (CSS pixels).
pub const ROW_HEIGHT_GUESS: f64 = 28.0;

/// A table whose later rows are in blocks.
#[derive(Debug, Clone)]
pub struct BlockTable {
    /// Local name of the repeated element.
    pub local: String,
    /// Its declaration.
    pub decl: Option<u32>,
    /// Path of the element containing the rows.
    pub parent_path: String,
    /// Number of table columns (with the row number).
    pub width: usize,
    /// `id` of the `<tbody>` of the rows written directly.
    pub inline_id: String,
    /// Its columns.
    pub cols: Rc<TableColumns>,
}

/// A run of consecutive rows of one table, rendered on demand.
#[derive(Debug, Clone)]
pub struct RowBlock {
    /// Index of its table in [`RowBlocks::tables`].
    pub table: usize,
    /// Byte range of its rows in the (decoded) source text.
    pub start: usize,
    /// End of the byte range (after the last row's end tag).
    pub end: usize,
    /// Source line where the range starts.
    pub line: u32,
    /// 1-based number of its first row in the table.
    pub first_row: u32,
    /// Number of rows.
    pub rows: u32,
    /// Findings its rows took while the document was read.
    pub findings: Vec<usize>,
}

/// All blocks of a rendering.
#[derive(Debug, Default)]
pub struct RowBlocks {
    /// Tables with blocks.
    pub tables: Vec<BlockTable>,
    /// Blocks in document order.
    pub blocks: Vec<RowBlock>,
}

impl RowBlocks {
    /// The block whose rows show finding `index`.
    pub fn of_finding(&self, index: usize) -> Option<usize> {
        self.blocks.iter().position(|b| b.findings.contains(&index))
    }

    /// The `id` of block `i`'s `<tbody>`.
    pub fn id(prefix: &str, i: usize) -> String {
        format!("{prefix}-b{i}")
    }
}

/// The placeholder row of a block not rendered: one cell as high as its
/// rows (`height` when measured, else guessed).
pub fn gap_row(width: usize, rows: u32, height: Option<f64>) -> String {
    let h = height.unwrap_or(rows as f64 * ROW_HEIGHT_GUESS).max(1.0);
    format!("<tr class=\"podpis-r-gap-row\"><td colspan=\"{width}\" style=\"height:{h:.0}px\"></td></tr>")
}

/// The local name and attributes `(local name, value)` of a start tag,
/// without namespace declarations and `xsi:` attributes.
pub fn read_start(s: &BytesStart<'_>) -> (String, Vec<(String, String)>) {
    let qname = s.name().0.to_string();
    let local = qname.rsplit(':').next().unwrap_or(&qname).to_string();
    let attrs = s
        .attributes()
        .flatten()
        .filter_map(|a| {
            let key = a.key.0.to_string();
            if key == "xmlns" || key.starts_with("xmlns:") || key.starts_with("xsi:") {
                return None;
            }
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.into_owned();
            Some((key.rsplit(':').next().unwrap_or(&key).to_string(), value))
        })
        .collect();
    (local, attrs)
}

/// Reads the rows of a block from its slice of the source text, attaching
/// the findings of `findings` (the block's own) exactly as the first reading
/// did: by path and line.
pub fn block_rows(text: &str, block: &RowBlock, table: &BlockTable, schema: &mut SchemaView, findings: &mut FindingIndex) -> Vec<RowNode> {
    let slice = text.get(block.start..block.end).unwrap_or("");
    let mut reader = Reader::from_str(slice);
    reader.config_mut().check_end_names = false;
    let mut line = block.line;
    let mut rows = Vec::new();
    let mut builder: Option<RowBuilder> = None;
    let row_path = format!("{}/{}", table.parent_path, table.local);
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event();
        let after = reader.buffer_position() as usize;
        let start_line = line;
        line += slice.get(before..after).unwrap_or("").bytes().filter(|b| *b == b'\n').count() as u32;
        let (s, empty) = match &event {
            Ok(Event::Start(s)) => (Some(s), false),
            Ok(Event::Empty(s)) => (Some(s), true),
            _ => (None, false),
        };
        if let Some(s) = s {
            let (local, attrs) = read_start(s);
            match builder.as_mut() {
                Some(b) if b.is_open() => {
                    let path = format!("{}/{}", b.current_path(), local);
                    let decl = b.current_decl().and_then(|d| schema.child(d, &local)).map(|c| c.0);
                    let found = findings.take_at_start(&path, start_line, line);
                    b.start(RowNode::new(local, decl, attrs, start_line, found, path));
                }
                _ => {
                    let found = findings.take_at_start(&row_path, start_line, line);
                    builder = Some(RowBuilder::new(RowNode::new(local, table.decl, attrs, start_line, found, row_path.clone())));
                }
            }
            if !empty {
                continue;
            }
        }
        match event {
            Ok(Event::Start(_) | Event::Empty(_) | Event::End(_)) => {
                let Some(b) = builder.as_mut() else { continue };
                if let Some((path, from)) = b.current().map(|n| (n.path.clone(), n.line)) {
                    let late = findings.take_within(&path, from, line);
                    b.add_findings(late);
                }
                b.end();
                if !b.is_open() {
                    if let Some(b) = builder.take() {
                        rows.push(b.into_root());
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(b) = builder.as_mut() {
                    b.text(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(b) = builder.as_mut() {
                    b.text(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.is_char_ref() {
                    true => r.resolve_char_ref().ok().flatten().map(String::from),
                    false => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(str::to_string),
                };
                if let (Some(b), Some(s)) = (builder.as_mut(), resolved) {
                    b.text(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    rows
}
