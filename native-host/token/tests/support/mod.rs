//! Helpers shared by the token integration tests.

use base64::Engine;

/// Decodes standard base64 (signatures, certificates in replies).
pub fn b64d(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s).expect("base64")
}
