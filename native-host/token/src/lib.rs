//! PKCS#11 tokens for Podpis.
//!
//! The host talks to this crate only through [`TokenService`]: it lists
//! modules, tokens and certificates, signs ([`SignJob`]) and performs
//! certificate login ([`AuthJob`]). Every result is a wire type of
//! `podpis-protocol`; every failure a [`TokenError`] that maps to an
//! [`podpis_protocol::ErrorCode`].
//!
//! Layout (one module per domain concept):
//! - [`module`]: loading PKCS#11 libraries once per process;
//! - [`slots`]: tokens in slots and their flags; [`hotplug`]: insert/remove events;
//! - [`certificates`]: X.509 parsing, Russian attributes, classification;
//! - [`pin`]: PIN entry through an Assuan pinentry, prompts, optional cache;
//! - [`algorithms`]: RSA, ECDSA and GOST key handling behind one trait;
//! - [`cms`]: CAdES-BES SignedData; [`auth`]: certificate login;
//! - [`service`]: the facade.

pub mod algorithms;
pub mod auth;
pub mod cancel;
pub mod certificates;
pub mod cms;
pub mod error;
pub mod hotplug;
pub mod job;
pub mod module;
pub mod pin;
pub mod service;
pub mod slots;

use std::path::PathBuf;

pub use cancel::CancelToken;
pub use error::TokenError;
pub use job::{AuthJob, Payload, SignJob};
pub use service::TokenService;

/// Configuration of the token layer (from the host's config file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenConfig {
    /// PKCS#11 module paths to load, in order.
    pub modules: Vec<PathBuf>,
    /// The pinentry program; `None` = search `PATH` for `pinentry`.
    pub pinentry: Option<PathBuf>,
    /// Keep a correct PIN in memory for this many seconds; `None` = never cache.
    pub pin_cache_seconds: Option<u64>,
    /// How long to wait for the user in the pinentry before `USER_TIMEOUT`.
    pub pin_timeout_seconds: u64,
}

impl Default for TokenConfig {
    fn default() -> Self {
        TokenConfig { modules: Vec::new(), pinentry: None, pin_cache_seconds: None, pin_timeout_seconds: 120 }
    }
}

/// `podpis-host/<version>`, the `appVersion` of auth tokens.
pub const APP_VERSION: &str = concat!("podpis-host/", env!("CARGO_PKG_VERSION"));
