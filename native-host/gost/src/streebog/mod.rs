//! Table-driven GOST R 34.11-2012 (Streebog) implementation.
//!
//! The 512-bit state is kept as eight little-endian `u64` words (word 0 holds
//! bytes 0..8 of the byte string, i.e. the least significant bits of the
//! standard's 512-bit vector). The composition `L∘P∘S` is evaluated with eight
//! precomputed tables of 256 `u64` each (16 KiB), built at compile time from
//! `Pi` and `A`: output word `k` is `⊕_m T[m][byte k of word m]`. Half of the
//! table indices are read as bytes from memory and half are extracted from
//! registers by shifts, which measured ~10% faster than either alone (load
//! ports and ALU ports are both busy; see docs/benchmarks.md).
//!
//! No OS dependencies: only `core` arithmetic, usable on `wasm32`.

mod consts;

use consts::{A, C, PI};
use digest::{
    block_buffer::Eager,
    consts::{U32, U64},
    core_api::{
        AlgorithmName, Block, BlockSizeUser, Buffer, BufferKindUser, CoreWrapper, FixedOutputCore,
        OutputSizeUser, UpdateCore,
    },
    HashMarker, Output, Reset,
};

/// `T[m][x]`: contribution of byte `x` in byte position `m` of a 64-bit row to
/// `l(S(·))`. Bit `8m + t` of a row selects matrix row `A[63 - 8m - t]`.
const TABLE: [[u64; 256]; 8] = build_table();

const fn build_table() -> [[u64; 256]; 8] {
    let mut t = [[0u64; 256]; 8];
    let mut m = 0;
    while m < 8 {
        let mut x = 0;
        while x < 256 {
            let s = PI[x];
            let mut acc = 0u64;
            let mut bit = 0;
            while bit < 8 {
                if (s >> bit) & 1 == 1 {
                    acc ^= A[63 - 8 * m - bit];
                }
                bit += 1;
            }
            t[m][x] = acc;
            x += 1;
        }
        m += 1;
    }
    t
}

/// `LPS(a ⊕ b)`.
#[inline(always)]
fn lps_xor(a: &[u64; 8], b: &[u64; 8]) -> [u64; 8] {
    let mut x = [0u64; 8];
    for i in 0..8 {
        x[i] = a[i] ^ b[i];
    }
    let mut out = [0u64; 8];
    mixed::<4>(&x, &mut out);
    out
}

/// Mixed LPS: words `0..G` gathered through byte loads, words `G..8` scattered
/// through register shifts, balancing load ports against ALU ports.
#[inline(always)]
fn mixed<const G: usize>(x: &[u64; 8], out: &mut [u64; 8]) {
    let mut bytes = [0u8; 64];
    for (i, w) in x[..G].iter().enumerate() {
        bytes[8 * i..8 * i + 8].copy_from_slice(&w.to_le_bytes());
    }
    for (k, o) in out.iter_mut().enumerate() {
        let mut acc = 0u64;
        for m in 0..G {
            acc ^= TABLE[m][bytes[8 * m + k] as usize];
        }
        *o = acc;
    }
    for (m, &word) in x.iter().enumerate().skip(G) {
        let t = &TABLE[m];
        let mut w = word;
        let mut k = 0;
        while k < 8 {
            let pair = w as u16;
            out[k] ^= t[(pair & 0xff) as usize];
            out[k + 1] ^= t[(pair >> 8) as usize];
            w >>= 16;
            k += 2;
        }
    }
}

/// Compression function `g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m`.
#[inline(always)]
fn g(h: &mut [u64; 8], n: &[u64; 8], m: &[u64; 8]) {
    let mut key = lps_xor(h, n);
    let mut state = *m;
    for c in C.iter() {
        state = lps_xor(&state, &key);
        key = lps_xor(&key, c);
    }
    for i in 0..8 {
        h[i] ^= state[i] ^ key[i] ^ m[i];
    }
}

