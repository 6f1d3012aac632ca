//! How values read in a rendered report: dates as dd.mm.yyyy, money with
//! thousands separators and two decimals, everything else as written.

/// Thin no-break space, the Russian thousands separator.
const THOUSANDS: char = '\u{202F}';

/// `2024-03-31` (xs:date, optionally with a time zone) → `31.03.2024`;
/// anything else unchanged.
pub fn date(value: &str) -> String {
    let v = value.trim();
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() >= 10 && digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10) {
        if let (Some(y), Some(m), Some(d)) = (v.get(0..4), v.get(5..7), v.get(8..10)) {
            return format!("{d}.{m}.{y}");
        }
    }
    value.to_string()
}

/// `1234567.5` → `1 234 567,50` (thin spaces, decimal comma, `decimals`
/// places); not a decimal number → unchanged.
pub fn money(value: &str, decimals: usize) -> String {
    let v = value.trim();
    let (sign, unsigned) = match v.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", v.strip_prefix('+').unwrap_or(v)),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let int_ok = !int.is_empty() && int.bytes().all(|c| c.is_ascii_digit());
    if !int_ok || !frac.bytes().all(|c| c.is_ascii_digit()) || frac.len() > decimals {
        return value.to_string();
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3 * 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(THOUSANDS);
        }
        grouped.push(c);
    }
    if decimals == 0 {
        return format!("{sign}{grouped}");
    }
    format!("{sign}{grouped},{frac:0<decimals$}")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date("2024-03-31"), "31.03.2024");
        assert_eq!(date("2024-03-31+03:00"), "31.03.2024");
        assert_eq!(date("31.03.2024"), "31.03.2024");
        assert_eq!(date("2024"), "2024");
        assert_eq!(date("абвг-де-жз"), "абвг-де-жз");
    }

    #[test]
    fn money_values() {
        assert_eq!(money("1234567.5", 2), "1\u{202F}234\u{202F}567,50");
        assert_eq!(money("-1000", 2), "-1\u{202F}000,00");
        assert_eq!(money("0.07", 2), "0,07");
        assert_eq!(money("00123", 2), "123,00");
        assert_eq!(money("999", 2), "999,00");
        assert_eq!(money("1e5", 2), "1e5");
        assert_eq!(money("1.234", 2), "1.234");
        assert_eq!(money("", 2), "");
        assert_eq!(money("12345", 0), "12\u{202F}345");
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_html("<a href=\"x\">&'", &mut s);
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
