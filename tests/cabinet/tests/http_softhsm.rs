//! The cabinet over HTTP with RSA and ECDSA keys on a SoftHSM2 token:
//! certificate login with tokens made by `podpis-token` (the host's token
//! library) for the cabinet's origin — accepted, then replayed, expired,
//! foreign-origin, untrusted and cross-site attempts refused with their
//! codes; sent reports with detached CMS signatures made by the token
//! library and by `openssl cms -sign` — good ones verified, tampered and
//! wrong-root ones stored as invalid; list, per-user isolation, downloads.

#[path = "../../pki/fixture.rs"]
mod fixture;
#[path = "../../pinentry/scripted.rs"]
mod scripted;
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use base64::Engine;
use common::{cookie_pair, openssl_sign, sample_report, test_pinentry, Cabinet};
use fixture::{pki, MODULE, PIN};
use podpis_protocol::{DigestAlgorithm, EcdsaEncoding, SignFormat, SignatureScheme};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob, TokenConfig, TokenService};
use scripted::ScriptedPinentry;
use serde_json::json;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn service() -> &'static TokenService {
    static S: OnceLock<(ScriptedPinentry, TokenService)> = OnceLock::new();
    &S.get_or_init(|| {
        pki();
        let pe = ScriptedPinentry::new(&test_pinentry(), &[PIN; 60], None);
        let svc = TokenService::new(TokenConfig { modules: vec![PathBuf::from(MODULE)], pinentry: Some(pe.wrapper()), pin_cache_seconds: Some(600), pin_timeout_seconds: 30 });
        (pe, svc)
    })
    .1
}

fn cabinet(ttl: i64) -> Cabinet {
    Cabinet::start(&[pki().path("ca.pem")], ttl)
}

/// Asks for a challenge and has the token sign it for `origin`.
fn token_for(c: &Cabinet, id: &str, origin: &str) -> (String, serde_json::Value) {
    let ch = c.post("/api/login/challenge", None, &json!({}));
    assert_eq!(ch.status, 200);
    let ch = ch.json();
    let nonce = B64.decode(ch["challenge"].as_str().unwrap()).unwrap();
    assert_eq!(nonce.len(), 32);
    let t = service().authenticate(&AuthJob { origin: origin.into(), certificate: pki().thumb(id), challenge: nonce }, &CancelToken::new()).expect("authenticate");
    (ch["id"].as_str().unwrap().to_string(), serde_json::to_value(t).unwrap())
}

