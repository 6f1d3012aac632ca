//! The commands, one module each. Inline commands return their result
//! directly; token commands return a job that the session runs on a
//! blocking thread.

pub mod authenticate;
pub mod cancel;
pub mod hello;
pub mod list_certificates;
pub mod list_tokens;
pub mod sign;
pub mod status;
pub mod stream_begin;
pub mod stream_chunk;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use podpis_protocol::{ErrorBody, ErrorCode};

/// A failed command.
pub type Failure = ErrorBody;

/// Shorthand for an error body with detail.
pub fn fail(code: ErrorCode, detail: impl Into<String>) -> Failure {
    ErrorBody::new(code, Some(detail.into()))
}

/// Decodes a base64 argument (`BAD_REQUEST` when it is not base64).
pub fn decode_b64(field: &str, value: &str) -> Result<Vec<u8>, Failure> {
    B64.decode(value.trim()).map_err(|_| fail(ErrorCode::BadRequest, format!("{field} is not valid base64")))
}
