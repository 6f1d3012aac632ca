// The demo web cabinet (tests/cabinet, binary podpis-cabinet) for the
// browser tests and the README demo: started on 127.0.0.1 with the test
// roots, and the steps a user takes in it (log in, pick a report, sign and
// send), driven through the same ChromiumDriver / FirefoxDriver interface
// as flows.mjs.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BIN_DIR, tempDir } from "./env.mjs";
import { importSchemas, SHARED_FORMATS } from "./forms.mjs";
import { waitUntil } from "./wait.mjs";

/** The official schema of the demo report (УСН 5.09), in ../shared/formats. */
export const DEMO_SCHEMA = join(SHARED_FORMATS, "fns/NO_USN_1_030_00_05_09_01.xsd");

/**
 * Installs the demo report's form in the extension (options page,
 * "Формы отчётности"), so the cabinet's checkReport/renderReport work.
 * Resolves the imported forms, or null when ../shared/formats is absent.
 */
export async function installDemoForm(browser) {
  if (!existsSync(DEMO_SCHEMA)) return null;
  return (await importSchemas(browser, [DEMO_SCHEMA])).forms;
}

/** The built cabinet binary, or null. */
export function cabinetBinary() {
  const p = join(BIN_DIR, "podpis-cabinet");
  return existsSync(p) ? p : null;
}

/**
 * Starts podpis-cabinet on a free port trusting `roots` (PEM file).
 * Resolves {origin, data, close, log()}.
 */
export function startCabinet(binary, roots, { data = tempDir("cabinet-data") } = {}) {
  const proc = spawn(binary, ["--port", "0", "--roots", roots, "--data", data], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout.on("data", (d) => { out += d; });
  proc.stderr.on("data", (d) => { out += d; });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`podpis-cabinet did not start: ${out}`)), 15000);
    proc.on("exit", (code) => { clearTimeout(timer); reject(new Error(`podpis-cabinet exited (${code}): ${out}`)); });
    proc.stdout.on("data", () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.removeAllListeners("exit");
      resolvePromise({
        origin: m[1], data, log: () => out,
        close: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once("exit", r); proc.kill(); }),
      });
    });
  });
}

/**
 * The demo report: the synthetic УСН declaration (KND 1152017) from
 * ../shared/formats when present (read, never copied), else a small
 * НДС-shaped file written here.
 */
export function demoReport() {
  const sample = join(SHARED_FORMATS, "samples/gradosphera/NO_USN_romashka.xml");
  if (existsSync(sample)) {
    const bytes = readFileSync(sample);
    const id = /ИдФайл="([^"]+)"/.exec(bytes.toString("utf8"))?.[1] ?? "NO_USN_romashka";
    return { name: `${id}.xml`, bytes, knd: "1152017", path: sample };
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<Файл ИдФайл="NO_NDS_7707_7707_7707083893770701001_20260420_1" ВерсПрог="demo" ВерсФорм="5.08"><Документ КНД="1151001" ДатаДок="20.04.2026" Период="21" ОтчетГод="2026" КодНО="7707" НомКорр="0" ПоМесту="214"/></Файл>\n`;
  return { name: "NO_NDS_7707_7707_7707083893770701001_20260420_1.xml", bytes: Buffer.from(xml), knd: "1151001", path: null };
}

/** The cabinet page after its script has run. */
export async function openCabinetPage(browser, origin) {
  const tab = await browser.open(`${origin}/`);
  await tab.waitFor("body[data-ready]");
  return tab;
}

/**
 * Logs in by certificate through the page: "Войти по сертификату" →
 * (permission the first time) → picker → the certificate → "Войти";
 * the PIN comes from the scripted pinentry. `shot(window, name)`, when
 * given, captures the trusted windows. Resolves the shown name.
 */
export async function loginWith(browser, tab, { thumbprint, pin, pinValue, firstTime = false, shot = null }) {
  pin.answers(pinValue);
  await tab.click("#login");
  if (firstTime) {
    const perm = await browser.dialog("permission", 60000);
    if (shot) await shot(perm, "permission");
    await perm.answer("#allow-always");
  }
  const picker = await browser.dialog("picker", 60000);
  await picker.click(`label.cert[data-thumbprint="${thumbprint}"]`);
  if (shot) await shot(picker, "picker");
  await picker.answer("#choose");
  await waitUntil(async () => {
    const err = await tab.eval(() => { const e = document.getElementById("login-error"); return e.hidden ? null : e.textContent; });
    if (err) throw new Error(`login failed on the page: ${err}`);
    return tab.eval(() => !document.getElementById("cabinet-view").hidden);
  }, "the cabinet after login", 60000);
  return tab.text("#who-name");
}

/** Logs out through the page. */
export async function logout(tab) {
  await tab.click("#logout");
  await waitUntil(() => tab.eval(() => !document.getElementById("login-view").hidden), "the login page", 30000);
}

/** Puts `report` into the page's file input (as a user choosing the file would) and waits for the check. */
export async function chooseReport(tab, report) {
  await tab.eval(({ name, b64 }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: "text/xml" }));
    const input = document.getElementById("file");
    input.files = dt.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }, { name: report.name, b64: report.bytes.toString("base64") });
  await waitUntil(async () => ["ok", "errors", "unavailable"].includes(await tab.attr("#check-status", "data-state")), "the report check", 60000);
  await waitUntil(() => tab.eval(() => !document.getElementById("sign-send").disabled), "the sign button", 30000);
  return { state: await tab.attr("#check-status", "data-state"), text: await tab.text("#check-status") };
}

/**
 * "Подписать и отправить" → the signing preview (name checked; with the
 * form installed, the rendered report and its check; a report with errors
 * needs the explicit override, which `override` allows) → "Подписать" →
 * PIN → upload; resolves the page's result line and the newest row of
 * "Отправленные отчёты". `shot(window, name)` as in loginWith.
 */
export async function signAndSend(browser, tab, { report, pin, pinValue, shot = null, override = false }) {
  pin.answers(pinValue);
  const before = await tab.count("#reports tbody tr");
  await tab.click("#sign-send");
  const preview = await browser.dialog("preview", 60000);
  const docName = await preview.text("#doc-name");
  const rendered = (await preview.count("#report")) > 0;
  if (rendered) await preview.waitFor("#report[data-rendered='true']", 60000);
  const blocked = await preview.eval(() => document.getElementById("confirm").disabled);
  if (shot) await shot(preview, "preview");
  if (blocked) {
    if (!override) throw new Error("the preview refuses to sign: the report has errors");
    await preview.eval(() => document.getElementById("override").scrollIntoView({ block: "center" }));
    await preview.click("#override");
  }
  await preview.answer("#confirm");
  await waitUntil(async () => (await tab.attr("#send-result", "data-ok")) !== null, "the upload result", 60000);
  await waitUntil(async () => (await tab.count("#reports tbody tr")) > before, "the new row", 30000);
  const row = await tab.eval(() => {
    const tr = document.querySelector("#reports tbody tr");
    const st = tr.querySelector("td.verdict");
    return { id: tr.dataset.id, text: tr.textContent, ok: st.dataset.ok, code: st.dataset.code };
  });
  return { docName, rendered, blocked, ok: await tab.attr("#send-result", "data-ok"), message: await tab.text("#send-result"), row, reportName: report.name };
}
