//! Form identity: which report format a schema describes (root element,
//! namespace, КНД, format version) and choosing the form for a document.
//! Also carries the Schematron rules extracted from the schema's `xs:appinfo`.

use serde::{Deserialize, Serialize};

use crate::schema_model::{XNode, SCH_NS, USCH_NS, XS_NS};

pub use podpis_schematron::{MessagePart, RuleSource};

/// A report format known to a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// Short name (schema file stem, e.g. `NO_RASCHSV_1_162_00_05_08_02`).
    pub name: String,
    /// Schema file the form comes from.
    pub schema_file: String,
    /// Root element declaration id.
    pub root: u32,
    /// Root namespace.
    pub root_ns: String,
    /// Root local name.
    pub root_local: String,
    /// КНД (form code), if the schema fixes it.
    pub knd: Option<String>,
    /// Format version (`ВерсФорм`), e.g. "5.08".
    pub version: Option<String>,
    /// True for FNS forms (windows-1251 and file-name conventions apply).
    pub fns: bool,
    /// Embedded Schematron rules.
    pub rules: Vec<RuleSource>,
}

fn walk<'a>(n: &'a XNode, f: &mut dyn FnMut(&'a XNode)) {
    f(n);
    for c in &n.children {
        walk(c, f);
    }
}

/// Fixed value or single enumeration value of an attribute declared with `name`.
pub fn fixed_attribute_value(schema: &XNode, name: &str) -> Option<String> {
    let mut found = None;
    walk(schema, &mut |n| {
        if found.is_none() && n.ns == XS_NS && n.local == "attribute" && n.attr("name") == Some(name) {
            if let Some(v) = n.attr("fixed") {
                found = Some(v.to_string());
                return;
            }
            let mut enums = Vec::new();
            walk(n, &mut |m| {
                if m.ns == XS_NS && m.local == "enumeration" {
                    if let Some(v) = m.attr("value") {
                        enums.push(v.to_string());
                    }
                }
            });
            if enums.len() == 1 {
                found = enums.pop();
            }
        }
    });
    found
}

/// КНД from documentation text such as "КНД 1151111" when no attribute fixes it.
fn knd_from_documentation(schema: &XNode) -> Option<String> {
    let mut found = None;
    walk(schema, &mut |n| {
        if found.is_none() && n.ns == XS_NS && n.local == "documentation" {
            if let Some(i) = n.text.find("КНД") {
                let digits: String =
                    n.text[i + "КНД".len()..].chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
                if digits.len() == 7 {
                    found = Some(digits);
                }
            }
        }
    });
    found
}

/// Determines the КНД of a schema.
pub fn detect_knd(schema: &XNode) -> Option<String> {
    fixed_attribute_value(schema, "КНД").or_else(|| knd_from_documentation(schema))
}

/// Format version from `ВерсФорм` or from an FNS file name like
/// `NO_RASCHSV_1_162_00_05_08_02` (→ "5.08").
pub fn detect_version(schema: &XNode, file_stem: &str) -> Option<String> {
    if let Some(v) = fixed_attribute_value(schema, "ВерсФорм") {
        return Some(v);
    }
    let parts: Vec<&str> = file_stem.split('_').collect();
    if parts.len() >= 6 {
        let n = parts.len();
        let (maj, min) = (parts[n - 3], parts[n - 2]);
        if maj.len() == 2 && min.len() == 2 && maj.bytes().chain(min.bytes()).all(|b| b.is_ascii_digit()) {
            return Some(format!("{}.{}", maj.trim_start_matches('0'), min));
        }
    }
    None
}

fn message_parts(error: &XNode) -> Vec<MessagePart> {
    let mut parts = Vec::new();
    for c in &error.children {
        if c.local == "#text" {
            if let Some(MessagePart::Text(t)) = parts.last_mut() {
                t.push_str(&c.text);
            } else {
                parts.push(MessagePart::Text(c.text.clone()));
            }
        } else if c.ns == USCH_NS && c.local == "value-of" {
            parts.push(MessagePart::ValueOf(c.attr("select").unwrap_or_default().to_string()));
        }
    }
    if let Some(MessagePart::Text(t)) = parts.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(MessagePart::Text(t)) = parts.last_mut() {
        *t = t.trim_end().to_string();
    }
    parts
}

/// Extracts every `sch:pattern/sch:rule/sch:assert` with its `usch:error`.
pub fn extract_rules(schema: &XNode) -> Vec<RuleSource> {
    let mut rules = Vec::new();
    walk(schema, &mut |n| {
        if n.ns == SCH_NS && n.local == "pattern" {
            let pattern_name = n.attr("name").unwrap_or_default().to_string();
            for rule in n.children.iter().filter(|c| c.ns == SCH_NS && c.local == "rule") {
                let context = rule.attr("context").unwrap_or_default().to_string();
                for a in rule.children.iter().filter(|c| c.ns == SCH_NS && (c.local == "assert" || c.local == "report")) {
                    let test = a.attr("test").unwrap_or_default().to_string();
                    let test = if a.local == "report" { format!("not({test})") } else { test };
                    let error = a.children.iter().find(|c| c.ns == USCH_NS && c.local == "error");
                    let message = match error {
                        Some(e) => message_parts(e),
                        None => message_parts(a),
                    };
                    rules.push(RuleSource {
                        pattern_name: pattern_name.clone(),
                        context: context.clone(),
                        test,
                        fns_code: error.and_then(|e| e.attr("code")).map(str::to_string),
                        error_path: error.and_then(|e| e.attr("path")).map(str::to_string),
                        message,
                    });
                }
            }
        }
    });
    rules
}

