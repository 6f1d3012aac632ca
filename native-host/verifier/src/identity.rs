//! The signer's identity as read from the certificate.

use podpis_protocol::{CertificateKind, SubjectInfo};
use sha1::Digest;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::VerifyError;

/// Who signed or logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Name, INN, OGRN, SNILS, organisation … from the subject.
    pub subject: SubjectInfo,
    /// Legal entity, sole proprietor or individual.
    pub kind: CertificateKind,
    /// SHA-1 thumbprint of the certificate, hex.
    pub thumbprint: String,
    /// Issuer's common name.
    pub issuer: Option<String>,
    /// Certificate serial, hex.
    pub serial_number: String,
    /// Validity start and end, unix seconds.
    pub validity: (i64, i64),
}

fn attr_string(attr: &x509_parser::x509::AttributeTypeAndValue<'_>) -> Option<String> {
    let any = attr.attr_value();
    let tag = any.tag();
    if tag == Tag::BmpString {
        let u: Vec<u16> = any.data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return Some(String::from_utf16_lossy(&u));
    }
    if [Tag::Utf8String, Tag::PrintableString, Tag::NumericString, Tag::Ia5String, Tag::VisibleString, Tag::TeletexString].contains(&tag) {
        return Some(String::from_utf8_lossy(any.data).trim().to_string());
    }
    None
}

fn subject_info(name: &x509_parser::x509::X509Name<'_>) -> SubjectInfo {
    let mut s = SubjectInfo::default();
    for a in name.iter_attributes() {
        let Some(v) = attr_string(a) else { continue };
        let slot = match a.attr_type().to_id_string().as_str() {
            "2.5.4.3" => &mut s.common_name,
            "2.5.4.4" => &mut s.surname,
            "2.5.4.42" => &mut s.given_name,
            "2.5.4.12" => &mut s.title,
            "2.5.4.10" => &mut s.organization,
            "1.2.643.3.131.1.1" => &mut s.inn,
            "1.2.643.100.4" => &mut s.inn_le,
            "1.2.643.100.1" => &mut s.ogrn,
            "1.2.643.100.5" => &mut s.ogrnip,
            "1.2.643.100.3" => &mut s.snils,
            "1.2.840.113549.1.9.1" => &mut s.email,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(v);
        }
    }
    s
}

/// Reads the identity of a DER certificate.
pub fn identity(der: &[u8]) -> Result<Identity, VerifyError> {
    let (_, c) = X509Certificate::from_der(der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
    let subject = subject_info(c.subject());
    let kind = if subject.ogrnip.is_some() {
        CertificateKind::SoleProprietor
    } else if subject.inn_le.is_some() || subject.ogrn.is_some() {
        CertificateKind::LegalEntity
    } else {
        CertificateKind::Individual
    };
    Ok(Identity {
        kind,
        thumbprint: hex::encode(sha1_digest(der)),
        issuer: subject_info(c.issuer()).common_name,
        serial_number: hex::encode(c.raw_serial()),
        validity: (c.validity().not_before.timestamp(), c.validity().not_after.timestamp()),
        subject,
    })
}

/// SHA-1 only names the certificate (the thumbprint cabinets use).
fn sha1_digest(der: &[u8]) -> Vec<u8> {
    sha1::Sha1::digest(der).to_vec()
}

/// Checks the validity period at `now`.
pub fn check_validity(id: &Identity, now: i64) -> Result<(), VerifyError> {
    if now < id.validity.0 {
        Err(VerifyError::CertificateNotYetValid)
    } else if now > id.validity.1 {
        Err(VerifyError::CertificateExpired)
    } else {
        Ok(())
    }
}
