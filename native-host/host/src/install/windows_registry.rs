//! Windows registry registration: the default value of
//! `HKCU|HKLM\Software\<Vendor>\NativeMessagingHosts\ru.podpis.host` is
//! the manifest's path. A no-op elsewhere.

use std::path::Path;

use super::locations::Scope;

/// Registry error.
#[derive(Debug, thiserror::Error)]
#[error("registry: {0}")]
pub struct RegistryError(pub String);

/// Full key name for the record, e.g. `HKCU\Software\…`.
pub fn full_key(scope: Scope, key: &str) -> String {
    match scope {
        Scope::User => format!("HKCU\\{key}"),
        Scope::System => format!("HKLM\\{key}"),
    }
}

/// Creates `key` with the manifest path as default value.
#[cfg(windows)]
pub fn register(scope: Scope, key: &str, manifest: &Path) -> Result<(), RegistryError> {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    use winreg::RegKey;
    let hive = RegKey::predef(if scope == Scope::User { HKEY_CURRENT_USER } else { HKEY_LOCAL_MACHINE });
    let (k, _) = hive.create_subkey(key).map_err(|e| RegistryError(e.to_string()))?;
    k.set_value("", &manifest.to_string_lossy().to_string()).map_err(|e| RegistryError(e.to_string()))
}

/// Deletes a key written by [`register`] (`HKCU\…`/`HKLM\…` form).
#[cfg(windows)]
pub fn unregister(full: &str) -> Result<(), RegistryError> {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    use winreg::RegKey;
    let (hive, key) = match full.split_once('\\') {
        Some(("HKCU", k)) => (RegKey::predef(HKEY_CURRENT_USER), k),
        Some(("HKLM", k)) => (RegKey::predef(HKEY_LOCAL_MACHINE), k),
        _ => return Err(RegistryError(format!("unexpected key {full}"))),
    };
    hive.delete_subkey_all(key).map_err(|e| RegistryError(e.to_string()))
}

/// Reads the manifest path registered under `key`.
#[cfg(windows)]
pub fn lookup(scope: Scope, key: &str) -> Option<String> {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    use winreg::RegKey;
    let hive = RegKey::predef(if scope == Scope::User { HKEY_CURRENT_USER } else { HKEY_LOCAL_MACHINE });
    hive.open_subkey(key).ok()?.get_value::<String, _>("").ok()
}

/// Not Windows: nothing to do.
#[cfg(not(windows))]
pub fn register(_scope: Scope, _key: &str, _manifest: &Path) -> Result<(), RegistryError> {
    Ok(())
}

/// Not Windows: nothing to do.
#[cfg(not(windows))]
pub fn unregister(_full: &str) -> Result<(), RegistryError> {
    Ok(())
}

/// Not Windows: no registry.
#[cfg(not(windows))]
pub fn lookup(_scope: Scope, _key: &str) -> Option<String> {
    None
}
