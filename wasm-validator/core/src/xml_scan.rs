//! Low-level XML 1.0 scanning on decoded text: markup boundaries, start-tag
//! attributes, character and entity references, end-of-line and
//! attribute-value normalization. Works on byte slices of text that is known
//! to be valid UTF-8 (the [`crate::text_source::TextSource`] window): every
//! slice is cut next to an ASCII delimiter, so it is valid UTF-8 too and is
//! turned into `&str` without validating it again.

use std::borrow::Cow;

/// `b` as text. Callers only pass slices of valid UTF-8 cut at ASCII bytes.
pub(crate) fn text(b: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(b).is_ok());
    // SAFETY: the window of a TextSource is valid UTF-8 (decoded or validated
    // by it), and every slice handed here starts and ends next to an ASCII
    // delimiter, i.e. on a character boundary.
    unsafe { std::str::from_utf8_unchecked(b) }
}

/// XML white space.
pub(crate) fn is_space(b: u8) -> bool {
    CLASS[b as usize] == SPACE
}

const NAME: u8 = 0;
const SPACE: u8 = 1;
const DELIM: u8 = 2;
const COLON: u8 = 3;

/// Byte classes of names inside tags: name bytes, white space, and bytes that
/// end or break a name (markup characters).
static CLASS: [u8; 256] = {
    let mut t = [NAME; 256];
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    let delims = b"<>&\"'=/!?";
    let mut i = 0;
    while i < delims.len() {
        t[delims[i] as usize] = DELIM;
        i += 1;
    }
    t[b':' as usize] = COLON;
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `b` at `i` as a little-endian word, if there are eight.
#[inline]
fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let w = b.get(i..i + 8)?;
    Some(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]))
}

/// High bit set in the bytes of `x` below `n` (`n` ≤ 128). Only the lowest
/// set bit is exact (a borrow may flag bytes above a true one), which is all
/// the callers use.
#[inline]
fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
}

/// High bit set in the bytes of `x` equal to `c` (lowest set bit exact).
#[inline]
fn equal(x: u64, c: u8) -> u64 {
    below(x ^ (ONES * u64::from(c)), 1)
}

/// Byte index of the lowest flagged byte of a non-zero mask.
#[inline]
fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// Length of the name at the start of `b` and the index of its first colon.
/// Every byte from 0x40 up is a name byte (all delimiters, white space and
/// the colon are below), so words without a byte below 0x40 (Cyrillic and
/// Latin letters) are skipped eight bytes at a time.
fn name_scan(b: &[u8]) -> (usize, Option<usize>) {
    let mut colon = None;
    let mut i = 0;
    loop {
        if let Some(x) = word_at(b, i) {
            let m = below(x, 0x40);
            if m == 0 {
                i += 8;
                continue;
            }
            i += first(m);
        }
        let Some(&c) = b.get(i) else { return (b.len(), colon) };
        match CLASS[c as usize] {
            NAME => {}
            COLON => {
                colon.get_or_insert(i);
            }
            _ => return (i, colon),
        }
        i += 1;
    }
}

/// End of an attribute value in `b` (which starts right after the opening
/// quote): the index of the first `q` or `<`, and whether the bytes before it
/// may need normalization (a reference, or a tab/line feed/carriage return —
/// other control bytes also set the flag; [`attribute_value`] decides exactly).
fn value_end(b: &[u8], q: u8) -> Option<(usize, bool)> {
    let mut i = 0;
    let mut special = false;
    while let Some(x) = word_at(b, i) {
        let end = equal(x, q) | equal(x, b'<');
        let norm = below(x, 0x0E) | equal(x, b'&');
        if end != 0 {
            let k = first(end);
            // Flags below the end byte: a true one is among them if any is set.
            let low = (1u64 << (8 * k)).wrapping_sub(1);
            return Some((i + k, special || norm & low != 0));
        }
        special |= norm != 0;
        i += 8;
    }
    for (k, &c) in b[i..].iter().enumerate() {
        if c == q || c == b'<' {
            return Some((i + k, special));
        }
        special |= c < 0x0E || c == b'&';
    }
    None
}

