//! podpis-verifier's GOST path end to end: auth tokens and detached CMS
//! made by `podpis_token::TokenService` on the GOST test token (TEST
//! DOUBLE) with the GOST test PKI verify (signature, validity, chain to the
//! GOST CA); wrong origin, wrong nonce, tampered signature and tampered
//! content fail. Signatures made by OpenSSL's gost engine verify too.

#[path = "../../../tests/pki/gost/fixture.rs"]
mod gost_fixture;

use std::sync::OnceLock;

use base64::Engine;
use der::Decode;
use gost_fixture::{serial, GostPki, Options, Pinentry, ORIGIN, PIN};
use podpis_protocol::{CertificateKind, DigestAlgorithm, SignFormat};
use podpis_token::{AuthJob, CancelToken, Payload, SignJob};
use podpis_verifier::{now_unix, verify_auth_token, verify_auth_token_json, verify_cms_detached, TrustedRoots, VerifyError};

fn pki() -> &'static GostPki {
    static P: OnceLock<GostPki> = OnceLock::new();
    P.get_or_init(|| GostPki::setup(Options { label: "GOST Verifier", ..Default::default() }))
}

fn roots() -> TrustedRoots {
    let mut r = TrustedRoots::new();
    let pem = std::fs::read_to_string(pki().path("ca.pem")).expect("ca.pem");
    assert_eq!(r.add_pem(&pem).expect("GOST CA"), 1);
    r
}

const KEYS: [(&str, u32, CertificateKind); 4] = [
    ("01", 256, CertificateKind::LegalEntity),
    ("02", 256, CertificateKind::SoleProprietor),
    ("03", 512, CertificateKind::Individual),
    ("04", 512, CertificateKind::LegalEntity),
];

#[test]
fn gost_auth_tokens_verify_and_bind_origin_and_nonce() {
    let _s = serial();
    let p = pki();
    let pe = Pinentry::new(p, &[PIN; 4], None);
    let svc = pe.service(p, 30);
    let roots = roots();
    let now = now_unix();
    let b64 = base64::engine::general_purpose::STANDARD;
    for (i, (id, bits, kind)) in KEYS.into_iter().enumerate() {
        let nonce: Vec<u8> = (0..32u8).map(|b| b.wrapping_mul(7).wrapping_add(i as u8)).collect();
        let job = AuthJob { origin: ORIGIN.into(), certificate: p.thumb(id), challenge: nonce.clone() };
        let token = svc.authenticate(&job, &CancelToken::new()).expect("authenticate");
        assert_eq!(token.algorithm, format!("gost2012-{bits}"));
        assert_eq!(b64.decode(&token.signature).expect("b64").len(), (bits / 4) as usize, "s ‖ r");
        let who = verify_auth_token(&token, ORIGIN, &nonce, &roots, now).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(who.kind, kind, "{id}");
        assert_eq!(who.issuer.as_deref(), Some("Podpis GOST Test CA"));
        let json = serde_json::to_string(&token).expect("json");
        verify_auth_token_json(&json, ORIGIN, &nonce, &roots, now).expect("json form");

        let e = verify_auth_token(&token, "https://evil.example", &nonce, &roots, now).expect_err("wrong origin");
        assert_eq!(e, VerifyError::SignatureInvalid, "{id}");
        let mut other = nonce.clone();
        other[0] ^= 1;
        let e = verify_auth_token(&token, ORIGIN, &other, &roots, now).expect_err("wrong nonce");
        assert_eq!(e, VerifyError::SignatureInvalid, "{id}");
        for pos in [0, (bits / 8) as usize, (bits / 4) as usize - 1] {
            let mut sig = b64.decode(&token.signature).expect("b64");
            sig[pos] ^= 0x40;
            let mut t = token.clone();
            t.signature = b64.encode(sig);
            assert_eq!(verify_auth_token(&t, ORIGIN, &nonce, &roots, now).expect_err("tampered"), VerifyError::SignatureInvalid, "{id} byte {pos}");
        }
        let mut t = token.clone();
        t.algorithm = format!("gost2012-{}", if bits == 256 { 512 } else { 256 });
        assert!(matches!(verify_auth_token(&t, ORIGIN, &nonce, &roots, now), Err(VerifyError::AlgorithmMismatch { .. })));
        let e = verify_auth_token(&token, ORIGIN, &nonce, &TrustedRoots::new(), now).expect_err("no roots");
        assert_eq!(e.code(), "UNTRUSTED_ISSUER", "{id}");
    }
}

