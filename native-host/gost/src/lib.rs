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
//!
//! ```
//! use podpis_gost::{ParamSet, PrivateKey, PublicKey, Signature};
//!
//! let params = ParamSet::from_oid("1.2.643.7.1.2.1.1.2").unwrap(); // tc26-256-B
//! assert_eq!(params.name(), "tc26-256-B");
//! let mut rng = rand::thread_rng();
//! let key = PrivateKey::generate(params, &mut rng);
//! let digest = params.hash().digest(b"report.xml contents");
//! let sig = key.sign_digest(&digest, &mut rng);
//!
//! // As found in a certificate (X || Y little-endian) and a CMS (s || r big-endian):
//! let pk = PublicKey::from_cert_bytes(params, &key.public_key().to_cert_bytes()).unwrap();
//! let sig = Signature::from_cms_bytes(params, &sig.to_cms_bytes(params)).unwrap();
//! pk.verify_digest(&digest, &sig).unwrap();
//! ```
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
