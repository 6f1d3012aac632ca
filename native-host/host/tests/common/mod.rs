//! Drives a real `podpis-host` child process over pipes.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

pub const BIN: &str = env!("CARGO_BIN_EXE_podpis-host");
pub const ORIGIN: &str = "https://lk.example.ru";

/// What arrived on stdout.
#[derive(Debug)]
pub enum Out {
    Frame(Value),
    /// Bytes that were not a JSON frame (must never happen).
    Garbage(String),
}

pub struct Host {
    pub child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Out>,
    pub dir: tempfile::TempDir,
    next_id: u64,
    /// Replies that arrived while `recv_id` waited for another id. The host
    /// answers concurrently running requests in any order (a `cancel`'s own
    /// reply may follow the cancelled request's `CANCELLED`), so they are
    /// kept for a later `recv_id`, never dropped.
    early: Vec<Value>,
}

pub fn base_command(dir: &Path) -> Command {
    let cfg = dir.join("config.toml");
    if !cfg.exists() {
        std::fs::write(&cfg, "probe_modules = false\n").unwrap();
    }
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env("XDG_DATA_HOME", dir.join("home/.local/share"))
        .env("PODPIS_CONFIG", &cfg)
        .env("PODPIS_LOG", "debug");
    c
}

impl Host {
    /// Starts the host with the scripted backend and `env`.
    pub fn start(env: &[(&str, &str)]) -> Host {
        Self::start_with(env, &[], true)
    }

    pub fn start_with(env: &[(&str, &str)], args: &[&str], scripted: bool) -> Host {
        let dir = tempfile::tempdir().unwrap();
        let mut c = base_command(dir.path());
        if scripted {
            c.env("PODPIS_TEST_BACKEND", "scripted");
        }
        for (k, v) in env {
            c.env(k, v);
        }
        c.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let log = dir.path().join("stderr.log");
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            let _ = std::fs::write(log, buf);
        });
        let (tx, rx) = channel();
        std::thread::spawn(move || loop {
            let mut len = [0u8; 4];
            let mut got = 0;
            while got < 4 {
                match stdout.read(&mut len[got..]) {
                    Ok(0) => {
                        if got > 0 {
                            let _ = tx.send(Out::Garbage(format!("partial header {got}")));
                        }
                        return;
                    }
                    Ok(n) => got += n,
                    Err(_) => return,
                }
            }
            let n = u32::from_ne_bytes(len) as usize;
            if n > 1024 * 1024 {
                let _ = tx.send(Out::Garbage(format!("frame of {n} bytes")));
                return;
            }
            let mut body = vec![0u8; n];
            if stdout.read_exact(&mut body).is_err() {
                let _ = tx.send(Out::Garbage("truncated frame".into()));
                return;
            }
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) => {
                    let _ = tx.send(Out::Frame(v));
                }
                Err(_) => {
                    let _ = tx.send(Out::Garbage(String::from_utf8_lossy(&body).into_owned()));
                }
            }
        });
        Host { stdin: child.stdin.take(), child, rx, dir, next_id: 1000, early: Vec::new() }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let s = self.stdin.as_mut().expect("stdin open");
        s.write_all(bytes).unwrap();
        s.flush().unwrap();
    }

    pub fn send_frame(&mut self, payload: &[u8]) {
        let mut f = (payload.len() as u32).to_ne_bytes().to_vec();
        f.extend_from_slice(payload);
        self.send_raw(&f);
    }

    pub fn send(&mut self, v: &Value) {
        self.send_frame(serde_json::to_string(v).unwrap().as_bytes());
    }

    /// Sends a request and returns its id.
    pub fn request(&mut self, command: &str, args: Option<Value>) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.request_with_id(id, command, args);
        id
    }

    pub fn request_with_id(&mut self, id: u64, command: &str, args: Option<Value>) {
        let mut v = json!({"id": id, "origin": ORIGIN, "command": command});
        if let Some(a) = args {
            v["args"] = a;
        }
        self.send(&v);
    }

    pub fn recv(&mut self) -> Value {
        match self.rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Out::Frame(v)) => v,
            Ok(Out::Garbage(g)) => panic!("non-frame output on stdout: {g:?}; stderr: {}", self.stderr()),
            Err(e) => panic!("no reply: {e}; stderr: {}", self.stderr()),
        }
    }

    /// Receives until the reply with `id` arrives. Replies to other ids
    /// are kept for their own `recv_id`; events are skipped.
    pub fn recv_id(&mut self, id: u64) -> Value {
        if let Some(i) = self.early.iter().position(|v| v["id"] == json!(id)) {
            return self.early.remove(i);
        }
        loop {
            let v = self.recv();
            if v["id"] == json!(id) {
                return v;
            }
            if v.get("id").is_some_and(|i| !i.is_null()) {
                self.early.push(v);
            }
        }
    }

    /// Request + reply.
    pub fn call(&mut self, command: &str, args: Option<Value>) -> Value {
        let id = self.request(command, args);
        self.recv_id(id)
    }

    pub fn hello(&mut self) -> Vec<u8> {
        let r = self.call("hello", Some(json!({"protocol": "1.0", "extensionVersion": "test"})));
        assert_eq!(r["ok"], true, "{r}");
        B64.decode(r["result"]["consentKey"].as_str().unwrap()).unwrap()
    }

    /// Closes stdin and waits for exit; asserts nothing else was written.
    pub fn finish(mut self) -> (ExitStatus, Vec<Value>) {
        drop(self.stdin.take());
        let status = wait_timeout(&mut self.child, Duration::from_secs(20));
        let mut rest = std::mem::take(&mut self.early);
        while let Ok(o) = self.rx.recv_timeout(Duration::from_millis(500)) {
            match o {
                Out::Frame(v) => rest.push(v),
                Out::Garbage(g) => panic!("non-frame output on stdout: {g:?}"),
            }
        }
        (status, rest)
    }

    pub fn stderr(&self) -> String {
        std::thread::sleep(Duration::from_millis(100));
        std::fs::read_to_string(self.dir.path().join("stderr.log")).unwrap_or_default()
    }

    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

