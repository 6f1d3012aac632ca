//! One-time login challenges: a random nonce with an expiry, usable once.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use rand::RngCore;

/// Bytes of a login nonce (the page API accepts 32–96).
const NONCE_BYTES: usize = 32;
/// How long a used or expired challenge is remembered, to say why it fails.
const REMEMBER_SECONDS: i64 = 3600;

/// Why a challenge cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    /// The server never issued it (or forgot it long ago).
    #[error("unknown challenge")]
    Unknown,
    /// It was already used for a login attempt (a replay).
    #[error("challenge already used")]
    Used,
    /// Its lifetime is over.
    #[error("challenge expired")]
    Expired,
}

impl ChallengeError {
    /// Stable code for the page.
    pub fn code(self) -> &'static str {
        match self {
            ChallengeError::Unknown => "CHALLENGE_UNKNOWN",
            ChallengeError::Used => "CHALLENGE_USED",
            ChallengeError::Expired => "CHALLENGE_EXPIRED",
        }
    }

    /// Russian text for the user.
    pub fn message_ru(self) -> &'static str {
        match self {
            ChallengeError::Unknown => "Запрос на вход не найден. Обновите страницу и войдите снова.",
            ChallengeError::Used => "Этот запрос на вход уже использован: повторная отправка того же входа отклонена. Войдите снова.",
            ChallengeError::Expired => "Срок запроса на вход истёк. Нажмите «Войти по сертификату» ещё раз.",
        }
    }
}

/// A challenge handed to the page.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issued {
    /// Identifier the page sends back with the token.
    pub id: String,
    /// The nonce, base64 (what `podpis.authenticate` signs).
    pub challenge: String,
    /// Expiry, unix seconds.
    pub expires_at: i64,
}

#[derive(Debug)]
enum Entry {
    Pending { nonce: Vec<u8>, expires_at: i64 },
    Spent { forget_at: i64 },
}

/// Issued challenges.
#[derive(Debug)]
pub struct Challenges {
    ttl: i64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Challenges {
    /// A store whose challenges live `ttl` seconds.
    pub fn new(ttl: i64) -> Challenges {
        Challenges { ttl, entries: Mutex::new(HashMap::new()) }
    }

    /// Issues a fresh challenge at `now` (unix seconds).
    pub fn issue(&self, now: i64) -> Issued {
        let mut rng = rand::thread_rng();
        let mut nonce = vec![0u8; NONCE_BYTES];
        rng.fill_bytes(&mut nonce);
        let mut id = [0u8; 16];
        rng.fill_bytes(&mut id);
        let id = hex::encode(id);
        let expires_at = now + self.ttl;
        let challenge = base64::engine::general_purpose::STANDARD.encode(&nonce);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|_, e| match e {
            Entry::Pending { expires_at, .. } => *expires_at + REMEMBER_SECONDS > now,
            Entry::Spent { forget_at } => *forget_at > now,
        });
        entries.insert(id.clone(), Entry::Pending { nonce, expires_at });
        Issued { id, challenge, expires_at }
    }

    /// Takes the nonce of challenge `id` for one verification; afterwards
    /// the challenge is spent whatever the verification's outcome.
    pub fn take(&self, id: &str, now: i64) -> Result<Vec<u8>, ChallengeError> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let entry = entries.get_mut(id).ok_or(ChallengeError::Unknown)?;
        match std::mem::replace(entry, Entry::Spent { forget_at: now + REMEMBER_SECONDS }) {
            Entry::Spent { .. } => Err(ChallengeError::Used),
            Entry::Pending { expires_at, .. } if now > expires_at => Err(ChallengeError::Expired),
            Entry::Pending { nonce, .. } => Ok(nonce),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_used_once_and_expires() {
        let c = Challenges::new(10);
        let a = c.issue(100);
        assert_eq!(a.expires_at, 110);
        let nonce = c.take(&a.id, 105).expect("fresh");
        assert_eq!(base64::engine::general_purpose::STANDARD.encode(nonce), a.challenge);
        assert_eq!(c.take(&a.id, 106), Err(ChallengeError::Used));
        let b = c.issue(100);
        assert_ne!(a.challenge, b.challenge);
        assert_eq!(c.take(&b.id, 111), Err(ChallengeError::Expired));
        assert_eq!(c.take(&b.id, 111), Err(ChallengeError::Used));
        assert_eq!(c.take("nope", 100), Err(ChallengeError::Unknown));
    }
}
