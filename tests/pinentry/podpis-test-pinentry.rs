//! A scripted pinentry for tests: a real Assuan peer.
//!
//! * `PODPIS_PINENTRY_SCRIPT`: a file with one answer per `GETPIN`; the
//!   first line is consumed (the file is rewritten) on each `GETPIN`, so
//!   successive pinentry processes walk through the script. `CANCEL`
//!   answers "Operation cancelled"; `TIMEOUT` hangs until killed; an
//!   exhausted script cancels.
//! * `PODPIS_PINENTRY_LOG`: every `SETTITLE`, `SETDESC`, `SETPROMPT`,
//!   `SETERROR`, `MESSAGE` and `GETPIN` is appended as one line
//!   (`COMMAND text`, text percent-decoded, newlines shown as ` | `).

use std::fs::OpenOptions;
use std::io::{BufRead, Write};

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).replace('\n', " | ")
}

fn log(line: &str) {
    if let Ok(path) = std::env::var("PODPIS_PINENTRY_LOG") {
        if let Ok(mut f) = OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(f, "{line}");
        }
    }
}

fn next_answer() -> String {
    let Ok(path) = std::env::var("PODPIS_PINENTRY_SCRIPT") else { return "CANCEL".into() };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("CANCEL").to_string();
    let rest: Vec<&str> = lines.collect();
    let _ = std::fs::write(&path, if rest.is_empty() { String::new() } else { rest.join("\n") + "\n" });
    first
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "OK Pleased to meet you");
    let _ = out.flush();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let (cmd, arg) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        match cmd {
            "SETTITLE" | "SETDESC" | "SETPROMPT" | "SETERROR" => {
                log(&format!("{cmd} {}", decode(arg)));
                let _ = writeln!(out, "OK");
            }
            "MESSAGE" => {
                log("MESSAGE");
                // Wait for the host to close us (PIN pad flow).
                let _ = out.flush();
            }
            "GETPIN" => {
                log("GETPIN");
                let answer = next_answer();
                match answer.as_str() {
                    "CANCEL" => {
                        let _ = writeln!(out, "ERR 83886179 Operation cancelled <Pinentry>");
                    }
                    "TIMEOUT" => loop {
                        std::thread::sleep(std::time::Duration::from_secs(60));
                    },
                    pin => {
                        let enc = pin.replace('%', "%25");
                        let _ = writeln!(out, "D {enc}");
                        let _ = writeln!(out, "OK");
                    }
                }
            }
            "BYE" => {
                let _ = writeln!(out, "OK closing connection");
                let _ = out.flush();
                return;
            }
            _ => {
                let _ = writeln!(out, "OK");
            }
        }
        let _ = out.flush();
    }
}
