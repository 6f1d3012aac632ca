//! [`GostEngine`] on top of the project's `podpis-gost` crate (feature
//! `podpis-gost`). Same conventions as [`super::SoftEngine`]: little-endian
//! private scalar, `X‖Y` little-endian public key, digest read little-endian,
//! PKCS#11 signature `s‖r` big-endian (`Signature::to_pkcs11_bytes`).

use podpis_gost::{ParamSet as PgParamSet, PrivateKey, PublicKey, Signature};

use super::{GostEngine, ParamSet};
use crate::error::{Result, TokenError};

/// Engine backed by `podpis-gost`.
#[derive(Debug, Default, Clone, Copy)]
pub struct PodpisGostEngine;

fn params_of(ps: &ParamSet) -> Result<PgParamSet> {
    PgParamSet::from_oid(ps.oid).ok_or_else(|| TokenError::UnsupportedParamSet(ps.oid.to_string()))
}

fn key_err(e: impl std::fmt::Display) -> TokenError {
    TokenError::InvalidKey(e.to_string())
}

impl GostEngine for PodpisGostEngine {
    fn public_key(&self, params: &ParamSet, private_le: &[u8]) -> Result<Vec<u8>> {
        let key = PrivateKey::from_le_bytes(params_of(params)?, private_le).map_err(key_err)?;
        Ok(key.public_key().to_cert_bytes())
    }

    fn sign_digest(&self, params: &ParamSet, private_le: &[u8], digest: &[u8]) -> Result<Vec<u8>> {
        let pg = params_of(params)?;
        let key = PrivateKey::from_le_bytes(pg, private_le).map_err(key_err)?;
        Ok(key.sign_digest(digest, &mut rand::thread_rng()).to_pkcs11_bytes(pg))
    }

    fn verify_digest(&self, params: &ParamSet, public_xy_le: &[u8], digest: &[u8], signature: &[u8]) -> Result<bool> {
        let pg = params_of(params)?;
        let Ok(public) = PublicKey::from_cert_bytes(pg, public_xy_le) else { return Ok(false) };
        let Ok(sig) = Signature::from_pkcs11_bytes(pg, signature) else { return Ok(false) };
        Ok(public.verify_digest(digest, &sig).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{SoftEngine, PARAM_SETS};

    /// Both engines derive the same public keys and accept each other's signatures.
    #[test]
    fn agrees_with_the_soft_engine() {
        for ps in PARAM_SETS.iter().filter(|p| PgParamSet::from_oid(p.oid).is_some()) {
            let key: Vec<u8> = (1..=ps.len() as u8).rev().collect();
            let public = SoftEngine.public_key(ps, &key).unwrap();
            assert_eq!(PodpisGostEngine.public_key(ps, &key).unwrap(), public, "{}", ps.name);
            let digest = vec![0xa5; ps.len()];
            let sig = SoftEngine.sign_digest(ps, &key, &digest).unwrap();
            assert!(PodpisGostEngine.verify_digest(ps, &public, &digest, &sig).unwrap(), "{}", ps.name);
            let sig = PodpisGostEngine.sign_digest(ps, &key, &digest).unwrap();
            assert!(SoftEngine.verify_digest(ps, &public, &digest, &sig).unwrap(), "{}", ps.name);
        }
    }
}
