//! `install` / `uninstall` into temporary home and root directories, for
//! every browser layout on Linux.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = base_command(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

const CHROME_ID: &str = "abcdefghijklmnopabcdefghijklmnop";

fn user_locations(home: &Path) -> Vec<(&'static str, PathBuf, bool)> {
    let c = home.join(".config");
    vec![
        ("chrome", c.join("google-chrome/NativeMessagingHosts"), false),
        ("chromium", c.join("chromium/NativeMessagingHosts"), false),
        ("edge", c.join("microsoft-edge/NativeMessagingHosts"), false),
        ("brave", c.join("BraveSoftware/Brave-Browser/NativeMessagingHosts"), false),
        ("vivaldi", c.join("vivaldi/NativeMessagingHosts"), false),
        ("firefox", home.join(".mozilla/native-messaging-hosts"), true),
    ]
}

#[test]
fn user_install_and_uninstall_for_each_browser() {
    for (browser, dir, firefox) in user_locations(&PathBuf::from("HOME")) {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        let dir = home.join(dir.strip_prefix("HOME").unwrap());
        run(tmp.path(), &["install", "--browser", browser, "--extension-id", CHROME_ID,
                          "--extension-id", "podpis@podpis.dev", "--host-path", BIN]);
        let file = dir.join("ru.podpis.host.json");
        let m = read(&file);
        assert_eq!(m["name"], "ru.podpis.host");
        assert_eq!(m["type"], "stdio");
        assert_eq!(m["path"], std::fs::canonicalize(BIN).unwrap().to_str().unwrap());
        if firefox {
            assert_eq!(m["allowed_extensions"], serde_json::json!(["podpis@podpis.dev"]));
        } else {
            assert_eq!(m["allowed_origins"], serde_json::json!([format!("chrome-extension://{CHROME_ID}/")]));
        }
        assert!(home.join(".local/share/podpis/install-record.json").is_file());
        // A foreign file beside ours survives uninstall.
        std::fs::write(dir.join("other.host.json"), "{}").unwrap();
        let out = run(tmp.path(), &["uninstall"]);
        assert!(String::from_utf8_lossy(&out.stdout).contains("ru.podpis.host.json"));
        assert!(!file.exists(), "{browser}");
        assert!(dir.join("other.host.json").exists());
        assert!(!home.join(".local/share/podpis/install-record.json").exists());
    }
}

#[test]
fn system_install_under_root_and_custom_user_data_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let root_s = root.to_str().unwrap();
    run(tmp.path(), &["install", "--system", "--root", root_s, "--browser", "all", "--extension-id", CHROME_ID,
                      "--extension-id", "podpis@podpis.dev", "--host-path", BIN]);
    for p in [
        "etc/opt/chrome/native-messaging-hosts",
        "etc/chromium/native-messaging-hosts",
        "etc/opt/edge/native-messaging-hosts",
        "usr/lib/mozilla/native-messaging-hosts",
        "usr/lib64/mozilla/native-messaging-hosts",
    ] {
        assert!(root.join(p).join("ru.podpis.host.json").is_file(), "{p}");
    }
    run(tmp.path(), &["uninstall", "--system", "--root", root_s]);
    assert!(!root.join("etc/opt/chrome/native-messaging-hosts/ru.podpis.host.json").exists());

    let profile = tmp.path().join("profile");
    run(tmp.path(), &["install", "--user-data-dir", profile.to_str().unwrap(), "--extension-id", CHROME_ID, "--host-path", BIN]);
    let m = read(&profile.join("NativeMessagingHosts/ru.podpis.host.json"));
    assert_eq!(m["allowed_origins"][0], format!("chrome-extension://{CHROME_ID}/"));
    run(tmp.path(), &["uninstall"]);
    assert!(!profile.join("NativeMessagingHosts/ru.podpis.host.json").exists());
}

#[test]
fn default_extension_ids_come_from_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("config.toml"), "probe_modules = false\nallowed_extensions = [\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\", \"podpis@podpis.dev\"]\n").unwrap();
    run(tmp.path(), &["install", "--browser", "chromium", "--host-path", BIN]);
    let m = read(&tmp.path().join("home/.config/chromium/NativeMessagingHosts/ru.podpis.host.json"));
    assert_eq!(m["allowed_origins"], serde_json::json!(["chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/"]));
}

#[test]
fn unknown_browser_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    let out = base_command(tmp.path()).args(["install", "--browser", "netscape"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = base_command(tmp.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}
