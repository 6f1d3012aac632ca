//! Lexical checks of built-in types and constraining facets that need value
//! arithmetic: decimal comparison without floating point, total/fraction digit
//! counting, and date/time lexical validation.

use std::cmp::Ordering;

/// A parsed decimal: sign, integer digits without leading zeros, fraction digits
/// without trailing zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal<'a> {
    /// True for negative non-zero values.
    pub negative: bool,
    /// Integer part digits (no leading zeros; empty for zero).
    pub int: &'a str,
    /// Fraction digits (no trailing zeros).
    pub frac: &'a str,
}

/// Parses an `xs:decimal` lexical value (`[+-]?(\d+(\.\d*)?|\.\d+)`).
pub fn parse_decimal(s: &str) -> Option<Decimal<'_>> {
    let b = s.as_bytes();
    let (negative, start) = match b.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    let mut dot = None;
    for (i, &c) in b.iter().enumerate().skip(start) {
        if c.is_ascii_digit() {
            continue;
        }
        if c == b'.' && dot.is_none() {
            dot = Some(i);
            continue;
        }
        return None;
    }
    let (int_end, frac_start) = match dot {
        Some(d) => (d, d + 1),
        None => (b.len(), b.len()),
    };
    if int_end == start && frac_start == b.len() {
        return None;
    }
    // All bytes from `start` on are ASCII, so every index is a character boundary.
    let mut a = start;
    while a < int_end && b[a] == b'0' {
        a += 1;
    }
    let mut e = b.len();
    while e > frac_start && b[e - 1] == b'0' {
        e -= 1;
    }
    let (int, frac) = (&s[a..int_end], &s[frac_start..e]);
    let negative = negative && !(int.is_empty() && frac.is_empty());
    Some(Decimal { negative, int, frac })
}

/// Parses an `xs:integer` lexical value.
pub fn parse_integer(s: &str) -> Option<Decimal<'_>> {
    let b = s.as_bytes();
    let (negative, start) = match b.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    if start == b.len() || !b[start..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut a = start;
    while a < b.len() && b[a] == b'0' {
        a += 1;
    }
    let int = &s[a..];
    Some(Decimal { negative: negative && !int.is_empty(), int, frac: "" })
}

fn cmp_magnitude(a: &Decimal<'_>, b: &Decimal<'_>) -> Ordering {
    a.int.len().cmp(&b.int.len()).then_with(|| a.int.cmp(b.int)).then_with(|| a.frac.cmp(b.frac))
}

/// Compares two decimals by value.
pub fn cmp_decimal(a: &Decimal<'_>, b: &Decimal<'_>) -> Ordering {
    match (a.negative, b.negative) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => cmp_magnitude(a, b),
        (true, true) => cmp_magnitude(b, a),
    }
}

/// Number of significant digits (`totalDigits` semantics).
pub fn total_digits(d: &Decimal<'_>) -> usize {
    let n = d.int.len() + d.frac.len();
    n.max(1)
}

/// Number of fraction digits (`fractionDigits` semantics).
pub fn fraction_digits(d: &Decimal<'_>) -> usize {
    d.frac.len()
}

fn digits(s: &str, n: usize) -> Option<u32> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if leap {
                29
            } else {
                28
            }
        }
    }
}

/// Strips an optional time zone (`Z` or `±hh:mm`), validating it.
fn strip_tz(s: &str) -> Option<&str> {
    if let Some(r) = s.strip_suffix('Z') {
        return Some(r);
    }
    if s.len() >= 6 && s.is_char_boundary(s.len() - 6) {
        let (head, tz) = s.split_at(s.len() - 6);
        let b = tz.as_bytes();
        if (b[0] == b'+' || b[0] == b'-') && b[3] == b':' {
            let h = digits(&tz[1..3], 2)?;
            let m = digits(&tz[4..6], 2)?;
            if h > 14 || m > 59 || (h == 14 && m != 0) {
                return None;
            }
            return Some(head);
        }
    }
    Some(s)
}

