//! Verification of detached CAdES-BES / CMS SignedData.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode};
use podpis_digest::DigestAlgorithm;

use crate::identity::{check_validity, identity, Identity};
use crate::signature::{key_type, verify_digest, Encoding, KeyType};
use crate::{TrustedRoots, VerifyError};

const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";

fn digest_alg(oid: &str) -> Result<DigestAlgorithm, VerifyError> {
    Ok(match oid {
        "2.16.840.1.101.3.4.2.1" => DigestAlgorithm::Sha256,
        "2.16.840.1.101.3.4.2.2" => DigestAlgorithm::Sha384,
        "2.16.840.1.101.3.4.2.3" => DigestAlgorithm::Sha512,
        "1.2.643.7.1.1.2.2" => DigestAlgorithm::Streebog256,
        "1.2.643.7.1.1.2.3" => DigestAlgorithm::Streebog512,
        o => return Err(VerifyError::UnsupportedAlgorithm(format!("digest {o}"))),
    })
}

/// Verifies a detached CMS signature over `content` and returns the
/// signer (the first SignerInfo) after checking the signed attributes,
/// the signature, the certificate's validity at `now` and its chain.
pub fn verify_cms_detached(content: &[u8], cms_der: &[u8], roots: &TrustedRoots, now: i64) -> Result<Identity, VerifyError> {
    let bad = |e: der::Error| VerifyError::BadCms(e.to_string());
    let ci = ContentInfo::from_der(cms_der).map_err(bad)?;
    let sd: SignedData = ci.content.decode_as().map_err(bad)?;
    let si = sd.signer_infos.0.iter().next().ok_or_else(|| VerifyError::BadCms("no signer".into()))?;
    let SignerIdentifier::IssuerAndSerialNumber(ias) = &si.sid else {
        return Err(VerifyError::BadCms("subjectKeyIdentifier signer ids are not supported".into()));
    };
    let cert = sd
        .certificates
        .as_ref()
        .and_then(|set| {
            set.0.iter().find_map(|c| match c {
                cms::cert::CertificateChoices::Certificate(c)
                    if c.tbs_certificate.serial_number == ias.serial_number && c.tbs_certificate.issuer == ias.issuer =>
                {
                    Some(c.clone())
                }
                _ => None,
            })
        })
        .ok_or(VerifyError::SignerCertificateMissing)?;
    let alg = digest_alg(&si.digest_alg.oid.to_string())?;
    let content_digest = podpis_digest::digest(alg, content);
    let attrs = si.signed_attrs.as_ref().ok_or_else(|| VerifyError::BadCms("no signed attributes".into()))?;
    let md = attrs
        .iter()
        .find(|a| a.oid.to_string() == ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(|| VerifyError::BadCms("no messageDigest".into()))?;
    if md.as_bytes() != content_digest.as_slice() {
        return Err(VerifyError::ContentDigestMismatch);
    }
    let signed = attrs.to_der().map_err(bad)?;
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(bad)?;
    let enc = match key_type(&spki)? {
        KeyType::P256 | KeyType::P384 => Encoding::Der,
        _ => Encoding::Raw,
    };
    verify_digest(&spki, alg, &podpis_digest::digest(alg, &signed), si.signature.as_bytes(), enc)?;
    let cert_der = cert.to_der().map_err(bad)?;
    let id = identity(&cert_der)?;
    check_validity(&id, now)?;
    roots.verify_chain(&cert, now)?;
    Ok(id)
}
