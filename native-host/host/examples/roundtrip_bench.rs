//! Round-trip latency of `status` through a piped `podpis-host`, against
//! a minimal echo host in C (`benches/echo_host.c`, compiled with `cc`).
//!
//! ```text
//! cargo build --release -p podpis-host
//! cargo run --release -p podpis-host --example roundtrip_bench [-- N]
//! ```
//! Prints p50/p99/mean for both and their ratio. Not a test.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Piped {
    child: Child,
}

impl Piped {
    fn round_trip(&mut self, payload: &[u8]) -> Vec<u8> {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        let mut frame = (payload.len() as u32).to_ne_bytes().to_vec();
        frame.extend_from_slice(payload);
        stdin.write_all(&frame).expect("write");
        stdin.flush().expect("flush");
        let stdout = self.child.stdout.as_mut().expect("stdout");
        let mut len = [0u8; 4];
        stdout.read_exact(&mut len).expect("read length");
        let mut body = vec![0u8; u32::from_ne_bytes(len) as usize];
        stdout.read_exact(&mut body).expect("read body");
        body
    }
}

fn spawn(cmd: &mut Command) -> Piped {
    let child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn");
    Piped { child }
}

fn measure(p: &mut Piped, n: usize, mut payload: impl FnMut(u64) -> Vec<u8>) -> Vec<Duration> {
    for i in 0..200 {
        p.round_trip(&payload(i));
    }
    (0..n as u64)
        .map(|i| {
            let msg = payload(1_000 + i);
            let t = Instant::now();
            let r = p.round_trip(&msg);
            let d = t.elapsed();
            assert!(!r.is_empty());
            d
        })
        .collect()
}

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mean = v.iter().map(|d| us(*d)).sum::<f64>() / v.len() as f64;
    (us(v[v.len() / 2]), us(v[(v.len() * 99) / 100]), mean)
}

fn host_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // target/<profile>/examples/roundtrip_bench → target/<profile>/podpis-host
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    dir.join("podpis-host")
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let tmp = std::env::temp_dir().join(format!("podpis-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("tmp");
    let cfg = tmp.join("config.toml");
    std::fs::write(&cfg, "probe_modules = false\n").expect("config");

    let host = host_binary();
    assert!(host.exists(), "build the host first: cargo build --release -p podpis-host");
    let mut h = spawn(Command::new(&host).env("PODPIS_CONFIG", &cfg).env("PODPIS_MODULES", "").env("PODPIS_LOG", "error"));
    h.round_trip(br#"{"id":1,"origin":"https://lk.example.ru","command":"hello","args":{"protocol":"1.0"}}"#);
    let status = |i: u64| format!(r#"{{"id":{i},"origin":"https://lk.example.ru","command":"status"}}"#).into_bytes();
    let host_times = measure(&mut h, n, status);
    drop(h.child.stdin.take());
    let _ = h.child.wait();

    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/echo_host.c");
    let echo = tmp.join("echo_host");
    let cc = Command::new("cc").args(["-O2", "-o"]).arg(&echo).arg(&src).status();
    if !cc.map(|s| s.success()).unwrap_or(false) {
        eprintln!("cc failed; cannot build the echo baseline");
        std::process::exit(1);
    }
    let mut e = spawn(&mut Command::new(&echo));
    let echo_times = measure(&mut e, n, status);
    drop(e.child.stdin.take());
    let _ = e.child.wait();
    let _ = std::fs::remove_dir_all(&tmp);

    let (hp50, hp99, hmean) = stats(host_times);
    let (ep50, ep99, emean) = stats(echo_times);
    println!("requests: {n} sequential round trips (after 200 warm-up)");
    println!("podpis-host status : p50 {hp50:8.1} µs  p99 {hp99:8.1} µs  mean {hmean:8.1} µs");
    println!("C echo host        : p50 {ep50:8.1} µs  p99 {ep99:8.1} µs  mean {emean:8.1} µs");
    println!("ratio host/echo    : p50 {:.2}x  p99 {:.2}x", hp50 / ep50, hp99 / ep99);
}
