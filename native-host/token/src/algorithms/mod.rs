//! Signature algorithms behind one interface.
//!
//! [`KeyKind`] is derived from the certificate's public key; the
//! [`Algorithm`] trait says how to sign a digest or a message with such a
//! key on a token, how to name the result, and which CMS algorithm
//! identifiers to use. RSA, ECDSA and GOST each implement it in their own
//! module; the signing and CMS code never branches on the key type.

pub mod ecdsa;
pub mod gost;
pub mod rsa;

use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use der::asn1::ObjectIdentifier;
use der::{Decode, Sequence};
use podpis_protocol::{DigestAlgorithm, EcdsaEncoding, KeyInfo, SignatureScheme};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoRef};

use crate::TokenError;

/// Elliptic curves we sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcCurve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
}

/// The kind of a certificate's key, with what signing needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA with a modulus of `bits`.
    Rsa {
        /// Modulus size.
        bits: u32,
    },
    /// ECDSA on a named curve.
    Ec {
        /// The curve.
        curve: EcCurve,
    },
    /// GOST R 34.10-2012 (or 2001, signed as 2012-256).
    Gost {
        /// 256 or 512.
        bits: u32,
        /// The public key parameter set OID.
        param_set: String,
    },
}

/// Options for `raw` signatures.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawOptions {
    /// RSA scheme.
    pub scheme: SignatureScheme,
    /// ECDSA encoding.
    pub ecdsa: EcdsaEncoding,
}

/// How a key kind signs on a token. Signatures are returned in the
/// *wire/CMS layout* (DigestInfo-RSA, DER or r‖s ECDSA, s‖r GOST).
pub trait Algorithm: Send + Sync {
    /// The digest used when the request names none and for auth tokens.
    fn natural_digest(&self) -> DigestAlgorithm;
    /// Whether this key can sign with `alg`.
    fn supports_digest(&self, alg: DigestAlgorithm) -> bool;
    /// Protocol name of the signature, e.g. `rsa-pkcs1-sha256`.
    fn name(&self, alg: DigestAlgorithm, opts: RawOptions) -> String;
    /// Signs a precomputed digest (`raw` and auth tokens).
    fn sign_digest(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, digest: &[u8], opts: RawOptions) -> Result<Vec<u8>, TokenError>;
    /// Signs a message for CMS (the DER of the signed attributes); the
    /// result is the CMS `SignerInfo.signature` value.
    fn sign_for_cms(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, message: &[u8]) -> Result<Vec<u8>, TokenError>;
    /// `SignerInfo.signatureAlgorithm`.
    fn cms_signature_algorithm(&self, alg: DigestAlgorithm) -> AlgorithmIdentifierOwned;
}

/// The implementation for a key kind.
pub fn for_key(kind: &KeyKind) -> Box<dyn Algorithm> {
    match kind {
        KeyKind::Rsa { .. } => Box::new(rsa::Rsa),
        KeyKind::Ec { curve } => Box::new(ecdsa::Ecdsa { curve: *curve }),
        KeyKind::Gost { bits, .. } => Box::new(gost::Gost { bits: *bits }),
    }
}

/// OID of a digest algorithm.
pub fn digest_oid(alg: DigestAlgorithm) -> ObjectIdentifier {
    match alg {
        DigestAlgorithm::Sha256 => const_oid::db::rfc5912::ID_SHA_256,
        DigestAlgorithm::Sha384 => const_oid::db::rfc5912::ID_SHA_384,
        DigestAlgorithm::Sha512 => const_oid::db::rfc5912::ID_SHA_512,
        DigestAlgorithm::Streebog256 => ObjectIdentifier::new_unwrap("1.2.643.7.1.1.2.2"),
        DigestAlgorithm::Streebog512 => ObjectIdentifier::new_unwrap("1.2.643.7.1.1.2.3"),
    }
}

/// `AlgorithmIdentifier` of a digest (parameters absent, RFC 5754).
pub fn digest_algorithm_identifier(alg: DigestAlgorithm) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: digest_oid(alg), parameters: None }
}

/// GOST key parameters: `SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL }`.
#[derive(Sequence)]
struct GostKeyParams {
    public_key_param_set: ObjectIdentifier,
    #[asn1(optional = "true")]
    digest_param_set: Option<ObjectIdentifier>,
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_GOST2012_256: &str = "1.2.643.7.1.1.1.1";
const OID_GOST2012_512: &str = "1.2.643.7.1.1.1.2";
const OID_GOST2001: &str = "1.2.643.2.2.19";

/// Display name of a GOST parameter set (from podpis-gost's table).
pub fn gost_param_set_name(oid: &str) -> Option<&'static str> {
    podpis_gost::ParamSet::from_oid(oid).map(|p| p.name())
}

/// Reads the key kind and display info from a DER SubjectPublicKeyInfo.
/// Unknown algorithms give `None` kind and an `unknown` [`KeyInfo`].
pub fn classify_spki(spki_der: &[u8]) -> (Option<KeyKind>, KeyInfo) {
    let unknown = |oid: String| KeyInfo { algorithm: "unknown".into(), bits: 0, parameters: None, parameters_oid: Some(oid) };
    let Ok(spki) = SubjectPublicKeyInfoRef::from_der(spki_der) else {
        return (None, unknown(String::new()));
    };
    let alg = spki.algorithm.oid.to_string();
    let params = spki.algorithm.parameters;
    match alg.as_str() {
        OID_RSA => {
            let bits = spki
                .subject_public_key
                .as_bytes()
                .and_then(|b| rsa::modulus_bits(b))
                .unwrap_or(0);
            (Some(KeyKind::Rsa { bits }), KeyInfo { algorithm: "rsa".into(), bits, parameters: None, parameters_oid: None })
        }
        OID_EC => {
            let curve_oid = params.and_then(|p| p.decode_as::<ObjectIdentifier>().ok()).map(|o| o.to_string());
            let (curve, name, bits) = match curve_oid.as_deref() {
                Some("1.2.840.10045.3.1.7") => (Some(EcCurve::P256), "P-256", 256),
                Some("1.3.132.0.34") => (Some(EcCurve::P384), "P-384", 384),
                Some("1.3.132.0.35") => (Some(EcCurve::P521), "P-521", 521),
                _ => (None, "unknown", 0),
            };
            (
                curve.map(|curve| KeyKind::Ec { curve }),
                KeyInfo { algorithm: "ec".into(), bits, parameters: Some(name.into()), parameters_oid: curve_oid },
            )
        }
        OID_GOST2012_256 | OID_GOST2012_512 | OID_GOST2001 => {
            let bits = if alg == OID_GOST2012_512 { 512 } else { 256 };
            let set = params
                .and_then(|p| p.decode_as::<GostKeyParams>().ok())
                .map(|p| p.public_key_param_set.to_string())
                .unwrap_or_default();
            let name = gost_param_set_name(&set).map(str::to_string);
            (
                Some(KeyKind::Gost { bits, param_set: set.clone() }),
                KeyInfo {
                    algorithm: if bits == 512 { "gost2012-512".into() } else { "gost2012-256".into() },
                    bits,
                    parameters: name,
                    parameters_oid: Some(set),
                },
            )
        }
        _ => (None, unknown(alg)),
    }
}
