//! Varied values for the repeated element (persons of an РСВ, lines of an
//! УПД…): every repetition gets its own seeded, deterministic, realistic
//! values — names from small Russian lists in the person's gender, amounts
//! within the type's digits and bounds, dates in the reporting year, codes
//! among the allowed enumerations, strings sampled from the type's pattern.
//!
//! Fields whose value a Schematron rule of the form compares (anything a rule
//! test names outside `count(…)`) are never varied ([`value_sensitive_names`]):
//! the rule-guided search fixed what they must be, and they keep that value in
//! every repetition. Only presence is tested for the rest, so varying them
//! keeps the document valid; each candidate is still checked against its type
//! by the caller, which falls back to the unvaried value.

use std::collections::HashSet;

use super::names;
use super::values::REPORT_YEAR;
use crate::pack::Pack;
use crate::pattern::syntax::Node;
use crate::simple_types::{Builtin, Facets, SimpleType, Variety};
use podpis_schematron::RuleSource;

/// A small deterministic generator (SplitMix64).
pub(super) struct Rng(u64);

impl Rng {
    /// A generator seeded from a field path, the repetition and the field's
    /// position inside the repetition.
    pub(super) fn new(path: &str, hint: &str, instance: usize, occurrence: u64) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in path.bytes().chain([0]).chain(hint.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut r = Rng(h ^ (instance as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ occurrence.wrapping_mul(0xd1b5_4a32_d192_ed03));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Whether the `instance`-th person is a woman (names and `Пол` agree).
pub(super) fn is_female(instance: usize) -> bool {
    Rng::new("gender", "", instance, 0).below(2) == 1
}

/// Names whose value a rule test compares: every path step a test names
/// outside `count(…)` (quoted literals are values, not names).
pub(super) fn value_sensitive_names(rules: &[RuleSource]) -> HashSet<String> {
    let mut out = HashSet::new();
    for r in rules {
        let test: String = r.test.split('\'').enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, t)| t).collect::<Vec<_>>().join(" ");
        let is_tok = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '@');
        let mut rest = test.as_str();
        let mut before = String::new();
        while let Some(start) = rest.find(is_tok) {
            before.push_str(&rest[..start]);
            let tail = &rest[start..];
            let end = tail.find(|c: char| !is_tok(c)).unwrap_or(tail.len());
            let tok = &tail[..end];
            let in_count = before.trim_end().ends_with('(') && before.trim_end().trim_end_matches('(').trim_end().ends_with("count");
            if !in_count {
                if let Some(last) = tok.rsplit('/').next().map(|s| s.trim_start_matches('@')) {
                    if last.chars().next().is_some_and(char::is_alphabetic) {
                        out.insert(last.to_string());
                    }
                }
            }
            before.push_str(tok);
            rest = &tail[end..];
        }
    }
    out
}

