// Firefox ESR with the add-on installed temporarily, driven over
// WebDriver (geckodriver). A temporary HOME holds the native host
// manifest (~/.mozilla/native-messaging-hosts/ru.podpis.host.json).
// `FirefoxDriver` has the same interface as `ChromiumDriver` (flows.mjs).
// WebDriver runs one command at a time on one current window, so every
// window operation holds a lock while it switches and acts.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { ARTIFACTS, DIST_FIREFOX, FIREFOX, GECKO_ID, geckodriverBinary, tempDir } from "./env.mjs";

/** Fixed moz-extension UUID so tests can open the add-on's pages. */
export const FIREFOX_UUID = "4f1b7b0e-5b9e-4c1e-9f57-0d0d1e2a3b4c";
export const EXT_BASE = `moz-extension://${FIREFOX_UUID}`;

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Registers podpis-host (its installer) or a benchmark echo host in the temporary HOME. */
function registerHost(home, host, echoHost) {
  if (host) execFileSync(host, ["install", "--browser", "firefox"], { env: { ...process.env, HOME: home }, stdio: "pipe" });
  if (echoHost) {
    const dir = join(home, ".mozilla/native-messaging-hosts");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "ru.podpis.host.json"), JSON.stringify({
      name: "ru.podpis.host", description: "Podpis benchmark echo host", path: echoHost, type: "stdio", allowed_extensions: [GECKO_ID],
    }));
  }
}

/** Promise-based page-call starter: stores the outcome in window.__podpis[n]. */
const START_CALL = `
  const [n, fn, arg] = arguments;
  window.__podpis ??= {};
  const p = window.podpis;
  Promise.resolve().then(() => new Function("podpis", "arg", "return (" + fn + ")(podpis, arg);")(p, arg)).then(
    (result) => { window.__podpis[n] = { ok: true, result }; },
    (e) => { window.__podpis[n] = { ok: false, error: { name: e.name, code: e.code, message: e.message, messageRu: e.messageRu, messageEn: e.messageEn, detail: e.detail } }; });`;

/** A window (site tab, extension page or dialog) of the session. */
class FirefoxTab {
  constructor(driver, handle) { this.driver = driver; this.handle = handle; }
  /** Runs `fn(ff)` with this window current. */
  in(fn) { return this.driver.locked(async () => { await this.driver.switchTo(this.handle); return fn(this.driver); }); }
  eval(fn, arg) { return this.in((ff) => ff.exec(`return (${fn})(arguments[0]);`, [arg ?? null])); }
  /** Starts a `window.podpis` call; `await call.result()` polls for its outcome. */
  call(fn, arg) {
    const n = ++this.driver.calls;
    const started = this.in((ff) => ff.exec(START_CALL, [n, fn, arg ?? null]));
    return {
      result: async () => {
        await started;
        return this.driver.until(() => this.in((ff) => ff.exec(`return window.__podpis && window.__podpis[${n}]`)), "podpis result", 120000);
      },
    };
  }
  waitFor(css, timeout = 15000) { return this.driver.until(() => this.in((ff) => ff.exec(`return !!document.querySelector(arguments[0])`, [css])), css, timeout); }
  text(css) { return this.in((ff) => ff.exec(`return document.querySelector(arguments[0]).textContent`, [css])); }
  attr(css, name) { return this.in((ff) => ff.exec(`return document.querySelector(arguments[0]).getAttribute(arguments[1])`, [css, name])); }
  count(css) { return this.in((ff) => ff.exec(`return document.querySelectorAll(arguments[0]).length`, [css])); }
  click(css) { return this.in((ff) => ff.click(css)); }
  reload() { return this.in((ff) => ff.cmd("POST", "/refresh", {})); }
  /** Screenshot of the page's body (the popup is 400 px wide inside a wide tab). */
  async shot(name) {
    const png = await this.in(async (ff) => {
      const body = Object.values(await ff.cmd("POST", "/element", { using: "css selector", value: "body" }))[0];
      return ff.cmd("GET", `/element/${body}/screenshot`);
    });
    writeFileSync(join(ARTIFACTS, `firefox-${name}.png`), Buffer.from(png, "base64"));
  }
  close() { return this.in(async (ff) => { ff.current = null; await ff.cmd("DELETE", "/window"); }).catch(() => {}); }
}

/** A trusted dialog window. */
class FirefoxDialog extends FirefoxTab {
  /** Clicks a button that answers the dialog; the background closes the window. */
  answer(css) {
    return this.in((ff) => ff.click(css)).catch((e) => { if (!/no such window|discarded|closed|stale/i.test(e.message)) throw e; });
  }
  /** Closes the window as the user would (counts as cancel). */
  dismiss() { return this.close(); }
  /** The dialog window as the user sees it. */
  async shot(name) {
    const png = await this.in((ff) => ff.cmd("GET", "/screenshot"));
    writeFileSync(join(ARTIFACTS, `firefox-${name}.png`), Buffer.from(png, "base64"));
  }
}

