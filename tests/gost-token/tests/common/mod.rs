//! Shared fixture for the FFI tests: locates (or builds) the cdylib, makes GOST
//! keys and self-signed certificates with the OpenSSL `gost` engine, prepares
//! token directories with `podpis-gost-token-tool`, and serialises tests (the
//! module has process-global state and reads its env var at `C_Initialize`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};

pub const PIN: &str = "12345678";

/// One GOST key + certificate made by OpenSSL.
pub struct KeyFiles {
    pub key: PathBuf,
    pub cert: PathBuf,
    pub pubkey: PathBuf,
    pub bits: usize,
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub openssl_conf: PathBuf,
    pub k256: KeyFiles,
    pub k512: KeyFiles,
}

static LOCK: Mutex<()> = Mutex::new(());

/// Serialises tests that touch the module.
pub fn serial() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

const LIB: &str = "libpodpis_gost_token.so";

fn find_module() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PODPIS_GOST_TOKEN_MODULE") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    [deps.join(LIB), deps.parent()?.join(LIB)].into_iter().find(|p| p.is_file())
}

/// Path of the cdylib: `$PODPIS_GOST_TOKEN_MODULE`, or next to the test
/// binary (`target/<profile>/deps/` or `target/<profile>/`); if neither exists
/// it is built with `cargo build -p podpis-gost-token --lib` first.
pub fn module_path() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if let Some(p) = find_module() {
            return p;
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "podpis-gost-token", "--lib"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build for the cdylib");
        assert!(status.success(), "cargo build -p podpis-gost-token failed");
        find_module().expect("libpodpis_gost_token.so not found after building it")
    })
    .clone()
}

pub fn tool(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_podpis-gost-token-tool")).args(args).output().expect("run tool");
    assert!(out.status.success(), "tool {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs openssl with the gost engine configured via `OPENSSL_CONF`.
pub fn openssl(fx_conf: &Path, args: &[&str]) -> std::process::Output {
    Command::new("openssl").env("OPENSSL_CONF", fx_conf).args(args).output().expect("run openssl")
}

fn openssl_ok(conf: &Path, args: &[&str]) {
    let out = openssl(conf, args);
    assert!(out.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

const ENGINE_SO: &str = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";

fn make_key(dir: &Path, conf: &Path, bits: usize) -> KeyFiles {
    let key = dir.join(format!("k{bits}.pem"));
    let cert = dir.join(format!("c{bits}.pem"));
    let pubkey = dir.join(format!("p{bits}.pem"));
    let alg = format!("gost2012_{bits}");
    let md = format!("-md_gost12_{bits}");
    openssl_ok(conf, &["genpkey", "-algorithm", &alg, "-pkeyopt", "paramset:A", "-out", key.to_str().unwrap()]);
    openssl_ok(conf, &["req", "-new", "-x509", "-key", key.to_str().unwrap(), "-out", cert.to_str().unwrap(), "-subj", &format!("/CN=Podpis test {bits}/O=Podpis"), "-days", "30", &md]);
    openssl_ok(conf, &["x509", "-in", cert.to_str().unwrap(), "-pubkey", "-noout", "-out", pubkey.to_str().unwrap()]);
    KeyFiles { key, cert, pubkey, bits }
}

/// Keys and certificates, made once per test process.
pub fn fixture() -> &'static Fixture {
    static FX: OnceLock<Fixture> = OnceLock::new();
    FX.get_or_init(|| {
        assert!(Path::new(ENGINE_SO).is_file(), "{ENGINE_SO} missing: apt-get install libengine-gost-openssl (scripts/setup.sh does)");
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("openssl.cnf");
        std::fs::write(
            &conf,
            format!("openssl_conf = openssl_init\n[openssl_init]\nengines = engine_section\n[engine_section]\ngost = gost_section\n[gost_section]\nengine_id = gost\ndynamic_path = {ENGINE_SO}\ndefault_algorithms = ALL\n"),
        )
        .unwrap();
        let k256 = make_key(dir.path(), &conf, 256);
        let k512 = make_key(dir.path(), &conf, 512);
        Fixture { openssl_conf: conf, k256, k512, dir }
    })
}

/// A fresh token directory with both keys imported (ids 01 and 02).
pub fn token_dir(max_tries: u32, pinpad: bool) -> tempfile::TempDir {
    let fx = fixture();
    let tok = tempfile::tempdir().unwrap();
    let d = tok.path().to_str().unwrap();
    let tries = max_tries.to_string();
    let mut init = vec!["init", "--dir", d, "--label", "Podpis test", "--pin", PIN, "--serial", "0A0B0C0D", "--max-tries", &tries];
    if pinpad {
        init.push("--pinpad");
    }
    tool(&init);
    tool(&["import", "--dir", d, "--id", "01", "--label", "GOST 256", "--cert", fx.k256.cert.to_str().unwrap(), "--key", fx.k256.key.to_str().unwrap()]);
    tool(&["import", "--dir", d, "--id", "02", "--label", "GOST 512", "--cert", fx.k512.cert.to_str().unwrap(), "--key", fx.k512.key.to_str().unwrap()]);
    tok
}

/// Loads and initialises the module for `dir` (caller holds [`serial`]).
pub fn load(dir: &Path) -> Pkcs11 {
    std::env::set_var("PODPIS_GOST_TOKEN_DIR", dir);
    let p = Pkcs11::new(module_path()).expect("load module");
    if p.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)).is_err() {
        // A previous test panicked before C_Finalize: reset and retry, so one
        // failure does not cascade into every later test.
        unsafe { raw().f.C_Finalize.unwrap()(std::ptr::null_mut()) };
        p.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)).expect("C_Initialize");
    }
    p
}

/// Raw access to the module's function list (same loaded library, same state).
pub struct Raw {
    _lib: libloading::Library,
    pub f: &'static cryptoki_sys::CK_FUNCTION_LIST,
}

pub fn raw() -> Raw {
    unsafe {
        let lib = libloading::Library::new(module_path()).expect("dlopen");
        let get: libloading::Symbol<unsafe extern "C" fn(*mut *mut cryptoki_sys::CK_FUNCTION_LIST) -> cryptoki_sys::CK_RV> =
            lib.get(b"C_GetFunctionList").expect("C_GetFunctionList");
        let mut list = std::ptr::null_mut();
        assert_eq!(get(&mut list), cryptoki_sys::CKR_OK);
        Raw { f: &*list, _lib: lib }
    }
}
