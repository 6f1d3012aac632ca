#!/usr/bin/env bash
# Builds the podpis-wasm modules reproducibly.
#
#   scripts/build-wasm.sh          # release: LTO, 1 codegen unit, wasm-opt
#   scripts/build-wasm.sh --dev    # debug build with console_error_panic_hook, no wasm-opt
#
# Two modules from wasm-validator/wasm: podpis_wasm (digests, packs, check,
# render; every extension context) and podpis_schema_import (compileSchemas:
# the XSD compiler; only the options page loads it).
# Outputs (gitignored):
#   wasm-validator/wasm/pkg/web/     wasm-bindgen --target web    (ES module + .wasm + .d.ts)
#   wasm-validator/wasm/pkg/nodejs/  wasm-bindgen --target nodejs (CommonJS, for node tests/benchmarks)
#   extension/wasm/                  copy of pkg/web, picked up by the extension build
# plus report.css (the renderer's screen + print stylesheet) next to the modules,
# and prints the raw and gzipped size of each module.
#
# Needs: rustup target wasm32-unknown-unknown and wasm-bindgen-cli at the pinned
# version (scripts/rust-tools.sh), node + `npm ci` in wasm-validator/wasm for
# wasm-opt (npm `binaryen`; Debian's binaryen 108 emits broken modules).
# Environment: CARGO_TARGET_DIR (default: target), WASM_OPT_LEVEL (default -O3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

MODE=release
for arg in "$@"; do
  case $arg in
    --dev) MODE=dev ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "build-wasm: unknown argument $arg" >&2; exit 2 ;;
  esac
done

CRATE_DIR=$ROOT/wasm-validator/wasm
PKG=$CRATE_DIR/pkg
EXT_DIR=$ROOT/extension/wasm
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
NAME=podpis_wasm
IMPORT_NAME=podpis_schema_import
WASM_OPT_LEVEL=${WASM_OPT_LEVEL:--O3}

want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$CRATE_DIR/Cargo.toml")
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "build-wasm: need wasm-bindgen-cli $want (found: ${have:-none}); run scripts/rust-tools.sh" >&2
  exit 1
fi

# The workspace release profile keeps debug info and 4 codegen units for the
# native host; the WASM module overrides them here (env overrides apply to
# this invocation only): fat LTO, one codegen unit, no debug info. Never
# `strip = true` for wasm (it can drop sections wasm-bindgen needs);
# wasm-bindgen and wasm-opt drop debug sections themselves.
cargo_args=(build -p podpis-wasm --target wasm32-unknown-unknown --locked)
if [ "$MODE" = release ]; then
  cargo_args+=(--release)
  export CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
  export CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_OPT_LEVEL=3
  profile_dir=release
else
  cargo_args+=(--features panic-hook)
  profile_dir=debug
fi
WASM=$TARGET_DIR/wasm32-unknown-unknown/$profile_dir/$NAME.wasm
rm -rf "$PKG/web" "$PKG/nodejs"
mkdir -p "$PKG"
bindgen_args=()
[ "$MODE" = dev ] && bindgen_args+=(--debug --keep-debug)
# Two modules from the one crate (both land in the same cargo output file,
# so each is bindgen'd before the next build): the main module (default
# features) and the schema-import module (the XSD compiler only).
for module in "$NAME" "$IMPORT_NAME"; do
  features=()
  [ "$module" = "$IMPORT_NAME" ] && features=(--no-default-features --features schema-import)
  echo "build-wasm: cargo ${cargo_args[*]} ${features[*]}"
  cargo "${cargo_args[@]}" "${features[@]}"
  for flavour in web nodejs; do
    wasm-bindgen "$WASM" --target "$flavour" --out-dir "$PKG/$flavour" --out-name "$module" "${bindgen_args[@]}"
  done
done

if [ "$MODE" = release ]; then
  WASM_OPT=$CRATE_DIR/node_modules/.bin/wasm-opt
  if [ ! -x "$WASM_OPT" ]; then
    (cd "$CRATE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # The features rustc enables by default for wasm32-unknown-unknown.
  features=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
            --enable-sign-ext --enable-reference-types --enable-multivalue)
  for module in "$NAME" "$IMPORT_NAME"; do
    for flavour in web nodejs; do
      f=$PKG/$flavour/${module}_bg.wasm
      "$WASM_OPT" "$WASM_OPT_LEVEL" "${features[@]}" "$f" -o "$f.opt"
      mv "$f.opt" "$f"
    done
  done
fi

# The extension build picks the web flavour up from extension/wasm/.
mkdir -p "$EXT_DIR"
find "$EXT_DIR" -mindepth 1 -maxdepth 1 ! -name .gitignore -exec rm -rf {} +
cp "$CRATE_DIR/report.css" "$PKG/web/"
cp "$CRATE_DIR/report.css" "$PKG/nodejs/"
for module in "$NAME" "$IMPORT_NAME"; do
  cp "$PKG/web/$module.js" "$PKG/web/$module.d.ts" "$PKG/web/${module}_bg.wasm" "$PKG/web/${module}_bg.wasm.d.ts" "$EXT_DIR/"
done
cp "$PKG/web/report.css" "$EXT_DIR/"

size() { stat -c %s "$1"; }
gz() { gzip -9 -n -c "$1" | wc -c; }
echo "build-wasm: $MODE build done"
for module in "$NAME" "$IMPORT_NAME"; do
  mod=$PKG/web/${module}_bg.wasm
  js=$PKG/web/$module.js
  printf 'build-wasm: %-32s %8d bytes, gzip -9 %8d bytes\n' "${module}_bg.wasm" "$(size "$mod")" "$(gz "$mod")"
  printf 'build-wasm: %-32s %8d bytes, gzip -9 %8d bytes\n' "$module.js (web glue)" "$(size "$js")" "$(gz "$js")"
  printf 'build-wasm: sha256 %s  %s\n' "$(sha256sum "$mod" | cut -d' ' -f1)" "${module}_bg.wasm"
done
echo "build-wasm: web -> ${PKG#"$ROOT"/}/web, extension/wasm; nodejs -> ${PKG#"$ROOT"/}/nodejs"
