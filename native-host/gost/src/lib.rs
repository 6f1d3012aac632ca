//! GOST R 34.11-2012 (Streebog) and GOST R 34.10-2012 signatures in pure Rust.
//!
//! * [`digest`]: Streebog-256/512 (`digest::Digest` implementations).
//! * [`params`]: the standard parameter sets ([`ParamSet`]) with OIDs, names,
//!   key sizes and matching hash.
//! * [`curve`]: prime-field curve arithmetic on `num-bigint`.
//! * [`keys`] / [`signature`]: keys, signing and verification, with explicit
//!   byte-order conversions for certificates, CMS and PKCS#11.
//! * [`oid`]: algorithm OIDs used in certificates and CMS.
//!
//! Arithmetic is **not constant-time**: verification is safe (public inputs),
//! signing is meant for the test token and test vectors only.
//! Byte orders are documented in `docs/gost.md`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod curve;
pub mod digest;
pub mod error;
pub mod keys;
pub mod oid;
pub mod params;
pub mod signature;
mod streebog;

pub use error::{GostError, VerifyError};
/// RNG traits accepted by [`PrivateKey::generate`] and [`PrivateKey::sign_digest`].
pub use rand_core;
pub use keys::{PrivateKey, PublicKey};
pub use params::{HashAlg, KeySize, ParamSet};
pub use signature::Signature;
