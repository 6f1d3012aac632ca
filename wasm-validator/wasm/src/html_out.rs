//! Chunked HTML output for progressive rendering.
//!
//! A rendering is produced in chunks; each chunk is a list of [`Segment`]s,
//! HTML fragments to insert (`insertAdjacentHTML("beforeend")`) into an
//! existing container: the render root, or a section / table body opened by
//! an earlier chunk (found by its `id`). Containers still open at the end of
//! a chunk are closed in its HTML and continued by the next chunk's segments.

/// One HTML fragment and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `id` of the container to append to; `None` = the render root.
    pub target: Option<String>,
    /// The HTML.
    pub html: String,
}

struct OpenContainer {
    id: String,
    close: &'static str,
    /// Opened in the chunk being written (its start tag is in `cur`).
    here: bool,
}

/// Writes HTML into segments, tracking open containers across chunks.
#[derive(Default)]
pub struct HtmlOut {
    segments: Vec<Segment>,
    cur: String,
    target: Option<String>,
    open: Vec<OpenContainer>,
}

impl HtmlOut {
    /// Appends raw HTML to the current position.
    pub fn push(&mut self, html: &str) {
        self.cur.push_str(html);
    }

    /// The buffer to write into directly.
    pub fn buf(&mut self) -> &mut String {
        &mut self.cur
    }

    /// Opens a container: `start` must be HTML whose innermost open element
    /// carries `id`; `close` closes everything `start` opened.
    pub fn open(&mut self, id: String, start: &str, close: &'static str) {
        self.cur.push_str(start);
        self.open.push(OpenContainer { id, close, here: true });
    }

    /// Closes the innermost container.
    pub fn close(&mut self) {
        let Some(c) = self.open.pop() else { return };
        if c.here {
            self.cur.push_str(c.close);
        } else {
            // Opened by an earlier chunk: what follows goes into its parent.
            self.flush_segment();
            self.target = self.open.last().map(|p| p.id.clone());
        }
    }

    /// Number of open containers.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    fn flush_segment(&mut self) {
        if !self.cur.is_empty() {
            let html = std::mem::take(&mut self.cur);
            self.segments.push(Segment { target: self.target.clone(), html });
        }
    }

    /// Ends the chunk: closes (in HTML only) the containers it opened and
    /// returns its segments; the next chunk continues in the innermost one.
    pub fn end_chunk(&mut self) -> Vec<Segment> {
        for c in self.open.iter().rev().filter(|c| c.here) {
            self.cur.push_str(c.close);
        }
        self.flush_segment();
        for c in &mut self.open {
            c.here = false;
        }
        self.target = self.open.last().map(|c| c.id.clone());
        std::mem::take(&mut self.segments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_continue_across_chunks() {
        let mut o = HtmlOut::default();
        o.push("<h1>T</h1>");
        o.open("a".into(), "<section id=\"a\">", "</section>");
        o.push("x");
        o.open("b".into(), "<div><p id=\"b\">", "</p></div>");
        o.push("y");
        let first = o.end_chunk();
        assert_eq!(first, vec![Segment { target: None, html: "<h1>T</h1><section id=\"a\">x<div><p id=\"b\">y</p></div></section>".into() }]);
        o.push("z");
        o.close(); // b, opened earlier
        o.push("w");
        o.open("c".into(), "<i id=\"c\">", "</i>");
        o.push("v");
        o.close(); // c, opened here
        o.close(); // a, opened earlier
        o.push("end");
        let second = o.end_chunk();
        assert_eq!(
            second,
            vec![
                Segment { target: Some("b".into()), html: "z".into() },
                Segment { target: Some("a".into()), html: "w<i id=\"c\">v</i>".into() },
                Segment { target: None, html: "end".into() },
            ]
        );
        assert_eq!(o.depth(), 0);
    }
}
