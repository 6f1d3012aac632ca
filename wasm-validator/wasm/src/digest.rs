//! Streaming digests for JS: `Digest` (constructor, `update`, `finalize`) and
//! the one-shot `digest(alg, bytes)`.
//!
//! The hashing is `podpis-digest`, i.e. exactly the code the native host and
//! verifier run; this module only converts JS values and errors.

use js_sys::Uint8Array;
use podpis_digest::{DigestAlgorithm, Hasher};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{ErrorCode, WasmError};

/// Every algorithm, in the order `digestAlgorithms()` lists them.
pub const ALGORITHMS: [DigestAlgorithm; 5] = [
    DigestAlgorithm::Sha256,
    DigestAlgorithm::Sha384,
    DigestAlgorithm::Sha512,
    DigestAlgorithm::Streebog256,
    DigestAlgorithm::Streebog512,
];

/// Bytes are copied from JS into WASM memory in pieces of at most this size,
/// so hashing a large `Uint8Array` never needs a WASM copy of all of it.
const COPY_CHUNK: u32 = 64 * 1024;

#[wasm_bindgen]
extern "C" {
    /// A digest algorithm name as JS passes it (typed in TypeScript as
    /// `DigestAlgorithmName`; checked at runtime).
    #[wasm_bindgen(typescript_type = "DigestAlgorithmName")]
    pub type AlgorithmName;

    /// Input bytes as JS passes them (typed as `Uint8Array`; checked at runtime).
    #[wasm_bindgen(typescript_type = "Uint8Array")]
    pub type Bytes;
}

/// Parses a wire name (`sha256`, `sha384`, `sha512`, `streebog256`,
/// `streebog512`; exact, lower-case).
pub fn parse_algorithm(name: &str) -> Result<DigestAlgorithm, WasmError> {
    ALGORITHMS
        .into_iter()
        .find(|a| a.as_str() == name)
        .ok_or_else(|| {
            let list = ALGORITHMS.map(DigestAlgorithm::as_str).join(", ");
            WasmError::new(
                ErrorCode::UnknownAlgorithm,
                format!("неизвестный алгоритм хэширования {name:?}; допустимы: {list}"),
                format!("unknown digest algorithm {name:?}; expected one of {list}"),
            )
        })
}

fn algorithm_from_js(alg: &JsValue) -> Result<DigestAlgorithm, WasmError> {
    match alg.as_string() {
        Some(name) => parse_algorithm(&name),
        None => Err(WasmError::new(
            ErrorCode::UnknownAlgorithm,
            "алгоритм хэширования задаётся строкой, например \"streebog256\"",
            "the digest algorithm must be a string such as \"streebog256\"",
        )),
    }
}

fn uint8array_from_js(bytes: &JsValue) -> Result<&Uint8Array, WasmError> {
    bytes.dyn_ref::<Uint8Array>().ok_or_else(|| {
        WasmError::new(
            ErrorCode::InvalidArgument,
            "данные для хэширования должны быть Uint8Array",
            "the data to hash must be a Uint8Array",
        )
    })
}

/// Feeds a JS `Uint8Array` to `hasher`, copying at most [`COPY_CHUNK`] bytes
/// at a time through `scratch`.
fn feed(hasher: &mut Hasher, data: &Uint8Array, scratch: &mut Vec<u8>) {
    let len = data.length();
    let mut off = 0u32;
    while off < len {
        let end = len.min(off.saturating_add(COPY_CHUNK));
        // Shrinking never reallocates; the buffer is at most COPY_CHUNK bytes.
        scratch.resize((end - off) as usize, 0);
        if off == 0 && end == len {
            data.copy_to(scratch);
        } else {
            data.subarray(off, end).copy_to(scratch);
        }
        hasher.update(scratch);
        off = end;
    }
}

/// An incremental digest (SHA-256/384/512, Streebog-256/512).
///
/// ```js
/// const d = new Digest("streebog256");
/// d.update(chunk1); d.update(chunk2);
/// const hash = d.finalize(); // Uint8Array(32), byte order as `openssl dgst` prints
/// ```
///
/// Errors are thrown as `PodpisWasmError` (`code`: `unknown-algorithm`,
/// `invalid-argument`, `digest-finalized`).
#[wasm_bindgen]
pub struct Digest {
    alg: DigestAlgorithm,
    hasher: Option<Hasher>,
    scratch: Vec<u8>,
}

