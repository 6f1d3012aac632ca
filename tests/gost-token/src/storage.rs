//! The on-disk token directory (TEST DOUBLE: everything is stored in clear).
//!
//! ```text
//! <dir>/token.json         label, serial, user PIN, retry counters, PIN-pad mode
//! <dir>/<id>.label         CKA_LABEL shared by the objects with CKA_ID = <id>
//! <dir>/<id>.cert.der      X.509 certificate (CKO_CERTIFICATE)
//! <dir>/<id>.key.json      private key: param-set OID + little-endian scalar hex
//!                          (yields CKO_PRIVATE_KEY and CKO_PUBLIC_KEY)
//! <dir>/removed            present ⇔ token "pulled out" of the reader (hot-plug)
//! <dir>/generation         insertion counter, bumped by `insert`
//! <dir>/pinpad-input       PIN "typed on the PIN pad" (consumed by C_Login)
//! <dir>/pinpad-cancel      "Cancel pressed on the PIN pad" (consumed by C_Login)
//! ```
//! `<id>` is the lowercase hex of `CKA_ID`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Result, TokenError};

/// Env var naming the token directory.
pub const ENV_TOKEN_DIR: &str = "PODPIS_GOST_TOKEN_DIR";
/// Env var naming the `token.json` file (its parent is the token directory).
pub const ENV_TOKEN_CONF: &str = "PODPIS_GOST_TOKEN_CONF";
/// Env var overriding the PIN-pad wait (milliseconds).
pub const ENV_PINPAD_TIMEOUT_MS: &str = "PODPIS_GOST_TOKEN_PINPAD_TIMEOUT_MS";

/// Contents of `token.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TokenConfig {
    /// `CK_TOKEN_INFO.label` (≤ 32 bytes).
    pub label: String,
    /// `CK_TOKEN_INFO.serialNumber` (≤ 16 bytes).
    pub serial: String,
    /// The user PIN, in clear (test double!).
    pub user_pin: String,
    /// Tries allowed before the PIN locks (Rutoken default: 10).
    pub max_tries: u32,
    /// Tries left; 0 means locked. Persisted so lock-out survives restarts.
    pub remaining_tries: u32,
    /// PIN-pad mode: `CKF_PROTECTED_AUTHENTICATION_PATH`, `C_Login(NULL)` waits
    /// for `pinpad-input`.
    #[serde(default)]
    pub pinpad: bool,
    /// How long `C_Login(NULL)` waits for the PIN pad before `CKR_FUNCTION_CANCELED`.
    #[serde(default = "default_pinpad_timeout")]
    pub pinpad_timeout_ms: u64,
}

fn default_pinpad_timeout() -> u64 {
    30_000
}

impl TokenConfig {
    /// A fresh token configuration.
    pub fn new(label: &str, serial: &str, pin: &str, max_tries: u32, pinpad: bool) -> Self {
        TokenConfig {
            label: label.to_string(),
            serial: serial.to_string(),
            user_pin: pin.to_string(),
            max_tries,
            remaining_tries: max_tries,
            pinpad,
            pinpad_timeout_ms: default_pinpad_timeout(),
        }
    }
}

/// Contents of `<id>.key.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredKey {
    /// Dotted OID of the GOST R 34.10 parameter set.
    pub param_oid: String,
    /// Private scalar, little-endian, hex.
    pub private_key_le_hex: String,
}

/// One `<id>` group of objects read from disk.
#[derive(Debug, Clone)]
pub struct StoredObjectGroup {
    /// `CKA_ID`.
    pub id: Vec<u8>,
    /// `CKA_LABEL`.
    pub label: String,
    /// DER certificate, if `<id>.cert.der` exists.
    pub cert_der: Option<Vec<u8>>,
    /// Key, if `<id>.key.json` exists.
    pub key: Option<StoredKey>,
}

/// What the PIN pad produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinpadInput {
    /// A PIN was "typed".
    Pin(String),
    /// The user "pressed Cancel".
    Cancel,
}

/// Handle on a token directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenDir {
    dir: PathBuf,
}

fn io_err(path: &Path, source: std::io::Error) -> TokenError {
    TokenError::Io { path: path.display().to_string(), source }
}

/// Writes via a temporary file + rename so readers never see half a file.
fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    fs::write(&tmp, data).map_err(|e| io_err(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io_err(path, e))
}

