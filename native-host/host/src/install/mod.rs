//! Registering the host with browsers (`podpis-host install` /
//! `uninstall`).

pub mod locations;
pub mod manifest;
pub mod record;
pub mod windows_registry;

use std::path::{Path, PathBuf};

use locations::{Browser, Os, Scope};
use manifest::InstalledManifest;
use record::InstallRecord;

use crate::HOST_NAME;

/// Manifest file name.
pub const MANIFEST_FILE: &str = "ru.podpis.host.json";

/// An installation problem.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The registry could not be updated.
    #[error(transparent)]
    Registry(#[from] windows_registry::RegistryError),
    /// A required location is unknown (no home directory).
    #[error("{0}")]
    Location(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |source| InstallError::Io { path: path.to_path_buf(), source }
}

/// What to install.
#[derive(Debug, Clone)]
pub struct InstallPlan {
    /// Browsers.
    pub browsers: Vec<Browser>,
    /// Scope.
    pub scope: Scope,
    /// Extension ids (Chrome ids and Firefox gecko ids).
    pub extension_ids: Vec<String>,
    /// Absolute host executable path written into manifests.
    pub host_path: PathBuf,
    /// Custom Chromium `--user-data-dir` directories.
    pub user_data_dirs: Vec<PathBuf>,
    /// Home directory (Windows: the install directory for manifests).
    pub home: PathBuf,
    /// XDG data dir (install record).
    pub data_home: PathBuf,
    /// Prefix of system paths (`/` normally).
    pub root: PathBuf,
    /// Layout.
    pub os: Os,
}

/// Writes the manifests (and Windows registry keys); returns the files
/// written. The install record is updated.
pub fn install(plan: &InstallPlan) -> Result<Vec<PathBuf>, InstallError> {
    let record_path = InstallRecord::path(plan.scope, &plan.data_home, &plan.root);
    let mut record = InstallRecord::load(&record_path);
    let mut written = Vec::new();
    let mut write = |dir: &Path, family, record: &mut InstallRecord| -> Result<PathBuf, InstallError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let file = dir.join(MANIFEST_FILE);
        let text = manifest::render(family, &plan.host_path, &plan.extension_ids);
        std::fs::write(&file, text).map_err(io(&file))?;
        record.add_file(file.clone());
        written.push(file.clone());
        Ok(file)
    };
    for &b in &plan.browsers {
        if plan.os == Os::Windows {
            // One manifest per family, beside the host; registry points to it.
            let dir = plan.home.join(if b.family() == locations::Family::Firefox { "firefox" } else { "chrome" });
            let file = write(&dir, b.family(), &mut record)?;
            windows_registry::register(plan.scope, &b.registry_key(), &file)?;
            record.add_key(windows_registry::full_key(plan.scope, &b.registry_key()));
        } else {
            for dir in b.manifest_dirs(plan.os, plan.scope, &plan.home, &plan.root) {
                write(&dir, b.family(), &mut record)?;
            }
        }
    }
    for d in &plan.user_data_dirs {
        write(&d.join("NativeMessagingHosts"), locations::Family::Chrome, &mut record)?;
    }
    record.save(&record_path).map_err(io(&record_path))?;
    Ok(written)
}

/// Removes what the record lists (only files that are still our
/// manifests); returns the files removed.
pub fn uninstall(scope: Scope, data_home: &Path, root: &Path) -> Result<Vec<PathBuf>, InstallError> {
    let record_path = InstallRecord::path(scope, data_home, root);
    let record = InstallRecord::load(&record_path);
    let mut removed = Vec::new();
    for f in &record.files {
        if InstalledManifest::read(f).is_some() {
            std::fs::remove_file(f).map_err(io(f))?;
            removed.push(f.clone());
            if let Some(dir) = f.parent() {
                // Leave non-empty or browser-owned directories alone.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    for k in &record.registry_keys {
        windows_registry::unregister(k)?;
    }
    match std::fs::remove_file(&record_path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&record_path)(e)),
    }
    Ok(removed)
}

/// Registration state of one browser, for `doctor`.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    /// Browser.
    pub browser: Browser,
    /// Manifest file found, if any.
    pub manifest: Option<PathBuf>,
    /// The host path it names.
    pub host_path: Option<String>,
    /// The host path is an executable file.
    pub host_executable: bool,
    /// Configured extension ids it does not admit.
    pub missing_ids: Vec<String>,
}

/// Finds the manifest each browser would use (user first, then system).
pub fn registration(b: Browser, os: Os, home: &Path, ids: &[String]) -> Registration {
    let mut dirs = b.manifest_dirs(os, Scope::User, home, Path::new("/"));
    dirs.extend(b.manifest_dirs(os, Scope::System, home, Path::new("/")));
    let found = dirs.into_iter().map(|d| d.join(MANIFEST_FILE)).find_map(|f| InstalledManifest::read(&f).map(|m| (f, m)));
    let relevant: Vec<String> =
        ids.iter().filter(|i| i.contains('@') == (b == Browser::Firefox)).cloned().collect();
    match found {
        Some((file, m)) => Registration {
            browser: b,
            host_executable: is_executable(Path::new(&m.path)),
            missing_ids: relevant.into_iter().filter(|i| !m.allows(i)).collect(),
            host_path: Some(m.path),
            manifest: Some(file),
        },
        None => Registration { browser: b, manifest: None, host_path: None, host_executable: false, missing_ids: relevant },
    }
}

/// True for an existing file with an execute bit (any file on Windows).
pub fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Name check used by tests and doctor.
pub fn is_our_manifest(p: &Path) -> bool {
    InstalledManifest::read(p).is_some_and(|m| m.name == HOST_NAME)
}
