//! Signing throughput: TokenService vs a plain cryptoki loop on the same
//! SoftHSM2 key.
//!
//! cargo run --release -p podpis-token --example sign_bench [-- ITERATIONS]
//!
//! Builds the test PKI (tests/pki) on a private SoftHSM2 token, then for
//! RSA-2048 and P-256 measures signatures/second of:
//! * `cryptoki`: one session, logged in once, `C_Sign` over a digest in a loop;
//! * `cryptoki+login`: the same with `C_Login`/`C_Logout` around each `C_Sign`;
//! * `service raw`: `TokenService::sign` (find certificate, lock token,
//!   log in with the cached PIN, sign, log out) per signature;
//! * `service cms`: the same producing a CAdES-BES detached SignedData.

#[path = "../../../tests/pki/fixture.rs"]
mod fixture;

use std::path::PathBuf;
use std::time::Instant;

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, ObjectClass};
use cryptoki::session::UserType;
use podpis_protocol::{DigestAlgorithm, EcdsaEncoding, SignFormat, SignatureScheme};
use podpis_token::{CancelToken, Payload, SignJob, TokenConfig, TokenService};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(300);
    let pki = fixture::pki();
    // One PIN for the first prompt; later signatures use the PIN cache.
    let dir = tempfile::tempdir().expect("tempdir").keep();
    std::fs::write(dir.join("pinentry.sh"), format!("#!/bin/sh\nexec '{}' \"$@\"\n", pinentry_path().display())).expect("write");
    std::fs::write(dir.join("script"), format!("{}\n", fixture::PIN).repeat(4)).expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("pinentry.sh"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::env::set_var("PODPIS_PINENTRY_SCRIPT", dir.join("script"));
    let svc = TokenService::new(TokenConfig {
        modules: vec![PathBuf::from(fixture::MODULE)],
        pinentry: Some(dir.join("pinentry.sh")),
        pin_cache_seconds: Some(3600),
        pin_timeout_seconds: 30,
    });
    let m = podpis_token::module::load(std::path::Path::new(fixture::MODULE)).expect("module");
    let slot = m.ctx.get_slots_with_token().expect("slots")[0];
    let digest = podpis_digest::digest(DigestAlgorithm::Sha256, b"benchmark");
    println!("iterations per case: {n}");
    println!("{:<10} {:<15} {:>10} {:>10}", "key", "path", "sig/s", "ms/sig");
    for (id, name) in [("01", "RSA-2048"), ("02", "P-256")] {
        // Plain cryptoki.
        let session = m.ctx.open_ro_session(slot).expect("session");
        session.login(UserType::User, Some(&fixture::PIN.to_string().into())).expect("login");
        let key = session
            .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(vec![id.parse::<u8>().expect("id")])])
            .expect("find")[0];
        let (mech, data) = if id == "01" {
            let mut di = podpis_token::algorithms::rsa::digest_info_prefix(DigestAlgorithm::Sha256).expect("prefix").to_vec();
            di.extend_from_slice(&digest);
            (Mechanism::RsaPkcs, di)
        } else {
            (Mechanism::Ecdsa, digest.clone())
        };
        let t = Instant::now();
        for _ in 0..n {
            session.sign(&mech, key, &data).expect("sign");
        }
        report(name, "cryptoki", n, t);
        session.logout().expect("logout");
        // The same with C_Login/C_Logout around each signature, as the
        // service does (it never stays logged in between operations).
        let pin: cryptoki::types::AuthPin = fixture::PIN.to_string().into();
        let t = Instant::now();
        for _ in 0..n {
            session.login(UserType::User, Some(&pin)).expect("login");
            // Private-object handles do not survive a logout: find again.
            let key = session
                .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(vec![id.parse::<u8>().expect("id")])])
                .expect("find")[0];
            session.sign(&mech, key, &data).expect("sign");
            session.logout().expect("logout");
        }
        report(name, "cryptoki+login", n, t);
        drop(session);
        for (label, format) in [("service raw", SignFormat::Raw), ("service cms", SignFormat::CmsDetached)] {
            let job = SignJob {
                origin: "https://bench.example".into(),
                certificate: pki.thumb(id),
                payload: Payload::Digest { alg: DigestAlgorithm::Sha256, digest: digest.clone() },
                format,
                signature_scheme: SignatureScheme::Pkcs1,
                ecdsa_encoding: EcdsaEncoding::Raw,
                document_name: None,
            };
            svc.sign(&job, &CancelToken::new()).expect("warm-up sign");
            let t = Instant::now();
            for _ in 0..n {
                svc.sign(&job, &CancelToken::new()).expect("sign");
            }
            report(name, label, n, t);
        }
    }
}

fn report(key: &str, path: &str, n: usize, t: Instant) {
    let s = t.elapsed().as_secs_f64();
    println!("{key:<10} {path:<15} {:>10.1} {:>10.3}", n as f64 / s, s * 1000.0 / n as f64);
}

fn pinentry_path() -> PathBuf {
    // target/<profile>/examples/sign_bench -> target/<profile>/podpis-test-pinentry
    let exe = std::env::current_exe().expect("exe");
    exe.parent().and_then(|p| p.parent()).map(|p| p.join("podpis-test-pinentry")).expect("pinentry path")
}
