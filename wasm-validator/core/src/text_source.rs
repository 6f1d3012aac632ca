//! A document as a stream of UTF-8 text: the declared encoding is detected from
//! the first bytes, the input is decoded in chunks (windows-1251 through a
//! lookup table, UTF-8 validated, UTF-16 by `utf16`) and handed to the
//! XML parser as a [`std::io::BufRead`], so neither the raw bytes nor the
//! decoded text are ever held whole. The source also converts stream offsets
//! into 1-based line/column positions in characters of the original file.

use std::io::{BufRead, Read};

use crate::utf16::{encoding_for_label, LabelledEncoding, Utf16Decoder};
use crate::xml_reader::{DeclaredEncoding, Position, XmlError};

/// Raw bytes read from the input per refill.
const CHUNK: usize = 64 * 1024;

/// Largest single tag or text node accepted (the parser buffers one event).
pub const MAX_EVENT_BYTES: usize = 256 * 1024 * 1024;

/// How the raw bytes turn into UTF-8.
enum Codec {
    /// Already UTF-8 text (a `&str`): copied as is.
    Trusted,
    /// UTF-8 bytes, validated across chunk boundaries.
    Utf8,
    /// windows-1251 by table.
    Cp1251,
    /// UTF-16 (LE/BE).
    Utf16(Utf16Decoder),
}

/// UTF-8 encoding of every windows-1251 byte (WHATWG mapping): up to three bytes,
/// with the length in the last slot.
static CP1251: [[u8; 4]; 256] = build_cp1251_table();

const fn build_cp1251_table() -> [[u8; 4]; 256] {
    // Code points of 0x80..=0xFF per the WHATWG windows-1251 index.
    const CP: [u16; 128] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0098, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ];
    let mut t = [[0u8; 4]; 256];
    let mut i = 0;
    while i < 256 {
        let c = if i < 128 { i as u32 } else { CP[i - 128] as u32 };
        t[i] = if c < 0x80 {
            [c as u8, 0, 0, 1]
        } else if c < 0x800 {
            [0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8, 0, 2]
        } else {
            [0xE0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3F) as u8, 0x80 | (c & 0x3F) as u8, 3]
        };
        i += 1;
    }
    t
}

/// [`CP1251`] packed little-endian: the UTF-8 bytes, the length in the top byte.
static CP1251_PACKED: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = u32::from_le_bytes(CP1251[i]);
        i += 1;
    }
    t
};

/// Appends the UTF-8 form of windows-1251 `src` to `out`.
pub fn decode_cp1251_into(src: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    // Every byte writes a 4-byte group and advances by its UTF-8 length (≤ 3).
    out.reserve(src.len() * 3 + 4);
    // SAFETY: start ≤ len ≤ capacity (Vec::as_mut_ptr covers the whole allocation).
    let base = unsafe { out.as_mut_ptr().add(start) };
    let mut j = 0usize;
    for &b in src {
        let e = CP1251_PACKED[b as usize];
        // SAFETY: j ≤ 3 × (bytes done) and the capacity is ≥ start + 3 × len + 4,
        // so the 4-byte write stays inside the allocation.
        unsafe { std::ptr::write_unaligned(base.add(j).cast::<u32>(), e) };
        j += (e >> 24) as usize;
    }
    // SAFETY: the first j bytes after `start` were all written above.
    unsafe { out.set_len(start + j) };
}

/// Reads the `encoding="…"` pseudo-attribute of an XML declaration, if any.
pub(crate) fn declared_encoding_label(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.iter().take(512).position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&bytes[..end]).ok()?;
    let idx = decl.find("encoding")?;
    let rest = decl[idx + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    let close = rest.find(quote)?;
    Some(rest[..close].trim().to_string())
}

/// A decoded UTF-8 view of a document, read chunk by chunk (see the module docs).
pub struct TextSource<R> {
    input: R,
    codec: Codec,
    encoding: DeclaredEncoding,
    /// Raw bytes not decoded yet (`raw[raw_pos..raw_end]`); the buffer
    /// keeps its length between reads (zeroed once, not per chunk).
    raw: Vec<u8>,
    raw_pos: usize,
    raw_end: usize,
    input_done: bool,
    finished: bool,
    /// Decoded bytes; `out[0]` is at stream offset `out_base`.
    out: Vec<u8>,
    out_base: u64,
    /// BufRead position in `out`.
    consumed: usize,
    /// Line/column tracking.
    tracker: Tracker,
    /// Whether the first non-blank character has been checked to be `<`.
    started: bool,
    error: Option<XmlError>,
}

