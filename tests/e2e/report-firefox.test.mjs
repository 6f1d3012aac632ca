// Browser tests, Firefox ESR via geckodriver: report forms and checks with
// the real add-on. The official FNS XSDs are imported through the options
// page and compiled by the add-on's WASM validator; checkReport,
// renderReport (the add-on's frame inside a test page), and signing a
// report with errors through the real podpis-host + SoftHSM2 (override
// needed; OpenSSL verifies the signature).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, geckodriverBinary, realHostBinary, testPinentry } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { EXT_BASE, Firefox } from "./lib/firefox.mjs";
import { createToken, SOFTHSM_MODULE, USER_PIN } from "./lib/softhsm.mjs";
import { importSchemas, installedForms, SHARED_FORMATS } from "./lib/forms.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
const FNS = join(SHARED_FORMATS, "fns");
const NDFL6 = join(SHARED_FORMATS, "samples/gradosphera/NO_NDFL6.2_romashka.xml");
const skip = !geckodriverBinary() ? "geckodriver not found (cargo install geckodriver --locked, or set GECKODRIVER)"
  : existsSync(FNS) && existsSync(NDFL6) ? false : `official formats not found at ${SHARED_FORMATS} (set PODPIS_SHARED_FORMATS)`;

async function shot(ff, name) {
  writeFileSync(join(ARTIFACTS, `firefox-${name}.png`), Buffer.from(await ff.screenshot(), "base64"));
}

/** Switches to the dialog window that is not `main`; waits for `kind`. */
async function dialog(ff, main, kind) {
  const h = await ff.until(async () => (await ff.handles()).find((x) => x !== main), `dialog window (main ${main})`);
  await ff.switchTo(h);
  await ff.until(() => ff.exec(`return document.body && document.body.dataset.kind === "${kind}" && !!document.querySelector("button")`), `${kind} dialog`);
  return h;
}

/** Clicks a button that closes the dialog, then returns to the page. */
async function answer(ff, css, main) {
  await ff.click(css).catch((e) => { if (!/no such window|discarded|closed/i.test(e.message)) throw e; });
  await ff.switchTo(main);
}

async function enableDevSites(ff) {
  await ff.goto(`${EXT_BASE}/options.html`);
  await ff.until(() => ff.exec(`return !!document.getElementById("dev-sites")`), "options page");
  await ff.click("#dev-sites");
  await ff.until(() => ff.exec(`return document.getElementById("dev-sites").checked`), "dev sites on");
}

/** JS for the page: a File from base64 bytes. */
const FILE_FROM = "((a) => new File([Uint8Array.from(atob(a.b64), (c) => c.charCodeAt(0))], a.name, { type: 'application/xml' }))";
const fileArg = (path, name) => ({ b64: readFileSync(path).toString("base64"), name });

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

