//! Differential tests against xmllint (libxml2): the XSD-level verdict must be the
//! same, and xmllint's first error line must be among the lines we report.
//! Covers every schema/sample pair of the reference folder and systematic
//! mutations of generated valid instances. xmllint is REQUIRED (the tests fail
//! without it).

mod common;

use std::path::PathBuf;

use podpis_validator::generator::{encode_for_form, generate, GenOptions};
use podpis_validator::Validator;

struct Case {
    dir: &'static str,
    form: &'static str,
}

const FORMS: &[Case] = &[
    Case { dir: "fns", form: "NO_RASCHSV_1_162_00_05_08_02" },
    Case { dir: "fns", form: "NO_NDFL6.2_1_231_00_05_05_02" },
    Case { dir: "fns", form: "NO_USN_1_030_00_05_09_01" },
    Case { dir: "fns", form: "NO_BUHOTCH_1_105_00_05_09_01" },
    Case { dir: "fns", form: "NO_PERSSVFL_1_297_00_05_01_02" },
    Case { dir: "fns", form: "UT_UVISCHSUMNAL_1_263_00_05_03_01" },
    Case { dir: "upd", form: "ON_NSCHFDOPPR_1_997_01_05_02_01" },
    Case { dir: "upd", form: "ON_NSCHFDOPPOK_1_997_02_05_01_02" },
    Case { dir: "fns-old", form: "NO_NDFL2_1_399_00_05_06_01" },
    Case { dir: "fns-old", form: "1020" },
    Case { dir: "sfr-efs1-2026-gradosphera-renamed", form: "efs1" },
];

