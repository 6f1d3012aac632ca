// The end-to-end flows where something goes wrong or many things happen
// at once: a token pulled out during signing, the host killed mid-request,
// 20 tabs signing concurrently, the popup diagnostics, and wrong PINs up
// to the lock-out. Run after flows.mjs's flows on the same browser (the
// site is allowed "always" by then); the lock-out comes last because the
// GOST token stays locked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { GOST_PIN, SOFTHSM_PIN } from "./tokens.mjs";
import { opensslVerifyCms, streebog256 } from "./verify.mjs";
import { ownProcesses } from "./processes.mjs";
import { waitUntil } from "./wait.mjs";

/** Token events the page received since `watchEvents`. */
const EVENTS = () => window.__events;
const WATCH = `(p) => { window.__events = []; for (const e of ["token-inserted", "token-removed"]) p.on(e, (d) => window.__events.push({ e, label: d.label })); return true; }`;

/** Signs `content` with the GOST 2012-256 key by digest; returns the call. */
function signGost(s, content, name) {
  return s.tab.call("(p, a) => p.sign({ digest: a.digest, digestAlgorithm: 'streebog256', format: 'cms-detached', certificate: a.cert, documentName: a.name })",
    { digest: streebog256(s.fx, content), cert: s.fx.certs.gost256, name });
}

/** Registers the fault flows on suite state `s` (see flows.mjs). */
/** Revokes a site's permission in the options page, as the user would. */
export async function revokeSite(browser, origin) {
  const opts = await browser.extensionPage("options.html");
  const item = `li[data-origin="${origin}"]`;
  await opts.waitFor(item);
  await opts.click(`${item} button.revoke`);
  await waitUntil(async () => (await opts.count(item)) === 0, "site removed from options");
  await opts.close();
}

