//! GOST R 34.11-2012 (Streebog) hash functions.
//!
//! [`Streebog256`] and [`Streebog512`] are this crate's table-driven
//! implementation (faster than the RustCrypto `streebog` 0.10 crate, see
//! `docs/benchmarks.md`); they implement [`digest::Digest`] (`new`, `update`,
//! `finalize`). The RustCrypto hashers are re-exported as [`RustCryptoStreebog256`]
//! / [`RustCryptoStreebog512`] and the test suite checks both agree.
//!
//! Output byte order: the digest is returned exactly as OpenSSL
//! (`openssl dgst -md_gost12_256`) prints it, i.e. the standard's 512-bit state
//! serialised little-endian. GOST R 34.11-2012 / RFC 6986 print both messages
//! and hash values as big-endian numbers, i.e. byte-reversed relative to these
//! byte strings; see `docs/gost.md`.

pub use crate::streebog::{Streebog256, Streebog256Core, Streebog512, Streebog512Core};
pub use digest::Digest;
pub use streebog::{Streebog256 as RustCryptoStreebog256, Streebog512 as RustCryptoStreebog512};

/// Streebog-256 of `data` in one call.
pub fn streebog256(data: &[u8]) -> [u8; 32] {
    Streebog256::digest(data).into()
}

/// Streebog-512 of `data` in one call.
pub fn streebog512(data: &[u8]) -> [u8; 64] {
    Streebog512::digest(data).into()
}
