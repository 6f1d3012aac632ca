//! Certificates found on tokens, with the Russian subject attributes
//! cabinets and users care about.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::token::TokenRef;

/// The subject's identity, including Russian attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubjectInfo {
    /// Common name (CN).
    pub common_name: Option<String>,
    /// Surname (SN).
    pub surname: Option<String>,
    /// Given name(s) (GN): name and patronymic in Russian certificates.
    pub given_name: Option<String>,
    /// Title (T): the position, e.g. "Генеральный директор".
    pub title: Option<String>,
    /// Organisation (O).
    pub organization: Option<String>,
    /// INN of an individual (1.2.643.3.131.1.1).
    pub inn: Option<String>,
    /// INN of a legal entity (1.2.643.100.4).
    pub inn_le: Option<String>,
    /// OGRN (1.2.643.100.1).
    pub ogrn: Option<String>,
    /// OGRNIP (1.2.643.100.5).
    pub ogrnip: Option<String>,
    /// SNILS (1.2.643.100.3).
    pub snils: Option<String>,
    /// E-mail address, when present.
    pub email: Option<String>,
}

/// Who the certificate belongs to, as shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum CertificateKind {
    /// Head (or employee) of a legal entity: INNLE or OGRN present.
    LegalEntity,
    /// Sole proprietor: OGRNIP present.
    SoleProprietor,
    /// Individual: only INN/SNILS.
    Individual,
}

/// A warning to show next to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum CertificateWarning {
    /// Validity ended.
    Expired,
    /// Validity has not started.
    NotYetValid,
    /// Expires within 30 days.
    ExpiresSoon,
    /// The key usage extension lacks digitalSignature.
    NoDigitalSignature,
    /// The issuer chain does not lead to a root the host trusts (its
    /// `trusted_roots` configuration); reported only when roots are configured.
    UntrustedIssuer,
}

/// The public key's algorithm, size and parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// `rsa`, `ec`, `gost2012-256`, `gost2012-512`, or `unknown`.
    pub algorithm: String,
    /// Key size in bits (modulus for RSA, field size for EC/GOST).
    pub bits: u32,
    /// Curve or parameter set name (`P-256`, `CryptoPro-A`, `tc26-512-A` …).
    pub parameters: Option<String>,
    /// The parameter OID, when the key has one.
    pub parameters_oid: Option<String>,
}

/// A certificate with a matching private key on a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    /// SHA-1 of the DER, lower-case hex: the identifier Russian cabinets use.
    pub thumbprint: String,
    /// SHA-256 of the DER, lower-case hex.
    pub thumbprint_sha256: String,
    /// The token holding the certificate and key.
    pub token: TokenRef,
    /// Token label, for display.
    pub token_label: String,
    /// PKCS#11 `CKA_ID` of the certificate and key, hex.
    pub key_id: String,
    /// Subject.
    pub subject: SubjectInfo,
    /// Issuer's subject (CN and organisation are what users look at).
    pub issuer: SubjectInfo,
    /// Serial number, hex.
    pub serial_number: String,
    /// Start of validity, RFC 3339.
    pub not_before: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// Key usage names (`digitalSignature`, `nonRepudiation`, …).
    pub key_usage: Vec<String>,
    /// Extended key usage OIDs.
    pub extended_key_usage: Vec<String>,
    /// Public key.
    pub key: KeyInfo,
    /// Classification for display.
    pub kind: CertificateKind,
    /// Warnings for display.
    pub warnings: Vec<CertificateWarning>,
    /// The certificate, DER in base64.
    pub der: String,
}

/// Filters for `list-certificates`; all given conditions must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CertificateFilter {
    /// SHA-1 thumbprint (hex, any case, spaces ignored).
    #[serde(default)]
    #[ts(optional)]
    pub thumbprint: Option<String>,
    /// INN of the subject (individual or legal entity).
    #[serde(default)]
    #[ts(optional)]
    pub inn: Option<String>,
    /// Only certificates valid now.
    #[serde(default)]
    #[ts(optional)]
    pub valid_only: Option<bool>,
    /// Key usage that must be present, e.g. `digitalSignature`.
    #[serde(default)]
    #[ts(optional)]
    pub key_usage: Option<String>,
}
