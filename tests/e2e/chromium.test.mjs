// Browser tests, Chromium: the extension against no host, the protocol
// test double (full UI flows, screenshots), and the real podpis-host with
// a SoftHSM2 token when the binary exists.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { ARTIFACTS, EXTENSION_ID, MOCK_HOST, realHostBinary, tempDir, testPinentry } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { answer, enableDevSites, launchChromium, nextDialog, openCabinet, podpisCall } from "./lib/chromium.mjs";
import { createToken, SOFTHSM_MODULE, USER_PIN } from "./lib/softhsm.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `chromium-${name}.png`), fullPage: true });

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.close(); });

describe("chromium: no host installed", () => {
  let b;
  before(async () => { b = await launchChromium(); });
  after(async () => { await b.close(); });

  test("window.podpis is injected, frozen and not writable", async () => {
    const page = await openCabinet(b.context, server.origin);
    const r = await page.evaluate(() => ({
      type: typeof window.podpis, frozen: Object.isFrozen(window.podpis), version: window.podpis.version,
      methods: Object.keys(window.podpis).sort(),
      replaced: (() => { try { window.podpis = {}; } catch { /* strict */ } return typeof window.podpis.sign; })(),
    }));
    assert.deepEqual(r, { type: "object", frozen: true, version: "1.0", replaced: "function",
      methods: ["authenticate", "checkReport", "listCertificates", "off", "on", "renderReport", "sign", "status", "version"] });
  });

  test("plain http is refused until development sites are enabled", async () => {
    const page = await openCabinet(b.context, server.origin);
    const r = await podpisCall(page, "(p) => p.status()");
    assert.equal(r.ok, false);
    assert.equal(r.error.code, "ORIGIN_NOT_ALLOWED");
    assert.equal(r.error.name, "PodpisError");
  });

  test("status() without a host → HOST_NOT_INSTALLED with install instructions", async () => {
    await enableDevSites(b.context);
    const page = await openCabinet(b.context, server.origin);
    const r = await podpisCall(page, "(p) => p.status()");
    assert.equal(r.error?.code, "HOST_NOT_INSTALLED", JSON.stringify(r));
    assert.match(r.error.messageRu, /podpis-host install/);
    assert.equal(r.error.message, r.error.messageRu);
  });

  test("popup explains the missing host", async () => {
    const page = await b.context.newPage();
    await page.setViewportSize({ width: 432, height: 500 });
    await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await page.waitForSelector("#host-error");
    assert.equal(await page.getAttribute("#host-error", "data-code"), "HOST_NOT_INSTALLED");
    await shot(page, "popup-no-host");
  });
});

