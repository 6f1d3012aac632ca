//! Loading PKCS#11 modules: each library is loaded and `C_Initialize`d
//! once per process, whatever number of [`crate::TokenService`]s exist.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use podpis_protocol::ModuleStatus;

/// A loaded and initialized PKCS#11 module.
pub struct Module {
    /// The path it was loaded from (as configured).
    pub path: PathBuf,
    /// The cryptoki context.
    pub ctx: Pkcs11,
    /// `C_GetInfo` manufacturer and description.
    pub description: String,
    /// Library version `major.minor`.
    pub library_version: String,
}

impl Module {
    /// The module path as a display/wire string.
    pub fn path_str(&self) -> String {
        self.path.display().to_string()
    }
}

type Registry = Mutex<HashMap<PathBuf, Result<Arc<Module>, String>>>;

fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Loads (or returns the already loaded) module at `path`.
pub fn load(path: &Path) -> Result<Arc<Module>, String> {
    let mut reg = registry().lock().map_err(|_| "module registry poisoned".to_string())?;
    if let Some(r) = reg.get(path) {
        return r.clone();
    }
    let r = load_uncached(path);
    if let Err(e) = &r {
        tracing::warn!(module = %path.display(), error = %e, "PKCS#11 module failed to load");
    }
    reg.insert(path.to_path_buf(), r.clone());
    r
}

fn load_uncached(path: &Path) -> Result<Arc<Module>, String> {
    let ctx = Pkcs11::new(path).map_err(|e| format!("cannot load: {e}"))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => {}
        Err(cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(format!("C_Initialize failed: {e}")),
    }
    let (description, library_version) = match ctx.get_library_info() {
        Ok(info) => (
            format!("{} {}", info.manufacturer_id().trim(), info.library_description().trim()),
            format!("{}.{}", info.library_version().major(), info.library_version().minor()),
        ),
        Err(e) => return Err(format!("C_GetInfo failed: {e}")),
    };
    Ok(Arc::new(Module { path: path.to_path_buf(), ctx, description, library_version }))
}

/// Loads every configured module; returns the loaded ones and the status of all.
pub fn load_all(paths: &[PathBuf]) -> (Vec<Arc<Module>>, Vec<ModuleStatus>) {
    let mut loaded = Vec::new();
    let mut status = Vec::new();
    for p in paths {
        match load(p) {
            Ok(m) => {
                status.push(ModuleStatus {
                    path: m.path_str(),
                    loaded: true,
                    description: Some(m.description.clone()),
                    library_version: Some(m.library_version.clone()),
                    error: None,
                });
                loaded.push(m);
            }
            Err(e) => status.push(ModuleStatus {
                path: p.display().to_string(),
                loaded: false,
                description: None,
                library_version: None,
                error: Some(e),
            }),
        }
    }
    (loaded, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_module_is_reported_not_fatal() {
        let (loaded, status) = load_all(&[PathBuf::from("/nonexistent/libnothing.so")]);
        assert!(loaded.is_empty());
        assert_eq!(status.len(), 1);
        assert!(!status[0].loaded);
        assert!(status[0].error.is_some());
    }
}
