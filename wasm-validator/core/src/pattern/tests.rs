//! Unit tests of the XSD pattern matcher, one group per syntax feature.

use super::Pattern;

/// Matches with the DFA and checks the NFA simulation agrees.
fn m(p: &str, s: &str) -> bool {
    let dfa = Pattern::compile(&[p]).unwrap_or_else(|e| panic!("{p}: {e}")).is_match(s);
    let nfa = Pattern::compile_nfa(&[p]).unwrap_or_else(|e| panic!("{p}: {e}")).is_match(s);
    assert_eq!(dfa, nfa, "DFA and NFA disagree on {p:?} / {s:?}");
    dfa
}

fn invalid(p: &str) -> bool {
    Pattern::compile(&[p]).is_err()
}

#[test]
fn anchoring_and_literals() {
    assert!(m("abc", "abc"));
    assert!(!m("abc", "abcd") && !m("abc", "xabc") && !m("abc", "ab"));
    assert!(m("a$b^", "a$b^"), "^ and $ are ordinary characters");
    assert!(m("Ёлка", "Ёлка"));
    assert!(m("a}b", "a}b"));
}

#[test]
fn empty_pattern_matches_only_empty() {
    assert!(m("", ""));
    assert!(!m("", "a"));
    assert!(m("a|", "") && m("a|", "a"));
    assert!(m("()", ""));
}

#[test]
fn branches_and_groups() {
    assert!(m("ab|cd", "ab") && m("ab|cd", "cd") && !m("ab|cd", "abcd"));
    assert!(m("(ab|cd)+", "abcdab") && !m("(ab|cd)+", ""));
    assert!(m("x(a(b|c)d)?y", "xacdy") && m("x(a(b|c)d)?y", "xy"));
}

#[test]
fn quantifiers() {
    assert!(m("a?", "") && m("a?", "a") && !m("a?", "aa"));
    assert!(m("a*", "") && m("a*", "aaaa"));
    assert!(m("a+", "a") && !m("a+", ""));
    assert!(m("[0-9]{4}", "1234") && !m("[0-9]{4}", "12345") && !m("[0-9]{4}", "123"));
    assert!(m("a{2,}", "aaaaa") && !m("a{2,}", "a"));
    assert!(m("a{2,3}", "aa") && m("a{2,3}", "aaa") && !m("a{2,3}", "aaaa"));
    assert!(m("a{0,0}b", "b") && m("a{0}", ""));
    assert!(m("(a?){2,4}", "") && m("(a?){2,4}", "aaaa") && !m("(a?){2,4}", "aaaaa"));
    assert!(m("(ab){1,3}c", "ababc") && !m("(ab){1,3}c", "abac"));
    assert!(m("\\d{1,20}", "12345678901234567890") && !m("\\d{1,20}", "123456789012345678901"));
}

#[test]
fn large_counted_repetition_stays_small() {
    let p = Pattern::compile(&[".{0,5000}"]).unwrap();
    assert!(p.is_match(&"я".repeat(5000)) && !p.is_match(&"я".repeat(5001)));
    assert!(Pattern::compile(&["\\d{1,20}"]).unwrap().is_dfa());
}

#[test]
fn nfa_fallback_when_dfa_explodes() {
    // The classic exponential DFA: the 14th character from the end is an `a`.
    let p = Pattern::compile(&["[ab]*a[ab]{13}"]).unwrap();
    assert!(!p.is_dfa());
    assert!(p.is_match(&format!("bb{}", "a".repeat(14))));
    assert!(p.is_match(&format!("a{}", "b".repeat(13))));
    assert!(!p.is_match(&format!("b{}", "b".repeat(13))));
    assert!(!p.is_match(""));
}

#[test]
fn character_classes() {
    assert!(m("[А-Я]", "Ж") && !m("[А-Я]", "Ё"), "ranges are code point ranges");
    assert!(m("[a|,]+", "|,a"));
    assert!(m("[&~]+", "&~"));
    assert!(m("[^a-z]", "A") && !m("[^a-z]", "q"));
    assert!(m("[a^]", "^"));
    assert!(m("[-a]+", "-a") && m("[a-]+", "a-"));
    assert!(m("[\\-+]?\\d+", "-12"));
    assert!(m("[\\[\\]]+", "[]"));
    assert!(m("[\\n\\t]", "\t"));
    assert!(m("[+--]", ",") && !m("[+--]", "."));
}

#[test]
fn subtraction() {
    assert!(m("[a-z-[aeiou]]+", "bcd") && !m("[a-z-[aeiou]]+", "bad"));
    assert!(m("[a-z-[^aeiou]]", "e") && !m("[a-z-[^aeiou]]", "b"));
    assert!(m("[\\w-[\\d]]+", "abc") && !m("[\\w-[\\d]]+", "a1"));
    assert!(m("[a-z-[b-y-[c]]]", "c") && !m("[a-z-[b-y-[c]]]", "d"));
    assert!(m("[^a-c-[x]]", "d") && !m("[^a-c-[x]]", "x") && !m("[^a-c-[x]]", "a"));
}

