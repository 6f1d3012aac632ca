//! Certificate login: the signed message and the token returned.

use base64::Engine;
use podpis_protocol::{AuthToken, DigestAlgorithm, AUTH_TOKEN_FORMAT};

use crate::TokenError;

/// Smallest accepted challenge.
pub const MIN_CHALLENGE: usize = 32;
/// Largest accepted challenge.
pub const MAX_CHALLENGE: usize = 96;

/// Checks the challenge size (32–96 bytes).
pub fn check_challenge(challenge: &[u8]) -> Result<(), TokenError> {
    if (MIN_CHALLENGE..=MAX_CHALLENGE).contains(&challenge.len()) {
        Ok(())
    } else {
        Err(TokenError::BadInput(format!("challenge must be {MIN_CHALLENGE}–{MAX_CHALLENGE} bytes, got {}", challenge.len())))
    }
}

/// The digest that is signed: `H(H(origin) ‖ H(challenge))`.
pub fn message(alg: DigestAlgorithm, origin: &str, challenge: &[u8]) -> Vec<u8> {
    podpis_digest::auth_message(alg, origin, challenge)
}

/// Assembles the auth token.
pub fn token(cert_der: &[u8], algorithm: String, signature: &[u8]) -> AuthToken {
    let b64 = base64::engine::general_purpose::STANDARD;
    AuthToken {
        format: AUTH_TOKEN_FORMAT.to_string(),
        certificate: b64.encode(cert_der),
        algorithm,
        signature: b64.encode(signature),
        app_version: crate::APP_VERSION.to_string(),
    }
}
