//! `list-tokens`: tokens present now.

use podpis_protocol::TokenInfo;

use crate::backend::{BackendError, TokenBackend};

/// Lists tokens (blocking).
pub fn run(backend: &dyn TokenBackend) -> Result<Vec<TokenInfo>, BackendError> {
    backend.list_tokens()
}
