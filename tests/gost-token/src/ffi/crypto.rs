//! Signing, digesting and random-number entry points.
//!
//! * `CKM_GOSTR3410` / `CKM_GOSTR3410_512`: single-part only; the input is the
//!   32- or 64-byte digest (Streebog output bytes, read little-endian, see
//!   [`crate::gost`]); other lengths → `CKR_DATA_LEN_RANGE`.
//! * `CKM_GOSTR3410_WITH_GOSTR3411_12_256/512`: single- or multi-part; the
//!   data is hashed with Streebog-256/512 and the digest signed as above.
//! * Output: `s‖r`, big-endian halves (64 or 128 bytes).
#![allow(non_snake_case)]

use rand::RngCore;

use cryptoki_sys::*;

use super::{guard, input, non_null, write_bytes};
use crate::gost;
use crate::mechanisms::{self, MechanismKind};
use crate::objects::{KeyMaterial, ObjectKind};
use crate::state::{with_module, CryptoOp, Module};

unsafe fn mechanism_of(p: *mut CK_MECHANISM) -> Result<&'static mechanisms::MechanismSpec, CK_RV> {
    let mech = &*non_null(p)?;
    mechanisms::find(mech.mechanism).ok_or(CKR_MECHANISM_INVALID)
}

fn signing_key(m: &Module, handle: CK_OBJECT_HANDLE) -> Result<KeyMaterial, CK_RV> {
    let obj = m.object(handle).map_err(|rv| if rv == CKR_OBJECT_HANDLE_INVALID { CKR_KEY_HANDLE_INVALID } else { rv })?;
    match &obj.kind {
        ObjectKind::PrivateKey(k) => Ok(k.clone()),
        _ => Err(CKR_KEY_TYPE_INCONSISTENT),
    }
}

pub(crate) unsafe extern "C" fn C_SignInit(hSession: CK_SESSION_HANDLE, pMechanism: *mut CK_MECHANISM, hKey: CK_OBJECT_HANDLE) -> CK_RV {
    guard(|| {
        let spec = mechanism_of(pMechanism)?;
        with_module(|m| {
            if m.session(hSession)?.sign.is_some() {
                return Err(CKR_OPERATION_ACTIVE);
            }
            if !m.logged_in {
                return Err(CKR_USER_NOT_LOGGED_IN);
            }
            let key = signing_key(m, hKey)?;
            let ok = match (spec.kind, spec.mechanism) {
                (MechanismKind::RawSign, mechanisms::CKM_GOSTR3410_512_RAW) => key.bits() == 512,
                (MechanismKind::RawSign, _) => true,
                (MechanismKind::HashSign(len), _) => key.bits() == len * 8,
                (MechanismKind::Digest(_), _) => return Err(CKR_MECHANISM_INVALID),
            };
            if !ok {
                return Err(CKR_KEY_TYPE_INCONSISTENT);
            }
            m.session(hSession)?.sign = Some(CryptoOp { mech: spec, key: hKey, buffer: Vec::new(), multipart: false });
            Ok(())
        })
    })
}

/// Computes the signature of `data` (raw digest or message) for `op`.
fn compute_signature(m: &Module, op: &CryptoOp, data: &[u8]) -> Result<Vec<u8>, CK_RV> {
    let key = signing_key(m, op.key)?;
    let digest = match op.mech.kind {
        MechanismKind::RawSign => {
            if data.len() != gost::key_len(key.params) {
                return Err(CKR_DATA_LEN_RANGE);
            }
            data.to_vec()
        }
        MechanismKind::HashSign(len) => mechanisms::streebog(len, data),
        MechanismKind::Digest(_) => return Err(CKR_MECHANISM_INVALID),
    };
    gost::sign_digest(key.params, &key.private_le, &digest).map_err(|e| e.rv())
}

/// Shared tail of `C_Sign` / `C_SignFinal`: length query, too-small buffer
/// (operation stays active) or produce + finish.
unsafe fn finish_sign(m: &mut Module, hSession: CK_SESSION_HANDLE, data: Option<&[u8]>, pSignature: *mut CK_BYTE, pulSignatureLen: *mut CK_ULONG) -> Result<(), CK_RV> {
    let len = non_null(pulSignatureLen)?;
    let op = m.session(hSession)?.sign.take().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
    let result = (|| {
        let key = signing_key(m, op.key)?;
        let sig_len = 2 * gost::key_len(key.params);
        if pSignature.is_null() || (*len as usize) < sig_len {
            *len = sig_len as CK_ULONG;
            return Ok(if pSignature.is_null() { None } else { Some(CKR_BUFFER_TOO_SMALL) });
        }
        let message: Vec<u8> = match data {
            Some(d) => d.to_vec(),
            None => op.buffer.clone(),
        };
        let sig = compute_signature(m, &op, &message)?;
        write_bytes(&sig, pSignature, len)?;
        Ok(Some(CKR_OK))
    })();
    match result {
        Ok(None) => {
            m.session(hSession)?.sign = Some(op);
            Ok(())
        }
        Ok(Some(CKR_BUFFER_TOO_SMALL)) => {
            m.session(hSession)?.sign = Some(op);
            Err(CKR_BUFFER_TOO_SMALL)
        }
        Ok(Some(_)) => Ok(()),
        Err(rv) => Err(rv),
    }
}

