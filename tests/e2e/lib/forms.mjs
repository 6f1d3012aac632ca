// Installing report forms into the real extension through its options page
// ("Формы отчётности"), in Chromium or Firefox. `browser` is a
// ChromiumDriver / FirefoxDriver (lib/chromium.mjs, lib/firefox.mjs) or a
// plain playwright-core BrowserContext. The extension compiles the XSD files
// with its WASM validator and stores the pack, exactly as a user's import
// does.
//
//   import { importSchemas, SHARED_FORMATS } from "./lib/forms.mjs";
//   const pack = await importSchemas(browser, join(SHARED_FORMATS, "fns"));
//   // → { packId, forms: [{ name, knd }], text }
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXTENSION_ID, REPO } from "./env.mjs";

/** The official formats (../shared/formats, or $PODPIS_SHARED_FORMATS). */
export const SHARED_FORMATS = resolve(process.env.PODPIS_SHARED_FORMATS ?? join(REPO, "../shared/formats"));

/** The playwright BrowserContext behind `browser`, or null for Firefox. */
function playwrightContext(browser) {
  if (typeof browser?.newPage === "function") return browser;
  if (typeof browser?.context?.newPage === "function") return browser.context;
  return null;
}

/** `dirOrFiles` as absolute file paths: a folder's *.xsd files (sorted), or the given files. */
export function schemaPaths(dirOrFiles) {
  if (Array.isArray(dirOrFiles)) return dirOrFiles.map((f) => resolve(f));
  const dir = resolve(dirOrFiles);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`importSchemas: ${dir} is not a folder`);
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".xsd")).sort().map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`importSchemas: no .xsd files in ${dir}`);
  return files;
}

/** The outcome the options page shows after an import (runs in the page; extension CSP forbids eval of strings). */
function outcome() {
  const ok = document.getElementById("forms-imported");
  const bad = document.getElementById("forms-error");
  if (bad) return { ok: false, code: bad.dataset.code, text: bad.textContent };
  if (!ok) return null;
  const card = document.querySelector(`.forms-pack[data-pack-id="${ok.dataset.packId}"]`);
  const forms = card ? [...card.querySelectorAll("tr.form")].map((r) => ({ name: r.dataset.form, knd: r.dataset.knd || null })) : [];
  return { ok: true, packId: ok.dataset.packId, forms, text: ok.textContent };
}

/** The packs the options page lists (runs in the page). */
function listed() {
  return [...document.querySelectorAll(".forms-pack")].map((c) => ({ packId: c.dataset.packId,
    label: c.querySelector(".pack-label").textContent,
    forms: [...c.querySelectorAll("tr.form")].map((r) => ({ name: r.dataset.form, knd: r.dataset.knd || null })) }));
}

/**
 * Imports XSD files (a folder's *.xsd, or a list of files) as one pack
 * through the options page's "Загрузить XSD-файлы…" input. Resolves
 * `{packId, forms: [{name, knd}], text}`; throws with the page's error
 * text (which names the bad file) when the extension refuses the import.
 * `{input: "#import-folder"}` gives a folder to the folder input (the
 * extension takes its `*.xsd` with relative paths, so `xs:import` across
 * files resolves); `{input: "#import-pack"}` imports a ready `.pack`.
 */
export async function importSchemas(browser, dirOrFiles, { input = "#import-xsd", timeoutMs = 120_000 } = {}) {
  // #import-xsd: the files; #import-folder: the folder itself (webkitdirectory); #import-pack: one .pack.
  const files = input === "#import-xsd" ? schemaPaths(dirOrFiles) : (Array.isArray(dirOrFiles) ? dirOrFiles : [dirOrFiles]).map((f) => resolve(f));
  let result;
  const ctx = playwrightContext(browser);
  if (ctx) {
    result = await onOptionsPage(ctx, async (page) => {
      await page.setInputFiles(input, files);
      return (await page.waitForFunction(outcome, null, { timeout: timeoutMs })).jsonValue();
    });
  } else {
    if (input === "#import-folder") throw new Error("importSchemas: geckodriver cannot give a folder to an input; pass the files (default input)");
    // Firefox: the tab stays open (closing a session's last window ends it).
    const tab = await browser.extensionPage("options.html");
    await tab.waitFor("#forms");
    await tab.in(async (ff) => {
      const el = Object.values(await ff.cmd("POST", "/element", { using: "css selector", value: input }))[0];
      // WebDriver: several files for a `multiple` input are newline-separated paths.
      await ff.cmd("POST", `/element/${el}/value`, { text: files.join("\n") });
    });
    result = await browser.until(() => tab.eval(outcome), "form import", timeoutMs);
  }
  if (!result.ok) {
    const e = new Error(`form import refused (${result.code}): ${result.text}`);
    e.code = result.code;
    e.text = result.text;
    throw e;
  }
  return result;
}

/** Runs `fn(page)` on a fresh options page of a playwright context (forms section loaded), then closes it. */
async function onOptionsPage(ctx, fn) {
  const page = await ctx.newPage();
  try {
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await page.waitForSelector("#forms");
    return await fn(page);
  } finally {
    await page.close();
  }
}

/** The forms the options page lists, per pack: [{packId, label, forms: [{name, knd}]}]. */
export async function installedForms(browser) {
  const ctx = playwrightContext(browser);
  if (ctx) {
    return onOptionsPage(ctx, (page) => page.evaluate(listed));
  }
  const tab = await browser.extensionPage("options.html");
  await tab.waitFor("#forms");
  return tab.eval(listed);
}
