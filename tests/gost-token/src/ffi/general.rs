//! General-purpose, slot and token entry points, and `C_WaitForSlotEvent`.
#![allow(non_snake_case)]

use std::os::raw::c_void;
use std::time::Duration;

use cryptoki_sys::*;

use super::{guard, non_null, pad, write_list};
use crate::mechanisms::MECHANISMS;
use crate::pin::token_flags;
use crate::state::{self, with_module, Module, SLOT_ID};
use crate::storage::TokenDir;

/// Manufacturer reported in `CK_INFO`, `CK_SLOT_INFO` and `CK_TOKEN_INFO`.
pub const MANUFACTURER: &str = "Podpis test double";
/// Model reported in `CK_TOKEN_INFO`.
pub const MODEL: &str = "GOST test token";

pub(crate) unsafe extern "C" fn C_Initialize(pInitArgs: *mut c_void) -> CK_RV {
    guard(|| {
        if !pInitArgs.is_null() {
            let args = &*(pInitArgs as *const CK_C_INITIALIZE_ARGS);
            if !args.pReserved.is_null() {
                return Err(CKR_ARGUMENTS_BAD);
            }
            let fns = [args.CreateMutex.is_some(), args.DestroyMutex.is_some(), args.LockMutex.is_some(), args.UnlockMutex.is_some()];
            let all = fns.iter().all(|b| *b);
            let none = fns.iter().all(|b| !*b);
            if !all && !none {
                return Err(CKR_ARGUMENTS_BAD);
            }
            if all && args.flags & CKF_OS_LOCKING_OK == 0 {
                return Err(CKR_CANT_LOCK);
            }
        }
        let mut guard = state::lock();
        if guard.is_some() {
            return Err(CKR_CRYPTOKI_ALREADY_INITIALIZED);
        }
        *guard = Some(Module::new(TokenDir::from_env()));
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn C_Finalize(pReserved: *mut c_void) -> CK_RV {
    guard(|| {
        if !pReserved.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let mut guard = state::lock();
        if guard.take().is_none() {
            return Err(CKR_CRYPTOKI_NOT_INITIALIZED);
        }
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn C_GetInfo(pInfo: *mut CK_INFO) -> CK_RV {
    guard(|| {
        let info = non_null(pInfo)?;
        with_module(|_| Ok(()))?;
        *info = CK_INFO {
            cryptokiVersion: super::list::CRYPTOKI_VERSION,
            manufacturerID: pad(MANUFACTURER),
            flags: 0,
            libraryDescription: pad("GOST test token (TEST DOUBLE)"),
            libraryVersion: CK_VERSION { major: 0, minor: 1 },
        };
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn C_GetSlotList(tokenPresent: CK_BBOOL, pSlotList: *mut CK_SLOT_ID, pulCount: *mut CK_ULONG) -> CK_RV {
    guard(|| {
        let present = with_module(|m| Ok(m.refresh().present))?;
        let slots: &[CK_SLOT_ID] = if tokenPresent != CK_FALSE && !present { &[] } else { &[SLOT_ID] };
        write_list(slots, pSlotList, pulCount)
    })
}

pub(crate) unsafe extern "C" fn C_GetSlotInfo(slotID: CK_SLOT_ID, pInfo: *mut CK_SLOT_INFO) -> CK_RV {
    guard(|| {
        let info = non_null(pInfo)?;
        if slotID != SLOT_ID {
            with_module(|_| Ok(()))?;
            return Err(CKR_SLOT_ID_INVALID);
        }
        let present = with_module(|m| Ok(m.refresh().present))?;
        *info = CK_SLOT_INFO {
            slotDescription: pad("Podpis GOST test token reader (TEST DOUBLE)"),
            manufacturerID: pad(MANUFACTURER),
            flags: CKF_REMOVABLE_DEVICE | CKF_HW_SLOT | if present { CKF_TOKEN_PRESENT } else { 0 },
            hardwareVersion: CK_VERSION { major: 1, minor: 0 },
            firmwareVersion: CK_VERSION { major: 1, minor: 0 },
        };
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn C_GetTokenInfo(slotID: CK_SLOT_ID, pInfo: *mut CK_TOKEN_INFO) -> CK_RV {
    guard(|| {
        let info = non_null(pInfo)?;
        let (cfg, sessions, rw) = with_module(|m| {
            if slotID != SLOT_ID {
                return Err(CKR_SLOT_ID_INVALID);
            }
            let dir = m.present_dir()?;
            let cfg = dir.load_config().map_err(|e| e.rv())?;
            let rw = m.sessions.values().filter(|s| s.flags & CKF_RW_SESSION != 0).count();
            Ok((cfg, m.sessions.len(), rw))
        })?;
        *info = CK_TOKEN_INFO {
            label: pad(&cfg.label),
            manufacturerID: pad(MANUFACTURER),
            model: pad(MODEL),
            serialNumber: pad(&cfg.serial),
            flags: token_flags(&cfg),
            ulMaxSessionCount: CK_EFFECTIVELY_INFINITE,
            ulSessionCount: sessions as CK_ULONG,
            ulMaxRwSessionCount: CK_EFFECTIVELY_INFINITE,
            ulRwSessionCount: rw as CK_ULONG,
            ulMaxPinLen: 32,
            ulMinPinLen: 4,
            ulTotalPublicMemory: CK_UNAVAILABLE_INFORMATION,
            ulFreePublicMemory: CK_UNAVAILABLE_INFORMATION,
            ulTotalPrivateMemory: CK_UNAVAILABLE_INFORMATION,
            ulFreePrivateMemory: CK_UNAVAILABLE_INFORMATION,
            hardwareVersion: CK_VERSION { major: 1, minor: 0 },
            firmwareVersion: CK_VERSION { major: 1, minor: 0 },
            utcTime: [b' '; 16],
        };
        Ok(())
    })
}

fn check_token_slot(slot: CK_SLOT_ID) -> Result<(), CK_RV> {
    with_module(|m| {
        if slot != SLOT_ID {
            return Err(CKR_SLOT_ID_INVALID);
        }
        m.present_dir().map(|_| ())
    })
}

pub(crate) unsafe extern "C" fn C_GetMechanismList(slotID: CK_SLOT_ID, pMechanismList: *mut CK_MECHANISM_TYPE, pulCount: *mut CK_ULONG) -> CK_RV {
    guard(|| {
        check_token_slot(slotID)?;
        let list: Vec<CK_MECHANISM_TYPE> = MECHANISMS.iter().map(|m| m.mechanism).collect();
        write_list(&list, pMechanismList, pulCount)
    })
}

pub(crate) unsafe extern "C" fn C_GetMechanismInfo(slotID: CK_SLOT_ID, type_: CK_MECHANISM_TYPE, pInfo: *mut CK_MECHANISM_INFO) -> CK_RV {
    guard(|| {
        let info = non_null(pInfo)?;
        check_token_slot(slotID)?;
        let spec = crate::mechanisms::find(type_).ok_or(CKR_MECHANISM_INVALID)?;
        *info = CK_MECHANISM_INFO { ulMinKeySize: spec.min_key_bits, ulMaxKeySize: spec.max_key_bits, flags: spec.flags };
        Ok(())
    })
}

/// Poll interval of a blocking `C_WaitForSlotEvent`.
const WAIT_POLL: Duration = Duration::from_millis(50);

pub(crate) unsafe extern "C" fn C_WaitForSlotEvent(flags: CK_FLAGS, pSlot: *mut CK_SLOT_ID, pReserved: *mut c_void) -> CK_RV {
    guard(|| {
        let slot = non_null(pSlot)?;
        if !pReserved.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let epoch = state::current_epoch();
        loop {
            let event = with_module(|m| {
                if m.epoch != epoch {
                    return Err(CKR_CRYPTOKI_NOT_INITIALIZED);
                }
                let snap = m.refresh();
                if snap != m.last_event {
                    m.last_event = snap;
                    return Ok(true);
                }
                Ok(false)
            })?;
            if event {
                *slot = SLOT_ID;
                return Ok(());
            }
            if flags & CKF_DONT_BLOCK != 0 {
                return Err(CKR_NO_EVENT);
            }
            // The lock is not held while sleeping: other threads keep working,
            // and C_Finalize makes the next iteration return NOT_INITIALIZED.
            std::thread::sleep(WAIT_POLL);
        }
    })
}
