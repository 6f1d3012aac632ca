//! Object identifiers of the GOST R 34.10/34.11-2012 algorithms as used in
//! X.509 certificates and CMS (RFC 9215, RFC 7836), in dotted form.

/// id-tc26-gost3410-12-256: GOST R 34.10-2012 public key, 256-bit.
pub const GOST3410_12_256: &str = "1.2.643.7.1.1.1.1";
/// id-tc26-gost3410-12-512: GOST R 34.10-2012 public key, 512-bit.
pub const GOST3410_12_512: &str = "1.2.643.7.1.1.1.2";
/// id-tc26-gost3411-12-256: Streebog-256 digest algorithm.
pub const GOST3411_12_256: &str = "1.2.643.7.1.1.2.2";
/// id-tc26-gost3411-12-512: Streebog-512 digest algorithm.
pub const GOST3411_12_512: &str = "1.2.643.7.1.1.2.3";
/// id-tc26-signwithdigest-gost3410-12-256: signature with Streebog-256.
pub const SIGNWITHDIGEST_GOST3410_12_256: &str = "1.2.643.7.1.1.3.2";
/// id-tc26-signwithdigest-gost3410-12-512: signature with Streebog-512.
pub const SIGNWITHDIGEST_GOST3410_12_512: &str = "1.2.643.7.1.1.3.3";
