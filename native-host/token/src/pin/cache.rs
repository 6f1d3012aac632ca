//! Optional in-memory PIN cache (only when `pin_cache_seconds` is set).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use podpis_protocol::TokenRef;
use secrecy::SecretString;

/// PINs by token, each with an expiry. Entries are dropped (and zeroized
/// by `SecretString`) on expiry, on a wrong PIN and on token removal.
pub struct PinCache {
    ttl: Option<Duration>,
    entries: Mutex<HashMap<TokenRef, (SecretString, Instant)>>,
}

impl PinCache {
    /// A cache keeping PINs for `ttl`; `None` caches nothing.
    pub fn new(ttl: Option<Duration>) -> PinCache {
        PinCache { ttl, entries: Mutex::new(HashMap::new()) }
    }

    /// The cached PIN for `token`, if fresh.
    pub fn get(&self, token: &TokenRef) -> Option<SecretString> {
        let mut map = self.entries.lock().ok()?;
        match map.get(token) {
            Some((pin, exp)) if *exp > Instant::now() => Some(pin.clone()),
            Some(_) => {
                map.remove(token);
                None
            }
            None => None,
        }
    }

    /// Remembers a PIN that just worked.
    pub fn put(&self, token: &TokenRef, pin: &SecretString) {
        let Some(ttl) = self.ttl else { return };
        if let Ok(mut map) = self.entries.lock() {
            map.insert(token.clone(), (pin.clone(), Instant::now() + ttl));
        }
    }

    /// Forgets the PIN of `token`.
    pub fn forget(&self, token: &TokenRef) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(token);
        }
    }

    /// Whether caching is enabled.
    pub fn enabled(&self) -> bool {
        self.ttl.is_some()
    }
}
