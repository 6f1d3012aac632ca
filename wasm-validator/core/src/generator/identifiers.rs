//! Identifiers with valid check digits (INN, OGRN, OGRNIP, SNILS, KPP) for
//! generated reports: the first instance uses well-known public test values,
//! repeated instances (persons, lines…) get distinct numbers derived from their
//! index, so generated files are deterministic and still realistic.

use crate::simple_types::IdKind;

/// Public test values (see `../shared/formats/derived/checksum_test_vectors.tsv`).
fn sample(kind: IdKind) -> &'static str {
    match kind {
        IdKind::InnUl | IdKind::Inn => "7707083893",
        IdKind::InnFl => "540309840220",
        IdKind::Ogrn => "1027700132195",
        IdKind::Ogrnip => "304500116000157",
        IdKind::Snils => "11223344595",
        IdKind::Kpp => "770101001",
    }
}

fn digits(s: &str) -> Vec<u32> {
    s.bytes().map(|b| u32::from(b - b'0')).collect()
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 11 % 10
}

/// INN of an organisation: 9 digits + check digit.
fn inn10(base9: &str) -> String {
    let c = weighted(&digits(base9), &[2, 4, 10, 3, 5, 9, 4, 6, 8]);
    format!("{base9}{c}")
}

/// INN of a person: 10 digits + two check digits.
fn inn12(base10: &str) -> String {
    let mut d = digits(base10);
    let c1 = weighted(&d, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    d.push(c1);
    let c2 = weighted(&d, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    format!("{base10}{c1}{c2}")
}

/// OGRN (13 digits, modulo 11) or OGRNIP (15 digits, modulo 13).
fn ogrn_like(base: &str, modulus: u64) -> String {
    let n: u64 = base.parse().unwrap_or(0);
    format!("{base}{}", n % modulus % 10)
}

/// SNILS as 11 digits.
fn snils(base9: &str) -> String {
    let d = digits(base9);
    let sum: u32 = d.iter().enumerate().map(|(i, x)| x * (9 - i as u32)).sum();
    let c = match sum % 101 {
        100 => 0,
        c => c,
    };
    format!("{base9}{c:02}")
}

/// Lexical forms of a SNILS the schemas use: `XXX-XXX-XXX YY`, `XXX-XXX-XXX-YY`, 11 digits.
fn snils_forms(s: &str) -> [String; 3] {
    let spaced = format!("{}-{}-{} {}", &s[..3], &s[3..6], &s[6..9], &s[9..]);
    let dashed = spaced.replace(' ', "-");
    [spaced, dashed, s.to_string()]
}

/// Candidate values for an identifier of `kind` in the `instance`-th repetition
/// (0 = the sample), in every lexical form the schemas use; all have valid check digits.
pub(super) fn candidates(kind: IdKind, instance: usize) -> Vec<String> {
    let n = instance as u64;
    let value = if instance == 0 {
        sample(kind).to_string()
    } else {
        match kind {
            IdKind::InnUl | IdKind::Inn => inn10(&format!("77{:07}", 1_000_000 + n % 8_999_999)),
            IdKind::InnFl => inn12(&format!("5403{:06}", n % 1_000_000)),
            IdKind::Ogrn => ogrn_like(&format!("1027700{:05}", n % 100_000), 11),
            IdKind::Ogrnip => ogrn_like(&format!("3045001{:07}", n % 10_000_000), 13),
            IdKind::Snils => snils(&format!("{:09}", 112_233_445 + (n * 7_919) % 800_000_000)),
            IdKind::Kpp => sample(kind).to_string(),
        }
    };
    match kind {
        IdKind::Snils => snils_forms(&value).to_vec(),
        IdKind::Inn if instance > 0 => vec![value, inn12(&format!("5403{:06}", n % 1_000_000))],
        _ => vec![value],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podpis_schematron::ids;

    #[test]
    fn generated_identifiers_have_valid_check_digits() {
        for i in [0usize, 1, 2, 17, 999, 123_456] {
            for kind in [IdKind::InnUl, IdKind::Inn, IdKind::InnFl, IdKind::Ogrn, IdKind::Ogrnip, IdKind::Snils, IdKind::Kpp] {
                for v in candidates(kind, i) {
                    let ok = match kind {
                        IdKind::InnUl | IdKind::Inn | IdKind::InnFl => ids::check_inn(&v),
                        IdKind::Ogrn => ids::check_ogrn(&v),
                        IdKind::Ogrnip => ids::check_ogrnip(&v),
                        IdKind::Snils if v.len() == 14 && v.as_bytes()[11] == b'-' => ids::check_snils(&format!("{} {}", &v[..11], &v[12..])),
                        IdKind::Snils => ids::check_snils(&v),
                        IdKind::Kpp => ids::check_kpp_format(&v),
                    };
                    assert_eq!(ok, Ok(()), "{kind:?} #{i}: {v}");
                }
            }
        }
        assert_ne!(candidates(IdKind::Snils, 1), candidates(IdKind::Snils, 2));
        assert_ne!(candidates(IdKind::InnFl, 1), candidates(IdKind::InnFl, 2));
    }
}
