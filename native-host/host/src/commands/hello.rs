//! `hello`: version handshake; hands out the connection's consent key.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use podpis_protocol::{CommandName, DigestAlgorithm, ErrorCode, HelloArgs, HelloResult, PROTOCOL_VERSION};

use super::{fail, Failure};
use crate::HOST_VERSION;

/// Signature algorithms the host can produce.
pub const ALGORITHMS: &[&str] = &["rsa-pkcs1", "rsa-pss", "ecdsa", "gost2012-256", "gost2012-512"];
/// Digest algorithms.
pub const DIGESTS: &[DigestAlgorithm] = &[
    DigestAlgorithm::Sha256,
    DigestAlgorithm::Sha384,
    DigestAlgorithm::Sha512,
    DigestAlgorithm::Streebog256,
    DigestAlgorithm::Streebog512,
];
/// Signature formats.
pub const FORMATS: &[&str] = &["raw", "cms-detached", "cms-attached"];

fn major(v: &str) -> Option<u32> {
    let (major, minor) = v.split_once('.').unwrap_or((v, "0"));
    minor.parse::<u32>().ok()?;
    major.parse().ok()
}

/// Checks the version and builds the result.
pub fn run(args: &HelloArgs, consent_key: &[u8; 32]) -> Result<HelloResult, Failure> {
    let ours = major(PROTOCOL_VERSION);
    if major(&args.protocol).is_none() || major(&args.protocol) != ours {
        return Err(fail(
            ErrorCode::ProtocolMismatch,
            format!("extension speaks protocol {:?}, host speaks {PROTOCOL_VERSION}", args.protocol),
        ));
    }
    Ok(HelloResult {
        host_version: HOST_VERSION.to_string(),
        protocol: PROTOCOL_VERSION.to_string(),
        commands: CommandName::ALL.iter().map(|c| c.as_str().to_string()).collect(),
        algorithms: ALGORITHMS.iter().map(|s| s.to_string()).collect(),
        digests: DIGESTS.iter().map(|d| d.as_str().to_string()).collect(),
        formats: FORMATS.iter().map(|s| s.to_string()).collect(),
        consent_key: B64.encode(consent_key),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_same_major_only() {
        let args = |p: &str| HelloArgs { protocol: p.into(), extension_version: None };
        assert!(run(&args("1.0"), &[0; 32]).is_ok());
        assert!(run(&args("1.7"), &[0; 32]).is_ok());
        for bad in ["2.0", "0.9", "x", "1.x", ""] {
            assert_eq!(run(&args(bad), &[0; 32]).unwrap_err().code, ErrorCode::ProtocolMismatch, "{bad}");
        }
    }
}
