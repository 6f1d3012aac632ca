//! `status`: host version, modules, tokens, pinentry and config files.

use podpis_protocol::{StatusResult, PROTOCOL_VERSION};

use crate::backend::{BackendError, TokenBackend};
use crate::config::Config;
use crate::HOST_VERSION;

/// Collects the status (blocking: lists tokens).
pub fn run(backend: &dyn TokenBackend, config: &Config) -> Result<StatusResult, BackendError> {
    let tokens = match backend.list_tokens() {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!("status: listing tokens failed: {e}");
            Vec::new()
        }
    };
    Ok(StatusResult {
        host_version: HOST_VERSION.to_string(),
        protocol: PROTOCOL_VERSION.to_string(),
        modules: backend.module_status(),
        tokens,
        pinentry: backend.pinentry(),
        config_files: config.files.iter().map(|p| p.display().to_string()).collect(),
    })
}
