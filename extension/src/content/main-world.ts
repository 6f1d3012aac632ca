/**
 * `window.podpis`: the page API, injected into the page's main world at
 * `document_start` and frozen. Every call is relayed through the isolated
 * bridge to the background; results and errors come back as promises.
 * Errors are `Error` objects with `code`, `messageRu`, `messageEn`.
 */
import { TAG, type BridgeToPage } from "./protocol";

(() => {
  if ((window as { podpis?: unknown }).podpis) return;
  const target = location.origin === "null" ? "*" : location.origin;
  const post = window.postMessage.bind(window);
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners: Record<string, Set<(data: unknown) => void>> = { "token-inserted": new Set(), "token-removed": new Set() };
  let subscribed = false;
  let seq = 0;
  const prefix = Math.random().toString(36).slice(2, 10);

  /** A Podpis error as the page sees it. */
  function podpisError(e: unknown): Error {
    const o = (e ?? {}) as Record<string, unknown>;
    const err = new Error(typeof o.message === "string" ? o.message : "Podpis error") as Error & Record<string, unknown>;
    err.name = "PodpisError";
    for (const k of ["code", "messageRu", "messageEn", "detail", "attemptsLeft"]) if (o[k] !== undefined) err[k] = o[k];
    return Object.freeze(err);
  }

  window.addEventListener("message", (ev: MessageEvent) => {
    if (ev.source !== window) return;
    const m = ev.data as BridgeToPage;
    if (!m || m.tag !== TAG) return;
    if (m.dir === "res") {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(podpisError(m.error));
    } else if (m.dir === "event") {
      for (const cb of listeners[m.event] ?? []) {
        try { cb(m.data); } catch (e) { setTimeout(() => { throw e; }); }
      }
    }
  });

  function call(method: string, params: unknown): Promise<unknown> {
    const id = `${prefix}-${++seq}`;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      post({ tag: TAG, dir: "req", id, method, params }, target);
    });
  }

  type Bytes = ArrayBuffer | ArrayBufferView;
  const isBytes = (v: unknown): v is Bytes => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
  const toU8 = (v: Bytes) => (v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  const invalid = (detail: string) => Promise.reject(podpisError({ code: "INVALID_ARGUMENT", message: detail, messageRu: "Неверные параметры вызова.", messageEn: "Invalid arguments.", detail }));

  /** Normalizes `{data|file|digest}` for the bridge (bytes, Blob, or digest bytes). */
  function document(opts: Record<string, unknown>): unknown {
    if (opts.file !== undefined) {
      if (!(opts.file instanceof Blob)) return null;
      return { file: opts.file, name: opts.file instanceof File ? opts.file.name : undefined };
    }
    if (opts.data !== undefined) {
      if (typeof opts.data === "string") return { bytes: new TextEncoder().encode(opts.data) };
      return isBytes(opts.data) ? { bytes: toU8(opts.data).slice() } : null;
    }
    if (opts.digest !== undefined) {
      if (typeof opts.digest === "string") return { digestB64: opts.digest };
      return isBytes(opts.digest) ? { digestBytes: toU8(opts.digest).slice() } : null;
    }
    return null;
  }

  const api = {
    /** API version. */
    version: "1.0",
    /** Host and token status; no site permission needed. */
    status: () => call("status", {}),
    /** Certificates with keys on connected tokens (asks for site permission). */
    listCertificates: (filter?: Record<string, unknown>) => call("listCertificates", filter === undefined ? {} : { filter }),
    /** Signs data, a file or a digest after the user confirms in the Podpis window. */
    sign(opts: Record<string, unknown>) {
      if (!opts || typeof opts !== "object") return invalid("sign() takes an options object");
      const doc = document(opts);
      if (!doc) return invalid("sign() needs exactly one of data (string/bytes), file (Blob) or digest (base64/bytes)");
      const { data: _d, file: _f, digest: _g, ...rest } = opts;
      return call("sign", { ...rest, document: doc });
    },
    /** Certificate login: signs the server's challenge after the user confirms. */
    authenticate(opts: { challenge: string; certificate?: string }) {
      if (!opts || typeof opts !== "object") return invalid("authenticate() takes {challenge}");
      return call("authenticate", { ...opts });
    },
    /** Checks a tax report (needs the report validator). */
    checkReport(file: Blob) {
      if (!(file instanceof Blob)) return invalid("checkReport() takes a File or Blob");
      return call("checkReport", { document: { file } });
    },
    /** Renders a tax report into `element` (needs the report validator). */
    renderReport(file: Blob, element: Element) {
      if (!(file instanceof Blob) || !(element instanceof Element)) return invalid("renderReport() takes a File and an Element");
      return call("renderReport", { document: { file } });
    },
    /** Subscribes to `token-inserted` / `token-removed`. */
    on(event: string, cb: (data: unknown) => void) {
      const set = listeners[event];
      if (!set || typeof cb !== "function") throw new TypeError("podpis.on(event, callback): event is token-inserted or token-removed");
      set.add(cb);
      if (!subscribed) { subscribed = true; post({ tag: TAG, dir: "subscribe" }, target); }
    },
    /** Removes a listener. */
    off(event: string, cb: (data: unknown) => void) {
      listeners[event]?.delete(cb);
    },
  };
  Object.defineProperty(window, "podpis", { value: Object.freeze(api), writable: false, configurable: false, enumerable: false });
  window.dispatchEvent(new Event("podpis-ready"));
})();
