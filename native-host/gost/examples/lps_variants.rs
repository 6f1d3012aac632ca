//! A/B benchmark of the LPS implementation variants (development aid).
use podpis_gost::streebog::bench_blocks;
use std::time::Instant;
fn main() {
    let buf: Vec<u8> = (0..64usize << 20).map(|i| (i * 7 + (i >> 9)) as u8).collect();
    let mut best = [0f64; 3];
    for _ in 0..4 {
        for v in 0..3 {
            let t = Instant::now();
            let r = match v {
                0 => bench_blocks::<0>(&buf),
                1 => bench_blocks::<1>(&buf),
                _ => bench_blocks::<2>(&buf),
            };
            let mbs = buf.len() as f64 / 1e6 / t.elapsed().as_secs_f64();
            best[v] = best[v].max(mbs);
            std::hint::black_box(r);
        }
    }
    println!("variant MB/s: {best:?}");
}
