//! xs:unique / xs:key / xs:keyref: each case is checked by us and by xmllint
//! (same verdict, xmllint's first error line among ours) and must give the
//! expected finding codes. xmllint is REQUIRED.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use podpis_validator::{compile_files, Validator};

const SCHEMA: &str = include_str!("fixtures/identity/registry.xsd");

fn validator() -> Validator {
    let mut files = BTreeMap::new();
    files.insert("registry.xsd".to_string(), SCHEMA.as_bytes().to_vec());
    Validator::new(compile_files(&files).expect("fixture compiles")).expect("pack loads")
}

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("podpis-identity-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("registry.xsd"), SCHEMA).unwrap();
    d
}

/// (label, document, expected codes in document order).
fn cases() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let doc = |body: &str| format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Реестр>\n{body}\n</Реестр>\n");
    vec![
        ("valid", include_str!("fixtures/identity/valid.xml").to_string(), vec![]),
        ("duplicate key in one scope (01 = 1 as integers)", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/>\n<Сотр Таб=\"01\"/></Отдел>"), vec!["XSD_UNIQUE"]),
        ("same key in two scopes is fine", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>\n<Отдел Код=\"B\"><Сотр Таб=\"1\"/></Отдел>"), vec![]),
        ("key field missing", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/>\n<Сотр/></Отдел>"), vec!["XSD_KEY_MISSING_FIELD"]),
        ("keyref to a missing key value", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/>\n<Сотр Таб=\"2\" Рук=\"5\"/></Отдел>"), vec!["XSD_KEYREF"]),
        ("keyref to a key of another scope", doc("<Отдел Код=\"A\"><Сотр Таб=\"7\"/></Отдел>\n<Отдел Код=\"B\"><Сотр Таб=\"1\"/>\n<Сотр Таб=\"2\" Рук=\"7\"/></Отдел>"), vec!["XSD_KEYREF"]),
        ("root keyref to a root key", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>\n<Ссылка Отдел=\"Z\"/>"), vec!["XSD_KEYREF"]),
        ("root keyref to a propagated key: found", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>\n<Отдел Код=\"B\"><Сотр Таб=\"2\"/></Отдел>\n<Ссылка Таб=\"2\"/>"), vec![]),
        ("root keyref to a propagated key: two matches", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел><Отдел Код=\"B\">\n<Сотр Таб=\"1\"/></Отдел>\n<Ссылка Таб=\"1\"/>"), vec!["XSD_KEYREF"]),
        ("root keyref to a propagated key: none", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>\n<Ссылка Таб=\"3\"/>"), vec!["XSD_KEYREF"]),
        ("keyref with an absent field is not checked", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>\n<Ссылка/>"), vec![]),
        ("unique over .// with token whitespace collapsed", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"><Имя>  Иван </Имя></Сотр></Отдел><Отдел Код=\"B\">\n<Сотр Таб=\"1\"><Имя>Иван</Имя></Сотр></Отдел>"), vec!["XSD_UNIQUE"]),
        ("unique ignores targets with an absent field", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/><Сотр Таб=\"2\"/></Отдел>"), vec![]),
        ("two-field unique, decimal 1.0 = 1", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"><Док Н=\"1.0\" Серия=\"s\"/>\n<Док Н=\"1\" Серия=\"s\"/></Сотр></Отдел>"), vec!["XSD_UNIQUE"]),
        ("two-field unique, second field differs", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"><Док Н=\"1\" Серия=\"s\"/><Док Н=\"1\" Серия=\"t\"/></Сотр></Отдел>"), vec![]),
        ("strings are not trimmed for xs:string", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел><Отдел Код=\" A\"><Сотр Таб=\"1\"/></Отдел>"), vec![]),
        ("duplicate key at the root scope", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>\n<Отдел Код=\"A\"><Сотр Таб=\"1\"/></Отдел>"), vec!["XSD_UNIQUE"]),
        ("every duplicate is reported", doc("<Отдел Код=\"A\"><Сотр Таб=\"1\"/>\n<Сотр Таб=\"1\"/>\n<Сотр Таб=\"1\"/></Отдел>"), vec!["XSD_UNIQUE", "XSD_UNIQUE"]),
    ]
}

