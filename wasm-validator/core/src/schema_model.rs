//! Schema model: XSD documents parsed into a small tree (with QName-valued
//! attributes already resolved to `{namespace}local` form) and the set of schema
//! documents reachable through `xs:include` / `xs:import`.
//!
//! Loading is file-system independent: schemas are given as `(name, bytes)` pairs
//! (relative `schemaLocation`s are resolved against the including file's name), so
//! the same code runs in WASM. Directory loading lives behind the `cli` feature.

use std::collections::BTreeMap;

use crate::xml_reader::{self, NsScope, StartTag, XmlHandler};

/// The XML Schema namespace.
pub const XS_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// The ISO Schematron namespace.
pub const SCH_NS: &str = "http://purl.oclc.org/dsdl/schematron";
/// The FNS Schematron extension namespace.
pub const USCH_NS: &str = "http://www.unisoftware.ru/schematron-extensions";

/// Errors while loading schema documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// A schema file could not be parsed as XML.
    #[error("schema {file}: {source}")]
    Xml {
        /// File name.
        file: String,
        /// Reader error.
        source: xml_reader::XmlError,
    },
    /// An `xs:include` / `xs:import` refers to a file that is not available.
    #[error("schema {from}: imported/included file \"{location}\" (resolved as {resolved}) is missing")]
    MissingFile {
        /// The including file.
        from: String,
        /// The `schemaLocation` as written.
        location: String,
        /// The resolved name that was looked up.
        resolved: String,
    },
    /// The root element is not `xs:schema`.
    #[error("{0}: not an XML Schema (root is not xs:schema)")]
    NotSchema(String),
}

/// One element of a schema document.
#[derive(Debug, Clone, Default)]
pub struct XNode {
    /// Namespace URI.
    pub ns: String,
    /// Local name.
    pub local: String,
    /// Attributes `(local name, value)`; QName-valued ones (`type`, `base`, `ref`,
    /// `itemType`, `memberTypes`, `refer`) are stored as `{ns}local`.
    pub attrs: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<XNode>,
    /// Concatenated text content (with `usch:value-of` markers kept as children).
    pub text: String,
    /// Line of the start tag.
    pub line: u32,
}

impl XNode {
    /// Value of an unprefixed attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Is this an XML Schema element with the given local name?
    pub fn is_xs(&self, local: &str) -> bool {
        self.ns == XS_NS && self.local == local
    }

    /// XML Schema children (annotations skipped).
    pub fn xs_children(&self) -> impl Iterator<Item = &XNode> {
        self.children.iter().filter(|c| c.ns == XS_NS && c.local != "annotation")
    }
}

/// Splits `{ns}local` into its parts.
pub fn split_clark(name: &str) -> (&str, &str) {
    if let Some(rest) = name.strip_prefix('{') {
        if let Some(i) = rest.find('}') {
            return (&rest[..i], &rest[i + 1..]);
        }
    }
    ("", name)
}

fn resolve_qname(value: &str, scope: &NsScope) -> String {
    let value = value.trim();
    let (prefix, local) = match value.find(':') {
        Some(i) => (&value[..i], &value[i + 1..]),
        None => ("", value),
    };
    let ns = scope.resolve(prefix).unwrap_or("");
    format!("{{{ns}}}{local}")
}

#[derive(Default)]
struct TreeBuilder {
    stack: Vec<XNode>,
    root: Option<XNode>,
}

impl XmlHandler for TreeBuilder {
    fn start(&mut self, tag: &StartTag<'_, '_>, scope: &NsScope) {
        let is_xs = tag.ns == XS_NS;
        let mut node = XNode { ns: tag.ns.to_string(), local: tag.local.to_string(), line: tag.pos.line, ..Default::default() };
        for a in tag.attrs.iter() {
            let v = if is_xs && a.prefix.is_empty() && matches!(a.local, "type" | "base" | "ref" | "itemType" | "refer") {
                resolve_qname(&a.value, scope)
            } else if is_xs && a.prefix.is_empty() && a.local == "xpath" {
                crate::identity_path::resolve_prefixes(&a.value, |p| scope.resolve(p).map(str::to_string))
            } else if is_xs && a.local == "memberTypes" {
                a.value.split_whitespace().map(|m| resolve_qname(m, scope)).collect::<Vec<_>>().join(" ")
            } else {
                a.value.to_string()
            };
            let key = if a.prefix.is_empty() { a.local.to_string() } else { format!("{}:{}", a.prefix, a.local) };
            node.attrs.push((key, v));
        }
        self.stack.push(node);
    }

    fn text(&mut self, text: &str) {
        if let Some(top) = self.stack.last_mut() {
            if top.ns != XS_NS || top.local == "documentation" || top.local == "appinfo" {
                top.text.push_str(text);
            }
            // Remember where the text goes relative to children (for message templates).
            if top.ns == USCH_NS || top.ns == SCH_NS {
                top.children.push(XNode { ns: String::new(), local: "#text".into(), text: text.to_string(), ..Default::default() });
            }
        }
    }

