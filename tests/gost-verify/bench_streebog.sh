#!/usr/bin/env bash
# Streebog throughput: podpis-gost vs RustCrypto streebog vs OpenSSL gost engine.
# Usage: tests/gost-verify/bench_streebog.sh [MiB] [rounds]
# Each figure is the best of `rounds` runs (the machine is shared).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mib=${1:-256}
rounds=${2:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-gost} CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
(cd "$root" && cargo build -q --release -p podpis-gost --example streebog_bench)
"$CARGO_TARGET_DIR/release/examples/streebog_bench" "$mib" "$rounds"
export OPENSSL_CONF="$here/openssl-gost.cnf"
for md in md_gost12_256 md_gost12_512; do
  best=0
  for _ in $(seq "$rounds"); do
    v=$(openssl speed -evp "$md" -seconds 2 -bytes 16384 2>/dev/null | awk -v md="$md" '$1==md {v=$2; sub(/k$/,"",v); print v/1000}')
    best=$(awk -v a="$best" -v b="$v" 'BEGIN{print (b>a)?b:a}')
  done
  printf "openssl %-16s %7.1f MB/s  (best of %s x 'openssl speed -evp %s -seconds 2 -bytes 16384')\n" "$md" "$best" "$rounds" "$md"
done
