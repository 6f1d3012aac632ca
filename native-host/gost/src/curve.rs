//! Prime-field elliptic curve arithmetic (short Weierstrass form) on
//! `num-bigint`. Simple and correct, **not constant-time**: fine for signature
//! verification (public data) and for signing with test keys only.

use num_bigint::BigUint;
use num_traits::{One, Zero};

/// An affine point `(x, y)`; the point at infinity is represented separately
/// by `Option::None` where it can occur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffinePoint {
    /// x coordinate, reduced mod p.
    pub x: BigUint,
    /// y coordinate, reduced mod p.
    pub y: BigUint,
}

/// Curve `y² = x³ + a·x + b (mod p)` with base point `P = (x, y)` of prime
/// order `q` and the given cofactor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curve {
    /// Field prime.
    pub p: BigUint,
    /// Coefficient a.
    pub a: BigUint,
    /// Coefficient b.
    pub b: BigUint,
    /// Order of the base-point subgroup.
    pub q: BigUint,
    /// Base point.
    pub base: AffinePoint,
    /// Cofactor `#E / q` (1 or 4 for the standard sets).
    pub cofactor: u32,
    /// Scalar / coordinate length in bytes (32 or 64).
    pub byte_len: usize,
}

/// Jacobian point `(X : Y : Z)` ↔ affine `(X/Z², Y/Z³)`; `Z = 0` is infinity.
#[derive(Clone, Debug)]
struct Jacobian {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

fn hex(s: &str) -> BigUint {
    // Only called on the compile-time constants of `params`.
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap_or_default()
}

impl Curve {
    /// Builds a curve from big-endian hex strings (used by `params`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_hex(
        p: &str,
        a: &str,
        b: &str,
        q: &str,
        x: &str,
        y: &str,
        cofactor: u32,
        byte_len: usize,
    ) -> Curve {
        Curve {
            p: hex(p),
            a: hex(a),
            b: hex(b),
            q: hex(q),
            base: AffinePoint { x: hex(x), y: hex(y) },
            cofactor,
            byte_len,
        }
    }

