//! Where each browser looks for native-messaging host manifests.

use std::path::{Path, PathBuf};

/// Browsers Podpis registers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    /// Google Chrome.
    Chrome,
    /// Chromium.
    Chromium,
    /// Microsoft Edge.
    Edge,
    /// Brave.
    Brave,
    /// Vivaldi.
    Vivaldi,
    /// Mozilla Firefox.
    Firefox,
}

/// Manifest format family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Chrome-style `allowed_origins`.
    Chrome,
    /// Firefox-style `allowed_extensions`.
    Firefox,
}

/// Per-user or system-wide registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The current user only.
    User,
    /// All users (needs administrator rights).
    System,
}

/// Operating system layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux and other XDG systems.
    Linux,
    /// macOS.
    MacOs,
    /// Windows (manifest beside the host; registry points to it).
    Windows,
}

impl Os {
    /// The OS this binary runs on.
    pub fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::MacOs
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }
}

impl Browser {
    /// Every browser.
    pub const ALL: &'static [Browser] =
        &[Browser::Chrome, Browser::Chromium, Browser::Edge, Browser::Brave, Browser::Vivaldi, Browser::Firefox];

    /// Command-line name.
    pub fn as_str(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Chromium => "chromium",
            Browser::Edge => "edge",
            Browser::Brave => "brave",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "firefox",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(s: &str) -> Option<Browser> {
        Browser::ALL.iter().copied().find(|b| b.as_str() == s)
    }

    /// Display name.
    pub fn display(self) -> &'static str {
        match self {
            Browser::Chrome => "Google Chrome",
            Browser::Chromium => "Chromium",
            Browser::Edge => "Microsoft Edge",
            Browser::Brave => "Brave",
            Browser::Vivaldi => "Vivaldi",
            Browser::Firefox => "Mozilla Firefox",
        }
    }

    /// Manifest family.
    pub fn family(self) -> Family {
        if self == Browser::Firefox {
            Family::Firefox
        } else {
            Family::Chrome
        }
    }

