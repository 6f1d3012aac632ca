//! Cancellation of running requests.
//!
//! Each long request gets a [`Cancel`]; `cancel {target}` triggers it.
//! The async side stops waiting at once and replies `CANCELLED`; the
//! blocking token work sees the flag (the token layer polls it and kills
//! a pending PIN prompt).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

/// A cancellation flag shared between the session and one request.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    flag: AtomicBool,
    notify: Notify,
    token: podpis_token::CancelToken,
}

impl Cancel {
    /// A fresh, untriggered flag.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Requests cancellation.
    pub fn cancel(&self) {
        self.inner.flag.store(true, Ordering::SeqCst);
        self.inner.token.cancel();
        self.inner.notify.notify_waiters();
    }

    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.inner.flag.load(Ordering::SeqCst)
    }

    /// The token layer's view of this flag.
    pub fn token(&self) -> &podpis_token::CancelToken {
        &self.inner.token
    }

    /// Resolves when cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}
