//! The restricted XPath of XSD identity constraints (`xs:selector/@xpath`,
//! `xs:field/@xpath`, XML Schema 1.0 Part 1 §3.11.6):
//!
//! ```text
//! Selector ::= Path ( '|' Path )*
//! Path     ::= ('.//')? Step ( '/' Step )*          (fields: last step may be '@' NameTest)
//! Step     ::= '.' | ('child::')? NameTest
//! NameTest ::= QName | '*' | NCName ':' '*'
//! ```
//!
//! Prefixes are resolved when the schema is read ([`resolve_prefixes`]); an
//! unprefixed name means "no namespace" (XPath 1.0 has no default element
//! namespace), so names reach [`parse`] in Clark form `{ns}local`.

use serde::{Deserialize, Serialize};

use crate::schema_model::XNode;

/// A name test of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameTest {
    /// `*`: any name.
    Any,
    /// `p:*`: any local name in the namespace.
    AnyIn(String),
    /// A qualified name `(namespace, local)`.
    Name(String, String),
}

impl NameTest {
    /// Does the name test match `(ns, local)`?
    pub fn matches(&self, ns: &str, local: &str) -> bool {
        match self {
            NameTest::Any => true,
            NameTest::AnyIn(n) => n == ns,
            NameTest::Name(n, l) => l == local && n == ns,
        }
    }
}

/// One alternative of a selector or field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdcPath {
    /// Starts with `.//` (any depth ≥ the number of steps).
    pub descendant: bool,
    /// Child steps (`.` steps removed).
    pub steps: Vec<NameTest>,
    /// Final attribute step (fields only).
    pub attr: Option<NameTest>,
}

impl IdcPath {
    /// Does the path select the element at relative depth `names.len()` below the
    /// context node, whose ancestors-or-self below the context are `names`
    /// (outermost first)?
    pub fn selects_element(&self, names: &[(&str, &str)]) -> bool {
        let k = self.steps.len();
        let d = names.len();
        let depth_ok = if self.descendant { d >= k } else { d == k };
        depth_ok && self.steps.iter().zip(&names[d - k..]).all(|(t, (ns, l))| t.matches(ns, l))
    }
}

/// Kind of identity constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdcKind {
    /// `xs:unique`: key-sequences of targets with all fields present are distinct.
    Unique,
    /// `xs:key`: every target has all fields, and key-sequences are distinct.
    Key,
    /// `xs:keyref`: every complete key-sequence occurs in the referenced key's table.
    KeyRef,
}

/// A compiled identity constraint declared on an element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityConstraint {
    /// Name in Clark form `{targetNamespace}name`.
    pub name: String,
    /// unique / key / keyref.
    pub kind: IdcKind,
    /// Referenced key or unique (Clark form), for keyref.
    pub refer: Option<String>,
    /// Selector alternatives.
    pub selector: Vec<IdcPath>,
    /// Fields, each with its alternatives.
    pub fields: Vec<Vec<IdcPath>>,
}

/// Compiles the `xs:unique` / `xs:key` / `xs:keyref` children of an element
/// declaration node (`tns` = the schema's target namespace).
pub fn constraints_of(decl: &XNode, tns: &str) -> Result<Vec<IdentityConstraint>, (u32, IdcPathError)> {
    let mut out = Vec::new();
    for c in decl.xs_children() {
        let kind = match c.local.as_str() {
            "unique" => IdcKind::Unique,
            "key" => IdcKind::Key,
            "keyref" => IdcKind::KeyRef,
            _ => continue,
        };
        let xpath_of = |x: &XNode| x.attr("xpath").unwrap_or_default().to_string();
        let selector = match c.xs_children().find(|x| x.local == "selector") {
            Some(s) => parse(&xpath_of(s), false).map_err(|e| (s.line, e))?,
            None => Vec::new(),
        };
        let mut fields = Vec::new();
        for f in c.xs_children().filter(|x| x.local == "field") {
            fields.push(parse(&xpath_of(f), true).map_err(|e| (f.line, e))?);
        }
        out.push(IdentityConstraint {
            name: format!("{{{tns}}}{}", c.attr("name").unwrap_or_default()),
            kind,
            refer: c.attr("refer").map(str::to_string),
            selector,
            fields,
        });
    }
    Ok(out)
}

/// Why an identity-constraint XPath is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("XPath \"{xpath}\" of an identity constraint is not in the XSD subset: {reason}")]
pub struct IdcPathError {
    /// The expression.
    pub xpath: String,
    /// What is wrong.
    pub reason: &'static str,
}

fn name_test(tok: &str) -> Option<NameTest> {
    if tok == "*" {
        return Some(NameTest::Any);
    }
    let rest = tok.strip_prefix('{')?;
    let close = rest.find('}')?;
    let (ns, local) = (&rest[..close], &rest[close + 1..]);
    if local == "*" {
        return Some(NameTest::AnyIn(ns.to_string()));
    }
    let ok = !local.is_empty()
        && local.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '\u{B7}'));
    ok.then(|| NameTest::Name(ns.to_string(), local.to_string()))
}

