//! What the schema says about a document's elements, for rendering: which
//! declaration a child element has, whether it repeats, its label from the
//! documentation, and how its values are formatted.

use std::collections::HashMap;
use std::rc::Rc;

use podpis_validator::content_model::Label;
use podpis_validator::form_identity::Form;
use podpis_validator::pack::{Content, ElementDecl, Pack, TypeRef};
use podpis_validator::simple_types::{Builtin, SimpleType};
use podpis_validator::Validator;

use crate::value_format;

/// How the value of a field is presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldValue {
    /// The value as shown (formatted).
    pub shown: String,
    /// Meaning of an enumerated code, from the documentation.
    pub meaning: Option<String>,
}

/// Known form names by КНД, for schemas whose documentation names the
/// document generically ("Состав и структура документа").
const KNOWN_FORMS: [(&str, &str); 6] = [
    ("1151111", "Расчет по страховым взносам"),
    ("1151100", "Расчет сумм налога на доходы физических лиц, исчисленных и удержанных налоговым агентом (6-НДФЛ)"),
    ("1152017", "Налоговая декларация по налогу, уплачиваемому в связи с применением упрощенной системы налогообложения"),
    ("1151001", "Налоговая декларация по налогу на добавленную стоимость"),
    ("1115131", "Универсальный передаточный документ: счет-фактура и документ об отгрузке (информация продавца)"),
    ("1115132", "Универсальный передаточный документ (информация покупателя)"),
];

/// Children of a complex type in schema order: `(local name, declaration, repeatable)`.
pub type ChildList = Vec<(String, u32, bool)>;

/// Schema lookups over a validator's pack, with per-type caches.
pub struct SchemaView {
    v: Rc<Validator>,
    /// Per complex type: its children in schema order.
    children: HashMap<u32, Rc<ChildList>>,
}

impl SchemaView {
    /// Lookups over `v`'s pack.
    pub fn new(v: Rc<Validator>) -> SchemaView {
        SchemaView { v, children: HashMap::new() }
    }

    /// The pack.
    pub fn pack(&self) -> &Pack {
        self.v.pack()
    }

    /// An element declaration.
    pub fn decl(&self, decl: u32) -> Option<&ElementDecl> {
        self.pack().elements.get(decl as usize)
    }

    fn local(&self, name: u32) -> &str {
        self.pack().names.get(name as usize).map(|n| n.1.as_str()).unwrap_or("")
    }

    /// The human title of a form: the documentation of its `Документ`
    /// element, else a known name by КНД, else the schema name.
    pub fn form_title(&mut self, form: &Form) -> String {
        form_title(self.pack(), form)
    }

    /// The children an element declared by `parent` may have, in schema order.
    pub fn children_of(&mut self, parent: u32) -> Rc<ChildList> {
        let Some(TypeRef::Complex(ct)) = self.decl(parent).map(|d| d.ty) else { return Rc::default() };
        if let Some(c) = self.children.get(&ct) {
            return c.clone();
        }
        let list = Rc::new(self.child_table(ct));
        self.children.insert(ct, list.clone());
        list
    }

    /// The declaration of child `local` of an element declared by `parent`,
    /// and whether that child may occur more than once there.
    pub fn child(&mut self, parent: u32, local: &str) -> Option<(u32, bool)> {
        self.children_of(parent).iter().find(|c| c.0 == local).map(|c| (c.1, c.2))
    }

    fn child_table(&self, ct: u32) -> ChildList {
        let mut table: ChildList = Vec::new();
        let Some(t) = self.pack().complex_types.get(ct as usize) else { return table };
        match &t.content {
            Content::All(items, _) => {
                for i in items {
                    table.push((self.local(i.name).to_string(), i.decl, false));
                }
            }
            Content::Elements(d) => {
                let Some(dfa) = self.pack().dfas.get(*d as usize) else { return table };
                // A label repeats when a state reached through it can reach
                // another transition with the same name.
                let n = dfa.states.len();
                let mut reach: Vec<Option<Vec<bool>>> = vec![None; n];
                let mut reachable = |from: u32| -> Vec<bool> {
                    if let Some(Some(r)) = reach.get(from as usize) {
                        return r.clone();
                    }
                    let mut seen = vec![false; n];
                    let mut stack = vec![from];
                    while let Some(s) = stack.pop() {
                        let Some(st) = dfa.states.get(s as usize) else { continue };
                        for (_, to) in &st.trans {
                            if let Some(v) = seen.get_mut(*to as usize) {
                                if !*v {
                                    *v = true;
                                    stack.push(*to);
                                }
                            }
                        }
                    }
                    if let Some(slot) = reach.get_mut(from as usize) {
                        *slot = Some(seen.clone());
                    }
                    seen
                };
                for st in &dfa.states {
                    for (label, to) in &st.trans {
                        let Label::Element(name, decl) = label else { continue };
                        let local = self.local(*name);
                        let pos = match table.iter().position(|c| c.0 == local) {
                            Some(p) => p,
                            None => {
                                table.push((local.to_string(), *decl, false));
                                table.len() - 1
                            }
                        };
                        if table.get(pos).is_some_and(|c| c.2) {
                            continue;
                        }
                        // The target itself, and everything after it.
                        let mut states = reachable(*to);
                        if let Some(v) = states.get_mut(*to as usize) {
                            *v = true;
                        }
                        let again = states.iter().enumerate().filter(|(_, r)| **r).any(|(s, _)| {
                            dfa.states.get(s).is_some_and(|st| {
                                st.trans.iter().any(|(l, _)| matches!(l, Label::Element(n2, _) if self.local(*n2) == local))
                            })
                        });
                        if let Some(c) = table.get_mut(pos) {
                            c.2 = again;
                        }
                    }
                }
            }
            _ => {}
        }
        table
    }

