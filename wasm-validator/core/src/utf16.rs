//! UTF-16 (LE/BE) to UTF-8 in chunks, and the encoding labels the checker
//! accepts — small enough that the WASM module needs no `encoding_rs`
//! (whose tables for every WHATWG encoding cost ~250 KB).

/// An incremental UTF-16 decoder that keeps an odd byte and an unpaired high
/// surrogate across chunk boundaries.
#[derive(Debug, Clone)]
pub struct Utf16Decoder {
    big_endian: bool,
    odd: Option<u8>,
    high: Option<u16>,
}

/// A UTF-16 sequence that is not valid (unpaired surrogate or odd length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

impl Utf16Decoder {
    /// A decoder for little- (`false`) or big-endian (`true`) input without BOM.
    pub fn new(big_endian: bool) -> Utf16Decoder {
        Utf16Decoder { big_endian, odd: None, high: None }
    }

    /// Decodes `src` appending UTF-8 to `out`; `last` when the input ends here.
    pub fn decode(&mut self, src: &[u8], out: &mut Vec<u8>, last: bool) -> Result<(), Malformed> {
        let mut bytes = src.iter().copied();
        let mut buf = [0u8; 4];
        loop {
            let (a, b) = match self.odd.take() {
                Some(a) => match bytes.next() {
                    Some(b) => (a, b),
                    None => {
                        self.odd = Some(a);
                        break;
                    }
                },
                None => match (bytes.next(), bytes.next()) {
                    (Some(a), Some(b)) => (a, b),
                    (Some(a), None) => {
                        self.odd = Some(a);
                        break;
                    }
                    _ => break,
                },
            };
            let unit = if self.big_endian { u16::from_be_bytes([a, b]) } else { u16::from_le_bytes([a, b]) };
            let c = match (self.high.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high = Some(unit);
                    continue;
                }
                (Some(h), 0xDC00..=0xDFFF) => char::from_u32(0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00)),
                (Some(_), _) | (None, 0xDC00..=0xDFFF) => return Err(Malformed),
                (None, u) => char::from_u32(u32::from(u)),
            };
            out.extend_from_slice(c.ok_or(Malformed)?.encode_utf8(&mut buf).as_bytes());
        }
        if last && (self.odd.is_some() || self.high.is_some()) {
            return Err(Malformed);
        }
        Ok(())
    }
}

/// Encodings a report may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelledEncoding {
    /// UTF-8.
    Utf8,
    /// windows-1251.
    Windows1251,
}

/// The encoding named by an `encoding="…"` label (the WHATWG labels of UTF-8
/// and windows-1251, ASCII case-insensitive), or `None` for any other.
pub fn encoding_for_label(label: &str) -> Option<LabelledEncoding> {
    let l = label.trim().to_ascii_lowercase();
    match l.as_str() {
        "utf-8" | "utf8" | "unicode-1-1-utf-8" | "unicode11utf8" | "unicode20utf8" | "x-unicode20utf8" => Some(LabelledEncoding::Utf8),
        "windows-1251" | "cp1251" | "x-cp1251" => Some(LabelledEncoding::Windows1251),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn decodes_in_any_chunking() {
        let text = "<Файл a=\"😀\">ЁЖ</Файл>";
        for be in [false, true] {
            let bytes = utf16(text, be);
            for size in 1..8 {
                let mut d = Utf16Decoder::new(be);
                let mut out = Vec::new();
                let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
                for (i, c) in chunks.iter().enumerate() {
                    d.decode(c, &mut out, i + 1 == chunks.len()).unwrap();
                }
                assert_eq!(String::from_utf8(out).unwrap(), text);
            }
        }
    }

    #[test]
    fn rejects_malformed() {
        let mut out = Vec::new();
        assert_eq!(Utf16Decoder::new(false).decode(&[0x00, 0xDC], &mut out, true), Err(Malformed));
        assert_eq!(Utf16Decoder::new(false).decode(&[0x00, 0xD8, 0x41, 0x00], &mut out, true), Err(Malformed));
        assert_eq!(Utf16Decoder::new(false).decode(&[0x41], &mut out, true), Err(Malformed));
        assert_eq!(Utf16Decoder::new(false).decode(&[0x00, 0xD8], &mut out, true), Err(Malformed));
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label(" Windows-1251 "), Some(LabelledEncoding::Windows1251));
        assert_eq!(encoding_for_label("UTF-8"), Some(LabelledEncoding::Utf8));
        assert_eq!(encoding_for_label("koi8-r"), None);
    }
}
