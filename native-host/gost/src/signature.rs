//! GOST R 34.10-2012 signature generation and verification.
//!
//! Digest interpretation (pinned against OpenSSL and the standard's examples,
//! see `docs/gost.md`): the digest bytes, exactly as Streebog outputs them
//! (= `openssl dgst` hex), are read as a **little-endian** integer `α`;
//! `e = α mod q`, and `e = 1` if that is zero.

use crate::error::{GostError, VerifyError};
use crate::keys::{to_be_fixed, PrivateKey, PublicKey};
use crate::params::ParamSet;
use num_bigint::{BigUint, RandBigInt};
use num_traits::Zero;
use rand_core::{CryptoRng, RngCore};

/// A signature `(r, s)`, both in `(0, q)` when produced by [`PrivateKey::sign_digest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// r = x(k·P) mod q.
    pub r: BigUint,
    /// s = (r·d + k·e) mod q.
    pub s: BigUint,
}

/// `e = α mod q` with `α` the digest read little-endian; 0 maps to 1.
pub fn digest_to_e(digest: &[u8], q: &BigUint) -> BigUint {
    let e = BigUint::from_bytes_le(digest) % q;
    if e.is_zero() {
        BigUint::from(1u32)
    } else {
        e
    }
}

impl Signature {
    /// CMS / X.509 encoding (RFC 4491 §2.2.2, RFC 9215): `s ‖ r`, each
    /// big-endian and `len` bytes (32 for 256-bit sets, 64 for 512-bit). This
    /// is also what `openssl dgst -sign` writes with the gost engine.
    pub fn to_cms_bytes(&self, params: ParamSet) -> Vec<u8> {
        let n = params.key_size().bytes();
        let mut out = to_be_fixed(&self.s, n);
        out.extend(to_be_fixed(&self.r, n));
        out
    }

    /// Parses the CMS / X.509 encoding `s ‖ r` (big-endian halves).
    pub fn from_cms_bytes(params: ParamSet, bytes: &[u8]) -> Result<Self, GostError> {
        let n = params.key_size().bytes();
        if bytes.len() != 2 * n {
            return Err(GostError::InvalidLength { what: "signature", expected: 2 * n, got: bytes.len() });
        }
        Ok(Signature { s: BigUint::from_bytes_be(&bytes[..n]), r: BigUint::from_bytes_be(&bytes[n..]) })
    }

    /// PKCS#11 `CKM_GOSTR3410` / `CKM_GOSTR3410_512` output layout. PKCS#11
    /// v2.30/v2.40 ("GOST R 34.10-2001 without hashing") defines it as the
    /// concatenation of `s` and `r`, each big-endian, citing RFC 4491 §2.2.2,
    /// so it is byte-identical to [`Signature::to_cms_bytes`].
    pub fn to_pkcs11_bytes(&self, params: ParamSet) -> Vec<u8> {
        self.to_cms_bytes(params)
    }

    /// Parses a PKCS#11 `CKM_GOSTR3410` signature (`s ‖ r`, big-endian).
    pub fn from_pkcs11_bytes(params: ParamSet, bytes: &[u8]) -> Result<Self, GostError> {
        Self::from_cms_bytes(params, bytes)
    }
}

impl PrivateKey {
    /// Signs a precomputed digest (Streebog-256 for 256-bit sets,
    /// Streebog-512 for 512-bit; bytes as Streebog outputs them) with a random
    /// nonce. Any digest length is accepted (it is reduced mod q), but callers
    /// should pass [`ParamSet::hash`]'s output.
    ///
    /// Variable-time; for test keys only (see [`PrivateKey`]).
    pub fn sign_digest<R: RngCore + CryptoRng>(&self, digest: &[u8], rng: &mut R) -> Signature {
        let q = self.params().curve().q;
        let one = BigUint::from(1u32);
        loop {
            let k = rng.gen_biguint_range(&one, &q);
            if let Some(sig) = self.sign_digest_with_k(digest, &k) {
                return sig;
            }
        }
    }

    /// Deterministic signing with a caller-chosen nonce `k` (for the standard's
    /// worked examples). Returns `None` if `k ∉ (0, q)` or `r` or `s` is 0.
    pub fn sign_digest_with_k(&self, digest: &[u8], k: &BigUint) -> Option<Signature> {
        let curve = self.params().curve();
        if k.is_zero() || k >= &curve.q {
            return None;
        }
        let e = digest_to_e(digest, &curve.q);
        let c = curve.mul_base(k)?;
        let r = c.x % &curve.q;
        if r.is_zero() {
            return None;
        }
        let s = (&r * self.scalar() + k * e) % &curve.q;
        if s.is_zero() {
            return None;
        }
        Some(Signature { r, s })
    }
}

impl PublicKey {
    /// Verifies `sig` over `digest` (bytes as Streebog outputs them). The
    /// digest must be 32 bytes for 256-bit sets and 64 for 512-bit sets.
    pub fn verify_digest(&self, digest: &[u8], sig: &Signature) -> Result<(), VerifyError> {
        let expected = self.params.key_size().bytes();
        if digest.len() != expected {
            return Err(VerifyError::DigestLength { expected, got: digest.len() });
        }
        let curve = self.params.curve();
        let q = &curve.q;
        if sig.r.is_zero() || sig.s.is_zero() || &sig.r >= q || &sig.s >= q {
            return Err(VerifyError::OutOfRange);
        }
        let point = self.point();
        if !curve.is_on_curve(&point) {
            return Err(VerifyError::InvalidPublicKey);
        }
        let e = digest_to_e(digest, q);
        // v = e^-1 mod q (q prime), z1 = s·v, z2 = -r·v.
        let v = e.modpow(&(q - 2u32), q);
        let z1 = (&sig.s * &v) % q;
        let z2 = ((q - &sig.r) * &v) % q;
        let c = curve.mul_add(&curve.base, &z1, &point, &z2).ok_or(VerifyError::Mismatch)?;
        if c.x % q == sig.r {
            Ok(())
        } else {
            Err(VerifyError::Mismatch)
        }
    }

    /// Hashes `message` with [`ParamSet::hash`] and verifies.
    pub fn verify_message(&self, message: &[u8], sig: &Signature) -> Result<(), VerifyError> {
        self.verify_digest(&self.params.hash().digest(message), sig)
    }
}

impl PrivateKey {
    /// Hashes `message` with [`ParamSet::hash`] and signs.
    pub fn sign_message<R: RngCore + CryptoRng>(&self, message: &[u8], rng: &mut R) -> Signature {
        self.sign_digest(&self.params().hash().digest(message), rng)
    }
}
