#!/usr/bin/env bash
# The Podpis demo (the README's main job): builds everything, creates the
# demo tokens — SoftHSM2 with RSA and EC keys and the GOST test token, all
# with test certificates — shows `podpis-host doctor`, starts the demo web
# cabinet (tests/cabinet) and opens Chromium with the extension at it:
# visible when $DISPLAY is set, otherwise a headless run of the scenario
# (login by certificate, report check and view, signing, upload, the list)
# with screenshots in tests/artifacts/demo/ and a summary of what the
# cabinet's server verified. PODPIS_DEMO_HEADLESS=1 forces the scripted run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "== building (Rust workspace, the WASM report validator, extension)"
cargo build --workspace --bins --lib --locked -q
bash scripts/build-wasm.sh >/dev/null
(cd extension && npm run -s build)

CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target} node scripts/demo/cabinet-demo.mjs
echo "== demo finished"
