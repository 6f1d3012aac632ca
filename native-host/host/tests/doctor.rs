//! `podpis-host doctor` against a real SoftHSM2 token (apt package
//! `softhsm2`). Skipped with a message when SoftHSM2 is not installed.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

const SOFTHSM: &str = "/usr/lib/softhsm/libsofthsm2.so";

fn softhsm_token(dir: &Path) -> Option<std::path::PathBuf> {
    if !Path::new(SOFTHSM).exists() {
        eprintln!("SoftHSM2 not installed; skipping");
        return None;
    }
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(&conf, format!("directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n", tokens.display())).unwrap();
    let st = Command::new("softhsm2-util")
        .env("SOFTHSM2_CONF", &conf)
        .args(["--init-token", "--free", "--label", "podpis-doctor", "--so-pin", "12345678", "--pin", "1234"])
        .output()
        .unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    Some(conf)
}

#[test]
fn doctor_reports_registration_modules_and_tokens() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(conf) = softhsm_token(tmp.path()) else { return };
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join(".config/google-chrome")).unwrap();
    let doctor = |args: &[&str]| {
        base_command(tmp.path())
            .env("SOFTHSM2_CONF", &conf)
            .env("PODPIS_MODULES", SOFTHSM)
            .env("PODPIS_PINENTRY", "/bin/true")
            .arg("doctor")
            .args(args)
            .output()
            .unwrap()
    };
    let out = doctor(&["--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let chrome = report["browsers"].as_array().unwrap().iter().find(|b| b["browser"] == "chrome").unwrap().clone();
    assert!(chrome["manifest"].is_null(), "{chrome}");
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["code"] == "no-browser"));
    assert_ne!(out.status.code(), Some(0));

    let inst = base_command(tmp.path())
        .args(["install", "--browser", "chrome", "--host-path", BIN])
        .output()
        .unwrap();
    assert!(inst.status.success());
    let out = doctor(&["--json", "--lang", "en"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let chrome = report["browsers"].as_array().unwrap().iter().find(|b| b["browser"] == "chrome").unwrap().clone();
    assert!(chrome["manifest"].as_str().unwrap().ends_with("google-chrome/NativeMessagingHosts/ru.podpis.host.json"));
    assert_eq!(chrome["hostExecutable"], true);
    assert_eq!(chrome["missingIds"], serde_json::json!([]));
    let findings: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(!findings.contains(&"no-browser"), "{findings:?}");
    // The token has no certificate: never ready.
    assert_eq!(report["ready"], false);
    assert_eq!(out.status.code(), Some(1));
    let modules = report["modules"].as_array().unwrap();
    assert_eq!(modules[0]["path"], SOFTHSM);
    if modules[0]["loaded"] == true {
        // Token layer implemented: the SoftHSM module loads and the token shows.
        assert_eq!(modules[0]["path"], SOFTHSM);
        assert_eq!(modules[0]["loaded"], true, "{}", modules[0]);
        let tokens = report["tokens"].as_array().unwrap();
        assert!(tokens.iter().any(|t| t["label"] == "podpis-doctor"), "{tokens:?}");
        assert!(findings.contains(&"no-certificate"), "{findings:?}");
    }
    // Text report, Russian by default.
    let out = doctor(&[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("диагностика рабочего места"), "{text}");
    assert!(text.contains("Google Chrome"));
    assert!(text.contains("НЕ готово"));
    assert!(text.contains("Доверенные корневые сертификаты: не настроены"), "{text}");
    assert_eq!(report["trustedRoots"], serde_json::json!([]));

    // A roots file that cannot be read: said so (issuers are then not checked).
    let missing = tmp.path().join("no-such-roots.pem");
    let out = base_command(tmp.path())
        .env("SOFTHSM2_CONF", &conf)
        .env("PODPIS_MODULES", SOFTHSM)
        .env("PODPIS_PINENTRY", "/bin/true")
        .env("PODPIS_TRUSTED_ROOTS", &missing)
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["trustedRoots"], serde_json::json!([missing.display().to_string()]));
    let roots = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "trusted-roots").expect("trusted-roots finding");
    assert_eq!(roots["fatal"], false);
    assert!(roots["advice"].as_str().unwrap().contains("no-such-roots.pem"), "{roots}");
}