/// Logs in with certificate `id`; returns the cookie.
fn login(c: &Cabinet, id: &str) -> String {
    let (cid, token) = token_for(c, id, &c.origin);
    let r = c.post("/api/login", None, &json!({ "id": cid, "token": token }));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let set = r.set_cookie.expect("session cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    cookie_pair(&set)
}

#[test]
fn login_by_certificate_rsa_p256_p384_shows_who_logged_in() {
    let c = cabinet(300);
    for (id, alg, name, inn) in [
        ("01", "rsa-pkcs1-sha256", "Иванов Иван Иванович", Some("7707083893")),
        ("02", "ecdsa-sha256", "Петров Пётр Петрович", None),
        ("03", "ecdsa-sha384", "", None),
    ] {
        let cookie = login(&c, id);
        let me = c.get("/api/me", Some(&cookie));
        assert_eq!(me.status, 200);
        let me = me.json();
        assert_eq!(me["algorithm"], alg, "{id}");
        assert_eq!(me["person"]["thumbprint"], pki().thumb(id).as_str());
        assert_eq!(me["person"]["issuer"], "Podpis Test CA");
        if !name.is_empty() {
            assert_eq!(me["person"]["name"], name);
        }
        if let Some(inn) = inn {
            assert_eq!(me["person"]["subject"]["innLe"], inn);
            assert_eq!(me["person"]["subject"]["organization"], "ООО Ромашка");
            assert_eq!(me["person"]["kind"], "Юридическое лицо");
        }
        assert!(me["person"]["notAfter"].as_i64().unwrap() > podpis_verifier::now_unix());
        // Logout ends the session.
        assert_eq!(c.post("/api/logout", Some(&cookie), &json!({})).status, 204);
        assert_eq!(c.get("/api/me", Some(&cookie)).status, 401);
    }
    assert_eq!(c.get("/api/me", None).json()["code"], "NOT_LOGGED_IN");
}

#[test]
fn replayed_foreign_untrusted_and_cross_site_logins_are_refused() {
    let c = cabinet(300);
    // A replay of an accepted login.
    let (cid, token) = token_for(&c, "01", &c.origin);
    assert_eq!(c.post("/api/login", None, &json!({ "id": cid, "token": token })).status, 200);
    let r = c.post("/api/login", None, &json!({ "id": cid, "token": token }));
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (401, "CHALLENGE_USED"));
    assert!(r.json()["message"].as_str().unwrap().contains("уже использован"));
    assert!(r.set_cookie.is_none());
    // A token signed for another site (a phishing page relaying our challenge).
    let (cid, token) = token_for(&c, "02", "https://evil.example");
    let r = c.post("/api/login", None, &json!({ "id": cid, "token": token }));
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (401, "SIGNATURE_INVALID"));
    assert!(r.json()["message"].as_str().unwrap().contains("не для этого сайта"));
    // The failed attempt spent the challenge too.
    assert_eq!(c.post("/api/login", None, &json!({ "id": cid, "token": token })).json()["code"], "CHALLENGE_USED");
    // A certificate from a CA the cabinet does not trust.
    let (cid, token) = token_for(&c, "06", &c.origin);
    let r = c.post("/api/login", None, &json!({ "id": cid, "token": token }));
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (401, "UNTRUSTED_ISSUER"));
    // An expired certificate (only when faketime could make one).
    if pki().path("04.der").exists() {
        let (cid, token) = token_for(&c, "04", &c.origin);
        assert_eq!(c.post("/api/login", None, &json!({ "id": cid, "token": token })).json()["code"], "CERTIFICATE_EXPIRED");
    }
    // A tampered token, and an unknown challenge id.
    let (cid, mut token) = token_for(&c, "01", &c.origin);
    let mut sig = B64.decode(token["signature"].as_str().unwrap()).unwrap();
    sig[7] ^= 1;
    token["signature"] = json!(B64.encode(sig));
    assert_eq!(c.post("/api/login", None, &json!({ "id": cid, "token": token })).json()["code"], "SIGNATURE_INVALID");
    assert_eq!(c.post("/api/login", None, &json!({ "id": "feed", "token": token })).json()["code"], "CHALLENGE_UNKNOWN");
    // Another site's page cannot even ask for a challenge.
    let r = c.post_from("https://evil.example", "/api/login/challenge", None, &json!({}));
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (403, "FOREIGN_ORIGIN"));
}

#[test]
fn an_expired_challenge_is_refused() {
    let c = cabinet(0);
    let (cid, token) = token_for(&c, "01", &c.origin);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let r = c.post("/api/login", None, &json!({ "id": cid, "token": token }));
    assert_eq!((r.status, r.json()["code"].as_str().unwrap()), (401, "CHALLENGE_EXPIRED"));
    assert!(r.json()["message"].as_str().unwrap().contains("истёк"));
}

fn host_signature(id: &str, content: &[u8], origin: &str) -> Vec<u8> {
    let job = SignJob {
        origin: origin.into(),
        certificate: pki().thumb(id),
        payload: Payload::Data { alg: if id == "03" { DigestAlgorithm::Sha384 } else { DigestAlgorithm::Sha256 }, data: content.to_vec() },
        format: SignFormat::CmsDetached,
        signature_scheme: SignatureScheme::Pkcs1,
        ecdsa_encoding: EcdsaEncoding::Der,
        document_name: Some("report.xml".into()),
    };
    B64.decode(service().sign(&job, &CancelToken::new()).expect("sign").signature).unwrap()
}