#[wasm_bindgen]
impl Digest {
    /// Starts a digest. `alg` is one of `sha256`, `sha384`, `sha512`,
    /// `streebog256`, `streebog512`.
    #[wasm_bindgen(constructor)]
    pub fn new(alg: &AlgorithmName) -> Result<Digest, JsValue> {
        Ok(Digest::with_algorithm(algorithm_from_js(alg)?))
    }

    /// Feeds more bytes (a `Uint8Array`, including Node `Buffer`s).
    pub fn update(&mut self, bytes: &Bytes) -> Result<(), JsValue> {
        let data = uint8array_from_js(bytes)?;
        let hasher = self.hasher.as_mut().ok_or_else(finalized)?;
        feed(hasher, data, &mut self.scratch);
        Ok(())
    }

    /// Finishes and returns the digest. The object cannot be used afterwards
    /// (further calls throw `digest-finalized`); call `free()` to release it
    /// early, otherwise the JS garbage collector does.
    pub fn finalize(&mut self) -> Result<Vec<u8>, JsValue> {
        Ok(self.finalize_bytes()?)
    }

    /// Same as [`Digest::finalize`] (the name used in the extension's API contract).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        Ok(self.finalize_bytes()?)
    }

    /// The algorithm's wire name, e.g. `streebog256`.
    #[wasm_bindgen(getter, unchecked_return_type = "DigestAlgorithmName")]
    pub fn algorithm(&self) -> String {
        self.alg.as_str().to_owned()
    }

    /// The digest length in bytes (32, 48 or 64).
    #[wasm_bindgen(getter, js_name = outputLength)]
    pub fn output_length(&self) -> usize {
        self.alg.output_len()
    }
}

/// Rust-side API (not exported to JS), used by tests and other Rust callers.
impl Digest {
    /// Starts a digest for an already parsed algorithm.
    pub fn with_algorithm(alg: DigestAlgorithm) -> Digest {
        Digest {
            alg,
            hasher: Some(Hasher::new(alg)),
            scratch: Vec::new(),
        }
    }

    /// Feeds a Rust slice.
    pub fn update_bytes(&mut self, data: &[u8]) -> Result<(), WasmError> {
        self.hasher.as_mut().ok_or_else(finalized)?.update(data);
        Ok(())
    }

    /// Finishes; a second call fails with [`ErrorCode::DigestFinalized`].
    pub fn finalize_bytes(&mut self) -> Result<Vec<u8>, WasmError> {
        let hasher = self.hasher.take().ok_or_else(finalized)?;
        self.scratch = Vec::new();
        Ok(hasher.finalize())
    }
}

fn finalized() -> WasmError {
    WasmError::new(
        ErrorCode::DigestFinalized,
        "хэш этого Digest уже вычислен (finalize/finish вызывался)",
        "this Digest was already finalized",
    )
}

/// One-shot digest of `bytes` with `alg` (see `Digest`).
#[wasm_bindgen]
pub fn digest(alg: &AlgorithmName, bytes: &Bytes) -> Result<Vec<u8>, JsValue> {
    let alg = algorithm_from_js(alg)?;
    let data = uint8array_from_js(bytes)?;
    let mut hasher = Hasher::new(alg);
    feed(&mut hasher, data, &mut Vec::new());
    Ok(hasher.finalize())
}

/// The supported algorithm names.
#[wasm_bindgen(js_name = digestAlgorithms, unchecked_return_type = "DigestAlgorithmName[]")]
pub fn digest_algorithms() -> Vec<String> {
    ALGORITHMS.iter().map(|a| a.as_str().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_wire_name_and_rejects_others() {
        for alg in ALGORITHMS {
            assert_eq!(parse_algorithm(alg.as_str()), Ok(alg));
        }
        for bad in ["", "SHA256", "sha-256", "streebog", "gost3411"] {
            assert_eq!(
                parse_algorithm(bad).unwrap_err().code,
                ErrorCode::UnknownAlgorithm
            );
        }
    }

    #[test]
    fn finalize_twice_is_a_typed_error() {
        let mut d = Digest::with_algorithm(DigestAlgorithm::Streebog256);
        d.update_bytes(b"abc").unwrap();
        assert_eq!(
            d.finalize_bytes().unwrap(),
            podpis_digest::digest(DigestAlgorithm::Streebog256, b"abc")
        );
        assert_eq!(
            d.finalize_bytes().unwrap_err().code,
            ErrorCode::DigestFinalized
        );
        assert_eq!(
            d.update_bytes(b"x").unwrap_err().code,
            ErrorCode::DigestFinalized
        );
    }
}
