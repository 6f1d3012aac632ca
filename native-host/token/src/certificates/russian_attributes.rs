//! Subject attributes of Russian qualified certificates (INN, OGRN, SNILS …)
//! and the string types they come in.

use podpis_protocol::SubjectInfo;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

/// INN of an individual.
pub const OID_INN: &str = "1.2.643.3.131.1.1";
/// INN of a legal entity.
pub const OID_INNLE: &str = "1.2.643.100.4";
/// OGRN.
pub const OID_OGRN: &str = "1.2.643.100.1";
/// OGRNIP.
pub const OID_OGRNIP: &str = "1.2.643.100.5";
/// SNILS.
pub const OID_SNILS: &str = "1.2.643.100.3";

const OID_CN: &str = "2.5.4.3";
const OID_SN: &str = "2.5.4.4";
const OID_GN: &str = "2.5.4.42";
const OID_TITLE: &str = "2.5.4.12";
const OID_O: &str = "2.5.4.10";
const OID_EMAIL: &str = "1.2.840.113549.1.9.1";

/// Decodes a directory string of any of the types seen in the wild:
/// UTF8String, PrintableString, NumericString, IA5String, BMPString
/// (UTF-16BE), TeletexString / T61 (treated as Latin-1), UniversalString (UTF-32BE).
pub fn attribute_string(attr: &AttributeTypeAndValue<'_>) -> Option<String> {
    let any = attr.attr_value();
    let data = any.data;
    let tag = any.tag();
    let s = if tag == Tag::Utf8String
        || tag == Tag::PrintableString
        || tag == Tag::NumericString
        || tag == Tag::Ia5String
        || tag == Tag::VisibleString
    {
        String::from_utf8_lossy(data).into_owned()
    } else if tag == Tag::BmpString {
        let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else if tag == Tag::UniversalString {
        data.chunks_exact(4)
            .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{fffd}'))
            .collect()
    } else if tag == Tag::TeletexString {
        data.iter().map(|&b| b as char).collect()
    } else {
        return None;
    };
    Some(s.trim().to_string())
}

/// Extracts the subject (or issuer) identity from an X.509 name.
pub fn subject_info(name: &X509Name<'_>) -> SubjectInfo {
    let mut info = SubjectInfo::default();
    for attr in name.iter_attributes() {
        let oid = attr.attr_type().to_id_string();
        let Some(value) = attribute_string(attr) else { continue };
        let slot = match oid.as_str() {
            OID_CN => &mut info.common_name,
            OID_SN => &mut info.surname,
            OID_GN => &mut info.given_name,
            OID_TITLE => &mut info.title,
            OID_O => &mut info.organization,
            OID_INN => &mut info.inn,
            OID_INNLE => &mut info.inn_le,
            OID_OGRN => &mut info.ogrn,
            OID_OGRNIP => &mut info.ogrnip,
            OID_SNILS => &mut info.snils,
            OID_EMAIL => &mut info.email,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    info
}

/// A short human name of the owner: "SN GN", else CN, else organisation.
pub fn owner_name(s: &SubjectInfo) -> String {
    match (&s.surname, &s.given_name, &s.common_name, &s.organization) {
        (Some(sn), Some(gn), _, _) => format!("{sn} {gn}"),
        (_, _, Some(cn), _) => cn.clone(),
        (_, _, _, Some(o)) => o.clone(),
        _ => "неизвестный владелец".to_string(),
    }
}
