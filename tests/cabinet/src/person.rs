//! Who logged in or signed, as the cabinet shows and stores it.

use podpis_protocol::{CertificateKind, SubjectInfo};
use podpis_verifier::Identity;
use serde::{Deserialize, Serialize};

/// A certificate holder with the certificate's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// Name to show: surname and given names, else the common name.
    pub name: String,
    /// Subject attributes (INN, OGRN, SNILS, organisation, title …).
    pub subject: SubjectInfo,
    /// `Юридическое лицо`, `Индивидуальный предприниматель` or `Физическое лицо`.
    pub kind: String,
    /// Issuer's common name.
    pub issuer: Option<String>,
    /// Certificate serial, hex.
    pub serial_number: String,
    /// SHA-1 thumbprint, hex.
    pub thumbprint: String,
    /// Validity start, unix seconds.
    pub not_before: i64,
    /// Validity end, unix seconds.
    pub not_after: i64,
}

impl From<&Identity> for Person {
    fn from(id: &Identity) -> Person {
        let s = &id.subject;
        let name = match (&s.surname, &s.given_name) {
            (Some(sn), Some(gn)) => format!("{sn} {gn}"),
            _ => s.common_name.clone().unwrap_or_else(|| id.thumbprint.clone()),
        };
        let kind = match id.kind {
            CertificateKind::LegalEntity => "Юридическое лицо",
            CertificateKind::SoleProprietor => "Индивидуальный предприниматель",
            CertificateKind::Individual => "Физическое лицо",
        };
        Person {
            name,
            subject: s.clone(),
            kind: kind.into(),
            issuer: id.issuer.clone(),
            serial_number: id.serial_number.clone(),
            thumbprint: id.thumbprint.clone(),
            not_before: id.validity.0,
            not_after: id.validity.1,
        }
    }
}
