// The browser part of the README demo: the demo web cabinet
// (tests/cabinet) in Chromium with the real extension and podpis-host, on
// a SoftHSM2 token (RSA, EC P-256/P-384) and the GOST test token, all
// with test certificates.
//
// With $DISPLAY (and without PODPIS_DEMO_HEADLESS=1): opens a visible
// Chromium at the cabinet and waits until you close it; PINs are asked by
// your pinentry. Without a display: runs the scenario itself — login by
// certificate, the report's form imported, the report checked and shown
// by the extension, signing in the trusted preview, upload, the list — saving
// screenshots to tests/artifacts/demo/ and printing what the cabinet's
// server concluded, cross-checked with OpenSSL.
//
// Usage: node scripts/demo/cabinet-demo.mjs   (after the cargo build and
// the extension build that scripts/demo.sh does).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, CHROMIUM, DIST_CHROME, EXTENSION_ID, REPO, realComponents, requireExt, tempDir } from "../../tests/e2e/lib/env.mjs";
import { createTokens, GOST_PIN, SOFTHSM_PIN } from "../../tests/e2e/lib/tokens.mjs";
import { ChromiumDriver } from "../../tests/e2e/lib/chromium.mjs";
import { opensslVerifyCms } from "../../tests/e2e/lib/verify.mjs";
import { cabinetBinary, chooseReport, DEMO_SCHEMA, demoReport, installDemoForm, loginWith, logout, openCabinetPage, signAndSend, startCabinet } from "../../tests/e2e/lib/cabinet.mjs";

const OUT = join(ARTIFACTS, "demo");
const say = (s) => console.log(`  ${s}`);

const { bins, missing } = realComponents();
const cabinetBin = cabinetBinary();
if (missing || !cabinetBin) {
  console.error(`demo: ${missing ?? "podpis-cabinet not built"}`);
  process.exit(1);
}

console.log("== demo tokens (SoftHSM2: RSA-2048, ECDSA P-256/P-384; GOST test token: GOST R 34.10-2012 256/512)");
const fx = createTokens(bins, []);
say(`test CAs (the cabinet's trusted roots): ${fx.roots}`);
say(`SoftHSM2 PIN ${SOFTHSM_PIN}, GOST token PIN ${GOST_PIN}`);
console.log("== podpis-host doctor");
try {
  process.stdout.write(execFileSync(bins.host, ["doctor"], { env: { ...process.env, ...fx.hostEnv, PODPIS_PINENTRY: fx.pin.wrapper } }));
} catch (e) {
  process.stdout.write(e.stdout ?? "");
}

const data = join(REPO, ".work/demo/cabinet-data");
rmSync(data, { recursive: true, force: true });
const cab = await startCabinet(cabinetBin, fx.roots, { data });
fx.hostEnv.PODPIS_DEV_ORIGINS = cab.origin;
console.log(`== demo cabinet: ${cab.origin}/ (data: ${data})`);

const headed = process.env.DISPLAY && process.env.PODPIS_DEMO_HEADLESS !== "1";
try {
  if (headed) await interactive();
  else await scripted();
} finally {
  await cab.close();
}

/** A visible Chromium for a person to try the cabinet. */
async function interactive() {
  const { chromium } = requireExt("playwright-core");
  const profile = tempDir("demo-chromium");
  execFileSync(bins.host, ["install", "--browser", "chromium", "--user-data-dir", profile, "--extension-id", EXTENSION_ID], { stdio: "pipe" });
  // A person answers the PIN in the desktop's own pinentry.
  const env = { ...process.env, ...fx.hostEnv };
  delete env.PODPIS_PINENTRY;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: false, viewport: null,
    ignoreDefaultArgs: ["--disable-extensions", "--enable-automation"],
    args: ["--no-first-run", "--disable-sync", `--load-extension=${DIST_CHROME}`, `--disable-extensions-except=${DIST_CHROME}`],
    env,
  });
  if (!context.serviceWorkers().length) await context.waitForEvent("serviceworker", { timeout: 15000 });
  const browser = new ChromiumDriver(context);
  await browser.enableDevSites();
  await installForm(browser);
  await openCabinetPage(browser, cab.origin);
  console.log("== Chromium is open at the cabinet: log in by certificate, choose a report, sign and send it.");
  const sample = demoReport();
  say(`a report to try: ${sample.path ?? "any ФНС XML report"}`);
  say("close the browser window to end the demo");
  await new Promise((r) => context.on("close", r));
}

/** Imports the demo report's official schema through the extension's options page. */
async function installForm(browser) {
  console.log(`== report forms: importing ${DEMO_SCHEMA} into the extension (options → «Формы отчётности»)`);
  const forms = await installDemoForm(browser);
  say(forms ? `installed: ${forms.map((f) => `${f.name}${f.knd ? ` (КНД ${f.knd})` : ""}`).join(", ")}` : "../shared/formats not found: the cabinet will say the form is unknown");
}