describe("chromium: protocol test double (mock host)", () => {
  let b, page, logFile;
  const mockLog = () => readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  before(async () => {
    logFile = join(tempDir("mocklog"), "requests.jsonl");
    b = await launchChromium({ host: { kind: "mock", path: MOCK_HOST }, env: { PODPIS_MOCK_LOG: logFile, PODPIS_MOCK_EVENTS: "1" } });
    await enableDevSites(b.context);
    page = await openCabinet(b.context, server.origin);
  });
  after(async () => { await b.close(); });

  test("status() works and needs no permission", async () => {
    const r = await podpisCall(page, "(p) => p.status()");
    assert.deepEqual(r.result, { extensionVersion: "0.1.0", hostVersion: "0.0.0-mock", protocol: "1.0", tokensConnected: 1, permission: "ask" });
    const hello = mockLog().find((l) => l.command === "hello");
    assert.equal(hello.origin, `chrome-extension://${EXTENSION_ID}`);
    assert.equal(mockLog().find((l) => l.command === "status").origin, server.origin);
  });

  test("a site the user denies is refused, then refused without asking again", async () => {
    const call = podpisCall(page, "(p) => p.listCertificates()");
    const dlg = await nextDialog(b.context, "permission");
    assert.match(await dlg.textContent("#origin"), new RegExp(server.origin.replace(/\./g, "\\.")));
    await shot(dlg, "permission-dialog");
    await answer(dlg, "#deny");
    assert.equal((await call).error?.code, "PERMISSION_DENIED");
    const again = await podpisCall(page, "(p) => p.listCertificates()");
    assert.equal(again.error?.code, "PERMISSION_DENIED");
  });

  test("options page revokes the decision; allow always → certificates (chunked reply)", async () => {
    const opts = await b.context.newPage();
    await opts.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await opts.click(`li[data-origin="${server.origin}"] button.revoke`);
    await opts.waitForSelector(`li[data-origin="${server.origin}"]`, { state: "detached" });
    await opts.close();
    const call = podpisCall(page, "(p) => p.listCertificates()");
    const dlg = await nextDialog(b.context, "permission");
    await answer(dlg, "#allow-always");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.length, 2);
    assert.equal(r.result[0].subject.innLe, "7701234567", JSON.stringify(r.result[0].subject));
  });

  test("token events reach pages of allowed sites", async () => {
    const label = await page.evaluate(() => new Promise((resolve, reject) => {
      window.podpis.on("token-inserted", (d) => resolve(d.label));
      setTimeout(() => reject(new Error("no event")), 10000);
    }));
    assert.equal(label, "demo");
  });

  test("one dialog per tab: a second call while a dialog is open → DIALOG_BUSY", async () => {
    const first = podpisCall(page, "(p) => p.sign({ data: 'x', format: 'raw' })");
    const dlg = await nextDialog(b.context, "picker");
    const second = await podpisCall(page, "(p) => p.sign({ data: 'y', format: 'raw' })");
    assert.equal(second.error?.code, "DIALOG_BUSY");
    await answer(dlg, "#cancel");
    assert.equal((await first).error?.code, "USER_CANCELLED");
  });

  test("sign: picker → preview with name, size, digest → confirm → consent accepted by the host", async () => {
    const call = podpisCall(page, "(p) => p.sign({ data: 'Налоговая декларация 2026', format: 'cms-detached', documentName: 'NO_NDS_7701_2026.xml' })");
    const picker = await nextDialog(b.context, "picker");
    assert.equal(await picker.locator(".cert").count(), 2);
    await picker.click('label.cert[data-thumbprint="0123456789abcdef0123456789abcdef01234567"]');
    await shot(picker, "certificate-picker");
    await answer(picker, "#choose");
    const preview = await nextDialog(b.context, "preview");
    assert.equal(await preview.textContent("#doc-name"), "NO_NDS_7701_2026.xml");
    const expected = (await import("node:crypto")).createHash("sha256").update("Налоговая декларация 2026").digest("base64");
    assert.equal(await preview.textContent("#doc-digest"), expected);
    await shot(preview, "signing-preview");
    await answer(preview, "#confirm");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.digest, expected);
    assert.equal(r.result.format, "cms-detached");
    assert.ok(mockLog().some((l) => l.verdict === "consent ok" && l.digest === expected));
  });

  test("a 10 MiB file is uploaded in pieces and streamed to the host", async () => {
    const call = podpisCall(page, `(p) => p.sign({ file: new File([new Uint8Array(10 * 1024 * 1024).fill(7)], "big.bin"), format: "cms-detached",
      certificate: "0123456789abcdef0123456789abcdef01234567" })`);
    const preview = await nextDialog(b.context, "preview");
    assert.equal(await preview.textContent("#doc-name"), "big.bin");
    await answer(preview, "#confirm");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    const expected = (await import("node:crypto")).createHash("sha256").update(Buffer.alloc(10 * 1024 * 1024, 7)).digest("base64");
    assert.equal(r.result.digest, expected);
    assert.ok(mockLog().filter((l) => l.command === "stream-chunk").length >= 2);
  });

  test("authenticate: choose + log in mints an authenticate consent", async () => {
    const challenge = Buffer.alloc(32, 9).toString("base64");
    const call = podpisCall(page, "(p, c) => p.authenticate({ challenge: c })", challenge);
    const picker = await nextDialog(b.context, "picker");
    await picker.click('label.cert[data-thumbprint="0123456789abcdef0123456789abcdef01234567"]');
    await answer(picker, "#choose");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.format, "podpis-auth:1");
  });

  test("cancelling the preview → USER_CANCELLED, nothing is signed", async () => {
    const before = mockLog().filter((l) => l.command === "sign").length;
    const call = podpisCall(page, "(p) => p.sign({ data: 'x', format: 'raw', certificate: '0123456789abcdef0123456789abcdef01234567' })");
    const preview = await nextDialog(b.context, "preview");
    await preview.close();
    assert.equal((await call).error?.code, "USER_CANCELLED");
    assert.equal(mockLog().filter((l) => l.command === "sign").length, before);
  });

  test("malformed calls and report checks give stable codes", async () => {
    assert.equal((await podpisCall(page, "(p) => p.sign({ format: 'raw' })")).error?.code, "INVALID_ARGUMENT");
    assert.equal((await podpisCall(page, "(p) => p.sign({ data: 'x', format: 'pdf' })")).error?.code, "INVALID_ARGUMENT");
    assert.equal((await podpisCall(page, "(p) => p.checkReport(new File(['<Файл/>'], 'r.xml'))")).error?.code, "FORM_UNKNOWN");
  });

  test("popup shows host, drivers, tokens, certificates and allowed sites", async () => {
    const p = await b.context.newPage();
    await p.setViewportSize({ width: 432, height: 600 });
    await p.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await p.waitForSelector("#host-version");
    assert.equal(await p.locator("#certs li").count(), 2);
    assert.match(await p.textContent("body"), new RegExp(server.origin.replace(/\./g, "\\.")));
    await shot(p, "popup");
  });
});