#[test]
fn multi_char_escapes() {
    assert!(m("\\s", " ") && m("\\s", "\n") && !m("\\s", "\u{a0}"));
    assert!(m("\\S", "\u{a0}") && !m("\\S", "\t"));
    assert!(m("\\d", "٣") && !m("\\d", "a"));
    assert!(m("\\D", "a") && !m("\\D", "5"));
    assert!(m("\\w", "ж") && m("\\w", "$") && !m("\\w", "-") && !m("\\w", " ") && !m("\\w", "\u{0}"));
    assert!(m("\\W", "-") && !m("\\W", "Ж"));
    assert!(m("\\i\\c*", "_abc-1") && !m("\\i", "1") && m("\\I", "1"));
    assert!(m("\\c", ".") && !m("\\C", "a"));
    assert!(m(".", "a") && !m(".", "\r") && !m(".", "\n") && m(".", "\t"));
    assert!(m("[\\s\\d]+", " 1\t2"));
    assert!(m("[^\\s]", "a") && !m("[^\\s]", " "));
}

#[test]
fn single_char_escapes() {
    for (p, s) in [("\\n", "\n"), ("\\r", "\r"), ("\\t", "\t"), ("\\\\", "\\"), ("\\|", "|"), ("\\.", "."), ("\\-", "-")] {
        assert!(m(p, s), "{p}");
    }
    for c in ['^', '?', '*', '+', '{', '}', '(', ')', '[', ']'] {
        assert!(m(&format!("\\{c}"), &c.to_string()), "\\{c}");
    }
    assert!(!m("\\.", "a"));
}

#[test]
fn categories_and_blocks() {
    assert!(m("\\p{Lu}+", "ЖA") && !m("\\p{Lu}", "ж"));
    assert!(m("\\p{Ll}", "ж") && m("\\p{L}", "ж") && !m("\\p{L}", "1"));
    assert!(m("\\p{N}", "½") && m("\\p{Nd}", "7") && !m("\\p{Nd}", "½"));
    assert!(m("\\p{P}", "«") && m("\\p{Z}", "\u{a0}") && m("\\p{S}", "₽") && m("\\p{C}", "\u{7}"));
    assert!(m("\\P{L}", "1") && !m("\\P{L}", "a"));
    assert!(m("[\\P{L}a]", "a") && m("[\\P{L}a]", "1") && !m("[\\P{L}a]", "b"));
    assert!(m("\\p{IsCyrillic}+", "Ёж") && !m("\\p{IsCyrillic}", "a"));
    assert!(m("\\p{IsBasicLatin}", "~") && m("\\P{IsBasicLatin}", "ж"));
    assert!(m("[\\p{IsCyrillic}-[Ёё]]", "ж") && !m("[\\p{IsCyrillic}-[Ёё]]", "ё"));
}

#[test]
fn alternatives_of_one_step() {
    let p = Pattern::compile(&["\\d{3}", "[a-z]{2}"]).unwrap();
    assert!(p.is_match("123") && p.is_match("ab") && !p.is_match("12") && !p.is_match("abc"));
    assert!(!Pattern::compile::<&str>(&[]).unwrap().is_match(""));
}

#[test]
fn invalid_patterns_are_errors() {
    for p in [
        "a{,2}", "(a", "a)", "[a", "[]", "[a-[b]", "a**", "a{2}{3}", "*a", "+", "?", "{2}", "a{2", "a{x}", "a{3,2}",
        "\\", "\\q", "\\p", "\\p{Xx}", "\\p{IsNoSuchBlock}", "\\p{L", "[z-a]", "[a-\\d]", "[[]", "]", "a{99999999999}",
        "[a-z-[b]c]",
    ] {
        assert!(invalid(p), "{p:?} should be invalid");
    }
    let e = Pattern::compile(&["(a"]).unwrap_err();
    assert_eq!(e.pattern, "(a");
    assert!(e.to_string().contains("unclosed group"), "{e}");
    assert!(invalid(&"(".repeat(200)));
    assert!(invalid("a{100001}"), "too large");
}

#[test]
fn samples_match() {
    for p in ["\\d{2}\\.\\d{3}\\-[а-я|А-Я|a-z|A-Z]\\-\\d{1}", "[0-9]{3}\\-[0-9]{3}", "(ab|c)+x?", "\\w{2,5}", "[^0-9]+"] {
        for extra in [0, 1, 3] {
            let s = super::sample::sample(p, extra).unwrap();
            assert!(m(p, &s), "{p} {s:?}");
        }
    }
}