    /// Profile directories (relative to `~/.config` on Linux, to
    /// `~/Library/Application Support` on macOS) whose existence shows the
    /// browser is installed for this user.
    fn profile_dirs(self, os: Os) -> &'static [&'static str] {
        match (self, os) {
            (Browser::Chrome, Os::Linux) => &["google-chrome", "google-chrome-beta", "google-chrome-unstable"],
            (Browser::Chromium, Os::Linux) => &["chromium"],
            (Browser::Edge, Os::Linux) => &["microsoft-edge", "microsoft-edge-beta", "microsoft-edge-dev"],
            (Browser::Brave, _) => &["BraveSoftware/Brave-Browser"],
            (Browser::Vivaldi, Os::Linux) => &["vivaldi"],
            (Browser::Chrome, _) => &["Google/Chrome"],
            (Browser::Chromium, _) => &["Chromium"],
            (Browser::Edge, _) => &["Microsoft Edge"],
            (Browser::Vivaldi, _) => &["Vivaldi"],
            (Browser::Firefox, Os::MacOs) => &["Mozilla"],
            (Browser::Firefox, _) => &[],
        }
    }

    /// Directories that receive the manifest for `scope`. `home` is the
    /// user's home; `root` prefixes system paths (staging, tests). On
    /// Windows the single directory is the install directory (`home` is
    /// used as that directory) and the registry points to the file.
    pub fn manifest_dirs(self, os: Os, scope: Scope, home: &Path, root: &Path) -> Vec<PathBuf> {
        let sys = |p: &str| root.join(p.trim_start_matches('/'));
        match (os, scope) {
            (Os::Windows, _) => vec![home.to_path_buf()],
            (Os::Linux, Scope::User) => match self {
                Browser::Firefox => vec![home.join(".mozilla/native-messaging-hosts")],
                b => b.profile_dirs(os).iter().map(|d| home.join(".config").join(d).join("NativeMessagingHosts")).collect(),
            },
            (Os::Linux, Scope::System) => match self {
                Browser::Chrome => vec![sys("/etc/opt/chrome/native-messaging-hosts")],
                Browser::Chromium => vec![sys("/etc/chromium/native-messaging-hosts")],
                Browser::Edge => vec![sys("/etc/opt/edge/native-messaging-hosts")],
                Browser::Brave => vec![sys("/etc/opt/brave.com/brave/native-messaging-hosts")],
                Browser::Vivaldi => vec![sys("/etc/opt/vivaldi/native-messaging-hosts")],
                Browser::Firefox => vec![
                    sys("/usr/lib/mozilla/native-messaging-hosts"),
                    sys("/usr/lib64/mozilla/native-messaging-hosts"),
                ],
            },
            (Os::MacOs, Scope::User) => {
                let base = home.join("Library/Application Support");
                match self {
                    Browser::Firefox => vec![base.join("Mozilla/NativeMessagingHosts")],
                    b => b.profile_dirs(os).iter().map(|d| base.join(d).join("NativeMessagingHosts")).collect(),
                }
            }
            (Os::MacOs, Scope::System) => vec![match self {
                Browser::Chrome => sys("/Library/Google/Chrome/NativeMessagingHosts"),
                Browser::Chromium => sys("/Library/Application Support/Chromium/NativeMessagingHosts"),
                Browser::Edge => sys("/Library/Microsoft/Edge/NativeMessagingHosts"),
                Browser::Brave => sys("/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts"),
                Browser::Vivaldi => sys("/Library/Application Support/Vivaldi/NativeMessagingHosts"),
                Browser::Firefox => sys("/Library/Application Support/Mozilla/NativeMessagingHosts"),
            }],
        }
    }

    /// Whether the browser looks installed for this user (a profile
    /// directory exists) or on the system (a known binary exists).
    pub fn is_installed(self, os: Os, home: &Path) -> bool {
        let user = match (self, os) {
            (Browser::Firefox, Os::Linux) => vec![home.join(".mozilla")],
            (b, Os::Linux) => b.profile_dirs(os).iter().map(|d| home.join(".config").join(d)).collect(),
            (b, Os::MacOs) => b.profile_dirs(os).iter().map(|d| home.join("Library/Application Support").join(d)).collect(),
            (_, Os::Windows) => Vec::new(),
        };
        let binaries: &[&str] = match self {
            Browser::Chrome => &["/usr/bin/google-chrome", "/opt/google/chrome/chrome", "/Applications/Google Chrome.app"],
            Browser::Chromium => &["/usr/bin/chromium", "/usr/bin/chromium-browser", "/Applications/Chromium.app"],
            Browser::Edge => &["/usr/bin/microsoft-edge", "/Applications/Microsoft Edge.app"],
            Browser::Brave => &["/usr/bin/brave-browser", "/Applications/Brave Browser.app"],
            Browser::Vivaldi => &["/usr/bin/vivaldi", "/Applications/Vivaldi.app"],
            Browser::Firefox => &["/usr/bin/firefox", "/usr/lib/firefox/firefox", "/Applications/Firefox.app"],
        };
        user.iter().any(|p| p.is_dir()) || binaries.iter().any(|b| Path::new(b).exists())
    }

    /// Windows registry key (under HKCU or HKLM) of the host.
    pub fn registry_key(self) -> String {
        let vendor = match self {
            Browser::Chrome => "Google\\Chrome",
            Browser::Chromium => "Chromium",
            Browser::Edge => "Microsoft\\Edge",
            Browser::Brave => "BraveSoftware\\Brave-Browser",
            Browser::Vivaldi => "Vivaldi",
            Browser::Firefox => "Mozilla",
        };
        format!("Software\\{vendor}\\NativeMessagingHosts\\{}", crate::HOST_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_and_mac_locations() {
        let h = Path::new("/home/u");
        let r = Path::new("/");
        assert_eq!(
            Browser::Chrome.manifest_dirs(Os::Linux, Scope::User, h, r)[0],
            PathBuf::from("/home/u/.config/google-chrome/NativeMessagingHosts")
        );
        assert_eq!(
            Browser::Firefox.manifest_dirs(Os::Linux, Scope::System, h, r)[0],
            PathBuf::from("/usr/lib/mozilla/native-messaging-hosts")
        );
        assert_eq!(
            Browser::Chrome.manifest_dirs(Os::MacOs, Scope::User, h, r)[0],
            PathBuf::from("/home/u/Library/Application Support/Google/Chrome/NativeMessagingHosts")
        );
        assert_eq!(Browser::Edge.registry_key(), "Software\\Microsoft\\Edge\\NativeMessagingHosts\\ru.podpis.host");
    }
}
