//! What the cabinet is started with: trusted roots, data directory, origin.

use std::path::{Path, PathBuf};

use podpis_verifier::{TrustedRoots, VerifyError};

/// Why the cabinet cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A roots file cannot be read.
    #[error("cannot read trusted roots {0}: {1}")]
    RootsUnreadable(PathBuf, std::io::Error),
    /// A roots file holds something that is not a certificate.
    #[error("bad trusted root in {0}: {1}")]
    BadRoot(PathBuf, VerifyError),
    /// No trusted roots were given.
    #[error("no trusted roots: pass --roots FILE.pem (a CA certificate the cabinet accepts)")]
    NoRoots,
}

/// The cabinet's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// CA certificates whose end-entity certificates may log in and sign.
    pub roots: TrustedRoots,
    /// Subject common names of the roots, shown on the page.
    pub root_names: Vec<String>,
    /// Where reports, signatures and verification results are kept.
    pub data_dir: PathBuf,
    /// The cabinet's origin as the browser sees it (`http://127.0.0.1:PORT`);
    /// login tokens must be signed for exactly this origin.
    pub origin: String,
    /// How long a login challenge may be used, seconds.
    pub challenge_ttl: i64,
}

impl Config {
    /// Default lifetime of a login challenge.
    pub const DEFAULT_CHALLENGE_TTL: i64 = 300;

    /// A configuration with the roots read from PEM files.
    pub fn new(root_files: &[PathBuf], data_dir: &Path, origin: String) -> Result<Config, ConfigError> {
        let mut roots = TrustedRoots::new();
        let mut root_names = Vec::new();
        for f in root_files {
            let pem = std::fs::read_to_string(f).map_err(|e| ConfigError::RootsUnreadable(f.clone(), e))?;
            roots.add_pem(&pem).map_err(|e| ConfigError::BadRoot(f.clone(), e))?;
            root_names.extend(common_names(&pem));
        }
        if roots.is_empty() {
            return Err(ConfigError::NoRoots);
        }
        Ok(Config { roots, root_names, data_dir: data_dir.to_path_buf(), origin, challenge_ttl: Config::DEFAULT_CHALLENGE_TTL })
    }
}

/// The subject CNs of the certificates of a PEM text (for display).
fn common_names(pem: &str) -> Vec<String> {
    use base64::Engine;
    let mut out = Vec::new();
    for block in pem.split("-----BEGIN CERTIFICATE-----").skip(1) {
        let body: String = block.split("-----END").next().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
        let Ok(der) = base64::engine::general_purpose::STANDARD.decode(body) else { continue };
        if let Ok(id) = podpis_verifier::identity::identity(&der) {
            out.push(id.subject.common_name.unwrap_or_else(|| id.thumbprint.clone()));
        }
    }
    out
}