describe("firefox: report forms, checkReport, renderReport", { skip }, () => {
  let ff, main;
  before(async () => {
    ff = await Firefox.launch();
    await enableDevSites(ff);
  });
  after(async () => { await ff?.quit(); });

  test("the official FNS XSDs compile in the add-on; the options page lists them with КНД", async () => {
    const pack = await importSchemas(ff, FNS);
    const knds = pack.forms.map((f) => f.knd);
    for (const knd of ["1151100", "1151111", "1152017"]) assert.ok(knds.includes(knd), `КНД ${knd} in ${JSON.stringify(pack.forms)}`);
    assert.equal((await installedForms(ff)).length, 1);
    await ff.cmd("POST", "/window/rect", { width: 1100, height: 1000 });
    await shot(ff, "options-forms");
  });

  test("checkReport after permission: the 6-НДФЛ Ромашка sample fails 0400400007", async () => {
    await ff.goto(`${server.origin}/cabinet`);
    main = await ff.cmd("GET", "/window");
    await ff.until(() => ff.exec("return !!window.podpis"), "window.podpis");
    const call = await ff.startCall(`(p, a) => p.checkReport(${FILE_FROM}(a))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
    await dialog(ff, main, "permission");
    await answer(ff, "#allow-always", main);
    const r = await call.result();
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.knd, "1151100");
    const f = r.result.findings.find((x) => x.fns_code === "0400400007");
    assert.equal(f?.severity, "error", JSON.stringify(r.result.findings));
  });

  test("renderReport: the add-on's frame shows labels and inline error markers; the page cannot reach in", async () => {
    await ff.exec(`const d = document.createElement("div"); d.id = "report-here"; document.body.append(d);`);
    const call = await ff.startCall(`(p, a) => p.renderReport(${FILE_FROM}(a), document.getElementById("report-here"))`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
    const r = await call.result();
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(r.result.findings.some((x) => x.fns_code === "0400400007"));
    const inPage = await ff.exec(`const f = document.querySelector("#report-here iframe");
      let reach; try { reach = f.contentDocument === null ? "blocked" : "open"; } catch { reach = "blocked"; }
      return { src: f.src, height: f.getBoundingClientRect().height, reach };`);
    assert.ok(inPage.src.startsWith(`${EXT_BASE}/render.html#`), inPage.src);
    assert.equal(inPage.reach, "blocked");
    assert.ok(inPage.height > 300, `frame height ${inPage.height}`);
    const frameEl = await ff.find("#report-here iframe");
    await ff.cmd("POST", "/frame", { id: { "element-6066-11e4-a07b-4dc2c0e1e7d4": frameEl } });
    const text = await ff.exec("return document.body.textContent");
    assert.match(text, /Сведения о налоговом агенте/);
    assert.match(text, /0400400007/);
    assert.ok(await ff.exec("return document.querySelectorAll(\"[class*='podpis-r-'][id]\").length") > 0, "inline markers with anchors");
    await ff.cmd("POST", "/frame/parent", {});
    await shot(ff, "render-report");
  });
});

const hostBin = realHostBinary();
const pinentry = testPinentry();
const hostSkip = skip || (hostBin ? false : "podpis-host not built (set PODPIS_HOST_BIN or run cargo build -p podpis-host)") ||
  (pinentry ? false : "scripted pinentry not built (cargo build -p podpis-token --bin podpis-test-pinentry, or set PODPIS_PINENTRY)");
describe("firefox: signing a report with errors through the real host", { skip: hostSkip }, () => {
  let ff, main, token;
  before(async () => {
    token = createToken();
    const script = join(token.dir, "pinentry-script");
    writeFileSync(script, `${USER_PIN}\n${USER_PIN}\n`);
    ff = await Firefox.launch({
      host: { kind: "real", path: hostBin },
      env: { SOFTHSM2_CONF: token.conf, PODPIS_MODULES: SOFTHSM_MODULE, PODPIS_DEV_ORIGINS: server.origin,
        PODPIS_PINENTRY: pinentry, PODPIS_PINENTRY_SCRIPT: script, PODPIS_PINENTRY_LOG: join(token.dir, "pinentry.log") },
    });
    await enableDevSites(ff);
    await importSchemas(ff, FNS);
    await ff.goto(`${server.origin}/cabinet`);
    main = await ff.cmd("GET", "/window");
  });
  after(async () => { await ff?.quit(); });

  test("rendered preview, confirm needs the override, OpenSSL verifies the signature", async () => {
    const call = await ff.startCall(`(p, a) => p.sign({ file: ${FILE_FROM}(a), format: "cms-detached" })`, fileArg(NDFL6, "NO_NDFL6.2_romashka.xml"));
    await dialog(ff, main, "permission");
    await answer(ff, "#allow-always", main);
    await dialog(ff, main, "picker");
    await ff.click("label.cert");
    await answer(ff, "#choose", main);
    await dialog(ff, main, "preview");
    await ff.until(() => ff.exec(`return document.getElementById("report")?.dataset.rendered === "true"`), "rendered report", 60000);
    assert.equal(await ff.exec(`return document.querySelector("#findings li[data-code='0400400007']") !== null`), true);
    assert.match(await ff.text("#report"), /Сведения о налоговом агенте/);
    assert.equal(await ff.exec(`return document.getElementById("confirm").disabled`), true);
    await shot(ff, "signing-preview-report");
    await ff.click("#override");
    assert.equal(await ff.exec(`return document.getElementById("confirm").disabled`), false);
    await answer(ff, "#confirm", main);
    const r = await call.result();
    assert.equal(r.ok, true, JSON.stringify(r));
    const sig = join(token.dir, "report.sig");
    writeFileSync(sig, Buffer.from(r.result.signature, "base64"));
    execFileSync("openssl", ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", sig, "-content", NDFL6, "-out", "/dev/null"], { stdio: "pipe" });
  });
});
