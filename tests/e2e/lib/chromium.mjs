// Chromium with the unpacked extension, driven by playwright-core. The
// `ChromiumDriver` has the same interface as `FirefoxDriver`, so the flows
// in flows.mjs run unchanged in both browsers.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, CHROMIUM, DIST_CHROME, EXTENSION_ID, requireExt, tempDir } from "./env.mjs";

const { chromium } = requireExt("playwright-core");

/** Registers podpis-host for the profile through its own installer. */
function registerHost(userDataDir, host) {
  execFileSync(host, ["install", "--browser", "chromium", "--user-data-dir", userDataDir, "--extension-id", EXTENSION_ID], { stdio: "pipe" });
}

/**
 * Registers an echo host (benchmark baseline) under the same name,
 * written directly because it is not podpis-host.
 */
function registerEchoHost(userDataDir, path) {
  const dir = join(userDataDir, "NativeMessagingHosts");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "ru.podpis.host.json"), JSON.stringify({
    name: "ru.podpis.host", description: "Podpis benchmark echo host", path, type: "stdio",
    allowed_origins: [`chrome-extension://${EXTENSION_ID}/`],
  }));
}

/** Runs `window.podpis` call `fn` (source of `(podpis, arg) => …`) in a page. */
function evaluateCall(page, fn, arg) {
  return page.evaluate(async ({ fn, arg }) => {
    try {
      const result = await new Function("podpis", "arg", `return (${fn})(podpis, arg);`)(window.podpis, arg);
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: { name: e.name, code: e.code, message: e.message, messageRu: e.messageRu, messageEn: e.messageEn, detail: e.detail } };
    }
  }, { fn, arg });
}

/** A page of a site or of the extension. */
class ChromiumTab {
  constructor(driver, page) { this.driver = driver; this.page = page; }
  /** Starts a `window.podpis` call; `await call.result()` → {ok, result} | {ok:false, error}. */
  call(fn, arg) { const p = evaluateCall(this.page, fn, arg); return { result: () => p }; }
  eval(fn, arg) { return this.page.evaluate(fn, arg); }
  waitFor(css, timeout = 15000) { return this.page.waitForSelector(css, { timeout }); }
  text(css) { return this.page.textContent(css); }
  attr(css, name) { return this.page.getAttribute(css, name); }
  count(css) { return this.page.locator(css).count(); }
  click(css) { return this.page.click(css); }
  reload() { return this.page.reload(); }
  shot(name) { return this.page.screenshot({ path: join(ARTIFACTS, `chromium-${name}.png`), fullPage: true }); }
  close() { return this.page.close(); }
}

/** A trusted dialog window (permission, picker, preview, login). */
class ChromiumDialog extends ChromiumTab {
  /** Clicks a button that answers the dialog; the background closes the window right away. */
  async answer(css) {
    await this.page.click(css, { noWaitAfter: true }).catch((e) => { if (!/closed/.test(e.message)) throw e; });
  }
  /** Closes the window as the user would (counts as cancel). */
  dismiss() { return this.page.close(); }
  /** The window as the user sees it (not the whole scrolled page). */
  shot(name) { return this.page.screenshot({ path: join(ARTIFACTS, `chromium-${name}.png`) }); }
}

/** Chromium (headless) with the extension and, optionally, a registered host. */
export class ChromiumDriver {
  name = "chromium";

  /** `host`: podpis-host path; `echoHost`: a benchmark echo host instead; `env` reaches the host. */
  static async launch({ host = null, echoHost = null, env = {} } = {}) {
    const userDataDir = tempDir("chromium");
    if (host) registerHost(userDataDir, host);
    if (echoHost) registerEchoHost(userDataDir, echoHost);
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: false,
      ignoreDefaultArgs: ["--disable-extensions", "--headless"],
      args: [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", `--load-extension=${DIST_CHROME}`, `--disable-extensions-except=${DIST_CHROME}`,
      ],
      env: { ...process.env, ...env },
      viewport: null,
    });
    let [sw] = context.serviceWorkers();
    sw ??= await context.waitForEvent("serviceworker", { timeout: 15000 });
    return new ChromiumDriver(context);
  }

  constructor(context) {
    this.context = context;
    /** Dialog windows not yet handed to a test, in opening order. */
    this.unclaimed = [];
    this.waiters = [];
    context.on("page", (p) => {
      if (!p.url().includes("/dialog.html")) return;
      this.unclaimed.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Opens a site page in a new tab. */
  async open(url) {
    const page = await this.context.newPage();
    await page.goto(url);
    return new ChromiumTab(this, page);
  }

  /** Opens an extension page ("popup.html", "options.html"). */
  async extensionPage(path, { width = 432, height = 600 } = {}) {
    const page = await this.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`chrome-extension://${EXTENSION_ID}/${path}`);
    return new ChromiumTab(this, page);
  }

  /** Waits for the next dialog window of `kind` and its rendered buttons. */
  async dialog(kind, timeout = 20000) {
    const end = Date.now() + timeout;
    for (;;) {
      for (const [i, p] of this.unclaimed.entries()) {
        const k = await p.evaluate(() => document.body?.querySelector("button") ? document.body.dataset.kind : null).catch(() => null);
        if (p.isClosed()) { this.unclaimed.splice(i, 1); break; }
        if (k === kind) { this.unclaimed.splice(i, 1); return new ChromiumDialog(this, p); }
      }
      if (Date.now() > end) {
        const seen = await Promise.all(this.unclaimed.map((p) => p.evaluate(() => document.body.outerHTML.slice(0, 500)).catch(() => "(closed)")));
        throw new Error(`no "${kind}" dialog within ${timeout} ms; open dialogs: ${JSON.stringify(seen)}`);
      }
      await new Promise((r) => { this.waiters.push(r); setTimeout(r, 100); });
    }
  }

  /** Turns on "development sites" (http://127.0.0.1, http://localhost) in the options page. */
  async enableDevSites() {
    const page = await this.context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await page.check("#dev-sites");
    await page.waitForFunction(async () => (await chrome.storage.local.get("devSites")).devSites === true);
    await page.close();
  }

  close() { return this.context.close(); }
}
