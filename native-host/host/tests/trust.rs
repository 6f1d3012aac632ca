//! Issuer trust of listed certificates (`trusted_roots`): certificates
//! issued by a configured root pass, others are marked
//! `untrusted-issuer`. Certificates are made by OpenSSL here, independent
//! of the code under test.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use podpis_host::trust::{mark_untrusted, IssuerTrust};
use podpis_protocol::{CertificateInfo, CertificateWarning};

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A CA `name` (self-signed, P-256) and a leaf it issued; returns the leaf's DER.
fn ca_and_leaf(dir: &Path, name: &str) -> Vec<u8> {
    let ca = format!("{name}-ca");
    let leaf = format!("{name}-leaf");
    openssl(dir, &["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
        "-subj", &format!("/CN={name} CA"), "-keyout", &format!("{ca}.key"), "-out", &format!("{ca}.pem"),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
    openssl(dir, &["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", &format!("/CN={name} person"),
        "-keyout", &format!("{leaf}.key"), "-out", &format!("{leaf}.csr")]);
    openssl(dir, &["x509", "-req", "-in", &format!("{leaf}.csr"), "-CA", &format!("{ca}.pem"), "-CAkey", &format!("{ca}.key"),
        "-CAcreateserial", "-days", "10", "-outform", "DER", "-out", &format!("{leaf}.der")]);
    std::fs::read(dir.join(format!("{leaf}.der"))).unwrap()
}

fn info(der: &[u8]) -> CertificateInfo {
    serde_json::from_value(serde_json::json!({
        "thumbprint": "00", "thumbprintSha256": "00", "token": {"module": "m", "serial": "s"}, "tokenLabel": "t",
        "keyId": "01", "subject": {}, "issuer": {}, "serialNumber": "01", "notBefore": "2025-01-01T00:00:00Z",
        "notAfter": "2035-01-01T00:00:00Z", "keyUsage": [], "extendedKeyUsage": [],
        "key": {"algorithm": "ec", "bits": 256, "parameters": null, "parametersOid": null}, "kind": "individual",
        "warnings": [], "der": base64::engine::general_purpose::STANDARD.encode(der),
    }))
    .expect("a CertificateInfo")
}

#[test]
fn certificates_of_a_configured_root_pass_others_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let ours = ca_and_leaf(dir.path(), "ours");
    let foreign = ca_and_leaf(dir.path(), "foreign");
    let roots = vec![dir.path().join("ours-ca.pem")];
    let now = podpis_host::trust::now_unix();

    let trust = IssuerTrust::load(&roots).unwrap().expect("roots configured");
    assert!(trust.trusts(&ours, now));
    assert!(!trust.trusts(&foreign, now));
    assert!(!trust.trusts(b"not a certificate", now));

    let mut list = vec![info(&ours), info(&foreign)];
    mark_untrusted(&roots, &mut list, now);
    assert_eq!(list[0].warnings, Vec::<CertificateWarning>::new());
    assert_eq!(list[1].warnings, vec![CertificateWarning::UntrustedIssuer]);
    // Marking twice adds nothing.
    mark_untrusted(&roots, &mut list, now);
    assert_eq!(list[1].warnings, vec![CertificateWarning::UntrustedIssuer]);
    assert_eq!(serde_json::to_value(&list[1].warnings).unwrap(), serde_json::json!(["untrusted-issuer"]));
}

#[test]
fn without_usable_roots_nothing_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = ca_and_leaf(dir.path(), "foreign");
    let mut list = vec![info(&foreign)];
    mark_untrusted(&[], &mut list, podpis_host::trust::now_unix());
    mark_untrusted(&[dir.path().join("missing.pem")], &mut list, podpis_host::trust::now_unix());
    assert!(list[0].warnings.is_empty());
}
