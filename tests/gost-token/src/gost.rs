//! GOST R 34.10-2012 for the test token, computed by the project's
//! `podpis-gost` crate (the token has no curve arithmetic of its own).
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
//!   `openssl pkeyutl -sign` with the gost engine
//!   (`podpis_gost::Signature::to_pkcs11_bytes`).

pub use podpis_gost::ParamSet;
use podpis_gost::{PrivateKey, PublicKey, Signature};

use crate::error::{Result, TokenError};

/// Finds a parameter set by dotted OID (`CKA_GOSTR3410_PARAMS`, PKCS#8).
/// The worked-example test curves are refused, as a real token would.
pub fn param_set(oid: &str) -> Result<ParamSet> {
    ParamSet::from_oid(oid).filter(|p| !p.is_test()).ok_or_else(|| TokenError::UnsupportedParamSet(oid.to_string()))
}

/// Length in bytes of a scalar / coordinate of `params` (32 or 64).
pub fn key_len(params: ParamSet) -> usize {
    params.key_size().bytes()
}

/// Dotted OID of the Streebog hash that goes with `params` (`CKA_GOSTR3411_PARAMS`).
pub fn digest_oid(params: ParamSet) -> &'static str {
    params.hash().oid()
}

fn key_err(e: impl std::fmt::Display) -> TokenError {
    TokenError::InvalidKey(e.to_string())
}

/// Public key `X‖Y` (little-endian coordinates) of a little-endian private key.
pub fn public_key(params: ParamSet, private_le: &[u8]) -> Result<Vec<u8>> {
    let key = PrivateKey::from_le_bytes(params, private_le).map_err(key_err)?;
    Ok(key.public_key().to_cert_bytes())
}

/// Signs `digest` (read little-endian) and returns the PKCS#11 layout `s‖r` (big-endian).
pub fn sign_digest(params: ParamSet, private_le: &[u8], digest: &[u8]) -> Result<Vec<u8>> {
    let key = PrivateKey::from_le_bytes(params, private_le).map_err(key_err)?;
    Ok(key.sign_digest(digest, &mut rand::thread_rng()).to_pkcs11_bytes(params))
}

/// Verifies a PKCS#11-layout signature over `digest` with public key `X‖Y` (LE).
pub fn verify_digest(params: ParamSet, public_xy_le: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    let Ok(public) = PublicKey::from_cert_bytes(params, public_xy_le) else { return false };
    let Ok(sig) = Signature::from_pkcs11_bytes(params, signature) else { return false };
    public.verify_digest(digest, &sig).is_ok()
}
