//! Routing one frame to its command.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use podpis_protocol::{Command, ErrorBody, ErrorCode, Origin, Request, RequestId};
use serde::Serialize;

use super::{lock, Session};
use crate::backend::{BackendError, TokenBackend};
use crate::cancel::Cancel;
use crate::commands;

impl Session {
    /// Handles one frame payload; every outcome produces exactly one
    /// reply (possibly later, for token commands).
    pub fn handle_frame(&self, payload: &[u8]) {
        match Request::from_slice(payload) {
            Ok(req) => self.handle_request(req),
            Err(e) => {
                // Details may quote input: log only their beginning.
                let head: String = e.detail.chars().take(200).collect();
                tracing::info!(id = ?e.id, code = %e.code, "bad request: {head}");
                self.out.error(e.id, e.code, e.detail);
            }
        }
    }

    fn handle_request(&self, req: Request) {
        let id = req.id;
        let name = req.command.name();
        tracing::debug!(id, command = name.as_str(), origin = %req.origin, "request");
        if lock(&self.in_flight).contains_key(&id) {
            return self.out.error(Some(id), ErrorCode::DuplicateId, format!("request {id} is still running"));
        }
        let origin = match Origin::parse(&req.origin, &self.config.origin_policy) {
            Ok(o) => o,
            Err(e) => return self.out.error(Some(id), ErrorCode::OriginNotAllowed, format!("{:?}: {e}", req.origin)),
        };
        let hello_done = self.hello_done.load(Ordering::SeqCst);
        if !hello_done && !matches!(req.command, Command::Hello(_) | Command::Status) {
            return self.out.error(Some(id), ErrorCode::BadRequest, "hello required before this command".into());
        }
        match req.command {
            Command::Hello(args) => {
                let key = *lock(&self.consent).key();
                let r = commands::hello::run(&args, &key);
                if r.is_ok() {
                    self.hello_done.store(true, Ordering::SeqCst);
                    tracing::info!(extension = ?args.extension_version, "hello");
                }
                self.answer(id, r);
            }
            Command::Cancel(args) => {
                let r = commands::cancel::run(&args, &lock(&self.in_flight));
                self.out.ok(id, &r);
            }
            Command::StreamBegin(args) => {
                let r = commands::stream_begin::run(&mut lock(&self.streams), origin.as_str(), &args);
                self.answer(id, r);
            }
            Command::StreamChunk(args) => {
                let r = commands::stream_chunk::run(&mut lock(&self.streams), origin.as_str(), &args);
                self.answer(id, r);
            }
            Command::Status => {
                let config = Arc::clone(&self.config);
                self.spawn_token_work(id, move |b, _| commands::status::run(b, &config));
            }
            Command::ListTokens => self.spawn_token_work(id, |b, _| commands::list_tokens::run(b)),
            Command::ListCertificates(args) => {
                let config = Arc::clone(&self.config);
                self.spawn_token_work(id, move |b, _| commands::list_certificates::run(b, &args, &config));
            }
            Command::Sign(args) => {
                let job = commands::sign::prepare(&origin, *args, &mut lock(&self.streams), &mut lock(&self.consent));
                match job {
                    Ok(job) => self.spawn_token_work(id, move |b, c| b.sign(&job, c)),
                    Err(e) => self.out.error_body(Some(id), e),
                }
            }
            Command::Authenticate(args) => match commands::authenticate::prepare(&origin, args, &mut lock(&self.consent)) {
                Ok(job) => self.spawn_token_work(id, move |b, c| b.authenticate(&job, c)),
                Err(e) => self.out.error_body(Some(id), e),
            },
        }
    }

    fn answer<T: Serialize>(&self, id: RequestId, r: Result<T, ErrorBody>) {
        match r {
            Ok(v) => self.out.ok(id, &v),
            Err(e) => self.out.error_body(Some(id), e),
        }
    }

    /// Registers `id` as in flight and runs `work` on a blocking thread.
    /// A `cancel` makes the reply `CANCELLED` at once; the blocking work
    /// sees the flag and stops on its own.
    fn spawn_token_work<T, F>(&self, id: RequestId, work: F)
    where
        T: Serialize + Send + 'static,
        F: FnOnce(&dyn TokenBackend, &Cancel) -> Result<T, BackendError> + Send + 'static,
    {
        let cancel = Cancel::new();
        lock(&self.in_flight).insert(id, cancel.clone());
        let in_flight = Arc::clone(&self.in_flight);
        let backend = Arc::clone(&self.backend);
        let out = self.out.clone();
        let rt = self.rt.clone();
        self.rt.spawn(async move {
            let c = cancel.clone();
            let job = rt.spawn_blocking(move || work(backend.as_ref(), &c));
            let outcome: Result<serde_json::Value, ErrorBody> = tokio::select! {
                joined = job => match joined {
                    Ok(Ok(v)) => serde_json::to_value(v)
                        .map_err(|e| ErrorBody::new(ErrorCode::Internal, Some(format!("result serialization failed: {e}")))),
                    Ok(Err(e)) => {
                        let mut body = ErrorBody::new(e.code, Some(e.detail));
                        body.attempts_left = e.attempts_left;
                        Err(body)
                    }
                    Err(e) => Err(ErrorBody::new(ErrorCode::Internal, Some(format!("token task failed: {e}")))),
                },
                _ = cancel.cancelled() => Err(ErrorBody::new(ErrorCode::Cancelled, Some("cancelled by request".into()))),
            };
            // Free the id before replying so the extension may reuse it
            // as soon as it sees the reply.
            lock(&in_flight).remove(&id);
            match outcome {
                Ok(v) => out.reply(&podpis_protocol::Reply::ok(id, v)),
                Err(e) => out.error_body(Some(id), e),
            }
        });
    }
}