/// What is known about a document before checking it.
#[derive(Debug, Clone, Default)]
pub struct DocumentIdentity {
    /// Root namespace.
    pub root_ns: String,
    /// Root local name.
    pub root_local: String,
    /// First `КНД="…"` attribute value in the document.
    pub knd: Option<String>,
    /// Root `ВерсФорм`.
    pub version: Option<String>,
    /// Root `ИдФайл` (its prefix names the format, e.g. `NO_NDS.12`).
    pub id_file: Option<String>,
}

/// The format prefix of a form name: the parts before the first numeric part
/// (`NO_NDS.12_1_003_07_05_04_01` → `NO_NDS.12`).
pub fn form_prefix(form_name: &str) -> String {
    let parts: Vec<&str> = form_name.split('_').take_while(|p| !p.bytes().all(|b| b.is_ascii_digit())).collect();
    parts.join("_")
}

/// Chooses the best form for a document: root and namespace must match; КНД and
/// version refine the choice. Returns `None` when no form has this root.
pub fn select_form<'f>(forms: &'f [Form], id: &DocumentIdentity) -> Option<(usize, &'f Form)> {
    let mut best: Option<(i32, usize)> = None;
    for (i, f) in forms.iter().enumerate() {
        if f.root_local != id.root_local || f.root_ns != id.root_ns {
            continue;
        }
        let mut score = 0;
        match (&f.knd, &id.knd) {
            (Some(a), Some(b)) if a == b => score += 4,
            (Some(_), Some(_)) => score -= 4,
            _ => {}
        }
        match (&f.version, &id.version) {
            (Some(a), Some(b)) if a == b => score += 2,
            (Some(_), Some(_)) => score -= 2,
            _ => {}
        }
        if let Some(idf) = &id.id_file {
            let prefix = form_prefix(&f.name);
            if !prefix.is_empty() && idf.starts_with(&format!("{prefix}_")) {
                score += 3;
            }
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| (i, &forms[i]))
}

/// Scans decoded text for the first `NAME="value"` attribute (cheap pre-pass).
pub fn find_attribute_value<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let start = from + i;
        let after = &text[start + name.len()..];
        let before_ok = start == 0 || text.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = after.trim_start();
        if before_ok {
            if let Some(r) = rest.strip_prefix('=') {
                let r = r.trim_start();
                if let Some(q) = r.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let body = &r[1..];
                    if let Some(end) = body.find(q) {
                        return Some(&body[..end]);
                    }
                }
            }
        }
        from = start + name.len();
    }
    None
}

/// Line of the root element's start tag.
pub(crate) fn root_line(text: &str) -> u32 {
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find('<') {
        let r = &rest[i..];
        if r.starts_with("<?") || r.starts_with("<!") {
            let skip = i + 2;
            offset += skip;
            rest = &rest[skip..];
            continue;
        }
        offset += i;
        break;
    }
    1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() as u32
}

/// Root namespace, local name, `ВерсФорм`, `ИдФайл`.
pub(crate) type RootInfo = (String, String, Option<String>, Option<String>);

pub(crate) fn peek_root(text: &str) -> Option<RootInfo> {
    let mut rest = text;
    loop {
        let i = rest.find('<')?;
        rest = &rest[i..];
        if rest.starts_with("<?") || rest.starts_with("<!") {
            let end = if rest.starts_with("<!--") { rest.find("-->")? + 3 } else { rest.find('>')? + 1 };
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('>')?;
        let tag = &rest[1..end];
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
        let qname = &tag[..name_end];
        let (prefix, local) = match qname.find(':') {
            Some(p) => (&qname[..p], &qname[p + 1..]),
            None => ("", qname),
        };
        let xmlns = if prefix.is_empty() { "xmlns".to_string() } else { format!("xmlns:{prefix}") };
        let ns = find_attribute_value(tag, &xmlns).unwrap_or("").to_string();
        let version = find_attribute_value(tag, "ВерсФорм").map(str::to_string);
        let id_file = find_attribute_value(tag, "ИдФайл").map(str::to_string);
        return Some((ns, local.to_string(), version, id_file));
    }
}


/// What the first start tag and the first `КНД` attribute of decoded text say
/// about the document (root, namespace, `ВерсФорм`, `ИдФайл`, КНД); the cheap
/// pre-pass [`select_form`] needs, without reading the whole document.
pub fn identify_document(text: &str) -> DocumentIdentity {
    let mut id = DocumentIdentity { knd: find_attribute_value(text, "КНД").map(str::to_string), ..Default::default() };
    if let Some((ns, local, version, id_file)) = peek_root(text) {
        id.root_ns = ns;
        id.root_local = local;
        id.version = version;
        id.id_file = id_file;
    }
    id
}