fn upload(c: &Cabinet, cookie: &str, name: &str, report: &[u8], sig: &[u8]) -> serde_json::Value {
    let r = c.post(
        "/api/reports",
        Some(cookie),
        &json!({ "fileName": name, "report": B64.encode(report), "signature": B64.encode(sig),
                 "browserCheck": { "status": "NOT_AVAILABLE", "form": null, "errors": 0, "warnings": 0 } }),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

#[test]
fn sent_reports_are_verified_stored_listed_and_downloadable() {
    let c = cabinet(300);
    let cookie = login(&c, "01");
    let report = sample_report();
    let work = tempfile::tempdir().unwrap();

    // Signed by the token library (what podpis-host returns), RSA / P-256 / P-384.
    for id in ["01", "02", "03"] {
        let v = upload(&c, &cookie, "NO_NDS.xml", &report, &host_signature(id, &report, &c.origin));
        assert_eq!(v["verdict"]["ok"], true, "{id}: {v}");
        assert_eq!(v["verdict"]["cadesBes"], true, "{id}");
        assert_eq!(v["verdict"]["signer"]["thumbprint"], pki().thumb(id).as_str());
        assert!(v["verdict"]["signingTime"].as_i64().is_some());
        assert_eq!(v["form"]["knd"], "1151001");
        assert_eq!(v["form"]["version"], "5.08");
    }
    assert_eq!(upload(&c, &cookie, "NO_NDS.xml", &report, &host_signature("03", &report, &c.origin))["verdict"]["digestAlgorithm"], "sha384");
    // The report changed after signing.
    let mut tampered = report.clone();
    let pos = tampered.len() - 12;
    tampered[pos] ^= 1;
    let sig = host_signature("01", &report, &c.origin);
    let v = upload(&c, &cookie, "tampered.xml", &tampered, &sig);
    assert_eq!((v["verdict"]["ok"].as_bool(), v["verdict"]["code"].as_str()), (Some(false), Some("CONTENT_DIGEST_MISMATCH")));
    assert!(v["verdict"]["message"].as_str().unwrap().contains("изменён"));
    // A tampered signature value.
    let mut bad = sig.clone();
    let n = bad.len() - 5;
    bad[n] ^= 1;
    assert_eq!(upload(&c, &cookie, "r.xml", &report, &bad)["verdict"]["code"], "SIGNATURE_INVALID");
    // openssl cms -sign by the test CA itself (trusted) and by the untrusted CA.
    let good = openssl_sign(work.path(), &report, &pki().path("ca.pem"), &pki().path("ca.key"));
    let v = upload(&c, &cookie, "openssl.xml", &report, &good);
    assert_eq!(v["verdict"]["ok"], true, "{v}");
    assert_eq!(v["verdict"]["cadesBes"], true);
    let foreign = openssl_sign(work.path(), &report, &pki().path("other-ca.pem"), &pki().path("other-ca.key"));
    assert_eq!(upload(&c, &cookie, "foreign.xml", &report, &foreign)["verdict"]["code"], "UNTRUSTED_ISSUER");
    // The token's key whose certificate another CA issued.
    assert_eq!(upload(&c, &cookie, "06.xml", &report, &host_signature("06", &report, &c.origin))["verdict"]["code"], "UNTRUSTED_ISSUER");
    // Not a CMS at all.
    let v = upload(&c, &cookie, "junk.xml", &report, b"not a signature");
    assert_eq!(v["verdict"]["code"], "BAD_CMS");

    // The list: newest first, everything stored with its verdict.
    let list = c.get("/api/reports", Some(&cookie)).json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert_eq!(list[0]["fileName"], "junk.xml");
    assert_eq!(list.iter().filter(|r| r["verdict"]["ok"] == true).count(), 5);
    let first = list.last().unwrap();
    let id = first["id"].as_u64().unwrap();
    let dl = c.get(&format!("/reports/{id}/report"), Some(&cookie));
    assert_eq!((dl.status, dl.body.clone()), (200, report.clone()));
    let dl_sig = c.get(&format!("/reports/{id}/signature"), Some(&cookie));
    assert_eq!(dl_sig.status, 200);
    assert!(podpis_verifier::verify_cms_detached(&report, &dl_sig.body, &{
        let mut r = podpis_verifier::TrustedRoots::new();
        r.add_pem(&std::fs::read_to_string(pki().path("ca.pem")).unwrap()).unwrap();
        r
    }, podpis_verifier::now_unix())
    .is_ok());
    // On disk: report, signature and the record with the verdict.
    let dir = c.data.join(format!("reports/{id:06}"));
    assert_eq!(std::fs::read(dir.join("report")).unwrap(), report);
    let rec: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("record.json")).unwrap()).unwrap();
    assert_eq!(rec["verdict"]["ok"], true);

    // Other users see neither the list nor the files; nobody without a session.
    let other = login(&c, "02");
    assert_eq!(c.get("/api/reports", Some(&other)).json().as_array().unwrap().len(), 0);
    assert_eq!(c.get(&format!("/reports/{id}/report"), Some(&other)).status, 404);
    assert_eq!(c.get(&format!("/reports/{id}/report"), None).status, 401);
    assert_eq!(c.post("/api/reports", None, &json!({"fileName": "x", "report": "eA==", "signature": "eA=="})).status, 401);
}