fn tmpdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("podpis-validator-diff-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn samples_agree_with_xmllint() {
    let f = common::formats();
    let pairs: &[(&str, &str, &str)] = &[
        ("fns", "NO_BOUPR_1_159_00_05_04_01", "samples/gradosphera/NO_BOUPR_romashka.xml"),
        ("fns", "NO_NDFL6.2_1_231_00_05_05_02", "samples/gradosphera/NO_NDFL6.2_romashka.xml"),
        ("fns", "NO_RASCHSV_1_162_00_05_08_02", "samples/gradosphera/NO_RASCHSV_romashka.xml"),
        ("fns", "NO_USN_1_030_00_05_09_01", "samples/gradosphera/NO_USN_romashka.xml"),
        ("upd", "ON_NSCHFDOPPR_1_997_01_05_01_03", "samples/diadoc/generate_utd820_05_01_02_hyphen_title0_resp.xml"),
        ("upd", "ON_NSCHFDOPPR_1_997_01_05_02_01", "samples/diadoc/generate_utd970_05_02_01_title0_resp.xml"),
        ("fns-old", "NO_NDS.12_1_003_07_05_04_01", "samples/testm/NO_NDS.12_1_1_0212345678020012345_20140331_1.xml"),
        // Uses the original Cyrillic namespace; the renamed schema rejects its root (so does xmllint).
        ("sfr-efs1-2026-gradosphera-renamed", "efs1", "samples/gradosphera/EFS1_romashka.xml"),
    ];
    let mut problems = Vec::new();
    for (dir, form, sample) in pairs {
        let v = Validator::new(common::pack_for(dir)).unwrap();
        let xsd = f.join(dir).join(format!("{form}.xsd"));
        let file = f.join(sample);
        // Our form selection must pick the same schema for the sample.
        let rep = common::check_xsd(&v, &std::fs::read(&file).unwrap());
        if rep.form.is_some() {
            assert_eq!(rep.form.as_deref(), Some(*form), "{sample}: selected form");
        }
        problems.extend(common::compare_with_xmllint(&v, &xsd, &file, sample));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Systematic mutations of a generated instance (one element or attribute per line).
fn mutations(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let attr_re = regex::Regex::new(r#" ([^ =<>"]+)="([^"]*)""#).unwrap();
    let mut attr_sites = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(1) {
        for m in attr_re.captures_iter(l) {
            let whole = m.get(0).unwrap();
            if m[1].starts_with("xmlns") {
                continue;
            }
            attr_sites.push((i, whole.start(), whole.end(), m[1].to_string(), m[2].to_string()));
        }
    }
    let stride = (attr_sites.len() / 12).max(1);
    let join = |ls: &[String]| ls.join("\n");
    let owned: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    for (k, (i, s, e, name, value)) in attr_sites.iter().enumerate().step_by(stride) {
        let l = &owned[*i];
        let mut edit = |label: String, replacement: String| {
            let mut ls = owned.clone();
            ls[*i] = format!("{}{}{}", &l[..*s], replacement, &l[*e..]);
            out.push((label, join(&ls)));
        };
        edit(format!("remove attribute {name} #{k}"), String::new());
        edit(format!("{name}: bad value"), format!(" {name}=\"X?\""));
        edit(format!("{name}: too long"), format!(" {name}=\"{}\"", value.repeat(40).chars().take(3000).collect::<String>() + "1"));
        edit(format!("{name}: empty"), format!(" {name}=\"\""));
        edit(format!("{name}: fraction digits"), format!(" {name}=\"1.123456789\""));
        edit(format!("{name}: huge number"), format!(" {name}=\"-99999999999999999999\""));
        edit(format!("{name}: bad date"), format!(" {name}=\"31.02.2024\""));
        edit(format!("{name}: unknown attribute"), format!(" {name}=\"{value}\" НеизвАтр=\"1\""));
    }
    // Element-level mutations on single-line (self-closing) elements.
    let singles: Vec<usize> = (1..owned.len()).filter(|&i| owned[i].starts_with('<') && owned[i].ends_with("/>")).collect();
    let stride = (singles.len() / 10).max(1);
    for &i in singles.iter().step_by(stride) {
        let mut ls = owned.clone();
        ls.remove(i);
        out.push((format!("remove element line {}", i + 1), join(&ls)));
        let mut ls = owned.clone();
        ls.insert(i, owned[i].clone());
        ls.insert(i, owned[i].clone());
        out.push((format!("duplicate element line {}", i + 1), join(&ls)));
        if i + 1 < owned.len() && owned[i + 1].starts_with('<') && !owned[i + 1].starts_with("</") {
            let mut ls = owned.clone();
            ls.swap(i, i + 1);
            out.push((format!("swap lines {} and {}", i + 1, i + 2), join(&ls)));
        }
        let mut ls = owned.clone();
        ls.insert(i, "<НеизвЭлемент/>".to_string());
        out.push((format!("unknown element before line {}", i + 1), join(&ls)));
    }
    out
}

#[test]
fn generated_instances_and_mutations_agree_with_xmllint() {
    let f = common::formats();
    let dir = tmpdir();
    let mut problems = Vec::new();
    let mut total = 0;
    for case in FORMS {
        let pack = common::pack_for(case.dir);
        let idx = pack.forms.iter().position(|x| x.name == case.form).expect("form");
        let enc = if pack.forms[idx].fns { "windows-1251" } else { "UTF-8" };
        let text = generate(&pack, &GenOptions { form: idx, size: 2, repeat: None, optional_attributes: true }, enc).unwrap();
        let xsd = f.join(case.dir).join(format!("{}.xsd", case.form));
        let v = Validator::new(pack.clone()).unwrap();
        let file = dir.join(format!("{}.xml", case.form));
        std::fs::write(&file, encode_for_form(&pack, idx, &text)).unwrap();
        let valid = common::xmllint(&xsd, &file);
        assert!(valid.valid, "{}: generated instance is invalid per xmllint:\n{}", case.form, valid.output);
        problems.extend(common::compare_with_xmllint(&v, &xsd, &file, &format!("{} (generated)", case.form)));
        for (label, mutated) in mutations(&text) {
            std::fs::write(&file, encode_for_form(&pack, idx, &mutated)).unwrap();
            total += 1;
            problems.extend(common::compare_with_xmllint(&v, &xsd, &file, &format!("{}: {label}", case.form)));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(total > 300, "only {total} mutations");
    assert!(problems.is_empty(), "{} of {total} mutations disagree:\n{}", problems.len(), problems.join("\n\n"));
}
