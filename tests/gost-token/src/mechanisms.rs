//! PKCS#11 GOST constants (PKCS#11 v2.40 and the TC26 vendor extension) and the
//! mechanism table of the test token.
//!
//! The TC26 values are `NSSCK_VENDOR_PKCS11_RU_TEAM` (`0xD4321000`) based, as in
//! the TC 26 "PKCS#11 extensions for Russian cryptography" document and in the
//! OpenSC / Rutoken headers (`CKK_GOSTR3410_512 = 0xD4321003`,
//! `CKM_GOSTR3410_512 = 0xD4321006`, `CKM_GOSTR3410_WITH_GOSTR3411_12_256 =
//! 0xD4321008`, `..._512 = 0xD4321009`, `CKM_GOSTR3411_12_256 = 0xD4321012`,
//! `CKM_GOSTR3411_12_512 = 0xD4321013`).

use cryptoki_sys::*;

/// Vendor base of the TC26 (Russian PKCS#11 team) extension.
pub const NSSCK_VENDOR_PKCS11_RU_TEAM: CK_ULONG = 0xD432_1000;
/// `CKK_GOSTR3410` — 256-bit GOST R 34.10 keys (PKCS#11 v2.40).
pub const CKK_GOSTR3410_256: CK_KEY_TYPE = 0x30;
/// `CKK_GOSTR3410_512` — 512-bit GOST R 34.10-2012 keys (TC26).
pub const CKK_GOSTR3410_512: CK_KEY_TYPE = NSSCK_VENDOR_PKCS11_RU_TEAM | 0x003;
/// `CKA_GOSTR3410_PARAMS` — DER OID of the curve parameter set.
pub const CKA_GOSTR3410_PARAMS_: CK_ATTRIBUTE_TYPE = 0x250;
/// `CKA_GOSTR3411_PARAMS` — DER OID of the hash.
pub const CKA_GOSTR3411_PARAMS_: CK_ATTRIBUTE_TYPE = 0x251;
/// `CKM_GOSTR3410` — raw signature of a 32-byte (or, here, 64-byte) digest.
pub const CKM_GOSTR3410_RAW: CK_MECHANISM_TYPE = 0x1201;
/// `CKM_GOSTR3410_512` — raw signature of a 64-byte digest (TC26).
pub const CKM_GOSTR3410_512_RAW: CK_MECHANISM_TYPE = NSSCK_VENDOR_PKCS11_RU_TEAM | 0x006;
/// `CKM_GOSTR3410_WITH_GOSTR3411_12_256` — Streebog-256 then sign (TC26).
pub const CKM_GOSTR3410_WITH_GOSTR3411_12_256: CK_MECHANISM_TYPE = NSSCK_VENDOR_PKCS11_RU_TEAM | 0x008;
/// `CKM_GOSTR3410_WITH_GOSTR3411_12_512` — Streebog-512 then sign (TC26).
pub const CKM_GOSTR3410_WITH_GOSTR3411_12_512: CK_MECHANISM_TYPE = NSSCK_VENDOR_PKCS11_RU_TEAM | 0x009;
/// `CKM_GOSTR3411_12_256` — Streebog-256 digest (TC26).
pub const CKM_GOSTR3411_12_256: CK_MECHANISM_TYPE = NSSCK_VENDOR_PKCS11_RU_TEAM | 0x012;
/// `CKM_GOSTR3411_12_512` — Streebog-512 digest (TC26).
pub const CKM_GOSTR3411_12_512: CK_MECHANISM_TYPE = NSSCK_VENDOR_PKCS11_RU_TEAM | 0x013;

/// What a mechanism does, as far as this token is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MechanismKind {
    /// Sign a caller-supplied digest (32 or 64 bytes).
    RawSign,
    /// Hash with Streebog of `.0` bytes, then sign; key must be `.0 * 8` bits.
    HashSign(usize),
    /// Streebog digest of `.0` bytes.
    Digest(usize),
}

/// One row of the mechanism table.
#[derive(Debug, Clone, Copy)]
pub struct MechanismSpec {
    /// The mechanism type.
    pub mechanism: CK_MECHANISM_TYPE,
    /// Its behaviour.
    pub kind: MechanismKind,
    /// `CK_MECHANISM_INFO` reported for it.
    pub min_key_bits: CK_ULONG,
    /// Largest key size (bits).
    pub max_key_bits: CK_ULONG,
    /// `CK_MECHANISM_INFO.flags`.
    pub flags: CK_FLAGS,
}

/// All mechanisms the test token announces, in `C_GetMechanismList` order.
pub const MECHANISMS: &[MechanismSpec] = &[
    MechanismSpec { mechanism: CKM_GOSTR3410_RAW, kind: MechanismKind::RawSign, min_key_bits: 256, max_key_bits: 512, flags: CKF_HW | CKF_SIGN },
    MechanismSpec { mechanism: CKM_GOSTR3410_512_RAW, kind: MechanismKind::RawSign, min_key_bits: 512, max_key_bits: 512, flags: CKF_HW | CKF_SIGN },
    MechanismSpec { mechanism: CKM_GOSTR3410_WITH_GOSTR3411_12_256, kind: MechanismKind::HashSign(32), min_key_bits: 256, max_key_bits: 256, flags: CKF_HW | CKF_SIGN },
    MechanismSpec { mechanism: CKM_GOSTR3410_WITH_GOSTR3411_12_512, kind: MechanismKind::HashSign(64), min_key_bits: 512, max_key_bits: 512, flags: CKF_HW | CKF_SIGN },
    MechanismSpec { mechanism: CKM_GOSTR3411_12_256, kind: MechanismKind::Digest(32), min_key_bits: 0, max_key_bits: 0, flags: CKF_HW | CKF_DIGEST },
    MechanismSpec { mechanism: CKM_GOSTR3411_12_512, kind: MechanismKind::Digest(64), min_key_bits: 0, max_key_bits: 0, flags: CKF_HW | CKF_DIGEST },
];

/// Looks a mechanism up in [`MECHANISMS`].
pub fn find(mechanism: CK_MECHANISM_TYPE) -> Option<&'static MechanismSpec> {
    MECHANISMS.iter().find(|m| m.mechanism == mechanism)
}

/// Streebog of `len` (32 or 64) bytes over `data`, in the byte order the
/// `streebog` crate and `openssl dgst -streebog256/512` print.
pub fn streebog(len: usize, data: &[u8]) -> Vec<u8> {
    if len == 64 {
        podpis_gost::digest::streebog512(data).to_vec()
    } else {
        podpis_gost::digest::streebog256(data).to_vec()
    }
}
