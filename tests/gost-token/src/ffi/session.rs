//! Session and login entry points.
#![allow(non_snake_case)]

use std::os::raw::c_void;
use std::time::{Duration, Instant};

use cryptoki_sys::*;

use super::{guard, input, non_null};
use crate::pin::verify_user_pin;
use crate::state::{with_module, Session, SLOT_ID};
use crate::storage::{PinpadInput, TokenDir, ENV_PINPAD_TIMEOUT_MS};

pub(crate) unsafe extern "C" fn C_OpenSession(slotID: CK_SLOT_ID, flags: CK_FLAGS, _pApplication: *mut c_void, _Notify: CK_NOTIFY, phSession: *mut CK_SESSION_HANDLE) -> CK_RV {
    guard(|| {
        let out = non_null(phSession)?;
        let handle = with_module(|m| {
            if slotID != SLOT_ID {
                return Err(CKR_SLOT_ID_INVALID);
            }
            if flags & CKF_SERIAL_SESSION == 0 {
                return Err(CKR_SESSION_PARALLEL_NOT_SUPPORTED);
            }
            let dir = m.present_dir()?;
            m.ensure_objects()?;
            let h = m.next_handle;
            m.next_handle += 1;
            m.sessions.insert(h, Session { flags, generation: dir.generation(), find: None, sign: None, digest: None });
            Ok(h)
        })?;
        *out = handle;
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn C_CloseSession(hSession: CK_SESSION_HANDLE) -> CK_RV {
    guard(|| {
        with_module(|m| {
            m.sessions.remove(&hSession).ok_or(CKR_SESSION_HANDLE_INVALID)?;
            if m.sessions.is_empty() {
                m.logged_in = false;
            }
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_CloseAllSessions(slotID: CK_SLOT_ID) -> CK_RV {
    guard(|| {
        with_module(|m| {
            if slotID != SLOT_ID {
                return Err(CKR_SLOT_ID_INVALID);
            }
            m.sessions.clear();
            m.logged_in = false;
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_GetSessionInfo(hSession: CK_SESSION_HANDLE, pInfo: *mut CK_SESSION_INFO) -> CK_RV {
    guard(|| {
        let info = non_null(pInfo)?;
        let value = with_module(|m| {
            let flags = m.session(hSession)?.flags;
            Ok(CK_SESSION_INFO { slotID: SLOT_ID, state: m.session_state(flags), flags, ulDeviceError: 0 })
        })?;
        *info = value;
        Ok(())
    })
}

/// How long `C_Login(NULL)` waits for the simulated PIN pad.
fn pinpad_timeout(configured_ms: u64) -> Duration {
    let ms = std::env::var(ENV_PINPAD_TIMEOUT_MS).ok().and_then(|v| v.parse().ok()).unwrap_or(configured_ms);
    Duration::from_millis(ms)
}

/// Waits (without holding the module lock) for `pinpad-input` / `pinpad-cancel`.
fn wait_for_pinpad(dir: &TokenDir, timeout: Duration) -> Result<String, CK_RV> {
    let deadline = Instant::now() + timeout;
    loop {
        match dir.take_pinpad_input() {
            Some(PinpadInput::Pin(pin)) => return Ok(pin),
            Some(PinpadInput::Cancel) => return Err(CKR_FUNCTION_CANCELED),
            None if Instant::now() >= deadline => return Err(CKR_FUNCTION_CANCELED),
            None => std::thread::sleep(Duration::from_millis(25)),
        }
    }
}

pub(crate) unsafe extern "C" fn C_Login(hSession: CK_SESSION_HANDLE, userType: CK_USER_TYPE, pPin: *mut CK_UTF8CHAR, ulPinLen: CK_ULONG) -> CK_RV {
    guard(|| {
        let (dir, pinpad, timeout_ms) = with_module(|m| {
            m.session(hSession)?;
            match userType {
                CKU_USER => {}
                CKU_SO | CKU_CONTEXT_SPECIFIC => return Err(CKR_USER_TYPE_INVALID),
                _ => return Err(CKR_USER_TYPE_INVALID),
            }
            if m.logged_in {
                return Err(CKR_USER_ALREADY_LOGGED_IN);
            }
            let dir = m.present_dir()?;
            let cfg = dir.load_config().map_err(|e| e.rv())?;
            Ok((dir, cfg.pinpad, cfg.pinpad_timeout_ms))
        })?;
        let pin: Vec<u8> = if pPin.is_null() {
            if !pinpad {
                return Err(CKR_ARGUMENTS_BAD);
            }
            wait_for_pinpad(&dir, pinpad_timeout(timeout_ms))?.into_bytes()
        } else {
            input(pPin, ulPinLen)?.to_vec()
        };
        with_module(|m| {
            m.session(hSession)?;
            if m.logged_in {
                return Err(CKR_USER_ALREADY_LOGGED_IN);
            }
            match verify_user_pin(&dir, &pin).map_err(|e| e.rv())? {
                CKR_OK => {
                    m.logged_in = true;
                    Ok(())
                }
                rv => Err(rv),
            }
        })
    })
}

pub(crate) unsafe extern "C" fn C_Logout(hSession: CK_SESSION_HANDLE) -> CK_RV {
    guard(|| {
        with_module(|m| {
            m.session(hSession)?;
            if !m.logged_in {
                return Err(CKR_USER_NOT_LOGGED_IN);
            }
            m.logged_in = false;
            for s in m.sessions.values_mut() {
                s.sign = None;
            }
            Ok(())
        })
    })
}

pub(crate) unsafe extern "C" fn C_GetFunctionStatus(_hSession: CK_SESSION_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_PARALLEL
}

pub(crate) unsafe extern "C" fn C_CancelFunction(_hSession: CK_SESSION_HANDLE) -> CK_RV {
    CKR_FUNCTION_NOT_PARALLEL
}
