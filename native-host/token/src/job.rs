//! What the host asks the token layer to do.

use podpis_protocol::{DigestAlgorithm, EcdsaEncoding, SignFormat, SignatureScheme};

/// What is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A digest computed by the host (inline digest or a finished stream).
    Digest {
        /// The algorithm that produced it.
        alg: DigestAlgorithm,
        /// The digest bytes (`alg.output_len()` long).
        digest: Vec<u8>,
    },
    /// The data itself (needed for `cms-attached`).
    Data {
        /// The digest algorithm to use.
        alg: DigestAlgorithm,
        /// The data.
        data: Vec<u8>,
    },
}

impl Payload {
    /// The digest algorithm of the payload.
    pub fn alg(&self) -> DigestAlgorithm {
        match self {
            Payload::Digest { alg, .. } | Payload::Data { alg, .. } => *alg,
        }
    }
}

/// A signing request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignJob {
    /// The requesting web origin (shown in the PIN prompt).
    pub origin: String,
    /// SHA-1 thumbprint of the signing certificate, hex.
    pub certificate: String,
    /// What to sign.
    pub payload: Payload,
    /// Output format.
    pub format: SignFormat,
    /// RSA scheme for `raw`.
    pub signature_scheme: SignatureScheme,
    /// ECDSA encoding for `raw`.
    pub ecdsa_encoding: EcdsaEncoding,
    /// Document name for the PIN prompt.
    pub document_name: Option<String>,
}

impl SignJob {
    /// A job with the default RSA scheme (PKCS#1 v1.5), raw `r‖s` ECDSA
    /// encoding and no document name.
    pub fn new(origin: impl Into<String>, certificate: impl Into<String>, payload: Payload, format: SignFormat) -> SignJob {
        SignJob {
            origin: origin.into(),
            certificate: certificate.into(),
            payload,
            format,
            signature_scheme: SignatureScheme::default(),
            ecdsa_encoding: EcdsaEncoding::default(),
            document_name: None,
        }
    }

    /// Sets the document name shown in the PIN prompt.
    pub fn with_document_name(mut self, name: impl Into<String>) -> SignJob {
        self.document_name = Some(name.into());
        self
    }
}

/// A certificate-login request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthJob {
    /// The requesting web origin, bound into the signed message.
    pub origin: String,
    /// SHA-1 thumbprint of the certificate, hex.
    pub certificate: String,
    /// The server's nonce, 32–96 bytes.
    pub challenge: Vec<u8>,
}