#[test]
fn the_page_is_served_without_remote_code() {
    let c = cabinet(300);
    let page = c.get("/", None);
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("Войти по сертификату"));
    for asset in ["/app.js", "/style.css"] {
        assert_eq!(c.get(asset, None).status, 200, "{asset}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"), "no remote resources");
    let js = String::from_utf8(c.get("/app.js", None).body).unwrap();
    assert!(!js.contains("http://") && !js.contains("https://"));
    let info = c.get("/api/info", None).json();
    assert_eq!(info["origin"], c.origin.as_str());
    assert_eq!(info["trustedRoots"][0], "Podpis Test CA");
}

/// Two certificates for one key from the test CA, same serial, different
/// subjects: a signature made with certificate A whose CMS carries B
/// verifies cryptographically, but signingCertificateV2 still names A.
#[test]
fn a_signature_whose_signing_certificate_names_another_certificate_is_refused() {
    use cms::cert::CertificateChoices;
    use cms::content_info::ContentInfo;
    use cms::signed_data::SignedData;
    use der::{Decode, Encode};

    let c = cabinet(300);
    let cookie = login(&c, "01");
    let report = sample_report();
    let d = tempfile::tempdir().unwrap();
    let p = |n: &str| d.path().join(n);
    let run = |args: &[&std::ffi::OsStr]| {
        let o = std::process::Command::new("openssl").args(args).output().unwrap();
        assert!(o.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    run(&[&os("genpkey"), &os("-algorithm"), &os("RSA"), &os("-out"), p("k.pem").as_os_str()]);
    for name in ["A", "B"] {
        let csr = p(&format!("{name}.csr"));
        run(&[&os("req"), &os("-new"), &os("-key"), p("k.pem").as_os_str(), &os("-subj"), &os(&format!("/CN=Signer {name}")), &os("-out"), csr.as_os_str()]);
        run(&[&os("x509"), &os("-req"), &os("-in"), csr.as_os_str(), &os("-CA"), pki().path("ca.pem").as_os_str(), &os("-CAkey"), pki().path("ca.key").as_os_str(),
            &os("-set_serial"), &os("0x77"), &os("-days"), &os("30"), &os("-out"), p(&format!("{name}.pem")).as_os_str()]);
    }
    let sig_a = openssl_sign(d.path(), &report, &p("A.pem"), &p("k.pem"));
    // Untouched, it verifies.
    assert_eq!(upload(&c, &cookie, "a.xml", &report, &sig_a)["verdict"]["ok"], true);
    // The same SignerInfo with certificate B in the CMS.
    let b_pem = std::fs::read_to_string(p("B.pem")).unwrap();
    let b64: String = b_pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let b = x509_cert_from_der(&B64.decode(b64).unwrap());
    let mut ci = ContentInfo::from_der(&sig_a).unwrap();
    let mut sd: SignedData = ci.content.decode_as().unwrap();
    let mut set = der::asn1::SetOfVec::new();
    set.insert(CertificateChoices::Certificate(b)).unwrap();
    sd.certificates = Some(cms::signed_data::CertificateSet(set));
    ci.content = der::Any::encode_from(&sd).unwrap();
    let swapped = ci.to_der().unwrap();
    let v = upload(&c, &cookie, "b.xml", &report, &swapped);
    assert_eq!(v["verdict"]["code"], "SIGNING_CERTIFICATE_MISMATCH", "{v}");
    assert!(v["verdict"]["message"].as_str().unwrap().contains("другой сертификат"));

    fn x509_cert_from_der(der: &[u8]) -> cms::cert::x509::Certificate {
        cms::cert::x509::Certificate::from_der(der).unwrap()
    }
}
