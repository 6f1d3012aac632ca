//! Character sets of XSD patterns: sorted disjoint code point ranges with the
//! set operations character classes need (union, complement, subtraction),
//! and the predefined sets of XSD multi-character escapes, Unicode
//! categories (`\p{Lu}`) and blocks (`\p{IsCyrillic}`).

use super::unicode_tables::CATEGORIES;

/// Largest Unicode scalar value.
const MAX: u32 = 0x10_FFFF;

/// A set of characters as sorted, disjoint, non-adjacent inclusive ranges of
/// code points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    /// The empty set.
    pub fn empty() -> Self {
        CharSet { ranges: Vec::new() }
    }

    /// One character.
    pub fn single(c: char) -> Self {
        CharSet { ranges: vec![(c as u32, c as u32)] }
    }

    /// Builds a set from arbitrary (possibly overlapping, unsorted) ranges.
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>) -> Self {
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        CharSet { ranges: out }
    }

    /// The ranges (sorted, disjoint, non-adjacent).
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// Is the set empty?
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Does the set contain code point `c`?
    pub fn contains(&self, c: u32) -> bool {
        let i = self.ranges.partition_point(|r| r.1 < c);
        self.ranges.get(i).is_some_and(|r| r.0 <= c)
    }

    /// Adds all characters of `other`.
    pub fn union(&self, other: &CharSet) -> CharSet {
        let mut all = self.ranges.clone();
        all.extend_from_slice(&other.ranges);
        CharSet::from_ranges(all)
    }

    /// All characters not in the set.
    pub fn complement(&self) -> CharSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi + 1;
        }
        if next <= MAX {
            out.push((next, MAX));
        }
        CharSet { ranges: out }
    }

    /// Characters of `self` that are not in `other` (class subtraction).
    pub fn subtract(&self, other: &CharSet) -> CharSet {
        self.intersect(&other.complement())
    }

    /// Characters in both sets.
    pub fn intersect(&self, other: &CharSet) -> CharSet {
        let (a, b) = (&self.ranges, &other.ranges);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            let lo = a[i].0.max(b[j].0);
            let hi = a[i].1.min(b[j].1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a[i].1 < b[j].1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        CharSet { ranges: out }
    }
}

/// Decodes one generated category table (see `unicode_tables`).
fn decode(table: &[u8]) -> CharSet {
    let mut ranges = Vec::with_capacity(table.len() / 3);
    let mut bytes = table.iter();
    let mut read = || -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *bytes.next()?;
            v |= u32::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    };
    let mut prev = 0u32;
    while let (Some(gap), Some(len)) = (read(), read()) {
        let lo = prev + gap;
        ranges.push((lo, lo + len));
        prev = lo + len + 1;
    }
    CharSet { ranges }
}

/// A Unicode general category by its XSD name (`L`, `Lu`, `Nd`, `P`, `C`, …);
/// `None` for names the tables do not have.
pub fn category(name: &str) -> Option<CharSet> {
    if name == "C" {
        // Other = everything that is not a letter, mark, number, punctuation,
        // symbol or separator (Cc, Cf, Cs, Co, Cn).
        let mut all = CharSet::empty();
        for top in ["L", "M", "N", "P", "S", "Z"] {
            all = all.union(&category(top)?);
        }
        return Some(all.complement());
    }
    CATEGORIES.iter().find(|(n, _)| *n == name).map(|(_, t)| decode(t))
}

/// A Unicode block by its XSD name (the part after `Is`), for the blocks
/// Russian reporting schemas use.
pub fn block(name: &str) -> Option<CharSet> {
    let (lo, hi) = match name {
        "BasicLatin" => (0x00, 0x7F),
        "Latin-1Supplement" => (0x80, 0xFF),
        "LatinExtended-A" => (0x100, 0x17F),
        "LatinExtended-B" => (0x180, 0x24F),
        "Greek" | "GreekandCoptic" => (0x370, 0x3FF),
        "Cyrillic" => (0x400, 0x4FF),
        "CyrillicSupplement" | "CyrillicSupplementary" => (0x500, 0x52F),
        "GeneralPunctuation" => (0x2000, 0x206F),
        "CurrencySymbols" => (0x20A0, 0x20CF),
        "LetterlikeSymbols" => (0x2100, 0x214F),
        "NumberForms" => (0x2150, 0x218F),
        _ => return None,
    };
    Some(CharSet { ranges: vec![(lo, hi)] })
}

/// XML 1.0 (5th edition) NameStartChar, the set of `\i`.
const NAME_START: &[(u32, u32)] = &[
    (0x3A, 0x3A),
    (0x41, 0x5A),
    (0x5F, 0x5F),
    (0x61, 0x7A),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x2FF),
    (0x370, 0x37D),
    (0x37F, 0x1FFF),
    (0x200C, 0x200D),
    (0x2070, 0x218F),
    (0x2C00, 0x2FEF),
    (0x3001, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFFD),
];

/// NameChar additions to NameStartChar (`\c` = `\i` plus these).
const NAME_EXTRA: &[(u32, u32)] = &[(0x2D, 0x2E), (0x30, 0x39), (0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040)];

/// The set of a multi-character escape letter (`s`, `S`, `i`, `I`, `c`, `C`,
/// `d`, `D`, `w`, `W`); `None` for other letters.
pub fn multi_char_escape(letter: char) -> Option<CharSet> {
    let positive = match letter.to_ascii_lowercase() {
        's' => CharSet::from_ranges(vec![(0x9, 0xA), (0xD, 0xD), (0x20, 0x20)]),
        'i' => CharSet::from_ranges(NAME_START.to_vec()),
        'c' => CharSet::from_ranges(NAME_START.iter().chain(NAME_EXTRA).copied().collect()),
        'd' => category("Nd")?,
        // \w = [#x0000-#x10FFFF]-[\p{P}\p{Z}\p{C}] = letters, marks, numbers, symbols.
        'w' => {
            let mut w = CharSet::empty();
            for c in ["L", "M", "N", "S"] {
                w = w.union(&category(c)?);
            }
            w
        }
        _ => return None,
    };
    Some(if letter.is_ascii_uppercase() { positive.complement() } else { positive })
}

/// The set of `.`: every character except `\n` and `\r`.
pub fn dot() -> CharSet {
    CharSet::from_ranges(vec![(0xA, 0xA), (0xD, 0xD)]).complement()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let az = CharSet::from_ranges(vec![(0x61, 0x7A)]);
        let vowels = CharSet::from_ranges("aeiou".chars().map(|c| (c as u32, c as u32)).collect());
        let cons = az.subtract(&vowels);
        assert!(cons.contains('b' as u32) && !cons.contains('a' as u32) && !cons.contains('u' as u32));
        assert_eq!(cons.union(&vowels), az);
        assert_eq!(az.complement().complement(), az);
        assert_eq!(CharSet::from_ranges(vec![(5, 7), (1, 3), (4, 4)]).ranges(), &[(1, 7)]);
    }

    #[test]
    fn categories() {
        let nd = category("Nd").unwrap();
        assert!(nd.contains('7' as u32) && nd.contains(0x0663) && !nd.contains('a' as u32));
        let lu = category("Lu").unwrap();
        assert!(lu.contains('Ж' as u32) && !lu.contains('ж' as u32));
        let c = category("C").unwrap();
        assert!(c.contains(0) && c.contains(0x378) && !c.contains('a' as u32));
        let w = multi_char_escape('w').unwrap();
        assert!(w.contains('ё' as u32) && w.contains('$' as u32) && !w.contains('-' as u32) && !w.contains(' ' as u32));
        assert!(category("Xx").is_none());
    }
}
