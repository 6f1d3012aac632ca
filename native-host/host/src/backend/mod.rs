//! The token layer as the session sees it.
//!
//! [`TokenBackend`] is implemented over `podpis-token` when that crate is
//! available ([`pkcs11`]); [`NoTokens`] serves a host built or run without it (status
//! works, token commands answer `NO_TOKEN`). All methods may block (token
//! I/O, PIN prompts): the session calls them on blocking threads.

use std::path::PathBuf;

use podpis_protocol::{
    AuthToken, CertificateFilter, CertificateInfo, DigestAlgorithm, EcdsaEncoding, ErrorCode, ModuleStatus, SignFormat,
    SignResult, SignatureScheme, TokenInfo,
};

use crate::cancel::Cancel;

#[cfg(feature = "pkcs11")]
pub mod pkcs11;
#[cfg(any(debug_assertions, feature = "test-backend"))]
pub mod scripted;

/// A token-layer failure mapped to the protocol.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{code}: {detail}")]
pub struct BackendError {
    /// Protocol code.
    pub code: ErrorCode,
    /// Technical detail (no secrets).
    pub detail: String,
    /// PIN attempts left, when known.
    pub attempts_left: Option<u32>,
}

impl BackendError {
    /// An error without attempts information.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        BackendError { code, detail: detail.into(), attempts_left: None }
    }
}

/// What to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A digest computed by the host (or given by the page).
    Digest {
        /// Algorithm.
        alg: DigestAlgorithm,
        /// Digest bytes.
        digest: Vec<u8>,
    },
    /// The data itself (for `cms-attached`).
    Data {
        /// Algorithm.
        alg: DigestAlgorithm,
        /// Data bytes.
        data: Vec<u8>,
    },
}

/// A signing job after consent was verified.
#[derive(Debug, Clone)]
pub struct SignJob {
    /// Requesting origin.
    pub origin: String,
    /// Certificate thumbprint.
    pub certificate: String,
    /// Payload.
    pub payload: Payload,
    /// Output format.
    pub format: SignFormat,
    /// RSA scheme.
    pub signature_scheme: Option<SignatureScheme>,
    /// ECDSA encoding.
    pub ecdsa_encoding: Option<EcdsaEncoding>,
    /// Document name for the PIN prompt.
    pub document_name: Option<String>,
}

/// A certificate-login job after consent was verified.
#[derive(Debug, Clone)]
pub struct AuthJob {
    /// Requesting origin.
    pub origin: String,
    /// Certificate thumbprint.
    pub certificate: String,
    /// Decoded challenge.
    pub challenge: Vec<u8>,
}

/// Operations the host needs from the token layer.
pub trait TokenBackend: Send + Sync {
    /// State of each configured module.
    fn module_status(&self) -> Vec<ModuleStatus>;
    /// Tokens present.
    fn list_tokens(&self) -> Result<Vec<TokenInfo>, BackendError>;
    /// Certificates with keys.
    fn list_certificates(&self, filter: &CertificateFilter) -> Result<Vec<CertificateInfo>, BackendError>;
    /// Signs (blocking; may prompt for the PIN).
    fn sign(&self, job: &SignJob, cancel: &Cancel) -> Result<SignResult, BackendError>;
    /// Certificate login (blocking; may prompt for the PIN).
    fn authenticate(&self, job: &AuthJob, cancel: &Cancel) -> Result<AuthToken, BackendError>;
    /// The pinentry program that will be used.
    fn pinentry(&self) -> Option<String>;
    /// Hot-plug events, when the backend produces them.
    fn events(&self) -> Option<std::sync::mpsc::Receiver<podpis_protocol::Event>> {
        None
    }
}

/// A backend without token support: modules are listed as configured
/// but not loaded; token commands answer `NO_TOKEN`.
pub struct NoTokens {
    /// Configured modules.
    pub modules: Vec<PathBuf>,
    /// Configured pinentry.
    pub pinentry: Option<PathBuf>,
}

impl TokenBackend for NoTokens {
    fn module_status(&self) -> Vec<ModuleStatus> {
        self.modules
            .iter()
            .map(|m| ModuleStatus {
                path: m.display().to_string(),
                loaded: false,
                description: None,
                library_version: None,
                error: Some("this host was built without PKCS#11 support".into()),
            })
            .collect()
    }
    fn list_tokens(&self) -> Result<Vec<TokenInfo>, BackendError> {
        Ok(Vec::new())
    }
    fn list_certificates(&self, _: &CertificateFilter) -> Result<Vec<CertificateInfo>, BackendError> {
        Ok(Vec::new())
    }
    fn sign(&self, _: &SignJob, _: &Cancel) -> Result<SignResult, BackendError> {
        Err(BackendError::new(ErrorCode::NoToken, "no token layer"))
    }
    fn authenticate(&self, _: &AuthJob, _: &Cancel) -> Result<AuthToken, BackendError> {
        Err(BackendError::new(ErrorCode::NoToken, "no token layer"))
    }
    fn pinentry(&self) -> Option<String> {
        self.pinentry.as_ref().map(|p| p.display().to_string())
    }
}

/// The backend for this configuration: PKCS#11 through `podpis-token`
/// when built with the `pkcs11` feature, otherwise [`NoTokens`].
pub fn for_config(config: &crate::config::Config) -> std::sync::Arc<dyn TokenBackend> {
    #[cfg(any(debug_assertions, feature = "test-backend"))]
    if std::env::var("PODPIS_TEST_BACKEND").is_ok_and(|v| v == "scripted") {
        tracing::warn!("using the scripted test backend (PODPIS_TEST_BACKEND)");
        return std::sync::Arc::new(scripted::Scripted::from_env());
    }
    #[cfg(feature = "pkcs11")]
    {
        std::sync::Arc::new(pkcs11::Pkcs11::new(config))
    }
    #[cfg(not(feature = "pkcs11"))]
    {
        std::sync::Arc::new(NoTokens { modules: config.modules.clone(), pinentry: config.pinentry.clone() })
    }
}

/// Forwards hot-plug events of the backend to the extension (on a
/// thread of its own; ends when the backend stops sending).
pub fn forward_events(backend: &dyn TokenBackend, out: &crate::session::writer::Outbox) {
    let Some(events) = backend.events() else { return };
    let out = out.clone();
    let spawned = std::thread::Builder::new().name("token-events".into()).spawn(move || {
        for e in events {
            out.event(&e);
        }
    });
    if let Err(e) = spawned {
        tracing::warn!("cannot forward token events: {e}");
    }
}
