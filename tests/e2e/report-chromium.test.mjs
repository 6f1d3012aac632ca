// Browser tests, Chromium: report forms and checks with the real extension.
// The official FNS XSDs from ../shared/formats are imported through the
// options page and compiled by the extension's WASM validator; then
// checkReport, renderReport (the extension's frame inside a test page), and
// signing a report with errors through the real podpis-host + SoftHSM2
// (override needed; OpenSSL verifies the signature) and plain data with the
// SHA-256 / Streebog-256 the extension computed (OpenSSL and its gost
// engine recompute them).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, EXTENSION_ID, REPO, realHostBinary, tempDir, testPinentry } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { answer, enableDevSites, launchChromium, nextDialog, openCabinet, podpisCall } from "./lib/chromium.mjs";
import { createToken, SOFTHSM_MODULE, USER_PIN } from "./lib/softhsm.mjs";
import { importSchemas, installedForms, SHARED_FORMATS } from "./lib/forms.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `chromium-${name}.png`), fullPage: true });
/** Dialog windows have a sticky button bar: shoot a tall viewport instead of a full page. */
async function shotDialog(page, name, width, height) {
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: join(ARTIFACTS, `chromium-${name}.png`) });
}
const FNS = join(SHARED_FORMATS, "fns");
const NDFL6 = join(SHARED_FORMATS, "samples/gradosphera/NO_NDFL6.2_romashka.xml");
const skip = existsSync(FNS) && existsSync(NDFL6) ? false : `official formats not found at ${SHARED_FORMATS} (set PODPIS_SHARED_FORMATS)`;
const OPENSSL_GOST = join(REPO, "wasm-validator/wasm/tests/openssl-gost.cnf");

/** JS for the page: a File from base64 bytes. */
const FILE_FROM = "(a) => new File([Uint8Array.from(atob(a.b64), (c) => c.charCodeAt(0))], a.name, { type: 'application/xml' })";
const fileArg = (path, name) => ({ b64: readFileSync(path).toString("base64"), name });

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