/// May a name start with this byte?
fn name_start_ok(b: u8) -> bool {
    !(b.is_ascii_digit() || matches!(b, b'-' | b'.' | b':'))
}

/// Why a piece of markup could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ScanError {
    /// The window ends before the markup does: decode more and retry.
    Incomplete,
    /// Not well-formed: the message and the byte offset (in the window) it concerns.
    Bad(String, usize),
    /// A reference to an entity other than the five predefined ones.
    Undefined(String, usize),
}

/// Is `name` acceptable as an element or attribute name? (A light check: not
/// empty, no markup characters, not starting like a number.)
pub(crate) fn name_ok(name: &[u8]) -> bool {
    name.first().is_some_and(|&b| name_start_ok(b)) && name_scan(name).0 == name.len()
}

/// One raw attribute of a start tag: byte ranges in the window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawAttr {
    /// Start of the qualified name.
    pub name: usize,
    /// End of the qualified name.
    pub name_end: usize,
    /// Index of the prefix colon in the name, if any.
    pub colon: Option<usize>,
    /// Start of the (unnormalized) value.
    pub value: usize,
    /// End of the value.
    pub value_end: usize,
    /// The value holds no reference and no white space other than spaces: it
    /// is used as is (false may still need no change).
    pub plain: bool,
    /// Cheap fingerprint of the name (length and edge bytes) for duplicate checks.
    key: u64,
}

fn fingerprint(name: &[u8]) -> u64 {
    let n = name.len();
    let edge = |i: usize| name.get(i).copied().unwrap_or(0) as u64;
    (n as u64) << 48 ^ edge(0) << 40 ^ edge(1) << 32 ^ edge(n.wrapping_sub(3)) << 16 ^ edge(n.wrapping_sub(2)) << 8 ^ edge(n.wrapping_sub(1))
}

/// The shape of a start tag found by [`scan_start_tag`] (indices into the window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagShape {
    /// End of the element's qualified name (it starts at 1).
    pub name_end: usize,
    /// Index of the prefix colon in the name, if any.
    pub colon: Option<usize>,
    /// Index of the closing `>`.
    pub end: usize,
    /// `/>`: an empty-element tag.
    pub empty: bool,
    /// No line feed anywhere in the tag (false may still have none).
    pub flat: bool,
}

