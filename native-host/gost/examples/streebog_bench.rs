//! Streebog throughput benchmark: hashes a buffer in memory and prints MB/s.
//!
//! `cargo run --release -p podpis-gost --example streebog_bench -- [MiB] [rounds]`
//!
//! Each implementation hashes the whole buffer `rounds` times, interleaved with
//! the others; the best round is reported (the build machine is shared, so the
//! best round is the least disturbed one).
use podpis_gost::digest::{
    Digest, RustCryptoStreebog256, RustCryptoStreebog512, Streebog256, Streebog512,
};
use std::time::Instant;

fn once<D: Digest>(buf: &[u8]) -> (f64, u8) {
    let t = Instant::now();
    let mut h = D::new();
    for chunk in buf.chunks(1 << 16) {
        h.update(chunk);
    }
    let out = h.finalize();
    (buf.len() as f64 / 1e6 / t.elapsed().as_secs_f64(), out[0])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(256);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let buf: Vec<u8> = (0..mib << 20)
        .map(|i| ((i as u32).wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    type Runner = fn(&[u8]) -> (f64, u8);
    let impls: [(&str, Runner); 4] = [
        ("podpis-gost Streebog256", once::<Streebog256>),
        ("podpis-gost Streebog512", once::<Streebog512>),
        ("streebog 0.10 crate 256", once::<RustCryptoStreebog256>),
        ("streebog 0.10 crate 512", once::<RustCryptoStreebog512>),
    ];
    let mut best = [0f64; 4];
    let mut first = [0u8; 4];
    for _ in 0..rounds {
        for (i, (_, run)) in impls.iter().enumerate() {
            let (mbs, b) = run(&buf);
            best[i] = best[i].max(mbs);
            first[i] = b;
        }
    }
    for (i, (name, _)) in impls.iter().enumerate() {
        println!(
            "{name:<24} {:>7.1} MB/s  (best of {rounds} x {mib} MiB; digest[0]={:02x})",
            best[i], first[i]
        );
    }
}
