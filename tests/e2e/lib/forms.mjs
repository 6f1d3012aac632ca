// Installing report forms into the real extension through its options page
// ("Формы отчётности"), in Chromium (a playwright-core BrowserContext) or
// Firefox (the WebDriver session of lib/firefox.mjs). The extension compiles
// the XSD files with its WASM validator and stores the pack, exactly as a
// user's import does.
//
//   import { importSchemas, SHARED_FORMATS } from "./lib/forms.mjs";
//   const pack = await importSchemas(b.context, join(SHARED_FORMATS, "fns"));
//   // → { packId, forms: [{ name, knd }], text }
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXTENSION_ID, REPO } from "./env.mjs";
import { EXT_BASE as FIREFOX_BASE } from "./firefox.mjs";

/** The official formats (../shared/formats, or $PODPIS_SHARED_FORMATS). */
export const SHARED_FORMATS = resolve(process.env.PODPIS_SHARED_FORMATS ?? join(REPO, "../shared/formats"));

/** True when `ctx` is a playwright BrowserContext (else a lib/firefox.mjs session). */
const isPlaywright = (ctx) => typeof ctx?.newPage === "function";

/** The options page of the extension in that browser. */
export function optionsUrl(ctx) {
  return isPlaywright(ctx) ? `chrome-extension://${EXTENSION_ID}/options.html` : `${FIREFOX_BASE}/options.html`;
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
 * `{input: "#import-pack"}` imports a ready `.pack` file instead.
 */
export async function importSchemas(ctx, dirOrFiles, { input = "#import-xsd", timeoutMs = 120_000 } = {}) {
  const files = input === "#import-xsd" ? schemaPaths(dirOrFiles) : (Array.isArray(dirOrFiles) ? dirOrFiles : [dirOrFiles]).map((f) => resolve(f));
  let result;
  if (isPlaywright(ctx)) {
    const page = await ctx.newPage();
    try {
      await page.goto(optionsUrl(ctx));
      await page.waitForSelector("#forms");
      await page.setInputFiles(input, files);
      const h = await page.waitForFunction(outcome, null, { timeout: timeoutMs });
      result = await h.jsonValue();
    } finally {
      await page.close();
    }
  } else {
    await ctx.goto(optionsUrl(ctx));
    await ctx.until(() => ctx.exec(`return !!document.getElementById("forms")`), "options page forms section");
    const el = await ctx.find(input);
    // WebDriver: several files for a `multiple` input are newline-separated paths.
    await ctx.cmd("POST", `/element/${el}/value`, { text: files.join("\n") });
    result = await ctx.until(() => ctx.exec(`return (${outcome})()`), "form import", timeoutMs);
  }
  if (!result.ok) {
    const e = new Error(`form import refused (${result.code}): ${result.text}`);
    e.code = result.code;
    e.text = result.text;
    throw e;
  }
  return result;
}

/** The forms the options page lists, per pack: [{packId, label, forms: [{name, knd}]}]. */
export async function installedForms(ctx) {
  if (isPlaywright(ctx)) {
    const page = await ctx.newPage();
    try {
      await page.goto(optionsUrl(ctx));
      await page.waitForSelector("#forms");
      return await page.evaluate(listed);
    } finally {
      await page.close();
    }
  }
  await ctx.goto(optionsUrl(ctx));
  await ctx.until(() => ctx.exec(`return !!document.getElementById("forms")`), "options page forms section");
  return ctx.exec(`return (${listed})()`);
}
