//! ECDSA keys (`CKM_ECDSA` over a digest; r‖s from the token, DER on request and in CMS).

use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use der::asn1::UintRef;
use der::{Encode, Sequence};
use podpis_protocol::{DigestAlgorithm, EcdsaEncoding};
use spki::AlgorithmIdentifierOwned;

use super::{Algorithm, EcCurve, RawOptions};
use crate::TokenError;

/// ECDSA signing on a named curve.
pub struct Ecdsa {
    /// The key's curve.
    pub curve: EcCurve,
}

#[derive(Sequence)]
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

/// Converts the token's r‖s to DER `Ecdsa-Sig-Value`.
pub fn raw_to_der(sig: &[u8]) -> Result<Vec<u8>, TokenError> {
    if sig.is_empty() || sig.len() % 2 != 0 {
        return Err(TokenError::Internal(format!("ECDSA signature of odd length {}", sig.len())));
    }
    let (r, s) = sig.split_at(sig.len() / 2);
    let bad = |e: der::Error| TokenError::Internal(format!("ECDSA DER: {e}"));
    let v = EcdsaSigValue { r: UintRef::new(r).map_err(bad)?, s: UintRef::new(s).map_err(bad)? };
    v.to_der().map_err(bad)
}

impl Algorithm for Ecdsa {
    fn natural_digest(&self) -> DigestAlgorithm {
        match self.curve {
            EcCurve::P256 => DigestAlgorithm::Sha256,
            EcCurve::P384 => DigestAlgorithm::Sha384,
            EcCurve::P521 => DigestAlgorithm::Sha512,
        }
    }

    fn supports_digest(&self, alg: DigestAlgorithm) -> bool {
        matches!(alg, DigestAlgorithm::Sha256 | DigestAlgorithm::Sha384 | DigestAlgorithm::Sha512)
    }

    fn name(&self, alg: DigestAlgorithm, _opts: RawOptions) -> String {
        format!("ecdsa-{}", alg.as_str())
    }

    fn sign_digest(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, digest: &[u8], opts: RawOptions) -> Result<Vec<u8>, TokenError> {
        if !self.supports_digest(alg) {
            return Err(TokenError::UnsupportedAlgorithm(format!("ECDSA with {}", alg.as_str())));
        }
        let sig = session.sign(&Mechanism::Ecdsa, key, digest).map_err(|e| TokenError::pkcs11("C_Sign (ECDSA)", e))?;
        match opts.ecdsa {
            EcdsaEncoding::Raw => Ok(sig),
            EcdsaEncoding::Der => raw_to_der(&sig),
        }
    }

    fn sign_for_cms(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, message: &[u8]) -> Result<Vec<u8>, TokenError> {
        let digest = podpis_digest::digest(alg, message);
        self.sign_digest(session, key, alg, &digest, RawOptions { ecdsa: EcdsaEncoding::Der, ..Default::default() })
    }

    fn cms_signature_algorithm(&self, alg: DigestAlgorithm) -> AlgorithmIdentifierOwned {
        let oid = match alg {
            DigestAlgorithm::Sha384 => const_oid::db::rfc5912::ECDSA_WITH_SHA_384,
            DigestAlgorithm::Sha512 => const_oid::db::rfc5912::ECDSA_WITH_SHA_512,
            _ => const_oid::db::rfc5912::ECDSA_WITH_SHA_256,
        };
        AlgorithmIdentifierOwned { oid, parameters: None }
    }
}