/// Varied candidates for a field of type `st` named `hint` in the
/// `instance`-th repetition, most realistic first; empty when the field keeps
/// its usual value (years, period bounds, lists and unions). `patterns` are
/// the parsed branches of the type's most derived pattern. For a field a rule
/// compares (`dates_only`), only dates vary (birth dates, dates in the year).
pub(super) fn candidates(st: &SimpleType, hint: &str, instance: usize, rng: &mut Rng, patterns: &[Node], dates_only: bool) -> Vec<String> {
    if st.variety != Variety::Atomic || st.builtin == Builtin::Boolean || hint.contains("Год") {
        return Vec::new();
    }
    let f = &st.facets;
    let female = is_female(instance);
    let type_name = st.name.as_deref().unwrap_or("");
    let date_like = matches!(st.builtin, Builtin::Date | Builtin::DateTime) || [hint, type_name].iter().any(|n| n.contains("Дат") || n.contains("Date"));
    if dates_only && !date_like {
        return Vec::new();
    }
    if let Some(e) = &f.enumeration {
        if hint == "Пол" && e.iter().any(|v| v == "1") && e.iter().any(|v| v == "2") {
            return vec![if female { "2" } else { "1" }.to_string()];
        }
        // All allowed codes, starting at a random one.
        let k = rng.below(e.len() as u64) as usize;
        return e[k..].iter().chain(&e[..k]).cloned().collect();
    }
    if date_like {
        if hint.contains("Нач") || hint.contains("Кон") {
            return Vec::new();
        }
        let (y, m, d) = if hint.contains("Рожд") {
            (rng.range(1962, 2004), rng.range(1, 12), rng.range(1, 28))
        } else {
            (REPORT_YEAR.parse().unwrap_or(2025), rng.range(1, 12), rng.range(1, 28))
        };
        return vec![format!("{d:02}.{m:02}.{y}"), format!("{y}-{m:02}-{d:02}"), format!("{y}-{m:02}-{d:02}T{:02}:{:02}:00", rng.range(8, 19), rng.range(0, 59))];
    }
    let pick = rng.below(1 << 20) as usize;
    let person = match hint {
        "Фамилия" => Some(names::surname(pick, female)),
        "Имя" => Some(names::first_name(pick, female).to_string()),
        "Отчество" => Some(names::patronymic(pick, female)),
        _ => None,
    };
    if let Some(p) = person {
        return vec![p];
    }
    if !patterns.is_empty() {
        return (0..3)
            .map(|_| {
                let mut s = String::new();
                sample(rng.pick(patterns), rng, &mut s);
                s
            })
            .collect();
    }
    match st.builtin {
        Builtin::Integer | Builtin::Decimal => number(f, st.builtin, hint, instance, rng),
        Builtin::String | Builtin::NormalizedString | Builtin::Token => text(f, hint, rng).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A string matching `node`: random branches, digits or capital letters from
/// each set, up to three extra repetitions.
fn sample(node: &Node, rng: &mut Rng, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Set(set) => {
            let pools: [&[(char, char)]; 3] = [&[('0', '9')], &[('А', 'Я')], &[('A', 'Z')]];
            let chosen = pools.iter().find_map(|pool| {
                let inside: Vec<char> = pool.iter().flat_map(|&(a, b)| a..=b).filter(|c| set.contains(*c as u32)).collect();
                (!inside.is_empty()).then(|| *rng.pick(&inside))
            });
            let first = || set.ranges().iter().find_map(|&(lo, hi)| (lo..=hi.min(lo + 0x800)).find_map(char::from_u32));
            if let Some(c) = chosen.or_else(first) {
                out.push(c);
            }
        }
        Node::Concat(parts) => parts.iter().for_each(|p| sample(p, rng, out)),
        Node::Alt(branches) => {
            if !branches.is_empty() {
                sample(rng.pick(branches), rng, out);
            }
        }
        Node::Repeat { node, min, max } => {
            let room = max.map_or(3, |m| m.saturating_sub(*min).min(3));
            let n = min + rng.below(u64::from(room) + 1) as u32;
            for _ in 0..n {
                sample(node, rng, out);
            }
        }
    }
}

/// `10^n` (saturating).
fn pow10(n: usize) -> i64 {
    10i64.checked_pow(n as u32).unwrap_or(i64::MAX)
}

/// Amounts, counts, prices, line numbers within the type's digits and bounds.
fn number(f: &Facets, builtin: Builtin, hint: &str, instance: usize, rng: &mut Rng) -> Vec<String> {
    let fd = if builtin == Builtin::Integer { 0 } else { f.fraction_digits.unwrap_or(2).min(2) };
    // The bounds the facets allow for the integer part.
    let int_digits = f.total_digits.map_or(15, |t| t.saturating_sub(f.fraction_digits.unwrap_or(0)).min(15));
    let mut lo = if int_digits == 0 { 0 } else { -(pow10(int_digits) - 1) };
    let mut hi = if int_digits == 0 { 0 } else { pow10(int_digits) - 1 };
    let num = |s: &Option<String>| s.as_deref().and_then(|v| v.trim().parse::<f64>().ok());
    if let Some(m) = num(&f.min_inclusive) {
        lo = lo.max(m.ceil() as i64);
    }
    if let Some(m) = num(&f.min_exclusive) {
        lo = lo.max(m.floor() as i64 + 1);
    }
    if let Some(m) = num(&f.max_inclusive) {
        hi = hi.min(m.floor() as i64);
    }
    if let Some(m) = num(&f.max_exclusive) {
        hi = hi.min(m.ceil() as i64 - 1);
    }
    let line_number = hint.starts_with("Ном") && (hint.ends_with("Стр") || hint.contains("Пор"));
    let (tlo, thi) = if line_number {
        let n = instance as i64 + 1;
        (n, n)
    } else if hint.contains("Кол") || hint.contains("Числ") {
        (1, 40)
    } else if hint.contains("Месяц") || hint.contains("Мес") {
        (1, 12)
    } else if hint.contains("Цена") {
        (10, 50_000)
    } else if hint.contains("Ставк") || hint.contains("Тариф") || hint.contains("Процент") {
        (1, 30)
    } else {
        (300, 250_000)
    };
    let (a, b) = if tlo.max(lo) <= thi.min(hi) { (tlo.max(lo), thi.min(hi)) } else if lo <= hi { (lo.max(0).min(hi), hi) } else { return Vec::new() };
    let int = rng.range(a, b);
    let mut out = Vec::new();
    if fd > 0 && !line_number && !hint.contains("Кол") {
        out.push(format!("{int}.{:0w$}", rng.below(pow10(fd) as u64), w = fd));
    }
    out.push(int.to_string());
    out
}

/// Free text by field name: goods, units, addresses, codes (digits),
/// document numbers, remarks; cut to `maxLength`, padded with digits to `minLength`.
fn text(f: &Facets, hint: &str, rng: &mut Rng) -> Option<String> {
    let mut s = if hint.contains("Наим") && hint.contains("Ед") {
        rng.pick(names::UNITS).to_string()
    } else if hint.contains("Наим") {
        let g = *rng.pick(names::GOODS);
        match rng.below(3) {
            0 => g.to_string(),
            _ => format!("{g}, арт. {}", rng.range(100, 99_999)),
        }
    } else if hint.contains("Адр") {
        rng.pick(names::ADDRESSES).to_string()
    } else if hint.starts_with("Код") || hint.contains("ГТИН") {
        let n = f.length.or(f.max_length).unwrap_or(13).min(13).max(f.min_length.unwrap_or(1));
        (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
    } else if hint.contains("СерНом") {
        format!("{:02} {:02} {:06}", rng.range(1, 99), rng.range(0, 25), rng.range(1, 999_999))
    } else if hint.contains("Ном") {
        format!("{}-{}", rng.range(1, 9_999), rng.range(1, 99))
    } else {
        format!("{} {}", rng.pick(names::REMARKS), rng.range(1, 999))
    };
    if let Some(max) = f.max_length.or(f.length) {
        s = s.chars().take(max).collect::<String>().trim_end().to_string();
    }
    let min = f.length.or(f.min_length).unwrap_or(0);
    while s.chars().count() < min {
        s.push(char::from(b'0' + rng.below(10) as u8));
    }
    (!s.is_empty()).then_some(s)
}

/// The parsed branches of the most derived pattern of `st` (empty without one).
pub(super) fn pattern_branches(pack: &Pack, st: &SimpleType) -> Vec<Node> {
    let Some(&last) = st.facets.patterns.last() else { return Vec::new() };
    pack.regexes.get(last as usize).map_or_else(Vec::new, |srcs| srcs.iter().filter_map(|s| crate::pattern::syntax::parse(s).ok()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(test: &str) -> RuleSource {
        RuleSource { pattern_name: String::new(), context: "X".into(), test: test.into(), fns_code: None, error_path: None, message: Vec::new() }
    }

    #[test]
    fn names_compared_by_rules_are_sensitive() {
        let s = value_sensitive_names(&[
            rule("usch:iif(@КодПлат=2, count(СвСвидУдРег)=0, count( @Фамилия )!=0)"),
            rule("substring(@ОГРНИП,2,14)!=00000000000000 and ../Док/@Функция='СЧФ'"),
        ]);
        for n in ["КодПлат", "ОГРНИП", "Функция"] {
            assert!(s.contains(n), "{n}: {s:?}");
        }
        for n in ["СвСвидУдРег", "Фамилия", "СЧФ"] {
            assert!(!s.contains(n), "{n}: {s:?}");
        }
    }

    #[test]
    fn seeded_and_spread() {
        let a: Vec<u64> = (0..5).map(|i| Rng::new("Файл/X", "Сум", i, 0).below(1000)).collect();
        let b: Vec<u64> = (0..5).map(|i| Rng::new("Файл/X", "Сум", i, 0).below(1000)).collect();
        assert_eq!(a, b);
        let mut d = a.clone();
        d.sort();
        d.dedup();
        assert!(d.len() >= 4, "{a:?}");
    }
}
