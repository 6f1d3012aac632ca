//! RSA keys: PKCS#1 v1.5 (DigestInfo + `CKM_RSA_PKCS`) and PSS (`CKM_RSA_PKCS_PSS`).

use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use der::asn1::{AnyRef, UintRef};
use der::{Decode, Sequence};
use podpis_protocol::{DigestAlgorithm, SignatureScheme};
use spki::AlgorithmIdentifierOwned;

use super::{Algorithm, RawOptions};
use crate::TokenError;

/// RSA signing.
pub struct Rsa;

#[derive(Sequence)]
struct RsaPublicKey<'a> {
    modulus: UintRef<'a>,
    exponent: UintRef<'a>,
}

/// Modulus size in bits of a PKCS#1 `RSAPublicKey`.
pub fn modulus_bits(pkcs1: &[u8]) -> Option<u32> {
    let k = RsaPublicKey::from_der(pkcs1).ok()?;
    let n = k.modulus.as_bytes();
    let first = *n.first()?;
    Some((n.len() as u32 - 1) * 8 + (8 - first.leading_zeros()))
}

/// The DER DigestInfo prefix for PKCS#1 v1.5 (RFC 8017 §9.2 note 1).
pub fn digest_info_prefix(alg: DigestAlgorithm) -> Option<&'static [u8]> {
    Some(match alg {
        DigestAlgorithm::Sha256 => &[0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
        DigestAlgorithm::Sha384 => &[0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
        DigestAlgorithm::Sha512 => &[0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
        _ => return None,
    })
}

fn pss_params(alg: DigestAlgorithm) -> Option<PkcsPssParams> {
    let (hash_alg, mgf) = match alg {
        DigestAlgorithm::Sha256 => (MechanismType::SHA256, PkcsMgfType::MGF1_SHA256),
        DigestAlgorithm::Sha384 => (MechanismType::SHA384, PkcsMgfType::MGF1_SHA384),
        DigestAlgorithm::Sha512 => (MechanismType::SHA512, PkcsMgfType::MGF1_SHA512),
        _ => return None,
    };
    Some(PkcsPssParams { hash_alg, mgf, s_len: (alg.output_len() as cryptoki_sys::CK_ULONG).into() })
}

impl Algorithm for Rsa {
    fn natural_digest(&self) -> DigestAlgorithm {
        DigestAlgorithm::Sha256
    }

    fn supports_digest(&self, alg: DigestAlgorithm) -> bool {
        digest_info_prefix(alg).is_some()
    }

    fn name(&self, alg: DigestAlgorithm, opts: RawOptions) -> String {
        match opts.scheme {
            SignatureScheme::Pkcs1 => format!("rsa-pkcs1-{}", alg.as_str()),
            SignatureScheme::Pss => format!("rsa-pss-{}", alg.as_str()),
        }
    }

    fn sign_digest(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, digest: &[u8], opts: RawOptions) -> Result<Vec<u8>, TokenError> {
        let unsupported = || TokenError::UnsupportedAlgorithm(format!("RSA with {}", alg.as_str()));
        match opts.scheme {
            SignatureScheme::Pkcs1 => {
                let mut di = digest_info_prefix(alg).ok_or_else(unsupported)?.to_vec();
                di.extend_from_slice(digest);
                session.sign(&Mechanism::RsaPkcs, key, &di).map_err(|e| TokenError::pkcs11("C_Sign (RSA PKCS#1)", e))
            }
            SignatureScheme::Pss => {
                let params = pss_params(alg).ok_or_else(unsupported)?;
                session
                    .sign(&Mechanism::RsaPkcsPss(params), key, digest)
                    .map_err(|e| TokenError::pkcs11("C_Sign (RSA-PSS)", e))
            }
        }
    }

    fn sign_for_cms(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, message: &[u8]) -> Result<Vec<u8>, TokenError> {
        let digest = podpis_digest::digest(alg, message);
        self.sign_digest(session, key, alg, &digest, RawOptions::default())
    }

    fn cms_signature_algorithm(&self, _alg: DigestAlgorithm) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::RSA_ENCRYPTION, parameters: Some(AnyRef::NULL.into()) }
    }
}
