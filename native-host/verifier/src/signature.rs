//! Signature verification primitives over a precomputed digest, by key kind.

use der::{Decode, Encode};
use podpis_digest::DigestAlgorithm;
use rsa::pkcs8::DecodePublicKey;
use signature::hazmat::PrehashVerifier;
use spki::SubjectPublicKeyInfoRef;

use crate::VerifyError;

/// A public key we can verify with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// RSA.
    Rsa,
    /// ECDSA P-256.
    P256,
    /// ECDSA P-384.
    P384,
    /// GOST R 34.10-2012, 256 or 512 bits.
    Gost(u32),
}

impl KeyType {
    /// The digest certificate login uses with this key.
    pub fn auth_digest(self) -> DigestAlgorithm {
        match self {
            KeyType::Rsa | KeyType::P256 => DigestAlgorithm::Sha256,
            KeyType::P384 => DigestAlgorithm::Sha384,
            KeyType::Gost(512) => DigestAlgorithm::Streebog512,
            KeyType::Gost(_) => DigestAlgorithm::Streebog256,
        }
    }

    /// The auth token `algorithm` name with this key.
    pub fn auth_algorithm(self) -> String {
        let d = self.auth_digest();
        match self {
            KeyType::Rsa => format!("rsa-pkcs1-{}", d.as_str()),
            KeyType::P256 | KeyType::P384 => format!("ecdsa-{}", d.as_str()),
            KeyType::Gost(bits) => format!("gost2012-{bits}"),
        }
    }
}

/// Signature encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// RSA PKCS#1 v1.5; ECDSA r‖s; GOST s‖r.
    Raw,
    /// ECDSA DER (CMS and X.509).
    Der,
}

/// The key type of a DER SubjectPublicKeyInfo.
pub fn key_type(spki_der: &[u8]) -> Result<KeyType, VerifyError> {
    let spki = SubjectPublicKeyInfoRef::from_der(spki_der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
    match spki.algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => Ok(KeyType::Rsa),
        "1.2.840.10045.2.1" => {
            let curve = spki
                .algorithm
                .parameters
                .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok())
                .map(|o| o.to_string())
                .unwrap_or_default();
            match curve.as_str() {
                "1.2.840.10045.3.1.7" => Ok(KeyType::P256),
                "1.3.132.0.34" => Ok(KeyType::P384),
                c => Err(VerifyError::UnsupportedAlgorithm(format!("EC curve {c}"))),
            }
        }
        "1.2.643.7.1.1.1.1" => Ok(KeyType::Gost(256)),
        "1.2.643.7.1.1.1.2" => Ok(KeyType::Gost(512)),
        o => Err(VerifyError::UnsupportedAlgorithm(format!("key {o}"))),
    }
}

/// Verifies `sig` over `digest` (computed with `alg`) with the key in `spki_der`.
pub fn verify_digest(spki_der: &[u8], alg: DigestAlgorithm, digest: &[u8], sig: &[u8], enc: Encoding) -> Result<(), VerifyError> {
    match key_type(spki_der)? {
        KeyType::Rsa => {
            let key = rsa::RsaPublicKey::from_public_key_der(spki_der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
            let scheme = match alg {
                DigestAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                DigestAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                DigestAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                a => return Err(VerifyError::UnsupportedAlgorithm(format!("RSA with {}", a.as_str()))),
            };
            key.verify(scheme, digest, sig).map_err(|_| VerifyError::SignatureInvalid)
        }
        KeyType::P256 => {
            let vk = p256::ecdsa::VerifyingKey::from_public_key_der(spki_der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
            let s = match enc {
                Encoding::Raw => p256::ecdsa::Signature::from_slice(sig),
                Encoding::Der => p256::ecdsa::Signature::from_der(sig),
            }
            .map_err(|_| VerifyError::SignatureInvalid)?;
            vk.verify_prehash(digest, &s).map_err(|_| VerifyError::SignatureInvalid)
        }
        KeyType::P384 => {
            let vk = p384::ecdsa::VerifyingKey::from_public_key_der(spki_der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
            let s = match enc {
                Encoding::Raw => p384::ecdsa::Signature::from_slice(sig),
                Encoding::Der => p384::ecdsa::Signature::from_der(sig),
            }
            .map_err(|_| VerifyError::SignatureInvalid)?;
            vk.verify_prehash(digest, &s).map_err(|_| VerifyError::SignatureInvalid)
        }
        KeyType::Gost(_) => crate::gost::verify_digest(spki_der, alg, digest, sig),
    }
}

/// Verifies a certificate's signature by its issuer.
pub fn verify_certificate_signature(cert: &x509_cert::Certificate, issuer_spki_der: &[u8]) -> Result<(), VerifyError> {
    let tbs = cert.tbs_certificate.to_der().map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
    let sig = cert.signature.raw_bytes();
    let oid = cert.signature_algorithm.oid.to_string();
    let (alg, enc) = match oid.as_str() {
        "1.2.840.113549.1.1.11" => (DigestAlgorithm::Sha256, Encoding::Raw),
        "1.2.840.113549.1.1.12" => (DigestAlgorithm::Sha384, Encoding::Raw),
        "1.2.840.113549.1.1.13" => (DigestAlgorithm::Sha512, Encoding::Raw),
        "1.2.840.10045.4.3.2" => (DigestAlgorithm::Sha256, Encoding::Der),
        "1.2.840.10045.4.3.3" => (DigestAlgorithm::Sha384, Encoding::Der),
        "1.2.840.10045.4.3.4" => (DigestAlgorithm::Sha512, Encoding::Der),
        "1.2.643.7.1.1.3.2" => (DigestAlgorithm::Streebog256, Encoding::Raw),
        "1.2.643.7.1.1.3.3" => (DigestAlgorithm::Streebog512, Encoding::Raw),
        o => return Err(VerifyError::UnsupportedAlgorithm(format!("certificate signature {o}"))),
    };
    let digest = podpis_digest::digest(alg, &tbs);
    verify_digest(issuer_spki_der, alg, &digest, sig, enc)
}
