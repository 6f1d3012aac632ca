//! Human documentation of schema components (`xs:annotation/xs:documentation`):
//! the Russian labels of elements, attributes and types and the meanings of
//! enumerated codes, kept in the pack for readable renderings of reports.
//!
//! Texts are interned once; the tables are sorted `(key…, text)` tuples looked
//! up by binary search, so the pack stays compact and loading validates nothing
//! extra (a lookup with a bad index just finds nothing).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::schema_model::XNode;

/// Documentation texts of a compiled pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    /// Interned texts (documentation and enumeration values).
    pub texts: Vec<String>,
    /// `(element declaration id, text)`, sorted.
    pub elements: Vec<(u32, u32)>,
    /// `(attribute name id, simple type id, text)`, sorted.
    pub attributes: Vec<(u32, u32, u32)>,
    /// `(complex type id, text)`, sorted.
    pub complex_types: Vec<(u32, u32)>,
    /// `(simple type id, text)`, sorted.
    pub simple_types: Vec<(u32, u32)>,
    /// `(simple type id, value text, meaning text)`, sorted.
    pub enumerations: Vec<(u32, u32, u32)>,
}

impl Annotations {
    fn text(&self, i: u32) -> Option<&str> {
        self.texts.get(i as usize).map(String::as_str)
    }

    fn pair(table: &[(u32, u32)], key: u32) -> Option<u32> {
        table.binary_search_by_key(&key, |e| e.0).ok().and_then(|i| table.get(i)).map(|e| e.1)
    }

    /// Documentation of an element declaration.
    pub fn element(&self, decl: u32) -> Option<&str> {
        Self::pair(&self.elements, decl).and_then(|t| self.text(t))
    }

    /// Documentation of a complex type.
    pub fn complex_type(&self, id: u32) -> Option<&str> {
        Self::pair(&self.complex_types, id).and_then(|t| self.text(t))
    }

    /// Documentation of a simple type.
    pub fn simple_type(&self, id: u32) -> Option<&str> {
        Self::pair(&self.simple_types, id).and_then(|t| self.text(t))
    }

    /// Documentation of an attribute (by interned name and its simple type).
    pub fn attribute(&self, name: u32, ty: u32) -> Option<&str> {
        let i = self.attributes.partition_point(|e| (e.0, e.1) < (name, ty));
        self.attributes.get(i).filter(|e| e.0 == name && e.1 == ty).and_then(|e| self.text(e.2))
    }

    /// Meaning of an enumerated value of a simple type.
    pub fn enumeration(&self, ty: u32, value: &str) -> Option<&str> {
        let start = self.enumerations.partition_point(|e| e.0 < ty);
        self.enumerations
            .get(start..)?
            .iter()
            .take_while(|e| e.0 == ty)
            .find(|e| self.text(e.1) == Some(value))
            .and_then(|e| self.text(e.2))
    }
}

/// The documentation texts directly under `node` (`xs:annotation/xs:documentation`),
/// each with whitespace collapsed, in order.
pub fn documentation_texts(node: &XNode) -> Vec<String> {
    let mut out = Vec::new();
    for ann in node.children.iter().filter(|n| n.is_xs("annotation")) {
        for doc in ann.children.iter().filter(|n| n.is_xs("documentation")) {
            let text = doc.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                out.push(text);
            }
        }
    }
    out
}

/// The label of `node`: its first documentation text (later ones usually
/// describe the value format, e.g. "Дата в формате ДД.ММ.ГГГГ").
pub fn documentation_of(node: &XNode) -> Option<String> {
    documentation_texts(node).into_iter().next()
}

/// The codes listed by a documentation text of the form
/// `Принимает значение: 1 – руководитель | 2 – уполномоченный представитель`.
pub fn code_list(doc: &str) -> Vec<(String, String)> {
    let Some(i) = doc.find("Принимает значение") else { return Vec::new() };
    let list = doc.get(i + "Принимает значение".len()..).unwrap_or("").trim_start_matches([':', ' ']);
    let mut out = Vec::new();
    for item in list.split('|') {
        let item = item.trim();
        let Some((code, meaning)) = item.split_once(" – ").or_else(|| item.split_once(" - ")) else { continue };
        let code = code.trim();
        if !code.is_empty() && !code.contains(' ') && !meaning.trim().is_empty() {
            out.push((code.to_string(), meaning.trim().to_string()));
        }
    }
    out
}

/// Collects annotations while a pack is compiled.
#[derive(Debug, Default)]
pub struct AnnotationCollector {
    ann: Annotations,
    ids: HashMap<String, u32>,
}

impl AnnotationCollector {
    fn intern(&mut self, text: String) -> u32 {
        if let Some(&i) = self.ids.get(&text) {
            return i;
        }
        let i = self.ann.texts.len() as u32;
        self.ann.texts.push(text.clone());
        self.ids.insert(text, i);
        i
    }

