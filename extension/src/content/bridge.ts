/**
 * Isolated-world bridge: receives `window.podpis` calls from the page,
 * turns the page's data into messages the background accepts (base64
 * inline, or uploads in 8 MiB pieces for large files), and relays results
 * and token events back.
 */
import { TAG, type BridgeToPage, type PageToBridge } from "./protocol";
import { toBase64 } from "../shared/base64";
import { MAX_DOCUMENT_BYTES, UPLOAD_CHUNK_BYTES, type ApiInput, type Reply } from "../shared/messages";

const target = location.origin === "null" ? "*" : location.origin;
const reply = (m: BridgeToPage) => window.postMessage(m, target);

const UNAVAILABLE = {
  code: "EXTENSION_UNAVAILABLE",
  messageRu: "Расширение Podpis недоступно: обновите страницу. Если не поможет — перезапустите браузер.",
  messageEn: "The Podpis extension is unavailable: reload the page. If that does not help, restart the browser.",
};

/** Sends to the background; a dead extension context becomes EXTENSION_UNAVAILABLE. */
async function send(msg: unknown): Promise<Reply> {
  try {
    const r = (await chrome.runtime.sendMessage(msg)) as Reply | undefined;
    if (r && typeof r === "object" && "ok" in r) return r;
  } catch { /* context invalidated */ }
  return { ok: false, error: { ...UNAVAILABLE, message: UNAVAILABLE.messageRu } as never };
}

class BadInput extends Error {}

/** Converts the page's document description into an {@link ApiInput}. */
async function toInput(doc: unknown): Promise<ApiInput> {
  const d = (doc ?? {}) as { file?: unknown; name?: unknown; bytes?: unknown; digestB64?: unknown; digestBytes?: unknown };
  const name = typeof d.name === "string" ? d.name.slice(0, 255) : undefined;
  if (typeof d.digestB64 === "string") return { kind: "digest", digest: d.digestB64 };
  if (d.digestBytes instanceof Uint8Array) return { kind: "digest", digest: toBase64(d.digestBytes) };
  let blob: Blob;
  if (d.file instanceof Blob) blob = d.file;
  else if (d.bytes instanceof Uint8Array) blob = new Blob([d.bytes as Uint8Array<ArrayBuffer>]);
  else throw new BadInput("no document");
  if (blob.size > MAX_DOCUMENT_BYTES) throw new BadInput("too large");
  if (blob.size <= UPLOAD_CHUNK_BYTES) {
    return { kind: "data", data: toBase64(new Uint8Array(await blob.arrayBuffer())), ...(name ? { name } : {}) };
  }
  const upload = crypto.randomUUID().replace(/-/g, "");
  for (let off = 0, index = 0; off < blob.size; off += UPLOAD_CHUNK_BYTES, index++) {
    const piece = new Uint8Array(await blob.slice(off, off + UPLOAD_CHUNK_BYTES).arrayBuffer());
    const r = await send({ type: "upload-chunk", upload, index, data: toBase64(piece) });
    if (!r.ok) throw Object.assign(new Error("upload"), { reply: r });
  }
  return { kind: "upload", upload, size: blob.size, ...(name ? { name } : {}) };
}

async function onRequest(id: string, method: string, params: unknown): Promise<void> {
  let call: { method: string; params: unknown } = { method, params };
  try {
    if (params && typeof params === "object" && "document" in params) {
      const { document: doc, ...rest } = params as Record<string, unknown>;
      call = { method, params: method === "sign" ? { ...rest, input: await toInput(doc) } : { input: await toInput(doc) } };
    }
  } catch (e) {
    const r = (e as { reply?: Reply }).reply;
    if (r && !r.ok) return reply({ tag: TAG, dir: "res", id, ok: false, error: r.error });
    // Malformed or oversized input: let the background's validator refuse
    // it, so the page gets the localized INVALID_ARGUMENT error.
    call = { method, params: { invalid: true } };
  }
  const r = await send({ type: "api", call });
  reply(r.ok ? { tag: TAG, dir: "res", id, ok: true, result: r.result } : { tag: TAG, dir: "res", id, ok: false, error: r.error });
}

let events: chrome.runtime.Port | null = null;
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
let wanted = false;

window.addEventListener("message", (ev: MessageEvent) => {
  if (ev.source !== window) return;
  const m = ev.data as PageToBridge;
  if (!m || m.tag !== TAG) return;
  if (m.dir === "req" && typeof m.id === "string" && typeof m.method === "string") void onRequest(m.id, m.method, m.params);
  else if (m.dir === "subscribe") { wanted = true; subscribe(); }
});
