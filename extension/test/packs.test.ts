// The form-pack store (shared/packs.ts): the upgrade of a version-1
// database (packs kept, marked as having no schema files) and the new
// store of schema files. Node has no IndexedDB: `fake-indexeddb` is the
// test double (an in-memory implementation of the IndexedDB API, checked
// by its authors against the W3C web-platform tests); the browsers' own
// IndexedDB is exercised by the e2e tests (tests/e2e/lib/pack-upgrade-flows.mjs).
import "fake-indexeddb/auto";
import { beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { addPack, DB_NAME, DB_VERSION, deletePack, listPacks, markOutdated, packBytes, packSources, replacePackBytes, type PackInfo } from "../src/shared/packs";

/** Deletes the database (the store's open connection closes itself on `versionchange`). */
function dropDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(DB_NAME);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
  });
}

/** A database exactly as version 1 of the extension left it: one pack imported from XSD. */
function plantVersion1(pack: Record<string, unknown>, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore("packs", { keyPath: "id" });
      req.result.createObjectStore("packBytes", { keyPath: "id" });
    };
    req.onsuccess = () => {
      const d = req.result;
      const t = d.transaction(["packs", "packBytes"], "readwrite");
      t.objectStore("packs").put(pack);
      t.objectStore("packBytes").put({ id: pack.id, bytes });
      t.oncomplete = () => { d.close(); resolve(); };
      t.onerror = () => reject(t.error);
    };
    req.onerror = () => reject(req.error);
  });
}

/** The database's version and stores as another connection sees them. */
function inspect(): Promise<{ version: number; stores: string[] }> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    req.onsuccess = () => {
      const d = req.result;
      const out = { version: d.version, stores: [...d.objectStoreNames].sort() };
      d.close();
      resolve(out);
    };
    req.onerror = () => reject(req.error);
  });
}

const form = { name: "NO_NDFL6.2_1_231_00_05_05_02", knd: "1151100", version: "5.05", root: "Файл", title: "6-НДФЛ" };
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

beforeEach(dropDatabase);

test("a version-1 database is upgraded: its packs stay, marked as having no schema files; the schema-file store is added", async () => {
  const v1 = { id: "old-1", label: "fns", source: "xsd", files: ["a.xsd", "b.xsd"], size: 3, importedAt: 1000, forms: [form] };
  await plantVersion1(v1, bytes(3, 7));
  const packs = await listPacks();
  assert.deepEqual(packs, [{ ...v1, hasSources: false }]);
  assert.deepEqual(await packBytes("old-1"), bytes(3, 7));
  assert.equal(await packSources("old-1"), null);
  assert.deepEqual(await inspect(), { version: DB_VERSION, stores: ["packBytes", "packSources", "packs"] });
});

test("a new database has the three stores; an XSD import keeps its schema files, a .pack import has none", async () => {
  const sources = [{ name: "dir/a.xsd", bytes: bytes(5, 1) }, { name: "b.xsd", bytes: bytes(2, 2) }];
  const x = await addPack({ label: "fns", source: "xsd", files: ["dir/a.xsd", "b.xsd"], forms: [form] }, bytes(10, 9), sources);
  const p = await addPack({ label: "x.pack", source: "pack", files: ["x.pack"], forms: [form] }, bytes(4, 9));
  assert.deepEqual(await inspect(), { version: DB_VERSION, stores: ["packBytes", "packSources", "packs"] });
  assert.equal(x.hasSources, true);
  assert.equal(x.size, 10);
  assert.equal(p.hasSources, false);
  assert.deepEqual(await packSources(x.id), sources);
  assert.equal(await packSources(p.id), null);
  // Both imports may share a millisecond (listPacks orders by import time), so compare as sets.
  assert.deepEqual((await listPacks()).map((i) => i.id).sort(), [x.id, p.id].sort());
  await deletePack(x.id);
  assert.equal(await packSources(x.id), null);
  assert.equal(await packBytes(x.id), null);
  assert.deepEqual((await listPacks()).map((i) => i.id), [p.id]);
});

test("marking a pack outdated, then storing its rebuilt blob clears the mark and records the rebuild", async () => {
  const x = await addPack({ label: "fns", source: "xsd", files: ["a.xsd"], forms: [form] }, bytes(10, 9), [{ name: "a.xsd", bytes: bytes(1, 1) }]);
  const outdated = { extensionVersion: "0.1.0", since: 5, rebuildError: { code: "SCHEMA_INVALID", message: "плохая схема", messageEn: "bad schema" } };
  assert.deepEqual((await markOutdated(x.id, outdated))?.outdated, outdated);
  assert.deepEqual((await listPacks())[0]!.outdated, outdated);
  const renamed = { ...form, title: "Расчёт 6-НДФЛ" };
  const r = await replacePackBytes(x.id, bytes(20, 3), [renamed], 777);
  const expected: PackInfo = { ...x, size: 20, forms: [renamed], rebuiltAt: 777 };
  assert.deepEqual(r, expected);
  assert.deepEqual(await listPacks(), [expected]);
  assert.deepEqual(await packBytes(x.id), bytes(20, 3));
  assert.equal((await packSources(x.id))?.length, 1, "the schema files stay");
});

test("updates of a deleted pack change nothing", async () => {
  const x = await addPack({ label: "x.pack", source: "pack", files: ["x.pack"], forms: [form] }, bytes(4, 9));
  await deletePack(x.id);
  assert.equal(await replacePackBytes(x.id, bytes(2, 2), []), null);
  assert.equal(await markOutdated(x.id, { extensionVersion: "1", since: 1 }), null);
  assert.deepEqual(await listPacks(), []);
  assert.equal(await packBytes(x.id), null);
});
