// The importable page API module (extension/page-api/podpis.mjs) in a real
// browser, written once for both drivers: with the extension it forwards
// to window.podpis; on a page the extension does not serve every call
// rejects with EXTENSION_UNAVAILABLE.
import { test } from "node:test";
import assert from "node:assert/strict";

/** Imports the module from `url`, reports isAvailable() and the outcome of status(). */
const USE_MODULE = `async (_, a) => {
  const m = await import(a.url);
  const available = await m.isAvailable(a.waitMs);
  try { return { available, status: await m.podpis.status() }; }
  catch (e) { return { available, isPodpisError: m.isPodpisError(e), code: e.code, name: e.name, messageRu: e.messageRu, messageEn: e.messageEn }; }
}`;

/**
 * Registers the module test. `state()` returns {driver, tab, server} of
 * the enclosing "no host installed" suite: development sites on, no host.
 */
export function pageModuleTest(state) {
  test("page API module: forwards to window.podpis; on a page without Podpis → EXTENSION_UNAVAILABLE (ru/en)", async () => {
    const { driver, tab, server } = state();
    const here = await tab.call(USE_MODULE, { url: `${server.origin}/podpis.mjs`, waitMs: 1000 }).result();
    assert.equal(here.ok, true, JSON.stringify(here));
    assert.deepEqual({ available: here.result.available, code: here.result.code, isPodpisError: here.result.isPodpisError },
      { available: true, code: "HOST_NOT_INSTALLED", isPodpisError: true }, JSON.stringify(here));

    const plain = await driver.open(`${server.plainOrigin}/cabinet`);
    try {
      assert.equal(await plain.eval(() => typeof window.podpis), "undefined");
      const there = await plain.call(USE_MODULE, { url: `${server.plainOrigin}/podpis.mjs`, waitMs: 300 }).result();
      assert.equal(there.ok, true, JSON.stringify(there));
      const r = there.result;
      assert.equal(r.available, false);
      assert.equal(r.code, "EXTENSION_UNAVAILABLE", JSON.stringify(r));
      assert.equal(r.isPodpisError, true);
      assert.equal(r.name, "PodpisError");
      assert.match(r.messageRu, /не установлено или выключено/);
      assert.match(r.messageEn, /not installed or is disabled/);
    } finally {
      await plain.close();
    }
  });
}
