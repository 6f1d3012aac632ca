/**
 * Messages between the main-world API (`window.podpis`) and the isolated
 * bridge, carried by `window.postMessage` on the page's own window. A page
 * can forge any of these — that is fine: it is the caller anyway, and the
 * background takes the origin from the browser, not from the message.
 */

/** Tag on every Podpis window message. */
export const TAG = "podpis:1";

/** Main world → bridge. */
export type PageToBridge =
  | { tag: typeof TAG; dir: "req"; id: string; method: string; params: string }
  | { tag: typeof TAG; dir: "subscribe" };

/** Bridge → main world. */
export type BridgeToPage =
  | { tag: typeof TAG; dir: "res"; id: string; ok: true; result: unknown }
  | { tag: typeof TAG; dir: "res"; id: string; ok: false; error: unknown }
  | { tag: typeof TAG; dir: "event"; event: string; data: unknown };

/**
 * The render frame (`render.html`, an extension page inside the page) →
 * the page script that embedded it: its content height, then "rendered"
 * or "error". Only layout and completion travel this way; the report
 * itself comes from the background, and the page cannot reach into the
 * frame.
 */
export type FrameToPage =
  | { tag: typeof TAG; dir: "render"; state: "size"; height: number }
  | { tag: typeof TAG; dir: "render"; state: "rendered"; height: number }
  | { tag: typeof TAG; dir: "render"; state: "error"; error: { code: string; message: string; messageRu: string; messageEn: string } };
