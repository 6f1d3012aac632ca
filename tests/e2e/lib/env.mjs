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
export const MOCK_HOST = join(REPO, "tests/e2e/mock-host/podpis-mock-host.mjs");
export const CHROMIUM = process.env.PODPIS_CHROMIUM ?? "/usr/bin/chromium";
export const FIREFOX = process.env.PODPIS_FIREFOX ?? "/usr/bin/firefox-esr";

/** playwright-core from extension/node_modules. */
export const requireExt = createRequire(join(EXTENSION, "package.json"));

/** The real host binary: $PODPIS_HOST_BIN, else target/debug/podpis-host; null when absent. */
export function realHostBinary() {
  const p = process.env.PODPIS_HOST_BIN ? resolve(REPO, process.env.PODPIS_HOST_BIN) : join(REPO, "target/debug/podpis-host");
  return existsSync(p) ? p : null;
}

/** The scripted pinentry: $PODPIS_PINENTRY, else target/debug/podpis-test-pinentry; null when absent. */
export function testPinentry() {
  const p = process.env.PODPIS_PINENTRY ? resolve(REPO, process.env.PODPIS_PINENTRY) : join(REPO, "target/debug/podpis-test-pinentry");
  return existsSync(p) ? p : null;
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
