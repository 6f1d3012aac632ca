#!/usr/bin/env bash
# Streebog-256 throughput over one file (default 1 GiB), read in 1 MiB chunks:
#   openssl       `openssl dgst -md_gost12_256` with the gost engine (reference)
#   podpis-digest native podpis_digest::Hasher (what the host and WASM run)
#   podpis-gost   native podpis-gost table-driven Streebog256
#   wasm-node     the WASM module (pkg/nodejs, wasm-opt'd) under node
# Each is run RUNS times (interleaved); prints per-run numbers, then the median
# MB/s (1 MB = 10^6 bytes) by CPU time (user+sys of the process, robust on a
# shared machine) and by wall time, and ratios to OpenSSL. Prints numbers
# only; asserts nothing except that all implementations agree on the digest.
#
#   scripts/bench-streebog.sh [--mib N] [--runs N] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

MIB=1024 RUNS=3 BUILD=1
while [ $# -gt 0 ]; do
  case $1 in
    --mib) MIB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: $0 [--mib N] [--runs N] [--no-build]" >&2; exit 2 ;;
  esac
done

TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
if [ "$BUILD" = 1 ]; then
  cargo build --release --locked -p podpis-wasm --example bench_streebog
  bash scripts/build-wasm.sh >/dev/null
fi
NATIVE=$TARGET_DIR/release/examples/bench_streebog
NODE_BENCH=$ROOT/wasm-validator/wasm/bench/streebog.mjs
export OPENSSL_CONF=$ROOT/wasm-validator/wasm/tests/openssl-gost.cnf

WORK=$(mktemp -d "${TMPDIR:-/tmp}/podpis-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data.bin
head -c $((MIB << 20)) /dev/urandom >"$DATA"
cat "$DATA" >/dev/null # warm the page cache
BYTES=$(stat -c %s "$DATA")

echo "bench-streebog: $MIB MiB, $RUNS runs, $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench-streebog: $(openssl version), node $(node --version)"

impls=(openssl podpis-digest podpis-gost wasm-node)
cmd_for() {
  case $1 in
    openssl) echo openssl dgst -md_gost12_256 -r "$DATA" ;;
    podpis-digest) echo "$NATIVE" "$DATA" podpis-digest ;;
    podpis-gost) echo "$NATIVE" "$DATA" podpis-gost ;;
    wasm-node) echo node "$NODE_BENCH" "$DATA" ;;
  esac
}

RESULTS=$WORK/results.txt # impl run cpu_s wall_s
: >"$RESULTS"
digest_ref=""
for run in $(seq 1 "$RUNS"); do
  for impl in "${impls[@]}"; do
    # shellcheck disable=SC2046
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" $(cmd_for "$impl") >"$WORK/out"
    hex=$(cut -d' ' -f1 "$WORK/out" | tr -d '*')
    if [ -z "$digest_ref" ]; then digest_ref=$hex; fi
    if [ "$hex" != "$digest_ref" ]; then
      echo "bench-streebog: $impl digest $hex differs from $digest_ref" >&2
      exit 1
    fi
    read -r wall user sys <"$WORK/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    echo "$impl $run $cpu $wall" >>"$RESULTS"
    awk -v b="$BYTES" -v c="$cpu" -v w="$wall" -v i="$impl" -v r="$run" \
      'BEGIN { printf "  run %d %-14s cpu %7.2f s %7.1f MB/s   wall %7.2f s %7.1f MB/s\n", r, i, c, b/1e6/c, w, b/1e6/w }'
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "bench-streebog: median of $RUNS (digest $digest_ref)"
ref_cpu=$(awk '$1 == "openssl" { print $3 }' "$RESULTS" | median)
ref_wall=$(awk '$1 == "openssl" { print $4 }' "$RESULTS" | median)
for impl in "${impls[@]}"; do
  cpu=$(awk -v i="$impl" '$1 == i { print $3 }' "$RESULTS" | median)
  wall=$(awk -v i="$impl" '$1 == i { print $4 }' "$RESULTS" | median)
  awk -v b="$BYTES" -v c="$cpu" -v w="$wall" -v rc="$ref_cpu" -v rw="$ref_wall" -v i="$impl" \
    'BEGIN { printf "  %-14s %7.1f MB/s cpu (x%.2f of openssl)   %7.1f MB/s wall (x%.2f)\n", i, b/1e6/c, rc/c, b/1e6/w, rw/w }'
done
