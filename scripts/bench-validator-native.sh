#!/usr/bin/env bash
# Validator benchmark (docs/benchmarks.md, "Validator"): podpis-check against
# `xmllint --noout --stream --schema` on generated 20 MB reports, CPU time
# (user+sys, median of 3) and peak RSS; plus a ~1 GB streamed РСВ.
# Usage: scripts/bench-validator-native.sh [WORKDIR]   (needs ../shared/formats, xmllint, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
F=${PODPIS_SHARED_FORMATS:-$PWD/../shared/formats}
W=${1:-/tmp/podpis-bench}
mkdir -p "$W"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -p podpis-validator >&2
B=$CARGO_TARGET_DIR/release/podpis-check
$B compile --schemas "$F/fns" -o "$W/fns.pack" 2>/dev/null
$B compile --schemas "$F/upd" -o "$W/upd.pack" 2>/dev/null
$B generate --pack "$W/fns.pack" --form NO_RASCHSV_1_162_00_05_08_02 --size 30500 -o "$W/rsv20.xml" 2>/dev/null
$B generate --pack "$W/upd.pack" --form ON_NSCHFDOPPR_1_997_01_05_02_01 --size 14300 -o "$W/upd20.xml" 2>/dev/null
# The generated РСВ is XSD-valid but fails two Schematron rules per person (dates
# and ПрАннулир); the "clean" copy fixes both, like a real report; the 1 GB file
# repeats its persons.
python3 - "$W" <<'EOF'
import sys
w = sys.argv[1]
d = open(f"{w}/rsv20.xml", "rb").read()
enc = lambda s: s.encode("cp1251")
d = d.replace(enc(' ДатаДок="01.01.1911"'), enc(' ДатаДок="20.01.2025"'), 1).replace(enc(' ПрАннулир="1"'), b"")
open(f"{w}/rsv20-clean.xml", "wb").write(d)
start = d.find(enc("<ПерсСвСтрахЛиц"))
end = d.rfind(enc("</ПерсСвСтрахЛиц>")) + len(enc("</ПерсСвСтрахЛиц>"))
with open(f"{w}/rsv1g.xml", "wb") as f:
    f.write(d[:start])
    while f.tell() + (end - start) < 1 << 30:
        f.write(d[start:end] + b"\n")
    f.write(d[end:])
EOF
run() { # run LABEL FILE CMD... → "label cpu_median rss_max_kb"
  local label=$1 file=$2; shift 2
  local cpus=() rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%U %S %M" -o "$W/time.txt" "$@" >/dev/null 2>&1 || true
    read -r u s m < <(tail -1 "$W/time.txt")
    cpus+=("$(python3 -c "print($u+$s)")")
    ((m > rss)) && rss=$m
  done
  local med; med=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p)
  local mb; mb=$(python3 -c "print(round($(stat -c %s "$file")/1e6, 1))")
  echo "$label|$mb|$med|$rss"
}
XR=$F/fns/NO_RASCHSV_1_162_00_05_08_02.xsd
XU=$F/upd/ON_NSCHFDOPPR_1_997_01_05_02_01.xsd
{
  run "РСВ xmllint --stream" "$W/rsv20.xml" xmllint --noout --stream --schema "$XR" "$W/rsv20.xml"
  run "РСВ podpis-check --no-schematron" "$W/rsv20.xml" "$B" "$W/rsv20.xml" --pack "$W/fns.pack" --no-schematron
  run "РСВ podpis-check" "$W/rsv20.xml" "$B" "$W/rsv20.xml" --pack "$W/fns.pack"
  run "РСВ clean xmllint --stream" "$W/rsv20-clean.xml" xmllint --noout --stream --schema "$XR" "$W/rsv20-clean.xml"
  run "РСВ clean podpis-check" "$W/rsv20-clean.xml" "$B" "$W/rsv20-clean.xml" --pack "$W/fns.pack"
  run "УПД xmllint --stream" "$W/upd20.xml" xmllint --noout --stream --schema "$XU" "$W/upd20.xml"
  run "УПД podpis-check --no-schematron" "$W/upd20.xml" "$B" "$W/upd20.xml" --pack "$W/upd.pack" --no-schematron
  run "УПД podpis-check" "$W/upd20.xml" "$B" "$W/upd20.xml" --pack "$W/upd.pack"
} | python3 -c "
import sys
base = {}
print('| run | MB | CPU s (median of 3) | MB/s | vs xmllint | peak RSS MB | RSS / file |')
print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for line in sys.stdin:
    label, mb, cpu, rss = line.strip().split('|')
    mb, cpu, rss = float(mb), float(cpu), int(rss) / 1024
    key = label.split(' podpis')[0].split(' xmllint')[0]
    if 'xmllint' in label:
        base[key] = cpu
    ratio = base.get(key, cpu) / cpu if cpu else 0
    print(f'| {label} | {mb} | {cpu:.2f} | {mb / cpu if cpu else 0:.1f} | {ratio:.2f}x | {rss:.1f} | {rss / mb:.2f} |')
"
# One run on ~1 GB (streamed from disk).
/usr/bin/time -f "1 GB РСВ podpis-check: %U s user, %S s sys, %e s wall, peak RSS %M KB" \
  "$B" "$W/rsv1g.xml" --pack "$W/fns.pack" | tail -1
ls -l "$W/rsv1g.xml"
