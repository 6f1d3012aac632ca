//! A document's identity from its head, without a pack: the encoding it
//! declares, its root element and namespace, `ВерсФорм`, `ИдФайл` and its
//! first `КНД` — read by `podpis-validator`'s
//! [`form_identity::identify_document`](podpis_validator::form_identity::identify_document),
//! the rule the check pass and `Validator.detect` use to choose a form.
//!
//! JS export `identifyDocument(bytes)`: the extension recognizes the forms of
//! packs the module cannot load any more (made by an older Podpis) with it,
//! by the same rule as the forms of the packs it loads.

use js_sys::Uint8Array;
use podpis_validator::form_identity::{identify_document, DocumentIdentity};
use podpis_validator::xml_reader::{decode, DeclaredEncoding};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::validator::to_js;

/// Identification reads at most this many bytes of the document.
pub const IDENTIFY_PREFIX: usize = 64 * 1024;

/// What a document's head says about its form (JS `DocumentIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentIdentityInfo {
    /// Root element local name (never empty).
    pub root: String,
    /// Root namespace (absent when it has none, as in FNS reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Root `ВерсФорм`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// First `КНД="…"` attribute of the head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knd: Option<String>,
    /// Root `ИдФайл`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_file: Option<String>,
    /// The encoding the document declares: `"windows-1251"`, `"utf-8"` or `"utf-16"`.
    pub encoding: &'static str,
}

impl DocumentIdentityInfo {
    fn of(id: DocumentIdentity, encoding: DeclaredEncoding) -> DocumentIdentityInfo {
        DocumentIdentityInfo {
            root: id.root_local,
            namespace: (!id.root_ns.is_empty()).then_some(id.root_ns),
            version: id.version,
            knd: id.knd,
            id_file: id.id_file,
            encoding: match encoding {
                DeclaredEncoding::Windows1251 => "windows-1251",
                DeclaredEncoding::Utf8 => "utf-8",
                DeclaredEncoding::Utf16 => "utf-16",
            },
        }
    }
}

