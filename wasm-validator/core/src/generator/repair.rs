//! Rule-guided search: makes a generated report satisfy the form's Schematron
//! rules (and every other check of the validator). A small instance is
//! generated and checked; for each error the names its rule's test mentions
//! (or the path the error points at) select the decisions that could matter —
//! include or omit an optional element or attribute, another value for a
//! field — and a change is kept when it lowers the number of errors. Rules of
//! the FNS kind ("element X present iff attribute Y equals v", "exactly one of
//! A or B", "year of A not after year of B") are all satisfiable this way; the
//! resulting [`Choices`] are then applied to the full-size document.

use super::walk::{Choice, Choices, PathMap, Point, PointKind, Walk};
use super::{values, GenOptions};
use crate::check::{CheckOptions, Validator};
use crate::report::{codes, Finding, Severity};

/// Upper bound on search rounds (each round visits every remaining error).
const MAX_ROUNDS: usize = 12;
/// Upper bound on the changes tried for one error.
const MAX_TWEAKS: usize = 48;
/// Changes with new errors followed up for one error.
const MAX_LOOKAHEAD: usize = 12;
/// Changes tried to fix a new error in a follow-up.
const MAX_NESTED: usize = 24;
/// Repetitions in the probe that checks varied dates of rule-compared fields.
const VARIED_PROBE: usize = 24;

/// A checked probe document.
struct Outcome {
    errors: Vec<Finding>,
    elements: u64,
    /// Decision points, once recorded ([`Probe::with_points`]).
    points: Option<PathMap<Point>>,
}

impl Outcome {
    /// The decision points (recorded by [`Probe::with_points`]).
    fn points(&self) -> &PathMap<Point> {
        static EMPTY: std::sync::OnceLock<PathMap<Point>> = std::sync::OnceLock::new();
        self.points.as_ref().unwrap_or_else(|| EMPTY.get_or_init(PathMap::default))
    }
}

/// Generates the probe document for `choices`; returns its errors and decision points.
pub(super) struct Probe<'a> {
    pub pack: &'a crate::pack::Pack,
    pub plan: &'a super::plan::FormPlan,
    pub validator: &'a Validator,
    pub opts: GenOptions,
    pub repeat_name: Option<String>,
    pub file_id: Option<String>,
    /// Path of the repeated element in the probe document, once known.
    pub repeat_path: Option<String>,
    /// Rule-compared names whose dates vary per repetition.
    pub vary_sensitive: std::collections::HashSet<String>,
}