    fn end(&mut self) {
        if let Some(node) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => self.root = Some(node),
            }
        }
    }
}

/// Parses one document into an [`XNode`] tree.
pub fn parse_tree(file: &str, bytes: &[u8]) -> Result<XNode, SchemaError> {
    let decoded = xml_reader::decode(bytes).map_err(|e| SchemaError::Xml { file: file.into(), source: e })?;
    let mut b = TreeBuilder::default();
    xml_reader::read_document(&decoded.text, &mut b, 512).map_err(|e| SchemaError::Xml { file: file.into(), source: e })?;
    b.root.ok_or_else(|| SchemaError::NotSchema(file.into()))
}

/// One loaded schema document.
#[derive(Debug, Clone)]
pub struct SchemaDoc {
    /// Name under which it was loaded (path-like, '/'-separated).
    pub name: String,
    /// The effective target namespace (chameleon includes adopt the includer's).
    pub target_ns: String,
    /// `elementFormDefault="qualified"`.
    pub elements_qualified: bool,
    /// `attributeFormDefault="qualified"`.
    pub attributes_qualified: bool,
    /// The `xs:schema` element.
    pub root: XNode,
    /// Names of the documents it includes or imports.
    pub references: Vec<String>,
}

/// Resolves `location` relative to the directory of `from`.
pub fn resolve_location(from: &str, location: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in location.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") && !parts.is_empty() {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A set of schema documents reachable from some entry documents.
#[derive(Debug, Default)]
pub struct SchemaSet {
    /// Loaded documents by name.
    pub docs: BTreeMap<String, SchemaDoc>,
    /// Entry documents (not included/imported by any other given document), in order.
    pub entries: Vec<String>,
}

impl SchemaSet {
    /// Loads every given file (name → bytes) and follows include/import references.
    /// Files that are referenced by another given file are not entries.
    pub fn load(files: &BTreeMap<String, Vec<u8>>) -> Result<SchemaSet, SchemaError> {
        let mut set = SchemaSet::default();
        let mut trees: BTreeMap<String, XNode> = BTreeMap::new();
        for (name, bytes) in files {
            let root = parse_tree(name, bytes)?;
            if !root.is_xs("schema") {
                return Err(SchemaError::NotSchema(name.clone()));
            }
            trees.insert(name.clone(), root);
        }
        let mut referenced = std::collections::BTreeSet::new();
        for (name, root) in &trees {
            for c in root.children.iter().filter(|c| c.is_xs("include") || c.is_xs("import") || c.is_xs("redefine")) {
                if let Some(loc) = c.attr("schemaLocation") {
                    let resolved = resolve_location(name, loc);
                    if !trees.contains_key(&resolved) {
                        return Err(SchemaError::MissingFile { from: name.clone(), location: loc.into(), resolved });
                    }
                    referenced.insert(resolved);
                }
            }
        }
        for name in trees.keys() {
            if !referenced.contains(name) {
                set.entries.push(name.clone());
            }
        }
        // Effective target namespaces: chameleon includes take the includer's.
        let mut tns: BTreeMap<String, String> = BTreeMap::new();
        for (name, root) in &trees {
            tns.insert(name.clone(), root.attr("targetNamespace").unwrap_or("").to_string());
        }
        for _ in 0..4 {
            for (name, root) in &trees {
                let mine = tns.get(name).cloned().unwrap_or_default();
                for c in root.children.iter().filter(|c| c.is_xs("include")) {
                    if let Some(loc) = c.attr("schemaLocation") {
                        let r = resolve_location(name, loc);
                        if trees.get(&r).is_some_and(|t| t.attr("targetNamespace").is_none()) {
                            tns.insert(r, mine.clone());
                        }
                    }
                }
            }
        }
        for (name, root) in trees {
            let references = root
                .children
                .iter()
                .filter(|c| c.is_xs("include") || c.is_xs("import"))
                .filter_map(|c| c.attr("schemaLocation").map(|l| resolve_location(&name, l)))
                .collect();
            let doc = SchemaDoc {
                target_ns: tns.get(&name).cloned().unwrap_or_default(),
                elements_qualified: root.attr("elementFormDefault") == Some("qualified"),
                attributes_qualified: root.attr("attributeFormDefault") == Some("qualified"),
                name: name.clone(),
                root,
                references,
            };
            set.docs.insert(name, doc);
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::resolve_location;

    #[test]
    fn locations() {
        assert_eq!(resolve_location("a/b.xsd", "c.xsd"), "a/c.xsd");
        assert_eq!(resolve_location("a/b/x.xsd", "../c.xsd"), "a/c.xsd");
        assert_eq!(resolve_location("x.xsd", "../../c.xsd"), "../../c.xsd");
    }
}
