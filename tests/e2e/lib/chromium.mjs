// Chromium with the unpacked extension, driven by playwright-core.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, DIST_CHROME, EXTENSION_ID, requireExt, tempDir } from "./env.mjs";

const { chromium } = requireExt("playwright-core");

/**
 * Registers a native host for a profile: the real host through its own
 * installer, a test double by writing the manifest directly.
 */
export function registerHost(userDataDir, host) {
  if (!host) return;
  if (host.kind === "real") {
    execFileSync(host.path, ["install", "--browser", "chromium", "--user-data-dir", userDataDir, "--extension-id", EXTENSION_ID], { stdio: "pipe" });
    return;
  }
  const dir = join(userDataDir, "NativeMessagingHosts");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "ru.podpis.host.json"), JSON.stringify({
    name: "ru.podpis.host", description: "Podpis test host", path: host.path, type: "stdio",
    allowed_origins: [`chrome-extension://${EXTENSION_ID}/`],
  }));
}

/**
 * Launches Chromium (headless) with the extension and, optionally, a
 * native host. `env` is passed to the browser and so to the host.
 */
export async function launchChromium({ host = null, env = {} } = {}) {
  const userDataDir = tempDir("chromium");
  registerHost(userDataDir, host);
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
  return { context, sw, userDataDir, close: () => context.close() };
}

/** Opens the test cabinet page. */
export async function openCabinet(context, origin) {
  const page = await context.newPage();
  await page.goto(`${origin}/cabinet`);
  return page;
}

/** Runs `window.podpis.<expr>` in the page; resolves {ok, result} or {ok:false, error}. */
export function podpisCall(page, fn, arg) {
  return page.evaluate(async ({ fn, arg }) => {
    try {
      const result = await new Function("podpis", "arg", `return (${fn})(podpis, arg);`)(window.podpis, arg);
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: { name: e.name, code: e.code, message: e.message, messageRu: e.messageRu, messageEn: e.messageEn, detail: e.detail } };
    }
  }, { fn, arg });
}

/** Waits for the next trusted dialog window and its rendered content. */
export async function nextDialog(context, kind) {
  const page = await context.waitForEvent("page", { predicate: (p) => p.url().includes("/dialog.html"), timeout: 15000 });
  try {
    await page.waitForSelector(`body[data-kind="${kind}"] button`, { timeout: 15000 });
  } catch (e) {
    const body = await page.evaluate(() => document.body.outerHTML).catch(() => "(closed)");
    throw new Error(`dialog "${kind}" did not render: ${e.message}\n${body.slice(0, 2000)}`);
  }
  return page;
}

/** Enables development sites (http://127.0.0.1) through the options page. */
export async function enableDevSites(context) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  await page.check("#dev-sites");
  await page.waitForFunction(async () => (await chrome.storage.local.get("devSites")).devSites === true);
  await page.close();
}

/**
 * Clicks a dialog button that answers the dialog. The background closes
 * the window right away, which may race with the click's completion.
 */
export async function answer(page, selector) {
  await page.click(selector, { noWaitAfter: true }).catch((e) => { if (!/closed/.test(e.message)) throw e; });
}
