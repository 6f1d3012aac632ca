// Report flows, written once for both browsers (a ChromiumDriver or
// FirefoxDriver over the real extension): the official FNS XSDs from
// ../shared/formats are imported through the options page and compiled by
// the extension's WASM validator; checkReport; renderReport into a test
// page (the extension's frame, which the page cannot read); and, with the
// real podpis-host, SoftHSM2 and the GOST test token: signing a report with
// errors (rendered preview, override needed, OpenSSL verifies) and signing
// plain data with a GOST key, the Streebog digest computed by the extension
// (OpenSSL's gost engine recomputes it and verifies the signature).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, BIN_DIR, EXTENSION_ID, tempDir } from "./env.mjs";
import { EXT_BASE } from "./firefox.mjs";
import { createTokens, GOST_PIN, SOFTHSM_PIN } from "./tokens.mjs";
import { opensslVerifyCms, streebog256 } from "./verify.mjs";
import { importSchemas, installedForms, SHARED_FORMATS } from "./forms.mjs";
import { outdatedPack, plant } from "./pack-upgrade-flows.mjs";
import { waitUntil } from "./wait.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
export const FNS = join(SHARED_FORMATS, "fns");
export const NDFL6 = join(SHARED_FORMATS, "samples/gradosphera/NO_NDFL6.2_romashka.xml");
/** A complete ЕФС-1 schema set: several files joined by xs:import (namespace IRIs made ASCII by a third party). */
const EFS1_SET = join(SHARED_FORMATS, "sfr-efs1-2026-gradosphera-renamed");
const EFS1_SAMPLE = join(SHARED_FORMATS, "samples/gradosphera/EFS1_romashka.xml");
/** Why the report suites cannot run here, or false. */
export const formatsMissing = existsSync(FNS) && existsSync(NDFL6) ? false : `official formats not found at ${SHARED_FORMATS} (set PODPIS_SHARED_FORMATS)`;

/** `podpis-check` (compiles `.pack` files), built with the workspace. */
const PODPIS_CHECK = join(BIN_DIR, "podpis-check");

/** JS for the page: a File from base64 bytes. */
const FILE_FROM = "((a) => new File([Uint8Array.from(atob(a.b64), (c) => c.charCodeAt(0))], a.name, { type: 'application/xml' }))";
const fileArg = (path, name) => ({ b64: readFileSync(path).toString("base64"), name });
const hex = (b64) => Buffer.from(b64, "base64").toString("hex");

/** The render frame's base URL in this browser. */
const renderBase = (browser) => browser.name === "chromium" ? `chrome-extension://${EXTENSION_ID}/render.html#` : `${EXT_BASE}/render.html#`;

/**
 * Runs `fn` (a page function) inside the render frame of `tab` and returns
 * its result: Chromium through playwright's frame, Firefox by switching the
 * WebDriver context into the iframe.
 */
async function inRenderFrame(browser, tab, fn) {
  if (browser.name === "chromium") {
    const frame = tab.page.frames().find((f) => f.url().startsWith(renderBase(browser)));
    assert.ok(frame, "render frame");
    return frame.evaluate(fn);
  }
  return tab.in(async (ff) => {
    // The test page has one iframe: the render frame.
    await ff.cmd("POST", "/frame", { id: 0 });
    try {
      return await ff.exec(`return (${fn})()`);
    } finally {
      await ff.cmd("POST", "/frame/parent", {});
    }
  });
}

