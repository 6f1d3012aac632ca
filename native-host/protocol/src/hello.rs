//! Handshake (`hello`) and `status`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::token::{ModuleStatus, TokenInfo};

/// Protocol version spoken by this crate: `major.minor`. A different
/// major version is incompatible.
pub const PROTOCOL_VERSION: &str = "1.0";

/// Arguments of `hello`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HelloArgs {
    /// Protocol version the extension speaks, `major.minor`.
    pub protocol: String,
    /// Extension version, for logs and diagnostics.
    #[serde(default)]
    #[ts(optional)]
    pub extension_version: Option<String>,
}

/// Result of `hello`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloResult {
    /// Host version.
    pub host_version: String,
    /// Protocol version, `major.minor`.
    pub protocol: String,
    /// Commands this host implements.
    pub commands: Vec<String>,
    /// Signature algorithms this host can produce (`rsa-pkcs1`, `rsa-pss`,
    /// `ecdsa`, `gost2012-256`, `gost2012-512`).
    pub algorithms: Vec<String>,
    /// Digest algorithms.
    pub digests: Vec<String>,
    /// Signature formats.
    pub formats: Vec<String>,
    /// Base64 32-byte key for [`crate::Consent`] MACs, fresh for this
    /// connection.
    pub consent_key: String,
}

/// Result of `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusResult {
    /// Host version.
    pub host_version: String,
    /// Protocol version.
    pub protocol: String,
    /// Every configured or discovered PKCS#11 module and its state.
    pub modules: Vec<ModuleStatus>,
    /// Tokens present now.
    pub tokens: Vec<TokenInfo>,
    /// The pinentry program that will be used, if one was found.
    pub pinentry: Option<String>,
    /// Configuration files that were read.
    pub config_files: Vec<String>,
}
