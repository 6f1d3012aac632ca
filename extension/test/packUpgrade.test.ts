// Packs made by an older Podpis (background/packUpgrade.ts, forms.ts, the
// module's pack-free identifyDocument): the decisions, and the whole path with the real
// WASM module compiling the official 6-НДФЛ schema — a stored pack of
// another format version is rebuilt from its schema files on the first
// check and stored; one without schema files (or whose schemas no longer
// compile) is marked outdated and its reports answer FORM_PACK_OUTDATED.
// IndexedDB: the `fake-indexeddb` test double (see packs.test.ts);
// `chrome.runtime.getManifest` is a test double giving the extension version.
import "fake-indexeddb/auto";
import { before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { addPack, DB_NAME, listPacks, markOutdated, packBytes, type PackInfo } from "../src/shared/packs";
import { loadWasm, type PodpisWasm } from "../src/shared/wasm";
import { loadSchemaImport } from "../src/shared/schemaImport";
import { onLoadFailure, worthLoading } from "../src/background/packUpgrade";
import { checkDocument, formFor, FormPackOutdated, outdatedPackFor, refreshPacks } from "../src/background/forms";
import { PodpisFailure } from "../src/shared/errors";

const VERSION = "9.9.9";
(globalThis as { chrome?: unknown }).chrome = { runtime: { getManifest: () => ({ version: VERSION }) } };

// dist/tests/ runs with the extension folder as the working directory.
const wasmFile = join(process.cwd(), "wasm", "podpis_wasm_bg.wasm");
const FORMATS = resolve(process.env.PODPIS_SHARED_FORMATS ?? join(process.cwd(), "../../shared/formats"));
const XSD = join(FORMATS, "fns/NO_NDFL6.2_1_231_00_05_05_02.xsd");
const SAMPLE = join(FORMATS, "samples/gradosphera/NO_NDFL6.2_romashka.xml");
const noFormats = existsSync(XSD) && existsSync(SAMPLE) ? false : `official formats not found at ${FORMATS} (set PODPIS_SHARED_FORMATS)`;

const enc = (s: string) => new TextEncoder().encode(s);
/** windows-1251 bytes of ASCII + Russian text (the encoder Node lacks; А–я, Ё, ё only). */
function cp1251(s: string): Uint8Array {
  return Uint8Array.from([...s].map((c) => {
    const u = c.codePointAt(0)!;
    if (u < 0x80) return u;
    if (u >= 0x410 && u <= 0x44f) return u - 0x410 + 0xc0;
    if (u === 0x401) return 0xa8;
    if (u === 0x451) return 0xb8;
    throw new Error(`no windows-1251 byte for ${c}`);
  }));
}

const ndfl = { name: "NO_NDFL6.2_1_231_00_05_05_02", knd: "1151100", version: "5.05", root: "Файл" };
const usn = { name: "NO_USN_1_030_00_05_09_01", knd: "1152017", version: "5.09", root: "Файл" };
const efs = { name: "efs1", root: "ЭДПФР", namespace: "http://пф.рф/ЕФС-1" };

test("a pack that does not load: rebuild it when it is an older format with schema files, else mark it outdated; damage is skipped", () => {
  assert.equal(onLoadFailure("PACK_VERSION", { hasSources: true }), "rebuild");
  assert.equal(onLoadFailure("PACK_VERSION", { hasSources: false }), "outdated");
  assert.equal(onLoadFailure("PACK_INVALID", { hasSources: true }), "skip");
  assert.equal(onLoadFailure(undefined, { hasSources: false }), "skip");
});

test("an outdated pack is not tried again by the same extension version (checks stay fast), but by the next one", () => {
  assert.equal(worthLoading({}, "1.0.0"), true);
  assert.equal(worthLoading({ outdated: { extensionVersion: "1.0.0", since: 1 } }, "1.0.0"), false);
  assert.equal(worthLoading({ outdated: { extensionVersion: "1.0.0", since: 1 } }, "1.1.0"), true);
});

test("a report's identity by the module (no pack): root, namespace, ВерсФорм, КНД, ИдФайл, encoding — in windows-1251, UTF-8 and UTF-16, after comments and declarations", async () => {
  const { identifyDocument } = await loadWasm(readFileSync(wasmFile));
  const fns = '<?xml version="1.0" encoding="windows-1251"?>\n<!-- выгрузка > из программы --><Файл ИдФайл="NO_NDFL6.2_x" ВерсФорм="5.05"><Документ КНД="1151100"/></Файл>';
  const id = identifyDocument(cp1251(fns));
  assert.deepEqual(id, { root: "Файл", version: "5.05", knd: "1151100", idFile: "NO_NDFL6.2_x", encoding: "windows-1251" });
  assert.deepEqual(identifyDocument(enc(fns.replace("windows-1251", "utf-8"))), { ...id, encoding: "utf-8" });
  const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Uint16Array.from([...'<?xml version="1.0" encoding="UTF-16"?><Файл ВерсФорм="5.05"/>'].map((c) => c.charCodeAt(0))).buffer)]);
  assert.deepEqual(identifyDocument(utf16), { root: "Файл", version: "5.05", encoding: "utf-16" });
  assert.deepEqual(identifyDocument(enc('<!DOCTYPE x><?pi?><e:ЭДПФР xmlns:e="http://пф.рф/ЕФС-1" xmlns="urn:other"/>')), { root: "ЭДПФР", namespace: "http://пф.рф/ЕФС-1", encoding: "utf-8" });
  assert.equal(identifyDocument(enc("не XML")), undefined);
  // A name that only ends like the attribute is not it.
  assert.equal(identifyDocument(enc('<Файл ПредВерсФорм="1" ВерсФорм="5.05"/>'))?.version, "5.05");
});