impl TokenDir {
    /// A token directory at `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        TokenDir { dir: dir.into() }
    }

    /// From `PODPIS_GOST_TOKEN_DIR`, else the parent of `PODPIS_GOST_TOKEN_CONF`.
    pub fn from_env() -> Option<Self> {
        if let Some(d) = std::env::var_os(ENV_TOKEN_DIR).filter(|d| !d.is_empty()) {
            return Some(TokenDir::new(d));
        }
        let conf = PathBuf::from(std::env::var_os(ENV_TOKEN_CONF).filter(|d| !d.is_empty())?);
        Some(TokenDir::new(conf.parent().map(Path::to_path_buf).unwrap_or_default()))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// "Formats" the token: creates the directory, deletes every object and
    /// state file of a previous token in it, and writes `token.json`.
    pub fn init(&self, config: &TokenConfig) -> Result<()> {
        fs::create_dir_all(&self.dir).map_err(|e| io_err(&self.dir, e))?;
        let entries = fs::read_dir(&self.dir).map_err(|e| io_err(&self.dir, e))?;
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = [".label", ".cert.der", ".key.json"].iter().any(|s| name.ends_with(s))
                || ["removed", "generation", "pinpad-input", "pinpad-cancel"].contains(&name.as_str());
            if ours {
                fs::remove_file(entry.path()).map_err(|e| io_err(&entry.path(), e))?;
            }
        }
        self.save_config(config)
    }

    /// Reads `token.json`.
    pub fn load_config(&self) -> Result<TokenConfig> {
        let path = self.file("token.json");
        let data = fs::read(&path).map_err(|e| io_err(&path, e))?;
        serde_json::from_slice(&data).map_err(|e| TokenError::Format { path: path.display().to_string(), message: e.to_string() })
    }

    /// Writes `token.json` atomically.
    pub fn save_config(&self, config: &TokenConfig) -> Result<()> {
        let data = serde_json::to_vec_pretty(config).map_err(|e| TokenError::Format { path: "token.json".into(), message: e.to_string() })?;
        write_atomic(&self.file("token.json"), &data)
    }

    /// Token "in the reader": `token.json` exists and `removed` does not.
    pub fn is_present(&self) -> bool {
        self.file("token.json").is_file() && !self.file("removed").exists()
    }

    /// Insertion counter (0 when never re-inserted).
    pub fn generation(&self) -> u64 {
        fs::read_to_string(self.file("generation")).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0)
    }

    /// Simulates pulling the token out (`true`) or plugging it in (`false`).
    pub fn set_removed(&self, removed: bool) -> Result<()> {
        let flag = self.file("removed");
        if removed {
            write_atomic(&flag, b"removed\n")
        } else {
            write_atomic(&self.file("generation"), format!("{}\n", self.generation() + 1).as_bytes())?;
            match fs::remove_file(&flag) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(io_err(&flag, e)),
            }
        }
    }

    /// Stores a certificate and/or key under `id`.
    pub fn store_object(&self, id: &[u8], label: &str, cert_der: Option<&[u8]>, key: Option<&StoredKey>) -> Result<()> {
        let idh = hex::encode(id);
        write_atomic(&self.file(&format!("{idh}.label")), label.as_bytes())?;
        if let Some(cert) = cert_der {
            write_atomic(&self.file(&format!("{idh}.cert.der")), cert)?;
        }
        if let Some(key) = key {
            let data = serde_json::to_vec_pretty(key).map_err(|e| TokenError::Format { path: idh.clone(), message: e.to_string() })?;
            write_atomic(&self.file(&format!("{idh}.key.json")), &data)?;
        }
        Ok(())
    }

    /// Reads every object group, sorted by id.
    pub fn load_objects(&self) -> Result<Vec<StoredObjectGroup>> {
        let entries = fs::read_dir(&self.dir).map_err(|e| io_err(&self.dir, e))?;
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".label")).map(str::to_string))
            .filter(|idh| hex::decode(idh).is_ok())
            .collect();
        ids.sort();
        let mut out = Vec::new();
        for idh in ids {
            let label_path = self.file(&format!("{idh}.label"));
            let label = fs::read_to_string(&label_path).map_err(|e| io_err(&label_path, e))?;
            let cert_der = fs::read(self.file(&format!("{idh}.cert.der"))).ok();
            let key_path = self.file(&format!("{idh}.key.json"));
            let key = match fs::read(&key_path) {
                Ok(data) => Some(serde_json::from_slice::<StoredKey>(&data).map_err(|e| TokenError::Format { path: key_path.display().to_string(), message: e.to_string() })?),
                Err(_) => None,
            };
            out.push(StoredObjectGroup { id: hex::decode(&idh).unwrap_or_default(), label: label.trim_end_matches('\n').to_string(), cert_der, key });
        }
        Ok(out)
    }

    /// Simulates the user typing `pin` on the PIN pad.
    pub fn pinpad_enter(&self, pin: &str) -> Result<()> {
        write_atomic(&self.file("pinpad-input"), pin.as_bytes())
    }

    /// Simulates the user pressing Cancel on the PIN pad.
    pub fn pinpad_cancel(&self) -> Result<()> {
        write_atomic(&self.file("pinpad-cancel"), b"cancel\n")
    }

    /// Consumes pending PIN-pad input, if any.
    pub fn take_pinpad_input(&self) -> Option<PinpadInput> {
        if fs::remove_file(self.file("pinpad-cancel")).is_ok() {
            return Some(PinpadInput::Cancel);
        }
        let path = self.file("pinpad-input");
        let pin = fs::read_to_string(&path).ok()?;
        let _ = fs::remove_file(&path);
        Some(PinpadInput::Pin(pin.trim_end_matches(['\r', '\n']).to_string()))
    }

    /// Discards stale PIN-pad input (called when a PIN-pad login starts).
    pub fn clear_pinpad_input(&self) {
        let _ = fs::remove_file(self.file("pinpad-input"));
        let _ = fs::remove_file(self.file("pinpad-cancel"));
    }
}