const hostBin = realHostBinary();
const pinentry = testPinentry();
describe("chromium: real podpis-host with a SoftHSM2 token", { skip: hostBin ? false : "podpis-host not built (set PODPIS_HOST_BIN or run cargo build -p podpis-host)" }, () => {
  let b, page, token, thumbprint;
  before(async () => {
    token = createToken();
    // The scripted pinentry answers the PIN from a script file (tests/pinentry/README.md).
    const script = join(token.dir, "pinentry-script");
    writeFileSync(script, `${USER_PIN}\n`);
    b = await launchChromium({
      host: { kind: "real", path: hostBin },
      env: { SOFTHSM2_CONF: token.conf, PODPIS_MODULES: SOFTHSM_MODULE, PODPIS_DEV_ORIGINS: server.origin,
        ...(pinentry ? { PODPIS_PINENTRY: pinentry, PODPIS_PINENTRY_SCRIPT: script, PODPIS_PINENTRY_LOG: join(token.dir, "pinentry.log") } : {}) },
    });
    await enableDevSites(b.context);
    page = await openCabinet(b.context, server.origin);
  });
  after(async () => { await b?.close(); });

  test("status() reaches the real host and sees the token", async () => {
    const r = await podpisCall(page, "(p) => p.status()");
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(r.result.hostVersion);
    assert.equal(r.result.tokensConnected, 1);
  });

  test("permission → certificates listed from the SoftHSM token", async () => {
    const call = podpisCall(page, "(p) => p.listCertificates()");
    const dlg = await nextDialog(b.context, "permission");
    await answer(dlg, "#allow-always");
    const r = await call;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.length, 1);
    assert.equal(r.result[0].tokenLabel, "demo");
    assert.equal(r.result[0].subject.innLe, "7701234567", JSON.stringify(r.result[0].subject));
    thumbprint = r.result[0].thumbprint;
  });

  test("sign with preview + confirm; the PIN comes from the scripted pinentry", async (t) => {
    if (!pinentry) return t.skip("scripted pinentry not built (cargo build -p podpis-token --bin podpis-test-pinentry, or set PODPIS_PINENTRY)");
    const call = podpisCall(page, "(p, c) => p.sign({ data: 'Декларация', format: 'cms-detached', certificate: c, documentName: 'decl.xml' })", thumbprint);
    const preview = await Promise.race([nextDialog(b.context, "preview"), call.then((r) => ({ early: r }))]);
    if (preview.early) {
      if (preview.early.error?.code === "UNKNOWN_COMMAND") return t.skip("this podpis-host does not implement sign yet");
      assert.fail(JSON.stringify(preview.early));
    }
    await shot(preview, "real-host-signing-preview");
    await answer(preview, "#confirm");
    const r = await call;
    if (r.error?.code === "UNKNOWN_COMMAND") return t.skip("this podpis-host does not implement sign yet");
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.format, "cms-detached");
    // OpenSSL checks the CMS signature over exactly the signed bytes.
    const sig = join(token.dir, "decl.sig"), content = join(token.dir, "decl.xml");
    writeFileSync(sig, Buffer.from(r.result.signature, "base64"));
    writeFileSync(content, "Декларация");
    execFileSync("openssl", ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", sig, "-content", content, "-out", "/dev/null"], { stdio: "pipe" });
  });
});
