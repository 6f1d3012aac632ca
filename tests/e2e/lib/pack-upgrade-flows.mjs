// Form packs after a Podpis upgrade, written once for both browsers (a
// ChromiumDriver or FirefoxDriver over the real extension). A pack is the
// WASM module's own binary format; a new Podpis refuses an older one with
// PACK_VERSION. What an upgraded user has is planted through the options
// page's own IndexedDB (`podpis-forms`): a pack whose blob carries an older
// format number (the magic `PODPISVP` and format 1: the loader refuses it
// on the header, as it refuses any older pack), with the official 6-НДФЛ
// XSD kept as its source, or as a ready `.pack` without sources. Then:
// the background rebuilds the first from its kept schema and checkReport
// works without the user; the second is shown outdated in the options page
// (screenshot), checkReport answers FORM_PACK_OUTDATED, and importing the
// schema again through the card replaces it.
import { before, after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importSchemas, installedForms, SHARED_FORMATS } from "./forms.mjs";

const XSD = join(SHARED_FORMATS, "fns/NO_NDFL6.2_1_231_00_05_05_02.xsd");
const SAMPLE = join(SHARED_FORMATS, "samples/gradosphera/NO_NDFL6.2_romashka.xml");
/** The forms the planted pack "used to provide" (as `Validator.forms()` lists them). */
const NDFL6_FORMS = [{ name: "NO_NDFL6.2_1_231_00_05_05_02", knd: "1151100", version: "5.05", root: "Файл", title: "Расчет сумм налога на доходы физических лиц, исчисленных и удержанных налоговым агентом" }];
/** A pack blob of format 1: magic, format number (u16 LE), a body no loader reads. */
const OLD_PACK = Buffer.concat([Buffer.from("PODPISVP"), Buffer.from([1, 0]), Buffer.alloc(54, 0x2a)]);

/** JS for the page: a File from base64 bytes. */
const FILE_FROM = "((a) => new File([Uint8Array.from(atob(a.b64), (c) => c.charCodeAt(0))], a.name, { type: 'application/xml' }))";
const sampleArg = () => ({ b64: readFileSync(SAMPLE).toString("base64"), name: "NO_NDFL6.2_romashka.xml" });

/**
 * Runs in the options page: replaces every stored pack by `packs`
 * ([{info, bytes, sources?}] with base64 bytes), as an older Podpis left them.
 */
async function plantPacks(packs) {
  const b = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open("podpis-forms");
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  try {
    await new Promise((resolve, reject) => {
      const t = db.transaction(["packs", "packBytes", "packSources"], "readwrite");
      for (const s of ["packs", "packBytes", "packSources"]) t.objectStore(s).clear();
      for (const p of packs) {
        t.objectStore("packs").put(p.info);
        t.objectStore("packBytes").put({ id: p.info.id, bytes: b(p.bytes) });
        if (p.sources) t.objectStore("packSources").put({ id: p.info.id, files: p.sources.map((f) => ({ name: f.name, bytes: b(f.bytes) })) });
      }
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    });
    return db.version;
  } finally {
    db.close();
  }
}

