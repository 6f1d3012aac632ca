//! GOST R 34.10-2012 signing behind a small trait, so the token does not depend
//! on how the curve arithmetic is done.
//!
//! Byte conventions (the ones real Rutoken / JaCarta middleware and the OpenSSL
//! `gost` engine use, pinned by the crate's integration tests against
//! `openssl pkeyutl` / `openssl dgst`):
//! * private keys are handled as **little-endian** scalars (OpenSSL's GOST
//!   PKCS#8 convention);
//! * public keys are `X ‖ Y`, each coordinate **little-endian** (the
//!   certificate's `subjectPublicKey` OCTET STRING and `CKA_VALUE`);
//! * a digest given to `CKM_GOSTR3410` is the Streebog output as printed by
//!   `openssl dgst` and is read as a **little-endian** integer `e`
//!   (OpenSSL `gost_ec_sign`: `hashsum2bn` reverses the bytes);
//! * a PKCS#11 signature is `s ‖ r`, each **big-endian**, 32 or 64 bytes —
//!   the RFC 4491 §2.2.2 / RFC 9215 layout, identical to the raw output of
//!   `openssl pkeyutl -sign` with the gost engine, and what
//!   `podpis_gost::Signature::to_pkcs11_bytes` must produce.

mod curves;
#[cfg(feature = "podpis-gost")]
mod podpis;
mod soft;

pub use curves::{param_set, ParamSet, PARAM_SETS};
#[cfg(feature = "podpis-gost")]
pub use podpis::PodpisGostEngine;
pub use soft::SoftEngine;

use crate::error::Result;

/// The GOST operations the token needs. Implemented by `PodpisGostEngine`
/// (the project's `podpis-gost` crate, default feature `podpis-gost`) and by
/// [`SoftEngine`] (built-in fallback and independent cross-check).
pub trait GostEngine: Send + Sync {
    /// Public key `X‖Y` (little-endian coordinates) of a little-endian private key.
    fn public_key(&self, params: &ParamSet, private_le: &[u8]) -> Result<Vec<u8>>;
    /// Signs `digest` (read little-endian) and returns the PKCS#11 layout `s‖r` (big-endian).
    fn sign_digest(&self, params: &ParamSet, private_le: &[u8], digest: &[u8]) -> Result<Vec<u8>>;
    /// Verifies a PKCS#11-layout signature over `digest` with public key `X‖Y` (LE).
    fn verify_digest(&self, params: &ParamSet, public_xy_le: &[u8], digest: &[u8], signature: &[u8]) -> Result<bool>;
}

/// The engine the module uses: `podpis-gost` with the `podpis-gost` feature,
/// else the built-in [`SoftEngine`].
pub fn engine() -> &'static dyn GostEngine {
    #[cfg(feature = "podpis-gost")]
    static ENGINE: PodpisGostEngine = PodpisGostEngine;
    #[cfg(not(feature = "podpis-gost"))]
    static ENGINE: SoftEngine = SoftEngine;
    &ENGINE
}
