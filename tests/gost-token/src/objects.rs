//! PKCS#11 objects of the test token and their attributes.

use cryptoki_sys::*;

use crate::der;
use crate::gost::{self, ParamSet};
use crate::error::{Result, TokenError};
use crate::mechanisms::{CKA_GOSTR3410_PARAMS_, CKA_GOSTR3411_PARAMS_, CKK_GOSTR3410_256, CKK_GOSTR3410_512};
use crate::storage::StoredObjectGroup;

/// The value of one attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrValue {
    /// Readable bytes (CK_ULONG / CK_BBOOL already encoded natively).
    Bytes(Vec<u8>),
    /// Exists but is sensitive: `CKR_ATTRIBUTE_SENSITIVE`.
    Sensitive,
}

/// A GOST key as held in memory.
#[derive(Debug, Clone)]
pub struct KeyMaterial {
    /// Parameter set.
    pub params: ParamSet,
    /// Private scalar, little-endian.
    pub private_le: Vec<u8>,
    /// Public key `X‖Y`, little-endian coordinates.
    pub public_xy_le: Vec<u8>,
}

impl KeyMaterial {
    /// Key size in bits (256 / 512).
    pub fn bits(&self) -> usize {
        gost::key_len(self.params) * 8
    }
    /// `CKK_GOSTR3410` or `CKK_GOSTR3410_512`.
    pub fn key_type(&self) -> CK_KEY_TYPE {
        if self.bits() == 512 { CKK_GOSTR3410_512 } else { CKK_GOSTR3410_256 }
    }
}

/// Kinds of objects.
#[derive(Debug, Clone)]
pub enum ObjectKind {
    /// X.509 certificate (public).
    Certificate {
        /// DER encoding.
        der: Vec<u8>,
        /// Parsed fields.
        fields: der::CertFields,
    },
    /// Private key (private object, sensitive, non-extractable).
    PrivateKey(KeyMaterial),
    /// Public key derived from the private key (public object).
    PublicKey(KeyMaterial),
}

/// One object.
#[derive(Debug, Clone)]
pub struct Object {
    /// `CKA_ID`.
    pub id: Vec<u8>,
    /// `CKA_LABEL`.
    pub label: String,
    /// Class-specific data.
    pub kind: ObjectKind,
}

fn ulong(v: CK_ULONG) -> Vec<u8> {
    v.to_ne_bytes().to_vec()
}

fn bool_(v: bool) -> Vec<u8> {
    vec![if v { CK_TRUE } else { CK_FALSE }]
}

impl Object {
    /// `CKA_CLASS`.
    pub fn class(&self) -> CK_OBJECT_CLASS {
        match self.kind {
            ObjectKind::Certificate { .. } => CKO_CERTIFICATE,
            ObjectKind::PrivateKey(_) => CKO_PRIVATE_KEY,
            ObjectKind::PublicKey(_) => CKO_PUBLIC_KEY,
        }
    }

    /// `CKA_PRIVATE`: only visible after login.
    pub fn is_private(&self) -> bool {
        matches!(self.kind, ObjectKind::PrivateKey(_))
    }

