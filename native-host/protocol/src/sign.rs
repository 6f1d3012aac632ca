//! The `sign` command and the data streams that feed it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::consent::Consent;

/// Digest algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// GOST R 34.11-2012, 256-bit (Streebog-256).
    Streebog256,
    /// GOST R 34.11-2012, 512-bit (Streebog-512).
    Streebog512,
}

impl DigestAlgorithm {
    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha256 | DigestAlgorithm::Streebog256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 | DigestAlgorithm::Streebog512 => 64,
        }
    }

    /// Wire name, e.g. `streebog256`.
    pub fn as_str(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "sha256",
            DigestAlgorithm::Sha384 => "sha384",
            DigestAlgorithm::Sha512 => "sha512",
            DigestAlgorithm::Streebog256 => "streebog256",
            DigestAlgorithm::Streebog512 => "streebog512",
        }
    }
}

/// Output format of a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SignFormat {
    /// The bare signature over a digest.
    Raw,
    /// CAdES-BES CMS SignedData without the content.
    CmsDetached,
    /// CAdES-BES CMS SignedData with the content (only for inline data).
    CmsAttached,
}

/// RSA signature scheme for `raw` signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5 (DigestInfo + `CKM_RSA_PKCS`). Default.
    #[default]
    Pkcs1,
    /// RSASSA-PSS with MGF1 of the same digest and salt = digest length.
    Pss,
}

/// Encoding of an ECDSA `raw` signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum EcdsaEncoding {
    /// r‖s, each padded to the field size (as the token returns it). Default.
    #[default]
    Raw,
    /// DER `Ecdsa-Sig-Value` SEQUENCE { r, s }.
    Der,
}

/// What is signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "type", deny_unknown_fields)]
pub enum SignInput {
    /// The data itself, base64 (up to the request frame limit).
    Data {
        /// Base64 of the data.
        data: String,
    },
    /// A precomputed digest, base64. Not allowed with `cms-attached`.
    Digest {
        /// Base64 of the digest; its length must match the digest algorithm.
        digest: String,
    },
    /// Data sent earlier through `stream-begin` / `stream-chunk`.
    Stream {
        /// The stream id returned by `stream-begin`.
        stream: String,
    },
}

/// Arguments of `sign`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignArgs {
    /// SHA-1 thumbprint of the signing certificate (hex).
    pub certificate: String,
    /// What to sign.
    pub input: SignInput,
    /// Output format.
    pub format: SignFormat,
    /// Digest algorithm; defaults to the key's natural one (SHA-256 for
    /// RSA/P-256, SHA-384 for P-384, Streebog matching GOST key size).
    #[serde(default)]
    #[ts(optional)]
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// RSA scheme for `raw` (ignored for other keys).
    #[serde(default)]
    #[ts(optional)]
    pub signature_scheme: Option<SignatureScheme>,
    /// ECDSA encoding for `raw` (ignored for other keys).
    #[serde(default)]
    #[ts(optional)]
    pub ecdsa_encoding: Option<EcdsaEncoding>,
    /// Name of the document, shown in the PIN prompt.
    #[serde(default)]
    #[ts(optional)]
    pub document_name: Option<String>,
    /// The user's confirmation from the extension's trusted UI.
    pub consent: Option<Consent>,
}

/// Result of `sign`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignResult {
    /// The format produced.
    pub format: SignFormat,
    /// Base64 of the signature (raw bytes or DER CMS).
    pub signature: String,
    /// Signature algorithm name, e.g. `rsa-pkcs1-sha256`, `ecdsa-sha256`,
    /// `gost2012-256`.
    pub algorithm: String,
    /// Digest algorithm used.
    pub digest_algorithm: DigestAlgorithm,
    /// Base64 of the digest of the signed data.
    pub digest: String,
    /// The signer's certificate, DER in base64.
    pub certificate: String,
}

/// Arguments of `stream-begin`: start a data stream for a later `sign`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamBeginArgs {
    /// The digest to compute incrementally over the stream.
    pub digest_algorithm: DigestAlgorithm,
    /// Total size in bytes, when known (for progress and checks).
    #[serde(default)]
    #[ts(optional)]
    pub total_size: Option<u64>,
}

/// Result of `stream-begin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamBeginResult {
    /// Stream id to pass to `stream-chunk` and `sign`.
    pub stream: String,
}

/// Arguments of `stream-chunk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamChunkArgs {
    /// Stream id.
    pub stream: String,
    /// Base64 of the next piece of data.
    pub data: String,
}

/// Result of `stream-chunk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamChunkResult {
    /// Bytes received so far.
    pub received: u64,
}
