//! Commands the extension sends to the host.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::auth::AuthenticateArgs;
use crate::certificate::CertificateFilter;
use crate::hello::HelloArgs;
use crate::sign::{SignArgs, StreamBeginArgs, StreamChunkArgs};

/// Arguments of `cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelArgs {
    /// Id of the request to abort.
    pub target: u64,
}

/// Result of `cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CancelResult {
    /// True when the target was still running and is now being aborted.
    pub cancelled: bool,
}

/// Arguments of `list-certificates`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListCertificatesArgs {
    /// Optional filter.
    #[serde(default)]
    #[ts(optional)]
    pub filter: Option<CertificateFilter>,
}

/// Arguments of commands that take none (`status`, `list-tokens`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// A parsed command with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Handshake.
    Hello(HelloArgs),
    /// Host, module and token status.
    Status,
    /// Tokens present.
    ListTokens,
    /// Certificates with keys on all tokens.
    ListCertificates(ListCertificatesArgs),
    /// Start a data stream.
    StreamBegin(StreamBeginArgs),
    /// Append to a data stream.
    StreamChunk(StreamChunkArgs),
    /// Sign.
    Sign(Box<SignArgs>),
    /// Certificate login.
    Authenticate(AuthenticateArgs),
    /// Abort a running request.
    Cancel(CancelArgs),
}

macro_rules! command_names {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// Command names as they appear in the `command` field.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum CommandName { $( #[doc = $name] #[serde(rename = $name)] $variant, )* }

        impl CommandName {
            /// Every command, in protocol order.
            pub const ALL: &'static [CommandName] = &[$(CommandName::$variant),*];
            /// Wire name.
            pub fn as_str(self) -> &'static str { match self { $(CommandName::$variant => $name,)* } }
            /// Looks a wire name up.
            pub fn from_name(s: &str) -> Option<CommandName> { match s { $($name => Some(CommandName::$variant),)* _ => None } }
        }
    };
}

command_names! {
    Hello = "hello",
    Status = "status",
    ListTokens = "list-tokens",
    ListCertificates = "list-certificates",
    StreamBegin = "stream-begin",
    StreamChunk = "stream-chunk",
    Sign = "sign",
    Authenticate = "authenticate",
    Cancel = "cancel",
}

impl Command {
    /// Parses `args` (absent = `{}`) for the command `name`.
    ///
    /// Errors: `Err(None)` for an unknown command, `Err(Some(detail))`
    /// for arguments that do not fit (missing, extra, wrong types).
    pub fn parse(name: &str, args: Option<Value>) -> Result<Command, Option<String>> {
        let name = CommandName::from_name(name).ok_or(None)?;
        let args = args.unwrap_or_else(|| Value::Object(Default::default()));
        if !args.is_object() {
            return Err(Some("args must be a JSON object".into()));
        }
        fn de<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Option<String>> {
            serde_json::from_value(v).map_err(|e| Some(e.to_string()))
        }
        Ok(match name {
            CommandName::Hello => Command::Hello(de(args)?),
            CommandName::Status => de::<NoArgs>(args).map(|_| Command::Status)?,
            CommandName::ListTokens => de::<NoArgs>(args).map(|_| Command::ListTokens)?,
            CommandName::ListCertificates => Command::ListCertificates(de(args)?),
            CommandName::StreamBegin => Command::StreamBegin(de(args)?),
            CommandName::StreamChunk => Command::StreamChunk(de(args)?),
            CommandName::Sign => Command::Sign(Box::new(de(args)?)),
            CommandName::Authenticate => Command::Authenticate(de(args)?),
            CommandName::Cancel => Command::Cancel(de(args)?),
        })
    }

    /// The command's name.
    pub fn name(&self) -> CommandName {
        match self {
            Command::Hello(_) => CommandName::Hello,
            Command::Status => CommandName::Status,
            Command::ListTokens => CommandName::ListTokens,
            Command::ListCertificates(_) => CommandName::ListCertificates,
            Command::StreamBegin(_) => CommandName::StreamBegin,
            Command::StreamChunk(_) => CommandName::StreamChunk,
            Command::Sign(_) => CommandName::Sign,
            Command::Authenticate(_) => CommandName::Authenticate,
            Command::Cancel(_) => CommandName::Cancel,
        }
    }
}
