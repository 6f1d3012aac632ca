//! Streaming check: reading a report in arbitrary small pieces (split inside
//! windows-1251 / UTF-8 characters, CRLF pairs and tags) gives exactly the same
//! report — findings, lines, columns, messages — as checking the bytes in memory
//! or the decoded text.

mod common;

use std::io::Read;

use podpis_validator::generator::{encode_for_form, generate, GenOptions};
use podpis_validator::xml_reader::{decode, DeclaredEncoding};
use podpis_validator::{CheckOptions, Report, Validator};

/// Hands out the bytes in pieces of 1, 2, 3, … 13 bytes (cycling).
struct Trickle<'a> {
    data: &'a [u8],
    at: usize,
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.step = self.step % 13 + 1;
        let n = self.step.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl std::io::Seek for Trickle<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match pos {
            std::io::SeekFrom::Start(p) => self.at = (p as usize).min(self.data.len()),
            _ => return Err(std::io::Error::other("only SeekFrom::Start")),
        }
        Ok(self.at as u64)
    }
}

fn all_ways(v: &Validator, bytes: &[u8], opts: &CheckOptions) -> Report {
    let in_memory = v.check(bytes, opts);
    let owned = v.check_owned(bytes.to_vec(), opts);
    let trickled = v.check_reader(Trickle { data: bytes, at: 0, step: 0 }, opts);
    assert_eq!(in_memory, owned);
    assert_eq!(in_memory, trickled);
    if let Ok(d) = decode(bytes) {
        let text = v.check_text(&d.text, d.encoding, opts);
        assert_eq!(in_memory, text);
    }
    in_memory
}

fn generated(v: &Validator, form: &str, size: usize) -> (Vec<u8>, DeclaredEncoding) {
    let idx = v.pack().forms.iter().position(|f| f.name == form).expect("form");
    let enc = if v.pack().forms[idx].fns { "windows-1251" } else { "UTF-8" };
    let text = generate(v.pack(), &GenOptions { form: idx, size, repeat: None, optional_attributes: true }, enc).unwrap();
    let bytes = encode_for_form(v.pack(), idx, &text);
    let d = if enc == "UTF-8" { DeclaredEncoding::Utf8 } else { DeclaredEncoding::Windows1251 };
    (bytes, d)
}

#[test]
fn chunked_reading_gives_identical_reports() {
    let fns = Validator::new(common::pack_for("fns")).unwrap();
    let upd = Validator::new(common::pack_for("upd")).unwrap();
    let opts = CheckOptions { file_name: Some("NO_RASCHSV_x.xml".into()), ..Default::default() };
    for (v, form) in [(&fns, "NO_RASCHSV_1_162_00_05_08_02"), (&upd, "ON_NSCHFDOPPR_1_997_01_05_02_01")] {
        let (bytes, enc) = generated(v, form, 3);
        assert_eq!(enc, DeclaredEncoding::Windows1251);
        let r = all_ways(v, &bytes, &opts);
        assert!(r.elements > 50, "{form}: {r:?}");
        // CRLF line ends, a Cyrillic value made invalid, an element with bad content,
        // an attribute moved to the next line: positions must still agree.
        let text = decode(&bytes).unwrap().text.into_owned();
        let body_at = text.find("?>").unwrap() + 2;
        let (decl, body) = text.split_at(body_at);
        let mutated = decl.to_string() + &body.replacen('\n', "\r\n", 40).replacen("=\"", "=\"ЖЖЖ", 5).replacen(" ", "\r\n   ", 7);
        let (mbytes, _, _) = encoding_rs::WINDOWS_1251.encode(&mutated);
        let r = all_ways(v, &mbytes, &opts);
        assert!(r.findings.iter().any(|f| f.code.starts_with("XSD_")), "{form}: {:#?}", r.findings);
        assert!(r.findings.iter().all(|f| f.line > 0 || f.code.starts_with("FILE_") || f.code.starts_with("SCH_")));
        // The same report as UTF-8 with a BOM.
        let utf8 = mutated.replacen("windows-1251", "UTF-8", 1);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(utf8.as_bytes());
        let r8 = all_ways(v, &bom, &opts);
        let strip = |r: &Report| r.findings.iter().filter(|f| f.code != "ENCODING_NOT_CP1251").cloned().collect::<Vec<_>>();
        assert_eq!(strip(&r), strip(&r8), "{form}: cp1251 and UTF-8 differ");
    }
}

#[test]
fn broken_input_is_reported_the_same_way_in_pieces() {
    let v = Validator::new(common::pack_for("upd")).unwrap();
    let (bytes, _) = generated(&v, "ON_NSCHFDOPPR_1_997_01_05_02_01", 2);
    let opts = CheckOptions::default();
    // Truncated, NUL in the middle, unclosed tag, bad UTF-8 late in the file.
    let mut nul = bytes.clone();
    let mid = nul.len() / 2;
    nul[mid] = 0;
    let text = decode(&bytes).unwrap().text.into_owned();
    let mut bad_utf8 = text.replacen("windows-1251", "UTF-8", 1).into_bytes();
    let at = bad_utf8.len() - 40;
    bad_utf8[at] = 0xFF;
    for (name, input) in [("truncated", bytes[..bytes.len() * 2 / 3].to_vec()), ("nul", nul), ("utf8", bad_utf8)] {
        let r = all_ways(&v, &input, &opts);
        let last = r.findings.last().unwrap_or_else(|| panic!("{name}: no findings"));
        assert!(last.code.starts_with("XML_"), "{name}: {:#?}", r.findings);
        assert!(last.line > 1 || last.message.contains("line"), "{name}: {last:?}");
    }
}

#[test]
fn rules_looking_ahead_fall_back_to_whole_document_evaluation() {
    // A rule on an early element that counts a later sibling: streaming cannot
    // be exact, so the validator re-reads the input and evaluates the whole
    // document — in memory, from a seekable reader and from text alike.
    let mut pack = common::pack_for("upd");
    let form = "ON_NSCHFDOPPR_1_997_01_05_02_01";
    let idx = pack.forms.iter().position(|f| f.name == form).unwrap();
    pack.forms[idx].rules.push(podpis_schematron::RuleSource {
        pattern_name: "look-ahead".into(),
        context: "СвСчФакт".into(),
        test: "count(../ТаблСчФакт) = 0".into(),
        fns_code: Some("9999999999".into()),
        error_path: None,
        message: vec![podpis_schematron::MessagePart::Text("таблица есть".into())],
    });
    let v = Validator::new(pack).unwrap();
    let (bytes, _) = generated(&v, form, 2);
    let r = all_ways(&v, &bytes, &CheckOptions::default());
    let hits: Vec<_> = r.findings.iter().filter(|f| f.fns_code.as_deref() == Some("9999999999")).collect();
    assert_eq!(hits.len(), 1, "{:#?}", r.findings);
    assert_eq!(hits[0].path, "Файл/Документ/СвСчФакт");
    assert_eq!(hits[0].message, "таблица есть");
}