export function faultFlows(s) {
  test("token pulled out while the PIN is asked → TOKEN_REMOVED; events reach the page; after re-insertion signing works", async () => {
    await s.tab.call(WATCH).result();
    s.fx.pin.answers(GOST_PIN);
    s.fx.pin.hook(`'${s.fx.gostTool}' remove --dir '${s.fx.gostDir}'`);
    let call = signGost(s, Buffer.from("removed"), "removed.xml");
    await (await s.browser.dialog("preview")).answer("#confirm");
    const r = await call.result();
    assert.equal(r.error?.code, "TOKEN_REMOVED", JSON.stringify(r));
    assert.match(r.error.messageRu, /извлечён/);
    await waitUntil(async () => (await s.tab.eval(EVENTS)).some((x) => x.e === "token-removed" && x.label === "Podpis GOST"), "token-removed event", 20000);

    s.fx.gost("insert");
    await waitUntil(async () => (await s.tab.eval(EVENTS)).some((x) => x.e === "token-inserted" && x.label === "Podpis GOST"), "token-inserted event", 20000);
    s.fx.pin.answers(GOST_PIN);
    const content = Buffer.from("после повторной вставки");
    call = signGost(s, content, "again.xml");
    await (await s.browser.dialog("preview")).answer("#confirm");
    const ok = await call.result();
    assert.equal(ok.ok, true, JSON.stringify(ok));
    opensslVerifyCms(s.fx, ok.result.signature, content);
  });

  test("host killed while the PIN is asked → HOST_DISCONNECTED; the next call reconnects and works", async () => {
    s.fx.pin.answers("TIMEOUT");
    const before = s.fx.pin.pids().length;
    const call = s.tab.call("(p, c) => p.sign({ data: 'kill', format: 'cms-detached', certificate: c })", s.fx.certs.rsa);
    await (await s.browser.dialog("preview")).answer("#confirm");
    await waitUntil(() => s.fx.pin.pids().length > before && /GETPIN/.test(s.fx.pin.log()), "pinentry asked for the PIN");
    const hosts = ownProcesses(s.bins.host);
    assert.equal(hosts.length, 1, `one podpis-host of this browser, got ${hosts}`);
    process.kill(hosts[0], "SIGKILL");
    const r = await call.result();
    assert.equal(r.error?.code, "HOST_DISCONNECTED", JSON.stringify(r));
    assert.match(r.error.messageRu, /завершилась/);
    for (const pid of s.fx.pin.pids().slice(before)) { try { process.kill(pid, "SIGKILL"); } catch { /* exited */ } }

    const st = await s.tab.call("(p) => p.status()").result();
    assert.equal(st.ok, true, JSON.stringify(st));
    assert.equal(ownProcesses(s.bins.host).filter((p) => p !== hosts[0]).length, 1, "a new host process");
    s.fx.pin.answers(SOFTHSM_PIN);
    const again = s.tab.call("(p, c) => p.sign({ data: 'after restart', format: 'cms-detached', certificate: c })", s.fx.certs.rsa);
    await (await s.browser.dialog("preview")).answer("#confirm");
    const ok = await again.result();
    assert.equal(ok.ok, true, JSON.stringify(ok));
    opensslVerifyCms(s.fx, ok.result.signature, Buffer.from("after restart"));
  });

  test("20 tabs sign concurrently: one preview per tab, every signature verifies", async () => {
    const N = 20;
    const tabs = [];
    for (let i = 0; i < N; i++) tabs.push(await s.browser.open(`${s.server.origin}/cabinet?tab=${i}`));
    s.fx.pin.answers(...Array(N).fill(SOFTHSM_PIN));
    const calls = tabs.map((t, i) => t.call("(p, a) => p.sign({ data: a.text, format: 'cms-detached', certificate: a.cert, documentName: a.name })",
      { text: `Документ вкладки ${i}`, cert: s.fx.certs.rsa, name: `tab-${String(i).padStart(2, "0")}.txt` }));
    const seen = [];
    for (let i = 0; i < N; i++) {
      const dlg = await s.browser.dialog("preview", 60000);
      seen.push(await dlg.text("#doc-name"));
      await dlg.answer("#confirm");
    }
    assert.deepEqual([...seen].sort(), Array.from({ length: N }, (_, i) => `tab-${String(i).padStart(2, "0")}.txt`));
    const results = await Promise.all(calls.map((c) => c.result()));
    results.forEach((r, i) => {
      assert.equal(r.ok, true, `tab ${i}: ${JSON.stringify(r)}`);
      opensslVerifyCms(s.fx, r.result.signature, Buffer.from(`Документ вкладки ${i}`));
    });
    await assert.rejects(s.browser.dialog("preview", 1500), /no "preview" dialog|timed out/);
    for (const t of tabs) await t.close();
  });

  test("popup diagnostics: host, modules, tokens, certificates, allowed site", async () => {
    const p = await s.browser.extensionPage("popup.html");
    await p.waitFor("#host-version");
    const body = await p.text("body");
    assert.ok(await p.count("#certs li") >= 5, body);
    assert.match(body, new RegExp(s.server.origin.replace(/\./g, "\\.")));
    assert.match(body, /Podpis GOST/);
    assert.match(body, /libsofthsm2\.so/);
    // Certificates sorted by owner, each with its token, so namesakes on two tokens are told apart.
    const order = await p.eval(() => {
      const names = [...document.querySelectorAll("#certs li")].map((li) => li.firstChild.firstChild.textContent);
      return { names, sorted: [...names].sort((a, b) => a.localeCompare(b, "ru")) };
    });
    assert.deepEqual(order.names, order.sorted);
    assert.match(await p.text(`#certs li[data-thumbprint="${s.fx.certs.gost256}"]`), /Podpis GOST/);
    assert.match(await p.text(`#certs li[data-thumbprint="${s.fx.certs.rsa}"]`), /ООО Ромашка · demo/);
    await p.shot("popup");
    await p.close();
  });

  test("wrong PIN → tries left shown in the PIN dialog → PIN_LOCKED; popup shows the lock", async () => {
    s.fx.pin.answers("00000000", "11111111", "22222222");
    const call = signGost(s, Buffer.from("x"), "lock.xml");
    await (await s.browser.dialog("preview")).answer("#confirm");
    const r = await call.result();
    assert.equal(r.error?.code, "PIN_LOCKED", JSON.stringify(r));
    assert.match(r.error.messageRu, /заблокирован/);
    const log = s.fx.pin.log();
    assert.equal(log.match(/^GETPIN/gm)?.length, 3, log);
    assert.match(log, /SETERROR Неверный PIN-код\. Осталась 1 попытка/, log);

    // Locked now: no PIN is asked at all.
    s.fx.pin.answers(GOST_PIN);
    const again = signGost(s, Buffer.from("y"), "lock2.xml");
    await (await s.browser.dialog("preview")).answer("#confirm");
    assert.equal((await again.result()).error?.code, "PIN_LOCKED");
    assert.doesNotMatch(s.fx.pin.log(), /GETPIN/);

    const p = await s.browser.extensionPage("popup.html");
    await p.waitFor("#host-version");
    assert.match(await p.text("body"), /PIN-код заблокирован/);
    assert.match(await p.text("#pin-locked-fix"), /PUK/);
    await p.shot("popup-pin-locked");
    await p.close();
  });

  test("permission revoked in options → the site is asked again and, denied, refused", async () => {
    await revokeSite(s.browser, s.server.origin);
    const call = s.tab.call("(p) => p.listCertificates()");
    await (await s.browser.dialog("permission")).answer("#deny");
    assert.equal((await call.result()).error?.code, "PERMISSION_DENIED");
    assert.equal((await s.tab.call("(p) => p.sign({ data: 'x', format: 'raw' })").result()).error?.code, "PERMISSION_DENIED");
  });
}