describe("chromium: report forms, checkReport, renderReport", { skip }, () => {
  let b, page;
  before(async () => {
    b = await launchChromium();
    await enableDevSites(b.context);
    page = await openCabinet(b.context, server.origin);
  });
  after(async () => { await b?.close(); });

  test("without forms the popup says how to add them and checkReport → FORM_UNKNOWN", async () => {
    const p = await b.context.newPage();
    await p.setViewportSize({ width: 432, height: 600 });
    await p.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await p.waitForSelector("#no-forms");
    assert.match(await p.textContent("#no-forms"), /Формы отчётности/);
    await p.close();
    const call = podpisCall(page, `(p, a) => p.checkReport((${FILE_FROM})(a))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
    const dlg = await nextDialog(b.context, "permission");
    await answer(dlg, "#allow-always");
    const r = await call;
    assert.equal(r.error?.code, "FORM_UNKNOWN", JSON.stringify(r));
    assert.match(r.error.messageRu, /Формы отчётности/);
  });

  test("a broken XSD is refused with an error naming the file", async () => {
    const dir = tempDir("xsd");
    writeFileSync(join(dir, "broken_form.xsd"), '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="A" type="НетТакогоТипа"/>');
    await assert.rejects(importSchemas(b.context, dir), (e) => {
      assert.match(e.text, /broken_form\.xsd/);
      return true;
    });
    assert.deepEqual(await installedForms(b.context), []);
  });

  test("the official FNS XSDs compile in the extension; the options page lists them with КНД", async () => {
    const t0 = Date.now();
    const pack = await importSchemas(b.context, FNS);
    console.log(`# imported ${pack.forms.length} FNS forms in ${Date.now() - t0} ms`);
    const knds = pack.forms.map((f) => f.knd);
    for (const knd of ["1151100", "1151111", "1152017"]) assert.ok(knds.includes(knd), `КНД ${knd} in ${JSON.stringify(pack.forms)}`);
    const listed = await installedForms(b.context);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].forms.length, pack.forms.length);
    // The same forms again are refused: the older pack would shadow them.
    await assert.rejects(importSchemas(b.context, [join(FNS, "NO_NDFL6.2_1_231_00_05_05_02.xsd")]), (e) => e.code === "FORM_INSTALLED");
    const opts = await b.context.newPage();
    await opts.setViewportSize({ width: 1100, height: 900 });
    await opts.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await opts.waitForSelector(".forms-pack tr.form");
    await shot(opts, "options-forms");
    await opts.close();
  });

  test("the popup counts the installed forms", async () => {
    const p = await b.context.newPage();
    await p.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await p.waitForSelector("#forms-installed");
    assert.ok(Number(await p.getAttribute("#forms-installed", "data-count")) >= 7);
    await p.close();
  });

  let checked;
  test("checkReport: the 6-НДФЛ Ромашка sample fails 0400400007 (file name ≠ ИдФайл)", async () => {
    const r = await podpisCall(page, `(p, a) => p.checkReport((${FILE_FROM})(a))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
    assert.equal(r.ok, true, JSON.stringify(r));
    checked = r.result;
    assert.equal(checked.knd, "1151100");
    assert.equal(typeof checked.elements, "number");
    assert.equal(checked.truncated, false);
    const f = checked.findings.find((x) => x.fns_code === "0400400007");
    assert.ok(f, JSON.stringify(checked.findings));
    assert.equal(f.severity, "error");
    assert.match(f.message, /ИдФайл/);
    // The `podpis-check --json` shape.
    for (const x of checked.findings) {
      for (const k of ["severity", "code", "path", "line", "column", "message"]) assert.ok(k in x, `${k} in ${JSON.stringify(x)}`);
    }
  });

  test("checkReport: XML of no installed form → FORM_UNKNOWN", async () => {
    const r = await podpisCall(page, "(p) => p.checkReport(new File(['<?xml version=\"1.0\"?><Чужой/>'], 'x.xml'))");
    assert.equal(r.error?.code, "FORM_UNKNOWN", JSON.stringify(r));
  });

  test("renderReport: the extension's frame shows labels and inline error markers; the page cannot reach in", async () => {
    await page.evaluate(() => { const d = document.createElement("div"); d.id = "report-here"; d.style.width = "900px"; document.body.append(d); });
    const r = await podpisCall(page, `(p, a) => p.renderReport((${FILE_FROM})(a), document.getElementById("report-here"))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.result, checked);
    const inPage = await page.evaluate(() => {
      const f = document.querySelector("#report-here iframe");
      let reach;
      try { reach = f.contentDocument === null ? "blocked" : "open"; } catch { reach = "blocked"; }
      return { src: f.src, height: f.getBoundingClientRect().height, reach };
    });
    assert.ok(inPage.src.startsWith(`chrome-extension://${EXTENSION_ID}/render.html#`), inPage.src);
    assert.equal(inPage.reach, "blocked");
    assert.ok(inPage.height > 300, `frame height ${inPage.height}`);
    const frame = page.frames().find((f) => f.url().startsWith(`chrome-extension://${EXTENSION_ID}/render.html`));
    const text = await frame.textContent("body");
    assert.match(text, /Сведения о налоговом агенте/);
    assert.match(text, /Ромашка/);
    assert.match(text, /0400400007/);
    assert.ok(await frame.locator("[class*='podpis-r-'][id]").count() > 0, "inline markers with anchors");
    await page.setViewportSize({ width: 1000, height: 900 });
    await shot(page, "render-report");
    // The token was good once: the frame cannot be reloaded into another document.
    const again = await frame.evaluate(async (token) => (await chrome.runtime.sendMessage({ type: "render-get", token })).ok, inPage.src.split("#")[1]);
    assert.equal(again, false);
  });
});

const hostBin = realHostBinary();
const pinentry = testPinentry();
const hostSkip = skip || (hostBin ? false : "podpis-host not built (set PODPIS_HOST_BIN or run cargo build -p podpis-host)") ||
  (pinentry ? false : "scripted pinentry not built (cargo build -p podpis-token --bin podpis-test-pinentry, or set PODPIS_PINENTRY)");