impl Probe<'_> {
    /// The probe text for `choices`, and its decision points when `record`.
    fn walk(&self, choices: &Choices, record: bool) -> (String, Option<PathMap<Point>>) {
        let form = &self.pack.forms[self.opts.form];
        let enc = if form.fns { "windows-1251" } else { "UTF-8" };
        let mut w = Walk::new(self.pack, self.plan, self.validator, &self.opts, choices, self.repeat_name.clone(), self.file_id.clone());
        if record {
            w.points = Some(PathMap::default());
        }
        w.vary_sensitive = self.vary_sensitive.clone();
        w.document(form.root, enc);
        (w.out, w.points)
    }

    /// The probe document for `choices`, checked (decision points not recorded).
    fn evaluate(&self, choices: &Choices) -> Outcome {
        self.evaluate_recording(choices, false)
    }

    /// The probe document for `choices`, checked; decision points recorded when `record`.
    fn evaluate_recording(&self, choices: &Choices, record: bool) -> Outcome {
        let form = &self.pack.forms[self.opts.form];
        let (text, points) = self.walk(choices, record);
        let bytes = super::encode_for_form(self.pack, self.opts.form, &text);
        let file_name = format!("{}.xml", self.file_id.clone().unwrap_or_else(|| form.name.clone()));
        let report = self.validator.check(&bytes, &CheckOptions { file_name: Some(file_name), ..Default::default() });
        let errors = report.findings.into_iter().filter(|f| f.severity == Severity::Error).collect();
        Outcome { errors, elements: report.elements, points }
    }

    /// `out` with its decision points recorded (walking again, without checking:
    /// most trials are rejected on their errors alone and never need them).
    fn with_points(&self, choices: &Choices, mut out: Outcome) -> Outcome {
        if out.points.is_none() {
            out.points = self.walk(choices, true).1;
        }
        out
    }

    /// Searches for choices under which the probe document has no errors (or
    /// as few as found). Errors deepest in the document go first.
    pub(super) fn search(&mut self) -> Choices {
        let mut choices = Choices::default();
        let mut cur = self.evaluate_recording(&choices, true);
        if let Some(r) = &self.repeat_name {
            self.repeat_path = cur.points().iter().find(|(_, p)| p.kind == PointKind::Element && p.emitted && &p.name == r).map(|(k, _)| k.clone());
        }
        for _ in 0..MAX_ROUNDS {
            if cur.errors.is_empty() {
                break;
            }
            let mut improved = false;
            let mut todo = cur.errors.clone();
            todo.sort_by_key(|f| std::cmp::Reverse(f.path.matches('/').count()));
            for finding in todo {
                if !cur.errors.contains(&finding) {
                    continue;
                }
                if let Some((c, o)) = self.improve(&finding, &choices, &cur) {
                    cur = self.with_points(&c, o);
                    choices = c;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        choices
    }

    /// The rule-compared names (of fields inside the repeated element) whose
    /// dates may vary per repetition under `choices`: those for which a probe
    /// of [`VARIED_PROBE`] repetitions with varied dates has no errors (all at
    /// once if that holds, else name by name).
    pub(super) fn varied_sensitive_names(&mut self, choices: &Choices, names: &std::collections::HashSet<String>) -> std::collections::HashSet<String> {
        let Some(repeat) = self.repeat_path.clone() else { return Default::default() };
        let saved = (self.opts.size, std::mem::take(&mut self.vary_sensitive));
        self.opts.size = VARIED_PROBE;
        let base = self.evaluate_recording(choices, true);
        let inside: std::collections::HashSet<String> =
            base.points().iter().filter(|(k, _)| k.starts_with(&format!("{repeat}/"))).map(|(_, p)| p.name.clone()).filter(|n| names.contains(n)).collect();
        let mut ok = std::collections::HashSet::new();
        if base.errors.is_empty() && !inside.is_empty() {
            self.vary_sensitive = inside.clone();
            if self.evaluate(choices).errors.is_empty() {
                ok = inside;
            } else {
                for n in inside {
                    self.vary_sensitive = [n.clone()].into();
                    if self.evaluate(choices).errors.is_empty() {
                        ok.insert(n);
                    }
                }
            }
        }
        (self.opts.size, self.vary_sensitive) = saved;
        ok
    }

    /// A change that fixes `finding`. Preferred: one that adds no new error
    /// and removes no content; then one that adds no new error (keeping the
    /// most content); else a change whose new errors can each be fixed by one
    /// more clean change (e.g. leaving out a section and the parts that must
    /// go with it), leaving fewer errors than now.
    fn improve(&self, finding: &Finding, choices: &Choices, cur: &Outcome) -> Option<(Choices, Outcome)> {
        let mut clean: Option<(Choices, Outcome)> = None;
        let mut dirty = Vec::new();
        for (key, choice) in self.tweaks(finding, cur.points(), choices) {
            let mut trial = choices.clone();
            trial.insert(key, choice);
            let out = self.evaluate(&trial);
            if out.errors.contains(finding) {
                continue;
            }
            if out.errors.iter().all(|e| cur.errors.contains(e)) {
                if out.elements >= cur.elements {
                    return Some((trial, out));
                }
                if clean.as_ref().is_none_or(|(_, b)| out.elements > b.elements) {
                    clean = Some((trial, out));
                }
            } else if dirty.len() < MAX_LOOKAHEAD {
                dirty.push((trial, out));
            }
        }
        if clean.is_some() {
            return clean;
        }
        let mut best: Option<(Choices, Outcome)> = None;
        for (mut trial, mut out) in dirty {
            let new: Vec<Finding> = out.errors.iter().filter(|e| !cur.errors.contains(e)).cloned().collect();
            for e in new {
                if !out.errors.contains(&e) {
                    continue;
                }
                out = self.with_points(&trial, out);
                if let Some(fix) = self.clean_fix(&e, &trial, &out) {
                    (trial, out) = fix;
                }
            }
            if out.errors.len() < cur.errors.len() && best.as_ref().is_none_or(|(_, b)| (out.errors.len(), std::cmp::Reverse(out.elements)) < (b.errors.len(), std::cmp::Reverse(b.elements))) {
                best = Some((trial, out));
            }
        }
        best
    }

    /// The first change that fixes `finding` without adding an error.
    fn clean_fix(&self, finding: &Finding, choices: &Choices, cur: &Outcome) -> Option<(Choices, Outcome)> {
        for (key, choice) in self.tweaks(finding, cur.points(), choices).into_iter().take(MAX_NESTED) {
            let mut trial = choices.clone();
            trial.insert(key, choice);
            let out = self.evaluate(&trial);
            if !out.errors.contains(finding) && out.errors.iter().all(|e| cur.errors.contains(e)) {
                return Some((trial, out));
            }
        }
        None
    }

    /// Paths an error's rules mention, resolved against the error's element:
    /// `count(ФинРез/ПостНалОбяз)` at `Файл/Документ` names
    /// `Файл/Документ/ФинРез/ПостНалОбяз` (and, as a last resort, `…/ФинРез`).
    /// Other errors name their own path and the children of it.
    fn targets(&self, f: &Finding, points: &PathMap<Point>) -> Vec<String> {
        let base = f.path.split("/@").next().unwrap_or("");
        if f.code != codes::SCH_ASSERT {
            let mut v = vec![f.path.clone()];
            v.extend(points.keys().filter(|k| k.rsplit_once('/').is_some_and(|(parent, _)| parent == f.path)).cloned());
            v.sort_by_key(|k| (k != &f.path, k.clone()));
            return v;
        }
        let last = base.rsplit('/').next().unwrap_or("");
        let (mut primary, mut fallback) = (Vec::new(), Vec::new());
        for r in &self.pack.forms[self.opts.form].rules {
            if r.context.rsplit('/').next() != Some(last) || r.fns_code != f.fns_code {
                continue;
            }
            // Quoted literals are values, not paths.
            let test: String = r.test.split('\'').enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, t)| t).collect::<Vec<_>>().join(" ");
            for tok in test.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '@'))) {
                let mut path: Vec<&str> = base.split('/').collect();
                let mut steps = Vec::new();
                for step in tok.split('/') {
                    match step {
                        ".." => {
                            path.pop();
                        }
                        "." | "" => {}
                        s if s.trim_start_matches('@').chars().next().is_some_and(char::is_alphabetic) => {
                            path.push(s);
                            steps.push(path.join("/"));
                        }
                        _ => {
                            steps.clear();
                            break;
                        }
                    }
                }
                if let Some(full) = steps.pop() {
                    primary.push(full);
                    fallback.extend(steps);
                }
            }
        }
        primary.extend(fallback);
        // Last resort: leave out the context element or its parent (optional sections
        // like a special tariff's calculation are often absent in real reports).
        let mut ctx = base;
        for _ in 0..2 {
            if ctx.contains('/') {
                primary.push(ctx.to_string());
                ctx = ctx.rsplit_once('/').map_or("", |(a, _)| a);
            }
        }
        let mut seen = std::collections::HashSet::new();
        primary.retain(|p| seen.insert(p.clone()));
        primary
    }

    /// Changes worth trying for one error.
    fn tweaks(&self, f: &Finding, points: &PathMap<Point>, choices: &Choices) -> Vec<(String, Choice)> {
        let mut out = Vec::new();
        for key in self.targets(f, points) {
            let Some(p) = points.get(&key) else { continue };
            let current = choices.get(key.as_str());
            let mut push = |c: Choice| {
                if current != Some(&c) {
                    out.push((key.clone(), c));
                }
            };
            match p.kind {
                PointKind::Element | PointKind::Attr { .. } if !p.emitted => push(Choice::Include),
                PointKind::Element if self.keeps_repeat(&key) => {}
                PointKind::Element => push(Choice::Omit),
                PointKind::Attr { ty, required } => {
                    if !required {
                        push(Choice::Omit);
                    }
                    for v in self.alternatives(ty, &p.name, p.value.as_deref()) {
                        push(Choice::Value(v));
                    }
                }
                PointKind::Text { ty } => {
                    for v in self.alternatives(ty, &p.name, p.value.as_deref()) {
                        push(Choice::Value(v));
                    }
                }
            }
        }
        out.truncate(MAX_TWEAKS);
        out
    }

    /// The element at `key` holds (or is) the repeated element: never omitted.
    fn keeps_repeat(&self, key: &str) -> bool {
        self.repeat_path.as_deref().is_some_and(|r| r == key || r.starts_with(&format!("{key}/")))
    }

    /// Other values the type accepts for a field named `name`.
    fn alternatives(&self, ty: u32, name: &str, current: Option<&str>) -> Vec<String> {
        let Some(st) = self.pack.simple_types.get(ty as usize) else { return Vec::new() };
        let mut out: Vec<String> = Vec::new();
        for c in values::candidates(self.pack, st, name, 0) {
            if Some(c.as_str()) != current && !out.contains(&c) && st.check(&c, &self.pack.simple_types, self.validator).is_ok() {
                out.push(c);
            }
            if out.len() >= 8 {
                break;
            }
        }
        out
    }
}