    /// Label of an element: its documentation, else its type's, else its name.
    pub fn element_label(&self, decl: Option<u32>, local: &str) -> String {
        let ann = &self.pack().annotations;
        decl.and_then(|d| {
            ann.element(d).or_else(|| match self.decl(d)?.ty {
                TypeRef::Complex(c) => ann.complex_type(c),
                TypeRef::Simple(s) => ann.simple_type(s),
                TypeRef::Any => None,
            })
        })
        .map(str::to_string)
        .unwrap_or_else(|| local.to_string())
    }

    /// The attributes declared for an element: `(local name, name id, simple type id)`.
    pub fn attributes(&self, decl: Option<u32>) -> Vec<(&str, u32, u32)> {
        let Some(TypeRef::Complex(c)) = decl.and_then(|d| self.decl(d)).map(|d| d.ty) else { return Vec::new() };
        let Some(t) = self.pack().complex_types.get(c as usize) else { return Vec::new() };
        t.attrs.iter().map(|a| (self.local(a.name), a.name, a.ty)).collect()
    }

    /// Label and simple type of an attribute of an element.
    pub fn attribute(&self, decl: Option<u32>, local: &str) -> (String, Option<u32>) {
        match self.attributes(decl).into_iter().find(|a| a.0 == local) {
            Some((_, name, ty)) => {
                let ann = &self.pack().annotations;
                let label = ann
                    .attribute(name, ty)
                    .filter(|t| !t.starts_with("Принимает значение"))
                    .or_else(|| ann.simple_type(ty))
                    .unwrap_or(local);
                (label.to_string(), Some(ty))
            }
            None => (local.to_string(), None),
        }
    }

    /// The simple type of an element's text, if it has simple content.
    pub fn text_type(&self, decl: Option<u32>) -> Option<u32> {
        match self.decl(decl?)?.ty {
            TypeRef::Simple(s) => Some(s),
            TypeRef::Complex(c) => match self.pack().complex_types.get(c as usize)?.content {
                Content::Simple(s) => Some(s),
                _ => None,
            },
            TypeRef::Any => None,
        }
    }

    /// Does the element have element content (a section), rather than text?
    pub fn has_element_content(&self, decl: Option<u32>) -> bool {
        let Some(d) = decl.and_then(|d| self.decl(d)) else { return false };
        match d.ty {
            TypeRef::Complex(c) => {
                matches!(self.pack().complex_types.get(c as usize).map(|t| &t.content), Some(Content::Elements(_) | Content::All(..)))
            }
            _ => false,
        }
    }

    /// Formats a value of simple type `ty` (none: as written).
    pub fn value(&self, ty: Option<u32>, raw: &str) -> FieldValue {
        let Some(id) = ty else { return FieldValue { shown: raw.to_string(), meaning: None } };
        let st = self.pack().simple_types.get(id as usize);
        let shown = match st {
            Some(st) if st.builtin == Builtin::Date => value_format::date(raw),
            Some(st) if is_money(st) => value_format::money(raw, 2),
            _ => raw.to_string(),
        };
        let meaning = self.pack().annotations.enumeration(id, raw.trim()).map(str::to_string);
        FieldValue { shown, meaning }
    }
}

/// The human title of a form (see [`SchemaView::form_title`]).
pub fn form_title(pack: &Pack, form: &Form) -> String {
    let ann = &pack.annotations;
    let doc_child = pack.elements.get(form.root as usize).and_then(|root| match root.ty {
        TypeRef::Complex(c) => match &pack.complex_types.get(c as usize)?.content {
            Content::Elements(d) => pack.dfas.get(*d as usize)?.states.iter().flat_map(|s| s.trans.iter()).find_map(|(l, _)| match l {
                Label::Element(n, decl) if pack.names.get(*n as usize).is_some_and(|n| n.1 == "Документ") => Some(*decl),
                _ => None,
            }),
            _ => None,
        },
        _ => None,
    });
    let known = form.knd.as_deref().and_then(|k| KNOWN_FORMS.iter().find(|f| f.0 == k)).map(|f| f.1.to_string());
    let documented = doc_child.and_then(|d| ann.element(d)).filter(|t| !t.starts_with("Состав и структура") && t.chars().count() <= 160);
    known.or_else(|| documented.map(str::to_string)).unwrap_or_else(|| format!("Форма {}", form.name))
}

/// A money amount: a decimal with exactly two fraction digits.
fn is_money(st: &SimpleType) -> bool {
    st.builtin == Builtin::Decimal && st.facets.fraction_digits == Some(2) && st.facets.enumeration.is_none()
}
