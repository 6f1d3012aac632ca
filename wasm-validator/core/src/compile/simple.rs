//! Simple type compilation: restriction steps with their facets (patterns of one
//! step are alternatives, patterns of different steps all apply), lists and unions.

use super::{CompileError, Comp, Compiler, R};
use crate::pattern::Pattern;
use crate::schema_model::XNode;
use crate::simple_types::{Builtin, Facets, IdKind, SimpleType, Variety, WhiteSpace};

impl<'s> Compiler<'s> {
    /// Validates the patterns of one restriction step (alternatives) and
    /// returns their index in the pack (identical steps share an entry).
    pub(super) fn regex(&mut self, file: &str, patterns: &[String]) -> R<u32> {
        if let Some(&i) = self.regex_ids.get(patterns) {
            return Ok(i);
        }
        Pattern::compile(patterns).map_err(|e| CompileError::Regex { file: file.into(), source: e })?;
        let i = self.pack.regexes.len() as u32;
        self.pack.regexes.push(patterns.to_vec());
        self.regex_ids.insert(patterns.to_vec(), i);
        Ok(i)
    }

    /// Applies the facets of one restriction step to `st`.
    pub(super) fn apply_facets(&mut self, c: Comp<'s>, restriction: &XNode, st: &mut SimpleType) -> R<()> {
        let mut patterns = Vec::new();
        let mut enums = Vec::new();
        for f in restriction.xs_children() {
            let v = f.attr("value").unwrap_or_default();
            let num = || v.trim().parse::<usize>().ok();
            match f.local.as_str() {
                "length" => st.facets.length = num(),
                "minLength" => st.facets.min_length = num(),
                "maxLength" => st.facets.max_length = num(),
                "totalDigits" => st.facets.total_digits = num(),
                "fractionDigits" => st.facets.fraction_digits = num(),
                "minInclusive" => st.facets.min_inclusive = Some(v.trim().into()),
                "maxInclusive" => st.facets.max_inclusive = Some(v.trim().into()),
                "minExclusive" => st.facets.min_exclusive = Some(v.trim().into()),
                "maxExclusive" => st.facets.max_exclusive = Some(v.trim().into()),
                "pattern" => patterns.push(v.to_string()),
                "enumeration" => enums.push(v.to_string()),
                "whiteSpace" => {
                    st.whitespace = match v.trim() {
                        "preserve" => WhiteSpace::Preserve,
                        "replace" => WhiteSpace::Replace,
                        _ => WhiteSpace::Collapse,
                    }
                }
                _ => {}
            }
        }
        if !patterns.is_empty() {
            let idx = self.regex(c.doc, &patterns)?;
            st.facets.patterns.push(idx);
            st.facets.pattern_texts.push(patterns.join(" | "));
        }
        if !enums.is_empty() {
            // Enumeration values are compared after whitespace normalization.
            let ws = st.whitespace;
            st.facets.enumeration =
                Some(enums.iter().map(|e| crate::simple_types::normalize(ws, e).into_owned()).collect());
        }
        Ok(())
    }

    /// Compiles an `xs:simpleType` (named or anonymous).
    pub(super) fn simple_type(&mut self, c: Comp<'s>) -> R<u32> {
        let n = c.node;
        let name = n.attr("name").map(str::to_string);
        let st = if let Some(r) = n.xs_children().find(|x| x.local == "restriction") {
            let base = self.restriction_base(Comp { doc: c.doc, node: r })?;
            let mut st = self.pack.simple_types[base as usize].clone();
            self.apply_facets(c, r, &mut st)?;
            st
        } else if let Some(l) = n.xs_children().find(|x| x.local == "list") {
            let item = match l.attr("itemType") {
                Some(q) => self.simple_ref(c, q)?,
                None => match l.xs_children().find(|x| x.local == "simpleType") {
                    Some(inner) => self.simple_type(Comp { doc: c.doc, node: inner })?,
                    None => return Err(CompileError::Malformed { file: c.doc.into(), line: l.line, message: "xs:list without item type".into() }),
                },
            };
            SimpleType { name: None, builtin: Builtin::String, whitespace: WhiteSpace::Collapse, variety: Variety::List(item), facets: Facets::default(), id_kind: None }
        } else if let Some(u) = n.xs_children().find(|x| x.local == "union") {
            let mut members = Vec::new();
            for q in u.attr("memberTypes").unwrap_or_default().split_whitespace() {
                members.push(self.simple_ref(c, q)?);
            }
            for inner in u.xs_children().filter(|x| x.local == "simpleType") {
                members.push(self.simple_type(Comp { doc: c.doc, node: inner })?);
            }
            SimpleType { name: None, builtin: Builtin::String, whitespace: WhiteSpace::Collapse, variety: Variety::Union(members), facets: Facets::default(), id_kind: None }
        } else {
            return Err(CompileError::Malformed { file: c.doc.into(), line: n.line, message: "simpleType without restriction/list/union".into() });
        };
        let mut st = st;
        if let Some(nm) = &name {
            st.id_kind = IdKind::from_type_name(nm).or(st.id_kind);
        }
        st.name = name.or(st.name);
        let id = self.add_simple(st);
        self.docs.simple_type(id, n);
        Ok(id)
    }

    /// Base simple type of a restriction (attribute or inline).
    pub(super) fn restriction_base(&mut self, c: Comp<'s>) -> R<u32> {
        match c.node.attr("base") {
            Some(q) => self.simple_ref(c, q),
            None => match c.node.xs_children().find(|x| x.local == "simpleType") {
                Some(inner) => self.simple_type(Comp { doc: c.doc, node: inner }),
                None => Err(CompileError::Malformed { file: c.doc.into(), line: c.node.line, message: "restriction without base".into() }),
            },
        }
    }

}
