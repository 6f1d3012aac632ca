// Firefox ESR with the add-on installed temporarily, driven over
// WebDriver (geckodriver). A temporary HOME holds the native host
// manifest (~/.mozilla/native-messaging-hosts/ru.podpis.host.json).
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { DIST_FIREFOX, FIREFOX, GECKO_ID, geckodriverBinary, tempDir } from "./env.mjs";

/** Fixed moz-extension UUID so tests can open the add-on's pages. */
export const FIREFOX_UUID = "4f1b7b0e-5b9e-4c1e-9f57-0d0d1e2a3b4c";
export const EXT_BASE = `moz-extension://${FIREFOX_UUID}`;

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Registers the native host in the temporary HOME. */
function registerHost(home, host) {
  if (!host) return;
  if (host.kind === "real") {
    execFileSync(host.path, ["install", "--browser", "firefox"], { env: { ...process.env, HOME: home }, stdio: "pipe" });
    return;
  }
  const dir = join(home, ".mozilla/native-messaging-hosts");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "ru.podpis.host.json"), JSON.stringify({
    name: "ru.podpis.host", description: "Podpis test host", path: host.path, type: "stdio", allowed_extensions: [GECKO_ID],
  }));
}

/** A WebDriver session. */
export class Firefox {
  constructor(base, session, proc) { this.base = base; this.session = session; this.proc = proc; }

  static async launch({ host = null, env = {} } = {}) {
    const driver = geckodriverBinary();
    if (!driver) throw new Error("geckodriver not found (cargo install geckodriver, or set GECKODRIVER)");
    const home = tempDir("firefox-home");
    registerHost(home, host);
    const port = await freePort();
    const proc = spawn(driver, ["--port", String(port), "--allow-system-access"], {
      env: { ...process.env, ...env, HOME: home, MOZ_HEADLESS: "1" }, stdio: ["ignore", "ignore", "pipe"],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try { await fetch(`${base}/status`); break; } catch { await sleep(100); }
    }
    const r = await (await fetch(`${base}/session`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: FIREFOX, args: ["-headless", "-width", "1000", "-height", "700"],
          prefs: { "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }), "xpinstall.signatures.required": false },
        },
      } } }),
    })).json();
    if (!r.value?.sessionId) { proc.kill(); throw new Error(`no session: ${JSON.stringify(r)}`); }
    const ff = new Firefox(base, r.value.sessionId, proc);
    await ff.cmd("POST", "/moz/addon/install", { path: DIST_FIREFOX, temporary: true });
    return ff;
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

  goto(url) { return this.cmd("POST", "/url", { url }); }
  exec(script, args = []) { return this.cmd("POST", "/execute/sync", { script, args }); }
  handles() { return this.cmd("GET", "/window/handles"); }
  switchTo(handle) { return this.cmd("POST", "/window", { handle }); }
  async find(css) { const v = await this.cmd("POST", "/element", { using: "css selector", value: css }); return Object.values(v)[0]; }
  async click(css) { return this.cmd("POST", `/element/${await this.find(css)}/click`, {}); }
  async text(css) { return this.cmd("GET", `/element/${await this.find(css)}/text`); }
  screenshot() { return this.cmd("GET", "/screenshot"); }

  /** Waits until `fn()` returns a truthy value. */
  async until(fn, what, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try { const v = await fn(); if (v) return v; } catch (e) { if (Date.now() > end) throw e; }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(150);
    }
  }

  /**
   * Starts `window.podpis` call `fn` in the current page without blocking
   * (WebDriver runs one command at a time); `result()` polls for it.
   */
  async startCall(fn, arg) {
    await this.exec(`
      window.__podpisResult = undefined;
      const p = window.podpis;
      Promise.resolve().then(() => (${fn})(p, arguments[0])).then(
        (result) => { window.__podpisResult = { ok: true, result }; },
        (e) => { window.__podpisResult = { ok: false, error: { name: e.name, code: e.code, messageRu: e.messageRu, message: e.message } }; });`, [arg ?? null]);
    return { result: () => this.until(() => this.exec("return window.__podpisResult"), "podpis result", 60000) };
  }

  async quit() {
    try { await fetch(`${this.base}/session/${this.session}`, { method: "DELETE" }); } catch { /* gone */ }
    this.proc.kill();
  }
}
