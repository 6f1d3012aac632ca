//! The window of table rows in the page: blocks of rows (see
//! [`crate::row_blocks`]) are placeholders of their height until they come
//! near the viewport (an `IntersectionObserver`, which also works in a frame
//! sized to its content), then rendered; when more than [`MAX_LIVE`] blocks
//! are rendered, those out of view longest become placeholders again, of
//! their measured height, so the scrollbar stays honest and the page holds
//! a bounded number of rows. Jumping to a finding renders its block first;
//! printing renders every block.

use std::collections::HashMap;

use web_sys::{Document, Element, IntersectionObserver, ScrollIntoViewOptions, ScrollLogicalPosition};

use crate::row_blocks::{gap_row, RowBlocks, INLINE_ROWS};
use crate::view_model::ReportView;

/// At most this many blocks are rendered at a time (unless printing).
pub const MAX_LIVE: usize = 8;
/// Pre-render distance around the viewport (same-origin frames only).
pub const ROOT_MARGIN: &str = "800px 0px";

/// Class of the element a jump went to (and of its row).
pub const TARGET_CLASS: &str = "podpis-r-target";

/// Which blocks are in the page and which are visible.
pub struct RowWindow {
    doc: Option<Document>,
    prefix: String,
    observer: Option<IntersectionObserver>,
    observed: usize,
    rendered: Vec<bool>,
    visible: Vec<bool>,
    seen: Vec<u64>,
    tick: u64,
    row_height: HashMap<usize, f64>,
    printing: bool,
    marked: Vec<Element>,
}

impl RowWindow {
    /// A window over the blocks of a rendering into `root`.
    pub fn new(root: &Element, prefix: &str) -> RowWindow {
        RowWindow {
            doc: root.owner_document(),
            prefix: prefix.to_string(),
            observer: None,
            observed: 0,
            rendered: Vec::new(),
            visible: Vec::new(),
            seen: Vec::new(),
            tick: 0,
            row_height: HashMap::new(),
            printing: false,
            marked: Vec::new(),
        }
    }

    /// Uses `observer` for the blocks (their visibility comes to [`Self::seen`]).
    pub fn set_observer(&mut self, observer: IntersectionObserver) {
        self.observer = Some(observer);
    }

    /// Stops observing.
    pub fn disconnect(&mut self) {
        if let Some(o) = self.observer.take() {
            o.disconnect();
        }
    }

    fn element(&self, i: usize) -> Option<Element> {
        self.doc.as_ref()?.get_element_by_id(&RowBlocks::id(&self.prefix, i))
    }

    /// Number of blocks rendered now.
    pub fn live(&self) -> usize {
        self.rendered.iter().filter(|r| **r).count()
    }

    /// Takes up the blocks added to the page since the last call: sizes their
    /// placeholders from the measured height of the table's rows and
    /// observes them.
    pub fn adopt_new(&mut self, view: &ReportView) {
        let blocks = view.blocks();
        while self.observed < blocks.blocks.len() {
            let i = self.observed;
            self.observed += 1;
            self.rendered.push(false);
            self.visible.push(false);
            self.seen.push(0);
            let Some(b) = blocks.blocks.get(i) else { continue };
            let Some(el) = self.element(i) else { continue };
            let per_row = match self.row_height.get(&b.table) {
                Some(h) => Some(*h),
                None => {
                    let measured = blocks.tables.get(b.table).and_then(|t| self.doc.as_ref()?.get_element_by_id(&t.inline_id)).map(|e| e.get_bounding_client_rect().height() / INLINE_ROWS as f64).filter(|h| *h > 1.0);
                    if let Some(h) = measured {
                        self.row_height.insert(b.table, h);
                    }
                    measured
                }
            };
            if let (Some(h), Some(cell)) = (per_row, el.first_element_child().and_then(|tr| tr.first_element_child())) {
                let _ = cell.set_attribute("style", &format!("height:{:.0}px", h * b.rows as f64));
            }
            if let Some(o) = &self.observer {
                o.observe(&el);
            }
        }
    }

