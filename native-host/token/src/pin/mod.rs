//! PIN entry: always in the host, through a pinentry program, never the page.

pub mod assuan;
pub mod cache;
pub mod prompt;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use secrecy::SecretString;

use crate::{CancelToken, TokenError};
use assuan::{escape, Pinentry};
pub use prompt::{PromptContext, PromptText, Purpose};

/// Asks the user for PINs through a pinentry program.
pub struct PinEntry {
    program: PathBuf,
    timeout: Duration,
}

impl PinEntry {
    /// `program` = configured pinentry, or `pinentry` on `PATH`.
    pub fn new(program: Option<&Path>, timeout_seconds: u64) -> PinEntry {
        PinEntry {
            program: program.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("pinentry")),
            timeout: Duration::from_secs(timeout_seconds.max(1)),
        }
    }

    /// Shows `text` and returns the PIN the user typed.
    pub fn get_pin(&self, text: &PromptText, cancel: &CancelToken) -> Result<SecretString, TokenError> {
        let deadline = Instant::now() + self.timeout;
        let mut p = Pinentry::spawn(&self.program, cancel, deadline)?;
        p.command(&format!("SETTITLE {}", escape(&text.title)), cancel, deadline)?;
        p.command(&format!("SETDESC {}", escape(&text.description)), cancel, deadline)?;
        p.command(&format!("SETPROMPT {}", escape(&text.prompt)), cancel, deadline)?;
        if let Some(err) = &text.error {
            p.command(&format!("SETERROR {}", escape(err)), cancel, deadline)?;
        }
        p.command(&format!("SETTIMEOUT {}", self.timeout.as_secs()), cancel, deadline)?;
        let data = p.command("GETPIN", cancel, deadline)?;
        let pin = String::from_utf8(data.to_vec()).map_err(|_| TokenError::BadInput("PIN is not UTF-8".into()))?;
        if pin.is_empty() {
            return Err(TokenError::UserCancelled);
        }
        Ok(SecretString::from(pin))
    }

    /// Shows a message (PIN pad) without waiting; drop the handle to close it.
    pub fn show_message(&self, title: &str, message: &str, cancel: &CancelToken) -> Result<Pinentry, TokenError> {
        let deadline = Instant::now() + self.timeout;
        let mut p = Pinentry::spawn(&self.program, cancel, deadline)?;
        p.command(&format!("SETTITLE {}", escape(title)), cancel, deadline)?;
        p.command(&format!("SETDESC {}", escape(message)), cancel, deadline)?;
        p.send("MESSAGE")?;
        Ok(p)
    }
}
