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

/**
 * Main world → itself: the liveness probe of a request the bridge has not
 * acknowledged in time. Posted messages arrive in order, so after two probe
 * rounds an acknowledgement the bridge sent for the request has arrived.
 */
export type PageProbe = { tag: typeof TAG; dir: "probe"; id: string; round: 1 | 2 };

/** Bridge → main world. */
export type BridgeToPage =
  | { tag: typeof TAG; dir: "ack"; id: string }
  | { tag: typeof TAG; dir: "res"; id: string; ok: true; result: unknown }
  | { tag: typeof TAG; dir: "res"; id: string; ok: false; error: unknown }
  | { tag: typeof TAG; dir: "event"; event: string; data: unknown };

/**
 * The error of a call no live extension answers: the bridge's context is
 * gone (extension updated, disabled or reloaded) or never ran.
 */
const UNAVAILABLE_RU = "Расширение Podpis недоступно: обновите страницу. Если не поможет — перезапустите браузер.";
export const UNAVAILABLE = {
  code: "EXTENSION_UNAVAILABLE",
  message: UNAVAILABLE_RU,
  messageRu: UNAVAILABLE_RU,
  messageEn: "The Podpis extension is unavailable: reload the page. If that does not help, restart the browser.",
} as const;

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