    /// Records the documentation of an element declaration.
    pub fn element(&mut self, decl: u32, node: &XNode) {
        if let Some(t) = documentation_of(node) {
            let t = self.intern(t);
            self.ann.elements.push((decl, t));
        }
    }

    /// Records the documentation of an attribute use (`nodes`: the use, then
    /// the declaration it refers to; the first documented wins). A text
    /// "Принимает значение: 1 – … | 2 – …" gives the meanings of the codes.
    pub fn attribute(&mut self, name: u32, ty: u32, nodes: &[&XNode]) {
        if let Some(texts) = nodes.iter().map(|n| documentation_texts(n)).find(|t| !t.is_empty()) {
            for (code, meaning) in texts.iter().flat_map(|t| code_list(t)) {
                let (v, m) = (self.intern(code), self.intern(meaning));
                self.ann.enumerations.push((ty, v, m));
            }
            let label = texts.into_iter().find(|t| !t.starts_with("Принимает значение")).unwrap_or_default();
            if !label.is_empty() {
                let t = self.intern(label);
                self.ann.attributes.push((name, ty, t));
            }
        }
    }

    /// Records the documentation of a complex type.
    pub fn complex_type(&mut self, id: u32, node: &XNode) {
        if let Some(t) = documentation_of(node) {
            let t = self.intern(t);
            self.ann.complex_types.push((id, t));
        }
    }

    /// Records the documentation of a simple type and of its enumerated values.
    pub fn simple_type(&mut self, id: u32, node: &XNode) {
        if let Some(t) = documentation_of(node) {
            let t = self.intern(t);
            self.ann.simple_types.push((id, t));
        }
        for r in node.xs_children().filter(|n| n.local == "restriction") {
            for e in r.xs_children().filter(|n| n.local == "enumeration") {
                if let (Some(v), Some(t)) = (e.attr("value"), documentation_of(e)) {
                    let v = self.intern(v.to_string());
                    let t = self.intern(t);
                    self.ann.enumerations.push((id, v, t));
                }
            }
        }
    }

    /// The sorted tables.
    pub fn finish(mut self) -> Annotations {
        let a = &mut self.ann;
        a.elements.sort_unstable();
        a.elements.dedup_by_key(|e| e.0);
        a.complex_types.sort_unstable();
        a.complex_types.dedup_by_key(|e| e.0);
        a.simple_types.sort_unstable();
        a.simple_types.dedup_by_key(|e| e.0);
        a.attributes.sort_unstable();
        a.attributes.dedup_by_key(|e| (e.0, e.1));
        a.enumerations.sort_unstable_by_key(|e| e.0);
        self.ann
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(local: &str, children: Vec<XNode>) -> XNode {
        XNode { ns: crate::schema_model::XS_NS.into(), local: local.into(), children, ..Default::default() }
    }

    fn doc(text: &str) -> XNode {
        node("annotation", vec![XNode { text: text.into(), ..node("documentation", vec![]) }])
    }

    #[test]
    fn collects_and_looks_up() {
        let mut c = AnnotationCollector::default();
        c.element(7, &node("element", vec![doc("  Сведения о\n   плательщике ")]));
        c.element(3, &node("element", vec![]));
        let mut e1 = node("enumeration", vec![doc("Организация")]);
        e1.attrs.push(("value".into(), "1".into()));
        let mut e2 = node("enumeration", vec![doc("ИП")]);
        e2.attrs.push(("value".into(), "2".into()));
        c.simple_type(5, &node("simpleType", vec![doc("Признак"), node("restriction", vec![e1, e2])]));
        c.attribute(9, 5, &[&node("attribute", vec![]), &node("attribute", vec![doc("Признак лица")])]);
        let a = c.finish();
        assert_eq!(a.element(7), Some("Сведения о плательщике"));
        assert_eq!(a.element(3), None);
        assert_eq!(a.simple_type(5), Some("Признак"));
        assert_eq!(a.enumeration(5, "2"), Some("ИП"));
        assert_eq!(a.enumeration(5, "3"), None);
        assert_eq!(a.enumeration(4, "1"), None);
        assert_eq!(a.attribute(9, 5), Some("Признак лица"));
        assert_eq!(a.attribute(9, 6), None);
    }

    #[test]
    fn code_lists_in_documentation() {
        assert_eq!(
            code_list("Принимает значение: 1 – руководитель | 2 – уполномоченный представитель"),
            vec![("1".to_string(), "руководитель".to_string()), ("2".to_string(), "уполномоченный представитель".to_string())]
        );
        assert!(code_list("Дата в формате ДД.ММ.ГГГГ (01.01.1900 - 31.12.2099)").is_empty());
    }
}
