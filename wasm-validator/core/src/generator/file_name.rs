//! File naming of generated reports: the `ИдФайл` written into the root
//! element, following the FNS file-name convention, so that the generated file
//! saved as `ИдФайл + ".xml"` passes the file-name checks.

use super::values::DOC_DATE;
use super::GenOptions;
use crate::pack::{Pack, TypeRef};
use crate::simple_types::RegexTable;

/// Sender of generated documents: the INN and KPP the generator uses for
/// organisations (valid checksums), and the tax office codes.
const SENDER_INN_KPP: &str = "7707083893770101001";
const TAX_OFFICE: &str = "7701";

/// A GUID (8-4-4-4-12 upper-case hex) derived from the generator settings, so
/// that the same settings give the same file.
fn stable_guid(opts: &GenOptions, form_name: &str) -> String {
    let mut h: [u64; 2] = [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4];
    let key = format!("{form_name}|{}|{:?}|{}", opts.size, opts.repeat, opts.optional_attributes);
    for (i, b) in key.bytes().enumerate() {
        let k = i % 2;
        h[k] = (h[k] ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let hex = format!("{:016X}{:016X}", h[0], h[1]);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Regexes of one type, compiled on demand (for [`file_id`], which has no validator).
struct TypeRegexes<'p>(&'p Pack);

impl RegexTable for TypeRegexes<'_> {
    fn is_match(&self, idx: u32, value: &str) -> bool {
        self.0.regexes.get(idx as usize).is_none_or(|r| crate::pattern::Pattern::compile(r).is_ok_and(|p| p.is_match(value)))
    }
}

/// The `ИдФайл` that [`super::generate`] writes for a form whose root has that
/// attribute (FNS forms), following the FNS file-name convention:
///
/// * reports and notifications: `R_T_A_K_O_GGGGMMDD_N` — prefix (`NO_RASCHSV`),
///   final recipient and direct recipient tax office codes (`7701_7701`),
///   sender INN+KPP, date, GUID;
/// * electronic documents between parties (`ON_…`, УПД):
///   `R_T_A_O_GGGGMMDD_N` — recipient and sender participant ids;
/// * forms whose schema name carries no such prefix (e.g. `1020`): the form
///   name, when the attribute's type allows it.
///
/// `None` when the root element has no `ИдФайл` attribute.
pub fn file_id(pack: &Pack, opts: &GenOptions) -> Option<String> {
    let form = pack.forms.get(opts.form)?;
    let root = pack.elements.get(form.root as usize)?;
    let TypeRef::Complex(c) = root.ty else { return None };
    let attr = pack.complex_types.get(c as usize)?.attrs.iter().find(|a| pack.names.get(a.name as usize).is_some_and(|n| n.1 == "ИдФайл"))?;
    let prefix = crate::form_identity::form_prefix(&form.name);
    if prefix.is_empty() {
        let st = pack.simple_types.get(attr.ty as usize)?;
        return st.check(&form.name, &pack.simple_types, &TypeRegexes(pack)).is_ok().then(|| form.name.clone());
    }
    let guid = stable_guid(opts, &form.name);
    Some(if prefix.starts_with("ON_") {
        format!("{prefix}_2BM-7707083893-770101001_2BM-540309840220_{DOC_DATE}_{guid}")
    } else {
        format!("{prefix}_{TAX_OFFICE}_{TAX_OFFICE}_{SENDER_INN_KPP}_{DOC_DATE}_{guid}")
    })
}
