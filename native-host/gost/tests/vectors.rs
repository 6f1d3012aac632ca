//! Known-answer tests: GOST R 34.11-2012 (RFC 6986) hash examples and the
//! GOST R 34.10-2012 appendix A worked examples (= RFC 7091 section 7).

use num_bigint::BigUint;
use podpis_gost::digest::{
    Digest, RustCryptoStreebog256, RustCryptoStreebog512, Streebog256, Streebog512,
};
use podpis_gost::{ParamSet, PrivateKey, PublicKey, Signature, VerifyError};

fn big(h: &str) -> BigUint {
    BigUint::parse_bytes(h.as_bytes(), 16).unwrap()
}

/// The standard prints messages and hashes as big-endian numbers; byte
/// strings are their reversal.
fn rev_hex(h: &str) -> Vec<u8> {
    let mut v = hex::decode(h).unwrap();
    v.reverse();
    v
}

// RFC 6986 section 10.1: M1 (63 bytes, "012345...012" as bytes).
const M1: &str = "323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130";
const M1_H512: &str = "486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b";
const M1_H256: &str = "00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d";
// RFC 6986 section 10.2: M2 (72 bytes, Cyrillic text in CP1251).
const M2: &str = "fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1";
const M2_H512: &str = "28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e";
const M2_H256: &str = "508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d";

#[test]
fn streebog_rfc6986_examples() {
    // The RFC prints messages and hash values as big-endian numbers; the byte
    // strings (what OpenSSL prints, e.g. 9d151eef... for H256(M1)) are their
    // reversal. Cross-checked with `openssl dgst -md_gost12_256`.
    let m1 = rev_hex(M1);
    assert_eq!(m1, b"012345678901234567890123456789012345678901234567890123456789012");
    assert_eq!(
        hex::encode(Streebog256::digest(&m1)),
        "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"
    );
    let m2 = rev_hex(M2);
    let cases: [(&[u8], &str, &str); 2] = [(&m1, M1_H256, M1_H512), (&m2, M2_H256, M2_H512)];
    for (m, h256, h512) in cases {
        let (h256, h512) = (hex::encode(rev_hex(h256)), hex::encode(rev_hex(h512)));
        assert_eq!(hex::encode(Streebog256::digest(m)), h256);
        assert_eq!(hex::encode(Streebog512::digest(m)), h512);
        assert_eq!(hex::encode(RustCryptoStreebog256::digest(m)), h256);
        assert_eq!(hex::encode(RustCryptoStreebog512::digest(m)), h512);
    }
}

#[test]
fn streebog_matches_rustcrypto_on_all_lengths_and_split_points() {
    let data: Vec<u8> = (0..1000u32).map(|i| (i * 131 + 7) as u8).collect();
    for len in (0..300).chain([511, 512, 513, 640, 1000]) {
        let m = &data[..len];
        assert_eq!(Streebog256::digest(m), RustCryptoStreebog256::digest(m), "len {len}");
        assert_eq!(Streebog512::digest(m), RustCryptoStreebog512::digest(m), "len {len}");
        // Streaming in odd pieces gives the same result.
        let mut h = Streebog256::new();
        for piece in m.chunks(37) {
            h.update(piece);
        }
        assert_eq!(h.finalize(), RustCryptoStreebog256::digest(m), "streamed len {len}");
    }
}

#[test]
fn streebog_all_ff_sigma_carry() {
    // 0xFF blocks exercise the 512-bit carry in N/Sigma (reference: RustCrypto).
    let m = vec![0xffu8; 64 * 5 + 3];
    assert_eq!(Streebog512::digest(&m), RustCryptoStreebog512::digest(&m));
}

struct Example {
    params: ParamSet,
    d: &'static str,
    e: &'static str,
    k: &'static str,
    qx: &'static str,
    qy: &'static str,
    r: &'static str,
    s: &'static str,
}

const EX_256: Example = Example {
    params: ParamSet::Test256,
    d: "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28",
    e: "2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5",
    k: "77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3",
    qx: "7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B",
    qy: "26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA",
    r: "41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493",
    s: "01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40",
};

const EX_512: Example = Example {
    params: ParamSet::Tc26_512Test,
    d: "0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B102072E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4",
    e: "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C5917184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C",
    k: "0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F365886748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1",
    qx: "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1",
    qy: "37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC",
    r: "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD35492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36",
    s: "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A",
};

fn check_example(ex: &Example) {
    let d = PrivateKey::from_be_bytes(ex.params, &hex::decode(ex.d).unwrap()).unwrap();
    let pk = d.public_key();
    assert_eq!(pk.x, big(ex.qx), "{}: Qx", ex.params);
    assert_eq!(pk.y, big(ex.qy), "{}: Qy", ex.params);
    // The standard gives e as a number; the digest byte string whose
    // little-endian value is e is its big-endian hex reversed.
    let digest = rev_hex(ex.e);
    let sig = d.sign_digest_with_k(&digest, &big(ex.k)).unwrap();
    assert_eq!(sig.r, big(ex.r), "{}: r", ex.params);
    assert_eq!(sig.s, big(ex.s), "{}: s", ex.params);
    pk.verify_digest(&digest, &sig).unwrap();

    // CMS layout is s‖r big-endian.
    let n = ex.params.key_size().bytes();
    let cms = sig.to_cms_bytes(ex.params);
    assert_eq!(hex::encode_upper(&cms[..n]), format!("{:0>w$}", ex.s, w = 2 * n));
    assert_eq!(hex::encode_upper(&cms[n..]), format!("{:0>w$}", ex.r, w = 2 * n));
    assert_eq!(Signature::from_cms_bytes(ex.params, &cms).unwrap(), sig);
    assert_eq!(Signature::from_pkcs11_bytes(ex.params, &sig.to_pkcs11_bytes(ex.params)).unwrap(), sig);

    // Certificate encoding round-trips and is little-endian X then Y.
    let cert = pk.to_cert_bytes();
    assert_eq!(cert.len(), 2 * n);
    assert_eq!(hex::encode_upper(&cert[..n]), hex::encode_upper(rev_hex(&format!("{:0>w$}", ex.qx, w = 2 * n))));
    assert_eq!(PublicKey::from_cert_bytes(ex.params, &cert).unwrap(), pk);

    // Any modification breaks verification.
    let mut bad_digest = digest.clone();
    bad_digest[0] ^= 1;
    assert_eq!(pk.verify_digest(&bad_digest, &sig), Err(VerifyError::Mismatch));
    let bad_sig = Signature { r: sig.r.clone(), s: &sig.s + 1u32 };
    assert_eq!(pk.verify_digest(&digest, &bad_sig), Err(VerifyError::Mismatch));
    // The reversed digest byte order must NOT verify (pins the byte order).
    let mut reversed = digest.clone();
    reversed.reverse();
    assert_eq!(pk.verify_digest(&reversed, &sig), Err(VerifyError::Mismatch));
}

#[test]
fn gost_r_34_10_2012_example_256() {
    check_example(&EX_256);
}

#[test]
fn gost_r_34_10_2012_example_512() {
    check_example(&EX_512);
}
