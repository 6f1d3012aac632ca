//! Shared helpers for the OpenSSL interoperability tests: a minimal DER reader
//! and an `openssl` runner with the gost engine configured.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Path of the gost engine shipped by Debian's libengine-gost-openssl.
pub const GOST_ENGINE: &str = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";

/// One DER TLV: (tag, content, rest of input). Panics on malformed input.
pub fn tlv(input: &[u8]) -> (u8, &[u8], &[u8]) {
    try_tlv(input).expect("well-formed DER")
}

/// One DER TLV, `None` if `input` does not start with a complete TLV.
pub fn try_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *input.first()?;
    let first = *input.get(1)?;
    let (len, hdr) = if first & 0x80 == 0 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        let mut len = 0usize;
        for b in input.get(2..2 + n)? {
            len = (len << 8) | *b as usize;
        }
        (len, 2 + n)
    };
    Some((tag, input.get(hdr..hdr + len)?, &input[hdr + len..]))
}

/// Dotted form of an OID's content octets.
pub fn oid_to_string(content: &[u8]) -> String {
    let mut parts = vec![(content[0] / 40) as u64, (content[0] % 40) as u64];
    let mut acc = 0u64;
    for b in &content[1..] {
        acc = (acc << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            parts.push(acc);
            acc = 0;
        }
    }
    parts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(".")
}

/// `AlgorithmIdentifier { OID, SEQUENCE { paramSetOID, ... } }` → (alg, paramset).
pub fn alg_and_paramset(alg_id: &[u8]) -> (String, String) {
    let (_, oid, rest) = tlv(alg_id);
    let (_, params, _) = tlv(rest);
    let (_, ps, _) = tlv(params);
    (oid_to_string(oid), oid_to_string(ps))
}

/// PKCS#8 PrivateKeyInfo → (algorithm OID, paramset OID, raw private key octets).
pub fn parse_pkcs8(der: &[u8]) -> (String, String, Vec<u8>) {
    let (_, seq, _) = tlv(der);
    let (_, _version, rest) = tlv(seq);
    let (_, alg, rest) = tlv(rest);
    let (tag, key, _) = tlv(rest);
    assert_eq!(tag, 0x04, "privateKey OCTET STRING");
    // Newer engines store the raw little-endian key; older ones wrap it in a
    // further OCTET STRING or INTEGER.
    let key = match try_tlv(key) {
        Some((0x04, inner, [])) if inner.len() == 32 || inner.len() == 64 => inner.to_vec(),
        _ => key.to_vec(),
    };
    let (a, p) = alg_and_paramset(alg);
    (a, p, key)
}

/// SubjectPublicKeyInfo → (algorithm OID, paramset OID, X‖Y little-endian).
pub fn parse_spki(der: &[u8]) -> (String, String, Vec<u8>) {
    let (_, seq, _) = tlv(der);
    let (_, alg, rest) = tlv(seq);
    let (tag, bits, _) = tlv(rest);
    assert_eq!(tag, 0x03, "BIT STRING");
    assert_eq!(bits[0], 0, "no unused bits");
    let (tag, key, _) = tlv(&bits[1..]);
    assert_eq!(tag, 0x04, "OCTET STRING inside BIT STRING");
    let (a, p) = alg_and_paramset(alg);
    (a, p, key.to_vec())
}

/// A scratch directory with an OpenSSL config that loads the gost engine.
pub struct Openssl {
    pub dir: PathBuf,
    conf: PathBuf,
}

impl Openssl {
    /// `None` (with a message) if the gost engine is not installed.
    pub fn new(test: &str) -> Option<Openssl> {
        if !Path::new(GOST_ENGINE).exists() {
            eprintln!(
                "SKIPPED {test}: {GOST_ENGINE} is absent (apt-get install libengine-gost-openssl)"
            );
            return None;
        }
        let dir = std::env::temp_dir().join(format!("podpis-gost-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("openssl.cnf");
        std::fs::write(
            &conf,
            format!(
                "openssl_conf = openssl_init\n[openssl_init]\nengines = engine_section\n\
                 [engine_section]\ngost = gost_section\n[gost_section]\nengine_id = gost\n\
                 dynamic_path = {GOST_ENGINE}\ndefault_algorithms = ALL\n"
            ),
        )
        .unwrap();
        Some(Openssl { dir, conf })
    }

    /// Path inside the scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Runs `openssl args...` in the scratch directory; returns (success, stdout+stderr).
    pub fn run(&self, args: &[&str]) -> (bool, String) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(&self.dir)
            .env("OPENSSL_CONF", &self.conf)
            .output()
            .expect("openssl binary");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    /// Like [`Openssl::run`] but panics with the output on failure.
    pub fn ok(&self, args: &[&str]) -> String {
        let (ok, text) = self.run(args);
        assert!(ok, "openssl {args:?} failed:\n{text}");
        text
    }
}

impl Drop for Openssl {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
