//! End-to-end tests against a real SoftHSM2 token with the test PKI.

#[path = "../../../tests/pki/fixture.rs"]
mod fixture;
#[path = "../../../tests/pinentry/scripted.rs"]
mod scripted;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fixture::{pki, MODULE, PIN};
use scripted::ScriptedPinentry;
use support::b64d;
use podpis_protocol::{CertificateFilter, CertificateKind, CertificateWarning, DigestAlgorithm, EcdsaEncoding, ErrorCode, SignFormat, SignatureScheme};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob, TokenConfig, TokenError, TokenService};

const ORIGIN: &str = "https://lk.nalog.example";

/// A per-test scripted pinentry: wrapper script, answers and log.
struct Pinentry(ScriptedPinentry);

impl Pinentry {
    fn new(answers: &[&str]) -> Pinentry {
        // The PKI sets SOFTHSM2_CONF: it must exist before any module loads.
        pki();
        Pinentry(ScriptedPinentry::new(Path::new(env!("CARGO_BIN_EXE_podpis-test-pinentry")), answers, None))
    }
    fn log(&self) -> String {
        self.0.log()
    }
    fn service(&self, timeout: u64) -> TokenService {
        TokenService::new(TokenConfig {
            modules: vec![PathBuf::from(MODULE), PathBuf::from("/nonexistent/libmissing.so")],
            pinentry: Some(self.0.wrapper()),
            pin_cache_seconds: None,
            pin_timeout_seconds: timeout,
        })
    }
}


fn job(id: &str, payload: Payload, format: SignFormat) -> SignJob {
    SignJob::new(ORIGIN, pki().thumb(id), payload, format).with_document_name("Декларация 3-НДФЛ.xml")
}

