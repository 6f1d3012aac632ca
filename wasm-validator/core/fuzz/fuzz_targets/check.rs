//! Fuzzes the XML reader + validator: any input must produce a report, never a panic.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use podpis_validator::{compile_files, CheckOptions, Validator};

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| {
        let mut files = BTreeMap::new();
        files.insert("cyr/main.xsd".to_string(), include_bytes!("../../tests/fixtures/cyr/main.xsd").to_vec());
        files.insert("cyr/types/types.xsd".to_string(), include_bytes!("../../tests/fixtures/cyr/types/types.xsd").to_vec());
        Validator::new(compile_files(&files).expect("fixture compiles")).expect("pack loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = validator().check(data, &CheckOptions::default());
    // Also treat the input as a schema.
    let mut files = BTreeMap::new();
    files.insert("f.xsd".to_string(), data.to_vec());
    let _ = compile_files(&files);
});
