//! Certificate login: `authenticate` and the token it returns.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::consent::Consent;

/// The `format` value of an authentication token.
pub const AUTH_TOKEN_FORMAT: &str = "podpis-auth:1";

/// Arguments of `authenticate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthenticateArgs {
    /// SHA-1 thumbprint of the certificate chosen by the user.
    pub certificate: String,
    /// The server's challenge nonce, base64, 32–96 bytes decoded.
    pub challenge: String,
    /// The user's confirmation from the extension's trusted UI.
    pub consent: Option<Consent>,
}

/// The authentication token: the host signs
/// `H(H(origin) ‖ H(challenge))` with H matching the key (SHA-256 for RSA
/// and P-256, SHA-384 for P-384, Streebog-256/512 for GOST 256/512).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthToken {
    /// Always [`AUTH_TOKEN_FORMAT`].
    pub format: String,
    /// The certificate, DER in base64.
    pub certificate: String,
    /// Signature algorithm, e.g. `rsa-pkcs1-sha256`, `ecdsa-sha384`,
    /// `gost2012-256`.
    pub algorithm: String,
    /// Base64 signature (r‖s for ECDSA, s‖r for GOST, as in CMS).
    pub signature: String,
    /// `podpis-host/<version>`.
    pub app_version: String,
}
