//! Instance generator: produces a valid report of a requested size from a
//! compiled form (for tests and benchmarks). Values satisfy facets and patterns
//! and look real (dates in the reporting calendar, identifiers with valid check
//! digits, distinct per person or line); one repeating element (persons of an
//! РСВ, lines of an УПД) is emitted `size` times; the Schematron rules of the
//! form hold, by a rule-guided search over the generator's decisions on a small
//! instance ([`repair`]), done once per pack and form in a process
//! ([`decisions`]). Each repetition gets its own seeded values (names, amounts,
//! dates, codes — [`vary`]) wherever the rules leave them free. The output is
//! deterministic: the same pack and options give the same bytes.
//!
//! Modules: [`walk`] (structure), [`values`] (value synthesis), [`vary`]
//! (values varied per repetition), [`names`] (Russian names, goods…),
//! [`identifiers`] (INN/OGRN/SNILS with check digits), [`file_name`]
//! (`ИдФайл`), [`repair`] (rule-guided search), [`decisions`] (its results,
//! kept per pack and form for the process).

mod decisions;
mod file_name;
mod identifiers;
mod names;
mod plan;
mod repair;
mod values;
mod vary;
mod walk;

pub use file_name::file_id;
pub use values::{DOC_DATE, REPORT_YEAR};

use crate::check::Validator;
use crate::pack::Pack;

/// Generator settings.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Form index in the pack.
    pub form: usize,
    /// How many times to repeat the repeating element.
    pub size: usize,
    /// Local name of the element to repeat (default: chosen per form).
    pub repeat: Option<String>,
    /// Emit optional attributes too (unless a rule needs them left out).
    pub optional_attributes: bool,
}

/// Errors of the generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenError {
    /// No such form.
    #[error("form {0} not found in the pack")]
    NoForm(String),
    /// The pack's patterns do not compile.
    #[error("pack cannot be prepared: {0}")]
    Pack(String),
}

/// Picks a sensible element to repeat for well-known forms.
pub fn default_repeat(form_name: &str) -> Option<&'static str> {
    if form_name.contains("RASCHSV") {
        Some("ПерсСвСтрахЛиц")
    } else if form_name.contains("NSCHFDOP") {
        Some("СведТов")
    } else if form_name.contains("NDFL6") {
        Some("СведДох")
    } else {
        None
    }
}

/// Generates a document for `opts.form`; returns UTF-8 text with an XML declaration
/// naming `encoding` (the caller encodes to windows-1251 for FNS forms, see
/// [`encode_for_form`]). Saved as `file_id(…) + ".xml"` (or `FORM.xml` for forms
/// without `ИдФайл`) it passes all checks of [`Validator`].
pub fn generate(pack: &Pack, opts: &GenOptions, encoding: &str) -> Result<String, GenError> {
    let form = pack.forms.get(opts.form).ok_or_else(|| GenError::NoForm(opts.form.to_string()))?;
    let validator = Validator::new(pack.clone()).map_err(|e| GenError::Pack(e.to_string()))?;
    let repeat_name = opts.repeat.clone().or_else(|| default_repeat(&form.name).map(str::to_string));
    let plan = plan::FormPlan::new(pack, opts.form);
    let decisions = decisions::cached(pack, opts, || {
        // Search on one repetition; the decisions are made per path, so they hold for all.
        let probe_opts = GenOptions { size: 1, ..opts.clone() };
        let mut probe = repair::Probe {
            pack,
            plan: &plan,
            validator: &validator,
            file_id: file_id(pack, &probe_opts),
            opts: probe_opts,
            repeat_name: repeat_name.clone(),
            repeat_path: None,
            vary_sensitive: Default::default(),
        };
        let choices = probe.search();
        let vary_sensitive = probe.varied_sensitive_names(&choices, &vary::value_sensitive_names(&form.rules));
        decisions::Decisions { choices, vary_sensitive }
    });
    let mut w = walk::Walk::new(pack, &plan, &validator, opts, &decisions.choices, repeat_name, file_id(pack, opts));
    w.vary_sensitive = decisions.vary_sensitive.clone();
    w.document(form.root, encoding);
    Ok(w.out)
}

/// Encodes generated text for a form: windows-1251 for FNS forms, else UTF-8.
pub fn encode_for_form(pack: &Pack, form: usize, text: &str) -> Vec<u8> {
    if pack.forms.get(form).is_some_and(|f| f.fns) {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        bytes.into_owned()
    } else {
        text.as_bytes().to_vec()
    }
}
