//! Verification of certificate-login tokens (`podpis-auth:1`).

use base64::Engine;
use der::{Decode, Encode};
use podpis_protocol::{AuthToken, AUTH_TOKEN_FORMAT};

use crate::identity::{check_validity, identity, Identity};
use crate::signature::{key_type, verify_digest, Encoding};
use crate::{TrustedRoots, VerifyError};

/// Verifies an auth token the page posted to the server.
///
/// `expected_origin` is the server's own origin (`https://host[:port]`),
/// `nonce` the challenge it issued for this login (single use: the caller
/// must forget it after this call). Checks, in order: format, encoding,
/// algorithm vs key, the signature over `H(H(origin) ‖ H(nonce))`, the
/// certificate's validity at `now` (unix seconds) and its chain to `roots`.
pub fn verify_auth_token(token: &AuthToken, expected_origin: &str, nonce: &[u8], roots: &TrustedRoots, now: i64) -> Result<Identity, VerifyError> {
    if token.format != AUTH_TOKEN_FORMAT {
        return Err(VerifyError::WrongFormat(token.format.clone()));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let cert_der = b64.decode(&token.certificate).map_err(|_| VerifyError::Malformed("certificate base64"))?;
    let sig = b64.decode(&token.signature).map_err(|_| VerifyError::Malformed("signature base64"))?;
    let cert = x509_cert::Certificate::from_der(&cert_der).map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(|e| VerifyError::BadCertificate(e.to_string()))?;
    let kt = key_type(&spki)?;
    let expected = kt.auth_algorithm();
    if token.algorithm != expected {
        return Err(VerifyError::AlgorithmMismatch { claimed: token.algorithm.clone(), expected });
    }
    let alg = kt.auth_digest();
    let msg = podpis_digest::auth_message(alg, expected_origin, nonce);
    verify_digest(&spki, alg, &msg, &sig, Encoding::Raw)?;
    let id = identity(&cert_der)?;
    check_validity(&id, now)?;
    roots.verify_chain(&cert, now)?;
    Ok(id)
}

/// Parses the JSON the page posts and verifies it.
pub fn verify_auth_token_json(json: &str, expected_origin: &str, nonce: &[u8], roots: &TrustedRoots, now: i64) -> Result<Identity, VerifyError> {
    let token: AuthToken = serde_json::from_str(json).map_err(|_| VerifyError::Malformed("auth token JSON"))?;
    verify_auth_token(&token, expected_origin, nonce, roots, now)
}