impl<'a> TextSource<&'a [u8]> {
    /// Text that is already decoded (the declaration inside is not re-applied);
    /// `encoding` is what the document declared.
    pub fn from_text(text: &'a str, encoding: DeclaredEncoding) -> Self {
        TextSource::with(text.as_bytes(), Codec::Trusted, encoding, Vec::new())
    }
}

impl<R: Read> TextSource<R> {
    fn with(input: R, codec: Codec, encoding: DeclaredEncoding, head: Vec<u8>) -> Self {
        TextSource {
            input,
            codec,
            encoding,
            raw_end: head.len(),
            raw: head,
            raw_pos: 0,
            input_done: false,
            finished: false,
            out: Vec::new(),
            out_base: 0,
            consumed: 0,
            tracker: Tracker::new(),
            started: false,
            error: None,
        }
    }

    /// Detects the encoding from the byte-order mark or the XML declaration.
    pub fn open(mut input: R) -> Result<Self, XmlError> {
        let io = |e: std::io::Error| XmlError::NotXml(format!("read error: {e}"));
        let mut head = vec![0u8; 1024];
        let mut n = 0;
        while n < head.len() {
            let k = input.read(&mut head[n..]).map_err(io)?;
            if k == 0 {
                break;
            }
            n += k;
        }
        head.truncate(n);
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            let big_endian = head[0] == 0xFE;
            head.drain(..2);
            let codec = Codec::Utf16(Utf16Decoder::new(big_endian));
            return Ok(TextSource::with(input, codec, DeclaredEncoding::Utf16, head));
        }
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            head.drain(..3);
        }
        check_head(&head)?;
        let encoding = match declared_encoding_label(&head) {
            None => DeclaredEncoding::Utf8,
            Some(l) => match encoding_for_label(&l) {
                Some(LabelledEncoding::Utf8) => DeclaredEncoding::Utf8,
                Some(LabelledEncoding::Windows1251) => DeclaredEncoding::Windows1251,
                None => return Err(XmlError::UnsupportedEncoding(l)),
            },
        };
        let codec = if encoding == DeclaredEncoding::Windows1251 { Codec::Cp1251 } else { Codec::Utf8 };
        Ok(TextSource::with(input, codec, encoding, head))
    }

    /// The underlying reader (positioned wherever reading stopped).
    pub fn into_inner(self) -> R {
        self.input
    }

    /// The encoding the document declared.
    pub fn encoding(&self) -> DeclaredEncoding {
        self.encoding
    }

    /// The error that stopped decoding, if any (the parser only sees an I/O error).
    pub fn take_error(&mut self) -> Option<XmlError> {
        self.error.take()
    }

    /// The first `n` decoded bytes (fewer for short documents), cut at a character
    /// boundary; must be called before reading starts.
    pub fn head(&mut self, n: usize) -> Result<&str, XmlError> {
        while self.out.len() < n && !self.finished {
            self.fill()?;
        }
        let end = self.out.len().min(n);
        let s = match std::str::from_utf8(&self.out[..end]) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&self.out[..e.valid_up_to()]).unwrap_or(""),
        };
        Ok(s)
    }

    /// Line/column of stream offset `off` (offsets must not go backwards; bytes
    /// before the last asked offset are released).
    pub fn position(&mut self, off: u64) -> Position {
        self.tracker.position(&self.out, self.out_base, off)
    }

    /// The decoded text not consumed yet, its stream offset, and the position
    /// tracker (for the parser: slices of the window stay borrowed while
    /// positions inside it are computed). The window is always valid UTF-8
    /// ending at a character boundary.
    pub(crate) fn window(&mut self) -> (&[u8], u64, PositionOf<'_>) {
        let base = self.out_base + self.consumed as u64;
        (&self.out[self.consumed..], base, PositionOf { out: &self.out, out_base: self.out_base, tracker: &mut self.tracker })
    }

    /// Marks `n` bytes of the window as parsed.
    pub(crate) fn advance(&mut self, n: usize) {
        self.consumed = (self.consumed + n).min(self.out.len());
    }

    /// Decodes more text, at least as much as the window already holds (so
    /// rescanning an incomplete event stays linear); false at the end of input.
    pub(crate) fn more(&mut self) -> Result<bool, XmlError> {
        let keep_from = ((self.tracker.settle(&self.out, self.out_base) - self.out_base) as usize).min(self.consumed);
        if self.out.len() - self.consumed > MAX_EVENT_BYTES {
            return Err(self.fail(XmlError::Malformed {
                line: self.tracker.line,
                message: format!("a single tag or text node is larger than {} MiB", MAX_EVENT_BYTES >> 20),
            }));
        }
        if keep_from > 0 && keep_from * 2 >= self.out.len() {
            self.out.drain(..keep_from);
            self.out_base += keep_from as u64;
            self.consumed -= keep_from;
        }
        let want = self.out.len() + (self.out.len() - self.consumed).max(1);
        let mut grew = false;
        while self.out.len() < want && self.fill()? {
            grew = true;
        }
        Ok(grew)
    }

    /// Stream offset of the end of the decoded text read so far.
    pub fn decoded_len(&self) -> u64 {
        self.out_base + self.out.len() as u64
    }

    /// Decodes the next chunk into `out`; returns false at the end.
    fn fill(&mut self) -> Result<bool, XmlError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        while !self.finished {
            if !self.input_done && self.raw_end - self.raw_pos < 4 {
                self.raw.copy_within(self.raw_pos..self.raw_end, 0);
                let old = self.raw_end - self.raw_pos;
                self.raw_pos = 0;
                self.raw_end = old;
                if self.raw.len() < old + CHUNK {
                    self.raw.resize(old + CHUNK, 0);
                }
                let k = loop {
                    match self.input.read(&mut self.raw[old..old + CHUNK]) {
                        Ok(k) => break k.min(CHUNK),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(self.fail(XmlError::NotXml(format!("read error: {e}")))),
                    }
                };
                self.raw_end = old + k;
                if k == 0 {
                    self.input_done = true;
                }
            }
            let start = self.out.len();
            let last = self.input_done;
            let src = &self.raw[self.raw_pos..self.raw_end];
            match &mut self.codec {
                Codec::Trusted => {
                    self.out.extend_from_slice(src);
                    self.raw_pos = self.raw_end;
                }
                Codec::Cp1251 => {
                    decode_cp1251_into(src, &mut self.out);
                    self.raw_pos = self.raw_end;
                }
                Codec::Utf8 => {
                    let valid = match std::str::from_utf8(src) {
                        Ok(_) => src.len(),
                        Err(e) if e.error_len().is_none() && !last => e.valid_up_to(),
                        Err(e) => {
                            self.out.extend_from_slice(&src[..e.valid_up_to()]);
                            let line = self.line_at_end();
                            return Err(self.fail(XmlError::InvalidBytes { encoding: "UTF-8", line }));
                        }
                    };
                    self.out.extend_from_slice(&src[..valid]);
                    self.raw_pos += valid;
                }
                Codec::Utf16(dec) => {
                    let res = dec.decode(src, &mut self.out, last);
                    self.raw_pos += src.len();
                    if res.is_err() {
                        let line = self.line_at_end();
                        return Err(self.fail(XmlError::InvalidBytes { encoding: "UTF-16", line }));
                    }
                }
            }
            if self.input_done && self.raw_pos >= self.raw_end {
                self.finished = true;
            }
            if self.out.len() > start {
                self.check_new(start)?;
                return Ok(true);
            }
        }
        if !self.started {
            return Err(self.fail(XmlError::NotXml("the file is empty".into())));
        }
        Ok(false)
    }

    /// Checks freshly decoded bytes `out[start..]`: the first non-blank character
    /// must be `<`, and there must be no NUL characters (binary data).
    fn check_new(&mut self, start: usize) -> Result<(), XmlError> {
        if !self.started {
            let first = self.out[start..].iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
            if let Some(i) = first {
                self.started = true;
                if self.out[start + i] != b'<' {
                    return Err(self.fail(XmlError::NotXml("it does not start with '<' (binary or text file?)".into())));
                }
            }
        }
        if let Some(p) = memchr::memchr(0, &self.out[start..]) {
            let line = self.line_before(start + p);
            return Err(self.fail(XmlError::NotXml(format!("NUL byte at line {line} (binary data)"))));
        }
        Ok(())
    }

    fn line_before(&self, idx: usize) -> u32 {
        let from = ((self.tracker.nl_off - self.out_base) as usize).min(idx);
        self.tracker.line + memchr::memchr_iter(b'\n', &self.out[from..idx]).count() as u32
    }

    fn line_at_end(&self) -> u32 {
        self.line_before(self.out.len())
    }

    fn fail(&mut self, e: XmlError) -> XmlError {
        self.error = Some(e.clone());
        e
    }
}

