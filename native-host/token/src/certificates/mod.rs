//! Certificates on tokens: finding certificate/private-key pairs, parsing,
//! Russian attributes, classification and filters.

pub mod classify;
pub mod parse;
pub mod russian_attributes;

use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass, ObjectHandle};
use cryptoki::session::Session;
use podpis_protocol::{CertificateFilter, CertificateInfo};

use crate::TokenError;
pub use parse::{parse, ParsedCertificate};

/// A certificate object on a token with its `CKA_ID`.
#[derive(Debug, Clone)]
pub struct TokenCertificate {
    /// `CKA_ID`.
    pub id: Vec<u8>,
    /// The parsed certificate.
    pub cert: ParsedCertificate,
}

fn attr_bytes(session: &Session, obj: ObjectHandle, t: AttributeType) -> Result<Option<Vec<u8>>, TokenError> {
    let attrs = match session.get_attributes(obj, &[t]) {
        Ok(a) => a,
        // An object that cannot be read any more — deleted, or a private
        // object after another operation's C_Logout (SoftHSM2 then says
        // CKR_OBJECT_HANDLE_INVALID or CKR_GENERAL_ERROR) — is skipped;
        // a removed token is reported.
        Err(e) => {
            let err = TokenError::pkcs11("C_GetAttributeValue", e);
            if matches!(err, TokenError::TokenRemoved) {
                return Err(err);
            }
            tracing::debug!(error = %err, "skipping unreadable object");
            return Ok(None);
        }
    };
    Ok(attrs.into_iter().find_map(|a| match a {
        Attribute::Id(v) | Attribute::Value(v) => Some(v),
        _ => None,
    }))
}

/// The `CKA_ID`s of all private keys visible in `session`.
pub fn private_key_ids(session: &Session) -> Result<Vec<Vec<u8>>, TokenError> {
    let keys = session
        .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)])
        .map_err(|e| TokenError::pkcs11("C_FindObjects (keys)", e))?;
    let mut ids = Vec::new();
    for k in keys {
        if let Some(id) = attr_bytes(session, k, AttributeType::Id)? {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The private key with `CKA_ID = id`.
pub fn find_private_key(session: &Session, id: &[u8]) -> Result<Option<ObjectHandle>, TokenError> {
    let keys = session
        .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Id(id.to_vec())])
        .map_err(|e| TokenError::pkcs11("C_FindObjects (key)", e))?;
    Ok(keys.into_iter().next())
}

/// All X.509 certificates on the token that have a matching private key
/// (same `CKA_ID`). `key_ids` are the private key ids; pass `None` to get
/// every certificate. Unparseable certificates are skipped (logged).
pub fn token_certificates(session: &Session, key_ids: Option<&[Vec<u8>]>) -> Result<Vec<TokenCertificate>, TokenError> {
    let objs = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
        ])
        .map_err(|e| TokenError::pkcs11("C_FindObjects (certificates)", e))?;
    let mut out = Vec::new();
    for obj in objs {
        let id = attr_bytes(session, obj, AttributeType::Id)?.unwrap_or_default();
        if let Some(ids) = key_ids {
            if !ids.iter().any(|k| *k == id) {
                continue;
            }
        }
        let Some(der) = attr_bytes(session, obj, AttributeType::Value)? else { continue };
        match parse(&der) {
            Ok(cert) => out.push(TokenCertificate { id, cert }),
            Err(e) => tracing::warn!(error = %e, "skipping unparseable certificate"),
        }
    }
    Ok(out)
}

/// Normalizes a thumbprint: lower case, no spaces or colons.
pub fn normalize_thumbprint(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_hexdigit()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether `info` passes `f` (all given conditions).
pub fn matches(info: &CertificateInfo, f: &CertificateFilter) -> bool {
    if let Some(t) = &f.thumbprint {
        if normalize_thumbprint(t) != info.thumbprint {
            return false;
        }
    }
    if let Some(inn) = &f.inn {
        let inn = inn.trim();
        let s = &info.subject;
        if s.inn.as_deref() != Some(inn) && s.inn_le.as_deref() != Some(inn) {
            return false;
        }
    }
    if f.valid_only == Some(true)
        && info.warnings.iter().any(|w| {
            matches!(w, podpis_protocol::CertificateWarning::Expired | podpis_protocol::CertificateWarning::NotYetValid)
        })
    {
        return false;
    }
    if let Some(ku) = &f.key_usage {
        if !info.key_usage.iter().any(|k| k.eq_ignore_ascii_case(ku)) {
            return false;
        }
    }
    true
}

/// The `CKA_ID`s of all public keys visible in `session`.
pub fn public_key_ids(session: &Session) -> Result<Vec<Vec<u8>>, TokenError> {
    let keys = session
        .find_objects(&[Attribute::Class(ObjectClass::PUBLIC_KEY)])
        .map_err(|e| TokenError::pkcs11("C_FindObjects (public keys)", e))?;
    let mut ids = Vec::new();
    for k in keys {
        if let Some(id) = attr_bytes(session, k, AttributeType::Id)? {
            ids.push(id);
        }
    }
    Ok(ids)
}
