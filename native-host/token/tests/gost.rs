//! GOST R 34.10-2012 end to end on the project's software GOST token
//! (`tests/gost-token`): listing with parameter sets, CMS and raw
//! signatures, certificate login (checked by podpis-verifier and, for
//! CMS, by `openssl cms -engine gost`), and hot-plug events.
//!
//! Builds `podpis-gost-token` (module + tool) with the same cargo and
//! target dir. Needs the OpenSSL gost engine for key and CSR generation.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use base64::Engine;
use podpis_protocol::{CertificateFilter, DigestAlgorithm, EcdsaEncoding, Event, SignFormat, SignatureScheme};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob, TokenConfig, TokenService};
use podpis_verifier::{now_unix, verify_auth_token, verify_cms_detached, TrustedRoots};

const PIN: &str = "12345678";
const ORIGIN: &str = "https://gost.example";

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("spawn");
    assert!(out.status.success(), "{cmd:?}: {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

fn target_dir() -> PathBuf {
    // target/debug/deps/gost-<hash> -> target/debug
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

fn thumb(der: &[u8]) -> String {
    use sha1::Digest;
    hex::encode(sha1::Sha1::digest(der))
}

#[test]
fn gost_token_sign_login_and_hotplug() {
    if Command::new("openssl").args(["engine", "gost"]).output().map(|o| !o.status.success()).unwrap_or(true) {
        eprintln!("SKIP: no OpenSSL gost engine");
        return;
    }
    run(Command::new(env!("CARGO")).args(["build", "-q", "-p", "podpis-gost-token"]));
    let bin = target_dir();
    let module = bin.join("libpodpis_gost_token.so");
    let tool = bin.join("podpis-gost-token-tool");
    let d = tempfile::Builder::new().prefix("podpis-gost-").tempdir().unwrap().keep();
    let tok = d.join("token");
    std::env::set_var("PODPIS_GOST_TOKEN_DIR", &tok);
    run(Command::new(&tool).arg("init").arg("--dir").arg(&tok).args(["--label", "GOST Test", "--pin", PIN, "--serial", "GOST0001"]));

    // CA (RSA) issuing certificates for GOST keys.
    std::fs::write(d.join("req.cnf"), "oid_section=o\n[o]\ninnle=1.2.643.100.4\n[req]\ndistinguished_name=dn\nstring_mask=utf8only\n[dn]\n").unwrap();
    std::fs::write(d.join("ext.cnf"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=clientAuth,emailProtection\n").unwrap();
    run(Command::new("openssl").current_dir(&d).args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=GOST Test CA", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]));
    for (id, alg, set) in [("01", "gost2012_256", "A"), ("02", "gost2012_512", "A")] {
        run(Command::new("openssl").current_dir(&d).args(["genpkey", "-engine", "gost", "-algorithm", alg, "-pkeyopt", &format!("paramset:{set}"), "-out", &format!("k{id}.pem")]));
        let subj = format!("/CN=ГОСТ {id}/SN=Кузнецов/GN=Олег/1.2.643.3.131.1.1=500100732259/innle=7707083893/1.2.643.100.1=1027700132195");
        run(Command::new("openssl").current_dir(&d).args(["req", "-new", "-engine", "gost", "-config", "req.cnf", "-utf8", "-key", &format!("k{id}.pem"), "-subj", &subj, "-out", &format!("r{id}.csr")]));
        run(Command::new("openssl").current_dir(&d).args(["x509", "-req", "-engine", "gost", "-in", &format!("r{id}.csr"), "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", &format!("0x20{id}"), "-days", "365", "-extfile", "ext.cnf", "-sha256", "-out", &format!("c{id}.pem")]));
        run(Command::new("openssl").current_dir(&d).args(["x509", "-in", &format!("c{id}.pem"), "-outform", "DER", "-out", &format!("c{id}.der")]));
        run(Command::new(&tool).current_dir(&d).arg("import").arg("--dir").arg(&tok).args(["--id", id, "--label", &format!("gost{id}"), "--cert", &format!("c{id}.der"), "--key", &format!("k{id}.pem")]));
    }
    let pe = d.join("pinentry.sh");
    std::fs::write(d.join("script"), format!("{PIN}\n").repeat(20)).unwrap();
    std::fs::write(&pe, format!("#!/bin/sh\nPODPIS_PINENTRY_SCRIPT='{}' PODPIS_PINENTRY_LOG='{}' exec '{}' \"$@\"\n", d.join("script").display(), d.join("log").display(), env!("CARGO_BIN_EXE_podpis-test-pinentry"))).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let svc = TokenService::new(TokenConfig { modules: vec![module.clone()], pinentry: Some(pe), pin_cache_seconds: None, pin_timeout_seconds: 30 });
    assert!(svc.module_status()[0].loaded, "{:?}", svc.module_status());

    let certs = svc.list_certificates(&CertificateFilter::default()).unwrap();
    assert_eq!(certs.len(), 2, "{certs:?}");
    let c256 = certs.iter().find(|c| c.key.bits == 256).unwrap();
    assert_eq!(c256.key.algorithm, "gost2012-256");
    assert!(c256.key.parameters.is_some(), "param set name: {:?}", c256.key);
    let c512 = certs.iter().find(|c| c.key.bits == 512).unwrap();
    assert_eq!(c512.key.algorithm, "gost2012-512");
    assert_eq!(c512.subject.inn_le.as_deref(), Some("7707083893"));

    let mut roots = TrustedRoots::new();
    roots.add_pem(&std::fs::read_to_string(d.join("ca.pem")).unwrap()).unwrap();
    let data = "Счёт-фактура".repeat(50).into_bytes();
    std::fs::write(d.join("data"), &data).unwrap();
    for (id, alg) in [("01", DigestAlgorithm::Streebog256), ("02", DigestAlgorithm::Streebog512)] {
        let cert = std::fs::read(d.join(format!("c{id}.der"))).unwrap();
        let job = SignJob {
            origin: ORIGIN.into(),
            certificate: thumb(&cert),
            payload: Payload::Data { alg, data: data.clone() },
            format: SignFormat::CmsDetached,
            signature_scheme: SignatureScheme::Pkcs1,
            ecdsa_encoding: EcdsaEncoding::Raw,
            document_name: None,
        };
        let r = svc.sign(&job, &CancelToken::new()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(r.algorithm, format!("gost2012-{}", if id == "01" { 256 } else { 512 }));
        let cms = base64::engine::general_purpose::STANDARD.decode(&r.signature).unwrap();
        verify_cms_detached(&data, &cms, &roots, now_unix()).unwrap_or_else(|e| panic!("verifier {id}: {e}"));
        std::fs::write(d.join(format!("s{id}.der")), &cms).unwrap();
        run(Command::new("openssl").current_dir(&d).args(["cms", "-verify", "-engine", "gost", "-binary", "-inform", "DER", "-in", &format!("s{id}.der"), "-content", "data", "-CAfile", "ca.pem", "-out", "/dev/null"]));
        // Raw over a host digest.
        let digest = podpis_digest::digest(alg, &data);
        let raw = svc.sign(&SignJob { payload: Payload::Digest { alg, digest: digest.clone() }, format: SignFormat::Raw, ..job.clone() }, &CancelToken::new()).unwrap();
        let sig = base64::engine::general_purpose::STANDARD.decode(&raw.signature).unwrap();
        let spki = x509_spki(&cert);
        podpis_verifier::signature::verify_digest(&spki, alg, &digest, &sig, podpis_verifier::signature::Encoding::Raw).unwrap_or_else(|e| panic!("raw {id}: {e}"));
        // Login.
        let nonce = vec![0x5a; 40];
        let t = svc.authenticate(&AuthJob { origin: ORIGIN.into(), certificate: thumb(&cert), challenge: nonce.clone() }, &CancelToken::new()).unwrap();
        let who = verify_auth_token(&t, ORIGIN, &nonce, &roots, now_unix()).unwrap_or_else(|e| panic!("auth {id}: {e}"));
        assert_eq!(who.subject.ogrn.as_deref(), Some("1027700132195"));
    }

    // Hot-plug through the tool's simulated remove/insert.
    let events = svc.events();
    run(Command::new(&tool).arg("remove").arg("--dir").arg(&tok));
    let ev = wait_event(&events, |e| matches!(e, Event::TokenRemoved(d) if d.token.serial == "GOST0001"));
    assert!(ev, "token-removed event");
    run(Command::new(&tool).arg("insert").arg("--dir").arg(&tok));
    let ev = wait_event(&events, |e| matches!(e, Event::TokenInserted(t) if t.label == "GOST Test"));
    assert!(ev, "token-inserted event");
}

fn wait_event(rx: &std::sync::mpsc::Receiver<Event>, pred: impl Fn(&Event) -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(8);
    while Instant::now() < end {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(200)) {
            if pred(&e) {
                return true;
            }
        }
    }
    false
}

fn x509_spki(cert: &[u8]) -> Vec<u8> {
    use der::{Decode, Encode};
    let c = x509_cert::Certificate::from_der(cert).unwrap();
    c.tbs_certificate.subject_public_key_info.to_der().unwrap()
}
