//! Server-side verification of Podpis results, for any Rust web backend.
//!
//! * [`verify_auth_token`]: certificate login — format, signature over the
//!   expected origin and nonce, validity, chain to [`TrustedRoots`];
//!   returns the [`Identity`] (name, INN, OGRN, SNILS, organisation).
//! * [`verify_cms_detached`]: a detached CAdES-BES signature over content.
//!
//! Every failure is its own [`VerifyError`] variant with a stable code.
//! RSA, ECDSA (P-256, P-384) and GOST R 34.10-2012 (through podpis-gost).

pub mod auth;
pub mod cms;
pub mod error;
pub mod gost;
pub mod identity;
pub mod roots;
pub mod signature;

pub use auth::{verify_auth_token, verify_auth_token_json};
pub use cms::{verify_cms_detached, verify_cms_detached_details, CmsSignature};
pub use error::VerifyError;
pub use identity::Identity;
pub use roots::TrustedRoots;

/// Current unix time in seconds (for the `now` arguments).
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
