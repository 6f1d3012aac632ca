#!/usr/bin/env bash
# Validator benchmark: WASM in headless Chromium vs native podpis-check vs
# xmllint --stream on the same generated ~20 MB РСВ and УПД, and the time to
# the first rendered screen of a generated 10 000-person РСВ. Prints numbers.
#
#   scripts/bench-validator.sh [--runs 3]
#
# Needs: scripts/build-wasm.sh done (pkg/web), xmllint, chromium,
# playwright-core (extension/node_modules), ../shared/formats.
# Environment: CARGO_TARGET_DIR, PODPIS_SHARED_FORMATS, BENCH_DIR (default /tmp/podpis-bench-wasm),
# PODPIS_CHECK_BIN (a release podpis-check to use instead of building one).
# The generated reports are valid (0 errors) and named by their ИдФайл.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=3
[ "${1:-}" = "--runs" ] && RUNS=$2
F=${PODPIS_SHARED_FORMATS:-$PWD/../shared/formats}
T=${CARGO_TARGET_DIR:-$PWD/target}
D=${BENCH_DIR:-/tmp/podpis-bench-wasm}
mkdir -p "$D"
if [ -n "${PODPIS_CHECK_BIN:-}" ]; then
  B=$PODPIS_CHECK_BIN
else
  cargo build --release --locked -p podpis-validator --bin podpis-check >&2
  B=$T/release/podpis-check
fi
$B compile --schemas "$F/fns" -o "$D/fns.pack" >/dev/null
$B compile --schemas "$F/upd" -o "$D/upd.pack" >/dev/null
gen() { # gen DIR PACK FORM SIZE: one valid report in DIR, named by its ИдФайл
  [ -n "$(ls "$D/$1"/*.xml 2>/dev/null)" ] || { mkdir -p "$D/$1"; $B generate --pack "$2" --form "$3" --size "$4" -o "$D/$1/" >/dev/null; }
}
gen rsv20 "$D/fns.pack" NO_RASCHSV_1_162_00_05_08_02 30500
gen upd20 "$D/upd.pack" ON_NSCHFDOPPR_1_997_01_05_02_01 14300
gen rsv10k "$D/fns.pack" NO_RASCHSV_1_162_00_05_08_02 10000
RSV20=$(ls "$D"/rsv20/*.xml); UPD20=$(ls "$D"/upd20/*.xml); RSV10K=$(ls "$D"/rsv10k/*.xml)

cpu() { # cpu LABEL CMD... : median user+sys seconds of RUNS runs (exit status 1 = findings, fine)
  local label=$1; shift; local ts=() out=$D/time.out
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$out" -f '%U %S' "$@" >/dev/null 2>&1 || true
    ts+=("$(tail -1 "$out" | awk '{print $1+$2}')")
  done
  printf '%s\n' "${ts[@]}" | sort -g | awk -v l="$label" -v n="$RUNS" -v mb="$MB" '{a[NR]=$1} END {m=a[int((n+1)/2)]; printf "%s: %.2f s CPU median of %d, %.1f MB/s\n", l, m, n, mb/m}'
}
for f in "$RSV20" "$UPD20"; do
  case $f in "$RSV20") pack=$D/fns.pack; xsd=$F/fns/NO_RASCHSV_1_162_00_05_08_02.xsd ;; *) pack=$D/upd.pack; xsd=$F/upd/ON_NSCHFDOPPR_1_997_01_05_02_01.xsd ;; esac
  echo "== $(basename "$f") $(stat -c %s "$f") bytes"
  MB=$(awk -v b="$(stat -c %s "$f")" 'BEGIN {print b/1e6}')
  cpu "xmllint --stream" xmllint --noout --stream --schema "$xsd" "$f"
  cpu "podpis-check (native)" "$B" "$f" --pack "$pack"
  cpu "podpis-check --no-schematron (native)" "$B" "$f" --pack "$pack" --no-schematron
done
echo "== WASM in headless Chromium (wall time inside the page)"
node wasm-validator/wasm/bench/browser-check.mjs --runs "$RUNS" --check "$RSV20" "$UPD20" --first-screen "$RSV10K"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
