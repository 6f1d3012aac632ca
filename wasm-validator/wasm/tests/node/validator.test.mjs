// Node test of the built nodejs package (scripts/build-wasm.sh) against the
// native `podpis-check` CLI: a pack compiled in WASM is byte-identical to the
// one `podpis-check compile` writes, and every reference sample's WASM report
// equals the `report` of `podpis-check --json` for it (checked with the pack
// the WASM module produced, so packs are interchangeable both ways).
// Needs ../shared/formats (or PODPIS_SHARED_FORMATS) and a built podpis-check
// ($PODPIS_CHECK_BIN, else $CARGO_TARGET_DIR/debug or target/debug).
// Run: node --test wasm-validator/wasm/tests/node/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../../..");
const pkgPath = join(here, "../../pkg/nodejs/podpis_wasm.js");
if (!existsSync(pkgPath)) throw new Error(`${pkgPath} is missing: run scripts/build-wasm.sh first`);
const wasm = createRequire(import.meta.url)(pkgPath);

const formats = resolve(process.env.PODPIS_SHARED_FORMATS ?? join(repo, "../shared/formats"));
if (!existsSync(join(formats, "fns"))) throw new Error(`reference formats not found at ${formats}: set PODPIS_SHARED_FORMATS`);
const cli = [process.env.PODPIS_CHECK_BIN, process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "debug/podpis-check"), join(repo, "target/debug/podpis-check")]
  .filter(Boolean).find((p) => existsSync(p));
if (!cli) throw new Error("podpis-check is not built: cargo build -p podpis-validator (or set PODPIS_CHECK_BIN)");

function walk(dir, ext) {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}
const schemaFiles = (dir) => walk(join(formats, dir), ".xsd").map((p) => ({ name: relative(join(formats, dir), p), bytes: readFileSync(p) }));
const samples = walk(join(formats, "samples"), ".xml");

test("a pack compiled in WASM is byte-identical to podpis-check compile's", () => {
  const tmp = mkdtempSync(join(tmpdir(), "podpis-wasm-"));
  try {
    for (const dir of ["fns", "upd"]) {
      const out = join(tmp, `${dir}.pack`);
      execFileSync(cli, ["compile", "--schemas", join(formats, dir), "-o", out], { stdio: "pipe" });
      const v = wasm.Validator.compile(schemaFiles(dir));
      assert.ok(Buffer.from(v.toPack()).equals(readFileSync(out)), `${dir}: pack bytes differ`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("every sample: the WASM report equals podpis-check --json", () => {
  const tmp = mkdtempSync(join(tmpdir(), "podpis-wasm-"));
  try {
    const files = ["fns", "fns-old", "upd"].flatMap((d) => schemaFiles(d).map((f) => ({ ...f, name: `${d}/${f.name}` })));
    const v = wasm.Validator.compile(files);
    const packFile = join(tmp, "all.pack");
    writeFileSync(packFile, v.toPack());
    for (const lang of ["ru", "en"]) {
      // Exit status 1 = some report has errors; stdout is the JSON either way.
      const run = spawnSync(cli, [...samples, "--pack", packFile, "--json", "--lang", lang], { maxBuffer: 1 << 26 });
      assert.ok(run.status === 0 || run.status === 1, run.stderr.toString());
      const native = JSON.parse(run.stdout.toString());
      assert.equal(native.length, samples.length);
      for (const { file, report } of native) {
        const got = v.check(readFileSync(file), basename(file), lang);
        assert.deepEqual(got, report, `${file} (${lang})`);
        assert.equal(v.detect(readFileSync(file), basename(file))?.name, report.form ?? undefined, file);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
