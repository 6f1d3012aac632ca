#!/usr/bin/env bash
# The Podpis demo on an embedded default: a software token (SoftHSM2) with
# two test certificates, the real podpis-host, `doctor`, a scripted
# native-messaging session (login + CMS signing with the PIN answered by a
# scripted pinentry), independent verification of every result, and then
# the real extension in Chromium (headless when there is no display)
# signing through the same host, with screenshots of the trusted UI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "== building"
cargo build --workspace --bins --locked -q
BIN=$ROOT/target/debug
WORK=$ROOT/.work/demo
rm -rf "$WORK"; mkdir -p "$WORK"

echo "== software token"
scripts/demo/make-token.sh "$WORK/token"
export SOFTHSM2_CONF=$WORK/token/softhsm2.conf
export PODPIS_MODULES=/usr/lib/softhsm/libsofthsm2.so
# The demo answers the PIN prompts with a scripted pinentry (a real Assuan
# peer); a person would see pinentry-gnome3 or pinentry-qt here.
printf '123456\n%.0s' $(seq 20) > "$WORK/pin-script"
cat > "$WORK/pinentry" <<PIN
#!/bin/sh
PODPIS_PINENTRY_SCRIPT=$WORK/pin-script PODPIS_PINENTRY_LOG=$WORK/pinentry.log exec $BIN/podpis-test-pinentry "\$@"
PIN
chmod +x "$WORK/pinentry"
export PODPIS_PINENTRY=$WORK/pinentry PODPIS_LOG=warn

echo "== podpis-host doctor"
"$BIN/podpis-host" doctor || true

echo "== native-messaging session (as the extension speaks it)"
ORIGIN=https://cabinet.example
PODPIS_DEMO_CALLER="chrome-extension://$(cat extension/DEV_EXTENSION_ID)/" \
  python3 scripts/demo/session.py "$BIN/podpis-host" "$ORIGIN" "$WORK/out"

echo "== independent verification"
for sig in "$WORK"/out/document.*.p7s; do
  openssl cms -verify -binary -inform DER -in "$sig" -content "$WORK/out/document.txt" \
    -CAfile "$WORK/token/pki/ca.pem" -out /dev/null 2>&1 | sed "s|^|  openssl cms $(basename "$sig"): |"
done
for tok in "$WORK"/out/auth.*.json; do
  base=${tok%.json}
  "$BIN/podpis-verify-auth" --roots "$WORK/token/pki/ca.pem" --origin "$ORIGIN" \
    --nonce-b64 "$(cat "$base.challenge")" "$tok" | sed "s|^|  login $(basename "$tok"): |"
done
echo "  PIN prompts shown (pinentry log):"
grep -E '^SETDESC' "$WORK/pinentry.log" | sed 's/^/    /'

if [ -f extension/package.json ]; then
  echo "== the extension in Chromium with the real host (screenshots in tests/artifacts/)"
  (cd extension && npm run -s build && PODPIS_HOST_BIN="$BIN/podpis-host" PODPIS_PINENTRY="$BIN/podpis-test-pinentry" \
    node --test --test-concurrency=1 --test-name-pattern="real podpis-host" ../tests/e2e/chromium.test.mjs)
fi
echo "== demo finished"
