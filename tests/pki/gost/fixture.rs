//! GOST test PKI on the GOST test token (TEST DOUBLE), for the end-to-end
//! tests of `podpis-token` and `podpis-verifier`.
//!
//! Include with `#[path = "../../../tests/pki/gost/fixture.rs"] mod gost_fixture;`
//! from a crate that has `podpis-token` (dependency or dev-dependency).
//!
//! [`GostPki::setup`] runs `tests/pki/gost/make.sh` (OpenSSL gost engine)
//! into a temp dir, formats a token dir with `podpis-gost-token-tool` and
//! imports the four keys, and points `PODPIS_GOST_TOKEN_DIR` at it. The
//! module reads that variable at `C_Initialize` and `podpis-token` loads a
//! module once per process, so each test binary gets exactly ONE token:
//! call `setup` once (in a `OnceLock`) before any `TokenService` exists.
//!
//! Binaries are found through `PODPIS_GOST_TOKEN_MODULE`,
//! `PODPIS_GOST_TOKEN_TOOL`, `PODPIS_TEST_PINENTRY`, else next to the test
//! binary (`$CARGO_TARGET_DIR/<profile>/`); if missing they are built with
//! `cargo build -p podpis-gost-token -p podpis-token --lib --bins`.
//! The independent CMS verifier runs with `$PODPIS_PYTHON` (else `python3`)
//! and needs `gostcrypto` + `asn1crypto` (`tests/gost-verify/requirements.txt`).

#![allow(dead_code)]

#[path = "../../pinentry/scripted.rs"]
mod scripted;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

/// The user PIN of every test token.
pub const PIN: &str = "12345678";
/// The origin used in prompts and auth tokens.
pub const ORIGIN: &str = "https://lk.nalog.example";

/// How to format the token.
#[derive(Debug, Clone)]
pub struct Options {
    /// Token label.
    pub label: &'static str,
    /// `init --pinpad`.
    pub pinpad: bool,
    /// `init --max-tries`.
    pub max_tries: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options { label: "Podpis GOST", pinpad: false, max_tries: 10 }
    }
}

/// The generated PKI and token.
pub struct GostPki {
    /// `make.sh` output: `openssl.cnf`, `ca.pem`, `<id>.{key,pem,der}`, `pub<id>.pem`.
    pub dir: PathBuf,
    /// The token directory (`PODPIS_GOST_TOKEN_DIR`).
    pub token_dir: PathBuf,
    /// `libpodpis_gost_token.so`.
    pub module: PathBuf,
    /// `podpis-gost-token-tool`.
    pub tool: PathBuf,
    /// `podpis-test-pinentry`.
    pub pinentry: PathBuf,
    /// Options the token was formatted with.
    pub options: Options,
}

static SERIAL: Mutex<()> = Mutex::new(());

/// Serialises tests of one binary: they share the token and its login state.
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

fn repo_root() -> PathBuf {
    // CARGO_MANIFEST_DIR is native-host/<crate>.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn find(env: &str, name: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    [deps.join(name), deps.parent()?.join(name)].into_iter().find(|p| p.is_file())
}

fn binaries() -> (PathBuf, PathBuf, PathBuf) {
    let want = [
        ("PODPIS_GOST_TOKEN_MODULE", "libpodpis_gost_token.so"),
        ("PODPIS_GOST_TOKEN_TOOL", "podpis-gost-token-tool"),
        ("PODPIS_TEST_PINENTRY", "podpis-test-pinentry"),
    ];
    if want.iter().any(|(e, n)| find(e, n).is_none()) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "podpis-gost-token", "-p", "podpis-token", "--lib", "--bins"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build for the GOST token and the test pinentry");
        assert!(status.success(), "cargo build -p podpis-gost-token -p podpis-token failed");
    }
    let get = |i: usize| find(want[i].0, want[i].1).unwrap_or_else(|| panic!("{} not found", want[i].1));
    (get(0), get(1), get(2))
}

impl GostPki {
    /// Makes the PKI and the token; sets `PODPIS_GOST_TOKEN_DIR` (and a 20 s
    /// PIN-pad timeout). Call once per test binary, before any service.
    pub fn setup(options: Options) -> GostPki {
        let (module, tool, pinentry) = binaries();
        let root = tempfile::Builder::new().prefix("podpis-gost-pki-").tempdir().expect("tempdir").keep();
        let dir = root.join("pki");
        let token_dir = root.join("token");
        let out = Command::new("bash")
            .arg(repo_root().join("tests/pki/gost/make.sh"))
            .arg(&dir)
            .env("TOOL", &tool)
            .env("TOKEN_DIR", &token_dir)
            .env("PIN", PIN)
            .env("LABEL", options.label)
            .env("PINPAD", if options.pinpad { "1" } else { "0" })
            .env("MAX_TRIES", options.max_tries.to_string())
            .output()
            .expect("run tests/pki/gost/make.sh");
        assert!(out.status.success(), "make.sh failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        std::env::set_var("PODPIS_GOST_TOKEN_DIR", &token_dir);
        std::env::set_var("PODPIS_GOST_TOKEN_PINPAD_TIMEOUT_MS", "20000");
        GostPki { dir, token_dir, module, tool, pinentry, options }
    }

    /// DER of certificate `id` ("01" … "04").
    pub fn cert(&self, id: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(format!("{id}.der"))).expect("certificate file")
    }

