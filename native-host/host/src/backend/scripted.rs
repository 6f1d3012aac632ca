//! A scripted token backend for the host's own integration tests and
//! benchmarks (debug builds, or the `test-backend` feature only).
//! Selected with `PODPIS_TEST_BACKEND=scripted`; behaviour from
//! `PODPIS_TEST_SIGN_MS` (how long `sign`/`authenticate` "wait for the
//! PIN", checking cancellation) and `PODPIS_TEST_CERTS` (how many
//! certificates `list-certificates` returns, each with a 4 KiB DER).
//! `list-tokens` also prints to stdout, as a chatty module might.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use podpis_protocol::{
    AuthToken, CertificateFilter, CertificateInfo, CertificateKind, ErrorCode, KeyInfo, ModuleStatus, SignResult,
    SubjectInfo, TokenFlags, TokenInfo, TokenRef,
};

use super::{AuthJob, BackendError, Payload, SignJob, TokenBackend};
use crate::cancel::Cancel;

/// The scripted backend.
pub struct Scripted {
    sign_ms: u64,
    certs: usize,
}

fn token_ref() -> TokenRef {
    TokenRef { module: "scripted".into(), serial: "0001".into() }
}

impl Scripted {
    /// Reads the script from the environment.
    pub fn from_env() -> Scripted {
        let num = |n: &str, d: u64| std::env::var(n).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
        Scripted { sign_ms: num("PODPIS_TEST_SIGN_MS", 0), certs: num("PODPIS_TEST_CERTS", 1) as usize }
    }

    fn wait(&self, cancel: &Cancel) -> Result<(), BackendError> {
        let end = Instant::now() + Duration::from_millis(self.sign_ms);
        while Instant::now() < end {
            if cancel.is_cancelled() {
                return Err(BackendError::new(ErrorCode::Cancelled, "cancelled"));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        Ok(())
    }
}

impl TokenBackend for Scripted {
    fn module_status(&self) -> Vec<ModuleStatus> {
        vec![ModuleStatus {
            path: "scripted".into(),
            loaded: true,
            description: Some("scripted test module".into()),
            library_version: Some("0.0".into()),
            error: None,
        }]
    }
    fn list_tokens(&self) -> Result<Vec<TokenInfo>, BackendError> {
        // Like a chatty PKCS#11 module: must end up in the log, never
        // between frames.
        println!("stray stdout output from a library");
        Ok(vec![TokenInfo {
            token: token_ref(),
            slot: 0,
            label: "scripted".into(),
            manufacturer: "podpis".into(),
            model: "test".into(),
            serial: "0001".into(),
            flags: TokenFlags { login_required: true, initialized: true, user_pin_initialized: true, ..Default::default() },
        }])
    }
    fn list_certificates(&self, _: &CertificateFilter) -> Result<Vec<CertificateInfo>, BackendError> {
        Ok((0..self.certs)
            .map(|i| CertificateInfo {
                thumbprint: format!("{i:040x}"),
                thumbprint_sha256: format!("{i:064x}"),
                token: token_ref(),
                token_label: "scripted".into(),
                key_id: format!("{i:02x}"),
                subject: SubjectInfo { common_name: Some(format!("Тестов Тест {i}")), ..Default::default() },
                issuer: SubjectInfo { common_name: Some("Тестовый УЦ".into()), ..Default::default() },
                serial_number: format!("{i:x}"),
                not_before: "2025-01-01T00:00:00Z".into(),
                not_after: "2035-01-01T00:00:00Z".into(),
                key_usage: vec!["digitalSignature".into()],
                extended_key_usage: Vec::new(),
                key: KeyInfo { algorithm: "gost2012-256".into(), bits: 256, parameters: None, parameters_oid: None },
                kind: CertificateKind::Individual,
                warnings: Vec::new(),
                der: B64.encode(vec![(i % 251) as u8; 4096]),
            })
            .collect())
    }
    fn sign(&self, job: &SignJob, cancel: &Cancel) -> Result<SignResult, BackendError> {
        self.wait(cancel)?;
        let (alg, digest) = match &job.payload {
            Payload::Digest { alg, digest } => (*alg, digest.clone()),
            Payload::Data { alg, data } => (*alg, podpis_digest::digest(*alg, data)),
        };
        Ok(SignResult {
            format: job.format,
            signature: B64.encode(&digest),
            algorithm: "scripted".into(),
            digest_algorithm: alg,
            digest: B64.encode(&digest),
            certificate: B64.encode(job.certificate.as_bytes()),
        })
    }
    fn authenticate(&self, job: &AuthJob, cancel: &Cancel) -> Result<AuthToken, BackendError> {
        self.wait(cancel)?;
        Ok(AuthToken {
            format: podpis_protocol::AUTH_TOKEN_FORMAT.into(),
            certificate: B64.encode(job.certificate.as_bytes()),
            algorithm: "scripted".into(),
            signature: B64.encode(&job.challenge),
            app_version: format!("podpis-host/{}", crate::HOST_VERSION),
        })
    }
    fn pinentry(&self) -> Option<String> {
        Some("scripted".into())
    }
}
