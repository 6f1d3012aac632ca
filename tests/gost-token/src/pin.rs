//! User PIN verification, the persistent retry counter and the PIN-related
//! `CK_TOKEN_INFO` flags, modelled on Rutoken / JaCarta behaviour:
//!
//! * every wrong PIN decrements `remaining_tries` in `token.json` (so the
//!   lock-out survives process restarts, like a card);
//! * a wrong PIN returns `CKR_PIN_INCORRECT`, except the one that uses the
//!   last try, which returns `CKR_PIN_LOCKED` (as OpenSC maps the card's
//!   `63C0` status); every later attempt — right or wrong — also returns
//!   `CKR_PIN_LOCKED`;
//! * the correct PIN resets the counter to `max_tries`;
//! * flags: `CKF_USER_PIN_COUNT_LOW` while `0 < remaining < max`,
//!   plus `CKF_USER_PIN_FINAL_TRY` when `remaining == 1`,
//!   only `CKF_USER_PIN_LOCKED` when `remaining == 0`.

use cryptoki_sys::*;

use crate::error::Result;
use crate::storage::{TokenConfig, TokenDir};

/// The `CK_TOKEN_INFO.flags` for a token configuration.
pub fn token_flags(cfg: &TokenConfig) -> CK_FLAGS {
    let mut flags = CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED | CKF_RNG;
    if cfg.pinpad {
        flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
    }
    if cfg.remaining_tries == 0 {
        flags |= CKF_USER_PIN_LOCKED;
    } else if cfg.remaining_tries < cfg.max_tries {
        flags |= CKF_USER_PIN_COUNT_LOW;
        if cfg.remaining_tries == 1 {
            flags |= CKF_USER_PIN_FINAL_TRY;
        }
    }
    flags
}

/// Checks `pin` against the stored user PIN and updates the persisted counter.
/// Returns `CKR_OK`, `CKR_PIN_INCORRECT` or `CKR_PIN_LOCKED`.
pub fn verify_user_pin(dir: &TokenDir, pin: &[u8]) -> Result<CK_RV> {
    let mut cfg = dir.load_config()?;
    if cfg.remaining_tries == 0 {
        return Ok(CKR_PIN_LOCKED);
    }
    if constant_time_eq(pin, cfg.user_pin.as_bytes()) {
        if cfg.remaining_tries != cfg.max_tries {
            cfg.remaining_tries = cfg.max_tries;
            dir.save_config(&cfg)?;
        }
        return Ok(CKR_OK);
    }
    cfg.remaining_tries -= 1;
    dir.save_config(&cfg)?;
    Ok(if cfg.remaining_tries == 0 { CKR_PIN_LOCKED } else { CKR_PIN_INCORRECT })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_flags_and_lockout() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = TokenDir::new(tmp.path());
        dir.init(&TokenConfig::new("t", "1", "1234", 3, false)).unwrap();
        let flags = || token_flags(&dir.load_config().unwrap());
        assert_eq!(flags() & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED), 0);
        assert_eq!(verify_user_pin(&dir, b"0000").unwrap(), CKR_PIN_INCORRECT);
        assert_eq!(flags() & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY), CKF_USER_PIN_COUNT_LOW);
        assert_eq!(verify_user_pin(&dir, b"1234").unwrap(), CKR_OK);
        assert_eq!(flags() & CKF_USER_PIN_COUNT_LOW, 0);
        assert_eq!(verify_user_pin(&dir, b"0000").unwrap(), CKR_PIN_INCORRECT);
        assert_eq!(verify_user_pin(&dir, b"0000").unwrap(), CKR_PIN_INCORRECT);
        assert_ne!(flags() & CKF_USER_PIN_FINAL_TRY, 0);
        assert_eq!(verify_user_pin(&dir, b"0000").unwrap(), CKR_PIN_LOCKED);
        assert_eq!(flags() & (CKF_USER_PIN_LOCKED | CKF_USER_PIN_COUNT_LOW), CKF_USER_PIN_LOCKED);
        assert_eq!(verify_user_pin(&dir, b"1234").unwrap(), CKR_PIN_LOCKED);
    }
}
