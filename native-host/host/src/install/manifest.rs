//! Host manifests rendered from the templates in `manifests/`.

use std::path::Path;

use serde::Deserialize;

use super::locations::Family;
use crate::HOST_NAME;

const CHROME_TEMPLATE: &str = include_str!("../../../../manifests/chrome.json.in");
const FIREFOX_TEMPLATE: &str = include_str!("../../../../manifests/firefox.json.in");

/// Renders the manifest for a browser family. `ids` are extension ids:
/// Chrome ids become `chrome-extension://ID/` origins; ids containing
/// `@` (gecko ids) go to Firefox only, the others to Chrome only.
pub fn render(family: Family, host_path: &Path, ids: &[String]) -> String {
    let (template, allowed): (&str, Vec<String>) = match family {
        Family::Chrome => (
            CHROME_TEMPLATE,
            ids.iter().filter(|i| !i.contains('@')).map(|i| format!("chrome-extension://{i}/")).collect(),
        ),
        Family::Firefox => (FIREFOX_TEMPLATE, ids.iter().filter(|i| i.contains('@')).cloned().collect()),
    };
    let path = serde_json::to_string(&host_path.to_string_lossy()).unwrap_or_else(|_| "\"\"".into());
    let allowed = serde_json::to_string(&allowed).unwrap_or_else(|_| "[]".into());
    template.replace("{{HOST_PATH}}", &path).replace("{{ALLOWED}}", &allowed)
}

/// A manifest as read back (for `doctor` and `uninstall`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct InstalledManifest {
    /// Host name.
    pub name: String,
    /// Host executable.
    pub path: String,
    /// Chrome family: allowed origins.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Firefox: allowed extensions.
    #[serde(default)]
    pub allowed_extensions: Vec<String>,
}

impl InstalledManifest {
    /// Reads and parses a manifest file; None when absent or not ours.
    pub fn read(path: &Path) -> Option<InstalledManifest> {
        let text = std::fs::read_to_string(path).ok()?;
        let m: InstalledManifest = serde_json::from_str(&text).ok()?;
        (m.name == HOST_NAME).then_some(m)
    }

    /// Whether the manifest admits extension `id`.
    pub fn allows(&self, id: &str) -> bool {
        let origin = format!("chrome-extension://{id}/");
        self.allowed_origins.iter().any(|o| *o == origin) || self.allowed_extensions.iter().any(|e| e == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_valid_json_for_both_families() {
        let ids = vec!["abc".to_string(), "podpis@podpis.dev".to_string()];
        let c: serde_json::Value = serde_json::from_str(&render(Family::Chrome, Path::new("C:\\p\\h.exe"), &ids)).unwrap();
        assert_eq!(c["name"], HOST_NAME);
        assert_eq!(c["path"], "C:\\p\\h.exe");
        assert_eq!(c["allowed_origins"], serde_json::json!(["chrome-extension://abc/"]));
        let f: serde_json::Value = serde_json::from_str(&render(Family::Firefox, Path::new("/h"), &ids)).unwrap();
        assert_eq!(f["allowed_extensions"], serde_json::json!(["podpis@podpis.dev"]));
        assert!(f.get("allowed_origins").is_none());
    }
}