/** Runs in the options page: the stored record of pack `id` and its blob's format number. */
async function storedPack(id) {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open("podpis-forms");
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  try {
    const get = (store) => new Promise((resolve, reject) => {
      const r = db.transaction([store], "readonly").objectStore(store).get(id);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const info = await get("packs");
    const blob = await get("packBytes");
    return { info: info ?? null, format: blob ? blob.bytes[8] | (blob.bytes[9] << 8) : null, size: blob ? blob.bytes.length : 0 };
  } finally {
    db.close();
  }
}

/** Replaces the extension's packs by `packs` ([{info, bytes, sources?}], base64) through a fresh options page. */
export async function plant(browser, packs) {
  const opts = await browser.extensionPage("options.html");
  try {
    await opts.waitFor("#forms");
    assert.equal(await opts.eval(plantPacks, packs), 2, "the extension's database is at version 2");
  } finally {
    await opts.close();
  }
}

/** A format-1 `.pack` of the 6-НДФЛ without sources, as `plant` takes it. */
export function outdatedPack(id) {
  return { info: oldRecord(id, "pack"), bytes: OLD_PACK.toString("base64") };
}

/** A pack record as an older Podpis stored it. */
function oldRecord(id, source) {
  const label = source === "xsd" ? "NO_NDFL6.2_1_231_00_05_05_02.xsd" : "ndfl6-old.pack";
  return { id, label, source, files: [label], size: OLD_PACK.length, importedAt: Date.now() - 86_400_000, forms: NDFL6_FORMS, hasSources: source === "xsd" };
}

/** Packs made by an older Podpis; no host needed. */
export function packUpgradeSuite(browser, launch, env) {
  describe(`${browser}: form packs made by an older Podpis`, { skip: env.skip }, () => {
    const s = {};
    before(async () => {
      s.browser = await launch({});
      await s.browser.enableDevSites();
      s.tab = await s.browser.open(`${env.server().origin}/cabinet`);
      // The site's permission once (checkReport asks like the certificate calls).
      const call = s.tab.call("(p) => p.checkReport(new File(['<a/>'], 'a.xml'))");
      await (await s.browser.dialog("permission")).answer("#allow-always");
      assert.equal((await call.result()).error?.code, "FORM_UNKNOWN");
    });
    after(async () => { await s.browser?.close(); });

    const check = () => s.tab.call(`(p, a) => p.checkReport(${FILE_FROM}(a))`, sampleArg()).result();

    test("a pack of an older format with its XSD kept is rebuilt in the background: checkReport works, the new pack is stored", async () => {
      const id = "00000000-0000-4000-8000-00000000a001";
      await plant(s.browser, [{ info: oldRecord(id, "xsd"), bytes: OLD_PACK.toString("base64"), sources: [{ name: "NO_NDFL6.2_1_231_00_05_05_02.xsd", bytes: readFileSync(XSD).toString("base64") }] }]);
      const t0 = Date.now();
      const r = await check();
      console.log(`# ${browser}: checkReport with the pack rebuilt from its XSD first ${Date.now() - t0} ms`);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.result.knd, "1151100");
      assert.ok(r.result.findings.some((f) => f.fns_code === "0400400007"), JSON.stringify(r.result.findings));
      const opts = await s.browser.extensionPage("options.html", { width: 1100, height: 900 });
      await opts.waitFor(`.forms-pack[data-pack-id="${id}"][data-rebuilt="true"]`);
      const stored = await opts.eval(storedPack, id);
      assert.notEqual(stored.format, 1, "the stored blob is the current format");
      assert.ok(stored.size > 1000, `rebuilt pack of ${stored.size} bytes`);
      assert.equal(stored.info.size, stored.size);
      assert.equal(stored.info.outdated, undefined);
      assert.equal(await opts.count(".forms-pack[data-outdated='true']"), 0);
      assert.match(await opts.text(`.forms-pack[data-pack-id="${id}"] .forms-head`), /пересобран из сохранённых схем/);
      await opts.shot("options-pack-rebuilt");
      await opts.close();
      const again = await check();
      assert.deepEqual(again.result, r.result, "the next check: the same report, from the stored pack");
    });

    test("a .pack of an older format (no sources): shown outdated with its forms, checkReport → FORM_PACK_OUTDATED, re-importing the XSD replaces it", async () => {
      const id = "00000000-0000-4000-8000-00000000b002";
      await plant(s.browser, [outdatedPack(id)]);
      const opts = await s.browser.extensionPage("options.html", { width: 1100, height: 900 });
      // The options page asks the background to load the packs, which marks this one.
      const card = `.forms-pack[data-pack-id="${id}"]`;
      await opts.waitFor(`${card}[data-outdated="true"] .pack-outdated`, 30000);
      const text = await opts.text(`${card} .pack-outdated`);
      assert.match(text, /создан старой версией Podpis — импортируйте схемы заново/);
      assert.match(text, /не сохранены/);
      assert.equal(await opts.attr(`${card} tr.form`, "data-form"), "NO_NDFL6.2_1_231_00_05_05_02");
      assert.equal(await opts.attr("#forms-outdated", "data-count"), "1");
      assert.equal(await opts.count("#forms-count"), 0, "no usable forms are counted");
      await opts.shot("options-pack-outdated");
      await opts.close();

      const r = await check();
      assert.equal(r.error?.code, "FORM_PACK_OUTDATED", JSON.stringify(r));
      assert.match(r.error.messageRu, /старой версией Podpis/);
      assert.match(r.error.messageEn, /older version of Podpis/);
      const other = await s.tab.call("(p) => p.checkReport(new File(['<?xml version=\"1.0\"?><Чужой/>'], 'x.xml'))").result();
      assert.equal(other.error?.code, "FORM_UNKNOWN", JSON.stringify(other));
      const popup = await s.browser.extensionPage("popup.html");
      await popup.waitFor("#forms-outdated");
      assert.match(await popup.text("#forms-outdated"), /старой версией Podpis: 1/);
      await popup.close();

      // The card's own re-import: the new pack replaces the outdated one.
      const imported = await importSchemas(s.browser, [XSD], { input: `${card} .reimport-xsd` });
      assert.deepEqual(imported.forms.map((f) => f.knd), ["1151100"]);
      assert.match(imported.text, /заменён/);
      const listed = await installedForms(s.browser);
      assert.deepEqual(listed.map((p) => p.packId), [imported.packId]);
      const fixed = await check();
      assert.equal(fixed.ok, true, JSON.stringify(fixed));
      assert.equal(fixed.result.knd, "1151100");
    });
  });
}
