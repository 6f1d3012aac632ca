//! Parameter-set lookup, key/signature parsing errors and sign/verify
//! round-trips on every parameter set.

use num_bigint::BigUint;
use podpis_gost::{oid, GostError, HashAlg, KeySize, ParamSet, PrivateKey, PublicKey, Signature, VerifyError};
use rand::rngs::StdRng;
use rand::SeedableRng;

#[test]
fn param_set_oids_names_and_sizes() {
    let table = [
        ("1.2.643.2.2.35.1", "CryptoPro-A", KeySize::Bits256),
        ("1.2.643.2.2.35.2", "CryptoPro-B", KeySize::Bits256),
        ("1.2.643.2.2.35.3", "CryptoPro-C", KeySize::Bits256),
        ("1.2.643.2.2.36.0", "CryptoPro-XchA", KeySize::Bits256),
        ("1.2.643.2.2.36.1", "CryptoPro-XchB", KeySize::Bits256),
        ("1.2.643.7.1.2.1.1.1", "tc26-256-A", KeySize::Bits256),
        ("1.2.643.7.1.2.1.1.2", "tc26-256-B", KeySize::Bits256),
        ("1.2.643.7.1.2.1.1.3", "tc26-256-C", KeySize::Bits256),
        ("1.2.643.7.1.2.1.1.4", "tc26-256-D", KeySize::Bits256),
        ("1.2.643.7.1.2.1.2.1", "tc26-512-A", KeySize::Bits512),
        ("1.2.643.7.1.2.1.2.2", "tc26-512-B", KeySize::Bits512),
        ("1.2.643.7.1.2.1.2.3", "tc26-512-C", KeySize::Bits512),
    ];
    for (o, name, size) in table {
        let ps = ParamSet::from_oid(o).unwrap_or_else(|| panic!("{o} unknown"));
        assert_eq!(ps.oid(), o);
        assert_eq!(ps.name(), name);
        assert_eq!(ps.key_size(), size);
        assert_eq!(name.parse::<ParamSet>().unwrap(), ps);
        assert!(!ps.is_test());
    }
    assert_eq!(ParamSet::from_oid("1.2.643.7.1.2.1.2.9"), None);
    assert!(matches!("nope".parse::<ParamSet>(), Err(GostError::UnknownParamSet(_))));
    assert_eq!(ParamSet::CryptoProA.hash(), HashAlg::Streebog256);
    assert_eq!(ParamSet::Tc26_512B.hash(), HashAlg::Streebog512);
    assert_eq!(HashAlg::Streebog256.oid(), oid::GOST3411_12_256);
    assert_eq!(KeySize::Bits512.signature_oid(), "1.2.643.7.1.1.3.3");
    assert_eq!(KeySize::Bits256.public_key_oid(), "1.2.643.7.1.1.1.1");
}

#[test]
fn aliases_share_curves() {
    assert_eq!(ParamSet::CryptoProXchA.curve(), ParamSet::CryptoProA.curve());
    assert_eq!(ParamSet::Tc26_256B.curve(), ParamSet::CryptoProA.curve());
    assert_eq!(ParamSet::Tc26_256C.curve(), ParamSet::CryptoProB.curve());
    assert_eq!(ParamSet::Tc26_256D.curve(), ParamSet::CryptoProC.curve());
    assert_eq!(ParamSet::CryptoProXchB.curve(), ParamSet::CryptoProC.curve());
    assert_ne!(ParamSet::Tc26_256A.curve(), ParamSet::CryptoProA.curve());
}

