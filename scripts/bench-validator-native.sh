#!/usr/bin/env bash
# Validator benchmark (docs/benchmarks.md, "Validator"): podpis-check against
# `xmllint --noout --stream --schema` on generated 20 MB reports, CPU time
# (user+sys, median of PODPIS_BENCH_RUNS, default 5) and peak RSS; plus a ~1 GB streamed РСВ and a
# "many findings" РСВ (explicit mutation, see below).
# Usage: scripts/bench-validator-native.sh [WORKDIR]   (needs ../shared/formats, xmllint, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
F=${PODPIS_SHARED_FORMATS:-$PWD/../shared/formats}
W=${1:-/tmp/podpis-bench}
mkdir -p "$W"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --profile dist -p podpis-validator >&2
B=$CARGO_TARGET_DIR/dist/podpis-check
$B compile --schemas "$F/fns" -o "$W/fns.pack" 2>/dev/null
$B compile --schemas "$F/upd" -o "$W/upd.pack" 2>/dev/null
# Generated reports are valid (0 errors: XSD, Schematron, checksums, file name);
# each is written under its ИдФайл, as the file-name rule requires.
rm -rf "$W/rsv" "$W/upd" "$W/rsv1g" "$W/rsv-findings"
mkdir -p "$W/rsv" "$W/upd" "$W/rsv1g" "$W/rsv-findings"
$B generate --pack "$W/fns.pack" --form NO_RASCHSV_1_162_00_05_08_02 --size 26000 -o "$W/rsv/" 2>/dev/null
$B generate --pack "$W/upd.pack" --form ON_NSCHFDOPPR_1_997_01_05_02_01 --size 11500 -o "$W/upd/" 2>/dev/null
RSV=$(ls "$W"/rsv/*.xml)
UPD=$(ls "$W"/upd/*.xml)
# "Many findings": an explicit mutation of the valid РСВ — every person marked
# annulled (ПрАннулир="1" while payments are listed) and born after the
# document date: two Schematron failures per person, 52 000 findings. The
# ~1 GB file repeats the persons of the valid РСВ (same ИдФайл, so same name).
python3 - "$RSV" "$W" <<'PY'
import os, re, sys
src, w = sys.argv[1], sys.argv[2]
name = os.path.basename(src)
d = open(src, "rb").read()
enc = lambda s: s.encode("cp1251")
m = re.sub(enc(r'ДатаРожд="(\d\d\.\d\d)\.\d{4}"'), enc(r'ДатаРожд="\1.2027"'), d.replace(enc("<ПерсСвСтрахЛиц>"), enc('<ПерсСвСтрахЛиц ПрАннулир="1">')))
open(f"{w}/rsv-findings/{name}", "wb").write(m)
start = d.find(enc("<ПерсСвСтрахЛиц"))
end = d.rfind(enc("</ПерсСвСтрахЛиц>")) + len(enc("</ПерсСвСтрахЛиц>"))
with open(f"{w}/rsv1g/{name}", "wb") as f:
    f.write(d[:start])
    while f.tell() + (end - start) < 1 << 30:
        f.write(d[start:end] + b"\n")
    f.write(d[end:])
PY
RSVF=$(ls "$W"/rsv-findings/*.xml)
RSV1G=$(ls "$W"/rsv1g/*.xml)
for f in "$RSV" "$UPD"; do # the inputs are valid: show it
  "$B" "$f" --pack "$([[ $f == *ON_* ]] && echo "$W/upd.pack" || echo "$W/fns.pack")" | tail -1 | sed "s|$W/||" >&2
done
{ "$B" "$RSVF" --pack "$W/fns.pack" --json || true; } | grep -c '"code": "SCH_ASSERT"' | sed 's/^/many-findings РСВ: SCH_ASSERT findings: /' >&2
RUNS=${PODPIS_BENCH_RUNS:-5}
run() { # run LABEL FILE CMD... → "label cpu_median rss_max_kb"
  local label=$1 file=$2; shift 2
  local cpus=() rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%U %S %M" -o "$W/time.txt" "$@" >/dev/null 2>&1 || true
    read -r u s m < <(tail -1 "$W/time.txt")
    cpus+=("$(python3 -c "print($u+$s)")")
    ((m > rss)) && rss=$m
  done
  local med; med=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")
  local mb; mb=$(python3 -c "print(round($(stat -c %s "$file")/1e6, 1))")
  echo "$label|$mb|$med|$rss"
}
XR=$F/fns/NO_RASCHSV_1_162_00_05_08_02.xsd
XU=$F/upd/ON_NSCHFDOPPR_1_997_01_05_02_01.xsd
{
  run "РСВ xmllint --stream" "$RSV" xmllint --noout --stream --schema "$XR" "$RSV"
  run "РСВ podpis-check --no-schematron" "$RSV" "$B" "$RSV" --pack "$W/fns.pack" --no-schematron
  run "РСВ podpis-check" "$RSV" "$B" "$RSV" --pack "$W/fns.pack"
  run "РСВ 52k findings xmllint --stream" "$RSVF" xmllint --noout --stream --schema "$XR" "$RSVF"
  run "РСВ 52k findings podpis-check" "$RSVF" "$B" "$RSVF" --pack "$W/fns.pack"
  run "УПД xmllint --stream" "$UPD" xmllint --noout --stream --schema "$XU" "$UPD"
  run "УПД podpis-check --no-schematron" "$UPD" "$B" "$UPD" --pack "$W/upd.pack" --no-schematron
  run "УПД podpis-check" "$UPD" "$B" "$UPD" --pack "$W/upd.pack"
} | python3 -c "
import sys
base = {}
print('| run | MB | CPU s (median of $RUNS) | MB/s | vs xmllint | peak RSS MB | RSS / file |')
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
  "$B" "$RSV1G" --pack "$W/fns.pack" | tail -1 | sed "s|$W/||"
ls -l "$RSV1G"
