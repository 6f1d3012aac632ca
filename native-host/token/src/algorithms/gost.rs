//! GOST R 34.10-2012 keys on Russian tokens.
//!
//! CMS signatures use the TC26 vendor mechanisms that hash with Streebog
//! on the token (`CKM_GOSTR3410_WITH_GOSTR3411_12_256/512`) over the DER of
//! the signed attributes; `raw` and auth tokens sign a host-computed
//! Streebog digest with `CKM_GOSTR3410` (0x1201, `Mechanism::GostR3410` of
//! the vendored cryptoki) for 256-bit keys and the TC26 `CKM_GOSTR3410_512`
//! for 512-bit keys. The digest goes to the token as Streebog outputs it
//! (the token reads it as a little-endian integer, like OpenSSL). The
//! token's signature layout is converted to the CMS layout in
//! [`pkcs11_to_cms`] only. End-to-end proof: `tests/gost_*.rs` and
//! `docs/gost.md` ("GOST end to end").

use cryptoki::mechanism::vendor_defined::VendorDefinedMechanism;
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use der::asn1::ObjectIdentifier;
use podpis_protocol::DigestAlgorithm;
use spki::AlgorithmIdentifierOwned;

use super::{Algorithm, RawOptions};
use crate::TokenError;

/// `CKK_GOSTR3410` key type (256-bit keys).
pub const CKK_GOSTR3410: u64 = 0x30;
/// TC26 `CKK_GOSTR3410_512` key type.
pub const CKK_GOSTR3410_512: u64 = 0xD432_1003;
/// `CKA_GOSTR3410_PARAMS`.
pub const CKA_GOSTR3410_PARAMS: u64 = 0x250;
/// `CKM_GOSTR3410` (raw digest signature, 256-bit).
pub const CKM_GOSTR3410: u64 = 0x1201;
/// TC26 `CKM_GOSTR3410_512` (raw digest signature, 512-bit).
pub const CKM_GOSTR3410_512: u64 = 0xD432_1006;
/// TC26 `CKM_GOSTR3410_WITH_GOSTR3411_12_256`.
pub const CKM_GOSTR3410_WITH_GOSTR3411_12_256: u64 = 0xD432_1008;
/// TC26 `CKM_GOSTR3410_WITH_GOSTR3411_12_512`.
pub const CKM_GOSTR3410_WITH_GOSTR3411_12_512: u64 = 0xD432_1009;

/// GOST signing with a 256- or 512-bit key.
pub struct Gost {
    /// 256 or 512.
    pub bits: u32,
}

/// Converts a PKCS#11 GOST signature to the CMS / X.509 layout.
///
/// PKCS#11 (and our test token, and Rutoken/JaCarta) return `s ‖ r`,
/// big-endian halves — the RFC 4491 §2.2.2 / RFC 9215 CMS layout — so
/// this only checks the length. It is the ONE place to adapt when a
/// token returns another layout.
pub fn pkcs11_to_cms(sig: Vec<u8>, bits: u32) -> Result<Vec<u8>, TokenError> {
    // Any parameter set of the right size gives the layout; the values are
    // not interpreted here.
    let params = if bits == 512 { podpis_gost::ParamSet::from_oid("1.2.643.7.1.2.1.2.1") } else { podpis_gost::ParamSet::from_oid("1.2.643.7.1.2.1.1.1") }
        .ok_or_else(|| TokenError::Internal("GOST parameter set table".into()))?;
    let s = podpis_gost::Signature::from_pkcs11_bytes(params, &sig)
        .map_err(|e| TokenError::Internal(format!("GOST signature from the token: {e}")))?;
    Ok(s.to_cms_bytes(params))
}

fn vendor(mech: u64) -> Result<Mechanism<'static>, TokenError> {
    let t = MechanismType::new_vendor_defined(mech as cryptoki_sys::CK_MECHANISM_TYPE)
        .map_err(|e| TokenError::Internal(format!("mechanism 0x{mech:x}: {e}")))?;
    Ok(Mechanism::VendorDefined(VendorDefinedMechanism::new::<()>(t, None)))
}

impl Gost {
    fn digest(&self) -> DigestAlgorithm {
        if self.bits == 512 {
            DigestAlgorithm::Streebog512
        } else {
            DigestAlgorithm::Streebog256
        }
    }
}

impl Algorithm for Gost {
    fn natural_digest(&self) -> DigestAlgorithm {
        self.digest()
    }

    fn supports_digest(&self, alg: DigestAlgorithm) -> bool {
        alg == self.digest()
    }

    fn name(&self, _alg: DigestAlgorithm, _opts: RawOptions) -> String {
        format!("gost2012-{}", self.bits)
    }

    fn sign_digest(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, digest: &[u8], _opts: RawOptions) -> Result<Vec<u8>, TokenError> {
        if !self.supports_digest(alg) {
            return Err(TokenError::UnsupportedAlgorithm(format!("GOST-{} with {}", self.bits, alg.as_str())));
        }
        if digest.len() != alg.output_len() {
            return Err(TokenError::BadInput(format!("{} digest must be {} bytes, got {}", alg.as_str(), alg.output_len(), digest.len())));
        }
        let mech = if self.bits == 512 { vendor(CKM_GOSTR3410_512)? } else { Mechanism::GostR3410 };
        let sig = session.sign(&mech, key, digest).map_err(|e| TokenError::pkcs11("C_Sign (GOST)", e))?;
        pkcs11_to_cms(sig, self.bits)
    }

    fn sign_for_cms(&self, session: &Session, key: ObjectHandle, alg: DigestAlgorithm, message: &[u8]) -> Result<Vec<u8>, TokenError> {
        if !self.supports_digest(alg) {
            return Err(TokenError::UnsupportedAlgorithm(format!("GOST-{} with {}", self.bits, alg.as_str())));
        }
        let mech = vendor(if self.bits == 512 { CKM_GOSTR3410_WITH_GOSTR3411_12_512 } else { CKM_GOSTR3410_WITH_GOSTR3411_12_256 })?;
        let sig = session.sign(&mech, key, message).map_err(|e| TokenError::pkcs11("C_Sign (GOST CMS)", e))?;
        pkcs11_to_cms(sig, self.bits)
    }

    fn cms_signature_algorithm(&self, _alg: DigestAlgorithm) -> AlgorithmIdentifierOwned {
        let oid = if self.bits == 512 { "1.2.643.7.1.1.1.2" } else { "1.2.643.7.1.1.1.1" };
        AlgorithmIdentifierOwned { oid: ObjectIdentifier::new_unwrap(oid), parameters: None }
    }
}
