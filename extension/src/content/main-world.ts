/**
 * `window.podpis`: the page API, injected into the page's main world at
 * `document_start` and frozen. Every call is relayed through the isolated
 * bridge to the background; results and errors come back as promises.
 * Errors are `Error` objects with `code`, `messageRu`, `messageEn`.
 */
import { TAG, UNAVAILABLE, type BridgeToPage, type FrameToPage, type PageProbe } from "./protocol";
import { toBase64 } from "../shared/base64";
import { MAX_DOCUMENT_BYTES, UPLOAD_CHUNK_BYTES, type ApiInput } from "../shared/messages";

(() => {
  if ((window as { podpis?: unknown }).podpis) return;
  const target = location.origin === "null" ? "*" : location.origin;
  const post = window.postMessage.bind(window);
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void; acked: boolean }>();
  /** How long a call waits for the bridge's acknowledgement before probing. */
  const ACK_TIMEOUT_MS = 5000;
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
    const m = ev.data as BridgeToPage | PageProbe;
    if (!m || m.tag !== TAG) return;
    if (m.dir === "ack") {
      const p = pending.get(m.id);
      if (p) p.acked = true;
    } else if (m.dir === "probe") {
      // No acknowledgement in time: two rounds through the message queue,
      // then a request still unacknowledged has no live bridge behind it.
      const p = pending.get(m.id);
      if (!p || p.acked) return;
      if (m.round === 1) post({ tag: TAG, dir: "probe", id: m.id, round: 2 } satisfies PageProbe, target);
      else {
        pending.delete(m.id);
        p.reject(podpisError(UNAVAILABLE));
      }
    } else if (m.dir === "res") {
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

  /**
   * Sends one call to the bridge. Parameters travel as JSON text: strings
   * cross into the content-script realm (Firefox Xrays) unchanged.
   */
  function call(method: string, params: unknown): Promise<unknown> {
    const id = `${prefix}-${++seq}`;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, acked: false });
      post({ tag: TAG, dir: "req", id, method, params: JSON.stringify(params) }, target);
      setTimeout(() => {
        if (pending.get(id)?.acked === false) post({ tag: TAG, dir: "probe", id, round: 1 } satisfies PageProbe, target);
      }, ACK_TIMEOUT_MS);
    });
  }

  type Bytes = ArrayBuffer | ArrayBufferView;
  const isBytes = (v: unknown): v is Bytes => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
  const toU8 = (v: Bytes) => (v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  const invalid = (detail: string) => Promise.reject(podpisError({ code: "INVALID_ARGUMENT", message: detail, messageRu: "Неверные параметры вызова.", messageEn: "Invalid arguments.", detail }));

  const tooLarge = () => Promise.reject(podpisError({ code: "DATA_TOO_LARGE", message: "Документ слишком большой: Podpis подписывает документы до 256 МБ.",
    messageRu: "Документ слишком большой: Podpis подписывает документы до 256 МБ.", messageEn: "The document is too large: Podpis signs documents up to 256 MB." }));

  /**
   * Turns `{data|file|digest}` into the bridge's input: small documents as
   * base64, large ones uploaded in pieces of 8 MiB first, digests as base64.
   * Returns null for anything else.
   */
  async function toInput(opts: Record<string, unknown>): Promise<ApiInput | null> {
    if (opts.digest !== undefined) {
      if (typeof opts.digest === "string") return { kind: "digest", digest: opts.digest };
      return isBytes(opts.digest) ? { kind: "digest", digest: toBase64(toU8(opts.digest)) } : null;
    }
    let blob: Blob;
    let name: string | undefined;
    if (opts.file !== undefined) {
      if (!(opts.file instanceof Blob)) return null;
      blob = opts.file;
      if (opts.file instanceof File) name = opts.file.name.slice(0, 255);
    } else if (typeof opts.data === "string") blob = new Blob([opts.data]);
    else if (isBytes(opts.data)) blob = new Blob([toU8(opts.data).slice()]);
    else return null;
    if (blob.size > MAX_DOCUMENT_BYTES) throw "too-large";
    const named = name ? { name } : {};
    if (blob.size <= UPLOAD_CHUNK_BYTES) return { kind: "data", data: toBase64(new Uint8Array(await blob.arrayBuffer())), ...named };
    const upload = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
    for (let off = 0, index = 0; off < blob.size; off += UPLOAD_CHUNK_BYTES, index++) {
      const piece = new Uint8Array(await blob.slice(off, off + UPLOAD_CHUNK_BYTES).arrayBuffer());
      await call("upload", { upload, index, data: toBase64(piece) });
    }
    return { kind: "upload", upload, size: blob.size, ...named };
  }

  /** Calls `method` with the document of `opts` converted to an input. */
  async function withInput(method: string, opts: Record<string, unknown>, rest: Record<string, unknown>): Promise<unknown> {
    let input: ApiInput | null;
    try {
      input = await toInput(opts);
    } catch (e) {
      if (e === "too-large") return tooLarge();
      throw e;
    }
    if (!input) return invalid(`${method}() needs exactly one of data (string/bytes), file (Blob) or digest (base64/bytes)`);
    return call(method, { ...rest, input });
  }

  /** Longest wait for the render frame to finish. */
  const RENDER_TIMEOUT_MS = 120_000;

  /**
   * Puts the render frame into `element` and follows its height. Resolves
   * when the frame reports "rendered", rejects with its error.
   */
  function embedFrame(element: Element, src: string): Promise<void> {
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = "Podpis";
    frame.setAttribute("style", "display:block;width:100%;height:120px;border:0;background:#fff");
    element.replaceChildren(frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(podpisError({ code: "USER_TIMEOUT", message: "Отчёт не отрисован вовремя.",
        messageRu: "Отчёт не отрисован вовремя.", messageEn: "The report was not rendered in time." })), RENDER_TIMEOUT_MS);
      const onMessage = (ev: MessageEvent) => {
        if (!frame.isConnected) { window.removeEventListener("message", onMessage); return; }
        if (ev.source !== frame.contentWindow) return;
        const m = ev.data as FrameToPage;
        if (!m || m.tag !== TAG || m.dir !== "render") return;
        if (m.state === "error") {
          clearTimeout(timer);
          window.removeEventListener("message", onMessage);
          return reject(podpisError(m.error));
        }
        if (typeof m.height === "number" && Number.isFinite(m.height)) frame.style.height = `${Math.ceil(Math.min(m.height, 1e6))}px`;
        if (m.state === "rendered") { clearTimeout(timer); resolve(); }
      };
      window.addEventListener("message", onMessage);
    });
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
      const { data: _d, file: _f, digest: _g, ...rest } = opts;
      return withInput("sign", opts, rest);
    },
    /** Certificate login: signs the server's challenge after the user confirms. */
    authenticate(opts: { challenge: string; certificate?: string }) {
      if (!opts || typeof opts !== "object") return invalid("authenticate() takes {challenge}");
      return call("authenticate", { ...opts });
    },
    /** Checks a tax report (needs the report validator). */
    checkReport(file: Blob) {
      if (!(file instanceof Blob)) return invalid("checkReport() takes a File or Blob");
      return withInput("checkReport", { file }, {});
    },
    /**
     * Renders a tax report into `element` inside a Podpis frame (an
     * extension page the site cannot modify); resolves the Report once the
     * frame finished rendering.
     */
    async renderReport(file: Blob, element: Element) {
      if (!(file instanceof Blob) || !(element instanceof Element)) return invalid("renderReport() takes a File and an Element");
      const ticket = (await withInput("renderReport", { file }, {})) as { report: unknown; frame: string };
      return embedFrame(element, ticket.frame).then(() => ticket.report);
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