/** Firefox ESR (headless) over WebDriver, with the add-on and optionally a host. */
export class FirefoxDriver {
  name = "firefox";

  static async launch({ host = null, echoHost = null, env = {} } = {}) {
    const driver = geckodriverBinary();
    if (!driver) throw new Error("geckodriver not found (cargo install geckodriver --locked, or set GECKODRIVER)");
    const home = tempDir("firefox-home");
    registerHost(home, host, echoHost);
    const port = await freePort();
    const proc = spawn(driver, ["--port", String(port), "--allow-system-access"], {
      env: { ...process.env, ...env, HOME: home, MOZ_HEADLESS: "1" }, stdio: ["ignore", "ignore", "pipe"],
    });
    proc.stderr.resume();
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try { await fetch(`${base}/status`); break; } catch { await sleep(100); }
    }
    const r = await (await fetch(`${base}/session`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: FIREFOX, args: ["-headless", "-width", "1000", "-height", "1400"],
          prefs: { "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }), "xpinstall.signatures.required": false },
        },
      } } }),
    })).json();
    if (!r.value?.sessionId) { proc.kill(); throw new Error(`no session: ${JSON.stringify(r)}`); }
    const ff = new FirefoxDriver(base, r.value.sessionId, proc);
    await ff.cmd("POST", "/moz/addon/install", { path: DIST_FIREFOX, temporary: true });
    ff.first = await ff.cmd("GET", "/window");
    ff.known.add(ff.first);
    return ff;
  }

  constructor(base, session, proc) {
    this.base = base; this.session = session; this.proc = proc;
    this.calls = 0;
    this.queue = Promise.resolve();
    /** Handles of windows the tests opened or already claimed. */
    this.known = new Set();
    this.current = null;
  }

  /** Runs `fn` with the WebDriver session to itself. */
  locked(fn) {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** One WebDriver command; throws on WebDriver errors. */
  async cmd(method, path, body) {
    const r = await fetch(`${this.base}/session/${this.session}${path}`, {
      method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${j.value.error}: ${j.value.message}`);
    return j.value;
  }

  exec(script, args = []) { return this.cmd("POST", "/execute/sync", { script, args }); }
  async switchTo(handle) {
    if (this.current === handle) return;
    await this.cmd("POST", "/window", { handle });
    this.current = handle;
  }
  async click(css) {
    const ref = await this.cmd("POST", "/element", { using: "css selector", value: css });
    // Like a user: bring the element to the middle of the window first.
    await this.exec("arguments[0].scrollIntoView({ block: 'center' })", [ref]);
    return this.cmd("POST", `/element/${Object.values(ref)[0]}/click`, {});
  }

  /** Waits until `fn()` returns a truthy value. */
  async until(fn, what, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try { const v = await fn(); if (v) return v; } catch (e) { if (Date.now() > end) throw e; }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  /** A new tab at `url` (the session's first tab is reused once). */
  async newTab(url) {
    const handle = await this.locked(async () => {
      let h = this.first;
      this.first = null;
      if (!h) {
        // A new tab needs a live current window; the last one may be closed.
        const live = await this.cmd("GET", "/window/handles");
        if (!live.includes(this.current)) await this.switchTo(live[0]);
        h = (await this.cmd("POST", "/window/new", { type: "tab" })).handle;
        this.known.add(h);
      }
      await this.switchTo(h);
      await this.cmd("POST", "/url", { url });
      return h;
    });
    return handle;
  }

  async open(url) { return new FirefoxTab(this, await this.newTab(url)); }

  async extensionPage(path) { return this.open(`${EXT_BASE}/${path}`); }

  /** Waits for the next dialog window of `kind` not yet claimed; claims it. */
  async dialog(kind, timeout = 20000) {
    const found = await this.until(() => this.locked(async () => {
      for (const h of await this.cmd("GET", "/window/handles")) {
        if (this.known.has(h)) continue;
        try {
          await this.switchTo(h);
          const k = await this.exec(`return document.body && document.querySelector("button") ? document.body.dataset.kind : null`);
          if (k === kind) { this.known.add(h); return h; }
        } catch { this.current = null; /* closed meanwhile */ }
      }
      return null;
    }), `"${kind}" dialog`, timeout);
    return new FirefoxDialog(this, found);
  }

  async enableDevSites() {
    const tab = await this.open(`${EXT_BASE}/options.html`);
    await tab.waitFor("#dev-sites");
    await tab.click("#dev-sites");
    await this.until(() => tab.eval(() => document.getElementById("dev-sites").checked), "dev sites on");
    // The tab stays open: closing a session's last window ends the session.
  }

  async close() {
    try { await fetch(`${this.base}/session/${this.session}`, { method: "DELETE" }); } catch { /* gone */ }
    this.proc.kill();
  }
}