/// The identity of a document from its first 64 KiB (`IDENTIFY_PREFIX`);
/// `undefined` when it is not XML text in a supported encoding or has no
/// start tag there. Needs no pack.
///
/// ```js
/// identifyDocument(bytes);  // {root: "Файл", version: "5.05", knd: "1151100", idFile: "NO_…", encoding: "windows-1251"}
/// ```
#[wasm_bindgen(js_name = identifyDocument, unchecked_return_type = "DocumentIdentity | undefined")]
pub fn identify_document_js(bytes: &Uint8Array) -> Result<JsValue, JsValue> {
    let len = bytes.length().min(IDENTIFY_PREFIX as u32);
    let head = bytes.subarray(0, len).to_vec();
    match identify_head(&head, bytes.length() > len) {
        Some((id, encoding)) => Ok(to_js(&DocumentIdentityInfo::of(id, encoding))?),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// [`identifyDocument`](identify_document_js) for Rust callers: the identity of
/// a whole document (only its first `IDENTIFY_PREFIX` bytes are read).
pub fn identify_bytes(bytes: &[u8]) -> Option<DocumentIdentityInfo> {
    let head = bytes.get(..IDENTIFY_PREFIX).unwrap_or(bytes);
    identify_head(head, bytes.len() > head.len()).map(|(id, enc)| DocumentIdentityInfo::of(id, enc))
}

/// The identity (and declared encoding) of a document from its first bytes;
/// `truncated` when the document goes on after `head`. `None` when the head
/// does not decode or has no start tag.
pub(crate) fn identify_head(head: &[u8], truncated: bool) -> Option<(DocumentIdentity, DeclaredEncoding)> {
    let head = if truncated { head.get(..complete_prefix(head)).unwrap_or(head) } else { head };
    let decoded = decode(head).ok()?;
    let id = identify_document(&decoded.text);
    (!id.root_local.is_empty()).then_some((id, decoded.encoding))
}

/// Length of the longest prefix of `head` that does not end inside a UTF-8
/// sequence or a UTF-16 code unit (harmless for windows-1251).
fn complete_prefix(head: &[u8]) -> usize {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return head.len() & !3;
    }
    let mut cut = head.len();
    while cut > 0 && head.get(cut - 1).is_some_and(|b| b & 0xC0 == 0x80) {
        cut -= 1;
    }
    // Drop the lead byte of the sequence that was cut, if any.
    if cut > 0 && head.get(cut - 1).is_some_and(|b| *b >= 0xC0) {
        cut -= 1;
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// windows-1251 bytes of ASCII + Russian text (А–я only).
    fn cp1251(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| match c as u32 {
                u @ 0..=0x7F => u as u8,
                u @ 0x410..=0x44F => (u - 0x410 + 0xC0) as u8,
                _ => panic!("no windows-1251 byte for {c}"),
            })
            .collect()
    }

    const FNS: &str = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<!-- выгрузка > из программы -->\
        <Файл ИдФайл=\"NO_NDFL6.2_x\" ВерсФорм=\"5.05\"><Документ КНД=\"1151100\"/></Файл>";

    #[test]
    fn an_fns_report_in_windows_1251_and_utf_8() {
        let id = identify_bytes(&cp1251(FNS)).unwrap();
        assert_eq!(
            id,
            DocumentIdentityInfo {
                root: "Файл".into(),
                namespace: None,
                version: Some("5.05".into()),
                knd: Some("1151100".into()),
                id_file: Some("NO_NDFL6.2_x".into()),
                encoding: "windows-1251",
            }
        );
        let utf8 = identify_bytes(FNS.replace("windows-1251", "utf-8").as_bytes()).unwrap();
        assert_eq!(utf8, DocumentIdentityInfo { encoding: "utf-8", ..id });
        let json = serde_json::to_string(&utf8).unwrap();
        assert_eq!(
            json,
            r#"{"root":"Файл","version":"5.05","knd":"1151100","idFile":"NO_NDFL6.2_x","encoding":"utf-8"}"#
        );
    }

    #[test]
    fn utf_16_with_a_byte_order_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Файл ВерсФорм=\"5.05\"/>".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let id = identify_bytes(&bytes).unwrap();
        assert_eq!((id.root.as_str(), id.version.as_deref(), id.encoding), ("Файл", Some("5.05"), "utf-16"));
    }

    #[test]
    fn a_prefixed_root_after_a_doctype_and_a_processing_instruction() {
        let id = identify_bytes(
            "<!DOCTYPE x><?pi?><e:ЭДПФР xmlns:e=\"http://пф.рф/ЕФС-1\" xmlns=\"urn:other\"/>".as_bytes(),
        )
        .unwrap();
        assert_eq!((id.root.as_str(), id.namespace.as_deref()), ("ЭДПФР", Some("http://пф.рф/ЕФС-1")));
        assert_eq!((id.knd, id.version), (None, None));
    }

    #[test]
    fn an_attribute_that_only_ends_like_the_name_is_not_it() {
        let id = identify_bytes("<Файл ПредВерсФорм=\"1\" ВерсФорм=\"5.05\"/>".as_bytes()).unwrap();
        assert_eq!(id.version.as_deref(), Some("5.05"));
    }

    #[test]
    fn not_xml_or_no_start_tag_is_none() {
        assert_eq!(identify_bytes("не XML".as_bytes()), None);
        assert_eq!(identify_bytes(b""), None);
        assert_eq!(identify_bytes(b"<?xml version=\"1.0\"?><!-- only a comment -->"), None);
        assert_eq!(identify_bytes(b"<?xml version=\"1.0\" encoding=\"koi8-r\"?><a/>"), None);
        assert_eq!(identify_bytes(&[0xFF, 0xFE, 0x3C]), None);
    }

    #[test]
    fn a_long_document_is_identified_from_its_head() {
        let mut text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Файл ВерсФорм=\"5.05\">".to_string();
        while text.len() < 2 * IDENTIFY_PREFIX {
            text.push_str("<Ж КНД=\"1151100\"/>");
        }
        let id = identify_bytes(text.as_bytes()).unwrap();
        assert_eq!((id.root.as_str(), id.knd.as_deref()), ("Файл", Some("1151100")));
    }

    #[test]
    fn the_prefix_never_ends_inside_a_character() {
        let mut text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Файл>".to_string();
        while text.len() < IDENTIFY_PREFIX + 10 {
            text.push('Ж');
        }
        for extra in 0..4 {
            let head = &text.as_bytes()[..IDENTIFY_PREFIX - extra];
            let n = complete_prefix(head);
            assert!(std::str::from_utf8(&head[..n]).is_ok());
        }
    }
}
