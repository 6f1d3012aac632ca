//! The token layer as the session sees it.
//!
//! [`TokenBackend`] is implemented over `podpis-token` ([`pkcs11`]) and, for
//! tests and benchmarks, by a scripted backend. The jobs are `podpis-token`'s
//! own [`SignJob`] / [`AuthJob`]. All methods may block (token I/O, PIN
//! prompts): the session calls them on blocking threads.

use podpis_protocol::{AuthToken, CertificateFilter, CertificateInfo, ErrorCode, ModuleStatus, SignResult, TokenInfo};
pub use podpis_token::{AuthJob, Payload, SignJob};

use crate::cancel::Cancel;

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

/// The backend for this configuration: PKCS#11 through `podpis-token`
/// (or the scripted test backend when `PODPIS_TEST_BACKEND=scripted` in a
/// build that has it).
pub fn for_config(config: &crate::config::Config) -> std::sync::Arc<dyn TokenBackend> {
    #[cfg(any(debug_assertions, feature = "test-backend"))]
    if std::env::var("PODPIS_TEST_BACKEND").is_ok_and(|v| v == "scripted") {
        tracing::warn!("using the scripted test backend (PODPIS_TEST_BACKEND)");
        return std::sync::Arc::new(scripted::Scripted::from_env());
    }
    std::sync::Arc::new(pkcs11::Pkcs11::new(config))
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