/// Line/column bookkeeping. Line feeds are counted up to `nl_off`; the column
/// is known at `col_off` (on the current line) and counted forward only when a
/// position is asked for. Stretches the parser has already seen to be free of
/// line feeds (most start and end tags) are skipped without looking at them.
struct Tracker {
    /// Every line feed before this stream offset has been counted.
    nl_off: u64,
    /// The line at `nl_off`.
    line: u32,
    /// A stream offset on the current line whose column is known: there is no
    /// line feed in `col_off..nl_off` and `col_off <= nl_off`.
    col_off: u64,
    /// The column at `col_off`.
    col: u32,
}

impl Tracker {
    fn new() -> Tracker {
        Tracker { nl_off: 0, line: 1, col_off: 0, col: 1 }
    }

    /// Counts the line feeds up to stream offset `to` (> `nl_off`).
    fn lines(&mut self, out: &[u8], out_base: u64, to: u64) {
        let seg = &out[(self.nl_off - out_base) as usize..(to - out_base) as usize];
        if let Some((count, last)) = line_feeds(seg) {
            self.line = self.line.wrapping_add(count);
            self.col_off = self.nl_off + last as u64 + 1;
            self.col = 1;
        }
        self.nl_off = to;
    }

    /// Line/column of stream offset `off` (offsets asked for must not go
    /// backwards; an earlier one gets the last answer).
    fn position(&mut self, out: &[u8], out_base: u64, off: u64) -> Position {
        let off = off.min(out_base + out.len() as u64);
        if off > self.nl_off {
            self.lines(out, out_base, off);
        }
        if off > self.col_off {
            let seg = &out[(self.col_off - out_base) as usize..(off - out_base) as usize];
            self.col = self.col.wrapping_add(chars(seg));
            self.col_off = off;
        }
        Position { line: self.line, column: self.col }
    }

