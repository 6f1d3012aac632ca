//! Serving one browser connection over stdin/stdout.

use std::sync::Arc;

use crate::backend;
use crate::caller::Caller;
use crate::config::{Config, FileConfig, ProcessEnv};
use crate::session::writer::spawn_writer;
use crate::session::Session;

/// Exit code when the calling extension is not allowed.
pub const EXIT_CALLER_REFUSED: i32 = 3;

/// Runs the native-messaging host; returns the process exit code.
pub fn serve(args: &[String]) -> i32 {
    // First of all: keep stdout for frames only.
    let frames_out = match crate::stdio::take_stdout() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("podpis-host: cannot set up stdout: {e}");
            return 1;
        }
    };
    let (config, config_error) = match Config::load() {
        Ok(c) => (c, None),
        Err(e) => (Config::resolve(FileConfig::default(), Vec::new(), &ProcessEnv), Some(e)),
    };
    crate::logging::init(&config.log_level, config.log_file.as_deref());
    if let Some(e) = config_error {
        tracing::error!("configuration ignored: {e}");
    }
    let caller = Caller::from_args(args);
    if !caller.is_allowed(&config.allowed_extensions) {
        tracing::error!(?caller, "calling extension is not in allowed_extensions; exiting");
        return EXIT_CALLER_REFUSED;
    }
    tracing::info!(?caller, version = crate::HOST_VERSION, "host started");
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!("cannot start runtime: {e}");
            return 1;
        }
    };
    let config = Arc::new(config);
    let backend = backend::for_config(&config);
    let (outbox, writer) = spawn_writer(frames_out);
    backend::forward_events(backend.as_ref(), &outbox);
    let session = Session::new(config, backend, outbox.clone(), rt.handle().clone());
    session.run(std::io::stdin().lock());
    outbox.close();
    drop(session);
    // Blocking token work that ignores cancellation must not hold the
    // process open.
    rt.shutdown_background();
    let _ = writer.join();
    tracing::info!("browser closed the connection; exiting");
    0
}