/**
 * Waits until the extension's render frame inside the cabinet page shows the
 * report (its title is drawn), so the screenshot shows what the user sees.
 */
async function reportRendered(tab) {
  const base = `chrome-extension://${EXTENSION_ID}/render.html`;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const frame = tab.page.frames().find((f) => f.url().startsWith(base));
    const drawn = frame && (await frame.evaluate(() => document.querySelectorAll("[class*='podpis-r-']").length > 5).catch(() => false));
    if (drawn) {
      await tab.page.waitForTimeout(300); // one more paint of the out-of-process frame
      return true;
    }
    await tab.page.waitForTimeout(200);
  }
  return false;
}

/** The scenario without a display, with screenshots. */
async function scripted() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  let n = 0;
  const capture = async (target, name) => {
    const file = join(OUT, `${String(++n).padStart(2, "0")}-${name}.png`);
    await target.page.screenshot({ path: file, fullPage: !target.answer });
  };
  const browser = await ChromiumDriver.launch({ host: bins.host, env: fx.hostEnv });
  try {
    await browser.enableDevSites();
    await installForm(browser);
    const tab = await openCabinetPage(browser, cab.origin);
    await tab.page.setViewportSize({ width: 1100, height: 900 });
    say(`extension: ${await tab.text("#ext-status")}`);
    await capture(tab, "cabinet-login-page");
    const report = demoReport();
    const steps = [
      { key: "rsa", what: "RSA-2048, head of a legal entity", pin: SOFTHSM_PIN, sign: true },
      { key: "gost256", what: "GOST R 34.10-2012 256, the GOST test token", pin: GOST_PIN, sign: true },
      { key: "ec", what: "ECDSA P-256, sole proprietor", pin: SOFTHSM_PIN, sign: false },
    ];
    for (const [i, st] of steps.entries()) {
      console.log(`== login by certificate: ${st.what}`);
      const shot = (w, name) => capture(w, `${st.key}-${name}`);
      const name = await loginWith(browser, tab, { thumbprint: fx.certs[st.key], pin: fx.pin, pinValue: st.pin, firstTime: i === 0, shot });
      say(`logged in as ${name.trim()} — ${(await tab.text("#who-role")).trim()}`);
      await capture(tab, `${st.key}-logged-in`);
      if (st.sign) {
        console.log(`== report ${report.name}: check, sign, send`);
        const check = await chooseReport(tab, report);
        say(`check in the browser: ${check.text}`);
        if (!(await reportRendered(tab))) say("the rendered report did not appear within 30 s");
        await capture(tab, `${st.key}-report-checked`);
        // A full-page capture does not paint the out-of-process render frame:
        // the report itself is shot in the viewport, scrolled to it.
        await tab.page.evaluate(() => document.getElementById("render-box").scrollIntoView());
        await tab.page.waitForTimeout(300);
        await capture({ page: tab.page, answer: true }, `${st.key}-report-rendered`);
        const sent = await signAndSend(browser, tab, { report, pin: fx.pin, pinValue: st.pin, shot, override: true });
        if (sent.blocked) say("the report has errors: signed anyway with the preview's explicit override");
        say(sent.message);
        await capture(tab, `${st.key}-sent`);
      }
      await logout(tab);
    }
  } finally {
    await browser.close();
  }
  summary();
}

/** What the cabinet's server stored, each signature re-checked with OpenSSL. */
function summary() {
  console.log("== sent reports as the cabinet's server verified them (data dir), cross-checked by openssl cms -verify");
  const dir = join(data, "reports");
  for (const id of readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort()) {
    const rec = JSON.parse(readFileSync(join(dir, id, "record.json"), "utf8"));
    const v = rec.verdict;
    say(`№ ${rec.id} ${rec.fileName} (КНД ${rec.form.knd ?? "—"}, ${rec.size} bytes)`);
    const bc = rec.browserCheck;
    if (bc) say(`   browser check: ${bc.status === "checked" ? `${bc.form ?? "?"}: ${bc.errors} errors, ${bc.warnings} warnings` : bc.status}`);
    say(`   server: ${v.ok ? "VALID" : "INVALID"} ${v.code} — ${v.message}`);
    if (v.signer) say(`   signer: ${v.signer.name}, ${v.signer.subject.organization ?? v.signer.kind}, issuer ${v.signer.issuer}, ${v.digestAlgorithm}${v.cadesBes ? ", CAdES-BES" : ""}`);
    try {
      opensslVerifyCms(fx, readFileSync(join(dir, id, "report.sig")).toString("base64"), readFileSync(join(dir, id, "report")));
      say("   openssl cms -verify -cades: Verification successful");
    } catch (e) {
      say(`   openssl cms -verify: FAILED ${e.message.split("\n")[0]}`);
    }
  }
  say(`screenshots: ${existsSync(OUT) ? readdirSync(OUT).length : 0} in ${OUT}`);
}