fn year(s: &str) -> Option<i64> {
    let body = s.strip_prefix('-').unwrap_or(s);
    if body.len() < 4 || !body.bytes().all(|b| b.is_ascii_digit()) || (body.len() > 4 && body.starts_with('0')) {
        return None;
    }
    let y: i64 = body.parse().ok()?;
    if y == 0 {
        return None;
    }
    Some(if s.starts_with('-') { -y } else { y })
}

fn date_part(s: &str) -> Option<()> {
    let idx = s.rfind('-').filter(|&i| i > 0)?;
    let (ym, d) = (&s[..idx], &s[idx + 1..]);
    let idx2 = ym.rfind('-').filter(|&i| i > 0)?;
    let (y, m) = (&ym[..idx2], &ym[idx2 + 1..]);
    let y = year(y)?;
    let m = digits(m, 2)?;
    let d = digits(d, 2)?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(())
}

fn time_part(s: &str) -> Option<()> {
    if s.len() < 8 || s.as_bytes()[2] != b':' || s.as_bytes()[5] != b':' {
        return None;
    }
    let h = digits(&s[0..2], 2)?;
    let m = digits(&s[3..5], 2)?;
    let sec = &s[6..];
    let (whole, frac) = match sec.find('.') {
        Some(i) => (&sec[..i], Some(&sec[i + 1..])),
        None => (sec, None),
    };
    let sv = digits(whole, 2)?;
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let all_zero = m == 0 && sv == 0 && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    if h > 24 || (h == 24 && !all_zero) || m > 59 || sv > 59 {
        return None;
    }
    Some(())
}

/// `xs:date` lexical check.
pub fn is_date(s: &str) -> bool {
    strip_tz(s).and_then(date_part).is_some()
}

/// `xs:time` lexical check.
pub fn is_time(s: &str) -> bool {
    strip_tz(s).and_then(time_part).is_some()
}

/// `xs:dateTime` lexical check.
pub fn is_date_time(s: &str) -> bool {
    let Some(body) = strip_tz(s) else { return false };
    match body.find('T') {
        Some(i) => date_part(&body[..i]).is_some() && time_part(&body[i + 1..]).is_some(),
        None => false,
    }
}

/// `xs:gYear` lexical check.
pub fn is_g_year(s: &str) -> bool {
    strip_tz(s).and_then(year).is_some()
}

/// `xs:boolean` lexical check.
pub fn is_boolean(s: &str) -> bool {
    matches!(s, "true" | "false" | "1" | "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        let a = parse_decimal("-0012.500").unwrap();
        assert_eq!((a.negative, a.int, a.frac), (true, "12", "5"));
        assert_eq!(total_digits(&a), 3);
        assert!(parse_decimal("1.").is_some());
        assert!(parse_decimal(".").is_none());
        assert!(parse_decimal("1e5").is_none());
        let b = parse_decimal("3").unwrap();
        assert_eq!(cmp_decimal(&a, &b), Ordering::Less);
        assert_eq!(cmp_decimal(&parse_decimal("-0").unwrap(), &parse_decimal("0.0").unwrap()), Ordering::Equal);
        assert!(parse_integer("1.0").is_none());
        for (text, want) in [("+0", Some((false, "", ""))), ("-0", Some((false, "", ""))), ("-007", Some((true, "7", ""))), ("", None), ("-", None), ("+", None), ("1-", None)] {
            assert_eq!(parse_integer(text).map(|d| (d.negative, d.int, d.frac)), want, "{text}");
        }
        for (text, want) in [("-.50", Some((true, "", "5"))), ("00.00", Some((false, "", ""))), ("-0.0", Some((false, "", ""))), ("+.", None), ("1..2", None), ("1.2.", None), ("١", None)] {
            assert_eq!(parse_decimal(text).map(|d| (d.negative, d.int, d.frac)), want, "{text}");
        }
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("29.02.2024"));
        assert!(is_date("2024-01-01+03:00"));
        assert!(is_time("23:59:59.5"));
        assert!(!is_time("25:00:00"));
        assert!(is_date_time("2024-01-01T10:00:00Z"));
        assert!(is_g_year("2024"));
        // Found by cargo-fuzz: non-ASCII text must not panic.
        assert!(!is_date("202Вер1"));
        assert!(!is_g_year("Вер1234"));
        assert!(!is_g_year("24"));
    }
}
