//! The cabinet over HTTP with GOST R 34.10-2012 keys on the GOST test token
//! (TEST DOUBLE, tests/gost-token): certificate login (256 and 512 bits)
//! with tokens made by `podpis-token`, reports signed by the token library
//! (over the data, and over the digest the cabinet's `/api/digest` computes)
//! and by OpenSSL's gost engine verified by the server; a tampered report
//! and a foreign origin refused.

#[path = "../../pki/gost/fixture.rs"]
mod gost_fixture;
mod common;

use std::sync::OnceLock;

use base64::Engine;
use common::{cookie_pair, sample_report, Cabinet};
use gost_fixture::{serial, GostPki, Options, Pinentry, PIN};
use podpis_protocol::{DigestAlgorithm, EcdsaEncoding, SignFormat, SignatureScheme};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob, TokenService};
use serde_json::json;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn pki() -> &'static GostPki {
    static P: OnceLock<GostPki> = OnceLock::new();
    P.get_or_init(|| GostPki::setup(Options { label: "GOST Cabinet", ..Default::default() }))
}

fn service() -> &'static TokenService {
    static S: OnceLock<(Pinentry, TokenService)> = OnceLock::new();
    &S.get_or_init(|| {
        let pe = Pinentry::new(pki(), &[PIN; 40], None);
        let svc = pe.service(pki(), 30);
        (pe, svc)
    })
    .1
}

fn login(c: &Cabinet, id: &str, origin: &str) -> Result<String, serde_json::Value> {
    let ch = c.post("/api/login/challenge", None, &json!({})).json();
    let nonce = B64.decode(ch["challenge"].as_str().unwrap()).unwrap();
    let t = service().authenticate(&AuthJob { origin: origin.into(), certificate: pki().thumb(id), challenge: nonce }, &CancelToken::new()).expect("authenticate");
    let r = c.post("/api/login", None, &json!({ "id": ch["id"], "token": t }));
    match r.status {
        200 => Ok(cookie_pair(&r.set_cookie.expect("cookie"))),
        _ => Err(r.json()),
    }
}

fn upload(c: &Cabinet, cookie: &str, report: &[u8], sig: &[u8]) -> serde_json::Value {
    let r = c.post("/api/reports", Some(cookie), &json!({ "fileName": "NO_NDS.xml", "report": B64.encode(report), "signature": B64.encode(sig) }));
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    r.json()["verdict"].clone()
}

fn sign(id: &str, payload: Payload) -> Vec<u8> {
    let job = SignJob {
        origin: "http://127.0.0.1".into(),
        certificate: pki().thumb(id),
        payload,
        format: SignFormat::CmsDetached,
        signature_scheme: SignatureScheme::Pkcs1,
        ecdsa_encoding: EcdsaEncoding::Raw,
        document_name: Some("NO_NDS.xml".into()),
    };
    B64.decode(service().sign(&job, &CancelToken::new()).expect("sign").signature).unwrap()
}

#[test]
fn gost_login_and_signed_reports() {
    let _s = serial();
    let c = Cabinet::start(&[pki().path("ca.pem")], 300);
    let report = sample_report();
    for (id, alg, digest) in [("01", "gost2012-256", DigestAlgorithm::Streebog256), ("03", "gost2012-512", DigestAlgorithm::Streebog512)] {
        let cookie = login(&c, id, &c.origin).unwrap_or_else(|e| panic!("{id}: {e}"));
        let me = c.get("/api/me", Some(&cookie)).json();
        assert_eq!(me["algorithm"], alg);
        assert_eq!(me["person"]["issuer"], "Podpis GOST Test CA");
        assert_eq!(me["person"]["thumbprint"], pki().thumb(id).as_str());
        // Signed over the data by the token library.
        let v = upload(&c, &cookie, &report, &sign(id, Payload::Data { alg: digest, data: report.clone() }));
        assert_eq!((v["ok"].as_bool(), v["cadesBes"].as_bool()), (Some(true), Some(true)), "{id}: {v}");
        assert_eq!(v["digestAlgorithm"], digest.as_str());
        // Signed over the digest the cabinet computes for the page.
        let r = common_digest(&c, &cookie, digest, &report);
        let v = upload(&c, &cookie, &report, &sign(id, Payload::Digest { alg: digest, digest: r }));
        assert_eq!(v["ok"], true, "{id} digest: {v}");
        // Changed after signing.
        let mut tampered = report.clone();
        tampered[60] ^= 1;
        assert_eq!(upload(&c, &cookie, &tampered, &sign(id, Payload::Data { alg: digest, data: report.clone() }))["code"], "CONTENT_DIGEST_MISMATCH");
    }
    // A GOST login token made for another site.
    let e = login(&c, "02", "https://evil.example").expect_err("foreign origin");
    assert_eq!(e["code"], "SIGNATURE_INVALID");
    // A cabinet that trusts only another CA.
    let other = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Other CA", "-days", "30", "-keyout"])
        .arg(other.path().join("k.pem"))
        .arg("-out")
        .arg(other.path().join("ca.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let c2 = Cabinet::start(&[other.path().join("ca.pem")], 300);
    assert_eq!(login(&c2, "01", &c2.origin).expect_err("untrusted")["code"], "UNTRUSTED_ISSUER");
}

fn common_digest(c: &Cabinet, cookie: &str, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    // /api/digest takes the raw file body (as the page posts the File).
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut r = agent
        .post(format!("{}/api/digest?alg={}", c.origin, alg.as_str()))
        .header("cookie", cookie)
        .header("origin", &c.origin)
        .send(data)
        .expect("digest request");
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    let d = B64.decode(v["digest"].as_str().unwrap()).unwrap();
    assert_eq!(d, podpis_digest::digest(alg, data));
    d
}

#[test]
fn openssl_gost_cms_signatures_verify_on_the_server() {
    let _s = serial();
    let c = Cabinet::start(&[pki().path("ca.pem")], 300);
    let cookie = login(&c, "01", &c.origin).expect("login");
    let report = sample_report();
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("report.xml");
    std::fs::write(&input, &report).unwrap();
    for (id, md) in [("01", "md_gost12_256"), ("03", "md_gost12_512")] {
        let sig = d.path().join(format!("{id}.sig"));
        let (cert, key) = (pki().path(&format!("{id}.pem")), pki().path(&format!("{id}.key")));
        let o = pki().openssl(&[&"cms", &"-sign", &"-binary", &"-cades", &"-md", &md, &"-outform", &"DER", &"-in", &input, &"-signer", &cert, &"-inkey", &key, &"-out", &sig]);
        assert!(o.status.success(), "openssl cms -sign {id}: {}", String::from_utf8_lossy(&o.stderr));
        let v = upload(&c, &cookie, &report, &std::fs::read(&sig).unwrap());
        assert_eq!(v["ok"], true, "{id}: {v}");
        assert_eq!(v["cadesBes"], true, "{id}");
    }
}
