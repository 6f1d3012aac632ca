//! A plain, non-constant-time software GOST R 34.10-2012 implementation on
//! `num-bigint` (Jacobian coordinates). Used when the crate is built without
//! the `podpis-gost` feature, and as an independent cross-check of
//! `podpis-gost` in the unit tests. Good enough for a TEST DOUBLE; never for
//! real keys.

use num_bigint::BigUint;
use num_traits::{One, Zero};
use rand::RngCore;

use super::{GostEngine, ParamSet};
use crate::error::{Result, TokenError};

/// The software engine.
#[derive(Debug, Default, Clone, Copy)]
pub struct SoftEngine;

struct Curve {
    p: BigUint,
    a: BigUint,
    b: BigUint,
    q: BigUint,
    g: Affine,
}

#[derive(Clone, Debug, PartialEq)]
struct Affine {
    x: BigUint,
    y: BigUint,
}

#[derive(Clone)]
struct Jacobian {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

fn hex_uint(s: &str) -> Result<BigUint> {
    BigUint::parse_bytes(s.as_bytes(), 16).ok_or_else(|| TokenError::InvalidKey(format!("bad constant {s}")))
}

/// Big-endian fixed-length encoding.
fn to_be(v: &BigUint, len: usize) -> Vec<u8> {
    let raw = v.to_bytes_be();
    let mut out = vec![0u8; len.saturating_sub(raw.len())];
    out.extend_from_slice(&raw[raw.len().saturating_sub(len)..]);
    out
}

fn to_le(v: &BigUint, len: usize) -> Vec<u8> {
    let mut out = to_be(v, len);
    out.reverse();
    out
}

impl Curve {
    fn new(ps: &ParamSet) -> Result<Self> {
        Ok(Curve {
            p: hex_uint(ps.p)?,
            a: hex_uint(ps.a)?,
            b: hex_uint(ps.b)?,
            q: hex_uint(ps.q)?,
            g: Affine { x: hex_uint(ps.x)?, y: hex_uint(ps.y)? },
        })
    }

    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        ((a + &self.p) - (b % &self.p)) % &self.p
    }

    fn mul(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a * b) % &self.p
    }

    fn on_curve(&self, pt: &Affine) -> bool {
        let lhs = self.mul(&pt.y, &pt.y);
        let rhs = (self.mul(&self.mul(&pt.x, &pt.x), &pt.x) + self.mul(&self.a, &pt.x) + &self.b) % &self.p;
        lhs == rhs
    }

    fn infinity() -> Jacobian {
        Jacobian { x: BigUint::one(), y: BigUint::one(), z: BigUint::zero() }
    }

    fn double(&self, pt: &Jacobian) -> Jacobian {
        if pt.z.is_zero() || pt.y.is_zero() {
            return Self::infinity();
        }
        let xx = self.mul(&pt.x, &pt.x);
        let yy = self.mul(&pt.y, &pt.y);
        let yyyy = self.mul(&yy, &yy);
        let zz = self.mul(&pt.z, &pt.z);
        let s = self.mul(&(BigUint::from(4u8) * &pt.x % &self.p), &yy);
        let m = (BigUint::from(3u8) * xx + self.mul(&self.a, &self.mul(&zz, &zz))) % &self.p;
        let x3 = self.sub(&self.mul(&m, &m), &(BigUint::from(2u8) * &s % &self.p));
        let y3 = self.sub(&self.mul(&m, &self.sub(&s, &x3)), &(BigUint::from(8u8) * yyyy % &self.p));
        let z3 = self.mul(&(BigUint::from(2u8) * &pt.y % &self.p), &pt.z);
        Jacobian { x: x3, y: y3, z: z3 }
    }

    fn add(&self, p1: &Jacobian, p2: &Jacobian) -> Jacobian {
        if p1.z.is_zero() {
            return p2.clone();
        }
        if p2.z.is_zero() {
            return p1.clone();
        }
        let z1z1 = self.mul(&p1.z, &p1.z);
        let z2z2 = self.mul(&p2.z, &p2.z);
        let u1 = self.mul(&p1.x, &z2z2);
        let u2 = self.mul(&p2.x, &z1z1);
        let s1 = self.mul(&p1.y, &self.mul(&p2.z, &z2z2));
        let s2 = self.mul(&p2.y, &self.mul(&p1.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 { self.double(p1) } else { Self::infinity() };
        }
        let h = self.sub(&u2, &u1);
        let r = self.sub(&s2, &s1);
        let hh = self.mul(&h, &h);
        let hhh = self.mul(&hh, &h);
        let u1hh = self.mul(&u1, &hh);
        let x3 = self.sub(&self.sub(&self.mul(&r, &r), &hhh), &(BigUint::from(2u8) * &u1hh % &self.p));
        let y3 = self.sub(&self.mul(&r, &self.sub(&u1hh, &x3)), &self.mul(&s1, &hhh));
        let z3 = self.mul(&h, &self.mul(&p1.z, &p2.z));
        Jacobian { x: x3, y: y3, z: z3 }
    }

    fn scalar_mul(&self, k: &BigUint, pt: &Affine) -> Jacobian {
        let base = Jacobian { x: pt.x.clone(), y: pt.y.clone(), z: BigUint::one() };
        let mut acc = Self::infinity();
        for i in (0..k.bits()).rev() {
            acc = self.double(&acc);
            if k.bit(i) {
                acc = self.add(&acc, &base);
            }
        }
        acc
    }

    fn to_affine(&self, pt: &Jacobian) -> Option<Affine> {
        if pt.z.is_zero() {
            return None;
        }
        let zinv = pt.z.modpow(&(&self.p - 2u8), &self.p);
        let zinv2 = self.mul(&zinv, &zinv);
        Some(Affine { x: self.mul(&pt.x, &zinv2), y: self.mul(&pt.y, &self.mul(&zinv2, &zinv)) })
    }

    fn private_scalar(&self, private_le: &[u8]) -> Result<BigUint> {
        let d = BigUint::from_bytes_le(private_le) % &self.q;
        if d.is_zero() {
            return Err(TokenError::InvalidKey("private key is zero modulo q".into()));
        }
        Ok(d)
    }
}