    /// SHA-1 thumbprint of certificate `id` (how jobs name certificates).
    pub fn thumb(&self, id: &str) -> String {
        use sha1::Digest;
        hex::encode(sha1::Sha1::digest(self.cert(id)))
    }

    /// A file of the PKI dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Runs `podpis-gost-token-tool ARGS --dir <token>`; panics on failure.
    pub fn tool(&self, args: &[&str]) {
        let out = Command::new(&self.tool).args(args).arg("--dir").arg(&self.token_dir).output().expect("run tool");
        assert!(out.status.success(), "tool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// `openssl` with the gost engine (`OPENSSL_CONF` = the PKI's config).
    pub fn openssl(&self, args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
        let mut c = Command::new("openssl");
        c.env("OPENSSL_CONF", self.path("openssl.cnf"));
        for a in args {
            c.arg(a);
        }
        c.output().expect("run openssl")
    }

    /// `openssl cms -verify -binary -cades -CAfile ca.pem [-content]`;
    /// returns the verified content or OpenSSL's error text.
    pub fn openssl_cms_verify(&self, cms_der: &[u8], detached: Option<&[u8]>) -> Result<Vec<u8>, String> {
        let d = tempfile::tempdir().map_err(|e| e.to_string())?;
        let sig = d.path().join("sig.p7s");
        let out = d.path().join("out");
        std::fs::write(&sig, cms_der).map_err(|e| e.to_string())?;
        let ca = self.path("ca.pem");
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
            vec![&"cms", &"-verify", &"-binary", &"-cades", &"-inform", &"DER", &"-in", &sig, &"-CAfile", &ca, &"-out", &out];
        let content = d.path().join("content");
        if let Some(c) = detached {
            std::fs::write(&content, c).map_err(|e| e.to_string())?;
            args.push(&"-content");
            args.push(&content);
        }
        let o = self.openssl(&args);
        if o.status.success() {
            std::fs::read(&out).map_err(|e| e.to_string())
        } else {
            Err(String::from_utf8_lossy(&o.stderr).into_owned())
        }
    }

    /// `tests/gost-verify/verify_cms.py` (gostcrypto + asn1crypto, no code
    /// shared with Rust); `Err` carries its message.
    pub fn python_cms_verify(&self, cms_der: &[u8], detached: Option<&[u8]>) -> Result<(), String> {
        let d = tempfile::tempdir().map_err(|e| e.to_string())?;
        let sig = d.path().join("sig.p7s");
        std::fs::write(&sig, cms_der).map_err(|e| e.to_string())?;
        let python = std::env::var_os("PODPIS_PYTHON").unwrap_or_else(|| "python3".into());
        let mut c = Command::new(&python);
        c.arg(repo_root().join("tests/gost-verify/verify_cms.py")).arg(&sig);
        if let Some(content) = detached {
            let f = d.path().join("content");
            std::fs::write(&f, content).map_err(|e| e.to_string())?;
            c.arg("--content").arg(f);
        }
        let o = c.output().map_err(|e| format!("run {python:?}: {e}"))?;
        match o.status.code() {
            Some(0) => Ok(()),
            Some(1) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
            _ => panic!(
                "verify_cms.py could not run (set PODPIS_PYTHON to a python with tests/gost-verify/requirements.txt): {}",
                String::from_utf8_lossy(&o.stderr)
            ),
        }
    }
}

/// A scripted pinentry for one test (see `tests/pinentry/scripted.rs`),
/// started through the GOST PKI's `podpis-test-pinentry`; derefs to it for
/// `dir` and `log()`.
pub struct Pinentry(scripted::ScriptedPinentry);

impl std::ops::Deref for Pinentry {
    type Target = scripted::ScriptedPinentry;
    fn deref(&self) -> &scripted::ScriptedPinentry {
        &self.0
    }
}

impl Pinentry {
    /// `answers`: one line per GETPIN (a PIN, `CANCEL`, `TIMEOUT`); `hook`:
    /// a shell command run once, when the pinentry is first started.
    pub fn new(pki: &GostPki, answers: &[&str], hook: Option<&str>) -> Pinentry {
        Pinentry(scripted::ScriptedPinentry::new(&pki.pinentry, answers, hook))
    }

    /// A service with the GOST module and this pinentry (no PIN cache).
    pub fn service(&self, pki: &GostPki, timeout_seconds: u64) -> podpis_token::TokenService {
        podpis_token::TokenService::new(podpis_token::TokenConfig {
            modules: vec![pki.module.clone()],
            pinentry: Some(self.wrapper()),
            pin_cache_seconds: None,
            pin_timeout_seconds: timeout_seconds,
        })
    }
}
