// The demo cabinet in a real browser, written once for both drivers: the
// real extension, the real podpis-host, SoftHSM2 (RSA, EC) and the GOST
// test token; the user logs in by certificate, picks a report, signs it in
// the trusted preview (PIN from the scripted pinentry) and sends it; the
// cabinet's server verifies login tokens and signatures (podpis-verifier).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS } from "./env.mjs";
import { createTokens, GOST_PIN, SOFTHSM_PIN } from "./tokens.mjs";
import { chooseReport, demoReport, installDemoForm, loginWith, logout, openCabinetPage, signAndSend, startCabinet } from "./cabinet.mjs";
import { opensslVerifyCms } from "./verify.mjs";
import { waitUntil } from "./wait.mjs";

mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Defines the cabinet suite for one browser. `logins`: which keys log in
 * (`rsa`, `ec`, `gost256`); `signers`: which of them also sign a report;
 * `forms`: install the report's form first, so the page checks and shows it.
 */
export function cabinetSuite(browser, launch, { skip, bins, cabinet, logins, signers, forms = false }) {
  describe(`${browser}: the demo cabinet with the real host and tokens`, { skip }, () => {
    const s = {};
    const pinFor = (key) => (key.startsWith("gost") ? GOST_PIN : SOFTHSM_PIN);
    before(async () => {
      s.report = demoReport();
      s.fx = createTokens(bins, []);
      s.cab = await startCabinet(cabinet, s.fx.roots);
      s.fx.hostEnv.PODPIS_DEV_ORIGINS = s.cab.origin;
      s.browser = await launch({ host: bins.host, env: s.fx.hostEnv });
      await s.browser.enableDevSites();
      s.forms = forms ? await installDemoForm(s.browser) : null;
      s.tab = await openCabinetPage(s.browser, s.cab.origin);
    });
    after(async () => { await s.browser?.close(); await s.cab?.close(); });

    test("the page sees the extension and the host", async () => {
      assert.equal(await s.tab.attr("#ext-status", "data-state"), "ok", await s.tab.text("#ext-status"));
      assert.match(await s.tab.text("#ext-status"), /токенов: 2/);
      assert.match(await s.tab.text("#roots"), /Podpis Test CA/);
      if (browser === "chromium") await s.tab.shot("cabinet-login");
    });

    let first = true;
    for (const key of logins) {
      test(`login by certificate (${key}): the server verifies the token and shows who logged in`, async () => {
        const name = await loginWith(s.browser, s.tab, { thumbprint: s.fx.certs[key], pin: s.fx.pin, pinValue: pinFor(key), firstTime: first,
          shot: browser === "chromium" && first ? (w, n) => w.shot(`cabinet-login-${n}`) : null });
        first = false;
        assert.ok(name.trim().length > 0);
        const facts = await s.tab.text("#who-facts");
        assert.match(facts, key.startsWith("gost") ? /Podpis GOST Test CA/ : /Podpis Test CA/);
        if (key === "rsa") {
          assert.match(facts, /ИНН организации7707083893/);
          assert.match(await s.tab.text("#who-role"), /Генеральный директор, ООО Ромашка/);
        }
        const me = await s.tab.eval(() => fetch("/api/me").then((r) => r.json()));
        assert.equal(me.person.thumbprint, s.fx.certs[key]);
        assert.match(s.fx.pin.log(), new RegExp(`SETDESC .*${s.cab.origin.replace(/\./g, "\\.")}`));
        // The session cookie is HttpOnly: page scripts cannot read it.
        assert.equal(await s.tab.eval(() => document.cookie), "");
        if (browser === "chromium" && key === logins[0]) await s.tab.shot(`cabinet-logged-in-${key}`);

        if (signers.includes(key)) {
          const check = await chooseReport(s.tab, s.report);
          if (s.forms) {
            // The form is installed: the extension checked the report and shows it in its frame.
            assert.ok(["ok", "errors"].includes(check.state), check.text);
            assert.match(check.text, new RegExp(`КНД ${s.report.knd}`));
            if (check.state === "errors") assert.ok(await s.tab.count("#findings tbody tr[data-severity='error']") > 0, "the errors are listed");
            s.checkState = check.state;
            await waitUntil(() => s.tab.eval(() => !document.getElementById("render-box").hidden && !!document.querySelector("#render iframe")), "the rendered report", 60000);
          } else {
            assert.match(check.text, /Проверка недоступна|Форма отчёта не распознана/);
          }
          const sent = await signAndSend(s.browser, s.tab, { report: s.report, pin: s.fx.pin, pinValue: pinFor(key), shot: browser === "chromium" ? (w, n) => w.shot(`cabinet-${key}-${n}`) : null, override: true });
          assert.equal(sent.docName, s.report.name);
          assert.equal(sent.rendered, !!s.forms, "the preview shows the report when its form is installed");
          // A report with errors is signed only after the preview's explicit override.
          if (s.forms) assert.equal(sent.blocked, s.checkState === "errors");
          assert.equal(sent.ok, "true", sent.message);
          assert.match(sent.message, /Подпись верна/);
          assert.equal(sent.row.ok, "true", sent.row.text);
          assert.match(sent.row.text, new RegExp(`КНД ${s.report.knd}`));
          // What the server stored verifies independently with OpenSSL.
          const dir = join(s.cab.data, "reports", sent.row.id.padStart(6, "0"));
          assert.deepEqual(readFileSync(join(dir, "report")), s.report.bytes);
          opensslVerifyCms(s.fx, readFileSync(join(dir, "report.sig")).toString("base64"), s.report.bytes);
          const rec = JSON.parse(readFileSync(join(dir, "record.json"), "utf8"));
          assert.equal(rec.verdict.signer.thumbprint, s.fx.certs[key]);
          if (browser === "chromium") await s.tab.shot(`cabinet-sent-${key}`);
        }
        await logout(s.tab);
      });
    }
  });
}
