//! `authenticate`: certificate login. Checks the challenge size and the
//! user's consent (whose digest is the challenge itself).

use podpis_protocol::limits::{CHALLENGE_MAX_BYTES, CHALLENGE_MIN_BYTES};
use podpis_protocol::{AuthenticateArgs, ConsentOperation, ErrorCode, Origin};

use super::{decode_b64, fail, Failure};
use crate::backend::AuthJob;
use crate::consent::{now_ms, ConsentVerifier, Expected};

/// Validates an `authenticate` request.
pub fn prepare(origin: &Origin, args: AuthenticateArgs, consent: &mut ConsentVerifier) -> Result<AuthJob, Failure> {
    if origin.is_extension() {
        return Err(fail(ErrorCode::OriginNotAllowed, "extension pages cannot log in"));
    }
    let challenge = decode_b64("challenge", &args.challenge)?;
    if !(CHALLENGE_MIN_BYTES..=CHALLENGE_MAX_BYTES).contains(&challenge.len()) {
        return Err(fail(
            ErrorCode::BadRequest,
            format!("challenge must be {CHALLENGE_MIN_BYTES}..={CHALLENGE_MAX_BYTES} bytes, got {}", challenge.len()),
        ));
    }
    let expected = Expected {
        operation: ConsentOperation::Authenticate,
        origin: origin.as_str(),
        certificate: &args.certificate,
        digest_algorithm: None,
        digest: &challenge,
    };
    consent.verify(args.consent.as_ref(), &expected, now_ms()).map_err(|e| fail(e.code(), e.to_string()))?;
    Ok(AuthJob { origin: origin.as_str().to_string(), certificate: args.certificate, challenge })
}
