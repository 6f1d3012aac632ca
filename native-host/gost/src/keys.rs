//! GOST R 34.10-2012 private and public keys and their byte encodings.
//!
//! Byte orders (pinned against OpenSSL, see `docs/gost.md`):
//! * public key in certificates / PKCS#11 `CKA_VALUE`: `X ‖ Y`, each
//!   coordinate little-endian, 32 or 64 bytes each;
//! * private key: both orders are accepted explicitly; PKCS#8 from the OpenSSL
//!   gost engine and PKCS#11 `CKA_VALUE` carry it little-endian.

use crate::curve::AffinePoint;
use crate::error::GostError;
use crate::params::ParamSet;
use num_bigint::{BigUint, RandBigInt};
use num_traits::Zero;
use rand_core::{CryptoRng, RngCore};

/// A private key `d`, `0 < d < q`.
///
/// **Not hardened**: arithmetic is variable-time `num-bigint` and the value is
/// not zeroised. Intended for the test token and test vectors only; production
/// signing happens on the hardware token.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey {
    params: ParamSet,
    d: BigUint,
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey").field("params", &self.params).finish_non_exhaustive()
    }
}

/// A public key `Q = d·P`, a point on the curve of `params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// Parameter set of the key.
    pub params: ParamSet,
    /// x coordinate.
    pub x: BigUint,
    /// y coordinate.
    pub y: BigUint,
}

/// Big-endian fixed-width encoding (left-padded with zeros).
pub(crate) fn to_be_fixed(v: &BigUint, len: usize) -> Vec<u8> {
    let bytes = v.to_bytes_be();
    let mut out = vec![0u8; len.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes[bytes.len().saturating_sub(len)..]);
    out
}

/// Little-endian fixed-width encoding (right-padded with zeros).
pub(crate) fn to_le_fixed(v: &BigUint, len: usize) -> Vec<u8> {
    let mut out = to_be_fixed(v, len);
    out.reverse();
    out
}

impl PrivateKey {
    fn from_scalar(params: ParamSet, d: BigUint) -> Result<Self, GostError> {
        let q = params.curve().q;
        if d.is_zero() || d >= q {
            return Err(GostError::PrivateKeyOutOfRange);
        }
        Ok(PrivateKey { params, d })
    }

    fn check_len(params: ParamSet, bytes: &[u8]) -> Result<(), GostError> {
        let expected = params.key_size().bytes();
        if bytes.len() != expected {
            return Err(GostError::InvalidLength { what: "private key", expected, got: bytes.len() });
        }
        Ok(())
    }

    /// Private key from its little-endian encoding (32 or 64 bytes, as in
    /// PKCS#8 from the OpenSSL gost engine and PKCS#11 `CKA_VALUE`).
    pub fn from_le_bytes(params: ParamSet, bytes: &[u8]) -> Result<Self, GostError> {
        Self::check_len(params, bytes)?;
        Self::from_scalar(params, BigUint::from_bytes_le(bytes))
    }

    /// Private key from its big-endian encoding (32 or 64 bytes, as printed in
    /// the standard's examples).
    pub fn from_be_bytes(params: ParamSet, bytes: &[u8]) -> Result<Self, GostError> {
        Self::check_len(params, bytes)?;
        Self::from_scalar(params, BigUint::from_bytes_be(bytes))
    }

    /// Generates a uniformly random key `1 ≤ d < q`.
    pub fn generate<R: RngCore + CryptoRng>(params: ParamSet, rng: &mut R) -> Self {
        let q = params.curve().q;
        let d = rng.gen_biguint_range(&BigUint::from(1u32), &q);
        PrivateKey { params, d }
    }

    /// Parameter set of the key.
    pub fn params(&self) -> ParamSet {
        self.params
    }

    /// The scalar `d`.
    pub fn scalar(&self) -> &BigUint {
        &self.d
    }

    /// Little-endian fixed-width encoding.
    pub fn to_le_bytes(&self) -> Vec<u8> {
        to_le_fixed(&self.d, self.params.key_size().bytes())
    }

