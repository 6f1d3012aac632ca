//! The fuzz target's body (`podpis_host::framing::fuzz_one`) on stable:
//! random and mutated frame streams must never panic. The real fuzzing
//! runs with `cargo +nightly fuzz run frames` in `native-host/host/fuzz`.

use rand::{Rng, RngCore, SeedableRng};

fn seeds() -> Vec<Vec<u8>> {
    let reqs: [&[u8]; 4] = [
        br#"{"id":1,"origin":"https://a.ru","command":"status"}"#,
        br#"{"id":2,"origin":"https://a.ru","command":"hello","args":{"protocol":"1.0"}}"#,
        br#"{"id":3,"origin":"https://a.ru","command":"sign","args":{"certificate":"ab","input":{"type":"digest","digest":"AA=="},"format":"raw","consent":null}}"#,
        br#"{"id":4,"origin":"https://a.ru","command":"stream-chunk","args":{"stream":"x","data":"AAEC"}}"#,
    ];
    reqs.iter()
        .map(|r| {
            let mut f = (r.len() as u32).to_ne_bytes().to_vec();
            f.extend_from_slice(r);
            f
        })
        .collect()
}

#[test]
fn random_and_mutated_frames_never_panic() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x9d0d_1c5);
    let seeds = seeds();
    for i in 0..20_000 {
        let mut data = if i % 4 == 0 {
            let mut d = vec![0u8; rng.gen_range(0..256)];
            rng.fill_bytes(&mut d);
            d
        } else {
            let mut d: Vec<u8> = Vec::new();
            for _ in 0..rng.gen_range(1..4) {
                d.extend_from_slice(&seeds[rng.gen_range(0..seeds.len())]);
            }
            d
        };
        for _ in 0..rng.gen_range(0..8) {
            if data.is_empty() {
                break;
            }
            let at = rng.gen_range(0..data.len());
            match rng.gen_range(0..4) {
                0 => data[at] = rng.gen(),
                1 => {
                    data.remove(at);
                }
                2 => data.insert(at, *b"{}[]\",:0\\\xff".get(rng.gen_range(0..11)).unwrap_or(&0)),
                _ => data.truncate(at),
            }
        }
        podpis_host::framing::fuzz_one(&data);
    }
}
