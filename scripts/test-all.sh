#!/usr/bin/env bash
# Runs every Podpis test on a fresh Debian 12 machine: installs what is
# missing (scripts/setup.sh), then the Rust workspace tests, the extension's
# unit tests and the browser end-to-end tests. Prints one closing line
# "tests: N passed, M failed" and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"
export PODPIS_SHARED_FORMATS="${PODPIS_SHARED_FORMATS:-$ROOT/../shared/formats}"
export PODPIS_PYTHON="$ROOT/.work/venv/bin/python"
LOGDIR=$ROOT/.work/test-logs
mkdir -p "$LOGDIR"
passed=0; failed=0; failed_steps=()

count_cargo() { # sums libtest summary lines of a log
  awk '/^test result:/ { for (i=1;i<=NF;i++) { if ($(i+1) ~ /^passed/) p+=$i; if ($(i+1) ~ /^failed/) f+=$i } }
       END { printf "%d %d\n", p, f }' "$1"
}
count_plain() { # reads "N passed, N failed" closing lines
  grep -oE '[0-9]+ passed, [0-9]+ failed' "$1" | awk '{ p+=$1; f+=$3 } END { printf "%d %d\n", p, f }'
}
count_node() { # sums node --test TAP summaries of a log
  awk '/^# pass / { p+=$3 } /^# fail / { f+=$3 } END { printf "%d %d\n", p, f }' "$1"
}
step() { # step NAME COUNTER COMMAND...
  local name=$1 counter=$2; shift 2
  local log="$LOGDIR/$name.log"
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  read -r p f < <($counter "$log")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ]; then
    failed_steps+=("$name")
    [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi
  echo "=== $name: exit $rc, $p passed, $f failed"
}

step cargo-build count_cargo cargo build --workspace --all-targets --locked
step cargo-test count_cargo cargo test --workspace --locked --no-fail-fast
step gost-verifier count_plain "$PODPIS_PYTHON" tests/gost-verify/test_verify_cms.py
# WebAssembly: build (wasm-bindgen + wasm-opt), then the same tests in node and headless Chromium.
step wasm-build count_cargo bash scripts/build-wasm.sh
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
step wasm-test-node count_cargo cargo test -p podpis-wasm --target wasm32-unknown-unknown --release --locked
# (tests/render_wasm.rs is browser-only and already ran in Chromium in the step above.)
step wasm-test-chromium count_cargo env WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p podpis-wasm --target wasm32-unknown-unknown --release --locked --test wasm --test validator_wasm
step wasm-node count_node node --test wasm-validator/wasm/tests/node/
# Rendered reports in Chromium through the web build; screenshots in tests/artifacts/wasm-render/.
step wasm-render-screenshots count_node node --test wasm-validator/wasm/tests/browser/
if [ -f extension/package.json ]; then
  step extension-unit count_node bash -c "cd extension && npm test"
  if grep -q '"test:e2e"' extension/package.json; then
    step extension-e2e count_node bash -c "cd extension && npm run test:e2e"
  fi
fi

if ((${#failed_steps[@]})); then echo "failed steps: ${failed_steps[*]}"; fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