pub(crate) unsafe extern "C" fn C_Sign(hSession: CK_SESSION_HANDLE, pData: *mut CK_BYTE, ulDataLen: CK_ULONG, pSignature: *mut CK_BYTE, pulSignatureLen: *mut CK_ULONG) -> CK_RV {
    guard(|| {
        let data = input(pData, ulDataLen)?;
        with_module(|m| {
            let s = m.session(hSession)?;
            match &s.sign {
                None => return Err(CKR_OPERATION_NOT_INITIALIZED),
                Some(op) if op.multipart => {
                    s.sign = None;
                    return Err(CKR_OPERATION_ACTIVE);
                }
                Some(_) => {}
            }
            finish_sign(m, hSession, Some(data), pSignature, pulSignatureLen)
        })
    })
}

pub(crate) unsafe extern "C" fn C_SignUpdate(hSession: CK_SESSION_HANDLE, pPart: *mut CK_BYTE, ulPartLen: CK_ULONG) -> CK_RV {
    guard(|| {
        let part = input(pPart, ulPartLen)?;
        with_module(|m| {
            let s = m.session(hSession)?;
            let op = s.sign.as_mut().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
            if op.mech.kind == MechanismKind::RawSign {
                s.sign = None;
                return Err(CKR_FUNCTION_NOT_SUPPORTED);
            }
            op.multipart = true;
            op.buffer.extend_from_slice(part);
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_SignFinal(hSession: CK_SESSION_HANDLE, pSignature: *mut CK_BYTE, pulSignatureLen: *mut CK_ULONG) -> CK_RV {
    guard(|| {
        with_module(|m| {
            let s = m.session(hSession)?;
            let op = s.sign.as_ref().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
            if op.mech.kind == MechanismKind::RawSign {
                s.sign = None;
                return Err(CKR_FUNCTION_NOT_SUPPORTED);
            }
            finish_sign(m, hSession, None, pSignature, pulSignatureLen)
        })
    })
}

pub(crate) unsafe extern "C" fn C_DigestInit(hSession: CK_SESSION_HANDLE, pMechanism: *mut CK_MECHANISM) -> CK_RV {
    guard(|| {
        let spec = mechanism_of(pMechanism)?;
        if !matches!(spec.kind, MechanismKind::Digest(_)) {
            return Err(CKR_MECHANISM_INVALID);
        }
        with_module(|m| {
            let s = m.session(hSession)?;
            if s.digest.is_some() {
                return Err(CKR_OPERATION_ACTIVE);
            }
            s.digest = Some(CryptoOp { mech: spec, key: 0, buffer: Vec::new(), multipart: false });
            Ok(())
        })
    })
}

unsafe fn finish_digest(m: &mut Module, hSession: CK_SESSION_HANDLE, data: Option<&[u8]>, pDigest: *mut CK_BYTE, pulDigestLen: *mut CK_ULONG) -> Result<(), CK_RV> {
    let s = m.session(hSession)?;
    let op = s.digest.as_ref().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
    let MechanismKind::Digest(len) = op.mech.kind else { return Err(CKR_MECHANISM_INVALID) };
    let digest = mechanisms::streebog(len, data.unwrap_or(&op.buffer));
    match write_bytes(&digest, pDigest, pulDigestLen) {
        Ok(true) => {
            s.digest = None;
            Ok(())
        }
        Ok(false) => Ok(()),
        Err(CKR_BUFFER_TOO_SMALL) => Err(CKR_BUFFER_TOO_SMALL),
        Err(rv) => {
            s.digest = None;
            Err(rv)
        }
    }
}

pub(crate) unsafe extern "C" fn C_Digest(hSession: CK_SESSION_HANDLE, pData: *mut CK_BYTE, ulDataLen: CK_ULONG, pDigest: *mut CK_BYTE, pulDigestLen: *mut CK_ULONG) -> CK_RV {
    guard(|| {
        let data = input(pData, ulDataLen)?;
        with_module(|m| {
            let s = m.session(hSession)?;
            if s.digest.as_ref().ok_or(CKR_OPERATION_NOT_INITIALIZED)?.multipart {
                s.digest = None;
                return Err(CKR_OPERATION_ACTIVE);
            }
            finish_digest(m, hSession, Some(data), pDigest, pulDigestLen)
        })
    })
}

pub(crate) unsafe extern "C" fn C_DigestUpdate(hSession: CK_SESSION_HANDLE, pPart: *mut CK_BYTE, ulPartLen: CK_ULONG) -> CK_RV {
    guard(|| {
        let part = input(pPart, ulPartLen)?;
        with_module(|m| {
            let op = m.session(hSession)?.digest.as_mut().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
            op.multipart = true;
            op.buffer.extend_from_slice(part);
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_DigestFinal(hSession: CK_SESSION_HANDLE, pDigest: *mut CK_BYTE, pulDigestLen: *mut CK_ULONG) -> CK_RV {
    guard(|| with_module(|m| finish_digest(m, hSession, None, pDigest, pulDigestLen)))
}

pub(crate) unsafe extern "C" fn C_GenerateRandom(hSession: CK_SESSION_HANDLE, RandomData: *mut CK_BYTE, ulRandomLen: CK_ULONG) -> CK_RV {
    guard(|| {
        if RandomData.is_null() && ulRandomLen != 0 {
            return Err(CKR_ARGUMENTS_BAD);
        }
        with_module(|m| m.session(hSession).map(|_| ()))?;
        if ulRandomLen > 0 {
            let out = std::slice::from_raw_parts_mut(RandomData, ulRandomLen as usize);
            rand::thread_rng().fill_bytes(out);
        }
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn C_SeedRandom(hSession: CK_SESSION_HANDLE, pSeed: *mut CK_BYTE, ulSeedLen: CK_ULONG) -> CK_RV {
    guard(|| {
        input(pSeed, ulSeedLen)?;
        with_module(|m| m.session(hSession).map(|_| ()))?;
        Err(CKR_RANDOM_SEED_NOT_SUPPORTED)
    })
}
