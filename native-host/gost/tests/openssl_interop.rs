//! Cross-checks against the OpenSSL gost engine for every parameter set:
//! OpenSSL's keys import correctly (private key → same public key), OpenSSL
//! signatures verify here, and our signatures verify in OpenSSL. This pins
//! the byte orders of keys, digests and signatures (see docs/gost.md).

mod common;

use common::{parse_pkcs8, parse_spki, Openssl};
use podpis_gost::{KeySize, ParamSet, PrivateKey, PublicKey, Signature};
use rand::rngs::StdRng;
use rand::SeedableRng;

/// (openssl algorithm, -pkeyopt paramset value, expected parameter set).
const CASES: &[(&str, &str, ParamSet)] = &[
    ("gost2012_256", "A", ParamSet::CryptoProA),
    ("gost2012_256", "B", ParamSet::CryptoProB),
    ("gost2012_256", "C", ParamSet::CryptoProC),
    ("gost2012_256", "XA", ParamSet::CryptoProXchA),
    ("gost2012_256", "XB", ParamSet::CryptoProXchB),
    ("gost2012_256", "TCA", ParamSet::Tc26_256A),
    ("gost2012_256", "TCB", ParamSet::Tc26_256B),
    ("gost2012_256", "TCC", ParamSet::Tc26_256C),
    ("gost2012_256", "TCD", ParamSet::Tc26_256D),
    ("gost2012_512", "A", ParamSet::Tc26_512A),
    ("gost2012_512", "B", ParamSet::Tc26_512B),
    ("gost2012_512", "C", ParamSet::Tc26_512C),
];

