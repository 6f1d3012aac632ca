//! Streebog throughput benchmark: hashes a buffer in memory and prints MB/s.
//!
//! `cargo run --release -p podpis-gost --example streebog_bench -- [MiB] [rounds]`
//!
//! Each implementation hashes the whole buffer `rounds` times, interleaved with
//! the others; the best round is reported. Time is CPU time of this thread
//! (`/proc/thread-self/schedstat`, like `openssl speed` which also reports
//! CPU time), falling back to wall-clock time where that file is absent, so
//! other load on the shared machine does not skew the comparison.
use podpis_gost::digest::{
    Digest, RustCryptoStreebog256, RustCryptoStreebog512, Streebog256, Streebog512,
};
use std::time::Instant;

/// Nanoseconds this thread has run on a CPU, if the kernel tells us.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn once<D: Digest>(buf: &[u8]) -> (f64, u8) {
    let (t, c) = (Instant::now(), cpu_ns());
    let mut h = D::new();
    for chunk in buf.chunks(1 << 16) {
        h.update(chunk);
    }
    let out = h.finalize();
    let secs = match (c, cpu_ns()) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
        _ => t.elapsed().as_secs_f64(),
    };
    (buf.len() as f64 / 1e6 / secs, out[0])
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
