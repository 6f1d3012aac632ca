//! Compilation of a [`SchemaSet`] into a [`Pack`]: resolves global components,
//! compiles simple types (facets per derivation step, XSD regexes), complex types
//! (attributes, derivation by extension/restriction, content models → automata),
//! element declarations, and forms with their embedded Schematron rules.

use std::collections::{BTreeMap, HashMap};

use crate::annotations::AnnotationCollector;
use crate::content_model::{build_dfa, ContentModelError, NsConstraint, Particle, Term, Wildcard};
use crate::form_identity::{detect_knd, detect_version, extract_rules, Form};
use crate::pack::{AllItem, AttrUse, ComplexType, Content, ElementDecl, Pack, TypeRef};
use crate::schema_model::{split_clark, SchemaError, SchemaSet, XNode, XS_NS};
use crate::simple_types::{Builtin, SimpleType, Variety, WhiteSpace};

mod simple;

use crate::pattern::PatternError;

/// Errors compiling schemas.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// Loading the schema documents failed.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A referenced component does not exist.
    #[error("{file} line {line}: unresolved {kind} reference {name}")]
    Unresolved {
        /// Schema file.
        file: String,
        /// Line.
        line: u32,
        /// Component kind.
        kind: &'static str,
        /// `{ns}local` name.
        name: String,
    },
    /// A pattern facet is not a valid XSD regex.
    #[error("{file}: {source}")]
    Regex {
        /// Schema file.
        file: String,
        /// Pattern error.
        source: PatternError,
    },
    /// A content model is too large.
    #[error("{file}: {source}")]
    ContentModel {
        /// Schema file.
        file: String,
        /// Error.
        source: ContentModelError,
    },
    /// A schema construct is malformed.
    #[error("{file} line {line}: {message}")]
    Malformed {
        /// Schema file.
        file: String,
        /// Line.
        line: u32,
        /// Message.
        message: String,
    },
    /// No entry schema declares a global element.
    #[error("no form found: no global element declarations in the entry schemas")]
    NoForms,
}

type R<T> = Result<T, CompileError>;

#[derive(Clone, Copy)]
struct Comp<'s> {
    doc: &'s str,
    node: &'s XNode,
}

/// Intermediate result for complex types (the particle is needed for extension).
#[derive(Clone)]
struct CtInfo {
    particle: Option<Particle>,
    all: Option<(Vec<AllItem>, u32)>,
    simple: Option<u32>,
}

struct Compiler<'s> {
    set: &'s SchemaSet,
    pack: Pack,
    name_ids: HashMap<(String, String), u32>,
    regex_ids: HashMap<Vec<String>, u32>,
    g_elements: HashMap<String, Comp<'s>>,
    g_types: HashMap<String, Comp<'s>>,
    g_groups: HashMap<String, Comp<'s>>,
    g_attr_groups: HashMap<String, Comp<'s>>,
    g_attrs: HashMap<String, Comp<'s>>,
    elem_cache: HashMap<String, u32>,
    type_cache: HashMap<String, TypeRef>,
    ct_info: HashMap<u32, CtInfo>,
    docs: AnnotationCollector,
}

fn clark(ns: &str, local: &str) -> String {
    format!("{{{ns}}}{local}")
}

fn occurs(n: &XNode) -> (u32, Option<u32>) {
    let min = n.attr("minOccurs").and_then(|v| v.trim().parse().ok()).unwrap_or(1);
    let max = match n.attr("maxOccurs").map(str::trim) {
        Some("unbounded") => None,
        Some(v) => Some(v.parse().unwrap_or(1)),
        None => Some(1),
    };
    (min, max)
}

fn ws_of(b: Builtin) -> WhiteSpace {
    match b {
        Builtin::String => WhiteSpace::Preserve,
        Builtin::NormalizedString => WhiteSpace::Replace,
        _ => WhiteSpace::Collapse,
    }
}

