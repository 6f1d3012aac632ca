//! Classification of certificate owners and display warnings.

use podpis_protocol::{CertificateKind, CertificateWarning, SubjectInfo};

/// Seconds in 30 days: the "expires soon" horizon.
pub const EXPIRES_SOON_SECS: i64 = 30 * 24 * 3600;

/// Legal entity (INNLE or OGRN), sole proprietor (OGRNIP), else individual.
pub fn kind_of(subject: &SubjectInfo) -> CertificateKind {
    if subject.ogrnip.is_some() {
        CertificateKind::SoleProprietor
    } else if subject.inn_le.is_some() || subject.ogrn.is_some() {
        CertificateKind::LegalEntity
    } else {
        CertificateKind::Individual
    }
}

/// Warnings at unix time `now`.
pub fn warnings(not_before: i64, not_after: i64, key_usage: &[String], has_key_usage: bool, now: i64) -> Vec<CertificateWarning> {
    let mut w = Vec::new();
    if now > not_after {
        w.push(CertificateWarning::Expired);
    } else if now < not_before {
        w.push(CertificateWarning::NotYetValid);
    } else if not_after - now <= EXPIRES_SOON_SECS {
        w.push(CertificateWarning::ExpiresSoon);
    }
    if has_key_usage && !key_usage.iter().any(|k| k == "digitalSignature") {
        w.push(CertificateWarning::NoDigitalSignature);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let mut s = SubjectInfo { inn: Some("1".into()), ..Default::default() };
        assert_eq!(kind_of(&s), CertificateKind::Individual);
        s.ogrn = Some("1".into());
        assert_eq!(kind_of(&s), CertificateKind::LegalEntity);
        s.ogrnip = Some("1".into());
        assert_eq!(kind_of(&s), CertificateKind::SoleProprietor);
    }

    #[test]
    fn warning_windows() {
        let ds = vec!["digitalSignature".to_string()];
        assert_eq!(warnings(0, 100, &ds, true, 200), vec![CertificateWarning::Expired]);
        assert_eq!(warnings(100, 200, &ds, true, 50), vec![CertificateWarning::NotYetValid]);
        assert_eq!(warnings(0, 1000, &ds, true, 999), vec![CertificateWarning::ExpiresSoon]);
        assert!(warnings(0, i64::MAX, &ds, true, 5).is_empty());
        assert_eq!(warnings(0, i64::MAX, &[], true, 5), vec![CertificateWarning::NoDigitalSignature]);
        assert!(warnings(0, i64::MAX, &[], false, 5).is_empty());
    }
}
