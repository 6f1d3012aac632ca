//! Per-operation user consent.
//!
//! Nothing is signed without the user's confirmation in the extension's
//! trusted UI. When the user presses "Подписать" in the signing preview
//! (or "Войти" in the login dialog), the extension mints a [`Consent`]
//! bound to this exact operation — origin, certificate, and the digest of
//! exactly the document shown (or the login challenge) — and MACs it with
//! the per-connection key the host handed out in `hello`. The host
//! recomputes the digest of what it is asked to sign, checks the MAC,
//! the binding, the age (≤ 5 minutes) and that the nonce was never used.
//! A page can neither reach the host directly (native messaging only
//! admits the extension) nor produce a consent for content it did not
//! show the user.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sign::DigestAlgorithm;

/// What the consent allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentOperation {
    /// A `sign` request.
    Sign,
    /// An `authenticate` request.
    Authenticate,
}

impl ConsentOperation {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentOperation::Sign => "sign",
            ConsentOperation::Authenticate => "authenticate",
        }
    }
}

/// The user's confirmation of one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Consent {
    /// The operation confirmed.
    pub operation: ConsentOperation,
    /// The site, as the browser reported it.
    pub origin: String,
    /// SHA-1 thumbprint (lower-case hex) of the certificate chosen.
    pub certificate: String,
    /// Digest algorithm of `digest` (absent for `authenticate`).
    #[serde(default)]
    #[ts(optional)]
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// Base64 of the digest of the document shown (for `sign`), or the
    /// base64 challenge (for `authenticate`).
    pub digest: String,
    /// When the user confirmed, milliseconds since the Unix epoch.
    pub issued_at: u64,
    /// Random, base64, at least 16 bytes; single use.
    pub nonce: String,
    /// Base64 HMAC-SHA256 over [`Consent::canonical`] with the
    /// connection's consent key.
    pub mac: String,
}

impl Consent {
    /// How long a consent stays valid.
    pub const MAX_AGE_MS: u64 = 5 * 60 * 1000;

    /// The exact text that is MACed: fields joined by `\n`, prefixed by
    /// `podpis-consent:1`. The extension computes the same string.
    pub fn canonical(&self) -> String {
        format!(
            "podpis-consent:1\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.operation.as_str(),
            self.origin,
            self.certificate,
            self.digest_algorithm.map(DigestAlgorithm::as_str).unwrap_or("-"),
            self.digest,
            self.issued_at,
            self.nonce
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_is_stable() {
        let c = Consent {
            operation: ConsentOperation::Sign,
            origin: "https://a.ru".into(),
            certificate: "ab".into(),
            digest_algorithm: Some(DigestAlgorithm::Streebog256),
            digest: "AAEC".into(),
            issued_at: 17,
            nonce: "bm9uY2U=".into(),
            mac: String::new(),
        };
        assert_eq!(c.canonical(), "podpis-consent:1\nsign\nhttps://a.ru\nab\nstreebog256\nAAEC\n17\nbm9uY2U=");
    }
}
