//! GOST R 34.10-2012 signature verification (256 and 512 bits) with the
//! project's `podpis-gost` crate.
//!
//! Byte orders (pinned against OpenSSL's gost engine, see `docs/gost.md`):
//! * the certificate key is the OCTET STRING inside the SubjectPublicKeyInfo
//!   BIT STRING: `X ‖ Y`, each coordinate little-endian;
//! * signatures (auth tokens, CMS `SignerInfo.signature`, X.509
//!   certificate signatures) are `s ‖ r`, each big-endian;
//! * the digest is passed as Streebog outputs it (read little-endian).
//!
//! The parameter set comes from the key's algorithm parameters
//! (`GostR3410-2012-PublicKeyParameters`); the digest must be Streebog-256
//! for 256-bit keys and Streebog-512 for 512-bit keys.

use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Sequence};
use podpis_digest::DigestAlgorithm;
use podpis_gost::{KeySize, ParamSet, PublicKey, Signature};
use spki::SubjectPublicKeyInfoRef;

use crate::VerifyError;

/// `GostR3410-2012-PublicKeyParameters ::= SEQUENCE { publicKeyParamSet,
/// digestParamSet OPTIONAL }` (RFC 9215 §4.2; the digest set is absent for
/// the tc26 sets).
#[derive(Sequence)]
struct GostKeyParams {
    public_key_param_set: ObjectIdentifier,
    #[asn1(optional = "true")]
    digest_param_set: Option<ObjectIdentifier>,
}

/// A GOST public key read from a certificate's SubjectPublicKeyInfo.
#[derive(Debug, Clone)]
pub struct GostKey {
    /// The curve parameter set.
    pub params: ParamSet,
    /// The public point.
    pub key: PublicKey,
}

fn bad(msg: impl std::fmt::Display) -> VerifyError {
    VerifyError::BadCertificate(format!("GOST public key: {msg}"))
}

/// Parses a DER SubjectPublicKeyInfo with a GOST R 34.10-2012 key.
pub fn public_key(spki_der: &[u8]) -> Result<GostKey, VerifyError> {
    let spki = SubjectPublicKeyInfoRef::from_der(spki_der).map_err(bad)?;
    let bits = match spki.algorithm.oid.to_string().as_str() {
        "1.2.643.7.1.1.1.1" => 256,
        "1.2.643.7.1.1.1.2" => 512,
        o => return Err(VerifyError::UnsupportedAlgorithm(format!("not a GOST R 34.10-2012 key: {o}"))),
    };
    let params = spki
        .algorithm
        .parameters
        .ok_or_else(|| bad("missing parameters"))?
        .decode_as::<GostKeyParams>()
        .map_err(bad)?;
    let set_oid = params.public_key_param_set.to_string();
    let set = ParamSet::from_oid(&set_oid).ok_or_else(|| VerifyError::UnsupportedAlgorithm(format!("GOST parameter set {set_oid}")))?;
    let key_bits = match set.key_size() {
        KeySize::Bits256 => 256,
        KeySize::Bits512 => 512,
    };
    if key_bits != bits {
        return Err(bad(format!("parameter set {set_oid} is not a {bits}-bit set")));
    }
    let bit_string = spki.subject_public_key.as_bytes().ok_or_else(|| bad("unused bits in the key BIT STRING"))?;
    let point = OctetString::from_der(bit_string).map_err(bad)?;
    let key = PublicKey::from_cert_bytes(set, point.as_bytes()).map_err(bad)?;
    Ok(GostKey { params: set, key })
}

/// Verifies a GOST signature `s ‖ r` over `digest` (Streebog output bytes,
/// computed with `alg`) with the key in `spki_der`.
///
/// Errors: [`VerifyError::UnsupportedAlgorithm`] when `alg` does not match
/// the key size, [`VerifyError::BadCertificate`] for an unreadable key,
/// [`VerifyError::SignatureInvalid`] for a wrong-length or non-matching signature.
pub fn verify_digest(spki_der: &[u8], alg: DigestAlgorithm, digest: &[u8], sig: &[u8]) -> Result<(), VerifyError> {
    let k = public_key(spki_der)?;
    let (want, bits) = match k.params.key_size() {
        KeySize::Bits256 => (DigestAlgorithm::Streebog256, 256),
        KeySize::Bits512 => (DigestAlgorithm::Streebog512, 512),
    };
    if alg != want {
        return Err(VerifyError::UnsupportedAlgorithm(format!("GOST-{bits} key with {}", alg.as_str())));
    }
    let s = Signature::from_cms_bytes(k.params, sig).map_err(|_| VerifyError::SignatureInvalid)?;
    k.key.verify_digest(digest, &s).map_err(|_| VerifyError::SignatureInvalid)
}
