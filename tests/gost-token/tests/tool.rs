//! Tests of `podpis-gost-token-tool` on its own: key/certificate checks on
//! import, DER input, hot-plug and PIN-pad files, status output.

mod common;

use std::process::Command;

use common::*;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_podpis-gost-token-tool")).args(args).output().unwrap()
}

#[test]
fn import_checks_the_key_against_the_certificate_and_accepts_der() {
    let fx = fixture();
    let tok = tempfile::tempdir().unwrap();
    let d = tok.path().to_str().unwrap();
    tool(&["init", "--dir", d, "--label", "T", "--pin", PIN]);
    // A key that does not belong to the certificate is refused.
    let out = run(&["import", "--dir", d, "--id", "01", "--label", "x", "--cert", fx.k512.cert.to_str().unwrap(), "--key", fx.k256.key.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match"), "{}", String::from_utf8_lossy(&out.stderr));
    // DER key and certificate (as `openssl pkey/x509 -outform DER` write them).
    let key_der = fx.dir.path().join("k256.der");
    let cert_der = fx.dir.path().join("c256.der");
    let o = openssl(&fx.openssl_conf, &["pkey", "-in", fx.k256.key.to_str().unwrap(), "-outform", "DER", "-out", key_der.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = openssl(&fx.openssl_conf, &["x509", "-in", fx.k256.cert.to_str().unwrap(), "-outform", "DER", "-out", cert_der.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tool(&["import", "--dir", d, "--id", "a1b2", "--label", "DER key", "--cert", cert_der.to_str().unwrap(), "--key", key_der.to_str().unwrap()]);
    let status = run(&["status", "--dir", d]);
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("id=a1b2") && text.contains("key=1.2.643.2.2.35.1"), "{text}");
    assert!(text.contains("tries:      10/10"), "{text}");
    // Unknown commands and missing options fail cleanly.
    assert!(!run(&["frobnicate", "--dir", d]).status.success());
    assert!(!run(&["init", "--dir", d]).status.success());
}

#[test]
fn hot_plug_and_pinpad_files() {
    let tok = tempfile::tempdir().unwrap();
    let d = tok.path().to_str().unwrap();
    tool(&["init", "--dir", d, "--label", "T", "--pin", PIN, "--pinpad"]);
    let dir = podpis_gost_token::storage::TokenDir::new(tok.path());
    assert!(dir.is_present());
    tool(&["remove", "--dir", d]);
    assert!(!dir.is_present());
    tool(&["insert", "--dir", d]);
    assert!(dir.is_present());
    assert_eq!(dir.generation(), 1);
    tool(&["pinpad-enter", "--dir", d, "--pin", "4321"]);
    assert_eq!(dir.take_pinpad_input(), Some(podpis_gost_token::storage::PinpadInput::Pin("4321".into())));
    assert_eq!(dir.take_pinpad_input(), None);
    tool(&["pinpad-enter", "--dir", d, "--cancel"]);
    assert_eq!(dir.take_pinpad_input(), Some(podpis_gost_token::storage::PinpadInput::Cancel));
    assert!(dir.load_config().unwrap().pinpad);
    // Re-initialising formats the token: objects and state files are gone.
    dir.store_object(&[1], "old", None, Some(&podpis_gost_token::storage::StoredKey { param_oid: "1.2.643.2.2.35.1".into(), private_key_le_hex: "01".repeat(32) })).unwrap();
    tool(&["remove", "--dir", d]);
    tool(&["init", "--dir", d, "--label", "T2", "--pin", PIN]);
    assert!(dir.is_present());
    assert_eq!(dir.generation(), 0);
    assert!(dir.load_objects().unwrap().is_empty());
    assert!(!dir.load_config().unwrap().pinpad);
}
