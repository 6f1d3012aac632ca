//! Host configuration: TOML files plus environment overrides.
//!
//! Files, later overriding earlier field by field:
//! `/etc/podpis/config.toml`, then `$XDG_CONFIG_HOME/podpis/config.toml`
//! (`~/.config/podpis/config.toml`). `PODPIS_CONFIG=<file>` replaces both.
//! Environment overrides: `PODPIS_MODULES` (colon-separated module list,
//! replaces configured and discovered modules), `PODPIS_PINENTRY`,
//! `PODPIS_DEV_ORIGINS` (comma-separated exact http origins),
//! `PODPIS_TRUSTED_ROOTS` (colon-separated PEM files, replaces `trusted_roots`),
//! `PODPIS_LOG` (log filter, e.g. `debug`), `PODPIS_LOG_FILE`.
//! See `docs/config.md`.

use std::path::{Path, PathBuf};

use podpis_protocol::OriginPolicy;
use serde::Deserialize;

/// Firefox extension id (gecko id) of Podpis.
pub const FIREFOX_EXTENSION_ID: &str = "podpis@podpis.dev";

/// Chrome extension id of the development build (derived from the fixed
/// `key` in the extension manifest, see `extension/DEV_EXTENSION_ID`).
pub const DEV_CHROME_EXTENSION_ID: &str = "elffcmjaaalfdpcckdlcdocbopccabja";

/// Well-known PKCS#11 module file names probed in the usual lib dirs.
pub const WELL_KNOWN_MODULES: &[&str] =
    &["librtpkcs11ecp.so", "libjcPKCS11-2.so", "libeTPkcs11.so", "opensc-pkcs11.so"];

/// Library directories probed for [`WELL_KNOWN_MODULES`].
pub const LIB_DIRS: &[&str] = &[
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib/pkcs11",
    "/usr/lib/x86_64-linux-gnu/pkcs11",
    "/opt/aktivco/rutokenecp/amd64",
    "/opt/jacartauc/lib",
    "/Library/Aktiv Co/Rutoken ECP/lib",
];

/// p11-kit module registration directories.
pub const P11_KIT_DIRS: &[&str] = &["/usr/share/p11-kit/modules", "/etc/pkcs11/modules"];

/// A configuration problem.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// A file is not valid configuration TOML.
    #[error("invalid configuration in {path}: {message}")]
    Parse {
        /// File.
        path: PathBuf,
        /// Parser message.
        message: String,
    },
}

/// One configuration file as written (all fields optional).
#[derive(Debug, Default, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// PKCS#11 modules to load.
    pub modules: Option<Vec<PathBuf>>,
    /// Also probe well-known and p11-kit modules (default true).
    pub probe_modules: Option<bool>,
    /// pinentry program.
    pub pinentry: Option<PathBuf>,
    /// Allowed extension ids (Chrome ids and Firefox gecko ids).
    pub allowed_extensions: Option<Vec<String>>,
    /// Exact development origins allowed over http.
    pub dev_origins: Option<Vec<String>>,
    /// Allow `http://localhost` and `http://127.0.0.1`.
    pub allow_dev_http: Option<bool>,
    /// Log file (in addition to stderr).
    pub log_file: Option<PathBuf>,
    /// Log filter (`info`, `debug`, …).
    pub log_level: Option<String>,
    /// Seconds to cache a PIN (0 or absent: never).
    pub pin_cache_seconds: Option<u64>,
    /// PEM files of the root certificates the user trusts; listed
    /// certificates whose chain does not reach one are marked.
    pub trusted_roots: Option<Vec<PathBuf>>,
}

impl FileConfig {
    fn merge(&mut self, o: FileConfig) {
        macro_rules! take { ($($f:ident),*) => { $( if o.$f.is_some() { self.$f = o.$f; } )* } }
        take!(modules, probe_modules, pinentry, allowed_extensions, dev_origins, allow_dev_http, log_file, log_level, pin_cache_seconds, trusted_roots);
    }
}

/// The effective configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Modules to load, configured first, then discovered.
    pub modules: Vec<PathBuf>,
    /// pinentry program (configured or found on PATH).
    pub pinentry: Option<PathBuf>,
    /// Allowed extension ids.
    pub allowed_extensions: Vec<String>,
    /// Origin policy.
    pub origin_policy: OriginPolicy,
    /// Log file.
    pub log_file: Option<PathBuf>,
    /// Log filter.
    pub log_level: String,
    /// PIN cache seconds (None: off).
    pub pin_cache_seconds: Option<u64>,
    /// PEM files of trusted roots (empty: issuer trust is not checked).
    pub trusted_roots: Vec<PathBuf>,
    /// Files that were read.
    pub files: Vec<PathBuf>,
}

