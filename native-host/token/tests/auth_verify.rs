//! Certificate login and CMS signatures checked by podpis-verifier.

#[path = "../../../tests/pki/fixture.rs"]
mod fixture;
#[path = "../../../tests/pinentry/scripted.rs"]
mod scripted;

use std::path::{Path, PathBuf};

use base64::Engine;
use fixture::{pki, MODULE, PIN};
use scripted::ScriptedPinentry;
use podpis_protocol::{CertificateKind, DigestAlgorithm, SignFormat};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob, TokenConfig, TokenService};
use podpis_verifier::{verify_auth_token, verify_cms_detached, now_unix, TrustedRoots, VerifyError};

const ORIGIN: &str = "https://lk.nalog.example";

fn service() -> TokenService {
    pki();
    let pinentry = ScriptedPinentry::new(Path::new(env!("CARGO_BIN_EXE_podpis-test-pinentry")), &[PIN; 40], None);
    let wrapper = pinentry.wrapper();
    TokenService::new(TokenConfig { modules: vec![PathBuf::from(MODULE)], pinentry: Some(wrapper), pin_cache_seconds: Some(300), pin_timeout_seconds: 30 })
}

fn roots() -> TrustedRoots {
    let mut r = TrustedRoots::new();
    r.add_pem(&std::fs::read_to_string(pki().path("ca.pem")).unwrap()).unwrap();
    r
}

#[test]
fn auth_tokens_verify_and_each_failure_has_its_error() {
    let svc = service();
    let nonce: Vec<u8> = (0..48).collect();
    let roots = roots();
    let now = now_unix();
    for (id, alg) in [("01", "rsa-pkcs1-sha256"), ("02", "ecdsa-sha256"), ("03", "ecdsa-sha384")] {
        let t = svc.authenticate(&AuthJob { origin: ORIGIN.into(), certificate: pki().thumb(id), challenge: nonce.clone() }, &CancelToken::new()).unwrap();
        assert_eq!(t.format, "podpis-auth:1");
        assert_eq!(t.algorithm, alg);
        assert!(t.app_version.starts_with("podpis-host/"));
        let who = verify_auth_token(&t, ORIGIN, &nonce, &roots, now).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(who.thumbprint, pki().thumb(id));
        if id == "01" {
            assert_eq!(who.kind, CertificateKind::LegalEntity);
            assert_eq!(who.subject.inn_le.as_deref(), Some("7707083893"));
            assert_eq!(who.subject.ogrn.as_deref(), Some("1027700132195"));
            assert_eq!(who.subject.snils.as_deref(), Some("11223344595"));
            assert_eq!(who.subject.organization.as_deref(), Some("ООО Ромашка"));
        }
        assert_eq!(verify_auth_token(&t, "https://evil.example", &nonce, &roots, now), Err(VerifyError::SignatureInvalid));
        let mut other = nonce.clone();
        other[0] ^= 1;
        assert_eq!(verify_auth_token(&t, ORIGIN, &other, &roots, now), Err(VerifyError::SignatureInvalid));
        let mut tampered = t.clone();
        let mut sig = base64::engine::general_purpose::STANDARD.decode(&t.signature).unwrap();
        sig[5] ^= 0x40;
        tampered.signature = base64::engine::general_purpose::STANDARD.encode(sig);
        assert_eq!(verify_auth_token(&tampered, ORIGIN, &nonce, &roots, now), Err(VerifyError::SignatureInvalid));
        let mut wrong_alg = t.clone();
        wrong_alg.algorithm = "rsa-pkcs1-sha512".into();
        assert!(matches!(verify_auth_token(&wrong_alg, ORIGIN, &nonce, &roots, now), Err(VerifyError::AlgorithmMismatch { .. })));
        let mut wrong_fmt = t.clone();
        wrong_fmt.format = "podpis-auth:0".into();
        assert!(matches!(verify_auth_token(&wrong_fmt, ORIGIN, &nonce, &roots, now), Err(VerifyError::WrongFormat(_))));
    }
    let t = svc.authenticate(&AuthJob { origin: ORIGIN.into(), certificate: pki().thumb("04"), challenge: nonce.clone() }, &CancelToken::new()).unwrap();
    assert_eq!(verify_auth_token(&t, ORIGIN, &nonce, &roots, now), Err(VerifyError::CertificateExpired));
    let t = svc.authenticate(&AuthJob { origin: ORIGIN.into(), certificate: pki().thumb("06"), challenge: nonce.clone() }, &CancelToken::new()).unwrap();
    assert!(matches!(verify_auth_token(&t, ORIGIN, &nonce, &roots, now), Err(VerifyError::UntrustedIssuer(_))));
    assert!(matches!(verify_auth_token(&t, ORIGIN, &nonce, &TrustedRoots::new(), now), Err(VerifyError::UntrustedIssuer(_))));
    // The JSON form the page posts round-trips.
    let json = serde_json::to_string(&t).unwrap();
    assert!(json.contains("\"appVersion\""));
}

#[test]
fn cms_detached_verifies_with_podpis_verifier() {
    let svc = service();
    let roots = roots();
    let data = "<Файл><Документ/></Файл>".as_bytes().to_vec();
    for id in ["01", "02", "03"] {
        let payload = Payload::Data { alg: DigestAlgorithm::Sha256, data: data.clone() };
        let job = SignJob::new(ORIGIN, pki().thumb(id), payload, SignFormat::CmsDetached);
        let r = svc.sign(&job, &CancelToken::new()).unwrap();
        let cms = base64::engine::general_purpose::STANDARD.decode(&r.signature).unwrap();
        let who = verify_cms_detached(&data, &cms, &roots, now_unix()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(who.thumbprint, pki().thumb(id));
        assert_eq!(verify_cms_detached(b"other", &cms, &roots, now_unix()), Err(VerifyError::ContentDigestMismatch));
    }
}
