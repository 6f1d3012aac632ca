//! The Podpis demo web cabinet: a small site on 127.0.0.1 that uses
//! `window.podpis` the way a tax or e-reporting cabinet would.
//!
//! * certificate login: a one-time [`challenge`], `podpis.authenticate`,
//!   the token verified by `podpis-verifier` against the configured roots
//!   and the cabinet's own origin, then an HttpOnly session ([`session`]);
//! * reports: the page checks and renders the XML with the extension,
//!   signs it (detached CMS) and uploads report + signature; the server
//!   verifies the signature ([`verdict`]) and keeps everything on disk
//!   ([`store`]);
//! * the list of sent reports with downloads.
//!
//! The UI (Russian, no remote code) is in `src/assets`, served by [`web`].

pub mod assets;
pub mod challenge;
pub mod config;
pub mod person;
pub mod report_form;
pub mod session;
pub mod store;
pub mod verdict;
pub mod web;

pub use config::{Config, ConfigError};

/// Serves the cabinet on `listener` until the process ends.
pub async fn serve(config: Config, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = web::router(web::AppState::new(config)?);
    axum::serve(listener, app).await
}
