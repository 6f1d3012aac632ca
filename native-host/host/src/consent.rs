//! Verification of per-operation user consent (see
//! [`podpis_protocol::Consent`]).
//!
//! The host checks, in order: a consent is present (`CONSENT_REQUIRED`);
//! its MAC under this connection's key, its operation, origin,
//! certificate, digest algorithm and digest match the request; it is at
//! most five minutes old and not more than one minute in the future; its
//! nonce (≥ 16 bytes) was never used on this connection
//! (`CONSENT_INVALID` otherwise).

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use podpis_protocol::{Consent, ConsentOperation, DigestAlgorithm, ErrorCode};
use sha2::Sha256;

/// Allowed clock skew into the future.
pub const MAX_FUTURE_MS: u64 = 60 * 1000;

/// Minimum decoded nonce length.
pub const MIN_NONCE_BYTES: usize = 16;

/// Why a consent was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConsentError {
    /// No consent was given.
    #[error("the request carries no consent")]
    Missing,
    /// The consent does not fit; the text says which check failed.
    #[error("consent invalid: {0}")]
    Invalid(&'static str),
}

impl ConsentError {
    /// Protocol code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ConsentError::Missing => ErrorCode::ConsentRequired,
            ConsentError::Invalid(_) => ErrorCode::ConsentInvalid,
        }
    }
}

/// What the request asks for, as the host computed it.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// Operation.
    pub operation: ConsentOperation,
    /// Validated request origin.
    pub origin: &'a str,
    /// Certificate thumbprint from the request.
    pub certificate: &'a str,
    /// Digest algorithm (sign only).
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// The digest the host computed (sign) or the decoded challenge
    /// (authenticate).
    pub digest: &'a [u8],
}

/// The connection's consent key and the nonces already used.
pub struct ConsentVerifier {
    key: [u8; 32],
    used: HashMap<Vec<u8>, u64>,
}

impl ConsentVerifier {
    /// A verifier for `key`.
    pub fn new(key: [u8; 32]) -> Self {
        ConsentVerifier { key, used: HashMap::new() }
    }

    /// The key (handed to the extension in `hello`).
    pub fn key(&self) -> &[u8; 32] {
        &self.key
    }

    /// Computes the MAC of a consent (used by tests and tools).
    pub fn mac(key: &[u8], consent: &Consent) -> Vec<u8> {
        // HMAC accepts keys of any length.
        let Ok(mut m) = Hmac::<Sha256>::new_from_slice(key) else { return Vec::new() };
        m.update(consent.canonical().as_bytes());
        m.finalize().into_bytes().to_vec()
    }

    /// Checks `consent` against `expected` at time `now_ms`; on success
    /// the nonce is recorded and can never be used again.
    pub fn verify(&mut self, consent: Option<&Consent>, expected: &Expected<'_>, now_ms: u64) -> Result<(), ConsentError> {
        use ConsentError::Invalid;
        let c = consent.ok_or(ConsentError::Missing)?;
        let mac = B64.decode(&c.mac).map_err(|_| Invalid("mac is not base64"))?;
        let mut m = Hmac::<Sha256>::new_from_slice(&self.key).map_err(|_| Invalid("key"))?;
        m.update(c.canonical().as_bytes());
        m.verify_slice(&mac).map_err(|_| Invalid("mac does not verify"))?;
        if c.operation != expected.operation {
            return Err(Invalid("operation differs"));
        }
        if c.origin != expected.origin {
            return Err(Invalid("origin differs"));
        }
        if !c.certificate.eq_ignore_ascii_case(expected.certificate) {
            return Err(Invalid("certificate differs"));
        }
        if expected.operation == ConsentOperation::Sign && c.digest_algorithm != expected.digest_algorithm {
            return Err(Invalid("digest algorithm differs"));
        }
        let digest = B64.decode(&c.digest).map_err(|_| Invalid("digest is not base64"))?;
        if digest != expected.digest {
            return Err(Invalid("digest differs from the data to sign"));
        }
        if c.issued_at > now_ms.saturating_add(MAX_FUTURE_MS) {
            return Err(Invalid("issued in the future"));
        }
        if now_ms.saturating_sub(c.issued_at) > Consent::MAX_AGE_MS {
            return Err(Invalid("expired"));
        }
        let nonce = B64.decode(&c.nonce).map_err(|_| Invalid("nonce is not base64"))?;
        if nonce.len() < MIN_NONCE_BYTES {
            return Err(Invalid("nonce too short"));
        }
        // Forget nonces whose consents can no longer be valid anyway.
        let horizon = now_ms.saturating_sub(Consent::MAX_AGE_MS + MAX_FUTURE_MS);
        self.used.retain(|_, issued| *issued >= horizon);
        if self.used.contains_key(&nonce) {
            return Err(Invalid("nonce already used"));
        }
        self.used.insert(nonce, c.issued_at);
        Ok(())
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consent(key: &[u8], digest: &[u8], issued_at: u64, nonce: &[u8]) -> Consent {
        let mut c = Consent {
            operation: ConsentOperation::Sign,
            origin: "https://a.ru".into(),
            certificate: "ab12".into(),
            digest_algorithm: Some(DigestAlgorithm::Sha256),
            digest: B64.encode(digest),
            issued_at,
            nonce: B64.encode(nonce),
            mac: String::new(),
        };
        c.mac = B64.encode(ConsentVerifier::mac(key, &c));
        c
    }

    fn expected(digest: &[u8]) -> Expected<'_> {
        Expected {
            operation: ConsentOperation::Sign,
            origin: "https://a.ru",
            certificate: "AB12",
            digest_algorithm: Some(DigestAlgorithm::Sha256),
            digest,
        }
    }

    #[test]
    fn accepts_once_and_rejects_mismatches() {
        let key = [7u8; 32];
        let mut v = ConsentVerifier::new(key);
        let now = 10_000_000;
        let d = [1u8; 32];
        let c = consent(&key, &d, now, &[9; 16]);
        assert_eq!(v.verify(None, &expected(&d), now), Err(ConsentError::Missing));
        assert_eq!(v.verify(Some(&c), &expected(&d), now), Ok(()));
        assert_eq!(v.verify(Some(&c), &expected(&d), now), Err(ConsentError::Invalid("nonce already used")));
        let other = consent(&key, &[2u8; 32], now, &[8; 16]);
        assert_eq!(v.verify(Some(&other), &expected(&d), now), Err(ConsentError::Invalid("digest differs from the data to sign")));
        let wrong_key = consent(&[0u8; 32], &d, now, &[7; 16]);
        assert_eq!(v.verify(Some(&wrong_key), &expected(&d), now), Err(ConsentError::Invalid("mac does not verify")));
        let old = consent(&key, &d, now - Consent::MAX_AGE_MS - 1, &[6; 16]);
        assert_eq!(v.verify(Some(&old), &expected(&d), now), Err(ConsentError::Invalid("expired")));
        let future = consent(&key, &d, now + MAX_FUTURE_MS + 1, &[5; 16]);
        assert_eq!(v.verify(Some(&future), &expected(&d), now), Err(ConsentError::Invalid("issued in the future")));
        let short = consent(&key, &d, now, &[4; 8]);
        assert_eq!(v.verify(Some(&short), &expected(&d), now), Err(ConsentError::Invalid("nonce too short")));
        let mut tampered = consent(&key, &d, now, &[3; 16]);
        tampered.origin = "https://b.ru".into();
        assert_eq!(v.verify(Some(&tampered), &expected(&d), now), Err(ConsentError::Invalid("mac does not verify")));
    }
}