test("an outdated pack's form is found for a report by the module's identity; packs that load are not asked", async () => {
  const outdated = { outdated: { extensionVersion: VERSION, since: 1 } };
  const packs = [
    { id: "a", label: "УСН", forms: [usn], ...outdated },
    { id: "b", label: "6-НДФЛ", forms: [ndfl] },
    { id: "c", label: "6-НДФЛ (old)", forms: [ndfl], ...outdated },
  ] as unknown as PackInfo[];
  const fns = '<?xml version="1.0" encoding="windows-1251"?><Файл ВерсФорм="5.05"><Документ КНД="1151100"/></Файл>';
  const hit = await outdatedPackFor(cp1251(fns), packs);
  assert.equal(hit?.pack.id, "c");
  assert.equal(hit?.form.name, ndfl.name);
  assert.equal(await outdatedPackFor(enc("не XML"), packs), null);
  assert.equal(await outdatedPackFor(cp1251(fns), packs.filter((p) => p.id !== "c")), null, "another КНД");
});

test("the form of an outdated pack: root and namespace must match, КНД must not contradict, version preferred", () => {
  const id = { root: "Файл", version: "5.05", knd: "1151100", encoding: "utf-8" } as const;
  assert.equal(formFor([usn, ndfl], id)?.name, ndfl.name);
  assert.equal(formFor([usn], id), null, "another КНД");
  assert.equal(formFor([{ ...ndfl, version: "5.04" }, ndfl], id)?.version, "5.05");
  assert.equal(formFor([efs], id), null, "another root");
  assert.equal(formFor([efs], { root: "ЭДПФР", namespace: "urn:x", encoding: "utf-8" }), null, "another namespace");
  assert.equal(formFor([efs], { root: "ЭДПФР", namespace: "http://пф.рф/ЕФС-1", encoding: "utf-8" })?.name, "efs1");
  assert.equal(formFor([{ name: "f", root: "Файл" }], { root: "Файл", encoding: "utf-8" })?.name, "f", "a form without КНД takes its root");
});

/** With the real module: the official schema and a pack of it in an older format. */
const real: { wasm?: PodpisWasm; xsd?: Uint8Array; pack?: Uint8Array; oldPack?: Uint8Array; sample?: Uint8Array; forms?: PackInfo["forms"] } = {};

before(async () => {
  real.wasm = await loadWasm(readFileSync(wasmFile));
  // The compiler module (the background loads it to rebuild packs).
  const compiler = await loadSchemaImport(readFileSync(join(process.cwd(), "wasm", "podpis_schema_import_bg.wasm")));
  if (noFormats) return;
  real.xsd = new Uint8Array(readFileSync(XSD));
  real.sample = new Uint8Array(readFileSync(SAMPLE));
  real.pack = compiler.compileSchemas([{ name: "NO_NDFL6.2_1_231_00_05_05_02.xsd", bytes: real.xsd }]);
  const v = real.wasm.Validator.fromPack(real.pack);
  real.forms = v.forms();
  v.free?.();
  // The header: 8 magic bytes, then the format version (u16, little-endian).
  real.oldPack = real.pack.slice();
  const version = real.oldPack[8]! | (real.oldPack[9]! << 8);
  real.oldPack[8] = (version - 1) & 0xff;
  real.oldPack[9] = (version - 1) >> 8;
});

beforeEach(() => new Promise<void>((resolve, reject) => {
  const r = indexedDB.deleteDatabase(DB_NAME);
  r.onsuccess = () => resolve();
  r.onerror = () => reject(r.error);
}));

/** The error `checkDocument` rejects with. */
async function failure(bytes: Uint8Array, name: string): Promise<PodpisFailure> {
  try {
    await checkDocument(bytes, name, "ru");
  } catch (e) {
    assert.ok(e instanceof PodpisFailure, String(e));
    return e;
  }
  assert.fail("checkDocument resolved");
}

