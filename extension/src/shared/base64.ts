/** Base64 helpers that work in service workers, pages and Node. */

/** The built-in base64 of Uint8Array (Chromium 140+, Firefox 133+), when present. */
const nativeToBase64 = (Uint8Array.prototype as unknown as { toBase64?: (this: Uint8Array) => string }).toBase64;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;

/**
 * Encodes bytes as standard base64 (with padding). Uses the built-in
 * encoder when there is one: the fallback costs about 1 s per 8 MiB
 * piece of a large document, the built-in one a few milliseconds.
 */
export function toBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  let s = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + step) as unknown as number[]);
  }
  return btoa(s);
}

/** Decodes standard base64; throws on invalid input. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  if (nativeFromBase64) return nativeFromBase64(b64);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** True when `s` is syntactically standard base64 (padding required). */
export function isBase64(s: unknown): s is string {
  return typeof s === "string" && s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