/// Reads the start tag at `w[0] == b'<'` in one pass: its name, its
/// attributes (into `attrs`) and where it ends (quoted values may hold `>`).
pub(crate) fn scan_start_tag(w: &[u8], attrs: &mut Vec<RawAttr>) -> Result<TagShape, ScanError> {
    attrs.clear();
    // Tags with very many attributes check duplicates through a set (no quadratic blow-up).
    let mut many: Option<std::collections::HashSet<&[u8]>> = None;
    let (len, colon) = name_scan(&w[1..]);
    let name_end = 1 + len;
    if name_end >= w.len() {
        return Err(ScanError::Incomplete);
    }
    if len == 0 || !name_start_ok(w[1]) {
        return Err(ScanError::Bad("invalid element name".into(), 1));
    }
    let colon = colon.map(|c| c + 1);
    let mut i = name_end;
    let mut flat = true;
    loop {
        let from = i;
        while i < w.len() && is_space(w[i]) {
            flat &= w[i] != b'\n';
            i += 1;
        }
        let Some(&c) = w.get(i) else { return Err(ScanError::Incomplete) };
        match c {
            b'>' => return Ok(TagShape { name_end, colon, end: i, empty: false, flat }),
            b'/' => {
                return match w.get(i + 1) {
                    None => Err(ScanError::Incomplete),
                    Some(b'>') => Ok(TagShape { name_end, colon, end: i + 1, empty: true, flat }),
                    Some(_) => Err(ScanError::Bad("'/' not followed by '>' in a start tag".into(), i)),
                }
            }
            _ if i == from => return Err(ScanError::Bad("attributes must be separated by white space".into(), i)),
            _ => {}
        }
        let name = i;
        let (len, acolon) = name_scan(&w[name..]);
        let name_end = name + len;
        if name_end >= w.len() {
            return Err(ScanError::Incomplete);
        }
        if len == 0 || !name_start_ok(c) {
            return Err(ScanError::Bad("invalid attribute name".into(), name));
        }
        i = name_end;
        while i < w.len() && is_space(w[i]) {
            flat &= w[i] != b'\n';
            i += 1;
        }
        match w.get(i) {
            None => return Err(ScanError::Incomplete),
            Some(b'=') => i += 1,
            Some(_) => return Err(ScanError::Bad(format!("attribute {} has no value", text(&w[name..name_end])), name)),
        }
        while i < w.len() && is_space(w[i]) {
            flat &= w[i] != b'\n';
            i += 1;
        }
        let q = match w.get(i) {
            None => return Err(ScanError::Incomplete),
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(ScanError::Bad(format!("the value of attribute {} is not quoted", text(&w[name..name_end])), name)),
        };
        let value = i + 1;
        let Some((len, special)) = value_end(&w[value..], q) else { return Err(ScanError::Incomplete) };
        let value_end = value + len;
        flat &= !special;
        if w[value_end] == b'<' {
            return Err(ScanError::Bad("'<' in an attribute value".into(), name));
        }
        let key = &w[name..name_end];
        let fp = fingerprint(key);
        let dup = match &mut many {
            Some(set) => !set.insert(key),
            None if attrs.len() >= 16 => {
                let set = many.insert(attrs.iter().map(|a| &w[a.name..a.name_end]).collect());
                !set.insert(key)
            }
            None => attrs.iter().any(|a| a.key == fp && &w[a.name..a.name_end] == key),
        };
        if dup {
            return Err(ScanError::Bad(format!("duplicate attribute {}", text(key)), name));
        }
        attrs.push(RawAttr { name, name_end, colon: acolon.map(|c| name + c), value, value_end, plain: !special, key: fp });
        i = value_end + 1;
    }
}

/// Resolves the reference starting at `w[0] == b'&'`: the character and the
/// length of the reference.
pub(crate) fn reference(w: &[u8], at_end: bool) -> Result<(char, usize), ScanError> {
    const MAX_REF: usize = 64;
    let semi = match memchr::memchr(b';', &w[..w.len().min(MAX_REF)]) {
        Some(s) => s,
        None if w.len() < MAX_REF && !at_end => return Err(ScanError::Incomplete),
        None => return Err(ScanError::Bad("'&' does not start a reference (unterminated '&…;')".into(), 0)),
    };
    let name = &w[1..semi];
    let c = if let Some(num) = name.strip_prefix(b"#") {
        let (digits, radix) = match num.strip_prefix(b"x") {
            Some(h) => (h, 16),
            None => (num, 10),
        };
        let ok_digits = !digits.is_empty() && digits.iter().all(|b| if radix == 16 { b.is_ascii_hexdigit() } else { b.is_ascii_digit() });
        let code = if ok_digits { u32::from_str_radix(text(digits), radix).ok() } else { None };
        match code.and_then(char::from_u32).filter(|&c| is_xml_char(c)) {
            Some(c) => c,
            None => return Err(ScanError::Bad(format!("invalid character reference &{};", text(name)), 0)),
        }
    } else {
        let n = text(name);
        match podpis_schematron::document::predefined_entity(n) {
            Some(c) => c,
            None if name_ok(name) => return Err(ScanError::Undefined(n.to_string(), 0)),
            None => return Err(ScanError::Bad(format!("malformed reference &{n};"), 0)),
        }
    };
    Ok((c, semi + 1))
}

