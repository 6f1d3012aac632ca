/**
 * Background entry (Chrome service worker / Firefox background script).
 * Routes validated messages: page API calls from the content-script
 * bridge (origin taken from the browser's sender info, never from the
 * message), dialog answers and diagnostics from the extension's own pages,
 * and token events to subscribed tabs.
 */
import { parseBridgeMessage, parseUiMessage, type ApiCall, type Reply } from "../shared/messages";
import { PodpisFailure, toPodpisError } from "../shared/errors";
import { checkOrigin } from "../shared/origin";
import { loadCatalogs } from "../shared/i18n";
import { NativeHost } from "./host";
import type { ActionContext } from "./context";
import { answerDialog, dialogData, installDialogListeners } from "./dialogs";
import { getSettings, revokeSite } from "./settings";
import { addChunk, dropTab } from "./uploads";
import { diagnostics } from "./diagnostics";
import { status } from "./actions/status";
import { listCertificates } from "./actions/listCertificates";
import { sign } from "./actions/sign";
import { authenticate } from "./actions/authenticate";
import { checkReport, renderReport } from "./actions/report";
import { takeRender } from "./renders";
import { packBytes } from "../shared/packs";
import { refreshPacks } from "./forms";
import { toBase64 } from "../shared/base64";

const EXT_BASE = chrome.runtime.getURL("");
const SELF_ORIGIN = EXT_BASE.replace(/\/$/, "");

const host = new NativeHost(
  {
    connect: (name) => chrome.runtime.connectNative(name),
    lastError: (port) => (port as { error?: { message?: string } | null } | undefined)?.error?.message ?? chrome.runtime.lastError?.message,
  },
  SELF_ORIGIN,
  chrome.runtime.getManifest().version,
);

installDialogListeners();
chrome.tabs.onRemoved.addListener((tabId) => dropTab(tabId));

/**
 * Runs one page API call. The host connection is opened first: a missing
 * host fails fast (before any dialog), and in Chrome the open native port
 * keeps the service worker alive while the user reads a dialog.
 */
async function run(ctx: ActionContext, call: ApiCall): Promise<unknown> {
  if (call.method !== "checkReport" && call.method !== "renderReport") await host.handshake();
  switch (call.method) {
    case "status": return status(ctx);
    case "listCertificates": return listCertificates(ctx, call.params);
    case "sign": return sign(ctx, call.params);
    case "authenticate": return authenticate(ctx, call.params);
    case "checkReport": return checkReport(ctx, call.params.input);
    case "renderReport": return renderReport(ctx, call.params.input);
  }
}

/** The verified caller of a content-script message, or a failure. */
async function callerContext(sender: chrome.runtime.MessageSender): Promise<ActionContext> {
  const settings = await getSettings();
  if (sender.id !== chrome.runtime.id || !sender.tab?.id || sender.frameId === undefined) {
    throw new PodpisFailure("ORIGIN_NOT_ALLOWED", "not a content script of this extension");
  }
  const o = checkOrigin(sender.url, (sender as { origin?: string }).origin, settings.devSites);
  if (!o.ok) throw new PodpisFailure("ORIGIN_NOT_ALLOWED", `origin refused: ${o.reason}`);
  return { host, origin: o.origin, tabId: sender.tab.id, settings };
}

/** True for messages sent by the extension's own pages. */
function fromExtensionPage(sender: chrome.runtime.MessageSender): boolean {
  return sender.id === chrome.runtime.id && typeof sender.url === "string" && sender.url.startsWith(EXT_BASE);
}

async function handle(msg: unknown, sender: chrome.runtime.MessageSender): Promise<unknown> {
  if (fromExtensionPage(sender)) {
    const m = parseUiMessage(msg);
    if (!m) throw new PodpisFailure("INVALID_ARGUMENT", "malformed message");
    switch (m.type) {
      case "dialog-get": return dialogData(m.dialog);
      case "dialog-result": return answerDialog(m.dialog, m.result);
      case "ui-status": return diagnostics(host, SELF_ORIGIN);
      case "ui-permissions": return (await getSettings()).sites;
      case "ui-revoke": await revokeSite(m.origin); return true;
      case "ui-ping": return true;
      case "ui-forms-refresh": return refreshPacks();
      case "render-get": {
        // The frame lives in the cabinet's page, where browsers may block
        // its storage (third-party context): it gets the pack from here.
        const job = takeRender(m.token, sender.tab?.id);
        if (!job) throw new PodpisFailure("INVALID_ARGUMENT", "unknown or expired render token");
        const pack = await packBytes(job.packId);
        if (!pack) throw new PodpisFailure("FORM_UNKNOWN", "the form pack was deleted");
        return { ...job, pack: toBase64(pack) };
      }
    }
  }
  const m = parseBridgeMessage(msg);
  if (!m) throw new PodpisFailure("INVALID_ARGUMENT", "malformed request");
  const ctx = await callerContext(sender);
  if (m.type === "upload-chunk") { addChunk(ctx.tabId, m.upload, m.index, m.data); return true; }
  return run(ctx, m.call);
}

chrome.runtime.onMessage.addListener((msg: unknown, sender, sendResponse: (r: Reply) => void) => {
  handle(msg, sender).then(
    (result) => sendResponse({ ok: true, result: result ?? null }),
    async (e: unknown) => {
      const { lang } = await getSettings();
      sendResponse({ ok: false, error: toPodpisError(e, await loadCatalogs(), lang) });
    },
  );
  return true;
});

/**
 * Token events: the bridge connects a port named `podpis-events` when the
 * page subscribes. Only sites the user allowed permanently receive them.
 */
chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== "podpis-events") return port.disconnect();
  void (async () => {
    let ctx: ActionContext;
    try { ctx = await callerContext(port.sender!); } catch { return port.disconnect(); }
    if (ctx.settings.sites[ctx.origin]?.decision !== "allow") return port.disconnect();
    const off = host.onEvent((e) => { try { port.postMessage(e); } catch { /* tab gone */ } });
    port.onDisconnect.addListener(() => off());
    host.handshake().catch(() => undefined);
  })();
});
