//! Generated reports are valid: for every form compiled from the reference
//! formats, a small generated instance saved under its `ИдФайл` has no errors
//! from our validator (XSD, Schematron, checksums, file name) and is valid for
//! the XSD oracle (lxml with a current libxml2 when `PODPIS_PYTHON` has it,
//! else xmllint); a 1000-person РСВ and a 1000-line УПД as well. Generation is
//! deterministic.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use podpis_validator::generator::{encode_for_form, file_id, generate, GenOptions, DOC_DATE, REPORT_YEAR};
use podpis_validator::{CheckOptions, Pack, Validator};

/// Formats folders whose schemas compile (`sfr-efs1-2024` lacks an included file).
const DIRS: &[&str] = &["fns", "fns-old", "upd", "sfr-efs1-2026-gradosphera-renamed"];

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("podpis-gen-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Generates form `idx` with `size` repetitions into `dir` under its own name; returns the path.
fn write_generated(pack: &Pack, idx: usize, size: usize, dir: &Path) -> PathBuf {
    let opts = GenOptions { form: idx, size, repeat: None, optional_attributes: true };
    let enc = if pack.forms[idx].fns { "windows-1251" } else { "UTF-8" };
    let text = generate(pack, &opts, enc).unwrap();
    let name = file_id(pack, &opts).unwrap_or_else(|| pack.forms[idx].name.clone());
    let path = dir.join(format!("{name}.xml"));
    std::fs::write(&path, encode_for_form(pack, idx, &text)).unwrap();
    path
}

fn our_errors(v: &Validator, file: &Path) -> Vec<String> {
    let r = v.check(&std::fs::read(file).unwrap(), &CheckOptions { file_name: Some(file.display().to_string()), ..Default::default() });
    assert!(r.form.is_some(), "{}: no form selected", file.display());
    r.findings.iter().filter(|f| f.severity == podpis_validator::Severity::Error).map(|f| format!("{} {} {}: {}", f.line, f.code, f.path, f.message)).collect()
}

/// XSD validity per the oracle: (xsd, file) pairs → problems.
fn oracle(pairs: &[(PathBuf, PathBuf)]) -> Vec<String> {
    let python = std::env::var_os("PODPIS_PYTHON").unwrap_or_else(|| "python3".into());
    let script = "import sys\nfrom lxml import etree\nargs = sys.argv[1:]\nfor xsd, f in zip(args[::2], args[1::2]):\n    s = etree.XMLSchema(etree.parse(xsd))\n    if not s.validate(etree.parse(f)):\n        print(f, s.error_log.last_error)\n";
    let has_lxml = Command::new(&python).args(["-c", "import lxml"]).status().is_ok_and(|s| s.success());
    if has_lxml {
        let out = Command::new(&python).arg("-c").arg(script).args(pairs.iter().flat_map(|(x, f)| [x, f])).output().unwrap();
        assert!(out.status.success(), "lxml: {}", String::from_utf8_lossy(&out.stderr));
        return String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    }
    pairs.iter().filter_map(|(x, f)| Some(common::xmllint(x, f)).filter(|r| !r.valid).map(|r| r.output)).collect()
}

#[test]
fn every_generated_form_is_valid() {
    let dir = tmpdir("all");
    let mut problems = Vec::new();
    let mut pairs = Vec::new();
    let mut forms = 0;
    for sub in DIRS {
        let pack = common::pack_for(sub);
        let v = Validator::new(pack.clone()).unwrap();
        for (idx, form) in pack.forms.iter().enumerate() {
            let file = write_generated(&pack, idx, 2, &dir);
            let errors = our_errors(&v, &file);
            if !errors.is_empty() {
                problems.push(format!("{sub}/{}: {errors:#?}", form.name));
            }
            pairs.push((common::formats().join(sub).join(&form.schema_file), file));
            forms += 1;
        }
    }
    problems.extend(oracle(&pairs));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(forms >= 22, "only {forms} forms");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn large_rsv_and_upd_are_valid() {
    let dir = tmpdir("large");
    let mut pairs = Vec::new();
    for (sub, name, repeat) in [("fns", "NO_RASCHSV_1_162_00_05_08_02", "<ПерсСвСтрахЛиц"), ("upd", "ON_NSCHFDOPPR_1_997_01_05_02_01", "<СведТов")] {
        let pack = common::pack_for(sub);
        let idx = pack.forms.iter().position(|f| f.name == name).unwrap();
        let file = write_generated(&pack, idx, 1000, &dir);
        let v = Validator::new(pack.clone()).unwrap();
        assert_eq!(our_errors(&v, &file), Vec::<String>::new(), "{name}");
        let bytes = std::fs::read(&file).unwrap();
        let text = if pack.forms[idx].fns { encoding_rs::WINDOWS_1251.decode(&bytes).0.into_owned() } else { String::from_utf8(bytes).unwrap() };
        assert_eq!(text.matches(repeat).count(), 1000, "{name}");
        pairs.push((common::formats().join(sub).join(&pack.forms[idx].schema_file), file));
    }
    let problems = oracle(&pairs);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn generated_values_are_realistic_and_deterministic() {
    let pack = common::pack_for("fns");
    let idx = pack.forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let opts = GenOptions { form: idx, size: 50, repeat: None, optional_attributes: true };
    let text = generate(&pack, &opts, "windows-1251").unwrap();
    assert_eq!(text, generate(&pack, &opts, "windows-1251").unwrap(), "same options, same document");
    let doc_date = format!("{}.{}.{}", &DOC_DATE[6..], &DOC_DATE[4..6], &DOC_DATE[..4]);
    assert!(text.contains(&format!("ДатаДок=\"{doc_date}\"")), "document date");
    assert!(text.contains(&format!("ОтчетГод=\"{REPORT_YEAR}\"")), "reporting year");
    assert!(!text.contains(".1911\"") && !text.contains("\"1911-"), "no placeholder dates");
    assert!(!text.contains("ПрАннулир="), "a primary report annuls nothing");
    // Every person has their own SNILS and INN.
    let attr = |name: &str| -> Vec<&str> { text.split(&format!(" {name}=\"")).skip(1).map(|s| &s[..s.find('"').unwrap()]).collect() };
    let mut snils = attr("СНИЛС");
    snils.sort();
    snils.dedup();
    assert!(snils.len() >= 50, "{} distinct SNILS", snils.len());
    let mut inn = attr("ИННФЛ");
    inn.sort();
    inn.dedup();
    assert!(inn.len() >= 50, "{} distinct INN", inn.len());
    // Persons differ in everything the rules leave free: names, birth dates,
    // amounts (the validator's per-document value memo must not be flattered).
    let distinct = |name: &str| -> usize {
        let mut v = attr(name);
        v.sort();
        v.dedup();
        v.len()
    };
    for (name, at_least) in [("Фамилия", 20), ("Имя", 15), ("Отчество", 10), ("ДатаРожд", 40), ("СумВыпл", 90), ("СерНомДок", 45)] {
        assert!(distinct(name) >= at_least, "{name}: {} distinct values", distinct(name));
    }
    // A person's name agrees with their sex (Пол 1 male, 2 female).
    for person in text.split("<ДанФЛПолуч ").skip(1) {
        let get = |n: &str| person.split(&format!(" {n}=\"")).nth(1).map(|s| &s[..s.find('"').unwrap()]);
        if let (Some(sex), Some(patronymic)) = (get("Пол"), get("Отчество")) {
            assert_eq!(sex == "2", patronymic.ends_with("на"), "{sex} {patronymic}");
        }
    }
    // Birth dates are in the past, payments in the reporting year.
    assert!(attr("ДатаРожд").iter().all(|d| d[6..].parse::<u32>().is_ok_and(|y| (1940..2010).contains(&y))));
    let sums: Vec<f64> = attr("СумВыпл").iter().map(|s| s.parse().unwrap()).collect();
    assert!(sums.iter().all(|s| *s >= 0.0) && sums.iter().any(|s| *s >= 1000.0), "{sums:?}");
}

#[test]
fn generated_upd_lines_are_numbered_and_varied() {
    let pack = common::pack_for("upd");
    let idx = pack.forms.iter().position(|f| f.name == "ON_NSCHFDOPPR_1_997_01_05_02_01").unwrap();
    let text = generate(&pack, &GenOptions { form: idx, size: 40, repeat: None, optional_attributes: true }, "windows-1251").unwrap();
    let attr = |name: &str| -> Vec<&str> { text.split(&format!(" {name}=\"")).skip(1).map(|s| &s[..s.find('"').unwrap()]).collect() };
    let lines: Vec<String> = (1..=40).map(|i| i.to_string()).collect();
    assert_eq!(attr("НомСтр"), lines, "lines numbered 1..40");
    for name in ["НаимТов", "ЦенаТов", "СтТовБезНДС"] {
        let mut v = attr(name);
        v.sort();
        v.dedup();
        assert!(v.len() >= 30, "{name}: {} distinct values", v.len());
    }
}
