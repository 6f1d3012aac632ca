#!/usr/bin/env bash
# Installs the pinned Rust tools Podpis needs beyond rustc/cargo:
#   * the wasm32-unknown-unknown target,
#   * wasm-bindgen-cli (wasm-bindgen + wasm-bindgen-test-runner) at exactly the
#     version of the `wasm-bindgen` crate pinned in wasm-validator/wasm/Cargo.toml,
#   * geckodriver (Firefox WebDriver, for the extension's Firefox tests).
# Called by scripts/setup.sh. Idempotent and fast (a few version probes) when
# everything is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The CLI must equal the crate version exactly (wasm-bindgen's schema check).
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' wasm-validator/wasm/Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "rust-tools: no wasm-bindgen pin in wasm-validator/wasm/Cargo.toml" >&2; exit 1; }
# Build installs out of the workspace's target dirs, at low priority: the
# machine is shared.
INSTALL_TARGET_DIR=${RUST_TOOLS_TARGET_DIR:-$PWD/.work/target-rust-tools}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "rust-tools: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# `cargo install --locked` of a published crate uses the lockfile shipped in
# the .crate. When that lockfile names a crate version the registry no longer
# serves (wasm-bindgen-cli 0.2.130 locks webpki-roots 1.0.11, which is gone),
# rebuild from the same source with only the missing crates moved to the
# newest available version, still --locked.
install_locked() { # install_locked CRATE VERSION
  local crate=$1 version=$2 log
  log=$(mktemp)
  if CARGO_TARGET_DIR="$INSTALL_TARGET_DIR" nice cargo install "$crate" --version "$version" --locked --force 2>&1 | tee "$log"; then
    rm -f "$log"; return 0
  fi
  local missing
  missing=$(sed -n 's/^error: failed to select a version for the requirement `\([a-zA-Z0-9_-]*\) = .*(locked to .*/\1/p' "$log")
  rm -f "$log"
  [ -n "$missing" ] || return 1
  local src
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$version" 2>/dev/null | head -n1)
  [ -n "$src" ] || return 1
  local work
  work=$(mktemp -d)
  cp -r "$src" "$work/"
  echo "rust-tools: $crate $version: lockfile entry for '$missing' is not in the registry; updating only that crate"
  local rc=0
  (cd "$work/$crate-$version" && cargo update -p "$missing" &&
    CARGO_TARGET_DIR="$INSTALL_TARGET_DIR" nice cargo install --path . --locked --force) || rc=$?
  rm -rf "$work"
  return $rc
}

have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(command -v wasm-bindgen-test-runner || true)
if [ "$have" != "$WASM_BINDGEN_VERSION" ] || [ -z "$have_runner" ]; then
  echo "rust-tools: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (found: ${have:-none}); takes a few minutes"
  install_locked wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
fi

if ! command -v geckodriver >/dev/null; then
  echo "rust-tools: installing geckodriver"
  CARGO_TARGET_DIR="$INSTALL_TARGET_DIR" nice cargo install geckodriver --locked
fi

# wasm-opt comes from the npm package `binaryen` pinned in
# wasm-validator/wasm/package-lock.json (never Debian's binaryen 108, which
# emits broken modules).
if [ -f wasm-validator/wasm/package-lock.json ] && [ ! -x wasm-validator/wasm/node_modules/.bin/wasm-opt ]; then
  echo "rust-tools: npm ci in wasm-validator/wasm (binaryen / wasm-opt)"
  (cd wasm-validator/wasm && npm ci --no-audit --no-fund --loglevel=error)
fi
