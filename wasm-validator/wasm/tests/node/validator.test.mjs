// Node test of the built nodejs packages (scripts/build-wasm.sh) against the
// native `podpis-check` CLI: a pack compiled in WASM (`compileSchemas` of the
// schema-import module) is byte-identical to the one `podpis-check compile`
// writes, the main module loads it and has no compiler of its own, and every reference sample's WASM report
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
const schemaImport = createRequire(import.meta.url)(join(here, "../../pkg/nodejs/podpis_schema_import.js"));

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
      const pack = schemaImport.compileSchemas(schemaFiles(dir));
      assert.ok(pack instanceof Uint8Array);
      assert.ok(Buffer.from(pack).equals(readFileSync(out)), `${dir}: pack bytes differ`);
      assert.ok(wasm.Validator.fromPack(pack).forms().length > 0, `${dir}: the main module loads the pack`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("every sample: the WASM report equals podpis-check --json", () => {
  const tmp = mkdtempSync(join(tmpdir(), "podpis-wasm-"));
  try {
    const files = ["fns", "fns-old", "upd"].flatMap((d) => schemaFiles(d).map((f) => ({ ...f, name: `${d}/${f.name}` })));
    const pack = schemaImport.compileSchemas(files);
    const v = wasm.Validator.fromPack(pack);
    const packFile = join(tmp, "all.pack");
    writeFileSync(packFile, pack);
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

test("identifyDocument needs no pack: every sample's root and namespace are those of the form detect chooses", () => {
  const v = wasm.Validator.fromPack(schemaImport.compileSchemas(["fns", "fns-old", "upd"].flatMap((d) => schemaFiles(d).map((f) => ({ ...f, name: `${d}/${f.name}` })))));
  let detected = 0;
  for (const file of samples) {
    const bytes = readFileSync(file);
    const id = wasm.identifyDocument(bytes);
    const form = v.detect(bytes, basename(file));
    if (!form) continue;
    detected++;
    assert.ok(id, file);
    assert.equal(id.root, form.root, file);
    assert.equal(id.namespace, form.namespace, file);
    assert.ok(["windows-1251", "utf-8", "utf-16"].includes(id.encoding), file);
    if (form.knd && id.knd) assert.equal(id.knd, form.knd, file);
  }
  assert.ok(detected > 0);
  assert.equal(wasm.identifyDocument(Buffer.from("не XML")), undefined);
  assert.deepEqual(wasm.identifyDocument(Buffer.from('<?xml version="1.0"?><e:ЭДПФР xmlns:e="http://пф.рф/ЕФС-1"/>')),
    { root: "ЭДПФР", namespace: "http://пф.рф/ЕФС-1", encoding: "utf-8" });
});

test("the modules split: compiling is only in podpis_schema_import, which throws typed errors", () => {
  assert.equal(wasm.Validator.compile, undefined);
  assert.equal(wasm.compileSchemas, undefined);
  assert.equal(schemaImport.Validator, undefined);
  const err = (f) => { try { f(); } catch (e) { return e; } assert.fail("did not throw"); };
  const missing = err(() => schemaImport.compileSchemas([{ name: "main.xsd", bytes: Buffer.from('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="types.xsd"/></xs:schema>') }]));
  assert.equal(missing.name, "PodpisWasmError");
  assert.equal(missing.code, "SCHEMA_MISSING_FILE");
  assert.equal(missing.file, "main.xsd");
  assert.match(missing.messageEn, /types\.xsd/);
  assert.equal(err(() => schemaImport.compileSchemas([])).code, "invalid-argument");
  assert.equal(err(() => schemaImport.compileSchemas("fns/")).code, "invalid-argument");
});
