//! Native half of `scripts/bench-streebog.sh`: hashes a file in 1 MiB reads
//! with Streebog-256 and prints the digest (hex) and the hashing time.
//!
//! `bench_streebog FILE [podpis-digest|podpis-gost]`
//!
//! * `podpis-digest`: `podpis_digest::Hasher`, the code the host and the WASM
//!   module run (currently RustCrypto `streebog` 0.10 inside).
//! * `podpis-gost`: `podpis_gost::digest::Streebog256`, the table-driven one.
// Native only (`cargo test --target wasm32-unknown-unknown` still builds examples).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fs::File;
    use std::io::Read;
    use std::process::ExitCode;
    use std::time::Instant;

    use podpis_digest::{DigestAlgorithm, Hasher};
    use podpis_gost::digest::{Digest as _, Streebog256};

    const CHUNK: usize = 1 << 20;

    fn run(path: &str, which: &str) -> std::io::Result<(Vec<u8>, u64, f64)> {
        let mut file = File::open(path)?;
        let mut buf = vec![0u8; CHUNK];
        let mut total = 0u64;
        let start = Instant::now();
        let out = match which {
            "podpis-gost" => {
                let mut h = Streebog256::new();
                loop {
                    let n = file.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    total += n as u64;
                    h.update(&buf[..n]);
                }
                h.finalize().to_vec()
            }
            _ => {
                let mut h = Hasher::new(DigestAlgorithm::Streebog256);
                loop {
                    let n = file.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    total += n as u64;
                    h.update(&buf[..n]);
                }
                h.finalize()
            }
        };
        Ok((out, total, start.elapsed().as_secs_f64()))
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let Some(path) = args.first() else {
            eprintln!("usage: bench_streebog FILE [podpis-digest|podpis-gost]");
            return ExitCode::from(2);
        };
        let which = args.get(1).map(String::as_str).unwrap_or("podpis-digest");
        if !matches!(which, "podpis-digest" | "podpis-gost") {
            eprintln!("unknown implementation {which}");
            return ExitCode::from(2);
        }
        match run(path, which) {
            Ok((out, total, secs)) => {
                let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
                println!("{hex} {total} {secs:.3}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                ExitCode::FAILURE
            }
        }
    }
}
