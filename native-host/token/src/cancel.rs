//! Cancellation of blocking token operations.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A clone-able cancellation flag. The host calls [`CancelToken::cancel`]
/// on a `cancel` request; waiting loops (pinentry, per-token lock) check
/// [`CancelToken::is_cancelled`] and a pending pinentry is killed.
#[derive(Debug, Clone, Default)]
pub struct CancelToken {
    flag: Arc<AtomicBool>,
}

impl CancelToken {
    /// A fresh, not-cancelled token.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Requests cancellation; every clone observes it.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Whether cancellation was requested.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// `Err(Cancelled)` once cancelled.
    pub fn check(&self) -> Result<(), crate::TokenError> {
        if self.is_cancelled() {
            Err(crate::TokenError::Cancelled)
        } else {
            Ok(())
        }
    }
}
