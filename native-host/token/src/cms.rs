//! CAdES-BES CMS SignedData built with the RustCrypto `cms` types, the
//! signature coming from the token through an [`Algorithm`].

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos};
use const_oid::db::rfc5911::{ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_SIGNING_TIME};
use der::asn1::{Any, ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use der::{Decode, Encode, Sequence};
use podpis_protocol::DigestAlgorithm;
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::Certificate;

use crate::algorithms::{digest_algorithm_identifier, Algorithm};
use crate::TokenError;

/// `id-aa-signingCertificateV2` (RFC 5035).
pub const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// `ESSCertIDv2` without `issuerSerial`.
#[derive(Sequence)]
struct EssCertIdV2 {
    /// Absent for SHA-256 (the DEFAULT).
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }`.
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn enc_err(e: der::Error) -> TokenError {
    TokenError::Internal(format!("CMS encoding: {e}"))
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, TokenError> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(enc_err)?;
    Ok(Attribute { oid, values })
}

/// The hash of the certificate in `signingCertificateV2`: SHA-256, or
/// Streebog-256 for GOST signatures.
fn cert_hash_alg(digest: DigestAlgorithm) -> DigestAlgorithm {
    match digest {
        DigestAlgorithm::Streebog256 | DigestAlgorithm::Streebog512 => DigestAlgorithm::Streebog256,
        _ => DigestAlgorithm::Sha256,
    }
}

/// The CAdES-BES signed attributes: contentType, messageDigest,
/// signingTime, signingCertificateV2.
pub fn signed_attributes(digest_alg: DigestAlgorithm, message_digest: &[u8], cert_der: &[u8], signing_time_unix: u64) -> Result<SetOfVec<Attribute>, TokenError> {
    let ct = attribute(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA).map_err(enc_err)?)?;
    let md = attribute(ID_MESSAGE_DIGEST, Any::encode_from(&OctetString::new(message_digest).map_err(enc_err)?).map_err(enc_err)?)?;
    let t = UtcTime::from_unix_duration(std::time::Duration::from_secs(signing_time_unix)).map_err(enc_err)?;
    let st = attribute(ID_SIGNING_TIME, Any::encode_from(&t).map_err(enc_err)?)?;
    let h = cert_hash_alg(digest_alg);
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: (h != DigestAlgorithm::Sha256).then(|| digest_algorithm_identifier(h)),
            cert_hash: OctetString::new(podpis_digest::digest(h, cert_der)).map_err(enc_err)?,
        }],
    };
    let sc = attribute(ID_AA_SIGNING_CERTIFICATE_V2, Any::encode_from(&ess).map_err(enc_err)?)?;
    let mut set = SetOfVec::new();
    for a in [ct, md, st, sc] {
        set.insert(a).map_err(enc_err)?;
    }
    Ok(set)
}

/// Builds a DER `ContentInfo(SignedData)`. `sign` receives the DER of the
/// signed attributes (the SET OF, tag 0x31) and returns the CMS signature.
pub fn build_signed_data(
    alg: &dyn Algorithm,
    digest_alg: DigestAlgorithm,
    message_digest: &[u8],
    content: Option<&[u8]>,
    cert_der: &[u8],
    signing_time_unix: u64,
    sign: &mut dyn FnMut(&[u8]) -> Result<Vec<u8>, TokenError>,
) -> Result<Vec<u8>, TokenError> {
    let cert = Certificate::from_der(cert_der).map_err(|e| TokenError::Certificate(format!("certificate for CMS: {e}")))?;
    let attrs = signed_attributes(digest_alg, message_digest, cert_der, signing_time_unix)?;
    let attrs_der = attrs.to_der().map_err(enc_err)?;
    let signature = sign(&attrs_der)?;
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: digest_algorithm_identifier(digest_alg),
        signed_attrs: Some(attrs),
        signature_algorithm: alg.cms_signature_algorithm(digest_alg),
        signature: OctetString::new(signature).map_err(enc_err)?,
        unsigned_attrs: None,
    };
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(digest_algorithm_identifier(digest_alg)).map_err(enc_err)?;
    let econtent = match content {
        Some(c) => Some(Any::encode_from(&OctetString::new(c).map_err(enc_err)?).map_err(enc_err)?),
        None => None,
    };
    let mut certs = SetOfVec::new();
    certs.insert(CertificateChoices::Certificate(cert)).map_err(enc_err)?;
    let mut signers = SetOfVec::new();
    signers.insert(signer).map_err(enc_err)?;
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo { econtent_type: ID_DATA, econtent },
        certificates: Some(CertificateSet(certs)),
        crls: None,
        signer_infos: SignerInfos(signers),
    };
    let ci = ContentInfo { content_type: ID_SIGNED_DATA, content: Any::encode_from(&sd).map_err(enc_err)? };
    ci.to_der().map_err(enc_err)
}

/// `AttributeValue` re-export for tests.
pub type Value = AttributeValue;