/// A character allowed in XML 1.0 documents.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Text with XML 1.0 line ends normalized (`\r\n` and `\r` → `\n`).
pub(crate) fn normalize_eols(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// An attribute value normalized per XML 1.0 §3.3.3 (CDATA): references
/// resolved, each white-space character (a `\r\n` pair counting as one)
/// becomes a space.
pub(crate) fn attribute_value(raw: &[u8]) -> Result<Cow<'_, str>, ScanError> {
    if !raw.iter().any(|&b| matches!(b, b'&' | b'\t' | b'\r' | b'\n')) {
        return Ok(Cow::Borrowed(text(raw)));
    }
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let run = raw[i..].iter().position(|&b| matches!(b, b'&' | b'\t' | b'\r' | b'\n')).map_or(raw.len(), |k| i + k);
        out.push_str(text(&raw[i..run]));
        i = run;
        if i >= raw.len() {
            break;
        }
        match raw[i] {
            b'&' => {
                let (c, n) = reference(&raw[i..], true).map_err(|e| match e {
                    ScanError::Undefined(n, _) => ScanError::Bad(format!("undefined entity &{n}; in an attribute value"), i),
                    ScanError::Bad(m, _) => ScanError::Bad(m, i),
                    ScanError::Incomplete => ScanError::Bad("unterminated reference".into(), i),
                })?;
                out.push(c);
                i += n;
            }
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                out.push(' ');
                i += 2;
            }
            _ => {
                out.push(' ');
                i += 1;
            }
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_references() {
        let mut a = Vec::new();
        let tag = b"<p:a x=\"1\" y = '2>'/>rest";
        let shape = scan_start_tag(tag, &mut a).unwrap();
        assert_eq!(shape, TagShape { name_end: 4, colon: Some(2), end: tag.len() - 5, empty: true, flat: true });
        assert_eq!(a.len(), 2);
        assert_eq!(&tag[a[1].value..a[1].value_end], b"2>");
        assert!(!scan_start_tag(b"<a\n x='1'>", &mut a).unwrap().flat);
        assert!(!scan_start_tag(b"<a x='\n'>", &mut a).unwrap().flat);
        assert!(scan_start_tag(b"<a x='1' y=\"\t\">", &mut a).is_ok_and(|s| s.flat) == false || !a[1].plain);
        assert!(scan_start_tag(b"<a x='12345678901234567890&amp;'>", &mut a).is_ok() && !a[0].plain);
        assert!(scan_start_tag("<a x='Тестовое значение 1234'>".as_bytes(), &mut a).is_ok_and(|s| s.flat) && a[0].plain);
        assert_eq!(scan_start_tag(b"<a x=\"1\"", &mut a), Err(ScanError::Incomplete));
        assert_eq!(scan_start_tag(b"<a", &mut a), Err(ScanError::Incomplete));
        assert!(matches!(scan_start_tag(b"<a x=\"1\"y=\"2\">", &mut a), Err(ScanError::Bad(..))));
        assert!(matches!(scan_start_tag(b"<a x=\"1\" x=\"2\">", &mut a), Err(ScanError::Bad(..))));
        assert!(matches!(scan_start_tag(b"<a x>", &mut a), Err(ScanError::Bad(..))));
        assert!(matches!(scan_start_tag(b"<a x=\"<\">", &mut a), Err(ScanError::Bad(..))));
        assert!(matches!(scan_start_tag(b"< a>", &mut a), Err(ScanError::Bad(..))));
        let many: String = (0..40).map(|i| format!(" a{i}=\"{i}\"")).collect();
        assert_eq!(scan_start_tag(format!("<e{many}>").as_bytes(), &mut a).map(|s| s.empty), Ok(false));
        assert!(scan_start_tag(format!("<e{many} a7=\"x\">").as_bytes(), &mut a).is_err());
        assert_eq!(reference(b"&#x41;z", false), Ok(('A', 6)));
        assert_eq!(reference(b"&amp;", false), Ok(('&', 5)));
        assert!(matches!(reference(b"&foo;", false), Err(ScanError::Undefined(..))));
        assert!(matches!(reference(b"&#0;", false), Err(ScanError::Bad(..))));
        assert_eq!(reference(b"&am", false), Err(ScanError::Incomplete));
        assert_eq!(attribute_value(b"a\r\nb\tc&lt;&#10;").unwrap(), "a b c<\n");
        assert_eq!(normalize_eols("a\r\nb\rc"), "a\nb\nc");
    }
}