/// Environment lookup, injectable for tests.
pub trait Env {
    /// A variable's value.
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// `$XDG_CONFIG_HOME` or `~/.config`.
pub fn config_home(env: &dyn Env) -> Option<PathBuf> {
    env.var("XDG_CONFIG_HOME").filter(|s| !s.is_empty()).map(PathBuf::from).or_else(|| home(env).map(|h| h.join(".config")))
}

/// `$XDG_DATA_HOME` or `~/.local/share`.
pub fn data_home(env: &dyn Env) -> Option<PathBuf> {
    env.var("XDG_DATA_HOME").filter(|s| !s.is_empty()).map(PathBuf::from).or_else(|| home(env).map(|h| h.join(".local/share")))
}

/// The home directory.
pub fn home(env: &dyn Env) -> Option<PathBuf> {
    env.var("HOME").or_else(|| env.var("USERPROFILE")).filter(|s| !s.is_empty()).map(PathBuf::from)
}

/// The configuration files consulted, lowest priority first.
pub fn config_files(env: &dyn Env) -> Vec<PathBuf> {
    if let Some(p) = env.var("PODPIS_CONFIG") {
        return vec![PathBuf::from(p)];
    }
    let mut v = vec![PathBuf::from("/etc/podpis/config.toml")];
    if let Some(h) = config_home(env) {
        v.push(h.join("podpis/config.toml"));
    }
    v
}

/// Parses one file's text.
pub fn parse_file(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse { path: path.to_path_buf(), message: e.to_string() })
}

impl Config {
    /// Loads the configuration from files and the process environment.
    pub fn load() -> Result<Config, ConfigError> {
        Self::load_with(&ProcessEnv)
    }

    /// Loads with an injected environment.
    pub fn load_with(env: &dyn Env) -> Result<Config, ConfigError> {
        let explicit = env.var("PODPIS_CONFIG").is_some();
        let mut merged = FileConfig::default();
        let mut files = Vec::new();
        for path in config_files(env) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    merged.merge(parse_file(&path, &text)?);
                    files.push(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {}
                Err(source) => return Err(ConfigError::Read { path, source }),
            }
        }
        Ok(Self::resolve(merged, files, env))
    }

    /// Applies defaults and environment overrides to merged file settings.
    pub fn resolve(f: FileConfig, files: Vec<PathBuf>, env: &dyn Env) -> Config {
        let modules = match env.var("PODPIS_MODULES") {
            Some(list) => split_paths(&list),
            None => {
                let mut m = f.modules.clone().unwrap_or_default();
                if f.probe_modules.unwrap_or(true) {
                    for d in discover_modules(LIB_DIRS, P11_KIT_DIRS) {
                        if !m.contains(&d) {
                            m.push(d);
                        }
                    }
                }
                m
            }
        };
        let pinentry = env.var("PODPIS_PINENTRY").map(PathBuf::from).or(f.pinentry).or_else(|| find_pinentry(env));
        let mut dev_origins = f.dev_origins.unwrap_or_default();
        if let Some(list) = env.var("PODPIS_DEV_ORIGINS") {
            dev_origins = list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        }
        let allowed_extensions = f
            .allowed_extensions
            .unwrap_or_else(|| vec![DEV_CHROME_EXTENSION_ID.to_string(), FIREFOX_EXTENSION_ID.to_string()]);
        Config {
            modules,
            pinentry,
            allowed_extensions,
            origin_policy: OriginPolicy { allow_dev_http: f.allow_dev_http.unwrap_or(false), dev_origins },
            log_file: env.var("PODPIS_LOG_FILE").map(PathBuf::from).or(f.log_file),
            log_level: env.var("PODPIS_LOG").or(f.log_level).unwrap_or_else(|| "info".into()),
            pin_cache_seconds: f.pin_cache_seconds.filter(|s| *s > 0),
            trusted_roots: env.var("PODPIS_TRUSTED_ROOTS").map(|l| split_paths(&l)).or(f.trusted_roots).unwrap_or_default(),
            files,
        }
    }
}

fn split_paths(list: &str) -> Vec<PathBuf> {
    list.split(':').filter(|s| !s.is_empty()).map(PathBuf::from).collect()
}

