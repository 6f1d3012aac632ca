//! Native side of the byte-identity check: `podpis-digest` compiled for the
//! host produces exactly the known answers that `tests/wasm.rs` asserts for
//! the WASM build.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use podpis_wasm::digest::parse_algorithm;
use podpis_wasm::Digest;

#[test]
fn native_digests_match_the_shared_vectors() {
    for (input, alg, expected) in common::VECTORS {
        let alg = parse_algorithm(alg).unwrap();
        let data = common::input(input);
        assert_eq!(
            hex::encode(podpis_digest::digest(alg, &data)),
            *expected,
            "{input} {alg:?}"
        );
        if *input == "generated" {
            continue; // large: one-shot only (debug builds hash slowly)
        }
        // The Rust-side streaming API of the bindings agrees too.
        let mut d = Digest::with_algorithm(alg);
        for chunk in data.chunks(7) {
            d.update_bytes(chunk).unwrap();
        }
        assert_eq!(
            hex::encode(d.finalize_bytes().unwrap()),
            *expected,
            "{input} {alg:?} streamed"
        );
    }
}

mod fixtures;

/// The Rust-side validator API of the bindings gives the native reports and
/// the native pack (the WASM tests assert the same through JS).
#[test]
fn bindings_give_the_native_reports() {
    use podpis_validator::Lang;
    use podpis_wasm::ReportValidator;
    fixtures::require();
    let v = ReportValidator::from_pack_bytes(fixtures::PACK).unwrap();
    for (path, bytes, ru, en) in fixtures::SAMPLES {
        let name = fixtures::file_name(path);
        for (lang, expected) in [(Lang::Ru, ru), (Lang::En, en)] {
            let got = serde_json::to_string(&v.check_bytes(bytes.to_vec(), name, lang)).unwrap();
            assert_eq!(&got, expected, "{path}");
        }
        let report: serde_json::Value = serde_json::from_str(ru).unwrap();
        assert_eq!(
            v.detect_bytes(bytes).map(|f| f.name),
            report["form"].as_str().map(str::to_string),
            "{path}"
        );
    }
    let map = fixtures::SCHEMAS.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    assert!(ReportValidator::compile_map(map).unwrap().pack_bytes() == fixtures::PACK);
}
