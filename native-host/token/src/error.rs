//! Typed errors of the token layer and their protocol error codes.

use podpis_protocol::ErrorCode;

/// Everything that can go wrong in the token layer.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No token is present in any loaded module.
    #[error("no token is connected")]
    NoToken,
    /// The token disappeared during the operation.
    #[error("the token was removed during the operation")]
    TokenRemoved,
    /// No certificate with this thumbprint on any token.
    #[error("certificate {0} not found")]
    CertificateNotFound(String),
    /// The certificate has no private key (same `CKA_ID`) on its token.
    #[error("no private key for certificate {0}")]
    KeyNotFound(String),
    /// The PIN was wrong and the user gave up re-entering it.
    #[error("wrong PIN")]
    PinIncorrect {
        /// Attempts left as derived from token flags, when known.
        attempts_left: Option<u32>,
    },
    /// The user PIN is locked.
    #[error("the PIN is locked")]
    PinLocked,
    /// The pinentry program could not be started or spoke garbage.
    #[error("pinentry unavailable: {0}")]
    PinentryUnavailable(String),
    /// The user cancelled in the pinentry.
    #[error("cancelled by the user")]
    UserCancelled,
    /// The user did not answer in time.
    #[error("timed out waiting for the user")]
    UserTimeout,
    /// The operation was cancelled through its [`crate::CancelToken`].
    #[error("cancelled")]
    Cancelled,
    /// The key cannot do what was asked (algorithm/digest/scheme mismatch).
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The format cannot be produced for this input.
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
    /// The request's values are wrong (digest length, challenge size …).
    #[error("bad input: {0}")]
    BadInput(String),
    /// The PKCS#11 module returned an error.
    #[error("PKCS#11 error in {context}: {source}")]
    Pkcs11 {
        /// What we were doing.
        context: &'static str,
        /// The module's error.
        #[source]
        source: cryptoki::error::Error,
    },
    /// A certificate on the token could not be parsed or encoded.
    #[error("certificate error: {0}")]
    Certificate(String),
    /// An internal invariant failed (encoding, poisoned lock …).
    #[error("internal error: {0}")]
    Internal(String),
}

impl TokenError {
    /// The stable protocol code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            TokenError::NoToken => ErrorCode::NoToken,
            TokenError::TokenRemoved => ErrorCode::TokenRemoved,
            TokenError::CertificateNotFound(_) => ErrorCode::CertificateNotFound,
            TokenError::KeyNotFound(_) => ErrorCode::KeyNotFound,
            TokenError::PinIncorrect { .. } => ErrorCode::PinIncorrect,
            TokenError::PinLocked => ErrorCode::PinLocked,
            TokenError::PinentryUnavailable(_) => ErrorCode::PinentryUnavailable,
            TokenError::UserCancelled => ErrorCode::UserCancelled,
            TokenError::UserTimeout => ErrorCode::UserTimeout,
            TokenError::Cancelled => ErrorCode::Cancelled,
            TokenError::UnsupportedAlgorithm(_) => ErrorCode::UnsupportedAlgorithm,
            TokenError::UnsupportedFormat(_) => ErrorCode::UnsupportedFormat,
            TokenError::BadInput(_) => ErrorCode::BadRequest,
            TokenError::Pkcs11 { .. } => ErrorCode::TokenError,
            TokenError::Certificate(_) => ErrorCode::TokenError,
            TokenError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// PIN attempts left, for `PIN_INCORRECT` (and 0 for `PIN_LOCKED`).
    pub fn attempts_left(&self) -> Option<u32> {
        match self {
            TokenError::PinIncorrect { attempts_left } => *attempts_left,
            TokenError::PinLocked => Some(0),
            _ => None,
        }
    }

    /// Wraps a PKCS#11 error, mapping "device gone" return values to
    /// [`TokenError::TokenRemoved`] and PIN return values to PIN errors.
    pub fn pkcs11(context: &'static str, source: cryptoki::error::Error) -> TokenError {
        use cryptoki::error::{Error, RvError};
        match &source {
            Error::Pkcs11(rv, _) => match rv {
                RvError::DeviceRemoved
                | RvError::TokenNotPresent
                | RvError::SessionHandleInvalid
                | RvError::SessionClosed
                | RvError::SlotIdInvalid
                | RvError::DeviceError => TokenError::TokenRemoved,
                RvError::PinLocked => TokenError::PinLocked,
                RvError::PinIncorrect => TokenError::PinIncorrect { attempts_left: None },
                // Cancel pressed on a PIN-pad reader during C_Login(NULL).
                RvError::FunctionCanceled => TokenError::UserCancelled,
                _ => TokenError::Pkcs11 { context, source },
            },
            _ => TokenError::Pkcs11 { context, source },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_attempts() {
        assert_eq!(TokenError::PinLocked.code(), ErrorCode::PinLocked);
        assert_eq!(TokenError::PinLocked.attempts_left(), Some(0));
        let e = TokenError::PinIncorrect { attempts_left: Some(1) };
        assert_eq!((e.code(), e.attempts_left()), (ErrorCode::PinIncorrect, Some(1)));
        assert_eq!(TokenError::UserTimeout.code(), ErrorCode::UserTimeout);
        assert_eq!(TokenError::BadInput("x".into()).code(), ErrorCode::BadRequest);
    }
}