#[test]
fn sign_verify_round_trip_every_param_set() {
    let mut rng = StdRng::seed_from_u64(7);
    for ps in ParamSet::ALL {
        let key = PrivateKey::generate(ps, &mut rng);
        let pk = key.public_key();
        let msg = format!("message for {ps}");
        let sig = key.sign_message(msg.as_bytes(), &mut rng);
        pk.verify_message(msg.as_bytes(), &sig).unwrap_or_else(|e| panic!("{ps}: {e}"));
        assert_eq!(pk.verify_message(b"other", &sig), Err(VerifyError::Mismatch), "{ps}");
        // Key encodings round-trip.
        assert_eq!(PrivateKey::from_le_bytes(ps, &key.to_le_bytes()).unwrap(), key);
        assert_eq!(PrivateKey::from_be_bytes(ps, &key.to_be_bytes()).unwrap(), key);
        assert_eq!(PublicKey::from_cert_bytes(ps, &pk.to_cert_bytes()).unwrap(), pk);
        assert_eq!(PublicKey::from_spki_key_octets(ps, &pk.to_spki_key_octets()).unwrap(), pk);
        pk.validate_subgroup().unwrap();
    }
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let ps = ParamSet::CryptoProA;
    let q = ps.curve().q;
    // Private key range.
    assert_eq!(PrivateKey::from_le_bytes(ps, &[0u8; 32]), Err(GostError::PrivateKeyOutOfRange));
    let mut q_be = q.to_bytes_be();
    q_be.resize(32, 0);
    assert_eq!(PrivateKey::from_be_bytes(ps, &q_be), Err(GostError::PrivateKeyOutOfRange));
    assert!(matches!(PrivateKey::from_le_bytes(ps, &[1u8; 31]), Err(GostError::InvalidLength { .. })));
    // Public key: wrong length, point off the curve, coordinates >= p.
    assert!(matches!(PublicKey::from_cert_bytes(ps, &[1u8; 63]), Err(GostError::InvalidLength { .. })));
    assert_eq!(PublicKey::from_cert_bytes(ps, &[1u8; 64]), Err(GostError::InvalidPoint));
    assert_eq!(PublicKey::from_cert_bytes(ps, &[0xffu8; 64]), Err(GostError::InvalidPoint));
    // Signature range and lengths.
    let mut rng = StdRng::seed_from_u64(1);
    let key = PrivateKey::generate(ps, &mut rng);
    let pk = key.public_key();
    let digest = [5u8; 32];
    let sig = key.sign_digest(&digest, &mut rng);
    pk.verify_digest(&digest, &sig).unwrap();
    let zero_r = Signature { r: BigUint::from(0u32), s: sig.s.clone() };
    assert_eq!(pk.verify_digest(&digest, &zero_r), Err(VerifyError::OutOfRange));
    let big_s = Signature { r: sig.r.clone(), s: q.clone() };
    assert_eq!(pk.verify_digest(&digest, &big_s), Err(VerifyError::OutOfRange));
    assert_eq!(pk.verify_digest(&[5u8; 64], &sig), Err(VerifyError::DigestLength { expected: 32, got: 64 }));
    assert!(matches!(Signature::from_cms_bytes(ps, &[0u8; 65]), Err(GostError::InvalidLength { .. })));
    // A hand-built off-curve key is reported as such.
    let off = PublicKey { params: ps, x: pk.x.clone(), y: &pk.y + 1u32 };
    assert_eq!(off.verify_digest(&digest, &sig), Err(VerifyError::InvalidPublicKey));
    // SPKI OCTET STRING wrapper: wrong header is an error.
    let mut octets = pk.to_spki_key_octets();
    assert_eq!(&octets[..2], &[0x04, 0x40]);
    octets[1] = 0x41;
    assert!(matches!(PublicKey::from_spki_key_octets(ps, &octets), Err(GostError::InvalidLength { .. })));
    // A valid signature under another key fails.
    let other = PrivateKey::generate(ps, &mut rng).public_key();
    assert_eq!(other.verify_digest(&digest, &sig), Err(VerifyError::Mismatch));
}

#[test]
fn zero_digest_uses_e_equal_one() {
    // e = 0 mod q must be replaced by 1: a digest equal to q (little-endian)
    // and the digest 1 must produce interchangeable signatures.
    let ps = ParamSet::CryptoProB;
    let q = ps.curve().q;
    let mut q_le = q.to_bytes_le();
    q_le.resize(32, 0);
    let mut one = [0u8; 32];
    one[0] = 1;
    let mut rng = StdRng::seed_from_u64(3);
    let key = PrivateKey::generate(ps, &mut rng);
    let sig = key.sign_digest(&q_le, &mut rng);
    key.public_key().verify_digest(&one, &sig).unwrap();
}
