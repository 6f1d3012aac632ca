//! X.509 parsing into the protocol's [`CertificateInfo`] pieces.

use base64::Engine;
use podpis_protocol::{CertificateInfo, KeyInfo, SubjectInfo, TokenInfo};
use sha1::Digest as _;
use time::format_description::well_known::Rfc3339;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::{classify, russian_attributes};
use crate::algorithms::{classify_spki, KeyKind};
use crate::TokenError;

/// A parsed certificate with everything the service needs.
#[derive(Debug, Clone)]
pub struct ParsedCertificate {
    /// DER.
    pub der: Vec<u8>,
    /// SHA-1 thumbprint, lower-case hex.
    pub sha1: String,
    /// SHA-256 thumbprint, lower-case hex.
    pub sha256: String,
    /// Subject identity.
    pub subject: SubjectInfo,
    /// Issuer identity.
    pub issuer: SubjectInfo,
    /// Serial, hex.
    pub serial: String,
    /// Validity start, unix seconds.
    pub not_before: i64,
    /// Validity end, unix seconds.
    pub not_after: i64,
    /// Key usage names.
    pub key_usage: Vec<String>,
    /// Whether a key usage extension is present.
    pub has_key_usage: bool,
    /// Extended key usage OIDs.
    pub extended_key_usage: Vec<String>,
    /// Key display info.
    pub key: KeyInfo,
    /// The key kind, when we can sign with it.
    pub key_kind: Option<KeyKind>,
}

fn rfc3339(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Parses a DER certificate.
pub fn parse(der: &[u8]) -> Result<ParsedCertificate, TokenError> {
    let (_, cert) = X509Certificate::from_der(der).map_err(|e| TokenError::Certificate(e.to_string()))?;
    let mut key_usage = Vec::new();
    let ku = cert.key_usage().map_err(|e| TokenError::Certificate(e.to_string()))?;
    let has_key_usage = ku.is_some();
    if let Some(ku) = ku {
        let k = ku.value;
        for (on, name) in [
            (k.digital_signature(), "digitalSignature"),
            (k.non_repudiation(), "nonRepudiation"),
            (k.key_encipherment(), "keyEncipherment"),
            (k.data_encipherment(), "dataEncipherment"),
            (k.key_agreement(), "keyAgreement"),
            (k.key_cert_sign(), "keyCertSign"),
            (k.crl_sign(), "cRLSign"),
            (k.encipher_only(), "encipherOnly"),
            (k.decipher_only(), "decipherOnly"),
        ] {
            if on {
                key_usage.push(name.to_string());
            }
        }
    }
    let mut extended_key_usage = Vec::new();
    if let Ok(Some(eku)) = cert.extended_key_usage() {
        let e = eku.value;
        for (on, oid) in [
            (e.any, "2.5.29.37.0"),
            (e.server_auth, "1.3.6.1.5.5.7.3.1"),
            (e.client_auth, "1.3.6.1.5.5.7.3.2"),
            (e.code_signing, "1.3.6.1.5.5.7.3.3"),
            (e.email_protection, "1.3.6.1.5.5.7.3.4"),
            (e.time_stamping, "1.3.6.1.5.5.7.3.8"),
            (e.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
        ] {
            if on {
                extended_key_usage.push(oid.to_string());
            }
        }
        extended_key_usage.extend(e.other.iter().map(|o| o.to_id_string()));
    }
    let (key_kind, key) = classify_spki(cert.public_key().raw);
    Ok(ParsedCertificate {
        der: der.to_vec(),
        sha1: hex::encode(sha1::Sha1::digest(der)),
        sha256: hex::encode(sha2::Sha256::digest(der)),
        subject: russian_attributes::subject_info(cert.subject()),
        issuer: russian_attributes::subject_info(cert.issuer()),
        serial: hex::encode(cert.raw_serial()),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        key_usage,
        has_key_usage,
        extended_key_usage,
        key,
        key_kind,
    })
}

impl ParsedCertificate {
    /// The protocol view of this certificate on `token`, at unix time `now`.
    pub fn to_info(&self, token: &TokenInfo, key_id: &[u8], now: i64) -> CertificateInfo {
        CertificateInfo {
            thumbprint: self.sha1.clone(),
            thumbprint_sha256: self.sha256.clone(),
            token: token.token.clone(),
            token_label: token.label.clone(),
            key_id: hex::encode(key_id),
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            serial_number: self.serial.clone(),
            not_before: rfc3339(self.not_before),
            not_after: rfc3339(self.not_after),
            key_usage: self.key_usage.clone(),
            extended_key_usage: self.extended_key_usage.clone(),
            key: self.key.clone(),
            kind: classify::kind_of(&self.subject),
            warnings: classify::warnings(self.not_before, self.not_after, &self.key_usage, self.has_key_usage, now),
            der: base64::engine::general_purpose::STANDARD.encode(&self.der),
        }
    }
}