    /// The value of `attr`, or `None` if the object has no such attribute.
    pub fn attribute(&self, attr: CK_ATTRIBUTE_TYPE) -> Result<Option<AttrValue>> {
        let common = match attr {
            CKA_CLASS => Some(ulong(self.class())),
            CKA_TOKEN => Some(bool_(true)),
            CKA_PRIVATE => Some(bool_(self.is_private())),
            CKA_MODIFIABLE | CKA_COPYABLE | CKA_DESTROYABLE => Some(bool_(false)),
            CKA_LABEL => Some(self.label.as_bytes().to_vec()),
            CKA_ID => Some(self.id.clone()),
            _ => None,
        };
        if let Some(v) = common {
            return Ok(Some(AttrValue::Bytes(v)));
        }
        let v = match &self.kind {
            ObjectKind::Certificate { der, fields } => match attr {
                CKA_CERTIFICATE_TYPE => Some(ulong(CKC_X_509)),
                CKA_VALUE => Some(der.clone()),
                CKA_SUBJECT => Some(fields.subject.clone()),
                CKA_ISSUER => Some(fields.issuer.clone()),
                CKA_SERIAL_NUMBER => Some(fields.serial.clone()),
                CKA_TRUSTED => Some(bool_(false)),
                CKA_CERTIFICATE_CATEGORY => Some(ulong(0)),
                _ => None,
            },
            ObjectKind::PrivateKey(k) => match attr {
                CKA_VALUE => return Ok(Some(AttrValue::Sensitive)),
                CKA_SENSITIVE | CKA_ALWAYS_SENSITIVE | CKA_NEVER_EXTRACTABLE | CKA_SIGN => Some(bool_(true)),
                CKA_EXTRACTABLE | CKA_DECRYPT | CKA_UNWRAP | CKA_SIGN_RECOVER | CKA_DERIVE | CKA_LOCAL | CKA_ALWAYS_AUTHENTICATE | CKA_WRAP_WITH_TRUSTED => Some(bool_(false)),
                _ => key_attribute(k, attr)?,
            },
            ObjectKind::PublicKey(k) => match attr {
                CKA_VALUE => Some(k.public_xy_le.clone()),
                CKA_VERIFY => Some(bool_(true)),
                CKA_ENCRYPT | CKA_WRAP | CKA_VERIFY_RECOVER | CKA_DERIVE | CKA_LOCAL | CKA_TRUSTED => Some(bool_(false)),
                _ => key_attribute(k, attr)?,
            },
        };
        Ok(v.map(AttrValue::Bytes))
    }

    /// True if every attribute of `template` is present with an equal value.
    pub fn matches(&self, template: &[(CK_ATTRIBUTE_TYPE, Vec<u8>)]) -> bool {
        template.iter().all(|(t, want)| matches!(self.attribute(*t), Ok(Some(AttrValue::Bytes(v))) if &v == want))
    }
}

fn key_attribute(k: &KeyMaterial, attr: CK_ATTRIBUTE_TYPE) -> Result<Option<Vec<u8>>> {
    Ok(match attr {
        CKA_KEY_TYPE => Some(ulong(k.key_type())),
        CKA_GOSTR3410_PARAMS_ => Some(der::oid_to_der(k.params.oid())?),
        CKA_GOSTR3411_PARAMS_ => Some(der::oid_to_der(gost::digest_oid(k.params))?),
        CKA_KEY_GEN_MECHANISM => Some(ulong(CK_UNAVAILABLE_INFORMATION)),
        _ => None,
    })
}

/// Builds in-memory objects from what [`crate::storage`] read.
pub fn build_objects(groups: &[StoredObjectGroup]) -> Result<Vec<Object>> {
    let mut out = Vec::new();
    for g in groups {
        if let Some(der_bytes) = &g.cert_der {
            let fields = der::parse_certificate(der_bytes)?;
            out.push(Object { id: g.id.clone(), label: g.label.clone(), kind: ObjectKind::Certificate { der: der_bytes.clone(), fields } });
        }
        if let Some(key) = &g.key {
            let params = gost::param_set(&key.param_oid)?;
            let private_le = hex::decode(&key.private_key_le_hex).map_err(|e| TokenError::InvalidKey(e.to_string()))?;
            if private_le.len() != gost::key_len(params) {
                return Err(TokenError::InvalidKey(format!("key {} has {} bytes, expected {}", hex::encode(&g.id), private_le.len(), gost::key_len(params))));
            }
            let public_xy_le = gost::public_key(params, &private_le)?;
            let km = KeyMaterial { params, private_le, public_xy_le };
            out.push(Object { id: g.id.clone(), label: g.label.clone(), kind: ObjectKind::PrivateKey(km.clone()) });
            out.push(Object { id: g.id.clone(), label: g.label.clone(), kind: ObjectKind::PublicKey(km) });
        }
    }
    Ok(out)
}
