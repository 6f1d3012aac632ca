//! One browser connection: the state shared by its requests and the
//! read loop.
//!
//! The read loop runs on its own thread and never waits for token work:
//! quick commands (`hello`, `cancel`, streams, consent checks) run
//! inline; `status`, listings, `sign` and `authenticate` run as tasks
//! whose blocking part goes to tokio's blocking pool. Replies go through
//! the [`writer::Outbox`]. Several requests may be in flight; their ids
//! must differ (`DUPLICATE_ID`).
//!
//! Before `hello`, only `hello` and `status` are accepted (others get
//! `BAD_REQUEST` with detail "hello required"), so the extension always
//! learns the consent key and the protocol version first.

pub mod dispatch;
pub mod writer;

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use podpis_protocol::ErrorCode;
use rand::RngCore;
use tokio::runtime::Handle;

use crate::backend::TokenBackend;
use crate::cancel::Cancel;
use crate::config::Config;
use crate::consent::ConsentVerifier;
use crate::framing::{FrameReader, Incoming};
use crate::streams::StreamTable;
use writer::Outbox;

/// How long the host waits at EOF for running requests to finish after
/// cancelling them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Locks a mutex, ignoring poisoning (state stays usable after a panic
/// in another thread).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// State of one connection.
pub struct Session {
    pub(crate) config: Arc<Config>,
    pub(crate) backend: Arc<dyn TokenBackend>,
    pub(crate) out: Outbox,
    pub(crate) rt: Handle,
    pub(crate) hello_done: AtomicBool,
    pub(crate) consent: Mutex<ConsentVerifier>,
    pub(crate) streams: Mutex<StreamTable>,
    pub(crate) in_flight: Arc<Mutex<HashMap<u64, Cancel>>>,
}

impl Session {
    /// A new connection with a fresh random consent key.
    pub fn new(config: Arc<Config>, backend: Arc<dyn TokenBackend>, out: Outbox, rt: Handle) -> Session {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        Session {
            config,
            backend,
            out,
            rt,
            hello_done: AtomicBool::new(false),
            consent: Mutex::new(ConsentVerifier::new(key)),
            streams: Mutex::new(StreamTable::default()),
            in_flight: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Reads frames until EOF, answering each; then cancels what is still
    /// running and waits (bounded) for its replies.
    pub fn run<R: Read>(&self, input: R) {
        let mut reader = FrameReader::new(input);
        loop {
            match reader.next_frame() {
                Ok(Incoming::Frame(payload)) => self.handle_frame(&payload),
                Ok(Incoming::TooLarge { declared, resynced }) => {
                    tracing::warn!(declared, resynced, "oversized request");
                    self.out.error(None, ErrorCode::TooLarge, format!("declared frame length {declared} exceeds the limit"));
                    if !resynced {
                        // The length was garbage: nothing after it can be
                        // framed. Drain until the browser closes the pipe.
                        let _ = reader.drain();
                        break;
                    }
                }
                Ok(Incoming::Truncated) => {
                    self.out.error(None, ErrorCode::BadFrame, "input ended inside a frame".into());
                    break;
                }
                Ok(Incoming::Eof) => break,
                Err(e) => {
                    tracing::warn!("stdin read error: {e}");
                    break;
                }
            }
        }
        self.shutdown();
    }

    fn shutdown(&self) {
        for c in lock(&self.in_flight).values() {
            c.cancel();
        }
        let deadline = Instant::now() + SHUTDOWN_GRACE;
        while !lock(&self.in_flight).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
