#!/usr/bin/env bash
# XSD pattern matcher benchmark (docs/benchmarks.md, "XSD pattern matcher"):
# compile time of all patterns of the fns/upd packs and time per match, own
# engine vs the `regex` crate (examples/pattern_bench.rs); then, if valgrind is
# installed, the instruction count of `podpis-check --no-schematron` on 2 MB
# generated reports (deterministic, unlike CPU time on a loaded machine).
# Usage: scripts/bench-patterns.sh [WORKDIR]   (needs ../shared/formats)
set -euo pipefail
cd "$(dirname "$0")/.."
F=${PODPIS_SHARED_FORMATS:-$PWD/../shared/formats}
W=${1:-/tmp/podpis-bench-patterns}
mkdir -p "$W"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -p podpis-validator --bin podpis-check --example pattern_bench >&2
B=$CARGO_TARGET_DIR/release/podpis-check
$B compile --schemas "$F/fns" -o "$W/fns.pack" >/dev/null 2>&1
$B compile --schemas "$F/upd" -o "$W/upd.pack" >/dev/null 2>&1
"$CARGO_TARGET_DIR/release/examples/pattern_bench" "$W/fns.pack" "$W/upd.pack"
if command -v valgrind >/dev/null; then
  $B generate --pack "$W/fns.pack" --form NO_RASCHSV_1_162_00_05_08_02 --size 3050 -o "$W/rsv2.xml" 2>/dev/null
  $B generate --pack "$W/upd.pack" --form ON_NSCHFDOPPR_1_997_01_05_02_01 --size 1430 -o "$W/upd2.xml" 2>/dev/null
  for x in rsv2:fns upd2:upd; do
    f=${x%%:*} p=${x##*:}
    n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$B" "$W/$f.xml" --pack "$W/$p.pack" --no-schematron 2>&1 >/dev/null |
      sed -n 's/.*Collected : //p')
    echo "$f.xml ($(stat -c %s "$W/$f.xml") bytes) podpis-check --no-schematron: $n instructions"
  done
fi
