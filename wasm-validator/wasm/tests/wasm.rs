//! WASM tests through the JS-facing API (`Digest`, `digest`), run by
//! `wasm-bindgen-test-runner` in Node (default) and in headless Chromium
//! (`WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver`).
//! The expected bytes are the ones `tests/native.rs` checks natively.
#![cfg(target_arch = "wasm32")]

mod common;

use js_sys::{Reflect, Uint8Array};
use podpis_wasm::digest::{digest, digest_algorithms, AlgorithmName, Bytes, Digest};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn alg(name: &str) -> AlgorithmName {
    JsValue::from_str(name).unchecked_into()
}

fn bytes(data: &[u8]) -> Bytes {
    JsValue::from(Uint8Array::from(data)).unchecked_into()
}

fn code_of(err: JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "thrown value is an Error"
    );
    let name = Reflect::get(&err, &"name".into()).unwrap().as_string();
    assert_eq!(name.as_deref(), Some("PodpisWasmError"));
    let message = Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!message.is_empty());
    Reflect::get(&err, &"code".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn one_shot_matches_the_native_vectors() {
    for (input, name, expected) in common::VECTORS {
        let out = digest(&alg(name), &bytes(&common::input(input))).unwrap();
        assert_eq!(hex::encode(out), *expected, "{input} {name}");
    }
}

#[wasm_bindgen_test]
fn multi_chunk_stream_equals_one_shot() {
    let data = common::generated();
    for (input, name, expected) in common::VECTORS.iter().filter(|v| v.0 == "generated") {
        // Ragged chunk sizes around the 64-byte block and the 64 KiB internal
        // copy size, plus an empty update.
        for size in [63usize, 65, 4096, 70_000] {
            let mut d = Digest::new(&alg(name)).unwrap();
            d.update(&bytes(&[])).unwrap();
            for chunk in data.chunks(size) {
                d.update(&bytes(chunk)).unwrap();
            }
            assert_eq!(
                hex::encode(d.finalize().unwrap()),
                *expected,
                "{input} {name} by {size}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn subarray_views_are_hashed_by_their_own_bytes() {
    // A view into a larger buffer must hash only the view's bytes.
    let big = Uint8Array::from(&b"xxabcxx"[..]);
    let view: Bytes = JsValue::from(big.subarray(2, 5)).unchecked_into();
    let out = digest(&alg("sha256"), &view).unwrap();
    assert_eq!(
        hex::encode(out),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[wasm_bindgen_test]
fn properties_and_algorithm_list() {
    let names: Vec<String> = digest_algorithms();
    assert_eq!(
        names,
        ["sha256", "sha384", "sha512", "streebog256", "streebog512"]
    );
    for (name, len) in names.iter().zip([32, 48, 64, 32, 64]) {
        let d = Digest::new(&alg(name)).unwrap();
        assert_eq!(d.algorithm(), *name);
        assert_eq!(d.output_length(), len);
    }
}

#[wasm_bindgen_test]
fn errors_are_typed_js_objects() {
    for bad in ["sha1", "", "STREEBOG256"] {
        assert_eq!(
            code_of(Digest::new(&alg(bad)).err().unwrap()),
            "unknown-algorithm"
        );
        assert_eq!(
            code_of(digest(&alg(bad), &bytes(b"x")).unwrap_err()),
            "unknown-algorithm"
        );
    }
    let not_a_string: AlgorithmName = JsValue::from_f64(256.0).unchecked_into();
    assert_eq!(
        code_of(Digest::new(&not_a_string).err().unwrap()),
        "unknown-algorithm"
    );

    let mut d = Digest::new(&alg("streebog512")).unwrap();
    for junk in [
        JsValue::from_str("abc"),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js_sys::Array::new().into(),
    ] {
        let junk: Bytes = junk.unchecked_into();
        assert_eq!(code_of(d.update(&junk).unwrap_err()), "invalid-argument");
        assert_eq!(
            code_of(digest(&alg("sha256"), &junk).unwrap_err()),
            "invalid-argument"
        );
    }
    // Invalid input did not disturb the stream.
    d.update(&bytes(common::M1)).unwrap();
    assert_eq!(
        hex::encode(d.finalize().unwrap()),
        "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48"
    );
    assert_eq!(code_of(d.finalize().unwrap_err()), "digest-finalized");
    assert_eq!(
        code_of(d.update(&bytes(b"x")).unwrap_err()),
        "digest-finalized"
    );
}