impl<'s> Compiler<'s> {
    fn new(set: &'s SchemaSet) -> Self {
        let c = Compiler {
            set,
            pack: Pack::default(),
            name_ids: HashMap::new(),
            regex_ids: HashMap::new(),
            g_elements: HashMap::new(),
            g_types: HashMap::new(),
            g_groups: HashMap::new(),
            g_attr_groups: HashMap::new(),
            g_attrs: HashMap::new(),
            elem_cache: HashMap::new(),
            type_cache: HashMap::new(),
            ct_info: HashMap::new(),
            docs: AnnotationCollector::default(),
        };
        c
    }

    /// Restricts global component lookup to the documents reachable from `entry`
    /// (different FNS schemas reuse the same global names).
    fn scope_to(&mut self, entry: &str) {
        let set = self.set;
        self.g_elements.clear();
        self.g_types.clear();
        self.g_groups.clear();
        self.g_attr_groups.clear();
        self.g_attrs.clear();
        self.elem_cache.clear();
        self.type_cache.clear();
        self.ct_info.clear();
        let mut order = vec![entry.to_string()];
        let mut i = 0;
        while i < order.len() {
            if let Some(d) = set.docs.get(&order[i]) {
                for r in &d.references {
                    if !order.contains(r) {
                        order.push(r.clone());
                    }
                }
            }
            i += 1;
        }
        for name in &order {
            let Some((name, doc)) = set.docs.get_key_value(name) else { continue };
            for n in doc.root.children.iter().filter(|n| n.ns == XS_NS) {
                let Some(local) = n.attr("name") else { continue };
                let key = clark(&doc.target_ns, local);
                let comp = Comp { doc: name.as_str(), node: n };
                let map = match n.local.as_str() {
                    "element" => &mut self.g_elements,
                    "simpleType" | "complexType" => &mut self.g_types,
                    "group" => &mut self.g_groups,
                    "attributeGroup" => &mut self.g_attr_groups,
                    "attribute" => &mut self.g_attrs,
                    _ => continue,
                };
                map.entry(key).or_insert(comp);
            }
        }
    }