fn interop_case(ossl: &Openssl, alg: &str, opt: &str, expected: ParamSet, rng: &mut StdRng) {
    let tag = format!("{alg}-{opt}");
    let key_pem = format!("{tag}.key.pem");
    let pub_pem = format!("{tag}.pub.pem");
    ossl.ok(&["genpkey", "-algorithm", alg, "-pkeyopt", &format!("paramset:{opt}"), "-out", &key_pem]);
    ossl.ok(&["pkey", "-in", &key_pem, "-outform", "DER", "-out", &format!("{tag}.key.der")]);
    ossl.ok(&["pkey", "-in", &key_pem, "-pubout", "-outform", "DER", "-out", &format!("{tag}.pub.der")]);
    ossl.ok(&["pkey", "-in", &key_pem, "-pubout", "-out", &pub_pem]);

    let (alg_oid, ps_oid, priv_bytes) = parse_pkcs8(&std::fs::read(ossl.path(&format!("{tag}.key.der"))).unwrap());
    let (spki_alg, spki_ps, pub_bytes) = parse_spki(&std::fs::read(ossl.path(&format!("{tag}.pub.der"))).unwrap());
    assert_eq!(alg_oid, expected.key_size().public_key_oid(), "{tag}: algorithm OID");
    assert_eq!(spki_alg, alg_oid);
    assert_eq!(spki_ps, ps_oid);
    let ps = ParamSet::from_oid(&ps_oid).unwrap_or_else(|| panic!("{tag}: unknown paramset {ps_oid}"));
    assert_eq!(ps.canonical(), expected.canonical(), "{tag}: paramset {ps_oid}");

    // Private key is little-endian: deriving the public key reproduces the SPKI.
    let sk = PrivateKey::from_le_bytes(ps, &priv_bytes).unwrap();
    let pk = PublicKey::from_cert_bytes(ps, &pub_bytes).unwrap();
    assert_eq!(sk.public_key(), pk, "{tag}: d·P != SPKI public key");
    assert_eq!(pk.to_cert_bytes(), pub_bytes);
    pk.validate_subgroup().unwrap();
    let spki = std::fs::read(ossl.path(&format!("{tag}.pub.der"))).unwrap();
    let octets = pk.to_spki_key_octets();
    assert!(spki.ends_with(&octets), "{tag}: SPKI does not end with BIT STRING content {}", hex::encode(&octets));
    assert_eq!(PublicKey::from_spki_key_octets(ps, &octets).unwrap(), pk);
    let md = match ps.key_size() {
        KeySize::Bits256 => "-md_gost12_256",
        KeySize::Bits512 => "-md_gost12_512",
    };

    // 1. OpenSSL signs a message → we verify (signature file = s‖r big-endian).
    let msg = format!("Podpis interop message for {tag}\n").repeat(3);
    std::fs::write(ossl.path("msg.txt"), &msg).unwrap();
    ossl.ok(&["dgst", md, "-sign", &key_pem, "-out", "ossl.sig", "msg.txt"]);
    let raw = std::fs::read(ossl.path("ossl.sig")).unwrap();
    let sig = Signature::from_cms_bytes(ps, &raw).unwrap();
    pk.verify_message(msg.as_bytes(), &sig).unwrap_or_else(|e| panic!("{tag}: OpenSSL signature rejected: {e}"));
    // Read as r‖s instead, it must fail (pins the order).
    let n = ps.key_size().bytes();
    let swapped = Signature { r: sig.s.clone(), s: sig.r.clone() };
    assert!(pk.verify_message(msg.as_bytes(), &swapped).is_err() || raw[..n] == raw[n..]);

    // 2. OpenSSL signs a raw digest with pkeyutl → verify_digest on the same bytes.
    let digest = ps.hash().digest(msg.as_bytes());
    let text = ossl.ok(&["dgst", md, "-r", "msg.txt"]);
    assert!(text.starts_with(&hex::encode(&digest)), "{tag}: digest bytes differ from openssl dgst: {text}");
    std::fs::write(ossl.path("digest.bin"), &digest).unwrap();
    ossl.ok(&["pkeyutl", "-sign", "-inkey", &key_pem, "-in", "digest.bin", "-out", "pkeyutl.sig"]);
    let raw = std::fs::read(ossl.path("pkeyutl.sig")).unwrap();
    pk.verify_digest(&digest, &Signature::from_cms_bytes(ps, &raw).unwrap())
        .unwrap_or_else(|e| panic!("{tag}: pkeyutl signature rejected: {e}"));

    // 3. We sign → OpenSSL verifies, both the message and the raw digest.
    let ours = sk.sign_message(msg.as_bytes(), rng);
    std::fs::write(ossl.path("ours.sig"), ours.to_cms_bytes(ps)).unwrap();
    let text = ossl.ok(&["dgst", md, "-verify", &pub_pem, "-signature", "ours.sig", "msg.txt"]);
    assert!(text.contains("Verified OK"), "{tag}: {text}");
    ossl.ok(&["pkeyutl", "-verify", "-pubin", "-inkey", &pub_pem, "-in", "digest.bin", "-sigfile", "ours.sig"]);
    // A tampered signature is rejected by OpenSSL too (the check has teeth).
    let mut bad = ours.to_cms_bytes(ps);
    bad[n + 5] ^= 0x40;
    std::fs::write(ossl.path("bad.sig"), bad).unwrap();
    let (ok, text) = ossl.run(&["dgst", md, "-verify", &pub_pem, "-signature", "bad.sig", "msg.txt"]);
    assert!(!ok && text.contains("Verification failure"), "{tag}: tampered accepted: {text}");

    // 4. A key generated here is accepted by OpenSSL via our signature:
    //    covered by (3) on an OpenSSL key; here check the same for our own key
    //    by round-tripping its public key through the SPKI bytes.
    let own = PrivateKey::generate(ps, rng);
    assert_eq!(PublicKey::from_cert_bytes(ps, &own.public_key().to_cert_bytes()).unwrap(), own.public_key());
}

#[test]
fn openssl_gost_engine_interop_all_param_sets() {
    let Some(ossl) = Openssl::new("interop") else { return };
    let mut rng = StdRng::seed_from_u64(2012);
    for (alg, opt, expected) in CASES {
        interop_case(&ossl, alg, opt, *expected, &mut rng);
    }
}
