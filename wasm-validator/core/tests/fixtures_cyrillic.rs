//! Behaviour on a fixture schema written for these tests: Cyrillic namespace IRIs
//! (which libxml2 rejects, so xmllint cannot be the oracle here), xs:import,
//! groups, xs:all, extension, mixed content, xs:any, facets and identifier checks.

use std::collections::BTreeMap;

use podpis_validator::{compile_files, CheckOptions, Lang, Pack, Validator};

fn files() -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    m.insert("cyr/main.xsd".to_string(), include_bytes!("fixtures/cyr/main.xsd").to_vec());
    m.insert("cyr/types/types.xsd".to_string(), include_bytes!("fixtures/cyr/types/types.xsd").to_vec());
    m
}

fn validator() -> Validator {
    Validator::new(compile_files(&files()).expect("compile fixture")).unwrap()
}

const VALID: &str = include_str!("fixtures/valid.xml");

fn codes(v: &Validator, xml: &str) -> Vec<String> {
    v.check(xml.as_bytes(), &CheckOptions::default()).findings.into_iter().map(|f| f.code).collect()
}

#[test]
fn valid_document_has_no_findings() {
    let v = validator();
    let r = v.check(VALID.as_bytes(), &CheckOptions::default());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.form.as_deref(), Some("main"));
    assert_eq!(v.pack().forms[0].root_ns, "http://тест.рф/Отчет/2026");
}

#[test]
fn each_mutation_is_reported_with_its_code() {
    let v = validator();
    let cases: &[(&str, &str, &str)] = &[
        ("Пол=\"Ж\"", "Пол=\"X\"", "XSD_ENUMERATION"),
        (" Ид=\"1\"", "", "XSD_MISSING_ATTRIBUTE"),
        ("<ИНН>7707083893</ИНН>", "", "XSD_MISSING_ELEMENT"),
        ("<ИНН>7707083893</ИНН>", "<ИНН>7707083894</ИНН>", "ID_INN_CHECKSUM"),
        ("<ИНН>7707083893</ИНН>", "<ИНН>770708389</ИНН>", "XSD_LENGTH"),
        ("Версия=\"1.0\"", "Версия=\"2.0\"", "XSD_FIXED"),
        ("112-233-445 95", "112-233-445 96", "ID_SNILS_CHECKSUM"),
        ("112-233-445 95", "112-233-44595", "XSD_PATTERN"),
        ("<Дата>2026-01-31</Дата>", "<Дата>2026-02-30</Дата>", "XSD_TYPE"),
        ("<Дата>2026-01-31</Дата>", "<Дата>2026-01-31</Дата><Сумма>1.234</Сумма>", "XSD_DIGITS"),
        ("<Дата>2026-01-31</Дата>", "<Дата>2026-01-31</Дата><Сумма>-1</Сумма>", "XSD_RANGE"),
        ("<Реквизиты>", "<Реквизиты>текст", "XSD_TEXT_NOT_ALLOWED"),
        ("<Имя>Анна</Имя>", "", "XSD_UNEXPECTED_ELEMENT"),
        ("<Имя>Анна</Имя>\n    <СНИЛС>112-233-445 95</СНИЛС>", "", "XSD_MISSING_ELEMENT"),
        ("<Фамилия>Иванова</Фамилия>", "<Фамилия>Ivanova</Фамилия>", "XSD_PATTERN"),
        ("<Номер>1</Номер>", "<Номер>0</Номер>", "XSD_RANGE"),
        ("<Номер>1</Номер>", "<Номер>1</Номер><Номер>2</Номер>", "XSD_UNEXPECTED_ELEMENT"),
        ("<Расширение>", "<Расширение><Лишний/>", "XSD_UNEXPECTED_ELEMENT"),
        (" Пол=\"Ж\"", " Пол=\"Ж\" Лишний=\"1\"", "XSD_UNEXPECTED_ATTRIBUTE"),
    ];
    for (from, to, code) in cases {
        assert!(VALID.contains(from), "fixture lacks {from}");
        let xml = VALID.replacen(from, to, 1);
        let got = codes(&v, &xml);
        assert!(got.iter().any(|c| c == code), "{from} → {to}: expected {code}, got {got:?}");
    }
    // SFR-style SNILS with a hyphen is accepted by pattern and checksum.
    assert!(codes(&v, &VALID.replace("112-233-445 95", "112-233-445-95")).is_empty());
    // Too many occurrences (maxOccurs=3).
    let person = &VALID[VALID.find("<Лицо").unwrap()..VALID.find("<Примечание").unwrap()];
    let four = VALID.replacen(person, &person.repeat(4), 1);
    assert!(codes(&v, &four).contains(&"XSD_UNEXPECTED_ELEMENT".to_string()));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let v = validator();
    let xml = VALID.replace("Пол=\"Ж\"", "Пол=\"X\"").replace("<Номер>1</Номер>", "<Номер>x</Номер>").replace("2026-01-31", "31.01.2026");
    let r = v.check(xml.as_bytes(), &CheckOptions::default());
    assert_eq!(r.error_count(), 3, "{:#?}", r.findings);
    let f = r.findings.iter().find(|f| f.code == "XSD_ENUMERATION").unwrap();
    assert_eq!(f.path, "Отчет/Лицо/@Пол");
    assert_eq!((f.line, f.column), (7, 16));
}

#[test]
fn english_messages() {
    let v = validator();
    let xml = VALID.replace("Пол=\"Ж\"", "Пол=\"X\"");
    let r = v.check(xml.as_bytes(), &CheckOptions { lang: Lang::En, ..Default::default() });
    assert!(r.findings[0].message.contains("allowed values"), "{}", r.findings[0].message);
}

#[test]
fn missing_import_names_the_file() {
    let mut f = files();
    f.remove("cyr/types/types.xsd");
    let e = compile_files(&f).unwrap_err().to_string();
    assert!(e.contains("types/types.xsd") && e.contains("missing"), "{e}");
}

#[test]
fn pack_round_trip_and_corruption() {
    let pack = compile_files(&files()).unwrap();
    let bytes = pack.to_bytes();
    assert_eq!(&bytes[..8], b"PODPISVP");
    let back = Pack::from_bytes(&bytes).unwrap();
    assert_eq!(back, pack);
    assert!(Pack::from_bytes(b"garbage").is_err());
    for cut in [10, bytes.len() / 3, bytes.len() - 1] {
        assert!(Pack::from_bytes(&bytes[..cut]).is_err());
    }
    let mut flipped = bytes.clone();
    for i in (10..flipped.len()).step_by(7) {
        flipped[i] ^= 0x5A;
        let _ = Pack::from_bytes(&flipped).map(|p| Validator::new(p).map(|v| v.check(VALID.as_bytes(), &CheckOptions::default())));
    }
}
