#!/usr/bin/env bash
# Validator benchmark: WASM in headless Chromium vs native podpis-check vs
# xmllint --stream on the same generated ~20 MB РСВ and УПД, and the time to
# the first rendered screen of a generated 10 000-person РСВ. Prints numbers.
#
#   scripts/bench-validator.sh [--runs 3]
#
# Needs: scripts/build-wasm.sh done (pkg/web), xmllint, chromium,
# playwright-core (extension/node_modules), ../shared/formats.
# Environment: CARGO_TARGET_DIR, PODPIS_SHARED_FORMATS, BENCH_DIR (default /tmp/podpis-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=3
[ "${1:-}" = "--runs" ] && RUNS=$2
F=${PODPIS_SHARED_FORMATS:-$PWD/../shared/formats}
T=${CARGO_TARGET_DIR:-$PWD/target}
D=${BENCH_DIR:-/tmp/podpis-bench}
mkdir -p "$D"
cargo build --release --locked -p podpis-validator --bin podpis-check >&2
B=$T/release/podpis-check
$B compile --schemas "$F/fns" -o "$D/fns.pack" >/dev/null
$B compile --schemas "$F/upd" -o "$D/upd.pack" >/dev/null
[ -f "$D/rsv20.xml" ] || $B generate --pack "$D/fns.pack" --form NO_RASCHSV_1_162_00_05_08_02 --size 30500 -o "$D/rsv20.xml" >/dev/null
[ -f "$D/upd20.xml" ] || $B generate --pack "$D/upd.pack" --form ON_NSCHFDOPPR_1_997_01_05_02_01 --size 14300 -o "$D/upd20.xml" >/dev/null
[ -f "$D/rsv10k.xml" ] || $B generate --pack "$D/fns.pack" --form NO_RASCHSV_1_162_00_05_08_02 --size 10000 -o "$D/rsv10k.xml" >/dev/null

cpu() { # cpu LABEL CMD... : median user+sys seconds of RUNS runs (exit status 1 = findings, fine)
  local label=$1; shift; local ts=() out=$D/time.out
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$out" -f '%U %S' "$@" >/dev/null 2>&1 || true
    ts+=("$(tail -1 "$out" | awk '{print $1+$2}')")
  done
  printf '%s\n' "${ts[@]}" | sort -g | awk -v l="$label" -v n="$RUNS" -v mb="$MB" '{a[NR]=$1} END {m=a[int((n+1)/2)]; printf "%s: %.2f s CPU median of %d, %.1f MB/s\n", l, m, n, mb/m}'
}
for f in rsv20 upd20; do
  case $f in rsv20) pack=$D/fns.pack; xsd=$F/fns/NO_RASCHSV_1_162_00_05_08_02.xsd ;; upd20) pack=$D/upd.pack; xsd=$F/upd/ON_NSCHFDOPPR_1_997_01_05_02_01.xsd ;; esac
  echo "== $f.xml $(stat -c %s "$D/$f.xml") bytes"
  MB=$(awk -v b="$(stat -c %s "$D/$f.xml")" 'BEGIN {print b/1e6}')
  cpu "xmllint --stream" xmllint --noout --stream --schema "$xsd" "$D/$f.xml"
  cpu "podpis-check (native)" "$B" "$D/$f.xml" --pack "$pack"
  cpu "podpis-check --no-schematron (native)" "$B" "$D/$f.xml" --pack "$pack" --no-schematron
done
echo "== WASM in headless Chromium (wall time inside the page)"
node wasm-validator/wasm/bench/browser-check.mjs --runs "$RUNS" --check "$D/rsv20.xml" "$D/upd20.xml" --first-screen "$D/rsv10k.xml"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
