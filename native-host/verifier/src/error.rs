//! Verification failures: one variant per cause, each with a stable code.

/// Why a token or signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The auth token's `format` is not `podpis-auth:1`.
    #[error("unsupported auth token format {0:?}")]
    WrongFormat(String),
    /// A field is not valid base64 or JSON.
    #[error("malformed {0}")]
    Malformed(&'static str),
    /// The certificate cannot be parsed.
    #[error("bad certificate: {0}")]
    BadCertificate(String),
    /// The key or signature algorithm is not supported.
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The token's `algorithm` does not match the certificate's key.
    #[error("algorithm {claimed} does not match the key (expected {expected})")]
    AlgorithmMismatch {
        /// What the token says.
        claimed: String,
        /// What the key implies.
        expected: String,
    },
    /// The signature does not verify over the expected origin and nonce
    /// (wrong site, wrong or replayed nonce, or tampered signature).
    #[error("signature does not match the expected origin and challenge")]
    SignatureInvalid,
    /// The certificate has expired.
    #[error("certificate expired")]
    CertificateExpired,
    /// The certificate is not valid yet.
    #[error("certificate not yet valid")]
    CertificateNotYetValid,
    /// No trusted root (or configured intermediate) issued the certificate.
    #[error("certificate is not issued by a trusted CA: {0}")]
    UntrustedIssuer(String),
    /// A certificate in the chain is not signed by its issuer's key.
    #[error("certificate chain signature invalid: {0}")]
    ChainSignatureInvalid(String),
    /// A CA certificate in the chain is outside its validity period.
    #[error("CA certificate {0} is not valid now")]
    IssuerNotValid(String),
    /// The CMS structure is malformed or unsupported.
    #[error("bad CMS: {0}")]
    BadCms(String),
    /// The CMS messageDigest does not match the content.
    #[error("content does not match the signed digest")]
    ContentDigestMismatch,
    /// The signer certificate is not in the CMS.
    #[error("signer certificate not included")]
    SignerCertificateMissing,
    /// `signingCertificateV2` names a different certificate than the signer's.
    #[error("signingCertificateV2 does not match the signer certificate")]
    SigningCertificateMismatch,
}

impl VerifyError {
    /// Stable machine-readable code, e.g. `SIGNATURE_INVALID`.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::WrongFormat(_) => "WRONG_FORMAT",
            VerifyError::Malformed(_) => "MALFORMED",
            VerifyError::BadCertificate(_) => "BAD_CERTIFICATE",
            VerifyError::UnsupportedAlgorithm(_) => "UNSUPPORTED_ALGORITHM",
            VerifyError::AlgorithmMismatch { .. } => "ALGORITHM_MISMATCH",
            VerifyError::SignatureInvalid => "SIGNATURE_INVALID",
            VerifyError::CertificateExpired => "CERTIFICATE_EXPIRED",
            VerifyError::CertificateNotYetValid => "CERTIFICATE_NOT_YET_VALID",
            VerifyError::UntrustedIssuer(_) => "UNTRUSTED_ISSUER",
            VerifyError::ChainSignatureInvalid(_) => "CHAIN_SIGNATURE_INVALID",
            VerifyError::IssuerNotValid(_) => "ISSUER_NOT_VALID",
            VerifyError::BadCms(_) => "BAD_CMS",
            VerifyError::ContentDigestMismatch => "CONTENT_DIGEST_MISMATCH",
            VerifyError::SignerCertificateMissing => "SIGNER_CERTIFICATE_MISSING",
            VerifyError::SigningCertificateMismatch => "SIGNING_CERTIFICATE_MISMATCH",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let all = [
            VerifyError::WrongFormat(String::new()),
            VerifyError::Malformed(""),
            VerifyError::BadCertificate(String::new()),
            VerifyError::UnsupportedAlgorithm(String::new()),
            VerifyError::AlgorithmMismatch { claimed: String::new(), expected: String::new() },
            VerifyError::SignatureInvalid,
            VerifyError::CertificateExpired,
            VerifyError::CertificateNotYetValid,
            VerifyError::UntrustedIssuer(String::new()),
            VerifyError::ChainSignatureInvalid(String::new()),
            VerifyError::IssuerNotValid(String::new()),
            VerifyError::BadCms(String::new()),
            VerifyError::ContentDigestMismatch,
            VerifyError::SignerCertificateMissing,
            VerifyError::SigningCertificateMismatch,
        ];
        let mut codes: Vec<_> = all.iter().map(|e| e.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
