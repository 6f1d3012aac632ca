//! Tokens (PKCS#11 slots with a token present) and loaded modules.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Identifies a token across requests: the module path plus the token's
/// serial number (slot ids may change when tokens are re-inserted).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenRef {
    /// File path of the PKCS#11 module.
    pub module: String,
    /// The token's serial number as reported by `C_GetTokenInfo`.
    pub serial: String,
}

/// PIN and capability flags of a token (from `CK_TOKEN_INFO.flags`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenFlags {
    /// `CKF_LOGIN_REQUIRED`.
    pub login_required: bool,
    /// `CKF_PROTECTED_AUTHENTICATION_PATH`: the PIN is entered on a PIN pad.
    pub pin_pad: bool,
    /// `CKF_TOKEN_INITIALIZED`.
    pub initialized: bool,
    /// `CKF_USER_PIN_INITIALIZED`.
    pub user_pin_initialized: bool,
    /// `CKF_USER_PIN_COUNT_LOW`: a wrong PIN was entered since the last success.
    pub pin_count_low: bool,
    /// `CKF_USER_PIN_FINAL_TRY`: one attempt left.
    pub pin_final_try: bool,
    /// `CKF_USER_PIN_LOCKED`.
    pub pin_locked: bool,
}

/// A token as shown to users and cabinets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// Stable reference for later requests.
    pub token: TokenRef,
    /// PKCS#11 slot id at the time of listing.
    pub slot: u64,
    /// Token label.
    pub label: String,
    /// Manufacturer id.
    pub manufacturer: String,
    /// Model.
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// Flags.
    pub flags: TokenFlags,
}

/// Load state of one configured or discovered PKCS#11 module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModuleStatus {
    /// File path of the module.
    pub path: String,
    /// Whether it loaded and initialized.
    pub loaded: bool,
    /// `C_GetInfo` manufacturer and description, when loaded.
    pub description: Option<String>,
    /// Library version, when loaded.
    pub library_version: Option<String>,
    /// Why it failed to load, when it did.
    pub error: Option<String>,
}