#[test]
fn gost_cms_verifies_with_podpis_verifier() {
    let _s = serial();
    let p = pki();
    let pe = Pinentry::new(p, &[PIN; 4], None);
    let svc = pe.service(p, 30);
    let roots = roots();
    let data = "Счёт-фактура №1\n".repeat(64).into_bytes();
    for (id, bits, _) in KEYS {
        let alg = if bits == 512 { DigestAlgorithm::Streebog512 } else { DigestAlgorithm::Streebog256 };
        let job = SignJob::new(ORIGIN, p.thumb(id), Payload::Data { alg, data: data.clone() }, SignFormat::CmsDetached);
        let r = svc.sign(&job, &CancelToken::new()).expect("sign");
        let cms = base64::engine::general_purpose::STANDARD.decode(&r.signature).expect("b64");
        let who = verify_cms_detached(&data, &cms, &roots, now_unix()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(who.thumbprint.len(), 40);
        let mut tampered = data.clone();
        tampered[3] ^= 1;
        assert_eq!(verify_cms_detached(&tampered, &cms, &roots, now_unix()).expect_err("tampered"), VerifyError::ContentDigestMismatch);
        // Flip a byte of the signature value (the last field of the only SignerInfo).
        let n = cms.len();
        let mut bad = cms.clone();
        bad[n - 5] ^= 1;
        assert_eq!(verify_cms_detached(&data, &bad, &roots, now_unix()).expect_err("bad sig"), VerifyError::SignatureInvalid, "{id}");
    }
}

#[test]
fn openssl_gost_signatures_verify_with_the_gost_module() {
    let p = pki();
    let d = tempfile::tempdir().expect("tempdir");
    let data = d.path().join("data");
    std::fs::write(&data, b"signed by openssl's gost engine").expect("write");
    for (id, bits, _) in KEYS {
        let sig = d.path().join(format!("sig{id}"));
        let md = format!("-md_gost12_{bits}");
        let key = p.path(&format!("{id}.key"));
        let o = p.openssl(&[&"dgst", &md, &"-sign", &key, &"-out", &sig, &data]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let cert = x509_cert::Certificate::from_der(&p.cert(id)).expect("cert");
        let spki = der::Encode::to_der(&cert.tbs_certificate.subject_public_key_info).expect("spki");
        let alg = if bits == 512 { DigestAlgorithm::Streebog512 } else { DigestAlgorithm::Streebog256 };
        let digest = podpis_digest::digest(alg, b"signed by openssl's gost engine");
        let s = std::fs::read(&sig).expect("sig");
        podpis_verifier::gost::verify_digest(&spki, alg, &digest, &s).unwrap_or_else(|e| panic!("{id}: {e}"));
        let other = podpis_digest::digest(alg, b"other");
        assert_eq!(podpis_verifier::gost::verify_digest(&spki, alg, &other, &s), Err(VerifyError::SignatureInvalid));
        let wrong = if bits == 512 { DigestAlgorithm::Streebog256 } else { DigestAlgorithm::Streebog512 };
        assert!(matches!(podpis_verifier::gost::verify_digest(&spki, wrong, &digest, &s), Err(VerifyError::UnsupportedAlgorithm(_))));
        let k = podpis_verifier::gost::public_key(&spki).expect("key");
        assert_eq!(k.params.key_size().bytes() * 8, bits as usize);
    }
}