pub fn wait_timeout(child: &mut Child, d: Duration) -> ExitStatus {
    let end = std::time::Instant::now() + d;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if std::time::Instant::now() > end {
            let _ = child.kill();
            panic!("host did not exit");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("<none>")
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

/// Builds a consent JSON with a valid MAC (fields overridable after).
pub fn consent(key: &[u8], operation: &str, origin: &str, cert: &str, alg: Option<&str>, digest: &[u8], nonce: &[u8]) -> Value {
    let mut c = json!({
        "operation": operation, "origin": origin, "certificate": cert,
        "digest": B64.encode(digest), "issuedAt": now_ms(), "nonce": B64.encode(nonce), "mac": ""
    });
    if let Some(a) = alg {
        c["digestAlgorithm"] = json!(a);
    }
    mac(key, &mut c);
    c
}

/// Recomputes the MAC of a consent JSON (same canonical form as the protocol crate).
pub fn mac(key: &[u8], c: &mut Value) {
    let canonical = format!(
        "podpis-consent:1\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        c["operation"].as_str().unwrap(),
        c["origin"].as_str().unwrap(),
        c["certificate"].as_str().unwrap(),
        c.get("digestAlgorithm").and_then(Value::as_str).unwrap_or("-"),
        c["digest"].as_str().unwrap(),
        c["issuedAt"].as_u64().unwrap(),
        c["nonce"].as_str().unwrap()
    );
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(canonical.as_bytes());
    c["mac"] = json!(B64.encode(m.finalize().into_bytes()));
}

pub fn b64(d: &[u8]) -> String {
    B64.encode(d)
}

pub fn sha256(d: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(d).to_vec()
}
