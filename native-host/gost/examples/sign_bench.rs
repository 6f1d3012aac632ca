//! GOST R 34.10-2012 sign / verify timing per parameter set.
//!
//! `cargo run --release -p podpis-gost --example sign_bench -- [iterations]`
use podpis_gost::{ParamSet, PrivateKey};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::time::Instant;

fn main() {
    let iters: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut rng = StdRng::seed_from_u64(1);
    for ps in [
        ParamSet::CryptoProA,
        ParamSet::Tc26_256A,
        ParamSet::Tc26_512A,
        ParamSet::Tc26_512C,
    ] {
        let key = PrivateKey::generate(ps, &mut rng);
        let pk = key.public_key();
        let digest = ps.hash().digest(b"benchmark");
        let t = Instant::now();
        let mut sig = key.sign_digest(&digest, &mut rng);
        for _ in 1..iters {
            sig = key.sign_digest(&digest, &mut rng);
        }
        let sign_ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(iters);
        let t = Instant::now();
        for _ in 0..iters {
            pk.verify_digest(&digest, &sig).expect("valid signature");
        }
        let verify_ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(iters);
        println!("{:<14} sign {sign_ms:>7.2} ms   verify {verify_ms:>7.2} ms   ({iters} iterations)", ps.name());
    }
}
