//! GOST end to end through `TokenService` with the GOST test token (TEST
//! DOUBLE) and the GOST test PKI: listing, CAdES-BES CMS (detached and
//! attached) and raw signatures, each checked by OpenSSL's gost engine and
//! by the independent Python verifier; hot-plug events and removal mid-operation.

#[path = "../../../tests/pki/gost/fixture.rs"]
mod gost_fixture;
mod support;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Sequence};
use gost_fixture::{serial, GostPki, Options, Pinentry, ORIGIN, PIN};
use podpis_protocol::{CertificateFilter, CertificateKind, DigestAlgorithm, ErrorCode, Event, SignFormat};
use podpis_token::{CancelToken, Payload, SignJob, TokenError};
use spki::AlgorithmIdentifierOwned;
use support::b64d;

fn pki() -> &'static GostPki {
    static P: OnceLock<GostPki> = OnceLock::new();
    P.get_or_init(|| GostPki::setup(Options::default()))
}


/// Key id, bits, digest, parameter-set name, kind.
const KEYS: [(&str, u32, DigestAlgorithm, &str, CertificateKind); 4] = [
    ("01", 256, DigestAlgorithm::Streebog256, "CryptoPro-A", CertificateKind::LegalEntity),
    ("02", 256, DigestAlgorithm::Streebog256, "tc26-256-A", CertificateKind::SoleProprietor),
    ("03", 512, DigestAlgorithm::Streebog512, "tc26-512-A", CertificateKind::Individual),
    ("04", 512, DigestAlgorithm::Streebog512, "tc26-512-B", CertificateKind::LegalEntity),
];

fn job(id: &str, payload: Payload, format: SignFormat) -> SignJob {
    SignJob::new(ORIGIN, pki().thumb(id), payload, format).with_document_name("NO_NDS_7707083893.xml")
}

#[test]
fn lists_gost_token_and_certificates() {
    let _s = serial();
    let p = pki();
    let svc = Pinentry::new(p, &[], None).service(p, 10);
    assert!(svc.module_status()[0].loaded, "{:?}", svc.module_status());
    let tokens = svc.list_tokens().expect("list tokens");
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    let t = &tokens[0];
    assert_eq!(t.label, "Podpis GOST");
    assert_eq!(t.model, "GOST test token");
    assert!(t.flags.login_required && t.flags.initialized && t.flags.user_pin_initialized);
    assert!(!t.flags.pin_pad && !t.flags.pin_locked && !t.flags.pin_count_low && !t.flags.pin_final_try);

    let all = svc.list_certificates(&CertificateFilter::default()).expect("list certificates");
    assert_eq!(all.len(), 4, "{all:?}");
    for (id, bits, _, set, kind) in KEYS {
        let c = all.iter().find(|c| c.thumbprint == p.thumb(id)).unwrap_or_else(|| panic!("{id} listed"));
        assert_eq!(c.key.algorithm, format!("gost2012-{bits}"), "{id}");
        assert_eq!(c.key.bits, bits, "{id}");
        assert_eq!(c.key.parameters.as_deref(), Some(set), "{id}");
        assert_eq!(c.kind, kind, "{id}");
        assert_eq!(c.key_id, id);
        assert_eq!(c.issuer.common_name.as_deref(), Some("Podpis GOST Test CA"));
        assert!(c.warnings.is_empty(), "{id}: {:?}", c.warnings);
        assert_eq!(b64d(&c.der), p.cert(id));
    }
    let le = all.iter().find(|c| c.thumbprint == p.thumb("01")).expect("01");
    assert_eq!(le.subject.inn_le.as_deref(), Some("7707083893"));
    assert_eq!(le.subject.ogrn.as_deref(), Some("1027700132195"));
    assert_eq!(le.subject.snils.as_deref(), Some("11223344595"));
    assert_eq!(le.subject.inn.as_deref(), Some("770708389301"));
    assert_eq!(le.subject.surname.as_deref(), Some("Иванов"));
    assert_eq!(le.subject.given_name.as_deref(), Some("Иван Иванович"));
    assert_eq!(le.subject.title.as_deref(), Some("Генеральный директор"));
    assert_eq!(le.subject.organization.as_deref(), Some("ООО «Ромашка»"));
    let ip = all.iter().find(|c| c.thumbprint == p.thumb("02")).expect("02");
    assert_eq!(ip.subject.ogrnip.as_deref(), Some("304500116000157"));
    let f = CertificateFilter { inn: Some("7707083893".into()), ..Default::default() };
    assert_eq!(svc.list_certificates(&f).expect("filter").len(), 2, "01 and 04 share the INNLE");
}