    /// Block `i` came into (or went out of) view.
    pub fn seen(&mut self, view: &mut ReportView, i: usize, visible: bool) {
        self.tick += 1;
        if let Some(v) = self.visible.get_mut(i) {
            *v = visible;
        }
        if !visible {
            return;
        }
        if let Some(s) = self.seen.get_mut(i) {
            *s = self.tick;
        }
        // The block and its neighbours in the same table (a frame across
        // origins gets no root margin: this is the look-ahead there).
        let table = view.blocks().blocks.get(i).map(|b| b.table);
        for j in [Some(i), i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
            if view.blocks().blocks.get(j).map(|b| b.table) == table {
                self.render(view, j);
            }
        }
    }

    /// Renders block `i` (if it is a placeholder).
    pub fn render(&mut self, view: &mut ReportView, i: usize) {
        if self.rendered.get(i).copied().unwrap_or(true) {
            return;
        }
        let Some(el) = self.element(i) else { return };
        let _ = crate::html_insert::replace_html(&el, &view.block_html(i));
        let _ = el.class_list().remove_1("podpis-r-gap");
        if let Some(r) = self.rendered.get_mut(i) {
            *r = true;
        }
        if let Some(s) = self.seen.get_mut(i) {
            *s = (*s).max(self.tick);
        }
    }

    /// Turns the blocks out of view longest back into placeholders until at
    /// most [`MAX_LIVE`] are rendered (not while printing).
    pub fn evict(&mut self, view: &ReportView) {
        if self.printing {
            return;
        }
        let live = self.live();
        if live <= MAX_LIVE {
            return;
        }
        let mut old: Vec<usize> = (0..self.rendered.len()).filter(|i| self.rendered.get(*i) == Some(&true) && self.visible.get(*i) != Some(&true)).collect();
        old.sort_by_key(|i| self.seen.get(*i).copied().unwrap_or(0));
        // Measure all first (one layout), then replace (no layout per block).
        let evicted: Vec<(usize, Element, f64)> = old
            .into_iter()
            .take(live - MAX_LIVE)
            .filter_map(|i| self.element(i).map(|el| {
                let h = el.get_bounding_client_rect().height();
                (i, el, h)
            }))
            .collect();
        for (i, el, height) in evicted {
            let Some(b) = view.blocks().blocks.get(i) else { continue };
            let width = view.blocks().tables.get(b.table).map(|t| t.width).unwrap_or(1);
            let _ = crate::html_insert::replace_html(&el, &gap_row(width, b.rows, Some(height)));
            let _ = el.class_list().add_1("podpis-r-gap");
            if let Some(r) = self.rendered.get_mut(i) {
                *r = false;
            }
        }
    }

    /// Renders every block (printing: until [`Self::end_print`]).
    pub fn render_all(&mut self, view: &mut ReportView, printing: bool) {
        self.printing |= printing;
        for i in 0..self.rendered.len() {
            self.render(view, i);
        }
    }

    /// Printing ended: back to a bounded window.
    pub fn end_print(&mut self, view: &ReportView) {
        self.printing = false;
        self.evict(view);
    }

    /// Shows the element with `id`: renders the block of finding `finding`
    /// if the element is not in the page, scrolls it to the middle of the
    /// view and marks it (and its table row). False if there is no such element.
    pub fn jump(&mut self, view: &mut ReportView, id: &str, finding: Option<usize>) -> bool {
        let Some(doc) = self.doc.clone() else { return false };
        if doc.get_element_by_id(id).is_none() {
            if let Some(b) = finding.and_then(|f| view.blocks().of_finding(f)) {
                self.tick += 1;
                if let Some(s) = self.seen.get_mut(b) {
                    *s = self.tick + 1_000_000;
                }
                self.render(view, b);
            }
        }
        let Some(el) = doc.get_element_by_id(id) else { return false };
        for m in self.marked.drain(..) {
            let _ = m.class_list().remove_1(TARGET_CLASS);
        }
        let mut marks = vec![el.clone()];
        // A finding under a table row: mark the row it belongs to.
        let mut row = el.closest("tr").ok().flatten();
        while let Some(r) = row.clone() {
            if r.class_list().contains("podpis-r-row") {
                break;
            }
            row = r.previous_element_sibling();
        }
        marks.extend(row);
        for m in &marks {
            let _ = m.class_list().add_1(TARGET_CLASS);
        }
        self.marked = marks;
        let opts = ScrollIntoViewOptions::new();
        opts.set_block(ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        true
    }
}
