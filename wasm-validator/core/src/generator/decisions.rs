//! The rule-guided search's results ([`Decisions`]) kept for the process, per
//! pack (by a hash of its serialized bytes), form, repeated element and
//! optional-attribute setting: generating the same form again (another size,
//! another test) reuses them instead of searching again. The search runs on a
//! one-repetition probe, so its result does not depend on the size.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use super::walk::Choices;
use super::GenOptions;
use crate::pack::Pack;

/// What the search decided for a form.
pub(super) struct Decisions {
    /// Overridden decisions by path.
    pub choices: Choices,
    /// Rule-compared names whose dates vary per repetition all the same.
    pub vary_sensitive: HashSet<String>,
}

/// Pack hash, form index, repeated element, optional attributes.
type Key = (u64, usize, Option<String>, bool);

fn table() -> &'static Mutex<HashMap<Key, Arc<Decisions>>> {
    static TABLE: OnceLock<Mutex<HashMap<Key, Arc<Decisions>>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The decisions for `opts` over `pack`: from the table, else from `search` (then kept).
pub(super) fn cached(pack: &Pack, opts: &GenOptions, search: impl FnOnce() -> Decisions) -> Arc<Decisions> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    pack.to_bytes().hash(&mut h);
    let key = (h.finish(), opts.form, opts.repeat.clone(), opts.optional_attributes);
    if let Some(d) = table().lock().ok().and_then(|t| t.get(&key).cloned()) {
        return d;
    }
    let d = Arc::new(search());
    if let Ok(mut t) = table().lock() {
        t.insert(key, d.clone());
    }
    d
}
