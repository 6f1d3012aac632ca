// Browser tests, Firefox ESR via geckodriver: the add-on loads, window.podpis
// exists, no host → HOST_NOT_INSTALLED, and with the protocol test double
// the permission dialog, picker, signing preview and popup work.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, MOCK_HOST, geckodriverBinary, realHostBinary } from "./lib/env.mjs";
import { createToken, SOFTHSM_MODULE } from "./lib/softhsm.mjs";
import { startServer } from "./lib/server.mjs";
import { EXT_BASE, Firefox } from "./lib/firefox.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
const skip = geckodriverBinary() ? false : "geckodriver not found (cargo install geckodriver --locked, or set GECKODRIVER)";

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

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.close(); });

describe("firefox: no host installed", { skip }, () => {
  let ff;
  before(async () => { ff = await Firefox.launch(); });
  after(async () => { await ff?.quit(); });

  test("window.podpis exists; status() → ORIGIN_NOT_ALLOWED, then HOST_NOT_INSTALLED with dev sites", async () => {
    await ff.goto(`${server.origin}/cabinet`);
    const info = await ff.until(() => ff.exec("return window.podpis && { frozen: Object.isFrozen(window.podpis), version: window.podpis.version }"), "window.podpis");
    assert.deepEqual(info, { frozen: true, version: "1.0" });
    let r = await (await ff.startCall("(p) => p.status()")).result();
    assert.equal(r.error?.code, "ORIGIN_NOT_ALLOWED");
    await enableDevSites(ff);
    await ff.goto(`${server.origin}/cabinet`);
    r = await (await ff.startCall("(p) => p.status()")).result();
    assert.equal(r.error?.code, "HOST_NOT_INSTALLED", JSON.stringify(r));
  });
});

describe("firefox: protocol test double (mock host)", { skip }, () => {
  let ff, main;
  before(async () => {
    ff = await Firefox.launch({ host: { kind: "mock", path: MOCK_HOST } });
    await enableDevSites(ff);
    await ff.goto(`${server.origin}/cabinet`);
    main = await ff.cmd("GET", "/window");
  });
  after(async () => { await ff?.quit(); });

  test("status() reaches the host", async () => {
    const r = await (await ff.startCall("(p) => p.status()")).result();
    assert.equal(r.result?.hostVersion, "0.0.0-mock", JSON.stringify(r));
  });

  test("permission → picker → preview → signed", async () => {
    const call = await ff.startCall("(p) => p.sign({ data: 'Налоговая декларация 2026', format: 'cms-detached', documentName: 'NO_NDS_7701_2026.xml' })");
    await dialog(ff, main, "permission");
    await shot(ff, "permission-dialog");
    await answer(ff, "#allow-always", main);
    await dialog(ff, main, "picker");
    await ff.click('label.cert[data-thumbprint="0123456789abcdef0123456789abcdef01234567"]');
    await shot(ff, "certificate-picker");
    await answer(ff, "#choose", main);
    await dialog(ff, main, "preview");
    assert.equal(await ff.text("#doc-name"), "NO_NDS_7701_2026.xml");
    await shot(ff, "signing-preview");
    await answer(ff, "#confirm", main);
    const r = await call.result();
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.format, "cms-detached");
  });

  test("popup diagnostics", async () => {
    await ff.goto(`${EXT_BASE}/popup.html`);
    await ff.until(() => ff.exec(`return !!document.getElementById("host-version")`), "popup");
    await shot(ff, "popup");
  });
});

const hostBin = realHostBinary();
describe("firefox: real podpis-host with a SoftHSM2 token", { skip: skip || (hostBin ? false : "podpis-host not built (set PODPIS_HOST_BIN or run cargo build -p podpis-host)") }, () => {
  let ff, main;
  before(async () => {
    const token = createToken();
    ff = await Firefox.launch({
      host: { kind: "real", path: hostBin },
      env: { SOFTHSM2_CONF: token.conf, PODPIS_MODULES: SOFTHSM_MODULE, PODPIS_DEV_ORIGINS: server.origin },
    });
    await enableDevSites(ff);
    await ff.goto(`${server.origin}/cabinet`);
    main = await ff.cmd("GET", "/window");
  });
  after(async () => { await ff?.quit(); });

  test("status() and certificates from the token after permission", async () => {
    const s = await (await ff.startCall("(p) => p.status()")).result();
    assert.equal(s.result?.tokensConnected, 1, JSON.stringify(s));
    const call = await ff.startCall("(p) => p.listCertificates()");
    await dialog(ff, main, "permission");
    await answer(ff, "#allow-once", main);
    const r = await call.result();
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result[0]?.subject.innLe, "7701234567");
  });
});