fn codes_of(v: &Validator, text: &str) -> Vec<String> {
    let r = common::check_xsd(v, text.as_bytes());
    r.findings.iter().map(|f| f.code.clone()).collect()
}

#[test]
fn identity_constraints_agree_with_xmllint() {
    let v = validator();
    let d = dir("main");
    let xsd = d.join("registry.xsd");
    let mut problems = Vec::new();
    for (i, (label, text, expected)) in cases().into_iter().enumerate() {
        let file = d.join(format!("case{i}.xml"));
        std::fs::write(&file, &text).unwrap();
        problems.extend(common::compare_with_xmllint(&v, Path::new(&xsd), &file, label));
        let got = codes_of(&v, &text);
        if got != expected {
            problems.push(format!("{label}: expected {expected:?}, got {got:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&d);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn findings_name_the_duplicate_and_its_first_occurrence() {
    let v = validator();
    let text = "<Реестр><Отдел Код=\"A\"><Сотр Таб=\"1\"/>\n  <Сотр Таб=\"1\"/></Отдел></Реестр>";
    let r = common::check_xsd(&v, text.as_bytes());
    let f = &r.findings[0];
    assert_eq!((f.code.as_str(), f.path.as_str(), f.line, f.column), ("XSD_UNIQUE", "Реестр/Отдел/Сотр", 2, 3));
    assert!(f.message.contains("['1']") && f.message.contains("ТабКлюч") && f.message.contains("строке 1"), "{}", f.message);
    let en = v.check(text.as_bytes(), &podpis_validator::CheckOptions { lang: podpis_validator::Lang::En, schematron: false, ..Default::default() });
    assert!(en.findings[0].message.starts_with("Duplicate key-sequence ['1'] of key constraint 'ТабКлюч'"), "{}", en.findings[0].message);
}

/// Constraints that xmllint cannot run side by side with the main fixture:
/// fields selecting several nodes or a complex element, and prefixed names
/// in a target namespace.
#[test]
fn field_errors_and_namespaces() {
    let schema = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:element name="r">
    <xs:complexType><xs:sequence>
      <xs:element name="a" maxOccurs="unbounded">
        <xs:complexType><xs:sequence>
          <xs:element name="b" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:attribute name="v" type="xs:string"/></xs:complexType></xs:element>
        </xs:sequence><xs:attribute name="k" type="xs:string"/></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
    <xs:unique name="many"><xs:selector xpath="t:a"/><xs:field xpath="t:b/@v"/></xs:unique>
    <xs:unique name="complex"><xs:selector xpath="t:a"/><xs:field xpath="t:b"/></xs:unique>
    <xs:unique name="unprefixed"><xs:selector xpath="a"/><xs:field xpath="@k"/></xs:unique>
  </xs:element>
</xs:schema>"#;
    let mut files = BTreeMap::new();
    files.insert("ns.xsd".to_string(), schema.as_bytes().to_vec());
    let v = Validator::new(compile_files(&files).unwrap()).unwrap();
    let d = dir("ns");
    std::fs::write(d.join("ns.xsd"), schema).unwrap();
    let docs = [
        // Unprefixed `a` means no namespace: it selects nothing, duplicates of @k pass.
        ("<r xmlns=\"urn:t\"><a k=\"1\"/><a k=\"1\"/></r>", vec![]),
        ("<r xmlns=\"urn:t\"><a k=\"1\"><b v=\"1\"/>\n<b v=\"2\"/></a></r>", vec!["XSD_KEY_FIELD", "XSD_KEY_FIELD"]),
        ("<r xmlns=\"urn:t\"><a><b v=\"1\"/></a>\n<a><b v=\"1\"/></a></r>", vec!["XSD_KEY_FIELD", "XSD_KEY_FIELD", "XSD_UNIQUE"]),
    ];
    let mut problems = Vec::new();
    for (i, (text, expected)) in docs.into_iter().enumerate() {
        let file = d.join(format!("ns{i}.xml"));
        std::fs::write(&file, text).unwrap();
        problems.extend(common::compare_with_xmllint(&v, &d.join("ns.xsd"), &file, text));
        let got = codes_of(&v, text);
        if got != expected {
            problems.push(format!("{text}: expected {expected:?}, got {got:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&d);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn bad_identity_xpath_is_a_compile_error() {
    let schema = SCHEMA.replace("<xs:field xpath=\"@Код\"/>", "<xs:field xpath=\"@Код[1]\"/>");
    let mut files = BTreeMap::new();
    files.insert("registry.xsd".to_string(), schema.into_bytes());
    let e = compile_files(&files).unwrap_err().to_string();
    assert!(e.contains("@Код[1]") && e.contains("registry.xsd"), "{e}");
}

/// The one identity constraint of the real schemas: ЕФС-1's `УникальныйНомерПП`
/// (selector `ДСВ`, fields `НомерРеестра`, `ПлатежноеПоручение/Реквизиты/Номер`).
/// Its names are unprefixed while the schema is `elementFormDefault="qualified"`,
/// so (XPath 1.0: unprefixed = no namespace) it selects nothing and duplicates
/// pass — in xmllint and here. With the names bound to the target namespace the
/// constraint is enforced, again in both.
#[test]
fn real_efs1_unique_constraint() {
    use podpis_validator::generator::{generate, GenOptions};
    let sub = "sfr-efs1-2026-gradosphera-renamed";
    let src = common::formats().join(sub);
    let d = dir("efs").join("efs");
    std::fs::create_dir_all(&d).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.join(p.file_name().unwrap())).unwrap();
    }
    let pack = common::pack_for(sub);
    let idx = pack.forms.iter().position(|f| f.name == "efs1").unwrap();
    let text = generate(&pack, &GenOptions { form: idx, size: 1, repeat: None, optional_attributes: true }, "UTF-8").unwrap();
    let (a, b) = (text.find("<n1:ДСВ>").expect("ДСВ generated"), text.find("</n1:ДСВ>").unwrap() + "</n1:ДСВ>".len());
    let dup = format!("{}\n{}{}", &text[..b], &text[a..b], &text[b..]);
    let file = d.join("dup.xml");
    std::fs::write(&file, &dup).unwrap();
    let mut problems = Vec::new();
    let as_written = Validator::new(pack).unwrap();
    problems.extend(common::compare_with_xmllint(&as_written, &d.join("efs1.xsd"), &file, "as written"));
    assert!(common::check_xsd(&as_written, dup.as_bytes()).findings.is_empty());

    let xsd = std::fs::read_to_string(d.join("efs1.xsd")).unwrap();
    let patched = xsd
        .replace("<xs:unique name=\"УникальныйНомерПП\">", "<xs:unique name=\"УникальныйНомерПП\" xmlns:e=\"http://ns.efs.ru/EFS-1/2026-01-01\">")
        .replace("xpath=\"ДСВ\"", "xpath=\"e:ДСВ\"")
        .replace("xpath=\"НомерРеестра\"", "xpath=\"e:НомерРеестра\"")
        .replace("xpath=\"ПлатежноеПоручение/Реквизиты/Номер\"", "xpath=\"e:ПлатежноеПоручение/e:Реквизиты/e:Номер\"");
    assert_ne!(patched, xsd);
    std::fs::write(d.join("efs1.xsd"), &patched).unwrap();
    let files = podpis_validator::fs_load::load_schemas(std::slice::from_ref(&d)).unwrap();
    let enforced = Validator::new(compile_files(&files).unwrap()).unwrap();
    problems.extend(common::compare_with_xmllint(&enforced, &d.join("efs1.xsd"), &file, "prefixed"));
    let codes: Vec<_> = common::check_xsd(&enforced, dup.as_bytes()).findings.into_iter().map(|f| f.code).collect();
    assert_eq!(codes, ["XSD_UNIQUE"]);
    let _ = std::fs::remove_dir_all(d.parent().unwrap());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