impl GostEngine for SoftEngine {
    fn public_key(&self, params: &ParamSet, private_le: &[u8]) -> Result<Vec<u8>> {
        let c = Curve::new(params)?;
        let d = c.private_scalar(private_le)?;
        let q = c.to_affine(&c.scalar_mul(&d, &c.g)).ok_or_else(|| TokenError::InvalidKey("public key at infinity".into()))?;
        let mut out = to_le(&q.x, params.len());
        out.extend(to_le(&q.y, params.len()));
        Ok(out)
    }

    fn sign_digest(&self, params: &ParamSet, private_le: &[u8], digest: &[u8]) -> Result<Vec<u8>> {
        let c = Curve::new(params)?;
        let d = c.private_scalar(private_le)?;
        let mut e = BigUint::from_bytes_le(digest) % &c.q;
        if e.is_zero() {
            e = BigUint::one();
        }
        let mut rng = rand::thread_rng();
        loop {
            let mut kb = vec![0u8; params.len() + 8];
            rng.fill_bytes(&mut kb);
            let k = BigUint::from_bytes_be(&kb) % &c.q;
            if k.is_zero() {
                continue;
            }
            let Some(pt) = c.to_affine(&c.scalar_mul(&k, &c.g)) else { continue };
            let r = pt.x % &c.q;
            if r.is_zero() {
                continue;
            }
            let s = (&r * &d + &k * &e) % &c.q;
            if s.is_zero() {
                continue;
            }
            let mut out = to_be(&s, params.len());
            out.extend(to_be(&r, params.len()));
            return Ok(out);
        }
    }

    fn verify_digest(&self, params: &ParamSet, public_xy_le: &[u8], digest: &[u8], signature: &[u8]) -> Result<bool> {
        let c = Curve::new(params)?;
        let l = params.len();
        if public_xy_le.len() != 2 * l || signature.len() != 2 * l {
            return Ok(false);
        }
        let qpt = Affine { x: BigUint::from_bytes_le(&public_xy_le[..l]), y: BigUint::from_bytes_le(&public_xy_le[l..]) };
        if !c.on_curve(&qpt) {
            return Ok(false);
        }
        let s = BigUint::from_bytes_be(&signature[..l]);
        let r = BigUint::from_bytes_be(&signature[l..]);
        if r.is_zero() || s.is_zero() || r >= c.q || s >= c.q {
            return Ok(false);
        }
        let mut e = BigUint::from_bytes_le(digest) % &c.q;
        if e.is_zero() {
            e = BigUint::one();
        }
        let v = e.modpow(&(&c.q - 2u8), &c.q);
        let z1 = (&s * &v) % &c.q;
        let z2 = (&c.q - (&r * &v) % &c.q) % &c.q;
        let sum = c.add(&c.scalar_mul(&z1, &c.g), &c.scalar_mul(&z2, &qpt));
        Ok(c.to_affine(&sum).map(|pt| pt.x % &c.q == r).unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::PARAM_SETS;

    #[test]
    fn every_param_set_is_consistent() {
        for ps in PARAM_SETS {
            let c = Curve::new(ps).unwrap();
            assert!(c.on_curve(&c.g), "G not on curve for {}", ps.name);
            assert!(c.to_affine(&c.scalar_mul(&c.q, &c.g)).is_none(), "q*G != O for {}", ps.name);
        }
    }

    #[test]
    fn sign_verify_roundtrip() {
        for ps in PARAM_SETS {
            let key: Vec<u8> = (1..=ps.len() as u8).collect();
            let public = SoftEngine.public_key(ps, &key).unwrap();
            let digest = vec![0x5a; ps.len()];
            let sig = SoftEngine.sign_digest(ps, &key, &digest).unwrap();
            assert!(SoftEngine.verify_digest(ps, &public, &digest, &sig).unwrap());
            let mut bad = digest.clone();
            bad[0] ^= 1;
            assert!(!SoftEngine.verify_digest(ps, &public, &bad, &sig).unwrap());
        }
    }
}