fn openssl(args: &[&dyn AsRef<std::ffi::OsStr>]) -> bool {
    let mut c = Command::new("openssl");
    for a in args {
        c.arg(a);
    }
    let out = c.output().unwrap();
    if !out.status.success() {
        eprintln!("openssl failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

fn tmpfile(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

#[test]
fn lists_modules_tokens_and_certificates() {
    let p = pki();
    let pe = Pinentry::new(&[]);
    let svc = pe.service(10);
    let st = svc.module_status();
    assert_eq!(st.len(), 2);
    assert!(st[0].loaded, "{st:?}");
    assert!(!st[1].loaded && st[1].error.is_some());
    let tokens = svc.list_tokens().unwrap();
    let t = tokens.iter().find(|t| t.label == fixture::LABEL).expect("token listed");
    assert!(t.flags.login_required && t.flags.initialized && t.flags.user_pin_initialized);
    assert!(!t.flags.pin_locked);

    let all = svc.list_certificates(&CertificateFilter::default()).unwrap();
    let by = |id: &str| all.iter().find(|c| c.thumbprint == p.thumb(id));
    assert!(by("05").is_none(), "certificate without key must not be listed");
    let le = by("01").expect("01");
    assert_eq!(le.kind, CertificateKind::LegalEntity);
    assert_eq!(le.subject.inn_le.as_deref(), Some("7707083893"));
    assert_eq!(le.subject.ogrn.as_deref(), Some("1027700132195"));
    assert_eq!(le.subject.inn.as_deref(), Some("770708389301"));
    assert_eq!(le.subject.snils.as_deref(), Some("11223344595"));
    assert_eq!(le.subject.surname.as_deref(), Some("Иванов"));
    assert_eq!(le.subject.given_name.as_deref(), Some("Иван Иванович"));
    assert_eq!(le.subject.title.as_deref(), Some("Генеральный директор"));
    assert_eq!(le.subject.organization.as_deref(), Some("ООО Ромашка"));
    assert_eq!(le.issuer.common_name.as_deref(), Some("Podpis Test CA"));
    assert_eq!((le.key.algorithm.as_str(), le.key.bits), ("rsa", 2048));
    assert_eq!(le.key_id, "01");
    assert_eq!(le.serial_number, "1001");
    assert!(le.key_usage.contains(&"digitalSignature".to_string()));
    assert!(le.extended_key_usage.contains(&"1.3.6.1.5.5.7.3.2".to_string()));
    assert!(le.warnings.is_empty(), "{:?}", le.warnings);
    assert_eq!(b64d(&le.der), p.cert("01"));
    assert_eq!(le.thumbprint_sha256.len(), 64);
    let ip = by("02").expect("02");
    assert_eq!(ip.kind, CertificateKind::SoleProprietor);
    assert_eq!(ip.subject.ogrnip.as_deref(), Some("304500116000157"));
    assert_eq!(ip.key.parameters.as_deref(), Some("P-256"));
    let fl = by("03").expect("03");
    assert_eq!(fl.kind, CertificateKind::Individual);
    assert_eq!((fl.key.algorithm.as_str(), fl.key.bits, fl.key.parameters.as_deref()), ("ec", 384, Some("P-384")));
    let exp = by("04").expect("04 expired");
    assert_eq!(exp.warnings, vec![CertificateWarning::Expired]);

    // Filters.
    let f = CertificateFilter { thumbprint: Some(p.thumb("02").to_uppercase()), ..Default::default() };
    assert_eq!(svc.list_certificates(&f).unwrap().len(), 1);
    let f = CertificateFilter { inn: Some("7707083893".into()), ..Default::default() };
    assert_eq!(svc.list_certificates(&f).unwrap().len(), 1);
    let f = CertificateFilter { valid_only: Some(true), ..Default::default() };
    assert!(svc.list_certificates(&f).unwrap().iter().all(|c| c.thumbprint != p.thumb("04")));
    let f = CertificateFilter { key_usage: Some("keyCertSign".into()), ..Default::default() };
    assert!(svc.list_certificates(&f).unwrap().is_empty());
}

fn verify_cms_detached(sig: &[u8], data: &[u8]) -> bool {
    let d = tempfile::tempdir().unwrap();
    let s = tmpfile(d.path(), "sig.der", sig);
    let c = tmpfile(d.path(), "data", data);
    openssl(&[&"cms", &"-verify", &"-binary", &"-inform", &"DER", &"-in", &s, &"-content", &c, &"-CAfile", &pki().path("ca.pem"), &"-out", &d.path().join("out")])
}

#[test]
fn cms_detached_and_attached_verify_with_openssl() {
    let pe = Pinentry::new(&[PIN, PIN, PIN, PIN, PIN, PIN, PIN]);
    let svc = pe.service(30);
    let data = "Документ для подписи\n".repeat(100).into_bytes();
    for (id, alg) in [("01", DigestAlgorithm::Sha256), ("02", DigestAlgorithm::Sha256), ("03", DigestAlgorithm::Sha384), ("01", DigestAlgorithm::Sha512)] {
        let r = svc.sign(&job(id, Payload::Data { alg, data: data.clone() }, SignFormat::CmsDetached), &CancelToken::new()).unwrap();
        let sig = b64d(&r.signature);
        assert!(verify_cms_detached(&sig, &data), "{id} {alg:?} must verify");
        let mut tampered = data.clone();
        tampered[0] ^= 1;
        assert!(!verify_cms_detached(&sig, &tampered), "{id} tampered must fail");
        assert_eq!(b64d(&r.digest), podpis_digest::digest(alg, &data));
    }
    // Host-computed digest (streams) gives a verifiable detached CMS.
    let digest = podpis_digest::digest(DigestAlgorithm::Sha256, &data);
    let r = svc.sign(&job("02", Payload::Digest { alg: DigestAlgorithm::Sha256, digest }, SignFormat::CmsDetached), &CancelToken::new()).unwrap();
    assert!(verify_cms_detached(&b64d(&r.signature), &data));
    // Attached.
    let r = svc.sign(&job("01", Payload::Data { alg: DigestAlgorithm::Sha256, data: data.clone() }, SignFormat::CmsAttached), &CancelToken::new()).unwrap();
    let d = tempfile::tempdir().unwrap();
    let s = tmpfile(d.path(), "sig.der", &b64d(&r.signature));
    let out = d.path().join("out");
    assert!(openssl(&[&"cms", &"-verify", &"-inform", &"DER", &"-in", &s, &"-CAfile", &pki().path("ca.pem"), &"-out", &out]));
    assert_eq!(std::fs::read(out).unwrap(), data);
    // Untrusted chain fails.
    let r = svc.sign(&job("06", Payload::Data { alg: DigestAlgorithm::Sha256, data: data.clone() }, SignFormat::CmsDetached), &CancelToken::new()).unwrap();
    assert!(!verify_cms_detached(&b64d(&r.signature), &data));
}

#[test]
fn raw_signatures_verify_with_openssl() {
    let pe = Pinentry::new(&[PIN, PIN, PIN, PIN]);
    let svc = pe.service(30);
    let d = tempfile::tempdir().unwrap();
    let data = b"raw signature test data".to_vec();
    let dataf = tmpfile(d.path(), "data", &data);
    let sign = |id: &str, alg, scheme, enc| {
        let mut j = job(id, Payload::Digest { alg, digest: podpis_digest::digest(alg, &data) }, SignFormat::Raw);
        j.signature_scheme = scheme;
        j.ecdsa_encoding = enc;
        svc.sign(&j, &CancelToken::new()).unwrap()
    };
    let r = sign("01", DigestAlgorithm::Sha256, SignatureScheme::Pkcs1, EcdsaEncoding::Raw);
    assert_eq!(r.algorithm, "rsa-pkcs1-sha256");
    let s = tmpfile(d.path(), "s1", &b64d(&r.signature));
    assert!(openssl(&[&"dgst", &"-sha256", &"-verify", &pki().path("pub01.pem"), &"-signature", &s, &dataf]));
    let r = sign("01", DigestAlgorithm::Sha384, SignatureScheme::Pss, EcdsaEncoding::Raw);
    assert_eq!(r.algorithm, "rsa-pss-sha384");
    let s = tmpfile(d.path(), "s2", &b64d(&r.signature));
    assert!(openssl(&[&"dgst", &"-sha384", &"-sigopt", &"rsa_padding_mode:pss", &"-sigopt", &"rsa_pss_saltlen:-1", &"-verify", &pki().path("pub01.pem"), &"-signature", &s, &dataf]));
    let r = sign("02", DigestAlgorithm::Sha256, SignatureScheme::Pkcs1, EcdsaEncoding::Der);
    assert_eq!(r.algorithm, "ecdsa-sha256");
    let s = tmpfile(d.path(), "s3", &b64d(&r.signature));
    assert!(openssl(&[&"dgst", &"-sha256", &"-verify", &pki().path("pub02.pem"), &"-signature", &s, &dataf]));
    let bad = tmpfile(d.path(), "bad", b"other data");
    assert!(!openssl(&[&"dgst", &"-sha256", &"-verify", &pki().path("pub02.pem"), &"-signature", &s, &bad]));
    let r = sign("03", DigestAlgorithm::Sha384, SignatureScheme::Pkcs1, EcdsaEncoding::Raw);
    assert_eq!(b64d(&r.signature).len(), 96, "P-384 r‖s");
}

#[test]
fn wrong_pin_reprompts_with_error_then_succeeds() {
    let pe = Pinentry::new(&["0000", PIN]);
    let svc = pe.service(30);
    let data = b"x".to_vec();
    let r = svc.sign(&job("02", Payload::Data { alg: DigestAlgorithm::Sha256, data }, SignFormat::CmsDetached), &CancelToken::new());
    assert!(r.is_ok(), "{r:?}");
    let log = pe.log();
    assert_eq!(log.matches("GETPIN").count(), 2, "{log}");
    assert!(log.contains("SETERROR Неверный PIN-код"), "{log}");
    assert!(log.contains(ORIGIN), "{log}");
    assert!(log.contains("Петров Пётр Петрович"), "{log}");
    assert!(log.contains("«Podpis Test»"), "{log}");
    assert!(log.contains("Декларация 3-НДФЛ.xml"), "{log}");
    assert!(log.contains("SETPROMPT PIN-код:"), "{log}");
}

#[test]
fn pinentry_cancel_timeout_and_cancel_token() {
    let pe = Pinentry::new(&["CANCEL"]);
    let e = pe.service(30).sign(&job("01", Payload::Data { alg: DigestAlgorithm::Sha256, data: b"x".to_vec() }, SignFormat::Raw), &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UserCancelled);

    let pe = Pinentry::new(&["TIMEOUT"]);
    let t = Instant::now();
    let e = pe.service(1).sign(&job("01", Payload::Data { alg: DigestAlgorithm::Sha256, data: b"x".to_vec() }, SignFormat::Raw), &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UserTimeout);
    assert!(t.elapsed() < Duration::from_secs(10));

    let pe = Pinentry::new(&["TIMEOUT"]);
    let svc = pe.service(60);
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        c2.cancel();
    });
    let t = Instant::now();
    let e = svc.authenticate(&AuthJob { origin: ORIGIN.into(), certificate: pki().thumb("01"), challenge: vec![7; 32] }, &cancel).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Cancelled);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(pe.log().contains("вход на сайт"), "login prompt says so: {}", pe.log());
}

#[test]
fn request_errors() {
    let pe = Pinentry::new(&[]);
    let svc = pe.service(5);
    let e = svc.sign(&job("01", Payload::Digest { alg: DigestAlgorithm::Sha256, digest: vec![0; 31] }, SignFormat::Raw), &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadRequest);
    let e = svc.sign(&job("01", Payload::Digest { alg: DigestAlgorithm::Sha256, digest: vec![0; 32] }, SignFormat::CmsAttached), &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedFormat);
    let e = svc.sign(&job("05", Payload::Digest { alg: DigestAlgorithm::Sha256, digest: vec![0; 32] }, SignFormat::Raw), &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CertificateNotFound);
    let e = svc.sign(&job("01", Payload::Digest { alg: DigestAlgorithm::Streebog256, digest: vec![0; 32] }, SignFormat::Raw), &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
    let e = svc.authenticate(&AuthJob { origin: ORIGIN.into(), certificate: pki().thumb("01"), challenge: vec![1; 16] }, &CancelToken::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadRequest);
    assert!(matches!(e, TokenError::BadInput(_)));
}

#[test]
fn parallel_signs_on_one_token_are_serialized_and_succeed() {
    let pe = Pinentry::new(&[PIN; 8]);
    let svc = std::sync::Arc::new(pe.service(30));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let svc = svc.clone();
            std::thread::spawn(move || {
                let id = if i % 2 == 0 { "01" } else { "02" };
                svc.sign(&job(id, Payload::Data { alg: DigestAlgorithm::Sha256, data: vec![i as u8; 100] }, SignFormat::CmsDetached), &CancelToken::new())
            })
        })
        .collect();
    for h in handles {
        let r = h.join().unwrap();
        assert!(r.is_ok(), "{r:?}");
    }
}
