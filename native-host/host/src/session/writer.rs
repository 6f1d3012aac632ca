//! The frame writer: one thread owns the real stdout; everything else
//! sends replies and events through an [`Outbox`]. Replies larger than a
//! frame are split into chunk frames here.

use std::io::Write;
use std::sync::mpsc;
use std::thread::JoinHandle;

use podpis_protocol::{ErrorBody, ErrorCode, Event, Reply, RequestId};

use crate::framing::{encode_frame, split_reply};

/// Longest technical detail sent back in an error (details may quote
/// input; the rest is cut).
pub const MAX_DETAIL: usize = 512;

enum Outgoing {
    Reply(Option<RequestId>, String),
    Event(String),
    Close,
}

/// Sends frames to the writer thread. Cheap to clone.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::Sender<Outgoing>,
}

impl Outbox {
    /// Sends a reply.
    pub fn reply(&self, reply: &Reply) {
        let id = match reply {
            Reply::Ok { id, .. } => Some(*id),
            Reply::Err { id, .. } => *id,
        };
        match serde_json::to_string(reply) {
            Ok(json) => {
                let _ = self.tx.send(Outgoing::Reply(id, json));
            }
            Err(e) => {
                tracing::error!("cannot serialize reply: {e}");
                self.error(id, ErrorCode::Internal, "reply serialization failed".into());
            }
        }
    }

    /// Sends a success reply with any serializable result.
    pub fn ok<T: serde::Serialize>(&self, id: RequestId, result: &T) {
        match serde_json::to_value(result) {
            Ok(v) => self.reply(&Reply::ok(id, v)),
            Err(e) => self.error(Some(id), ErrorCode::Internal, format!("result serialization failed: {e}")),
        }
    }

    /// Sends an error reply with the code's default messages.
    pub fn error(&self, id: Option<RequestId>, code: ErrorCode, detail: String) {
        self.reply(&Reply::err(id, ErrorBody::new(code, Some(truncate(detail)))));
    }

    /// Sends an error body as is.
    pub fn error_body(&self, id: Option<RequestId>, mut body: ErrorBody) {
        body.detail = body.detail.map(truncate);
        self.reply(&Reply::err(id, body));
    }

    /// Asks the writer to stop after everything queued so far (event
    /// forwarders may still hold clones, so dropping is not enough).
    pub fn close(&self) {
        let _ = self.tx.send(Outgoing::Close);
    }

    /// Pushes an event.
    pub fn event(&self, event: &Event) {
        if let Ok(json) = serde_json::to_string(event) {
            let _ = self.tx.send(Outgoing::Event(json));
        }
    }
}

fn truncate(mut s: String) -> String {
    if s.len() > MAX_DETAIL {
        let mut end = MAX_DETAIL;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

/// Starts the writer thread over `out`. The thread ends on
/// [`Outbox::close`], when every [`Outbox`] clone is dropped, or when
/// writing fails (browser gone).
pub fn spawn_writer<W: Write + Send + 'static>(mut out: W) -> (Outbox, JoinHandle<()>) {
    let (tx, rx) = mpsc::channel::<Outgoing>();
    let handle = std::thread::Builder::new()
        .name("frame-writer".into())
        .spawn(move || {
            for msg in rx {
                let payloads = match msg {
                    Outgoing::Reply(Some(id), json) => split_reply(id, json),
                    Outgoing::Reply(None, json) | Outgoing::Event(json) => vec![json.into_bytes()],
                    Outgoing::Close => return,
                };
                for p in payloads {
                    if let Err(e) = out.write_all(&encode_frame(&p)).and_then(|_| out.flush()) {
                        tracing::warn!("stdout closed: {e}");
                        return;
                    }
                }
            }
        })
        .unwrap_or_else(|e| {
            tracing::error!("cannot start writer thread: {e}");
            std::process::exit(70)
        });
    (Outbox { tx }, handle)
}
