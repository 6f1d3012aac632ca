//! Logged-in sessions, identified by an HttpOnly SameSite=Strict cookie.

use std::collections::HashMap;
use std::sync::Mutex;

use rand::RngCore;
use serde::Serialize;

use crate::person::Person;

/// The session cookie's name.
pub const COOKIE: &str = "podpis_cabinet_session";

/// One login.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Who logged in.
    pub person: Person,
    /// The login token's algorithm (`rsa-pkcs1-sha256`, `gost2012-256` …).
    pub algorithm: String,
    /// Login time, unix seconds.
    pub since: i64,
}

/// All sessions of the running cabinet (kept in memory).
#[derive(Debug, Default)]
pub struct Sessions {
    by_id: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session; returns its cookie value.
    pub fn start(&self, session: Session) -> String {
        let mut id = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut id);
        let id = hex::encode(id);
        self.by_id.lock().unwrap_or_else(|p| p.into_inner()).insert(id.clone(), session);
        id
    }

    /// The session of a cookie value.
    pub fn get(&self, id: &str) -> Option<Session> {
        self.by_id.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned()
    }

    /// Ends a session.
    pub fn end(&self, id: &str) {
        self.by_id.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
    }
}

/// The `Set-Cookie` value that starts a session.
pub fn set_cookie(id: &str) -> String {
    format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict")
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The session id from a `Cookie` header.
pub fn cookie_value(header: &str) -> Option<&str> {
    header.split(';').find_map(|kv| kv.trim().strip_prefix(COOKIE)?.strip_prefix('=')).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_round_trip() {
        assert_eq!(cookie_value(&format!("a=1; {COOKIE}=abc; b=2")), Some("abc"));
        assert_eq!(cookie_value(&format!("{COOKIE}x=abc")), None);
        assert_eq!(cookie_value(&format!("{COOKIE}=")), None);
        assert!(set_cookie("x").contains("HttpOnly; SameSite=Strict"));
    }
}
