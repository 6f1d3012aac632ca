//! The `podpis-token` backend: PKCS#11 tokens through
//! [`podpis_token::TokenService`].

use std::path::PathBuf;

use podpis_protocol::{AuthToken, CertificateFilter, CertificateInfo, ModuleStatus, SignResult, TokenInfo};

use super::{AuthJob, BackendError, SignJob, TokenBackend};
use crate::cancel::Cancel;
use podpis_token::{TokenConfig, TokenError, TokenService};

fn map(e: TokenError) -> BackendError {
    BackendError { code: e.code(), detail: e.to_string(), attempts_left: e.attempts_left() }
}

/// PKCS#11 tokens through [`TokenService`].
pub struct Pkcs11 {
    svc: TokenService,
    pinentry: Option<PathBuf>,
}

impl Pkcs11 {
    /// Loads the configured modules.
    pub fn new(config: &crate::config::Config) -> Pkcs11 {
        let cfg = TokenConfig {
            modules: config.modules.clone(),
            pinentry: config.pinentry.clone(),
            pin_cache_seconds: config.pin_cache_seconds,
            ..TokenConfig::default()
        };
        Pkcs11 { svc: TokenService::new(cfg), pinentry: config.pinentry.clone() }
    }
}

impl TokenBackend for Pkcs11 {
    fn module_status(&self) -> Vec<ModuleStatus> {
        self.svc.module_status()
    }
    fn list_tokens(&self) -> Result<Vec<TokenInfo>, BackendError> {
        self.svc.list_tokens().map_err(map)
    }
    fn list_certificates(&self, filter: &CertificateFilter) -> Result<Vec<CertificateInfo>, BackendError> {
        self.svc.list_certificates(filter).map_err(map)
    }
    fn sign(&self, job: &SignJob, cancel: &Cancel) -> Result<SignResult, BackendError> {
        self.svc.sign(job, cancel.token()).map_err(map)
    }
    fn authenticate(&self, job: &AuthJob, cancel: &Cancel) -> Result<AuthToken, BackendError> {
        self.svc.authenticate(job, cancel.token()).map_err(map)
    }
    fn pinentry(&self) -> Option<String> {
        self.pinentry.as_ref().map(|p| p.display().to_string())
    }
    fn events(&self) -> Option<std::sync::mpsc::Receiver<podpis_protocol::Event>> {
        Some(self.svc.events())
    }
}
