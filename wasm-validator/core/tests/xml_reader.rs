//! XML reader: encodings, positions, and hostile input.

use podpis_validator::xml_reader::{decode, read_document, DeclaredEncoding, NsScope, StartTag, XmlError, XmlHandler};

#[derive(Default)]
struct Collect {
    starts: Vec<(String, u32, u32, Vec<(String, String, u32, u32)>)>,
    text: String,
}

impl XmlHandler for Collect {
    fn start(&mut self, t: &StartTag<'_, '_>, _: &NsScope) {
        let attrs = t.attrs.iter().map(|a| (a.local.to_string(), a.value.to_string(), a.pos().line, a.pos().column)).collect();
        self.starts.push((t.local.to_string(), t.pos.line, t.pos.column, attrs));
    }
    fn text(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn end(&mut self) {}
}

fn read(bytes: &[u8]) -> Result<Collect, XmlError> {
    let d = decode(bytes)?;
    let mut c = Collect::default();
    read_document(&d.text, &mut c, 256)?;
    Ok(c)
}

#[test]
fn windows_1251_is_decoded_and_positions_are_in_characters() {
    let src = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<Файл ИдФайл=\"Ы\">\n  <Документ   КНД=\"1151111\">Тест &amp; ещё</Документ>\n</Файл>\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(src);
    assert_eq!(decode(&bytes).unwrap().encoding, DeclaredEncoding::Windows1251);
    let c = read(&bytes).unwrap();
    assert_eq!(c.starts[0].0, "Файл");
    assert_eq!((c.starts[0].1, c.starts[0].2), (2, 1));
    assert_eq!(c.starts[0].3[0], ("ИдФайл".into(), "Ы".into(), 2, 7));
    assert_eq!((c.starts[1].1, c.starts[1].2), (3, 3));
    assert_eq!(c.starts[1].3[0].3, 15);
    assert!(c.text.contains("Тест & ещё"));
}

#[test]
fn dtd_and_entities_are_rejected() {
    let bomb = b"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<a>&lol2;</a>";
    assert!(matches!(read(bomb), Err(XmlError::DtdNotAllowed { line: 2 })));
    assert!(matches!(read(b"<a>&foo;</a>"), Err(XmlError::UndefinedEntity { .. })));
}

#[test]
fn depth_is_bounded() {
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    assert!(matches!(read(deep.as_bytes()), Err(XmlError::TooDeep { limit: 256, .. })));
}

#[test]
fn garbage_gives_clear_errors() {
    assert!(matches!(read(&[0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), Err(XmlError::NotXml(_))));
    assert!(matches!(read(b"<a>\0</a>"), Err(XmlError::NotXml(_))));
    assert!(matches!(read(b""), Err(XmlError::NotXml(_))));
    assert!(matches!(read(b"<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a/>"), Err(XmlError::UnsupportedEncoding(_))));
    assert!(matches!(read(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\xff</a>"), Err(XmlError::InvalidBytes { line: 2, .. })));
    assert!(matches!(read(b"<a><b></a>"), Err(XmlError::Malformed { .. })));
    assert!(matches!(read(b"<a></a><b/>"), Err(XmlError::Malformed { .. })));
    assert!(matches!(read(b"<p:a/>"), Err(XmlError::UndeclaredPrefix { .. })));
}

/// Stable randomized robustness test (the cargo-fuzz target in `fuzz/` does the
/// same with coverage guidance): random byte mutations never panic.
#[test]
fn random_mutations_never_panic() {
    let base = include_str!("fixtures/valid.xml").as_bytes().to_vec();
    let mut files = std::collections::BTreeMap::new();
    files.insert("cyr/main.xsd".to_string(), include_bytes!("fixtures/cyr/main.xsd").to_vec());
    files.insert("cyr/types/types.xsd".to_string(), include_bytes!("fixtures/cyr/types/types.xsd").to_vec());
    let v = podpis_validator::Validator::new(podpis_validator::compile_files(&files).unwrap()).unwrap();
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let tokens: [&[u8]; 8] = [b"<", b">", b"&", b"\"", b"</a>", b"<!DOCTYPE x>", b"\xd0", b"<![CDATA[x]]>"];
    for _ in 0..3000 {
        let mut doc = base.clone();
        for _ in 0..(1 + next() % 4) {
            if doc.is_empty() {
                break;
            }
            let pos = (next() as usize) % doc.len();
            match next() % 4 {
                0 => doc[pos] = next() as u8,
                1 => {
                    doc.remove(pos);
                }
                2 => {
                    let t = tokens[(next() as usize) % tokens.len()];
                    doc.splice(pos..pos, t.iter().copied());
                }
                _ => doc.truncate(pos),
            }
        }
        let _ = v.check(&doc, &Default::default());
    }
}

#[test]
fn chunked_decoding_equals_whole_decoding() {
    let body = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<Файл Н=\"№ 1 „цитата“ … €\">".to_string() + &"<Ы>текст №</Ы>".repeat(20_000) + "</Файл>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&body);
    let (text, enc) = podpis_validator::xml_reader::decode_reader(&bytes[..]).unwrap();
    assert_eq!(enc, DeclaredEncoding::Windows1251);
    assert_eq!(text, body);
    let (text, enc) = podpis_validator::xml_reader::decode_reader("<a>ж</a>".as_bytes()).unwrap();
    assert_eq!((text.as_str(), enc), ("<a>ж</a>", DeclaredEncoding::Utf8));
}
