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