/** Forms, checkReport and renderReport; no host needed. */
export function reportSuite(browser, launch, env) {
  describe(`${browser}: report forms, checkReport, renderReport`, { skip: env.skip }, () => {
    const s = {};
    before(async () => {
      s.server = env.server();
      s.browser = await launch({});
      await s.browser.enableDevSites();
      s.tab = await s.browser.open(`${s.server.origin}/cabinet`);
    });
    after(async () => { await s.browser?.close(); });

    test("without forms: the popup says how to add them; checkReport → FORM_UNKNOWN after permission", async () => {
      const p = await s.browser.extensionPage("popup.html");
      await p.waitFor("#no-forms");
      assert.match(await p.text("#no-forms"), /Формы отчётности/);
      await p.close();
      const call = s.tab.call(`(p, a) => p.checkReport(${FILE_FROM}(a))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
      await (await s.browser.dialog("permission")).answer("#allow-always");
      const r = await call.result();
      assert.equal(r.error?.code, "FORM_UNKNOWN", JSON.stringify(r));
      assert.match(r.error.messageRu, /Формы отчётности/);
    });

    test("a broken XSD is refused with an error naming the file", async () => {
      const dir = tempDir("xsd");
      writeFileSync(join(dir, "broken_form.xsd"), '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="A" type="НетТакогоТипа"/>');
      await assert.rejects(importSchemas(s.browser, dir), (e) => {
        assert.match(e.text ?? e.message, /broken_form\.xsd/);
        return true;
      });
      assert.deepEqual(await installedForms(s.browser), []);
    });

    test("the official FNS XSDs compile in the extension; the options page lists them with КНД", async () => {
      const t0 = Date.now();
      const pack = await importSchemas(s.browser, FNS);
      console.log(`# ${browser}: compiled ${pack.forms.length} FNS forms in the extension in ${Date.now() - t0} ms`);
      const knds = pack.forms.map((f) => f.knd);
      for (const knd of ["1151100", "1151111", "1152017"]) assert.ok(knds.includes(knd), `КНД ${knd} in ${JSON.stringify(pack.forms)}`);
      const listed = await installedForms(s.browser);
      assert.equal(listed.length, 1);
      assert.equal(listed[0].forms.length, pack.forms.length);
      // The same form again is refused: the older pack would shadow it.
      await assert.rejects(importSchemas(s.browser, [join(FNS, "NO_NDFL6.2_1_231_00_05_05_02.xsd")]), (e) => e.code === "FORM_INSTALLED");
      const opts = await s.browser.extensionPage("options.html", { width: 1100, height: 1000 });
      await opts.waitFor(".forms-pack tr.form");
      await opts.shot("options-forms");
      await opts.close();
    });

    test("the popup counts the installed forms", async () => {
      const p = await s.browser.extensionPage("popup.html");
      await p.waitFor("#forms-installed");
      assert.ok(Number(await p.attr("#forms-installed", "data-count")) >= 7);
      await p.close();
    });

    test("checkReport: the 6-НДФЛ Ромашка sample fails 0400400007 (file name ≠ ИдФайл)", async () => {
      const t0 = Date.now();
      const r = await s.tab.call(`(p, a) => p.checkReport(${FILE_FROM}(a))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml")).result();
      console.log(`# ${browser}: checkReport (first call: loads the pack) ${Date.now() - t0} ms`);
      assert.equal(r.ok, true, JSON.stringify(r));
      s.checked = r.result;
      assert.equal(s.checked.knd, "1151100");
      assert.equal(typeof s.checked.elements, "number");
      assert.equal(s.checked.truncated, false);
      const f = s.checked.findings.find((x) => x.fns_code === "0400400007");
      assert.ok(f, JSON.stringify(s.checked.findings));
      assert.equal(f.severity, "Error");
      assert.match(f.message, /ИдФайл/);
      for (const x of s.checked.findings) {
        for (const k of ["severity", "code", "path", "line", "column", "message"]) assert.ok(k in x, `${k} in ${JSON.stringify(x)}`);
      }
    });

    test("checkReport: XML of no installed form → FORM_UNKNOWN", async () => {
      const r = await s.tab.call("(p) => p.checkReport(new File(['<?xml version=\"1.0\"?><Чужой/>'], 'x.xml'))").result();
      assert.equal(r.error?.code, "FORM_UNKNOWN", JSON.stringify(r));
    });

    test("renderReport: the extension's frame shows labels and inline error markers; the page cannot reach in", async () => {
      await s.tab.eval(() => { const d = document.createElement("div"); d.id = "report-here"; d.style.maxWidth = "960px"; document.body.append(d); });
      const r = await s.tab.call(`(p, a) => p.renderReport(${FILE_FROM}(a), document.getElementById("report-here"))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml")).result();
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.deepEqual(r.result, s.checked);
      const inPage = await s.tab.eval(() => {
        const f = document.querySelector("#report-here iframe");
        let reach;
        try { reach = f.contentDocument === null ? "blocked" : "open"; } catch { reach = "blocked"; }
        return { src: f.src, height: f.getBoundingClientRect().height, reach };
      });
      assert.ok(inPage.src.startsWith(renderBase(s.browser)), inPage.src);
      assert.equal(inPage.reach, "blocked");
      assert.ok(inPage.height > 300, `frame height ${inPage.height}`);
      const inside = await inRenderFrame(s.browser, s.tab, () => ({
        text: document.body.textContent,
        markers: document.querySelectorAll(".podpis-r-bad").length,
        anchors: [...document.querySelectorAll(".podpis-r-summary a[href^='#']")].filter((a) => document.getElementById(a.getAttribute("href").slice(1))).length,
      }));
      assert.match(inside.text, /Сведения о налоговом агенте/);
      assert.match(inside.text, /Ромашка/);
      assert.match(inside.text, /0400400007/);
      assert.ok(inside.markers > 0, "inline error markers");
      assert.ok(inside.anchors > 0, "summary links to the marked elements");
      // The frame follows its document's height (no inner scrollbar); layout may still settle.
      let last;
      await waitUntil(async () => {
        const doc = await inRenderFrame(s.browser, s.tab, () => document.documentElement.getBoundingClientRect().height);
        const frame = await s.tab.eval(() => document.querySelector("#report-here iframe").getBoundingClientRect().height);
        last = `frame ${frame} vs document ${doc}`;
        return Math.abs(doc - frame) < 2;
      }, "frame height = document height", 5000).catch(() => assert.fail(last));
      // What the user sees first (a full-page shot does not paint an
      // out-of-process frame below the first screen in headless Chromium).
      if (s.browser.name === "chromium") {
        await s.tab.page.setViewportSize({ width: 1000, height: 1400 });
        await s.tab.page.screenshot({ path: join(ARTIFACTS, "chromium-render-report.png") });
      } else {
        await s.tab.shot("render-report");
      }
    });

    test("a set of schemas joined by xs:import (ЕФС-1) is imported (Chromium: through the folder input)", async (t) => {
      if (!existsSync(EFS1_SET)) return t.skip(`${EFS1_SET} not found`);
      // geckodriver cannot hand a folder to an input: Firefox gets the folder's files through the files input.
      const folder = browser === "chromium";
      const pack = await importSchemas(s.browser, EFS1_SET, { input: folder ? "#import-folder" : "#import-xsd" });
      assert.deepEqual(pack.forms.map((f) => f.name), ["efs1"]);
      const listed = await installedForms(s.browser);
      if (folder) assert.ok(listed.some((p) => p.label === "sfr-efs1-2026-gradosphera-renamed"), JSON.stringify(listed));
      // The sample keeps the official Cyrillic namespace, which this renamed set does not describe.
      const r = await s.tab.call(`(p, a) => p.checkReport(${FILE_FROM}(a))`, fileArg(EFS1_SAMPLE, "EFS1_romashka.xml")).result();
      assert.equal(r.error?.code, "FORM_UNKNOWN", JSON.stringify(r));
    });

    test("a pack is deleted in the options page (two clicks); a ready .pack from `podpis-check compile` is imported; a damaged one is refused naming the file", async (t) => {
      if (!existsSync(PODPIS_CHECK)) return t.skip(`podpis-check not built (${PODPIS_CHECK}; cargo build -p podpis-validator)`);
      const opts = await s.browser.extensionPage("options.html");
      await opts.waitFor(".forms-pack .delete-pack");
      const packs = await installedForms(s.browser);
      for (const p of packs) {
        const btn = `.forms-pack[data-pack-id="${p.packId}"] .delete-pack`;
        await opts.waitFor(btn);
        await opts.click(btn);
        assert.match(await opts.text(btn), /Точно удалить/);
        await opts.click(btn);
        await waitUntil(async () => (await opts.count(`.forms-pack[data-pack-id="${p.packId}"]`)) === 0, "pack removed");
      }
      await opts.waitFor("#no-forms");
      await opts.close();
      assert.deepEqual(await installedForms(s.browser), []);
      const dir = tempDir("pack");
      const pack = join(dir, "ndfl6.pack");
      execFileSync(PODPIS_CHECK, ["compile", "--schemas", join(FNS, "NO_NDFL6.2_1_231_00_05_05_02.xsd"), "-o", pack], { stdio: "pipe" });
      const imported = await importSchemas(s.browser, pack, { input: "#import-pack" });
      assert.deepEqual(imported.forms.map((f) => f.knd), ["1151100"]);
      const r = await s.tab.call(`(p, a) => p.checkReport(${FILE_FROM}(a))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml")).result();
      assert.ok(r.result?.findings.some((x) => x.fns_code === "0400400007"), JSON.stringify(r));
      const damaged = join(dir, "damaged.pack");
      writeFileSync(damaged, readFileSync(pack).subarray(0, 200));
      await assert.rejects(importSchemas(s.browser, damaged, { input: "#import-pack" }), (e) => {
        assert.match(e.text ?? e.message, /damaged\.pack/);
        return true;
      });
    });
  });
}

/** Signing a report and GOST data through the real host. */
export function reportSigningSuite(browser, launch, env) {
  describe(`${browser}: signing reports and data through the real host`, { skip: env.skip }, () => {
    const s = {};
    before(async () => {
      s.server = env.server();
      s.fx = createTokens(env.bins, [s.server.origin]);
      s.browser = await launch({ host: env.bins.host, env: s.fx.hostEnv });
      await s.browser.enableDevSites();
      s.tab = await s.browser.open(`${s.server.origin}/cabinet`);
      const call = s.tab.call("(p) => p.listCertificates()");
      await (await s.browser.dialog("permission")).answer("#allow-always");
      assert.equal((await call.result()).ok, true);
    });
    after(async () => { await s.browser?.close(); });

    test("a report with errors: rendered preview with the check, confirm needs the override, OpenSSL verifies", async () => {
      await importSchemas(s.browser, FNS);
      s.fx.pin.answers(SOFTHSM_PIN);
      const bytes = readFileSync(NDFL6);
      const call = s.tab.call(`(p, a) => p.sign({ file: ${FILE_FROM}(a), format: "cms-detached", certificate: a.cert })`,
        { ...fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"), cert: s.fx.certs.rsa });
      const preview = await s.browser.dialog("preview");
      await preview.waitFor("#report[data-rendered='true']", 60000);
      assert.notEqual(await preview.attr("#report-summary", "data-errors"), "0");
      const doc = await preview.text("#report");
      assert.match(doc, /Сведения о налоговом агенте/);
      assert.match(doc, /0400400007/);
      assert.ok(await preview.count("#report .podpis-r-bad") > 0, "inline error markers");
      assert.equal(await preview.text("#doc-digest"), createHash("sha256").update(bytes).digest("base64"));
      assert.equal(await preview.eval(() => document.getElementById("confirm").disabled), true, "confirm is disabled while the report has errors");
      // Chromium's headless popup windows are 800×600 whatever size was asked: make it the real size.
      if (s.browser.name === "chromium") await preview.page.setViewportSize({ width: 960, height: 860 });
      await preview.shot("signing-preview-report");
      await preview.eval(() => document.getElementById("override").scrollIntoView({ block: "center" }));
      await preview.click("#override");
      assert.equal(await preview.eval(() => document.getElementById("confirm").disabled), false);
      await preview.shot("signing-preview-report-override");
      await preview.answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      opensslVerifyCms(s.fx, r.result.signature, bytes);
    });

    test("GOST key, plain data: the extension computes Streebog-256; the preview's digests equal OpenSSL's; the signed digest is the shown one", async () => {
      s.fx.pin.answers(GOST_PIN);
      const data = "Акт сверки № 17 — не отчёт, просто данные";
      const call = s.tab.call("(p, a) => p.sign({ data: a.data, format: 'cms-detached', certificate: a.cert, documentName: 'akt.txt' })",
        { data, cert: s.fx.certs.gost256 });
      const preview = await s.browser.dialog("preview");
      assert.equal(await preview.count("#report-check"), 0);
      const streebog = streebog256(s.fx, Buffer.from(data));
      assert.equal(await preview.text("#doc-digest"), streebog);
      assert.equal(await preview.text("#doc-streebog256"), hex(streebog));
      assert.equal(await preview.text("#doc-sha256"), createHash("sha256").update(data).digest("hex"));
      await preview.shot("signing-preview-digests");
      await preview.answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.result.digestAlgorithm, "streebog256");
      assert.equal(r.result.digest, streebog);
      opensslVerifyCms(s.fx, r.result.signature, Buffer.from(data));
    });

    test("a report whose form pack was made by an older Podpis: the preview says it is not checked and why; signing works, OpenSSL verifies", async () => {
      await plant(s.browser, [outdatedPack("00000000-0000-4000-8000-00000000c003")]);
      s.fx.pin.answers(SOFTHSM_PIN);
      const bytes = readFileSync(NDFL6);
      const call = s.tab.call(`(p, a) => p.sign({ file: ${FILE_FROM}(a), format: "cms-detached", certificate: a.cert })`,
        { ...fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"), cert: s.fx.certs.rsa });
      const preview = await s.browser.dialog("preview");
      await preview.waitFor("#report-outdated");
      assert.match(await preview.text("#report-outdated"), /не проверен: пакет форм «ndfl6-old\.pack» создан старой версией Podpis/);
      assert.equal(await preview.count("#report"), 0, "no rendered check");
      assert.equal(await preview.text("#doc-digest"), createHash("sha256").update(bytes).digest("base64"));
      if (s.browser.name === "chromium") await preview.page.setViewportSize({ width: 960, height: 860 });
      await preview.shot("signing-preview-pack-outdated");
      await preview.answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      opensslVerifyCms(s.fx, r.result.signature, bytes);
    });
  });
}