    /// The parser saw `from..to` and found no line feed in it.
    fn flat(&mut self, out: &[u8], out_base: u64, from: u64, to: u64) {
        let to = to.min(out_base + out.len() as u64);
        if from > self.nl_off && from <= to {
            self.lines(out, out_base, from);
        }
        if from <= self.nl_off && to > self.nl_off {
            self.nl_off = to;
        }
    }

    /// Makes the column known at `nl_off`, so that nothing before it is needed
    /// any more; returns that offset.
    fn settle(&mut self, out: &[u8], out_base: u64) -> u64 {
        let nl_off = self.nl_off;
        self.position(out, out_base, nl_off);
        self.col_off
    }
}

/// The number of line feeds in `seg` and the index of the last one, if any.
fn line_feeds(seg: &[u8]) -> Option<(u32, usize)> {
    if seg.len() <= 32 {
        // The usual stretch between two tags: a line end and some indentation.
        let mut count = 0u32;
        let mut last = 0;
        for (i, &b) in seg.iter().enumerate() {
            if b == b'\n' {
                count += 1;
                last = i;
            }
        }
        return (count > 0).then_some((count, last));
    }
    let last = memchr::memrchr(b'\n', seg)?;
    Some((1 + memchr::memchr_iter(b'\n', &seg[..last]).count() as u32, last))
}

/// Line and column after `seg`, starting at `line`/`column` (columns count
/// characters: bytes that are not UTF-8 continuation bytes).
pub(crate) fn advance(line: u32, column: u32, seg: &[u8]) -> (u32, u32) {
    match line_feeds(seg) {
        None => (line, column.wrapping_add(chars(seg))),
        Some((count, last)) => (line.wrapping_add(count), 1u32.wrapping_add(chars(&seg[last + 1..]))),
    }
}