/// Finds well-known modules in `lib_dirs` and modules registered with
/// p11-kit in `p11_dirs` (skipping p11-kit-trust).
pub fn discover_modules(lib_dirs: &[&str], p11_dirs: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in lib_dirs {
        for name in WELL_KNOWN_MODULES {
            let p = Path::new(dir).join(name);
            if p.is_file() && !found.contains(&p) {
                found.push(p);
            }
        }
    }
    for dir in p11_dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "module")) {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            if let Some(p) = p11_kit_module_path(&text) {
                if !found.contains(&p) {
                    found.push(p);
                }
            }
        }
    }
    found
}

/// The `module:` path of a p11-kit `.module` file; None for p11-kit-trust
/// and files without one. Relative names are resolved in the p11-kit
/// module directory.
pub fn p11_kit_module_path(text: &str) -> Option<PathBuf> {
    let value = text.lines().find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("module")?.trim_start();
        rest.strip_prefix(':').map(str::trim)
    })?;
    if value.is_empty() || value.contains("p11-kit-trust") {
        return None;
    }
    let p = PathBuf::from(value);
    if p.is_absolute() {
        Some(p)
    } else {
        Some(Path::new("/usr/lib/x86_64-linux-gnu/pkcs11").join(p))
    }
}

/// Looks for a pinentry program on `PATH`.
pub fn find_pinentry(env: &dyn Env) -> Option<PathBuf> {
    let path = env.var("PATH")?;
    for name in ["pinentry-gnome3", "pinentry-qt", "pinentry-gtk-2", "pinentry-mac", "pinentry"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct MapEnv(HashMap<&'static str, String>);
    impl Env for MapEnv {
        fn var(&self, n: &str) -> Option<String> {
            self.0.get(n).cloned()
        }
    }

    #[test]
    fn user_file_overrides_system_and_env_overrides_files() {
        let mut sys = parse_file(Path::new("s"), "modules=[\"/a.so\"]\nallow_dev_http=true\npinentry=\"/bin/p\"").unwrap();
        let user = parse_file(Path::new("u"), "modules=[\"/b.so\"]\nprobe_modules=false").unwrap();
        sys.merge(user);
        let env = MapEnv(HashMap::from([("PODPIS_DEV_ORIGINS", "http://x.test:1, http://y.test".to_string())]));
        let c = Config::resolve(sys.clone(), vec![], &env);
        assert_eq!(c.modules, vec![PathBuf::from("/b.so")]);
        assert!(c.origin_policy.allow_dev_http);
        assert_eq!(c.origin_policy.dev_origins, vec!["http://x.test:1", "http://y.test"]);
        assert_eq!(c.pinentry, Some(PathBuf::from("/bin/p")));
        let env = MapEnv(HashMap::from([("PODPIS_MODULES", "/m1.so:/m2.so".to_string()), ("PODPIS_PINENTRY", "/q".to_string())]));
        let c = Config::resolve(sys, vec![], &env);
        assert_eq!(c.modules, vec![PathBuf::from("/m1.so"), PathBuf::from("/m2.so")]);
        assert_eq!(c.pinentry, Some(PathBuf::from("/q")));
        assert!(c.allowed_extensions.contains(&FIREFOX_EXTENSION_ID.to_string()));
    }

    #[test]
    fn trusted_roots_from_files_and_environment() {
        let f = parse_file(Path::new("f"), "trusted_roots=[\"/etc/podpis/roots.pem\"]").unwrap();
        let none = MapEnv(HashMap::new());
        assert_eq!(Config::resolve(f.clone(), vec![], &none).trusted_roots, vec![PathBuf::from("/etc/podpis/roots.pem")]);
        let env = MapEnv(HashMap::from([("PODPIS_TRUSTED_ROOTS", "/a.pem:/b.pem".to_string())]));
        assert_eq!(Config::resolve(f, vec![], &env).trusted_roots, vec![PathBuf::from("/a.pem"), PathBuf::from("/b.pem")]);
        assert!(Config::resolve(FileConfig::default(), vec![], &none).trusted_roots.is_empty());
    }

    #[test]
    fn rejects_unknown_keys_and_parses_p11_kit_files() {
        assert!(parse_file(Path::new("x"), "modulez=[]").is_err());
        assert_eq!(p11_kit_module_path("# c\nmodule: /usr/lib/opensc-pkcs11.so\n"), Some(PathBuf::from("/usr/lib/opensc-pkcs11.so")));
        assert_eq!(p11_kit_module_path("module: p11-kit-trust.so\n"), None);
        assert_eq!(p11_kit_module_path("priority: 1\n"), None);
    }
}
