//! A small direct-mapped memo of (simple type, value) pairs already found
//! valid in the current document. Reports repeat values a lot (zero sums,
//! budget codes, OKTMO, dates), and checking a value against its type is a
//! pure function of the two, so a repeat skips the lexical, facet and pattern
//! checks. Only short values are kept; a collision simply replaces the slot.

/// Slots (a power of two).
const SLOTS: usize = 4096;
/// Longest value kept, in bytes.
const MAX_LEN: usize = 24;

#[derive(Clone, Copy, Default)]
struct Slot {
    /// Type index + 1 (0 = empty slot).
    ty: u32,
    len: u8,
    /// The value's bytes, zero-padded, as little-endian words.
    words: [u64; MAX_LEN / 8],
}

/// Valid (type, value) pairs seen recently (see the module docs).
pub(super) struct ValueMemo {
    slots: Vec<Slot>,
}

impl Default for ValueMemo {
    fn default() -> Self {
        ValueMemo { slots: vec![Slot::default(); SLOTS] }
    }
}

/// A (type, value) pair prepared for [`ValueMemo::contains`] and
/// [`ValueMemo::insert`] (computed once for both).
pub(super) struct MemoKey {
    slot: Slot,
    index: usize,
}

/// The key of `value` for type `ty`; None when the value is too long to keep.
pub(super) fn key(ty: u32, value: &str) -> Option<MemoKey> {
    let v = value.as_bytes();
    if v.len() > MAX_LEN {
        return None;
    }
    let mut words = [0u64; MAX_LEN / 8];
    for (w, chunk) in words.iter_mut().zip(v.chunks(8)) {
        *w = match <[u8; 8]>::try_from(chunk) {
            Ok(full) => u64::from_le_bytes(full),
            Err(_) => chunk.iter().rev().fold(0u64, |x, &b| x << 8 | u64::from(b)),
        };
    }
    let mut h = u64::from(ty) << 8 | v.len() as u64;
    for &x in &words {
        h = (h ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    let slot = Slot { ty: ty.wrapping_add(1), len: v.len() as u8, words };
    Some(MemoKey { slot, index: (h as usize) & (SLOTS - 1) })
}

impl ValueMemo {
    /// Was the pair of `key` found valid (and remembered)?
    pub(super) fn contains(&self, key: &MemoKey) -> bool {
        let s = &self.slots[key.index];
        s.ty == key.slot.ty && s.len == key.slot.len && s.words == key.slot.words
    }

    /// Remembers that the pair of `key` is valid.
    pub(super) fn insert(&mut self, key: &MemoKey) {
        self.slots[key.index] = key.slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_exact_pairs_only() {
        let mut m = ValueMemo::default();
        let has = |m: &ValueMemo, ty: u32, v: &str| key(ty, v).is_some_and(|k| m.contains(&k));
        let put = |m: &mut ValueMemo, ty: u32, v: &str| {
            if let Some(k) = key(ty, v) {
                m.insert(&k)
            }
        };
        assert!(!has(&m, 3, "0"));
        put(&mut m, 3, "0");
        put(&mut m, 3, "");
        assert!(has(&m, 3, "0") && has(&m, 3, ""));
        assert!(!has(&m, 4, "0") && !has(&m, 3, "00") && !has(&m, 3, "0\0"));
        // Values of 8, 9, 16 and 24 bytes: word edges.
        for (ty, v) in (10..).zip(["Иванов", "12345678", "123456789", "1234567812345678", "Тестовое зна", "123456781234567812345678"]) {
            put(&mut m, ty, v);
            assert!(has(&m, ty, v), "{v}");
            let mut other = v.to_string();
            other.pop();
            assert!(!has(&m, ty, &other), "{other}");
            other.push('Z');
            assert!(!has(&m, ty, &other), "{other}");
        }
        let long = "1".repeat(MAX_LEN + 1);
        put(&mut m, 3, &long);
        assert!(!has(&m, 3, &long));
        // Thousands of values: whatever is still there is exactly what was inserted.
        for i in 0..20_000 {
            put(&mut m, 7, &i.to_string());
        }
        assert!((0..20_000).filter(|i| has(&m, 7, &i.to_string())).count() > 1000);
        assert!(!has(&m, 7, "20000") && !has(&m, 8, "1"));
    }
}
