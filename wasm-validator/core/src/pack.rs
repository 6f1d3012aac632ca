//! The compiled pack: every table the checker needs (interned names, simple and
//! complex types, element declarations, automata, regex sources, forms), saved
//! and loaded as ONE binary blob (magic header + format version + postcard).

use serde::{Deserialize, Serialize};

use crate::annotations::Annotations;
use crate::content_model::{Dfa, NsConstraint};
use crate::form_identity::Form;
use crate::identity_path::IdentityConstraint;
use crate::simple_types::SimpleType;

/// Magic bytes at the start of a pack blob.
pub const MAGIC: &[u8; 8] = b"PODPISVP";
/// Pack format version; bump on any change of the serialized structures.
pub const FORMAT_VERSION: u16 = 4;

/// Reference to a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypeRef {
    /// A simple type (index into [`Pack::simple_types`]).
    Simple(u32),
    /// A complex type (index into [`Pack::complex_types`]).
    Complex(u32),
    /// `xs:anyType`: anything goes (content not validated).
    Any,
}


/// An element declaration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementDecl {
    /// Interned name id.
    pub name: u32,
    /// Its type.
    pub ty: TypeRef,
    /// `fixed` value.
    pub fixed: Option<String>,
    /// `nillable`.
    pub nillable: bool,
    /// `xs:unique` / `xs:key` / `xs:keyref` constraints declared on it.
    pub identity: Vec<IdentityConstraint>,
}

/// An attribute use of a complex type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttrUse {
    /// Interned name id.
    pub name: u32,
    /// Simple type id.
    pub ty: u32,
    /// `use="required"`.
    pub required: bool,
    /// `fixed` value.
    pub fixed: Option<String>,
}

/// One item of an `xs:all` group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllItem {
    /// Interned name id.
    pub name: u32,
    /// Element declaration id.
    pub decl: u32,
    /// Required (minOccurs = 1)?
    pub required: bool,
}

/// Content of a complex type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Content {
    /// No children, no text (text allowed only if `mixed`).
    Empty,
    /// Text of a simple type.
    Simple(u32),
    /// Children per an automaton (index into [`Pack::dfas`]).
    Elements(u32),
    /// An `xs:all` group (`min_occurs` of the group: 0 means the whole group is optional).
    All(Vec<AllItem>, u32),
}

/// A compiled complex type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplexType {
    /// Name (local part) when named.
    pub name: Option<String>,
    /// Attribute uses.
    pub attrs: Vec<AttrUse>,
    /// `xs:anyAttribute` namespace constraint.
    pub any_attr: Option<NsConstraint>,
    /// Content.
    pub content: Content,
    /// Mixed content (text allowed between children).
    pub mixed: bool,
}

/// Everything needed to check documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    /// Interned `(namespace, local)` names.
    pub names: Vec<(String, String)>,
    /// Simple types.
    pub simple_types: Vec<SimpleType>,
    /// Complex types.
    pub complex_types: Vec<ComplexType>,
    /// Element declarations.
    pub elements: Vec<ElementDecl>,
    /// Content-model automata.
    pub dfas: Vec<Dfa>,
    /// XSD pattern sources, one entry per distinct derivation step: the step's
    /// alternatives (compiled by [`crate::pattern::Pattern::compile`] at load).
    pub regexes: Vec<Vec<String>>,
    /// Forms (one per root element of each entry schema).
    pub forms: Vec<Form>,
    /// Documentation of components (labels and code meanings for renderings).
    pub annotations: Annotations,
}

/// Errors reading a pack blob.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// Wrong magic bytes.
    #[error("not a podpis validator pack (bad magic)")]
    BadMagic,
    /// Produced by a different format version.
    #[error("pack format version {found} is not supported (expected {expected})")]
    Version {
        /// Found version.
        found: u16,
        /// Supported version.
        expected: u16,
    },
    /// Corrupt body.
    #[error("corrupt pack: {0}")]
    Corrupt(String),
    /// A stored XSD pattern does not compile.
    #[error("pack pattern {index} does not compile: {message}")]
    Regex {
        /// Index.
        index: usize,
        /// Error.
        message: String,
    },
}

impl Pack {
    /// Serializes the pack to one blob.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        match postcard::to_allocvec(self) {
            Ok(body) => out.extend_from_slice(&body),
            Err(_) => {} // postcard cannot fail for these in-memory structures
        }
        out
    }

    /// Deserializes a blob produced by [`Pack::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Pack, PackError> {
        if bytes.len() < 10 || &bytes[..8] != MAGIC {
            return Err(PackError::BadMagic);
        }
        let found = u16::from_le_bytes([bytes[8], bytes[9]]);
        if found != FORMAT_VERSION {
            return Err(PackError::Version { found, expected: FORMAT_VERSION });
        }
        let pack: Pack = postcard::from_bytes(&bytes[10..]).map_err(|e| PackError::Corrupt(e.to_string()))?;
        pack.validate_indices()?;
        Ok(pack)
    }

    /// Checks that all cross-references are in range (a corrupt blob must not panic later).
    fn validate_indices(&self) -> Result<(), PackError> {
        let bad = |what: &str| Err(PackError::Corrupt(format!("index out of range in {what}")));
        let ty_ok = |t: &TypeRef| match t {
            TypeRef::Simple(i) => (*i as usize) < self.simple_types.len(),
            TypeRef::Complex(i) => (*i as usize) < self.complex_types.len(),
            TypeRef::Any => true,
        };
        for e in &self.elements {
            if e.name as usize >= self.names.len() || !ty_ok(&e.ty) {
                return bad("elements");
            }
        }
        for c in &self.complex_types {
            for a in &c.attrs {
                if a.name as usize >= self.names.len() || a.ty as usize >= self.simple_types.len() {
                    return bad("attributes");
                }
            }
            match &c.content {
                Content::Simple(s) if *s as usize >= self.simple_types.len() => return bad("simple content"),
                Content::Elements(d) if *d as usize >= self.dfas.len() => return bad("content model"),
                Content::All(items, _)
                    if items.iter().any(|i| i.name as usize >= self.names.len() || i.decl as usize >= self.elements.len()) =>
                {
                    return bad("all group")
                }
                _ => {}
            }
        }
        for s in &self.simple_types {
            if s.facets.patterns.iter().any(|p| *p as usize >= self.regexes.len()) {
                return bad("patterns");
            }
        }
        for d in &self.dfas {
            for st in &d.states {
                let counter_ok = |c: &u32| (*c as usize) < d.counters.len();
                if st.acts.iter().any(|(t, a)| {
                    let (crate::content_model::CounterAct::Start(c) | crate::content_model::CounterAct::Inc(c) | crate::content_model::CounterAct::Exit(c)) = a;
                    *t as usize >= st.trans.len() || !counter_ok(c)
                }) || !st.accept_needs.iter().all(counter_ok)
                {
                    return bad("counters");
                }
                for (l, to) in &st.trans {
                    if *to as usize >= d.states.len() {
                        return bad("automaton");
                    }
                    if let crate::content_model::Label::Element(n, decl) = l {
                        if *n as usize >= self.names.len() || *decl as usize >= self.elements.len() {
                            return bad("automaton labels");
                        }
                    }
                }
            }
        }
        for f in &self.forms {
            if f.root as usize >= self.elements.len() {
                return bad("forms");
            }
        }
        Ok(())
    }
}