    fn add_mod(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a + b) % &self.p
    }

    fn sub_mod(&self, a: &BigUint, b: &BigUint) -> BigUint {
        ((a + &self.p) - (b % &self.p)) % &self.p
    }

    fn mul_mod(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a * b) % &self.p
    }

    /// Inverse mod the field prime (Fermat); `a` must be non-zero.
    fn inv_mod(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.p - 2u32), &self.p)
    }

    /// True if `pt` satisfies the curve equation with coordinates in `[0, p)`.
    pub fn is_on_curve(&self, pt: &AffinePoint) -> bool {
        if pt.x >= self.p || pt.y >= self.p {
            return false;
        }
        let lhs = self.mul_mod(&pt.y, &pt.y);
        let x2 = self.mul_mod(&pt.x, &pt.x);
        let rhs = (self.mul_mod(&x2, &pt.x) + self.mul_mod(&self.a, &pt.x) + &self.b) % &self.p;
        lhs == rhs
    }

    fn to_jacobian(pt: &AffinePoint) -> Jacobian {
        Jacobian { x: pt.x.clone(), y: pt.y.clone(), z: BigUint::one() }
    }

    fn infinity() -> Jacobian {
        Jacobian { x: BigUint::one(), y: BigUint::one(), z: BigUint::zero() }
    }

    fn to_affine(&self, j: &Jacobian) -> Option<AffinePoint> {
        if j.z.is_zero() {
            return None;
        }
        let zi = self.inv_mod(&j.z);
        let zi2 = self.mul_mod(&zi, &zi);
        let zi3 = self.mul_mod(&zi2, &zi);
        Some(AffinePoint { x: self.mul_mod(&j.x, &zi2), y: self.mul_mod(&j.y, &zi3) })
    }

    fn double(&self, pt: &Jacobian) -> Jacobian {
        if pt.z.is_zero() || pt.y.is_zero() {
            return Curve::infinity();
        }
        let xx = self.mul_mod(&pt.x, &pt.x);
        let yy = self.mul_mod(&pt.y, &pt.y);
        let yyyy = self.mul_mod(&yy, &yy);
        let zz = self.mul_mod(&pt.z, &pt.z);
        let s = self.mul_mod(&(&pt.x * 4u32), &yy);
        let m = self.add_mod(&(xx * 3u32), &self.mul_mod(&self.a, &self.mul_mod(&zz, &zz)));
        let x3 = self.sub_mod(&self.mul_mod(&m, &m), &(&s * 2u32));
        let y3 = self.sub_mod(&self.mul_mod(&m, &self.sub_mod(&s, &x3)), &(yyyy * 8u32));
        let z3 = self.mul_mod(&(&pt.y * 2u32), &pt.z);
        Jacobian { x: x3, y: y3, z: z3 }
    }

    fn add(&self, p1: &Jacobian, p2: &Jacobian) -> Jacobian {
        if p1.z.is_zero() {
            return p2.clone();
        }
        if p2.z.is_zero() {
            return p1.clone();
        }
        let z1z1 = self.mul_mod(&p1.z, &p1.z);
        let z2z2 = self.mul_mod(&p2.z, &p2.z);
        let u1 = self.mul_mod(&p1.x, &z2z2);
        let u2 = self.mul_mod(&p2.x, &z1z1);
        let s1 = self.mul_mod(&p1.y, &self.mul_mod(&p2.z, &z2z2));
        let s2 = self.mul_mod(&p2.y, &self.mul_mod(&p1.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 { self.double(p1) } else { Curve::infinity() };
        }
        let h = self.sub_mod(&u2, &u1);
        let r = self.sub_mod(&s2, &s1);
        let hh = self.mul_mod(&h, &h);
        let hhh = self.mul_mod(&hh, &h);
        let v = self.mul_mod(&u1, &hh);
        let x3 = self.sub_mod(&self.sub_mod(&self.mul_mod(&r, &r), &hhh), &(&v * 2u32));
        let y3 = self.sub_mod(&self.mul_mod(&r, &self.sub_mod(&v, &x3)), &self.mul_mod(&s1, &hhh));
        let z3 = self.mul_mod(&h, &self.mul_mod(&p1.z, &p2.z));
        Jacobian { x: x3, y: y3, z: z3 }
    }

    /// `k·pt` (left-to-right double-and-add, variable time). `None` = infinity.
    pub fn mul(&self, pt: &AffinePoint, k: &BigUint) -> Option<AffinePoint> {
        let base = Curve::to_jacobian(pt);
        let mut acc = Curve::infinity();
        for i in (0..k.bits()).rev() {
            acc = self.double(&acc);
            if k.bit(i) {
                acc = self.add(&acc, &base);
            }
        }
        self.to_affine(&acc)
    }

    /// `k1·P1 + k2·P2` with a shared doubling chain (Shamir's trick).
    pub fn mul_add(
        &self,
        p1: &AffinePoint,
        k1: &BigUint,
        p2: &AffinePoint,
        k2: &BigUint,
    ) -> Option<AffinePoint> {
        let j1 = Curve::to_jacobian(p1);
        let j2 = Curve::to_jacobian(p2);
        let j12 = self.add(&j1, &j2);
        let mut acc = Curve::infinity();
        for i in (0..k1.bits().max(k2.bits())).rev() {
            acc = self.double(&acc);
            match (k1.bit(i), k2.bit(i)) {
                (true, true) => acc = self.add(&acc, &j12),
                (true, false) => acc = self.add(&acc, &j1),
                (false, true) => acc = self.add(&acc, &j2),
                (false, false) => {}
            }
        }
        self.to_affine(&acc)
    }

    /// `k·P` for the base point `P`.
    pub fn mul_base(&self, k: &BigUint) -> Option<AffinePoint> {
        self.mul(&self.base, k)
    }
}

#[cfg(test)]
mod tests {
    use crate::params::ParamSet;
    use num_bigint::BigUint;

    #[test]
    fn base_points_are_on_their_curves_and_have_order_q() {
        for ps in ParamSet::ALL {
            let c = ps.curve();
            let bits = c.p.bits() as usize;
            assert!(bits <= c.byte_len * 8 && bits > c.byte_len * 8 - 8, "{ps}: p size {bits}");
            assert!(c.is_on_curve(&c.base), "{ps}: base point not on curve");
            assert_eq!(c.mul_base(&c.q), None, "{ps}: q·P != O");
            let q1 = &c.q - 1u32;
            let minus_p = c.mul_base(&q1).expect("(q-1)P is finite");
            assert_eq!(minus_p.x, c.base.x, "{ps}: (q-1)P != -P");
            assert_eq!((&minus_p.y + &c.base.y) % &c.p, BigUint::from(0u32), "{ps}");
        }
    }

    #[test]
    fn shamir_matches_separate_multiplications() {
        let c = ParamSet::CryptoProA.curve();
        let k1 = BigUint::from(123456789u64);
        let k2 = BigUint::from(987654321u64);
        let p2 = c.mul_base(&BigUint::from(77u32)).unwrap();
        let direct = c.mul_base(&(&k1 + &k2 * 77u32));
        assert_eq!(c.mul_add(&c.base, &k1, &p2, &k2), direct);
    }
}
