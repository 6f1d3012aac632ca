//! Podpis native-messaging protocol, version 1.
//!
//! This crate is the single definition of everything that crosses the
//! extension ↔ host boundary: the request envelope ([`Request`]), the
//! command arguments ([`Command`]), results, events ([`Event`]), and the
//! stable error codes ([`ErrorCode`]) with their Russian and English
//! messages. The extension's TypeScript typings are generated from these
//! types (see `extension/src/protocol/generated/`), never written by hand.
//!
//! Frames on the wire are a 4-byte native-endian length followed by UTF-8
//! JSON (the browser's native-messaging framing). The transport lives in
//! the host crate; this crate only knows the JSON shapes and the limits.

pub mod auth;
pub mod certificate;
pub mod command;
pub mod consent;
pub mod envelope;
pub mod error;
pub mod hello;
pub mod limits;
pub mod origin;
pub mod sign;
pub mod token;
pub mod typings;

pub use auth::{AuthToken, AuthenticateArgs, AUTH_TOKEN_FORMAT};
pub use certificate::{
    CertificateFilter, CertificateInfo, CertificateKind, CertificateWarning, KeyInfo, SubjectInfo,
};
pub use command::{CancelArgs, CancelResult, Command, CommandName, ListCertificatesArgs, NoArgs};
pub use consent::{Consent, ConsentOperation};
pub use envelope::{ChunkFrame, ChunkPart, ErrorBody, Event, EventFrame, Reply, Request, RequestError, RequestId, TokenRemovedData};
pub use error::{ErrorCode, Lang};
pub use hello::{HelloArgs, HelloResult, StatusResult, PROTOCOL_VERSION};
pub use origin::{Origin, OriginError, OriginPolicy};
pub use sign::{
    DigestAlgorithm, EcdsaEncoding, SignArgs, SignFormat, SignInput, SignResult, SignatureScheme,
    StreamBeginArgs, StreamBeginResult, StreamChunkArgs, StreamChunkResult,
};
pub use token::{ModuleStatus, TokenFlags, TokenInfo, TokenRef};
