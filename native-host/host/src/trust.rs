//! Issuer trust of the certificates shown to the user: with root
//! certificates configured (`trusted_roots`, `PODPIS_TRUSTED_ROOTS`),
//! every listed certificate whose issuer chain does not verify up to one
//! of them carries [`CertificateWarning::UntrustedIssuer`], so the
//! certificate picker can say so before the user signs with it. Without
//! configured roots nothing is claimed either way.

use std::path::PathBuf;

use base64::Engine;
use der::Decode;
use podpis_protocol::{CertificateInfo, CertificateWarning};
use podpis_verifier::TrustedRoots;

/// The roots the user trusts, loaded from PEM files.
pub struct IssuerTrust {
    roots: TrustedRoots,
}

/// A root file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("trusted roots {path}: {reason}")]
pub struct RootsError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

impl IssuerTrust {
    /// Loads every certificate of the PEM `files`; None when no files are
    /// configured. An unreadable file or one without certificates is an
    /// error: silently trusting nothing would mark every certificate.
    pub fn load(files: &[PathBuf]) -> Result<Option<IssuerTrust>, RootsError> {
        if files.is_empty() {
            return Ok(None);
        }
        let mut roots = TrustedRoots::new();
        for path in files {
            let err = |reason: String| RootsError { path: path.clone(), reason };
            let pem = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
            match roots.add_pem(&pem) {
                Ok(0) => return Err(err("no certificates in the file".into())),
                Ok(_) => {}
                Err(e) => return Err(err(e.to_string())),
            }
        }
        Ok(Some(IssuerTrust { roots }))
    }

    /// Whether the DER certificate chains to a trusted root at unix time `now`.
    pub fn trusts(&self, der: &[u8], now: i64) -> bool {
        x509_cert::Certificate::from_der(der).is_ok_and(|c| self.roots.verify_chain(&c, now).is_ok())
    }

    /// Adds [`CertificateWarning::UntrustedIssuer`] to every certificate
    /// that does not chain to a trusted root.
    pub fn mark(&self, certificates: &mut [CertificateInfo], now: i64) {
        for c in certificates {
            let der = base64::engine::general_purpose::STANDARD.decode(&c.der).unwrap_or_default();
            if !self.trusts(&der, now) && !c.warnings.contains(&CertificateWarning::UntrustedIssuer) {
                c.warnings.push(CertificateWarning::UntrustedIssuer);
            }
        }
    }
}

/// Marks `certificates` with the configured roots `files`. A roots
/// configuration that cannot be loaded is logged and marks nothing.
pub fn mark_untrusted(files: &[PathBuf], certificates: &mut [CertificateInfo], now: i64) {
    match IssuerTrust::load(files) {
        Ok(Some(t)) => t.mark(certificates, now),
        Ok(None) => {}
        Err(e) => tracing::warn!("{e}; issuer trust not checked"),
    }
}

/// The current unix time in seconds.
pub fn now_unix() -> i64 {
    podpis_verifier::now_unix()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn missing() -> PathBuf {
        Path::new("/nonexistent/podpis-roots.pem").to_path_buf()
    }

    #[test]
    fn no_roots_configured_claims_nothing() {
        assert!(IssuerTrust::load(&[]).unwrap().is_none());
    }

    #[test]
    fn unreadable_or_empty_root_files_are_errors() {
        assert!(IssuerTrust::load(&[missing()]).is_err());
        let dir = std::env::temp_dir().join(format!("podpis-trust-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "no certificates here\n").unwrap();
        let e = IssuerTrust::load(&[empty]).err().unwrap();
        assert!(e.reason.contains("no certificates"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