    fn tns(&self, doc: &str) -> &'s str {
        self.set.docs.get(doc).map(|d| d.target_ns.as_str()).unwrap_or("")
    }

    fn intern(&mut self, ns: &str, local: &str) -> u32 {
        let key = (ns.to_string(), local.to_string());
        if let Some(&i) = self.name_ids.get(&key) {
            return i;
        }
        let i = self.pack.names.len() as u32;
        self.pack.names.push(key.clone());
        self.name_ids.insert(key, i);
        i
    }

    fn unresolved(&self, c: Comp<'_>, kind: &'static str, name: &str) -> CompileError {
        CompileError::Unresolved { file: c.doc.to_string(), line: c.node.line, kind, name: name.to_string() }
    }

    fn add_simple(&mut self, st: SimpleType) -> u32 {
        self.pack.simple_types.push(st);
        (self.pack.simple_types.len() - 1) as u32
    }

    /// Resolves a type QName (`{ns}local`).
    fn type_ref(&mut self, c: Comp<'s>, qname: &str) -> R<TypeRef> {
        if let Some(t) = self.type_cache.get(qname) {
            return Ok(*t);
        }
        let (ns, local) = split_clark(qname);
        if ns == XS_NS {
            if local == "anyType" {
                return Ok(TypeRef::Any);
            }
            let Some((b, facets)) = Builtin::from_xs_name(local) else {
                return Err(self.unresolved(c, "type", qname));
            };
            let id = self.add_simple(SimpleType {
                name: Some(local.to_string()),
                builtin: b,
                whitespace: ws_of(b),
                variety: Variety::Atomic,
                facets,
                id_kind: None,
            });
            self.type_cache.insert(qname.to_string(), TypeRef::Simple(id));
            return Ok(TypeRef::Simple(id));
        }
        let Some(&def) = self.g_types.get(qname) else {
            return Err(self.unresolved(c, "type", qname));
        };
        let t = if def.node.local == "simpleType" {
            TypeRef::Simple(self.simple_type(def)?)
        } else {
            // Reserve the slot first: complex types may be recursive.
            let id = self.pack.complex_types.len() as u32;
            self.pack.complex_types.push(ComplexType { name: None, attrs: vec![], any_attr: None, content: Content::Empty, mixed: false });
            self.type_cache.insert(qname.to_string(), TypeRef::Complex(id));
            self.complex_type(def, id)?;
            TypeRef::Complex(id)
        };
        self.type_cache.insert(qname.to_string(), t);
        Ok(t)
    }

    fn simple_ref(&mut self, c: Comp<'s>, qname: &str) -> R<u32> {
        match self.type_ref(c, qname)? {
            TypeRef::Simple(i) => Ok(i),
            TypeRef::Complex(i) => match self.ct_info.get(&i).and_then(|x| x.simple) {
                Some(s) => Ok(s),
                None => Err(CompileError::Malformed { file: c.doc.into(), line: c.node.line, message: format!("{qname} is not a simple type") }),
            },
            TypeRef::Any => self.type_ref(c, &clark(XS_NS, "string")).map(|t| match t {
                TypeRef::Simple(i) => i,
                _ => 0,
            }),
        }
    }

    /// Compiles an element declaration; global ones are cached by name.
    fn element(&mut self, c: Comp<'s>, global: bool) -> R<u32> {
        let n = c.node;
        let tns = self.tns(c.doc);
        let local = n.attr("name").unwrap_or_default();
        let ns = if global || n.attr("form") == Some("qualified") || (n.attr("form").is_none() && self.set.docs.get(c.doc).is_some_and(|d| d.elements_qualified)) {
            tns
        } else {
            ""
        };
        let key = clark(ns, local);
        if global {
            if let Some(&id) = self.elem_cache.get(&key) {
                return Ok(id);
            }
        }
        let name = self.intern(ns, local);
        let id = self.pack.elements.len() as u32;
        self.pack.elements.push(ElementDecl { name, ty: TypeRef::Any, fixed: None, nillable: false, identity: vec![] });
        self.docs.element(id, n);
        if global {
            self.elem_cache.insert(key, id);
        }
        let ty = if let Some(q) = n.attr("type") {
            self.type_ref(c, q)?
        } else if let Some(ct) = n.xs_children().find(|x| x.local == "complexType") {
            let tid = self.pack.complex_types.len() as u32;
            self.pack.complex_types.push(ComplexType { name: None, attrs: vec![], any_attr: None, content: Content::Empty, mixed: false });
            self.complex_type(Comp { doc: c.doc, node: ct }, tid)?;
            TypeRef::Complex(tid)
        } else if let Some(st) = n.xs_children().find(|x| x.local == "simpleType") {
            TypeRef::Simple(self.simple_type(Comp { doc: c.doc, node: st })?)
        } else {
            TypeRef::Any
        };
        let identity = crate::identity_path::constraints_of(n, tns)
            .map_err(|(line, e)| CompileError::Malformed { file: c.doc.into(), line, message: e.to_string() })?;
        let e = &mut self.pack.elements[id as usize];
        e.ty = ty;
        e.fixed = n.attr("fixed").map(str::to_string);
        e.nillable = n.attr("nillable") == Some("true");
        e.identity = identity;
        Ok(id)
    }

    /// Builds the particle for a model group node (sequence/choice/group/element/any).
    fn particle(&mut self, c: Comp<'s>, depth: usize) -> R<Option<Particle>> {
        let n = c.node;
        if depth > 64 {
            return Err(CompileError::Malformed { file: c.doc.into(), line: n.line, message: "model groups nested too deeply (circular group?)".into() });
        }
        let (min, max) = occurs(n);
        let term = match n.local.as_str() {
            "element" => {
                let decl = match n.attr("ref") {
                    Some(q) => {
                        let Some(&g) = self.g_elements.get(q) else { return Err(self.unresolved(c, "element", q)) };
                        self.element(g, true)?
                    }
                    None => self.element(c, false)?,
                };
                Term::Element { name: self.pack.elements[decl as usize].name, decl }
            }
            "any" => {
                let tns = self.tns(c.doc).to_string();
                let ns = match n.attr("namespace").map(str::trim) {
                    None | Some("##any") => NsConstraint::Any,
                    Some("##other") => NsConstraint::Other(tns),
                    Some(list) => NsConstraint::List(
                        list.split_whitespace()
                            .map(|x| match x {
                                "##local" => String::new(),
                                "##targetNamespace" => tns.clone(),
                                o => o.to_string(),
                            })
                            .collect(),
                    ),
                };
                Term::Any(Wildcard { ns, strict: n.attr("processContents").unwrap_or("strict") == "strict" })
            }
            "sequence" | "choice" => {
                let mut items = Vec::new();
                for ch in n.xs_children() {
                    if let Some(p) = self.particle(Comp { doc: c.doc, node: ch }, depth + 1)? {
                        items.push(p);
                    }
                }
                if n.local == "sequence" {
                    Term::Sequence(items)
                } else {
                    Term::Choice(items)
                }
            }
            "group" => {
                let q = n.attr("ref").unwrap_or_default();
                let Some(&g) = self.g_groups.get(q) else { return Err(self.unresolved(c, "group", q)) };
                let Some(inner) = g.node.xs_children().next() else { return Ok(None) };
                match self.particle(Comp { doc: g.doc, node: inner }, depth + 1)? {
                    Some(p) => Term::Sequence(vec![p]),
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(Particle { min, max, term }))
    }

    fn all_group(&mut self, c: Comp<'s>) -> R<(Vec<AllItem>, u32)> {
        let mut items = Vec::new();
        for ch in c.node.xs_children().filter(|x| x.local == "element") {
            let decl = match ch.attr("ref") {
                Some(q) => {
                    let Some(&g) = self.g_elements.get(q) else { return Err(self.unresolved(c, "element", q)) };
                    self.element(g, true)?
                }
                None => self.element(Comp { doc: c.doc, node: ch }, false)?,
            };
            let (min, _) = occurs(ch);
            items.push(AllItem { name: self.pack.elements[decl as usize].name, decl, required: min > 0 });
        }
        Ok((items, occurs(c.node).0))
    }

    /// Collects attribute uses of `node` (attributes, attribute groups, anyAttribute).
    fn attributes(&mut self, c: Comp<'s>, out: &mut Vec<AttrUse>, any: &mut Option<NsConstraint>, depth: usize) -> R<()> {
        if depth > 32 {
            return Ok(());
        }
        for a in c.node.xs_children() {
            match a.local.as_str() {
                "attribute" => {
                    let ac = Comp { doc: c.doc, node: a };
                    let (decl, decl_ns) = match a.attr("ref") {
                        Some(q) => match self.g_attrs.get(q) {
                            Some(&g) => (g, self.tns(g.doc)),
                            None => {
                                if split_clark(q).0 == "http://www.w3.org/XML/1998/namespace" {
                                    continue;
                                }
                                return Err(self.unresolved(ac, "attribute", q));
                            }
                        },
                        None => {
                            let qualified = a.attr("form") == Some("qualified")
                                || (a.attr("form").is_none() && self.set.docs.get(c.doc).is_some_and(|d| d.attributes_qualified));
                            (ac, if qualified { self.tns(c.doc) } else { "" })
                        }
                    };
                    let local = decl.node.attr("name").unwrap_or_default();
                    let name = self.intern(decl_ns, local);
                    out.retain(|u| u.name != name);
                    if a.attr("use") == Some("prohibited") {
                        continue;
                    }
                    let ty = if let Some(q) = decl.node.attr("type") {
                        self.simple_ref(decl, q)?
                    } else if let Some(st) = decl.node.xs_children().find(|x| x.local == "simpleType") {
                        self.simple_type(Comp { doc: decl.doc, node: st })?
                    } else {
                        self.simple_ref(decl, &clark(XS_NS, "string"))?
                    };
                    let fixed = a.attr("fixed").or(decl.node.attr("fixed")).map(str::to_string);
                    self.docs.attribute(name, ty, &[a, decl.node]);
                    out.push(AttrUse { name, ty, required: a.attr("use") == Some("required"), fixed });
                }
                "attributeGroup" => {
                    let q = a.attr("ref").unwrap_or_default();
                    let Some(&g) = self.g_attr_groups.get(q) else {
                        return Err(self.unresolved(Comp { doc: c.doc, node: a }, "attributeGroup", q));
                    };
                    self.attributes(g, out, any, depth + 1)?;
                }
                "anyAttribute" => {
                    *any = Some(match a.attr("namespace").map(str::trim) {
                        None | Some("##any") => NsConstraint::Any,
                        Some("##other") => NsConstraint::Other(self.tns(c.doc).to_string()),
                        Some(l) => NsConstraint::List(l.split_whitespace().map(|x| if x == "##local" { String::new() } else { x.to_string() }).collect()),
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn group_particle(&mut self, c: Comp<'s>) -> R<(Option<Particle>, Option<(Vec<AllItem>, u32)>)> {
        for ch in c.node.xs_children() {
            match ch.local.as_str() {
                "all" => return Ok((None, Some(self.all_group(Comp { doc: c.doc, node: ch })?))),
                "sequence" | "choice" | "group" => return Ok((self.particle(Comp { doc: c.doc, node: ch }, 0)?, None)),
                _ => {}
            }
        }
        Ok((None, None))
    }

    /// Compiles an `xs:complexType` into slot `id`.
    fn complex_type(&mut self, c: Comp<'s>, id: u32) -> R<()> {
        let n = c.node;
        self.docs.complex_type(id, n);
        let mut mixed = n.attr("mixed") == Some("true");
        let mut attrs = Vec::new();
        let mut any_attr = None;
        let mut info = CtInfo { particle: None, all: None, simple: None };
        if let Some(sc) = n.xs_children().find(|x| x.local == "simpleContent") {
            let Some(d) = sc.xs_children().find(|x| x.local == "extension" || x.local == "restriction") else {
                return Err(CompileError::Malformed { file: c.doc.into(), line: sc.line, message: "empty simpleContent".into() });
            };
            let dc = Comp { doc: c.doc, node: d };
            let base_q = d.attr("base").unwrap_or_default();
            let base = self.type_ref(dc, base_q)?;
            let mut simple = match base {
                TypeRef::Simple(s) => s,
                TypeRef::Complex(b) => {
                    attrs = self.pack.complex_types[b as usize].attrs.clone();
                    any_attr = self.pack.complex_types[b as usize].any_attr.clone();
                    self.ct_info.get(&b).and_then(|i| i.simple).unwrap_or(0)
                }
                TypeRef::Any => self.simple_ref(dc, &clark(XS_NS, "string"))?,
            };
            if d.local == "restriction" {
                let mut st = self.pack.simple_types.get(simple as usize).cloned().ok_or_else(|| CompileError::Malformed {
                    file: c.doc.into(),
                    line: d.line,
                    message: "bad simpleContent base".into(),
                })?;
                self.apply_facets(dc, d, &mut st)?;
                simple = self.add_simple(st);
            }
            self.attributes(dc, &mut attrs, &mut any_attr, 0)?;
            info.simple = Some(simple);
        } else if let Some(cc) = n.xs_children().find(|x| x.local == "complexContent") {
            if cc.attr("mixed") == Some("true") {
                mixed = true;
            }
            let Some(d) = cc.xs_children().find(|x| x.local == "extension" || x.local == "restriction") else {
                return Err(CompileError::Malformed { file: c.doc.into(), line: cc.line, message: "empty complexContent".into() });
            };
            let dc = Comp { doc: c.doc, node: d };
            let base = self.type_ref(dc, d.attr("base").unwrap_or_default())?;
            let base_info = match base {
                TypeRef::Complex(b) => {
                    attrs = self.pack.complex_types[b as usize].attrs.clone();
                    any_attr = self.pack.complex_types[b as usize].any_attr.clone();
                    self.ct_info.get(&b).cloned()
                }
                _ => None,
            };
            let (own, own_all) = self.group_particle(dc)?;
            if d.local == "extension" {
                let base_p = base_info.as_ref().and_then(|i| i.particle.clone());
                info.particle = match (base_p, own) {
                    (Some(b), Some(o)) => Some(Particle { min: 1, max: Some(1), term: Term::Sequence(vec![b, o]) }),
                    (b, o) => b.or(o),
                };
                info.all = own_all.or(base_info.and_then(|i| i.all));
            } else {
                info.particle = own;
                info.all = own_all;
            }
            self.attributes(dc, &mut attrs, &mut any_attr, 0)?;
        } else {
            let (p, all) = self.group_particle(c)?;
            info.particle = p;
            info.all = all;
            self.attributes(c, &mut attrs, &mut any_attr, 0)?;
        }
        let content = if let Some(s) = info.simple {
            Content::Simple(s)
        } else if let Some((items, min)) = info.all.clone() {
            Content::All(items, min)
        } else if let Some(p) = &info.particle {
            let dfa = build_dfa(p).map_err(|e| CompileError::ContentModel { file: c.doc.into(), source: e })?;
            self.pack.dfas.push(dfa);
            Content::Elements((self.pack.dfas.len() - 1) as u32)
        } else {
            Content::Empty
        };
        self.ct_info.insert(id, info);
        self.pack.complex_types[id as usize] =
            ComplexType { name: n.attr("name").map(str::to_string), attrs, any_attr, content, mixed };
        Ok(())
    }
}

/// Compiles a loaded schema set into a pack with one form per global element of
/// every entry schema.
pub fn compile_set(set: &SchemaSet) -> Result<Pack, CompileError> {
    let mut c = Compiler::new(set);
    for entry in &set.entries {
        let Some(doc) = set.docs.get(entry) else { continue };
        c.scope_to(entry);
        let stem = entry.rsplit('/').next().unwrap_or(entry).trim_end_matches(".xsd").to_string();
        let mut rules = extract_rules(&doc.root);
        for r in &doc.references {
            if let Some(d) = set.docs.get(r) {
                rules.extend(extract_rules(&d.root));
            }
        }
        let knd = detect_knd(&doc.root);
        let version = detect_version(&doc.root, &stem);
        for el in doc.root.children.iter().filter(|n| n.is_xs("element")) {
            let root = c.element(Comp { doc: entry.as_str(), node: el }, true)?;
            let root_local = el.attr("name").unwrap_or_default().to_string();
            let fns = root_local == "Файл" && doc.target_ns.is_empty();
            c.pack.forms.push(Form {
                name: stem.clone(),
                schema_file: entry.clone(),
                root,
                root_ns: doc.target_ns.clone(),
                root_local,
                knd: knd.clone(),
                version: version.clone(),
                fns,
                rules: rules.clone(),
            });
        }
    }
    if c.pack.forms.is_empty() {
        return Err(CompileError::NoForms);
    }
    let mut pack = c.pack;
    pack.annotations = c.docs.finish();
    Ok(pack)
}

/// Loads and compiles schema files given as `name → bytes`.
pub fn compile_files(files: &BTreeMap<String, Vec<u8>>) -> Result<Pack, CompileError> {
    let set = SchemaSet::load(files)?;
    compile_set(&set)
}
