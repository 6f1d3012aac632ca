// Builds the extension for Chrome and Firefox from one source tree:
//   node scripts/build.mjs          → dist/chrome/, dist/firefox/
//   node scripts/build.mjs --tests  → also dist/tests/*.test.mjs (unit tests)
//
// Needs the WASM module first: `bash scripts/build-wasm.sh` (repository
// root) fills extension/wasm/, which is bundled (the JS glue) and copied
// (the .wasm and report.css) into every build. A missing module fails the
// build: an extension without it cannot digest, check or render.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const withTests = process.argv.includes("--tests");

/** Entry points → output names. */
const entries = {
  "background": "src/background/index.ts",
  "content/bridge": "src/content/bridge.ts",
  "content/main-world": "src/content/main-world.ts",
  "ui/dialog": "src/ui/dialog.ts",
  "ui/popup": "src/ui/popup.ts",
  "ui/options": "src/ui/options.ts",
  "ui/render": "src/ui/render.ts",
};

/** Files of extension/wasm/ every build needs (made by scripts/build-wasm.sh). */
const WASM_FILES = ["podpis_wasm.js", "podpis_wasm_bg.wasm", "podpis_schema_import.js", "podpis_schema_import_bg.wasm", "report.css"];
/** The JS glue (bundled into the scripts that import it, not copied). */
const WASM_GLUE = ["podpis_wasm.js", "podpis_schema_import.js"];
const wasmDir = join(root, "wasm");
const missing = WASM_FILES.filter((f) => !existsSync(join(wasmDir, f)));
if (missing.length > 0) {
  console.error(`build: extension/wasm/ lacks ${missing.join(", ")}.\n` +
    "build: run `bash scripts/build-wasm.sh` from the repository root first (it builds the WASM module and copies it here).");
  process.exit(1);
}
// An old build of the modules would bundle, then fail at run time.
for (const [file, names] of [["podpis_wasm.js", ["class Digest", "class Validator"]], ["podpis_schema_import.js", ["function compileSchemas"]]]) {
  const glue = await readFile(join(wasmDir, file), "utf8");
  for (const name of names) {
    if (!glue.includes(name)) {
      console.error(`build: extension/wasm/${file} has no ${name}: it is an old build; run \`bash scripts/build-wasm.sh\` again.`);
      process.exit(1);
    }
  }
}

/** The browser's manifest: common keys plus its own section. */
function manifestFor(template, browser) {
  const { chrome, firefox, ...common } = template;
  return { ...common, ...(browser === "chrome" ? chrome : firefox) };
}

const template = JSON.parse(await readFile(join(root, "manifest.template.json"), "utf8"));
for (const browser of ["chrome", "firefox"]) {
  const out = join(dist, browser);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).filter(([k]) => !k.startsWith("content/")).map(([k, v]) => [k, join(root, v)])),
    outdir: out,
    bundle: true,
    format: "esm",
    target: browser === "chrome" ? "chrome111" : "firefox140",
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
  // Content scripts are classic scripts: rebuild them as IIFEs.
  await build({
    entryPoints: { "content/bridge": join(root, entries["content/bridge"]), "content/main-world": join(root, entries["content/main-world"]) },
    outdir: out, bundle: true, format: "iife", target: browser === "chrome" ? "chrome111" : "firefox140", logLevel: "warning",
  });
  for (const dir of ["_locales", "icons", "static"]) await cp(join(root, dir), join(out, dir === "static" ? "." : dir), { recursive: true });
  // The module itself and the renderer's stylesheet; the JS glue is bundled.
  await mkdir(join(out, "wasm"));
  for (const f of WASM_FILES.filter((f) => !WASM_GLUE.includes(f))) await cp(join(wasmDir, f), join(out, "wasm", f));
  await writeFile(join(out, "manifest.json"), JSON.stringify(manifestFor(template, browser), null, 2) + "\n");
}

if (withTests) {
  const testDir = join(root, "test");
  const files = (await readdir(testDir)).filter((f) => f.endsWith(".test.ts"));
  await rm(join(dist, "tests"), { recursive: true, force: true });
  await build({
    entryPoints: files.map((f) => join(testDir, f)),
    outdir: join(dist, "tests"),
    outExtension: { ".js": ".mjs" },
    bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning",
    external: ["node:*"],
  });
}
console.log(`built ${Object.keys(entries).length} entries for chrome and firefox${withTests ? " + unit tests" : ""}`);
