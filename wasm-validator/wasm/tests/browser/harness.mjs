// Headless Chromium (playwright-core, /usr/bin/chromium) on a static page
// that loads the web build of podpis-wasm (pkg/web) from a local HTTP server.
// Used by screenshots.mjs (artifacts) and ../../bench/browser-check.mjs.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "../../../..");
export const PKG_WEB = join(REPO, "wasm-validator/wasm/pkg/web");
export const FORMATS = resolve(process.env.PODPIS_SHARED_FORMATS ?? join(REPO, "../shared/formats"));
export const CHROMIUM = process.env.PODPIS_CHROMIUM ?? "/usr/bin/chromium";

const { chromium } = createRequire(join(REPO, "extension/package.json"))("playwright-core");

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html; charset=utf-8" };

/** The schema files of `dir` (under the formats folder) as [{name, path}]. */
export function schemaFiles(dir) {
  const base = join(FORMATS, dir);
  const walk = (d) => readdirSync(d).sort().flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".xsd") ? [p] : [];
  });
  return walk(base).map((p) => ({ name: `${dir}/${relative(base, p)}`, path: p }));
}

/**
 * Starts a server for pkg/web plus `files` (url path → absolute file path)
 * and the test page, launches Chromium and opens the page with the module
 * initialised. Returns { page, close }.
 */
export async function openPage(files = {}) {
  if (!existsSync(join(PKG_WEB, "podpis_wasm.js"))) throw new Error("pkg/web is missing: run scripts/build-wasm.sh");
  const page_html = `<!doctype html><meta charset=utf-8><link rel=stylesheet href="/pkg/report.css">
<style>body{margin:0;background:#fff}</style><div id=out></div>
<script type=module>
import init, * as wasm from "/pkg/podpis_wasm.js";
import initImport, * as schemaImport from "/pkg/podpis_schema_import.js";
const exports = await init({ module_or_path: "/pkg/podpis_wasm_bg.wasm" });
await initImport({ module_or_path: "/pkg/podpis_schema_import_bg.wasm" });
window.wasm = wasm; window.schemaImport = schemaImport; window.wasmMemory = exports.memory; window.ready = true;
</script>`;
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let path = null;
    if (url === "/") { res.writeHead(200, { "content-type": TYPES[".html"] }); res.end(page_html); return; }
    if (url.startsWith("/pkg/")) path = join(PKG_WEB, url.slice(5));
    else if (files[url]) path = files[url];
    if (!path || !existsSync(path)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    res.end(readFileSync(path));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
  return { page, close: async () => { await browser.close(); server.close(); } };
}

/** In the page: fetches the schemas, compiles them (schema-import module) and loads the pack into `window.v`. */
export async function compileInPage(page, schemas) {
  return page.evaluate(async (list) => {
    const files = await Promise.all(list.map(async (s) => ({ name: s.name, bytes: new Uint8Array(await (await fetch(s.url)).arrayBuffer()) })));
    window.v = window.wasm.Validator.fromPack(window.schemaImport.compileSchemas(files));
    return window.v.forms().length;
  }, schemas);
}
