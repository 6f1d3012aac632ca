//! Verification of detached CAdES-BES / CMS SignedData.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{Any, OctetString};
use der::{Decode, Encode, Sequence};
use podpis_digest::DigestAlgorithm;
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

use crate::identity::{check_validity, identity, Identity};
use crate::signature::{key_type, verify_digest, Encoding, KeyType};
use crate::{TrustedRoots, VerifyError};

const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const ID_SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
/// `id-aa-signingCertificate` (RFC 2634, SHA-1 certificate hash).
const ID_SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
/// `id-aa-signingCertificateV2` (RFC 5035).
const ID_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`
/// (also reads `ESSCertID`, which has no hash algorithm and uses SHA-1).
#[derive(Sequence)]
struct EssCertId {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// `SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }`.
#[derive(Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// What a valid detached signature says besides the signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsSignature {
    /// The signer, read from the certificate in the CMS.
    pub signer: Identity,
    /// The digest algorithm of the SignerInfo.
    pub digest_algorithm: DigestAlgorithm,
    /// The `signingTime` attribute, unix seconds, when present.
    pub signing_time: Option<i64>,
    /// Whether the signed attributes bind the signer certificate
    /// (`signingCertificateV2` or `signingCertificate`, checked against the
    /// certificate) — required for CAdES-BES.
    pub signing_certificate: bool,
}

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
    verify_cms_detached_details(content, cms_der, roots, now).map(|s| s.signer)
}

/// The ESS certificate hash algorithm (`None` = the structure's default).
fn ess_hash_alg(alg: Option<&AlgorithmIdentifierOwned>, default: DigestAlgorithm) -> Result<DigestAlgorithm, VerifyError> {
    match alg {
        None => Ok(default),
        Some(a) if a.oid.to_string() == "1.3.14.3.2.26" => Err(VerifyError::UnsupportedAlgorithm("SHA-1 in signingCertificateV2".into())),
        Some(a) => digest_alg(&a.oid.to_string()),
    }
}

/// Checks `signingCertificate(V2)` against the signer certificate; `Ok(false)` when absent.
fn check_signing_certificate(attrs: &[Attribute], cert_der: &[u8]) -> Result<bool, VerifyError> {
    let mut present = false;
    for a in attrs {
        let oid = a.oid.to_string();
        let v2 = oid == ID_SIGNING_CERTIFICATE_V2;
        if !v2 && oid != ID_SIGNING_CERTIFICATE {
            continue;
        }
        let value = a.values.iter().next().ok_or_else(|| VerifyError::BadCms("empty signingCertificate".into()))?;
        let sc: SigningCertificate = value.decode_as().map_err(|e| VerifyError::BadCms(format!("signingCertificate: {e}")))?;
        let first = sc.certs.first().ok_or_else(|| VerifyError::BadCms("empty signingCertificate".into()))?;
        let matches = if v2 {
            let alg = ess_hash_alg(first.hash_algorithm.as_ref(), DigestAlgorithm::Sha256)?;
            podpis_digest::digest(alg, cert_der) == first.cert_hash.as_bytes()
        } else {
            use sha1::Digest;
            sha1::Sha1::digest(cert_der).as_slice() == first.cert_hash.as_bytes()
        };
        if !matches {
            return Err(VerifyError::SigningCertificateMismatch);
        }
        present = true;
    }
    Ok(present)
}

fn signing_time(attrs: &[Attribute]) -> Option<i64> {
    let a = attrs.iter().find(|a| a.oid.to_string() == ID_SIGNING_TIME)?;
    let t = x509_cert::time::Time::from_der(&a.values.iter().next()?.to_der().ok()?).ok()?;
    Some(t.to_unix_duration().as_secs() as i64)
}

/// [`verify_cms_detached`] with the details a relying party records: the
/// digest algorithm, `signingTime` and whether the signer certificate is
/// bound by `signingCertificateV2` (a mismatching one is an error).
pub fn verify_cms_detached_details(content: &[u8], cms_der: &[u8], roots: &TrustedRoots, now: i64) -> Result<CmsSignature, VerifyError> {
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
        .and_then(|v| v.decode_as::<OctetString>().ok())
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
    let bound = check_signing_certificate(attrs.as_slice(), &cert_der)?;
    let id = identity(&cert_der)?;
    check_validity(&id, now)?;
    roots.verify_chain(&cert, now)?;
    Ok(CmsSignature { signer: id, digest_algorithm: alg, signing_time: signing_time(attrs.as_slice()), signing_certificate: bound })
}
