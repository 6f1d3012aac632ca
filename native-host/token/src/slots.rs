//! Tokens in slots: discovery and the protocol's [`TokenInfo`].

use std::sync::Arc;

use cryptoki::slot::Slot;
use podpis_protocol::{TokenFlags, TokenInfo, TokenRef};

use crate::module::Module;
use crate::TokenError;

/// A token present in a slot of a loaded module.
#[derive(Clone)]
pub struct PresentToken {
    /// The module.
    pub module: Arc<Module>,
    /// The slot (valid until the token is removed).
    pub slot: Slot,
    /// What the user and the host see.
    pub info: TokenInfo,
}

/// Converts cryptoki token info flags.
pub fn flags_of(ti: &cryptoki::slot::TokenInfo) -> TokenFlags {
    TokenFlags {
        login_required: ti.login_required(),
        pin_pad: ti.protected_authentication_path(),
        initialized: ti.token_initialized(),
        user_pin_initialized: ti.user_pin_initialized(),
        pin_count_low: ti.user_pin_count_low(),
        pin_final_try: ti.user_pin_final_try(),
        pin_locked: ti.user_pin_locked(),
    }
}

/// Reads the token in `slot` of `module`.
pub fn token_info(module: &Module, slot: Slot) -> Result<TokenInfo, TokenError> {
    let ti = module.ctx.get_token_info(slot).map_err(|e| TokenError::pkcs11("C_GetTokenInfo", e))?;
    let serial = ti.serial_number().trim().to_string();
    Ok(TokenInfo {
        token: TokenRef { module: module.path_str(), serial: serial.clone() },
        slot: slot.id(),
        label: ti.label().trim().to_string(),
        manufacturer: ti.manufacturer_id().trim().to_string(),
        model: ti.model().trim().to_string(),
        serial,
        flags: flags_of(&ti),
    })
}

/// All tokens present in `modules`. A module whose slot list fails is
/// skipped (logged), so one broken driver does not hide the others.
pub fn present_tokens(modules: &[Arc<Module>]) -> Vec<PresentToken> {
    let mut out = Vec::new();
    for m in modules {
        let slots = match m.ctx.get_slots_with_token() {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(module = %m.path.display(), error = %e, "C_GetSlotList failed");
                continue;
            }
        };
        for slot in slots {
            match token_info(m, slot) {
                // Uninitialized tokens hold no keys: skip them.
                Ok(info) if info.flags.initialized => {
                    out.push(PresentToken { module: m.clone(), slot, info })
                }
                Ok(_) => {}
                Err(e) => tracing::debug!(error = %e, "token vanished while listing"),
            }
        }
    }
    out
}

/// Attempts left according to the token flags: locked → 0, final try → 1,
/// otherwise unknown (`None`).
pub fn attempts_left(flags: &TokenFlags) -> Option<u32> {
    if flags.pin_locked {
        Some(0)
    } else if flags.pin_final_try {
        Some(1)
    } else {
        None
    }
}
