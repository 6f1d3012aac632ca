// Browser tests, Firefox ESR via geckodriver (temporary add-on, temporary
// HOME): the add-on without a host, then every flow against the real
// podpis-host with SoftHSM2 and the GOST test token (lib/flows.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ARTIFACTS, geckodriverBinary, realComponents } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { FirefoxDriver } from "./lib/firefox.mjs";
import { realHostSuite } from "./lib/flows.mjs";
import { pageModuleTest } from "./lib/page-module-flows.mjs";
import { languageTest } from "./lib/language-flows.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
const noDriver = geckodriverBinary() ? false : "geckodriver not found (cargo install geckodriver --locked, or set GECKODRIVER)";
let server;
before(async () => { server = await startServer(); });
after(async () => { await server.close(); });

describe("firefox: no host installed", { skip: noDriver }, () => {
  let ff, tab;
  before(async () => { ff = await FirefoxDriver.launch(); tab = await ff.open(`${server.origin}/cabinet`); });
  after(async () => { await ff?.close(); });

  test("window.podpis exists and is frozen; plain http is refused until development sites are on", async () => {
    const info = await tab.eval(() => window.podpis && { frozen: Object.isFrozen(window.podpis), version: window.podpis.version });
    assert.deepEqual(info, { frozen: true, version: "1.0" });
    const r = await tab.call("(p) => p.status()").result();
    assert.equal(r.error?.code, "ORIGIN_NOT_ALLOWED");
  });

  test("status() without a host → HOST_NOT_INSTALLED with install instructions; the popup says so", async () => {
    await ff.enableDevSites();
    await tab.reload();
    const r = await tab.call("(p) => p.status()").result();
    assert.equal(r.error?.code, "HOST_NOT_INSTALLED", JSON.stringify(r));
    assert.match(r.error.messageRu, /«podpis-host install»/);
    const p = await ff.extensionPage("popup.html");
    await p.waitFor("#host-error");
    assert.equal(await p.attr("#host-error", "data-code"), "HOST_NOT_INSTALLED");
    await p.shot("popup-no-host");
  });

  pageModuleTest(() => ({ driver: ff, tab, server }));
  languageTest(() => ({ driver: ff, tab }));
});

const { bins, missing } = realComponents();
realHostSuite("firefox", (opts) => FirefoxDriver.launch(opts), { skip: noDriver || missing || false, bins, server: () => server });
