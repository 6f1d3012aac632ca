//! Which form an uploaded report is: КНД and version from the XML header.
//!
//! ФНС reports are `windows-1251` XML whose `Документ` element carries
//! `КНД="1151001"` and the root `Файл` carries `ВерсФорм="5.08"`. Only
//! the start of the file is read; full checking is the browser's job.

use serde::{Deserialize, Serialize};

/// How much of the file is examined.
const HEAD_BYTES: usize = 256 * 1024;

/// What the header of a report says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormFacts {
    /// Form code (КНД), when the report names one.
    pub knd: Option<String>,
    /// Format version (`ВерсФорм`).
    pub version: Option<String>,
    /// File identifier (`ИдФайл`).
    pub file_id: Option<String>,
}

/// Reads the form facts of `bytes`.
pub fn detect(bytes: &[u8]) -> FormFacts {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let text = decode(head);
    FormFacts { knd: attribute(&text, "КНД"), version: attribute(&text, "ВерсФорм"), file_id: attribute(&text, "ИдФайл") }
}

/// Decodes by the XML declaration's encoding (windows-1251 or UTF-8).
fn decode(head: &[u8]) -> String {
    let decl_end = head.iter().position(|&b| b == b'>').unwrap_or(0);
    let decl = String::from_utf8_lossy(&head[..decl_end]).to_ascii_lowercase();
    if decl.contains("1251") {
        encoding_rs::WINDOWS_1251.decode_without_bom_handling(head).0.into_owned()
    } else {
        String::from_utf8_lossy(head).into_owned()
    }
}

/// The value of the first `name="…"` (or `'…'`) attribute in `text`.
fn attribute(text: &str, name: &str) -> Option<String> {
    let mut rest = text;
    while let Some(pos) = rest.find(name) {
        let before = rest[..pos].chars().next_back();
        let after = rest[pos + name.len()..].trim_start();
        rest = &rest[pos + name.len()..];
        if !matches!(before, Some(c) if c.is_whitespace()) {
            continue;
        }
        let Some(after) = after.strip_prefix('=') else { continue };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &after[1..];
        let end = value.find(quote)?;
        let v = value[..end].trim();
        return (!v.is_empty() && v.len() <= 64).then(|| v.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_knd_and_version_in_both_encodings() {
        let xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<Файл ИдФайл=\"NO_NDS_1\" ВерсФорм=\"5.08\"><Документ КНД=\"1151001\" ДатаДок=\"01.01.2026\"/></Файл>";
        let cp = encoding_rs::WINDOWS_1251.encode(xml).0;
        let f = detect(&cp);
        assert_eq!(f, FormFacts { knd: Some("1151001".into()), version: Some("5.08".into()), file_id: Some("NO_NDS_1".into()) });
        assert_eq!(detect(xml.replace("windows-1251", "UTF-8").as_bytes()), f);
        assert_eq!(detect(b"not xml"), FormFacts::default());
        assert_eq!(detect("<a xКНД=\"1\" КНД='2'/>".as_bytes()).knd.as_deref(), Some("2"));
    }
}