/// 512-bit little-endian addition `a += b (mod 2^512)`.
#[inline(always)]
fn add512(a: &mut [u64; 8], b: &[u64; 8]) {
    let mut carry = false;
    for i in 0..8 {
        let (s1, c1) = a[i].overflowing_add(b[i]);
        let (s2, c2) = s1.overflowing_add(carry as u64);
        a[i] = s2;
        carry = c1 | c2;
    }
}

fn words(block: &[u8]) -> [u64; 8] {
    let mut w = [0u64; 8];
    for (i, chunk) in block.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        w[i] = u64::from_le_bytes(b);
    }
    w
}

/// Streebog state shared by both output sizes.
#[derive(Clone)]
struct State {
    h: [u64; 8],
    n: [u64; 8],
    sigma: [u64; 8],
}

impl State {
    fn new(iv_byte: u8) -> Self {
        State { h: [u64::from_ne_bytes([iv_byte; 8]); 8], n: [0; 8], sigma: [0; 8] }
    }

    /// Stage 2 of the standard for one full 512-bit block.
    #[inline(always)]
    fn block(&mut self, block: &[u8]) {
        let m = words(block);
        g(&mut self.h, &self.n, &m);
        add512(&mut self.n, &[512, 0, 0, 0, 0, 0, 0, 0]);
        add512(&mut self.sigma, &m);
    }

    /// Stage 3: pads the final (possibly empty) partial block and finishes.
    fn finish(&mut self, tail: &[u8]) -> [u8; 64] {
        let mut padded = [0u8; 64];
        padded[..tail.len()].copy_from_slice(tail);
        padded[tail.len()] = 1;
        let m = words(&padded);
        g(&mut self.h, &self.n, &m);
        add512(&mut self.n, &[(tail.len() as u64) * 8, 0, 0, 0, 0, 0, 0, 0]);
        add512(&mut self.sigma, &m);
        let zero = [0u64; 8];
        let (n, sigma) = (self.n, self.sigma);
        g(&mut self.h, &zero, &n);
        g(&mut self.h, &zero, &sigma);
        let mut out = [0u8; 64];
        for (i, w) in self.h.iter().enumerate() {
            out[8 * i..8 * i + 8].copy_from_slice(&w.to_le_bytes());
        }
        out
    }
}

macro_rules! streebog_core {
    ($core:ident, $wrapper:ident, $out:ty, $iv:expr, $range:expr, $name:expr, $doc:expr) => {
        #[doc = concat!("Block-level core of [`", stringify!($wrapper), "`].")]
        #[derive(Clone)]
        pub struct $core(State);

        impl Default for $core {
            fn default() -> Self {
                $core(State::new($iv))
            }
        }
        impl HashMarker for $core {}
        impl BlockSizeUser for $core {
            type BlockSize = U64;
        }
        impl BufferKindUser for $core {
            type BufferKind = Eager;
        }
        impl OutputSizeUser for $core {
            type OutputSize = $out;
        }
        impl UpdateCore for $core {
            #[inline]
            fn update_blocks(&mut self, blocks: &[Block<Self>]) {
                for b in blocks {
                    self.0.block(b);
                }
            }
        }
        impl FixedOutputCore for $core {
            fn finalize_fixed_core(&mut self, buffer: &mut Buffer<Self>, out: &mut Output<Self>) {
                let full = self.0.finish(buffer.get_data());
                out.copy_from_slice(&full[$range]);
            }
        }
        impl Reset for $core {
            fn reset(&mut self) {
                *self = Self::default();
            }
        }
        impl AlgorithmName for $core {
            fn write_alg_name(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str($name)
            }
        }
        impl core::fmt::Debug for $core {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($core), " { .. }"))
            }
        }

        #[doc = $doc]
        pub type $wrapper = CoreWrapper<$core>;
    };
}

streebog_core!(
    Streebog256Core,
    Streebog256,
    U32,
    0x01,
    32..64,
    "Streebog256",
    "Streebog-256 (table-driven, this crate). Implements `digest::Digest`; output byte order as OpenSSL prints it."
);
streebog_core!(
    Streebog512Core,
    Streebog512,
    U64,
    0x00,
    0..64,
    "Streebog512",
    "Streebog-512 (table-driven, this crate). Implements `digest::Digest`; output byte order as OpenSSL prints it."
);
