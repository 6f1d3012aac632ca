// Browser tests, Chromium (playwright-core, /usr/bin/chromium): the
// extension without a host, then every flow against the real podpis-host
// with SoftHSM2 and the GOST test token (lib/flows.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ARTIFACTS, realComponents } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { ChromiumDriver } from "./lib/chromium.mjs";
import { realHostSuite } from "./lib/flows.mjs";
import { pageModuleTest } from "./lib/page-module-flows.mjs";
import { languageTest } from "./lib/language-flows.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
let server;
before(async () => { server = await startServer(); });
after(async () => { await server.close(); });

describe("chromium: no host installed", () => {
  let b, tab;
  before(async () => { b = await ChromiumDriver.launch(); tab = await b.open(`${server.origin}/cabinet`); });
  after(async () => { await b.close(); });

  test("window.podpis is injected, frozen and not writable", async () => {
    const r = await tab.eval(() => ({
      type: typeof window.podpis, frozen: Object.isFrozen(window.podpis), version: window.podpis.version,
      methods: Object.keys(window.podpis).sort(),
      replaced: (() => { try { window.podpis = {}; } catch { /* strict */ } return typeof window.podpis.sign; })(),
    }));
    assert.deepEqual(r, { type: "object", frozen: true, version: "1.0", replaced: "function",
      methods: ["authenticate", "checkReport", "listCertificates", "off", "on", "renderReport", "sign", "status", "version"] });
  });

  test("plain http is refused until development sites are enabled", async () => {
    const r = await tab.call("(p) => p.status()").result();
    assert.equal(r.error?.code, "ORIGIN_NOT_ALLOWED");
    assert.equal(r.error.name, "PodpisError");
  });

  test("status() without a host → HOST_NOT_INSTALLED with install instructions", async () => {
    await b.enableDevSites();
    const r = await tab.call("(p) => p.status()").result();
    assert.equal(r.error?.code, "HOST_NOT_INSTALLED", JSON.stringify(r));
    assert.match(r.error.messageRu, /«podpis-host install»/);
    assert.equal(r.error.message, r.error.messageRu);
  });

  test("popup explains the missing host", async () => {
    const p = await b.extensionPage("popup.html", { height: 500 });
    await p.waitFor("#host-error");
    assert.equal(await p.attr("#host-error", "data-code"), "HOST_NOT_INSTALLED");
    await p.shot("popup-no-host");
  });

  pageModuleTest(() => ({ driver: b, tab, server }));
  languageTest(() => ({ driver: b, tab }));
});

const { bins, missing } = realComponents();
realHostSuite("chromium", (opts) => ChromiumDriver.launch(opts), { skip: missing ?? false, bins, server: () => server });
