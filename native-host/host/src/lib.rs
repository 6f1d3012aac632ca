//! Podpis native-messaging host.
//!
//! One process serves one browser connection: frames are read from stdin
//! ([`framing`]), parsed with the protocol crate, dispatched by a
//! [`session::Session`] that runs slow token work concurrently, and
//! replies are written by a single writer thread that owns the real
//! stdout ([`session::writer`]). The binary also registers the host with
//! browsers ([`install`]) and diagnoses the workplace ([`doctor`]).

pub mod backend;
pub mod caller;
pub mod cancel;
pub mod cli;
pub mod commands;
pub mod config;
pub mod consent;
pub mod doctor;
pub mod framing;
pub mod install;
pub mod logging;
pub mod serve;
pub mod session;
pub mod stdio;
pub mod streams;
pub mod trust;

/// Host version (the crate version).
pub const HOST_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Name of the native-messaging host as registered with browsers.
pub const HOST_NAME: &str = "ru.podpis.host";