/// `ESSCertIDv2` with the optional hash algorithm (issuerSerial omitted).
#[derive(Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
}

#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// Pins the CMS structure: algorithm identifiers and CAdES-BES attributes.
fn check_cms_structure(cms_der: &[u8], id: &str, bits: u32, alg: DigestAlgorithm, content: &[u8], attached: bool) {
    let ci = ContentInfo::from_der(cms_der).expect("ContentInfo");
    let sd: SignedData = ci.content.decode_as().expect("SignedData");
    assert_eq!(sd.encap_content_info.econtent.is_some(), attached);
    let digest_oid = if bits == 512 { "1.2.643.7.1.1.2.3" } else { "1.2.643.7.1.1.2.2" };
    let key_oid = if bits == 512 { "1.2.643.7.1.1.1.2" } else { "1.2.643.7.1.1.1.1" };
    let dalgs: Vec<String> = sd.digest_algorithms.iter().map(|a| a.oid.to_string()).collect();
    assert_eq!(dalgs, vec![digest_oid.to_string()]);
    let si = sd.signer_infos.0.iter().next().expect("one signer");
    assert_eq!(si.digest_alg.oid.to_string(), digest_oid);
    assert!(si.digest_alg.parameters.is_none(), "Streebog AlgorithmIdentifier without parameters");
    assert_eq!(si.signature_algorithm.oid.to_string(), key_oid, "signatureAlgorithm = the GOST key OID (RFC 9337)");
    assert_eq!(si.signature.as_bytes().len(), (bits / 4) as usize, "s ‖ r");
    let attrs = si.signed_attrs.as_ref().expect("signed attributes");
    let find = |oid: &str| attrs.iter().find(|a| a.oid.to_string() == oid).unwrap_or_else(|| panic!("attribute {oid}"));
    assert_eq!(attrs.len(), 4);
    let ct: ObjectIdentifier = find("1.2.840.113549.1.9.3").values.iter().next().expect("value").decode_as().expect("oid");
    assert_eq!(ct.to_string(), "1.2.840.113549.1.7.1");
    let md: OctetString = find("1.2.840.113549.1.9.4").values.iter().next().expect("value").decode_as().expect("octets");
    assert_eq!(md.as_bytes(), podpis_digest::digest(alg, content).as_slice());
    let _time = find("1.2.840.113549.1.9.5");
    let sc: SigningCertificateV2 = find("1.2.840.113549.1.9.16.2.47").values.iter().next().expect("value").decode_as().expect("ESS");
    assert_eq!(sc.certs.len(), 1);
    let h = sc.certs[0].hash_algorithm.as_ref().expect("Streebog-256 hashAlgorithm is explicit (SHA-256 is the DEFAULT)");
    assert_eq!(h.oid.to_string(), "1.2.643.7.1.1.2.2");
    assert!(h.parameters.is_none());
    assert_eq!(sc.certs[0].cert_hash.as_bytes(), podpis_digest::digest(DigestAlgorithm::Streebog256, &pki().cert(id)).as_slice());
}