describe("chromium: signing reports and data with the real host", { skip: hostSkip }, () => {
  let b, page, token, thumbprint;
  before(async () => {
    token = createToken();
    const script = join(token.dir, "pinentry-script");
    writeFileSync(script, `${USER_PIN}\n${USER_PIN}\n${USER_PIN}\n`);
    b = await launchChromium({
      host: { kind: "real", path: hostBin },
      env: { SOFTHSM2_CONF: token.conf, PODPIS_MODULES: SOFTHSM_MODULE, PODPIS_DEV_ORIGINS: server.origin,
        PODPIS_PINENTRY: pinentry, PODPIS_PINENTRY_SCRIPT: script, PODPIS_PINENTRY_LOG: join(token.dir, "pinentry.log") },
    });
    await enableDevSites(b.context);
    await importSchemas(b.context, FNS);
    page = await openCabinet(b.context, server.origin);
    const call = podpisCall(page, "(p) => p.listCertificates()");
    await answer(await nextDialog(b.context, "permission"), "#allow-always");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    thumbprint = r.result[0].thumbprint;
  });
  after(async () => { await b?.close(); });

  test("a report with errors: rendered preview, confirm needs the override, OpenSSL verifies the signature", async () => {
    const bytes = readFileSync(NDFL6);
    const call = podpisCall(page, `(p, a) => p.sign({ file: (${FILE_FROM})(a), format: "cms-detached", certificate: a.cert })`,
      { ...fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"), cert: thumbprint });
    const preview = await nextDialog(b.context, "preview");
    await preview.waitForSelector("#report[data-rendered='true']", { timeout: 60000 });
    assert.equal(await preview.getAttribute("#report-summary", "data-errors") !== "0", true);
    assert.ok(await preview.locator("#findings li[data-code='0400400007']").count() === 1);
    assert.match(await preview.textContent("#report"), /Сведения о налоговом агенте/);
    assert.equal(await preview.textContent("#doc-digest"), createHash("sha256").update(bytes).digest("base64"));
    assert.equal(await preview.isDisabled("#confirm"), true, "confirm is disabled while the report has errors");
    await shotDialog(preview, "signing-preview-report", 960, 1100);
    await preview.check("#override");
    assert.equal(await preview.isDisabled("#confirm"), false);
    await shotDialog(preview, "signing-preview-report-override", 960, 1100);
    await answer(preview, "#confirm");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    const sig = join(token.dir, "report.sig"), content = join(token.dir, "report.xml");
    writeFileSync(sig, Buffer.from(r.result.signature, "base64"));
    writeFileSync(content, bytes);
    execFileSync("openssl", ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", sig, "-content", content, "-out", "/dev/null"], { stdio: "pipe" });
  });

  test("the preview's SHA-256 and Streebog-256 are what OpenSSL computes; the signed digest is the shown one", async () => {
    const data = "Акт сверки № 17 — не отчёт, просто данные";
    const call = podpisCall(page, "(p, a) => p.sign({ data: a.data, format: 'cms-detached', certificate: a.cert, documentName: 'akt.txt' })", { data, cert: thumbprint });
    const preview = await nextDialog(b.context, "preview");
    assert.equal(await preview.locator("#report-check").count(), 0);
    const file = join(token.dir, "akt.txt");
    writeFileSync(file, data);
    const dgst = (alg, env = {}) => execFileSync("openssl", ["dgst", `-${alg}`, "-r", file], { env: { ...process.env, ...env } }).toString().split(" ")[0];
    assert.equal(await preview.textContent("#doc-sha256"), dgst("sha256"));
    assert.equal(await preview.textContent("#doc-streebog256"), dgst("md_gost12_256", { OPENSSL_CONF: OPENSSL_GOST }));
    const shown = await preview.textContent("#doc-digest");
    await shotDialog(preview, "signing-preview-digests", 540, 1000);
    await answer(preview, "#confirm");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.digest, shown);
  });
});
