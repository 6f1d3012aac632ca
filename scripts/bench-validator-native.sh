#!/usr/bin/env bash
# Validator benchmark (docs/benchmarks.md, "Validator"): podpis-check against
# `xmllint --noout --stream --schema` on generated 20 MB reports, CPU time
# (user+sys, median of PODPIS_BENCH_RUNS round-robin runs, default 7) and peak RSS; plus a ~1 GB streamed РСВ and a
# "many findings" РСВ (explicit mutation, see below).
# Usage: scripts/bench-validator-native.sh [WORKDIR]   (needs ../shared/formats, xmllint, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
F=${PODPIS_SHARED_FORMATS:-$PWD/../shared/formats}
W=${1:-/tmp/podpis-bench}
mkdir -p "$W"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --profile cli -p podpis-validator --bin podpis-check >&2
B=$CARGO_TARGET_DIR/cli/podpis-check
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
RUNS=${PODPIS_BENCH_RUNS:-7}
XR=$F/fns/NO_RASCHSV_1_162_00_05_08_02.xsd
XU=$F/upd/ON_NSCHFDOPPR_1_997_01_05_02_01.xsd
# Each group (xmllint and ours on one file) runs round-robin RUNS times: CPU
# time (user + sys) from wait4 in microseconds, median; peak RSS from one more
# run under /usr/bin/time (a child forked by Python would report Python's RSS).
python3 - "$RUNS" <<PY
import os, statistics, subprocess, sys
runs = int(sys.argv[1])
groups = [
    [("РСВ xmllint --stream", "$RSV", ["xmllint", "--noout", "--stream", "--schema", "$XR", "$RSV"]),
     ("РСВ podpis-check --no-schematron", "$RSV", ["$B", "$RSV", "--pack", "$W/fns.pack", "--no-schematron"]),
     ("РСВ podpis-check", "$RSV", ["$B", "$RSV", "--pack", "$W/fns.pack"])],
    [("РСВ 52k findings xmllint --stream", "$RSVF", ["xmllint", "--noout", "--stream", "--schema", "$XR", "$RSVF"]),
     ("РСВ 52k findings podpis-check", "$RSVF", ["$B", "$RSVF", "--pack", "$W/fns.pack"])],
    [("УПД xmllint --stream", "$UPD", ["xmllint", "--noout", "--stream", "--schema", "$XU", "$UPD"]),
     ("УПД podpis-check --no-schematron", "$UPD", ["$B", "$UPD", "--pack", "$W/upd.pack", "--no-schematron"]),
     ("УПД podpis-check", "$UPD", ["$B", "$UPD", "--pack", "$W/upd.pack"])],
]
def cpu(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime
def rss_kb(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    return int(out.strip().splitlines()[-1])
print(f"| run | MB | CPU s (median of {runs}) | MB/s | vs xmllint | peak RSS MB | RSS / file |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for g in groups:
    times = {label: [] for label, _, _ in g}
    for _ in range(runs):
        for label, _, cmd in g:
            times[label].append(cpu(cmd))
    base = statistics.median(times[g[0][0]])
    for label, f, cmd in g:
        t = statistics.median(times[label])
        mb = os.path.getsize(f) / 1e6
        rss = rss_kb(cmd) / 1024
        print(f"| {label} | {mb:.1f} | {t:.3f} | {mb / t:.1f} | {base / t:.2f}x | {rss:.1f} | {rss / mb:.2f} |")
PY
# One run on ~1 GB (streamed from disk).
/usr/bin/time -f "1 GB РСВ podpis-check: %U s user, %S s sys, %e s wall, peak RSS %M KB" \
  "$B" "$RSV1G" --pack "$W/fns.pack" | tail -1 | sed "s|$W/||"
ls -l "$RSV1G"
