// The end-to-end flows, written once for both browsers: a driver
// (ChromiumDriver / FirefoxDriver) runs the real extension against the
// real podpis-host, SoftHSM2 (RSA, EC) and the GOST test token, with PINs
// from the scripted pinentry. Every signature is checked by OpenSSL and
// every login token by podpis-verify-auth, against the test roots only.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes, verify as verifySignature, X509Certificate } from "node:crypto";
import { mkdirSync } from "node:fs";
import { ARTIFACTS } from "./env.mjs";
import { createTokens, GOST_PIN, SOFTHSM_PIN } from "./tokens.mjs";
import { opensslVerifyCms, streebog256, verifyAuthToken } from "./verify.mjs";
import { faultFlows, revokeSite } from "./flows-faults.mjs";

mkdirSync(ARTIFACTS, { recursive: true });
const sha256 = (s) => createHash("sha256").update(s).digest("base64");

/**
 * Defines the real-host suite for one browser. `launch(opts)` starts the
 * driver; `env.server()` is the cabinet server (origin, localOrigin).
 */
export function realHostSuite(browser, launch, env) {
  describe(`${browser}: real podpis-host, SoftHSM2 and the GOST test token`, { skip: env.skip }, () => {
    /** Shared state of the suite (flows run in order on one browser). */
    const s = {};
    before(async () => {
      s.server = env.server();
      s.bins = env.bins;
      s.fx = createTokens(env.bins, [s.server.origin]);
      s.browser = await launch({ host: env.bins.host, env: s.fx.hostEnv });
      await s.browser.enableDevSites();
      s.tab = await s.browser.open(`${s.server.origin}/cabinet`);
    });
    after(async () => { await s.browser?.close(); });

    test("status() reaches the real host, which sees both tokens", async () => {
      const r = await s.tab.call("(p) => p.status()").result();
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.match(r.result.hostVersion, /^\d+\.\d+\.\d+/);
      assert.equal(r.result.protocol, "1.0");
      assert.equal(r.result.tokensConnected, 2);
      assert.equal(r.result.permission, "ask");
    });

    test("an http site the host does not list is refused by the host (ORIGIN_NOT_ALLOWED)", async () => {
      const other = await s.browser.open(`${s.server.localOrigin}/cabinet`);
      const r = await other.call("(p) => p.status()").result();
      assert.equal(r.error?.code, "ORIGIN_NOT_ALLOWED", JSON.stringify(r));
      await other.close();
    });

    test("permission: deny → PERMISSION_DENIED and remembered; revoked in options → asked again; allow once → asked again next time", async () => {
      const call = s.tab.call("(p) => p.listCertificates()");
      const dlg = await s.browser.dialog("permission");
      assert.match(await dlg.text("#origin"), new RegExp(s.server.origin.replace(/\./g, "\\.")));
      await dlg.shot("permission-dialog");
      await dlg.answer("#deny");
      assert.equal((await call.result()).error?.code, "PERMISSION_DENIED");
      assert.equal((await s.tab.call("(p) => p.listCertificates()").result()).error?.code, "PERMISSION_DENIED");

      await revokeSite(s.browser, s.server.origin);

      const once = s.tab.call("(p) => p.listCertificates()");
      await (await s.browser.dialog("permission")).answer("#allow-once");
      const onceResult = await once.result();
      assert.equal(onceResult.ok, true, JSON.stringify(onceResult));
      assert.ok(onceResult.result.length >= 5);

      // "Once" is not remembered: the next call asks again.
      const again = s.tab.call("(p) => p.listCertificates()");
      await (await s.browser.dialog("permission")).answer("#allow-always");
      const r = await again.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      const byThumb = Object.fromEntries(r.result.map((c) => [c.thumbprint, c]));
      const { rsa, ec, gost256, gost512 } = s.fx.certs;
      assert.equal(byThumb[rsa]?.subject.innLe, "7707083893", JSON.stringify(r.result.map((c) => c.thumbprint)));
      assert.equal(byThumb[rsa].key.algorithm, "rsa");
      assert.equal(byThumb[ec]?.subject.ogrnip, "304500116000157");
      assert.equal(byThumb[ec].kind, "sole-proprietor");
      assert.equal(byThumb[gost256]?.tokenLabel, "Podpis GOST");
      assert.equal(byThumb[gost256].subject.innLe, "7707083893");
      assert.ok(byThumb[gost512]);
    });

    for (const [kind, certKey, pin] of [["RSA", "rsa", SOFTHSM_PIN], ["EC", "ec", SOFTHSM_PIN], ["GOST", "gost256", GOST_PIN]]) {
      test(`login by certificate (${kind}): confirmation window, PIN, token verified by podpis-verify-auth`, async () => {
        s.fx.pin.answers(pin);
        const challenge = randomBytes(32).toString("base64");
        const call = s.tab.call("(p, a) => p.authenticate({ challenge: a.challenge, certificate: a.cert })", { challenge, cert: s.fx.certs[certKey] });
        const dlg = await s.browser.dialog("login");
        if (kind === "GOST") await dlg.shot("login-confirmation");
        await dlg.answer("#confirm");
        const r = await call.result();
        assert.equal(r.ok, true, JSON.stringify(r));
        assert.equal(r.result.format, "podpis-auth:1");
        const id = verifyAuthToken(s.fx, s.bins.verifyAuth, r.result, s.server.origin, challenge);
        assert.equal(id.thumbprint, s.fx.certs[certKey]);
        // The same token for another site or challenge is refused.
        assert.throws(() => verifyAuthToken(s.fx, s.bins.verifyAuth, r.result, "https://evil.example", challenge), /ORIGIN|SIGNATURE/i);
        assert.match(s.fx.pin.log(), new RegExp(`SETDESC .*${s.server.origin.replace(/\./g, "\\.")}`));
      });
    }

    test("login through the picker (choose + Войти)", async () => {
      s.fx.pin.answers(SOFTHSM_PIN);
      const challenge = randomBytes(48).toString("base64");
      const call = s.tab.call("(p, c) => p.authenticate({ challenge: c })", challenge);
      const picker = await s.browser.dialog("picker");
      await picker.click(`label.cert[data-thumbprint="${s.fx.certs.ec}"]`);
      await picker.answer("#choose");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(verifyAuthToken(s.fx, s.bins.verifyAuth, r.result, s.server.origin, challenge).thumbprint, s.fx.certs.ec);
    });

    test("sign (RSA, CMS detached): picker → preview with name, size, digest → confirm → OpenSSL verifies", async () => {
      s.fx.pin.answers(SOFTHSM_PIN);
      const text = "Налоговая декларация 2026";
      const call = s.tab.call("(p, t) => p.sign({ data: t, format: 'cms-detached', documentName: 'NO_NDS_7707_2026.xml' })", text);
      const picker = await s.browser.dialog("picker");
      assert.ok(await picker.count(".cert") >= 5);
      const body = await picker.text("body");
      assert.match(body, /RSA, 2048 (бит|bits)/);
      assert.match(body, /ГОСТ Р 34\.10-2012, 256 бит \(CryptoPro-A\)/);
      assert.match(body, /Срок действия истёк/);
      // The host trusts the test CAs only: the certificate of the other CA is flagged, ours are not.
      const warningsOf = (thumb) => picker.eval((t) => [...document.querySelectorAll(`label.cert[data-thumbprint="${t}"] [data-warning]`)]
        .map((w) => `${w.dataset.warning}|${w.className}|${w.textContent}`), thumb);
      const untrusted = await warningsOf(s.fx.certs.untrusted);
      assert.equal(untrusted.length, 1, JSON.stringify(untrusted));
      assert.match(untrusted[0], /^untrusted-issuer\|warn\|⚠ Удостоверяющий центр, выдавший сертификат, не входит в доверенные/);
      for (const key of ["rsa", "ec", "gost256"]) assert.deepEqual(await warningsOf(s.fx.certs[key]), [], key);
      await picker.eval((t) => document.querySelector(`label.cert[data-thumbprint="${t}"]`).scrollIntoView({ block: "center" }), s.fx.certs.untrusted);
      await picker.shot("certificate-picker-untrusted");
      await picker.click(`label.cert[data-thumbprint="${s.fx.certs.rsa}"]`);
      await picker.shot("certificate-picker");
      await picker.answer("#choose");
      const preview = await s.browser.dialog("preview");
      assert.equal(await preview.text("#doc-name"), "NO_NDS_7707_2026.xml");
      assert.equal(await preview.text("#doc-digest"), sha256(text));
      await preview.shot("signing-preview");
      await preview.answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.result.format, "cms-detached");
      assert.equal(r.result.digest, sha256(text));
      opensslVerifyCms(s.fx, r.result.signature, Buffer.from(text));
      assert.match(s.fx.pin.log(), /NO_NDS_7707_2026\.xml/);
    });

    test("sign (EC P-256, CMS attached) with the certificate named by the site", async () => {
      s.fx.pin.answers(SOFTHSM_PIN);
      const call = s.tab.call("(p, c) => p.sign({ data: 'Счёт-фактура №1', format: 'cms-attached', certificate: c })", s.fx.certs.ec);
      await (await s.browser.dialog("preview")).answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      opensslVerifyCms(s.fx, r.result.signature, Buffer.from("Счёт-фактура №1"), { attached: true });
    });

    test("sign (raw): RSA PKCS#1 v1.5 and ECDSA r‖s verify with the certificate's public key (OpenSSL via node:crypto)", async () => {
      for (const [key, dsaEncoding] of [["rsa", undefined], ["ec", "ieee-p1363"]]) {
        s.fx.pin.answers(SOFTHSM_PIN);
        const text = `Платёжное поручение (${key})`;
        const call = s.tab.call("(p, a) => p.sign({ data: a.text, format: 'raw', certificate: a.cert })", { text, cert: s.fx.certs[key] });
        await (await s.browser.dialog("preview")).answer("#confirm");
        const r = await call.result();
        assert.equal(r.ok, true, JSON.stringify(r));
        assert.equal(r.result.format, "raw");
        assert.equal(r.result.digestAlgorithm, "sha256");
        const cert = new X509Certificate(Buffer.from(r.result.certificate, "base64"));
        assert.equal(cert.fingerprint.replace(/:/g, "").toLowerCase(), s.fx.certs[key]);
        const ok = verifySignature("sha256", Buffer.from(text), { key: cert.publicKey, dsaEncoding }, Buffer.from(r.result.signature, "base64"));
        assert.equal(ok, true, `${key}: raw signature does not verify`);
        assert.equal(verifySignature("sha256", Buffer.from(`${text}!`), { key: cert.publicKey, dsaEncoding }, Buffer.from(r.result.signature, "base64")), false);
      }
    });

    test("sign (GOST 2012-256 on the GOST token) by Streebog digest; OpenSSL gost engine verifies (-cades)", async () => {
      s.fx.pin.answers(GOST_PIN);
      const content = Buffer.from("Отчёт 6-НДФЛ за 2026 год");
      const digest = streebog256(s.fx, content);
      const call = s.tab.call("(p, a) => p.sign({ digest: a.digest, digestAlgorithm: 'streebog256', format: 'cms-detached', certificate: a.cert, documentName: '6-NDFL.xml' })",
        { digest, cert: s.fx.certs.gost256 });
      const preview = await s.browser.dialog("preview");
      assert.equal(await preview.text("#doc-digest"), digest);
      await preview.shot("signing-preview-gost");
      await preview.answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      opensslVerifyCms(s.fx, r.result.signature, content);
    });

    test("a 10 MiB file is uploaded in pieces, streamed to the host and signed", async () => {
      s.fx.pin.answers(SOFTHSM_PIN);
      const call = s.tab.call(`(p, c) => p.sign({ file: new File([new Uint8Array(10 * 1024 * 1024).fill(7)], "big.bin"), format: "cms-detached", certificate: c })`, s.fx.certs.rsa);
      const preview = await s.browser.dialog("preview");
      assert.equal(await preview.text("#doc-name"), "big.bin");
      await preview.answer("#confirm");
      const r = await call.result();
      assert.equal(r.ok, true, JSON.stringify(r));
      const content = Buffer.alloc(10 * 1024 * 1024, 7);
      assert.equal(r.result.digest, sha256(content));
      opensslVerifyCms(s.fx, r.result.signature, content);
    });

    test("cancel paths: picker, preview (button and window closed), login, pinentry → USER_CANCELLED", async () => {
      let call = s.tab.call("(p) => p.sign({ data: 'x', format: 'raw' })");
      await (await s.browser.dialog("picker")).answer("#cancel");
      assert.equal((await call.result()).error?.code, "USER_CANCELLED");

      call = s.tab.call("(p, c) => p.sign({ data: 'x', format: 'raw', certificate: c })", s.fx.certs.rsa);
      await (await s.browser.dialog("preview")).answer("#cancel");
      assert.equal((await call.result()).error?.code, "USER_CANCELLED");

      call = s.tab.call("(p, c) => p.sign({ data: 'x', format: 'raw', certificate: c })", s.fx.certs.rsa);
      await (await s.browser.dialog("preview")).dismiss();
      assert.equal((await call.result()).error?.code, "USER_CANCELLED");

      call = s.tab.call("(p, a) => p.authenticate({ challenge: a.challenge, certificate: a.cert })", { challenge: randomBytes(32).toString("base64"), cert: s.fx.certs.rsa });
      await (await s.browser.dialog("login")).answer("#cancel");
      assert.equal((await call.result()).error?.code, "USER_CANCELLED");

      s.fx.pin.answers("CANCEL");
      call = s.tab.call("(p, c) => p.sign({ data: 'x', format: 'raw', certificate: c })", s.fx.certs.rsa);
      await (await s.browser.dialog("preview")).answer("#confirm");
      const r = await call.result();
      assert.equal(r.error?.code, "USER_CANCELLED", JSON.stringify(r));
      assert.match(s.fx.pin.log(), /GETPIN/);
    });

    test("one dialog per tab: a second call while a dialog is open → DIALOG_BUSY", async () => {
      const first = s.tab.call("(p) => p.sign({ data: 'x', format: 'raw' })");
      const dlg = await s.browser.dialog("picker");
      const second = await s.tab.call("(p) => p.sign({ data: 'y', format: 'raw' })").result();
      assert.equal(second.error?.code, "DIALOG_BUSY");
      await dlg.answer("#cancel");
      assert.equal((await first.result()).error?.code, "USER_CANCELLED");
    });

    test("malformed calls give INVALID_ARGUMENT", async () => {
      assert.equal((await s.tab.call("(p) => p.sign({ format: 'raw' })").result()).error?.code, "INVALID_ARGUMENT");
      assert.equal((await s.tab.call("(p) => p.sign({ data: 'x', format: 'pdf' })").result()).error?.code, "INVALID_ARGUMENT");
      assert.equal((await s.tab.call("(p) => p.authenticate({ challenge: 'AAAA' })").result()).error?.code, "INVALID_ARGUMENT");
    });

    test("a document over 256 MiB → DATA_TOO_LARGE (ru/en) before anything is read or shown", async () => {
      const r = await s.tab.call(`(p) => {
        const big = new Blob([new Uint8Array(256 * 1024 * 1024 + 1)]);
        return Promise.allSettled([p.sign({ file: big, format: "cms-detached" }), p.checkReport(big)])
          .then((all) => all.map((x) => x.status === "rejected" ? { code: x.reason.code, ru: x.reason.messageRu, en: x.reason.messageEn } : { resolved: true }));
      }`).result();
      assert.equal(r.ok, true, JSON.stringify(r));
      for (const e of r.result) {
        assert.equal(e.code, "DATA_TOO_LARGE", JSON.stringify(r.result));
        assert.match(e.ru, /до 256 МБ/);
        assert.match(e.en, /up to 256 MB/);
      }
      await assert.rejects(s.browser.dialog("picker", 1500), /no "picker" dialog|timed out/);
    });

    faultFlows(s);
  });
}
