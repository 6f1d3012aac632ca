//! A minimal Assuan client for pinentry programs.
//!
//! The pinentry runs as a child process; a reader thread forwards its
//! output lines, so waiting can observe cancellation and the user
//! timeout, killing the child when either fires. Data lines (the PIN)
//! are kept in zeroizing buffers and never logged.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::{CancelToken, TokenError};

/// `GPG_ERR_CANCELED` (low 16 bits of the Assuan error code).
const GPG_ERR_CANCELED: u32 = 99;
/// `GPG_ERR_TIMEOUT`.
const GPG_ERR_TIMEOUT: u32 = 62;
/// How often waiting checks the cancel flag.
const POLL: Duration = Duration::from_millis(50);

/// A running pinentry. Dropping it ends the process.
pub struct Pinentry {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Zeroizing<Vec<u8>>>,
}

/// Percent-escapes a parameter for an Assuan command line.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            _ => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes of a data line into `out`.
fn unescape_into(data: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < data.len() {
        if data[i] == b'%' && i + 2 < data.len() {
            let hex = std::str::from_utf8(&data[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(data[i]);
        i += 1;
    }
}

impl Pinentry {
    /// Starts `program` and reads its greeting.
    pub fn spawn(program: &Path, cancel: &CancelToken, deadline: Instant) -> Result<Pinentry, TokenError> {
        let mut child = Command::new(program)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| TokenError::PinentryUnavailable(format!("{}: {e}", program.display())))?;
        let stdout = child.stdout.take().ok_or_else(|| TokenError::PinentryUnavailable("no stdout".into()))?;
        let stdin = child.stdin.take();
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("podpis-pinentry-reader".into())
            .spawn(move || {
                let mut r = BufReader::new(stdout);
                loop {
                    let mut line = Zeroizing::new(Vec::new());
                    match r.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                                line.pop();
                            }
                            if tx.send(line).is_err() {
                                break;
                            }
                        }
                    }
                }
            })
            .map_err(|e| TokenError::Internal(format!("thread: {e}")))?;
        let mut p = Pinentry { child, stdin, lines: rx };
        p.read_response(cancel, deadline)?;
        Ok(p)
    }

    /// Sends a command and waits for `OK`; returns the data lines.
    pub fn command(&mut self, cmd: &str, cancel: &CancelToken, deadline: Instant) -> Result<Zeroizing<Vec<u8>>, TokenError> {
        self.send(cmd)?;
        self.read_response(cancel, deadline)
    }

    /// Sends a command without waiting for its answer (e.g. `MESSAGE`
    /// shown while the user types on a PIN pad).
    pub fn send(&mut self, cmd: &str) -> Result<(), TokenError> {
        let stdin = self.stdin.as_mut().ok_or_else(|| TokenError::PinentryUnavailable("stdin closed".into()))?;
        stdin
            .write_all(cmd.as_bytes())
            .and_then(|_| stdin.write_all(b"\n"))
            .and_then(|_| stdin.flush())
            .map_err(|e| TokenError::PinentryUnavailable(format!("write: {e}")))
    }

    fn read_response(&mut self, cancel: &CancelToken, deadline: Instant) -> Result<Zeroizing<Vec<u8>>, TokenError> {
        let mut data = Zeroizing::new(Vec::new());
        loop {
            if cancel.is_cancelled() {
                self.kill();
                return Err(TokenError::Cancelled);
            }
            let now = Instant::now();
            if now >= deadline {
                self.kill();
                return Err(TokenError::UserTimeout);
            }
            let line = match self.lines.recv_timeout(POLL.min(deadline - now)) {
                Ok(l) => l,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(TokenError::PinentryUnavailable("pinentry exited".into()))
                }
            };
            if line.as_slice() == b"OK" || line.starts_with(b"OK ") {
                return Ok(data);
            } else if let Some(rest) = line.strip_prefix(b"D ") {
                unescape_into(rest, &mut data);
            } else if let Some(rest) = line.strip_prefix(b"ERR ") {
                let text = String::from_utf8_lossy(rest);
                let code: u32 = text.split_whitespace().next().and_then(|c| c.parse().ok()).unwrap_or(0);
                return Err(match code & 0xFFFF {
                    GPG_ERR_CANCELED => TokenError::UserCancelled,
                    GPG_ERR_TIMEOUT => TokenError::UserTimeout,
                    _ => TokenError::PinentryUnavailable(format!("pinentry error {text}")),
                });
            } else if line.starts_with(b"INQUIRE") {
                self.send("END")?;
            }
            // `S` status lines and `#` comments are ignored.
        }
    }

    /// Ends the process now.
    pub fn kill(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Pinentry {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.write_all(b"BYE\n");
        }
        match self.child.try_wait() {
            Ok(Some(_)) => {}
            _ => {
                std::thread::sleep(Duration::from_millis(20));
                if !matches!(self.child.try_wait(), Ok(Some(_))) {
                    self.kill();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trip() {
        assert_eq!(escape("a%b\nc"), "a%25b%0Ac");
        let mut out = Vec::new();
        unescape_into(b"12%2534%0A", &mut out);
        assert_eq!(out, b"12%34\n");
        let mut out = Vec::new();
        unescape_into(b"ab%", &mut out);
        assert_eq!(out, b"ab%");
    }
}
