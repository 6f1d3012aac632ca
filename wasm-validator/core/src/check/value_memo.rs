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
    bytes: [u8; MAX_LEN],
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

/// The value zero-padded to [`MAX_LEN`] bytes and its slot; None when too long.
fn key(ty: u32, value: &str) -> Option<([u8; MAX_LEN], usize)> {
    let v = value.as_bytes();
    if v.len() > MAX_LEN {
        return None;
    }
    let mut bytes = [0u8; MAX_LEN];
    bytes[..v.len()].copy_from_slice(v);
    let mut h = (ty as u64) << 8 | v.len() as u64;
    for w in bytes.chunks_exact(8) {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        h = (h ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    Some((bytes, (h as usize) & (SLOTS - 1)))
}

impl ValueMemo {
    /// Was `value` found valid for type `ty` (and remembered)?
    pub(super) fn contains(&self, ty: u32, value: &str) -> bool {
        let Some((bytes, i)) = key(ty, value) else { return false };
        let s = &self.slots[i];
        s.ty == ty.wrapping_add(1) && s.len as usize == value.len() && s.bytes == bytes
    }

    /// Remembers that `value` is valid for type `ty`.
    pub(super) fn insert(&mut self, ty: u32, value: &str) {
        if let Some((bytes, i)) = key(ty, value) {
            self.slots[i] = Slot { ty: ty.wrapping_add(1), len: value.len() as u8, bytes };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_exact_pairs_only() {
        let mut m = ValueMemo::default();
        assert!(!m.contains(3, "0"));
        m.insert(3, "0");
        m.insert(3, "");
        assert!(m.contains(3, "0") && m.contains(3, ""));
        assert!(!m.contains(4, "0") && !m.contains(3, "00") && !m.contains(3, "0\0"));
        let long = "1".repeat(MAX_LEN + 1);
        m.insert(3, &long);
        assert!(!m.contains(3, &long));
        // Thousands of values: whatever is still there is exactly what was inserted.
        for i in 0..20_000 {
            m.insert(7, &i.to_string());
        }
        assert!((0..20_000).filter(|i| m.contains(7, &i.to_string())).count() > 1000);
        assert!(!m.contains(7, "20000") && !m.contains(8, "1"));
    }
}
