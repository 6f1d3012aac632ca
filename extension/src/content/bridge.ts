/**
 * Isolated-world bridge: relays `window.podpis` calls (JSON text from the
 * page) to the background, and results and token events back. The page's
 * documents arrive already converted (base64, or uploads in 8 MiB pieces);
 * the background validates everything.
 */
import { TAG, UNAVAILABLE, type BridgeToPage, type PageToBridge } from "./protocol";
import type { Reply } from "../shared/messages";

const target = location.origin === "null" ? "*" : location.origin;
const reply = (m: BridgeToPage) => window.postMessage(m, target);

/** Sends to the background; a dead extension context becomes EXTENSION_UNAVAILABLE. */
async function send(msg: unknown): Promise<Reply> {
  try {
    const r = (await chrome.runtime.sendMessage(msg)) as Reply | undefined;
    if (r && typeof r === "object" && "ok" in r) return r;
  } catch { /* context invalidated */ }
  return { ok: false, error: { ...UNAVAILABLE } as never };
}

async function onRequest(id: string, method: string, paramsJson: string): Promise<void> {
  let params: unknown;
  try { params = JSON.parse(paramsJson); } catch { params = { invalid: true }; }
  const p = (params ?? {}) as Record<string, unknown>;
  // Upload pieces are their own message type; everything else is an API call.
  const msg = method === "upload"
    ? { type: "upload-chunk", upload: p.upload, index: p.index, data: p.data }
    : { type: "api", call: { method, params } };
  const r = await send(msg);
  reply(r.ok ? { tag: TAG, dir: "res", id, ok: true, result: r.result } : { tag: TAG, dir: "res", id, ok: false, error: r.error });
}

let events: chrome.runtime.Port | null = null;
let wanted = false;
function subscribe(): void {
  if (events) return;
  try {
    events = chrome.runtime.connect({ name: "podpis-events" });
  } catch { return; }
  events.onMessage.addListener((m: { event?: unknown; data?: unknown }) => {
    if (m && typeof m.event === "string") reply({ tag: TAG, dir: "event", event: m.event, data: m.data });
  });
  const since = Date.now();
  events.onDisconnect.addListener(() => {
    events = null;
    // Reconnect after a background restart. An immediate disconnect means
    // the site is not allowed to receive events: stop then.
    if (Date.now() - since > 2000) setTimeout(() => { if (wanted) subscribe(); }, 1000);
  });
}

window.addEventListener("message", (ev: MessageEvent) => {
  if (ev.source !== window) return;
  const m = ev.data as PageToBridge;
  if (!m || m.tag !== TAG) return;
  if (m.dir === "req" && typeof m.id === "string" && typeof m.method === "string" && typeof m.params === "string") {
    // Acknowledged at once: the page tells a live bridge from a dead one.
    reply({ tag: TAG, dir: "ack", id: m.id });
    void onRequest(m.id, m.method, m.params);
  } else if (m.dir === "subscribe") {
    wanted = true;
    subscribe();
  }
});
