//! Trusted roots (and optional intermediates) and X.509 path building.

use base64::Engine;
use der::{Decode, Encode};
use x509_cert::Certificate;

use crate::signature::verify_certificate_signature;
use crate::VerifyError;

/// Longest chain we walk.
const MAX_DEPTH: usize = 8;

/// The CA certificates a relying party trusts.
#[derive(Debug, Clone, Default)]
pub struct TrustedRoots {
    certs: Vec<(Certificate, Vec<u8>)>,
}

fn name_der(n: &x509_cert::name::Name) -> Vec<u8> {
    n.to_der().unwrap_or_default()
}

impl TrustedRoots {
    /// An empty store (trusts nothing).
    pub fn new() -> TrustedRoots {
        TrustedRoots::default()
    }

    /// Adds a DER certificate (a root, or an intermediate to chain through).
    pub fn add_der(&mut self, der: &[u8]) -> Result<(), VerifyError> {
        let c = Certificate::from_der(der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
        self.certs.push((c, der.to_vec()));
        Ok(())
    }

    /// Adds every `CERTIFICATE` block of a PEM text.
    pub fn add_pem(&mut self, pem: &str) -> Result<usize, VerifyError> {
        let mut n = 0;
        let mut rest = pem;
        while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
            let body = &rest[start + 27..];
            let end = body.find("-----END CERTIFICATE-----").ok_or(VerifyError::Malformed("PEM"))?;
            let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
            let der = base64::engine::general_purpose::STANDARD.decode(b64).map_err(|_| VerifyError::Malformed("PEM"))?;
            self.add_der(&der)?;
            n += 1;
            rest = &body[end..];
        }
        Ok(n)
    }

    /// Number of certificates.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// Checks that `leaf` chains to a trusted certificate: issuer name
    /// match and signature by the issuer's key at each step, every CA
    /// valid at `now` (unix seconds). The leaf's own validity is checked
    /// by the caller.
    pub fn verify_chain(&self, leaf: &Certificate, now: i64) -> Result<(), VerifyError> {
        let mut cur = leaf.clone();
        for _ in 0..MAX_DEPTH {
            let issuer = name_der(&cur.tbs_certificate.issuer);
            let candidates: Vec<&(Certificate, Vec<u8>)> =
                self.certs.iter().filter(|(c, _)| name_der(&c.tbs_certificate.subject) == issuer).collect();
            if candidates.is_empty() {
                return Err(VerifyError::UntrustedIssuer(cur.tbs_certificate.issuer.to_string()));
            }
            let mut last_err = None;
            let mut found = None;
            for (c, _) in candidates {
                let spki = c.tbs_certificate.subject_public_key_info.to_der().map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
                match verify_certificate_signature(&cur, &spki) {
                    Ok(()) => {
                        found = Some(c);
                        break;
                    }
                    Err(e) => last_err = Some(e),
                }
            }
            let Some(ca) = found else {
                return Err(match last_err {
                    Some(VerifyError::SignatureInvalid) | None => {
                        VerifyError::ChainSignatureInvalid(cur.tbs_certificate.subject.to_string())
                    }
                    Some(e) => e,
                });
            };
            let v = &ca.tbs_certificate.validity;
            let nb = v.not_before.to_unix_duration().as_secs() as i64;
            let na = v.not_after.to_unix_duration().as_secs() as i64;
            if now < nb || now > na {
                return Err(VerifyError::IssuerNotValid(ca.tbs_certificate.subject.to_string()));
            }
            // A self-issued trusted certificate ends the path.
            if name_der(&ca.tbs_certificate.subject) == name_der(&ca.tbs_certificate.issuer) {
                return Ok(());
            }
            cur = ca.clone();
        }
        Err(VerifyError::UntrustedIssuer("chain too long".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_errors_are_typed() {
        let mut r = TrustedRoots::new();
        assert_eq!(r.add_pem("no certificates here"), Ok(0));
        assert!(r.is_empty());
        assert_eq!(r.add_pem("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"), Err(VerifyError::Malformed("PEM")));
        assert!(matches!(r.add_der(b"\x30\x03\x02\x01\x01"), Err(VerifyError::BadCertificate(_))));
    }
}