#[test]
fn cms_detached_and_attached_verify_with_openssl_and_python() {
    let _s = serial();
    let p = pki();
    let pe = Pinentry::new(p, &[PIN; 16], None);
    let svc = pe.service(p, 30);
    let data = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><Файл ИдФайл=\"NO_NDS\"/>\n".repeat(50).into_bytes();
    let mut tampered = data.clone();
    tampered[10] ^= 1;
    for (id, bits, alg, _, _) in KEYS {
        // Detached.
        let r = svc.sign(&job(id, Payload::Data { alg, data: data.clone() }, SignFormat::CmsDetached), &CancelToken::new()).expect("sign");
        assert_eq!(r.algorithm, format!("gost2012-{bits}"));
        assert_eq!(r.digest_algorithm, alg);
        assert_eq!(b64d(&r.digest), podpis_digest::digest(alg, &data));
        let sig = b64d(&r.signature);
        check_cms_structure(&sig, id, bits, alg, &data, false);
        assert_eq!(p.openssl_cms_verify(&sig, Some(&data)).map_err(|e| format!("{id}: {e}")).expect("openssl"), data);
        p.python_cms_verify(&sig, Some(&data)).map_err(|e| format!("{id}: {e}")).expect("python");
        assert!(p.openssl_cms_verify(&sig, Some(&tampered)).is_err(), "{id}: tampered content must fail (openssl)");
        assert!(p.python_cms_verify(&sig, Some(&tampered)).is_err(), "{id}: tampered content must fail (python)");

        // Attached.
        let r = svc.sign(&job(id, Payload::Data { alg, data: data.clone() }, SignFormat::CmsAttached), &CancelToken::new()).expect("sign");
        let sig = b64d(&r.signature);
        check_cms_structure(&sig, id, bits, alg, &data, true);
        assert_eq!(p.openssl_cms_verify(&sig, None).map_err(|e| format!("{id}: {e}")).expect("openssl"), data);
        p.python_cms_verify(&sig, None).map_err(|e| format!("{id}: {e}")).expect("python");
        // Tamper with the embedded content (it is stored verbatim in the DER).
        let pos = sig.windows(data.len()).position(|w| w == data.as_slice()).expect("content embedded");
        let mut bad = sig.clone();
        bad[pos + 10] ^= 1;
        assert!(p.openssl_cms_verify(&bad, None).is_err(), "{id}: tampered attached must fail (openssl)");
        assert!(p.python_cms_verify(&bad, None).is_err(), "{id}: tampered attached must fail (python)");
    }
    // A host-computed digest (streamed file) gives the same verifiable detached CMS.
    let digest = podpis_digest::digest(DigestAlgorithm::Streebog256, &data);
    let r = svc
        .sign(&job("02", Payload::Digest { alg: DigestAlgorithm::Streebog256, digest }, SignFormat::CmsDetached), &CancelToken::new())
        .expect("sign digest");
    let sig = b64d(&r.signature);
    p.openssl_cms_verify(&sig, Some(&data)).expect("openssl");
    p.python_cms_verify(&sig, Some(&data)).expect("python");
    // The digest must match the key: Streebog-512 with a 256-bit key is refused.
    let e = svc
        .sign(&job("01", Payload::Data { alg: DigestAlgorithm::Streebog512, data: data.clone() }, SignFormat::CmsDetached), &CancelToken::new())
        .expect_err("mismatched digest");
    assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
    let e = svc
        .sign(&job("03", Payload::Data { alg: DigestAlgorithm::Sha256, data }, SignFormat::CmsDetached), &CancelToken::new())
        .expect_err("SHA-256 with GOST");
    assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
}

