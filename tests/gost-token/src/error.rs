//! Typed errors of the test token and their mapping to `CK_RV`.

use cryptoki_sys::*;

/// Everything that can go wrong inside the test token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Filesystem problem with the token directory.
    #[error("token storage I/O error on {path}: {source}")]
    Io {
        /// The file or directory involved.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON file in the token directory is malformed.
    #[error("malformed {path}: {message}")]
    Format {
        /// The file involved.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// DER / PEM input could not be parsed.
    #[error("cannot parse {what}: {message}")]
    Parse {
        /// What was being parsed.
        what: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A GOST parameter set this token does not know.
    #[error("unsupported GOST parameter set {0}")]
    UnsupportedParamSet(String),
    /// A key does not match its certificate or is out of range.
    #[error("invalid key: {0}")]
    InvalidKey(String),
    /// A PKCS#11 return code to hand straight to the caller.
    #[error("PKCS#11 error 0x{0:08X}")]
    Ck(CK_RV),
}

impl TokenError {
    /// The `CK_RV` reported to a PKCS#11 caller for this error.
    pub fn rv(&self) -> CK_RV {
        match self {
            TokenError::Ck(rv) => *rv,
            TokenError::Io { .. } | TokenError::Format { .. } => CKR_DEVICE_ERROR,
            TokenError::Parse { .. } => CKR_DATA_INVALID,
            TokenError::UnsupportedParamSet(_) | TokenError::InvalidKey(_) => CKR_KEY_FUNCTION_NOT_PERMITTED,
        }
    }

    pub(crate) fn parse(what: &'static str, message: impl Into<String>) -> Self {
        TokenError::Parse { what, message: message.into() }
    }
}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, TokenError>;
