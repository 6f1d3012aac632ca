//! Logging to stderr (the browser collects it) and optionally a file.
//! Never to stdout. Secrets (PINs, document data) are never logged.

use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

/// Initialises tracing with `filter` (e.g. `info`) and an optional log
/// file. Failing to open the file is reported on stderr and ignored.
pub fn init(filter: &str, file: Option<&Path>) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let file = file.and_then(|p| match std::fs::OpenOptions::new().create(true).append(true).open(p) {
        Ok(f) => Some(f),
        Err(e) => {
            eprintln!("podpis-host: cannot open log file {}: {e}", p.display());
            None
        }
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_target(false);
    let result = match file {
        Some(f) => builder.with_writer(std::io::stderr.and(Mutex::new(f))).try_init(),
        None => builder.with_writer(std::io::stderr).try_init(),
    };
    if let Err(e) = result {
        eprintln!("podpis-host: logging not initialised: {e}");
    }
}