/// Parses a selector (`field == false`) or field (`field == true`) expression
/// whose names are already in Clark form.
pub fn parse(xpath: &str, field: bool) -> Result<Vec<IdcPath>, IdcPathError> {
    let err = |reason| IdcPathError { xpath: without_namespaces(xpath), reason };
    let mut out = Vec::new();
    for alt in split_outside_braces(xpath, '|') {
        let mut s: String = alt.chars().filter(|c| !c.is_whitespace()).collect();
        let mut descendant = false;
        if let Some(r) = s.strip_prefix(".//") {
            descendant = true;
            s = r.to_string();
        }
        if s.is_empty() {
            return Err(err("empty path"));
        }
        let parts = split_outside_braces(&s, '/');
        let mut steps = Vec::new();
        let mut attr = None;
        for (i, p) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let p = p.strip_prefix("child::").unwrap_or(p);
            if p == "." {
                continue;
            }
            if let Some(a) = p.strip_prefix('@').or_else(|| p.strip_prefix("attribute::")) {
                if !field {
                    return Err(err("a selector cannot select attributes"));
                }
                if !last {
                    return Err(err("an attribute step must be the last step"));
                }
                attr = Some(name_test(a).ok_or_else(|| err("bad attribute name"))?);
                continue;
            }
            if p.is_empty() {
                return Err(err("'//' is only allowed at the start as './/'"));
            }
            steps.push(name_test(p).ok_or_else(|| err("bad name test"))?);
        }
        out.push(IdcPath { descendant, steps, attr });
    }
    Ok(out)
}

/// The expression with the `{namespace}` parts of Clark names removed (for messages).
fn without_namespaces(xpath: &str) -> String {
    let mut out = String::with_capacity(xpath.len());
    let mut depth = 0;
    for c in xpath.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Splits on `sep` outside `{…}` namespace parts of Clark names.
fn split_outside_braces(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Rewrites every name test of an identity-constraint XPath into Clark form:
/// `p:l` → `{ns(p)}l`, `p:*` → `{ns(p)}*`, `l` → `{}l`; axis names and `*`
/// stay. An undeclared prefix resolves to a namespace that matches nothing
/// (`{undeclared-prefix:p}`), so the constraint selects nothing, as with no
/// schema-aware processor accepting the name.
pub fn resolve_prefixes(xpath: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(xpath.len() + 16);
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if token.is_empty() {
            return;
        }
        if token == "." || token == "*" || token.ends_with("::") || token == "child" || token == "attribute" {
            out.push_str(token);
        } else if let Some((p, l)) = token.split_once(':') {
            match resolve(p) {
                Some(ns) => out.push_str(&format!("{{{ns}}}{l}")),
                None => out.push_str(&format!("{{undeclared-prefix:{p}}}{l}")),
            }
        } else {
            out.push_str(&format!("{{}}{token}"));
        }
        token.clear();
    };
    let chars: Vec<char> = xpath.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ':' && chars.get(i + 1) == Some(&':') {
            // Axis separator: `child::` / `attribute::`.
            token.push_str("::");
            out.push_str(&token);
            token.clear();
            i += 2;
            continue;
        }
        if matches!(c, '/' | '|' | '@') || c.is_whitespace() {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
        i += 1;
    }
    flush(&mut token, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clark(x: &str) -> String {
        resolve_prefixes(x, |p| (p == "t").then(|| "urn:t".to_string()))
    }

    #[test]
    fn prefixes_become_clark_names() {
        assert_eq!(clark("ДСВ"), "{}ДСВ");
        assert_eq!(clark(".//t:a/b | @t:c"), ".//{urn:t}a/{}b | @{urn:t}c");
        assert_eq!(clark("child::t:*/attribute::x"), "child::{urn:t}*/attribute::{}x");
        assert_eq!(clark("./*/."), "./*/.");
        assert_eq!(clark("q:a"), "{undeclared-prefix:q}a");
    }

    #[test]
    fn parses_the_xsd_subset() {
        let p = parse(&clark(".//a/t:b | ./c"), false).unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[0].descendant);
        assert_eq!(p[0].steps, vec![NameTest::Name("".into(), "a".into()), NameTest::Name("urn:t".into(), "b".into())]);
        assert_eq!(p[1].steps.len(), 1);
        let f = parse(&clark("ПлатежноеПоручение/Реквизиты/@Номер"), true).unwrap();
        assert_eq!(f[0].steps.len(), 2);
        assert_eq!(f[0].attr, Some(NameTest::Name("".into(), "Номер".into())));
        assert_eq!(parse(&clark("."), true).unwrap()[0].steps.len(), 0);
        assert!(parse(&clark("@a"), false).is_err());
        assert!(parse(&clark("a//b"), false).is_err());
        assert!(parse(&clark("@a/b"), true).is_err());
        assert!(parse(&clark("a[1]"), false).is_err());
        assert!(parse(&clark(""), false).is_err());
    }

    #[test]
    fn selects_by_depth_and_names() {
        let p = &parse(&clark("a/b"), false).unwrap()[0];
        assert!(p.selects_element(&[("", "a"), ("", "b")]));
        assert!(!p.selects_element(&[("", "x"), ("", "a"), ("", "b")]));
        let d = &parse(&clark(".//a/b"), false).unwrap()[0];
        assert!(d.selects_element(&[("", "x"), ("", "a"), ("", "b")]));
        assert!(!d.selects_element(&[("", "b")]));
        let s = &parse(&clark("."), false).unwrap()[0];
        assert!(s.selects_element(&[]));
        assert!(!s.selects_element(&[("", "a")]));
    }
}