    /// Big-endian fixed-width encoding.
    pub fn to_be_bytes(&self) -> Vec<u8> {
        to_be_fixed(&self.d, self.params.key_size().bytes())
    }

    /// The public key `Q = d·P`.
    pub fn public_key(&self) -> PublicKey {
        let curve = self.params.curve();
        // d is in [1, q) and P has order q, so d·P is never infinity.
        let q = curve.mul_base(&self.d).unwrap_or_else(|| curve.base.clone());
        PublicKey { params: self.params, x: q.x, y: q.y }
    }
}

impl PublicKey {
    /// Public key from affine coordinates; checks the point is on the curve.
    pub fn from_coordinates(params: ParamSet, x: BigUint, y: BigUint) -> Result<Self, GostError> {
        let pk = PublicKey { params, x, y };
        if !params.curve().is_on_curve(&pk.point()) {
            return Err(GostError::InvalidPoint);
        }
        Ok(pk)
    }

    /// Parses the certificate / PKCS#11 encoding `X ‖ Y`, each coordinate
    /// little-endian (64 bytes for 256-bit sets, 128 for 512-bit). This is the
    /// content of the OCTET STRING inside the SubjectPublicKeyInfo BIT STRING.
    pub fn from_cert_bytes(params: ParamSet, bytes: &[u8]) -> Result<Self, GostError> {
        let n = params.key_size().bytes();
        if bytes.len() != 2 * n {
            return Err(GostError::InvalidLength { what: "public key", expected: 2 * n, got: bytes.len() });
        }
        let x = BigUint::from_bytes_le(&bytes[..n]);
        let y = BigUint::from_bytes_le(&bytes[n..]);
        Self::from_coordinates(params, x, y)
    }

    /// Parses the content of a certificate's `subjectPublicKey` BIT STRING
    /// (without the unused-bits octet): the DER `OCTET STRING` wrapping
    /// `X ‖ Y` little-endian (`04 40 …` for 256-bit, `04 81 80 …` for 512-bit).
    pub fn from_spki_key_octets(params: ParamSet, der: &[u8]) -> Result<Self, GostError> {
        let n = 2 * params.key_size().bytes();
        let header: &[u8] = if n < 128 { &[0x04, n as u8] } else { &[0x04, 0x81, n as u8] };
        match der.strip_prefix(header) {
            Some(inner) => Self::from_cert_bytes(params, inner),
            None => Err(GostError::InvalidLength { what: "SPKI OCTET STRING", expected: n + header.len(), got: der.len() }),
        }
    }

    /// DER `OCTET STRING` wrapping [`PublicKey::to_cert_bytes`], i.e. the
    /// content of the certificate's `subjectPublicKey` BIT STRING (after the
    /// unused-bits octet).
    pub fn to_spki_key_octets(&self) -> Vec<u8> {
        let key = self.to_cert_bytes();
        let mut out = if key.len() < 128 { vec![0x04, key.len() as u8] } else { vec![0x04, 0x81, key.len() as u8] };
        out.extend(key);
        out
    }

    /// Checks `q·Q = O`, i.e. the key lies in the prime-order subgroup. Only
    /// meaningful for the cofactor-4 sets (tc26-256-A, tc26-512-C); costs one
    /// scalar multiplication. [`PublicKey::from_cert_bytes`] checks only that
    /// the point is on the curve, which is sufficient for verification.
    pub fn validate_subgroup(&self) -> Result<(), GostError> {
        let curve = self.params.curve();
        match curve.mul(&self.point(), &curve.q) {
            None => Ok(()),
            Some(_) => Err(GostError::InvalidPoint),
        }
    }

    /// The certificate / PKCS#11 encoding `X ‖ Y`, each little-endian.
    pub fn to_cert_bytes(&self) -> Vec<u8> {
        let n = self.params.key_size().bytes();
        let mut out = to_le_fixed(&self.x, n);
        out.extend(to_le_fixed(&self.y, n));
        out
    }

    pub(crate) fn point(&self) -> AffinePoint {
        AffinePoint { x: self.x.clone(), y: self.y.clone() }
    }
}
