//! Test PKI on a private SoftHSM2 token, shared by one test binary.
//!
//! Include with `#[path = "../../../tests/pki/fixture.rs"] mod fixture;`.
//! Creates a temp token dir and `SOFTHSM2_CONF`, initializes the token,
//! generates RSA-2048 / P-256 / P-384 keys ON the token with cryptoki,
//! then runs `make-pki.sh` to issue and import the certificates.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectHandle};
use cryptoki::session::{Session, UserType};
use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, UintRef};
use der::{Decode, Encode, Sequence};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

/// The SoftHSM2 module.
pub const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
/// Token label.
pub const LABEL: &str = "Podpis Test";
/// User PIN.
pub const PIN: &str = "12345678";

/// The generated PKI.
pub struct Pki {
    /// Directory with `ca.pem`, `other-ca.pem`, `<id>.der`, `<id>.pem`, `pub<id>.pem`.
    pub dir: PathBuf,
}

impl Pki {
    /// DER of certificate `id` ("01" …).
    pub fn cert(&self, id: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(format!("{id}.der"))).expect("cert file")
    }
    /// SHA-1 thumbprint of certificate `id`.
    pub fn thumb(&self, id: &str) -> String {
        use sha1::Digest;
        hex::encode(sha1::Sha1::digest(self.cert(id)))
    }
    /// Path of a file in the PKI dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

#[derive(Sequence)]
struct RsaPub<'a> {
    n: UintRef<'a>,
    e: UintRef<'a>,
}

fn attr(session: &Session, h: ObjectHandle, t: AttributeType) -> Vec<u8> {
    let a = session.get_attributes(h, &[t]).expect("get attribute");
    match a.into_iter().next() {
        Some(Attribute::Modulus(v)) | Some(Attribute::PublicExponent(v)) | Some(Attribute::EcPoint(v)) => v,
        other => panic!("unexpected attribute {other:?}"),
    }
}

fn gen_rsa(session: &Session, id: u8) -> Vec<u8> {
    let (pubk, _) = session
        .generate_key_pair(
            &Mechanism::RsaPkcsKeyPairGen,
            &[
                Attribute::Token(true),
                Attribute::Verify(true),
                Attribute::ModulusBits(2048.into()),
                Attribute::PublicExponent(vec![1, 0, 1]),
                Attribute::Id(vec![id]),
                Attribute::Label(format!("key{id:02}").into_bytes()),
            ],
            &[
                Attribute::Token(true),
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Sign(true),
                Attribute::Id(vec![id]),
                Attribute::Label(format!("key{id:02}").into_bytes()),
            ],
        )
        .expect("RSA keygen");
    let n = attr(session, pubk, AttributeType::Modulus);
    let e = attr(session, pubk, AttributeType::PublicExponent);
    let pk = RsaPub { n: UintRef::new(&n).unwrap(), e: UintRef::new(&e).unwrap() }.to_der().unwrap();
    SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::RSA_ENCRYPTION,
            parameters: Some(der::asn1::Null.into()),
        },
        subject_public_key: BitString::from_bytes(&pk).unwrap(),
    }
    .to_der()
    .unwrap()
}

fn gen_ec(session: &Session, id: u8, curve: &str) -> Vec<u8> {
    let curve_oid = ObjectIdentifier::new_unwrap(curve);
    let (pubk, _) = session
        .generate_key_pair(
            &Mechanism::EccKeyPairGen,
            &[
                Attribute::Token(true),
                Attribute::Verify(true),
                Attribute::EcParams(curve_oid.to_der().unwrap()),
                Attribute::Id(vec![id]),
                Attribute::Label(format!("key{id:02}").into_bytes()),
            ],
            &[
                Attribute::Token(true),
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Sign(true),
                Attribute::Id(vec![id]),
                Attribute::Label(format!("key{id:02}").into_bytes()),
            ],
        )
        .expect("EC keygen");
    let point_der = attr(session, pubk, AttributeType::EcPoint);
    let point = OctetString::from_der(&point_der).map(|o| o.as_bytes().to_vec()).unwrap_or(point_der);
    SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: ObjectIdentifier::new_unwrap("1.2.840.10045.2.1"),
            parameters: Some(Any::encode_from(&curve_oid).unwrap()),
        },
        subject_public_key: BitString::from_bytes(&point).unwrap(),
    }
    .to_der()
    .unwrap()
}

fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("spawn");
    assert!(out.status.success(), "{cmd:?}: {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// Builds the PKI once per test binary.
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let base = tempfile::Builder::new().prefix("podpis-pki-").tempdir().unwrap().keep();
        let tokens = base.join("tokens");
        std::fs::create_dir_all(&tokens).unwrap();
        let conf = base.join("softhsm2.conf");
        std::fs::write(&conf, format!("directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n", tokens.display())).unwrap();
        // SAFETY-free in edition 2021; set before the module is loaded.
        std::env::set_var("SOFTHSM2_CONF", &conf);
        run(Command::new("softhsm2-util").args(["--init-token", "--free", "--label", LABEL, "--so-pin", "87654321", "--pin", PIN]));
        let out = base.join("pki");
        std::fs::create_dir_all(&out).unwrap();
        let m = podpis_token::module::load(Path::new(MODULE)).expect("load SoftHSM2");
        let slot = m
            .ctx
            .get_slots_with_token()
            .unwrap()
            .into_iter()
            .find(|s| m.ctx.get_token_info(*s).map(|t| t.label().trim() == LABEL).unwrap_or(false))
            .expect("token slot");
        {
            let session = m.ctx.open_rw_session(slot).unwrap();
            session.login(UserType::User, Some(&PIN.to_string().into())).unwrap();
            for (id, spki) in [
                (1u8, gen_rsa(&session, 1)),
                (2, gen_ec(&session, 2, "1.2.840.10045.3.1.7")),
                (3, gen_ec(&session, 3, "1.3.132.0.34")),
                (4, gen_rsa(&session, 4)),
                (6, gen_rsa(&session, 6)),
            ] {
                std::fs::write(out.join(format!("pub{id:02}.der")), &spki).unwrap();
                std::fs::write(out.join(format!("pub{id:02}.pem")), pem("PUBLIC KEY", &spki)).unwrap();
            }
            session.logout().unwrap();
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pki/make-pki.sh");
        run(Command::new("bash").arg(script).arg(&out).arg(MODULE).arg(LABEL).arg(PIN));
        Pki { dir: out }
    })
}
