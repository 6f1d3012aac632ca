//! The install record: what `install` wrote, so `uninstall` removes
//! exactly that. Stored as JSON in `$XDG_DATA_HOME/podpis/` (per-user)
//! or `<root>/var/lib/podpis/` (system-wide).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::locations::Scope;

/// Things written by one or more `install` runs.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct InstallRecord {
    /// Manifest files written.
    pub files: Vec<PathBuf>,
    /// Windows registry keys created (`HKCU\…` or `HKLM\…`).
    #[serde(default)]
    pub registry_keys: Vec<String>,
}

impl InstallRecord {
    /// Where the record of `scope` lives.
    pub fn path(scope: Scope, data_home: &Path, root: &Path) -> PathBuf {
        match scope {
            Scope::User => data_home.join("podpis/install-record.json"),
            Scope::System => root.join("var/lib/podpis/install-record.json"),
        }
    }

    /// Loads a record (empty when absent or unreadable).
    pub fn load(path: &Path) -> InstallRecord {
        std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    /// Writes the record.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(path, text)
    }

    /// Adds a file (no duplicates).
    pub fn add_file(&mut self, p: PathBuf) {
        if !self.files.contains(&p) {
            self.files.push(p);
        }
    }

    /// Adds a registry key (no duplicates).
    pub fn add_key(&mut self, k: String) {
        if !self.registry_keys.contains(&k) {
            self.registry_keys.push(k);
        }
    }
}
