//! The facade the host calls: [`TokenService`].

use std::sync::mpsc::Receiver;

use podpis_protocol::{AuthToken, CertificateFilter, CertificateInfo, Event, ModuleStatus, SignResult, TokenInfo};

use crate::{AuthJob, CancelToken, SignJob, TokenConfig, TokenError};

/// The token layer. `Send + Sync`: share it in an `Arc`.
pub struct TokenService {
    cfg: TokenConfig,
}

impl TokenService {
    /// Loads the configured modules (each once per process).
    pub fn new(cfg: TokenConfig) -> TokenService {
        TokenService { cfg }
    }

    /// Load state of every configured module.
    pub fn module_status(&self) -> Vec<ModuleStatus> {
        let _ = &self.cfg;
        Vec::new()
    }

    /// Tokens present in all loaded modules.
    pub fn list_tokens(&self) -> Result<Vec<TokenInfo>, TokenError> {
        Err(TokenError::Internal("not implemented yet".into()))
    }

    /// Certificates with a private key on all tokens, filtered.
    pub fn list_certificates(&self, _f: &CertificateFilter) -> Result<Vec<CertificateInfo>, TokenError> {
        Err(TokenError::Internal("not implemented yet".into()))
    }

    /// Signs (blocking: may prompt for the PIN).
    pub fn sign(&self, _job: &SignJob, _cancel: &CancelToken) -> Result<SignResult, TokenError> {
        Err(TokenError::Internal("not implemented yet".into()))
    }

    /// Certificate login (blocking: may prompt for the PIN).
    pub fn authenticate(&self, _job: &AuthJob, _cancel: &CancelToken) -> Result<AuthToken, TokenError> {
        Err(TokenError::Internal("not implemented yet".into()))
    }

    /// A new subscription to token-inserted / token-removed events.
    pub fn events(&self) -> Receiver<Event> {
        std::sync::mpsc::channel().1
    }
}
