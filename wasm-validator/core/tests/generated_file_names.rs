//! Generated FNS files carry an `ИдФайл` that follows the FNS file-name
//! convention; saved as `ИдФайл.xml` they pass the file-name checks (our
//! `FILE_NAME_FORMAT`, and rule 0400400007 `usch:getFileName() = @ИдФайл`).

mod common;

use podpis_validator::file_checks::id_file_problem;
use podpis_validator::generator::{encode_for_form, file_id, generate, GenOptions};
use podpis_validator::{CheckOptions, Validator};

fn opts(form: usize, size: usize) -> GenOptions {
    GenOptions { form, size, repeat: None, optional_attributes: true }
}

#[test]
fn generated_reports_pass_the_file_name_checks() {
    let mut checked = 0;
    for dir in ["fns", "fns-old"] {
        let pack = common::pack_for(dir);
        let v = Validator::new(pack.clone()).unwrap();
        for (idx, form) in pack.forms.iter().enumerate().filter(|(_, f)| f.name.starts_with("NO_")) {
            let id = file_id(&pack, &opts(idx, 2)).unwrap_or_else(|| panic!("{}: no ИдФайл", form.name));
            assert_eq!(id_file_problem(&id, &form.name), None, "{}: {id}", form.name);
            let text = generate(&pack, &opts(idx, 2), "windows-1251").unwrap();
            assert!(text.contains(&format!("ИдФайл=\"{id}\"")), "{}", form.name);
            let bytes = encode_for_form(&pack, idx, &text);
            let r = v.check(&bytes, &CheckOptions { file_name: Some(format!("/some/dir/{id}.xml")), ..Default::default() });
            let bad: Vec<_> = r.findings.iter().filter(|f| f.code.starts_with("FILE_NAME")).collect();
            assert!(bad.is_empty(), "{}: {bad:?}", form.name);
            // Saved under another name, the same file fails 0400400007.
            let r = v.check(&bytes, &CheckOptions { file_name: Some("report.xml".into()), ..Default::default() });
            assert!(r.findings.iter().any(|f| f.code == "FILE_NAME_MISMATCH"), "{}", form.name);
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} forms");
}

#[test]
fn file_ids_are_stable_and_distinct() {
    let pack = common::pack_for("fns");
    let idx = pack.forms.iter().position(|f| f.name == "NO_RASCHSV_1_162_00_05_08_02").unwrap();
    let a = file_id(&pack, &opts(idx, 2)).unwrap();
    assert_eq!(a, file_id(&pack, &opts(idx, 2)).unwrap());
    assert_ne!(a, file_id(&pack, &opts(idx, 3)).unwrap());
    let parts: Vec<&str> = a.split('_').collect();
    assert_eq!(&parts[..6], ["NO", "RASCHSV", "7701", "7701", "7707083893770101001", podpis_validator::generator::DOC_DATE]);
    let guid = parts[6];
    assert_eq!(guid.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);

    let upd = common::pack_for("upd");
    let i = upd.forms.iter().position(|f| f.name == "ON_NSCHFDOPPR_1_997_01_05_02_01").unwrap();
    let id = file_id(&upd, &opts(i, 1)).unwrap();
    assert!(id.starts_with("ON_NSCHFDOPPR_2BM-7707083893-770101001_2BM-540309840220_20260120_"), "{id}");
}

#[test]
fn cli_writes_the_fns_file_name_into_a_directory() {
    let dir = std::env::temp_dir().join(format!("podpis-gen-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_podpis-check"))
        .args(["generate", "--schemas"])
        .arg(common::formats().join("fns"))
        .args(["--form", "NO_USN_1_030_00_05_09_01", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("NO_USN_7701_7701_7707083893770101001_20260120_") && name.ends_with(".xml"), "{name}");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_podpis-check")).arg(&files[0]).arg("--schemas").arg(common::formats().join("fns")).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let report = String::from_utf8_lossy(&check.stdout);
    // Valid throughout: schema, Schematron (with 0400400007 on the file name), checksums.
    assert!(report.contains(": OK (") && !report.contains(": error "), "{report}");
}
