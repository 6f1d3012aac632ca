//! `sign`: works out exactly what is to be signed, checks the user's
//! consent for it, and builds the job for the token layer.
//!
//! The host never trusts a digest it did not compute itself unless the
//! page sent a digest as input (then the consent must name that digest).
//! `cms-attached` needs the data itself, so it is refused for digest and
//! stream inputs (`UNSUPPORTED_FORMAT`).

use podpis_protocol::{ConsentOperation, DigestAlgorithm, ErrorCode, Origin, SignArgs, SignFormat, SignInput};

use super::{decode_b64, fail, Failure};
use crate::backend::{Payload, SignJob};
use crate::consent::{now_ms, ConsentVerifier, Expected};
use crate::streams::StreamTable;

/// Validates a `sign` request and consumes its stream (if any).
pub fn prepare(
    origin: &Origin,
    args: SignArgs,
    streams: &mut StreamTable,
    consent: &mut ConsentVerifier,
) -> Result<SignJob, Failure> {
    if origin.is_extension() {
        return Err(fail(ErrorCode::OriginNotAllowed, "extension pages cannot sign"));
    }
    let requested = args.digest_algorithm.or(args.consent.as_ref().and_then(|c| c.digest_algorithm));
    let need_alg = || requested.ok_or_else(|| fail(ErrorCode::BadRequest, "digestAlgorithm is required"));
    let attached = args.format == SignFormat::CmsAttached;
    let mut stream_id = None;
    let (alg, digest, payload) = match &args.input {
        SignInput::Data { data } => {
            let data = decode_b64("input.data", data)?;
            let alg = need_alg()?;
            let digest = podpis_digest::digest(alg, &data);
            let payload = if attached { Payload::Data { alg, data } } else { Payload::Digest { alg, digest: digest.clone() } };
            (alg, digest, payload)
        }
        SignInput::Digest { digest } => {
            if attached {
                return Err(fail(ErrorCode::UnsupportedFormat, "cms-attached needs the data, not a digest"));
            }
            let alg = need_alg()?;
            let digest = decode_b64("input.digest", digest)?;
            check_len(alg, &digest)?;
            (alg, digest.clone(), Payload::Digest { alg, digest })
        }
        SignInput::Stream { stream } => {
            if attached {
                return Err(fail(ErrorCode::UnsupportedFormat, "cms-attached is not available for streams"));
            }
            let f = streams.peek(origin.as_str(), stream).map_err(|e| fail(e.code(), e.to_string()))?;
            if args.digest_algorithm.is_some_and(|a| a != f.algorithm) {
                return Err(fail(ErrorCode::BadRequest, "digestAlgorithm differs from the stream's"));
            }
            stream_id = Some(stream.clone());
            (f.algorithm, f.digest.clone(), Payload::Digest { alg: f.algorithm, digest: f.digest })
        }
    };
    let expected = Expected {
        operation: ConsentOperation::Sign,
        origin: origin.as_str(),
        certificate: &args.certificate,
        digest_algorithm: Some(alg),
        digest: &digest,
    };
    consent.verify(args.consent.as_ref(), &expected, now_ms()).map_err(|e| fail(e.code(), e.to_string()))?;
    if let Some(id) = stream_id {
        streams.finish(origin.as_str(), &id).map_err(|e| fail(e.code(), e.to_string()))?;
    }
    Ok(SignJob {
        origin: origin.as_str().to_string(),
        certificate: args.certificate,
        payload,
        format: args.format,
        signature_scheme: args.signature_scheme.unwrap_or_default(),
        ecdsa_encoding: args.ecdsa_encoding.unwrap_or_default(),
        document_name: args.document_name,
    })
}

fn check_len(alg: DigestAlgorithm, digest: &[u8]) -> Result<(), Failure> {
    if digest.len() != alg.output_len() {
        return Err(fail(
            ErrorCode::BadRequest,
            format!("a {} digest has {} bytes, got {}", alg.as_str(), alg.output_len(), digest.len()),
        ));
    }
    Ok(())
}