#[test]
fn raw_signatures_verify_with_openssl() {
    let _s = serial();
    let p = pki();
    let pe = Pinentry::new(p, &[PIN; 8], None);
    let svc = pe.service(p, 30);
    let d = tempfile::tempdir().expect("tempdir");
    let data = b"raw GOST signature over a host-computed Streebog digest".to_vec();
    let dataf = d.path().join("data");
    std::fs::write(&dataf, &data).expect("write");
    let other = d.path().join("other");
    std::fs::write(&other, b"other data").expect("write");
    for (id, bits, alg, _, _) in KEYS {
        let r = svc.sign(&job(id, Payload::Digest { alg, digest: podpis_digest::digest(alg, &data) }, SignFormat::Raw), &CancelToken::new()).expect("sign");
        assert_eq!(r.algorithm, format!("gost2012-{bits}"));
        let sig = b64d(&r.signature);
        assert_eq!(sig.len(), (bits / 4) as usize, "s ‖ r");
        let sigf = d.path().join(format!("sig{id}"));
        std::fs::write(&sigf, &sig).expect("write");
        let md = format!("-md_gost12_{bits}");
        let pubk = p.path(&format!("pub{id}.pem"));
        let ok = p.openssl(&[&"dgst", &md, &"-verify", &pubk, &"-signature", &sigf, &dataf]);
        assert!(ok.status.success(), "{id}: {}", String::from_utf8_lossy(&ok.stderr));
        let bad = p.openssl(&[&"dgst", &md, &"-verify", &pubk, &"-signature", &sigf, &other]);
        assert!(!bad.status.success(), "{id}: other data must fail");
    }
    // Raw with the data (not a digest) hashes on the host the same way.
    let r = svc.sign(&job("02", Payload::Data { alg: DigestAlgorithm::Streebog256, data: data.clone() }, SignFormat::Raw), &CancelToken::new()).expect("sign");
    let sigf = d.path().join("sig-data");
    std::fs::write(&sigf, b64d(&r.signature)).expect("write");
    let ok = p.openssl(&[&"dgst", &"-md_gost12_256", &"-verify", &p.path("pub02.pem"), &"-signature", &sigf, &dataf]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
}

fn wait_event(rx: &std::sync::mpsc::Receiver<Event>, want: impl Fn(&Event) -> bool) -> Event {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(200)) {
            if want(&e) {
                return e;
            }
        }
    }
    panic!("event not received within 10 s");
}

#[test]
fn hotplug_events_and_removal_mid_operation() {
    let _s = serial();
    let p = pki();
    let svc = Pinentry::new(p, &[PIN; 4], None).service(p, 30);
    let rx = svc.events();
    std::thread::sleep(Duration::from_millis(300));
    p.tool(&["remove"]);
    let e = wait_event(&rx, |e| matches!(e, Event::TokenRemoved(_)));
    let Event::TokenRemoved(d) = e else { unreachable!() };
    assert_eq!(d.label, "Podpis GOST");
    assert!(svc.list_tokens().expect("list").is_empty());
    let e = svc
        .sign(&job("01", Payload::Data { alg: DigestAlgorithm::Streebog256, data: b"x".to_vec() }, SignFormat::Raw), &CancelToken::new())
        .expect_err("no token");
    assert_eq!(e.code(), ErrorCode::NoToken);
    p.tool(&["insert"]);
    let e = wait_event(&rx, |e| matches!(e, Event::TokenInserted(_)));
    let Event::TokenInserted(info) = e else { unreachable!() };
    assert_eq!(info.label, "Podpis GOST");
    assert_eq!(svc.list_certificates(&CertificateFilter::default()).expect("list").len(), 4);

    // Pulled out while the PIN dialog is open: the pinentry wrapper removes
    // the token before answering, C_Login then sees CKR_DEVICE_REMOVED.
    let hook = format!("'{}' remove --dir '{}'", p.tool.display(), p.token_dir.display());
    let pe = Pinentry::new(p, &[PIN, PIN], Some(&hook));
    let svc2 = pe.service(p, 30);
    let r = svc2.sign(&job("03", Payload::Data { alg: DigestAlgorithm::Streebog512, data: b"x".to_vec() }, SignFormat::CmsDetached), &CancelToken::new());
    let e = r.expect_err("token removed mid-operation");
    assert!(matches!(e, TokenError::TokenRemoved), "{e:?}");
    assert_eq!(e.code(), ErrorCode::TokenRemoved);
    wait_event(&rx, |e| matches!(e, Event::TokenRemoved(_)));
    // The service stays healthy: after re-insertion the same service signs.
    p.tool(&["insert"]);
    wait_event(&rx, |e| matches!(e, Event::TokenInserted(_)));
    let r = svc2
        .sign(&job("03", Payload::Data { alg: DigestAlgorithm::Streebog512, data: b"after".to_vec() }, SignFormat::CmsDetached), &CancelToken::new())
        .expect("sign after re-insert");
    p.openssl_cms_verify(&b64d(&r.signature), Some(b"after")).expect("openssl");
}
