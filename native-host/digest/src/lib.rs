//! Streaming digests (SHA-256/384/512, Streebog-256/512) used by the host,
//! the token layer, the verifier and the WASM validator.
//!
//! No OS dependencies: this crate compiles to `wasm32-unknown-unknown`.

use digest::Digest;
pub use podpis_protocol::DigestAlgorithm;

/// An incremental hasher for one of the protocol's [`DigestAlgorithm`]s.
#[derive(Clone)]
pub struct Hasher {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Streebog256(podpis_gost::digest::Streebog256),
    Streebog512(podpis_gost::digest::Streebog512),
}

impl Hasher {
    /// Starts a new digest computation.
    pub fn new(alg: DigestAlgorithm) -> Hasher {
        let inner = match alg {
            DigestAlgorithm::Sha256 => Inner::Sha256(sha2::Sha256::new()),
            DigestAlgorithm::Sha384 => Inner::Sha384(sha2::Sha384::new()),
            DigestAlgorithm::Sha512 => Inner::Sha512(sha2::Sha512::new()),
            DigestAlgorithm::Streebog256 => Inner::Streebog256(podpis_gost::digest::Streebog256::new()),
            DigestAlgorithm::Streebog512 => Inner::Streebog512(podpis_gost::digest::Streebog512::new()),
        };
        Hasher { inner }
    }

    /// The algorithm this hasher computes.
    pub fn algorithm(&self) -> DigestAlgorithm {
        match self.inner {
            Inner::Sha256(_) => DigestAlgorithm::Sha256,
            Inner::Sha384(_) => DigestAlgorithm::Sha384,
            Inner::Sha512(_) => DigestAlgorithm::Sha512,
            Inner::Streebog256(_) => DigestAlgorithm::Streebog256,
            Inner::Streebog512(_) => DigestAlgorithm::Streebog512,
        }
    }

    /// Feeds more data.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.inner {
            Inner::Sha256(h) => h.update(data),
            Inner::Sha384(h) => h.update(data),
            Inner::Sha512(h) => h.update(data),
            Inner::Streebog256(h) => h.update(data),
            Inner::Streebog512(h) => h.update(data),
        }
    }

    /// Finishes and returns the digest (`alg.output_len()` bytes).
    pub fn finalize(self) -> Vec<u8> {
        match self.inner {
            Inner::Sha256(h) => h.finalize().to_vec(),
            Inner::Sha384(h) => h.finalize().to_vec(),
            Inner::Sha512(h) => h.finalize().to_vec(),
            Inner::Streebog256(h) => h.finalize().to_vec(),
            Inner::Streebog512(h) => h.finalize().to_vec(),
        }
    }
}

/// One-shot digest of `data`.
pub fn digest(alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    let mut h = Hasher::new(alg);
    h.update(data);
    h.finalize()
}

/// The message signed by certificate login: `H(H(origin) ‖ H(challenge))`.
///
/// The origin is the exact serialized web origin (`https://host[:port]`),
/// the challenge the raw nonce bytes. Shared by the token layer (which
/// signs it) and the verifier (which checks it), so both sides agree.
pub fn auth_message(alg: DigestAlgorithm, origin: &str, challenge: &[u8]) -> Vec<u8> {
    let mut outer = Hasher::new(alg);
    outer.update(&digest(alg, origin.as_bytes()));
    outer.update(&digest(alg, challenge));
    outer.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        assert_eq!(
            hex::encode(digest(DigestAlgorithm::Sha256, b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // GOST R 34.11-2012 test vector M1 (streebog crate's vector, big-endian output).
        let m1 = b"012345678901234567890123456789012345678901234567890123456789012";
        assert_eq!(
            hex::encode(digest(DigestAlgorithm::Streebog256, m1)),
            "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"
        );
        for alg in [
            DigestAlgorithm::Sha256,
            DigestAlgorithm::Sha384,
            DigestAlgorithm::Sha512,
            DigestAlgorithm::Streebog256,
            DigestAlgorithm::Streebog512,
        ] {
            assert_eq!(digest(alg, b"x").len(), alg.output_len());
            assert_eq!(Hasher::new(alg).algorithm(), alg);
        }
    }

    #[test]
    fn streaming_equals_one_shot() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let mut h = Hasher::new(DigestAlgorithm::Sha384);
        for chunk in data.chunks(777) {
            h.update(chunk);
        }
        assert_eq!(h.finalize(), digest(DigestAlgorithm::Sha384, &data));
    }

    #[test]
    fn auth_message_binds_origin_and_challenge() {
        let a = auth_message(DigestAlgorithm::Sha256, "https://a.ru", &[1; 32]);
        let b = auth_message(DigestAlgorithm::Sha256, "https://b.ru", &[1; 32]);
        let c = auth_message(DigestAlgorithm::Sha256, "https://a.ru", &[2; 32]);
        assert_ne!(a, b);
        assert_ne!(a, c);
        let mut inner = digest(DigestAlgorithm::Sha256, b"https://a.ru");
        inner.extend(digest(DigestAlgorithm::Sha256, &[1; 32]));
        assert_eq!(a, digest(DigestAlgorithm::Sha256, &inner));
    }
}
