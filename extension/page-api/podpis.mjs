// Podpis page API for web cabinets. Ship this file with your site and
// import it:
//
//   import { podpis, isPodpisError } from "./podpis.mjs";
//   const st = await podpis.status();
//
// It forwards to `window.podpis`, which the Podpis extension injects into
// every https page (and http://localhost, http://127.0.0.1 with the
// extension's "development sites" option). When the extension is absent,
// every call rejects with code EXTENSION_UNAVAILABLE. Types: podpis.d.ts.

const UNAVAILABLE = {
  code: "EXTENSION_UNAVAILABLE",
  messageRu: "Расширение Podpis не установлено или выключено. Установите расширение Podpis и обновите страницу.",
  messageEn: "The Podpis extension is not installed or is disabled. Install the Podpis extension and reload the page.",
};

/** Error raised when the extension is not there. */
function unavailable() {
  const e = new Error(UNAVAILABLE.messageRu);
  e.name = "PodpisError";
  return Object.assign(e, UNAVAILABLE);
}

/**
 * Resolves with `window.podpis`, waiting up to `timeoutMs` for the
 * extension (it normally is there before any page script runs).
 */
export function getPodpis(timeoutMs = 1000) {
  if (typeof window !== "undefined" && window.podpis) return Promise.resolve(window.podpis);
  return new Promise((resolve, reject) => {
    if (typeof window === "undefined") return reject(unavailable());
    const done = () => { clearTimeout(timer); window.removeEventListener("podpis-ready", done); window.podpis ? resolve(window.podpis) : reject(unavailable()); };
    const timer = setTimeout(done, timeoutMs);
    window.addEventListener("podpis-ready", done);
  });
}

/** True when the extension is installed and active on this page. */
export async function isAvailable(timeoutMs = 1000) {
  return getPodpis(timeoutMs).then(() => true, () => false);
}

/** True for errors produced by Podpis (they carry a stable `code`). */
export function isPodpisError(e) {
  return !!e && typeof e === "object" && typeof e.code === "string" && typeof e.messageRu === "string";
}

const call = (name) => async (...args) => (await getPodpis())[name](...args);

/** The API, usable whether or not the extension is present yet. */
export const podpis = Object.freeze({
  status: call("status"),
  listCertificates: call("listCertificates"),
  sign: call("sign"),
  authenticate: call("authenticate"),
  checkReport: call("checkReport"),
  renderReport: call("renderReport"),
  on: (event, cb) => { getPodpis().then((p) => p.on(event, cb), () => undefined); },
  off: (event, cb) => { getPodpis().then((p) => p.off(event, cb), () => undefined); },
});

export default podpis;
