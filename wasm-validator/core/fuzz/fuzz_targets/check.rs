//! Fuzzes the XML reader + validator: any input must produce a report, never a
//! panic. The input is checked against three compiled fixtures (Cyrillic
//! namespaces/imports/groups; identity constraints; counted occurrence bounds)
//! and also compiled as a schema.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use podpis_validator::{compile_files, CheckOptions, Lang, Validator};

fn validators() -> &'static [Validator] {
    static V: OnceLock<Vec<Validator>> = OnceLock::new();
    V.get_or_init(|| {
        let sets: [&[(&str, &[u8])]; 3] = [
            &[
                ("cyr/main.xsd", include_bytes!("../../tests/fixtures/cyr/main.xsd")),
                ("cyr/types/types.xsd", include_bytes!("../../tests/fixtures/cyr/types/types.xsd")),
            ],
            &[("registry.xsd", include_bytes!("../../tests/fixtures/identity/registry.xsd"))],
            &[("big.xsd", include_bytes!("../../tests/fixtures/bounds/big.xsd"))],
        ];
        sets.iter()
            .map(|set| {
                let files: BTreeMap<String, Vec<u8>> = set.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
                Validator::new(compile_files(&files).expect("fixture compiles")).expect("pack loads")
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions { file_name: Some("NO_X_1.xml".into()), lang: Lang::En, max_findings: 50, ..Default::default() };
    for v in validators() {
        let _ = v.check(data, &opts);
    }
    // Also treat the input as a schema.
    let mut files = BTreeMap::new();
    files.insert("f.xsd".to_string(), data.to_vec());
    if let Ok(pack) = compile_files(&files) {
        if let Ok(v) = Validator::new(pack) {
            let _ = v.check(data, &opts);
        }
    }
});