/// Number of characters in UTF-8 `seg` (its bytes that are not continuation
/// bytes), eight bytes at a time.
fn chars(seg: &[u8]) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut cont = 0u64;
    let mut words = seg.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // Continuation bytes (10xxxxxx) summed by a multiply (no popcount needed).
        cont += ((x & !(x << 1) & HIGH) >> 7).wrapping_mul(ONES) >> 56;
    }
    for &b in words.remainder() {
        cont += u64::from(b & 0xC0 == 0x80);
    }
    (seg.len() as u64 - cont) as u32
}

/// Computes positions inside the window handed out by [`TextSource::window`].
pub(crate) struct PositionOf<'s> {
    out: &'s [u8],
    out_base: u64,
    tracker: &'s mut Tracker,
}

impl PositionOf<'_> {
    /// Line/column of stream offset `off` (offsets must not go backwards).
    pub(crate) fn at(&mut self, off: u64) -> Position {
        self.tracker.position(self.out, self.out_base, off)
    }

    /// The parser found no line feed in stream offsets `from..to`: positions
    /// after it are computed without reading it again.
    pub(crate) fn flat(&mut self, from: u64, to: u64) {
        self.tracker.flat(self.out, self.out_base, from, to)
    }
}

/// The raw head of a non-UTF-16 document must look like XML: not blank, starting
/// with `<`, no NUL bytes.
fn check_head(head: &[u8]) -> Result<(), XmlError> {
    match head.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
        None => Err(XmlError::NotXml("the file is empty".into())),
        Some(i) if head[i] != b'<' => Err(XmlError::NotXml("it does not start with '<' (binary or text file?)".into())),
        Some(_) => match memchr::memchr(0, head) {
            Some(p) => {
                let line = 1 + memchr::memchr_iter(b'\n', &head[..p]).count();
                Err(XmlError::NotXml(format!("NUL byte at line {line} (binary data)")))
            }
            None => Ok(()),
        },
    }
}

impl<R: Read> Read for TextSource<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for TextSource<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.consumed >= self.out.len() {
            // Release what is both consumed and already counted for positions.
            let keep_from = ((self.tracker.settle(&self.out, self.out_base) - self.out_base) as usize).min(self.consumed);
            if self.consumed - keep_from > MAX_EVENT_BYTES {
                let e = self.fail(XmlError::Malformed {
                    line: self.tracker.line,
                    message: format!("a single tag or text node is larger than {} MiB", MAX_EVENT_BYTES >> 20),
                });
                return Err(std::io::Error::other(e.to_string()));
            }
            if keep_from > 0 {
                self.out.drain(..keep_from);
                self.out_base += keep_from as u64;
                self.consumed -= keep_from;
            }
            match self.fill() {
                Ok(_) => {}
                Err(e) => return Err(std::io::Error::other(e.to_string())),
            }
        }
        Ok(&self.out[self.consumed..])
    }

    fn consume(&mut self, amt: usize) {
        self.consumed = (self.consumed + amt).min(self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: one table entry per byte.
    fn decode_cp1251_bytewise(src: &[u8], out: &mut Vec<u8>) {
        let start = out.len();
        out.resize(start + src.len() * 3 + 4, 0);
        let o = &mut out[start..];
        let mut j = 0;
        for &b in src {
            let e = CP1251[b as usize];
            if let Some(dst) = o.get_mut(j..j + 4) {
                dst.copy_from_slice(&e);
            }
            j += e[3] as usize;
        }
        out.truncate(start + j);
    }

    #[test]
    fn cp1251_fast_path_equals_bytewise_decoding() {
        let mut seed = 0x2545F4914F6CDD1Du64;
        for len in [0usize, 1, 7, 8, 9, 63, 64, 1000] {
            for ascii_bias in [0u64, 2, 8, 10] {
                let src: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        if seed % 10 < ascii_bias { (seed >> 8) as u8 & 0x7F } else { (seed >> 8) as u8 }
                    })
                    .collect();
                let (mut fast, mut slow) = (b"x".to_vec(), b"x".to_vec());
                decode_cp1251_into(&src, &mut fast);
                decode_cp1251_bytewise(&src, &mut slow);
                assert_eq!(fast, slow);
            }
        }
    }
}