test("a pack of an older format with its schema files is rebuilt on the first check, stored, and checks the report", { skip: noFormats }, async () => {
  assert.throws(() => real.wasm!.Validator.fromPack(real.oldPack!), (e: { code?: string }) => e.code === "PACK_VERSION");
  const p = await addPack({ label: "6-НДФЛ", source: "xsd", files: ["NO_NDFL6.2_1_231_00_05_05_02.xsd"], forms: real.forms! }, real.oldPack!,
    [{ name: "NO_NDFL6.2_1_231_00_05_05_02.xsd", bytes: real.xsd! }]);
  const { recognized, report } = await checkDocument(real.sample!, "NO_NDFL6.2_romashka.xml", "ru");
  assert.equal(recognized.packId, p.id);
  assert.equal(report.knd, "1151100");
  assert.ok(report.findings.some((f) => f.fns_code === "0400400007"), JSON.stringify(report.findings));
  const [stored] = await listPacks();
  assert.equal(stored!.outdated, undefined);
  assert.equal(typeof stored!.rebuiltAt, "number");
  const bytes = (await packBytes(p.id))!;
  assert.deepEqual(bytes, real.pack, "the stored blob is the current format (byte-identical to a fresh compile)");
  assert.equal(stored!.size, real.pack!.length);
  // Stored: the next start of the background loads it without compiling.
  real.wasm!.Validator.fromPack(bytes).free?.();
  // The next check uses the cached validator: no second rebuild.
  await checkDocument(real.sample!, "NO_NDFL6.2_romashka.xml", "ru");
  assert.equal((await listPacks())[0]!.rebuiltAt, stored!.rebuiltAt);
});

test("a .pack of an older format (no schema files) is marked outdated: its forms answer FORM_PACK_OUTDATED, others FORM_UNKNOWN", { skip: noFormats }, async () => {
  const p = await addPack({ label: "ndfl6.pack", source: "pack", files: ["ndfl6.pack"], forms: real.forms! }, real.oldPack!);
  const e = await failure(real.sample!, "NO_NDFL6.2_romashka.xml");
  assert.equal(e.code, "FORM_PACK_OUTDATED");
  assert.ok(e instanceof FormPackOutdated);
  assert.equal(e.pack.id, p.id);
  assert.equal(e.form.knd, "1151100");
  const [stored] = await listPacks();
  assert.equal(stored!.outdated?.extensionVersion, VERSION);
  assert.equal(stored!.outdated?.rebuildError, undefined);
  assert.deepEqual(await packBytes(p.id), real.oldPack, "the blob is kept as it was");
  assert.equal((await failure(enc('<?xml version="1.0"?><Чужой/>'), "x.xml")).code, "FORM_UNKNOWN");
  assert.equal((await failure(enc('<Файл ВерсФорм="5.09"><Документ КНД="1152017"/></Файл>'), "usn.xml")).code, "FORM_UNKNOWN", "another FNS form");
});

test("schema files that no longer compile: the pack is marked outdated with the module's error", { skip: noFormats }, async () => {
  const broken = enc('<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="Файл" type="НетТакогоТипа"/></xs:schema>');
  await addPack({ label: "6-НДФЛ", source: "xsd", files: ["NO_NDFL6.2_1_231_00_05_05_02.xsd"], forms: real.forms! }, real.oldPack!,
    [{ name: "NO_NDFL6.2_1_231_00_05_05_02.xsd", bytes: broken }]);
  const [stored] = await refreshPacks();
  assert.match(stored!.outdated?.rebuildError?.code ?? "", /^SCHEMA_/);
  assert.match(stored!.outdated?.rebuildError?.message ?? "", /NO_NDFL6\.2_1_231_00_05_05_02\.xsd/);
  assert.equal((await failure(real.sample!, "NO_NDFL6.2_romashka.xml")).code, "FORM_PACK_OUTDATED");
});

test("a pack this version marked outdated is not loaded again; one marked by an older version is", { skip: noFormats }, async () => {
  const p = await addPack({ label: "6-НДФЛ", source: "xsd", files: ["a.xsd"], forms: real.forms! }, real.pack!);
  await markOutdated(p.id, { extensionVersion: VERSION, since: 1 });
  assert.equal((await failure(real.sample!, "NO_NDFL6.2_romashka.xml")).code, "FORM_PACK_OUTDATED");
  await markOutdated(p.id, { extensionVersion: "0.0.1", since: 1 });
  const { recognized } = await checkDocument(real.sample!, "NO_NDFL6.2_romashka.xml", "ru");
  assert.equal(recognized.packId, p.id);
  assert.equal((await listPacks())[0]!.outdated, undefined, "it loads: the mark is cleared");
});
