//! Error types.

use thiserror::Error;

/// Errors from parsing keys, signatures and parameters.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GostError {
    /// A byte string had the wrong length.
    #[error("invalid length for {what}: expected {expected} bytes, got {got}")]
    InvalidLength {
        /// What was being parsed.
        what: &'static str,
        /// Expected length in bytes.
        expected: usize,
        /// Actual length in bytes.
        got: usize,
    },
    /// Private key is zero or not below the subgroup order `q`.
    #[error("private key out of range (must satisfy 0 < d < q)")]
    PrivateKeyOutOfRange,
    /// The public key point is not on the curve (or is the point at infinity).
    #[error("public key is not a valid point on the curve")]
    InvalidPoint,
    /// Unknown parameter set OID.
    #[error("unknown GOST R 34.10-2012 parameter set OID {0}")]
    UnknownParamSet(String),
}

/// Reasons a signature verification fails.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// The digest length does not match the parameter set (32 or 64 bytes).
    #[error("digest must be {expected} bytes for this parameter set, got {got}")]
    DigestLength {
        /// Expected digest length.
        expected: usize,
        /// Actual digest length.
        got: usize,
    },
    /// The public key is not a point on the curve of its parameter set.
    #[error("public key is not on the curve")]
    InvalidPublicKey,
    /// `r` or `s` is zero or not below `q`.
    #[error("signature component out of range (must satisfy 0 < r, s < q)")]
    OutOfRange,
    /// The equation `R == r` does not hold: wrong key, data or signature.
    #[error("signature does not match")]
    Mismatch,
}
