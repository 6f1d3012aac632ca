// Paths and settings shared by the browser tests.
import { existsSync } from "node:fs";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

export const REPO = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const EXTENSION = join(REPO, "extension");
export const DIST_CHROME = join(EXTENSION, "dist/chrome");
export const DIST_FIREFOX = join(EXTENSION, "dist/firefox");
export const ARTIFACTS = join(REPO, "tests/artifacts");
export const EXTENSION_ID = readFileSync(join(EXTENSION, "DEV_EXTENSION_ID"), "utf8").trim();
export const GECKO_ID = "podpis@podpis.dev";
export const CHROMIUM = process.env.PODPIS_CHROMIUM ?? "/usr/bin/chromium";
export const FIREFOX = process.env.PODPIS_FIREFOX ?? "/usr/bin/firefox-esr";

/** playwright-core from extension/node_modules. */
export const requireExt = createRequire(join(EXTENSION, "package.json"));

/** Where the built Rust binaries are: $PODPIS_BIN_DIR, else $CARGO_TARGET_DIR/debug, else target/debug. */
export const BIN_DIR = process.env.PODPIS_BIN_DIR ? resolve(REPO, process.env.PODPIS_BIN_DIR)
  : join(process.env.CARGO_TARGET_DIR ? resolve(REPO, process.env.CARGO_TARGET_DIR) : join(REPO, "target"), "debug");

/**
 * The real components the browser tests run: podpis-host, the scripted
 * pinentry, the GOST test token module and its tool, podpis-verify-auth.
 * Returns {bins} when all are built, else {missing: "reason"}.
 */
export function realComponents() {
  const bins = {
    host: process.env.PODPIS_HOST_BIN ? resolve(REPO, process.env.PODPIS_HOST_BIN) : join(BIN_DIR, "podpis-host"),
    pinentry: join(BIN_DIR, "podpis-test-pinentry"),
    gostModule: join(BIN_DIR, "libpodpis_gost_token.so"),
    gostTool: join(BIN_DIR, "podpis-gost-token-tool"),
    verifyAuth: join(BIN_DIR, "podpis-verify-auth"),
  };
  const absent = Object.values(bins).filter((p) => !existsSync(p));
  if (absent.length) {
    return { missing: `not built: ${absent.join(", ")} (cargo build -p podpis-host -p podpis-token -p podpis-gost-token -p podpis-verifier, or set PODPIS_BIN_DIR)` };
  }
  return { bins };
}

/** geckodriver: $GECKODRIVER, else PATH or ~/.cargo/bin. */
export function geckodriverBinary() {
  if (process.env.GECKODRIVER) return process.env.GECKODRIVER;
  for (const dir of [...(process.env.PATH ?? "").split(":"), join(process.env.HOME ?? "/root", ".cargo/bin")]) {
    if (dir && existsSync(join(dir, "geckodriver"))) return join(dir, "geckodriver");
  }
  return null;
}

/** A fresh temporary directory. */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `podpis-${prefix}-`));
}
