/**
 * Large documents arrive from the content script in pieces of at most
 * {@link UPLOAD_CHUNK_BYTES}; they are assembled here, per tab, until the
 * `sign`/`checkReport` call that names the upload takes them.
 */
import { MAX_DOCUMENT_BYTES, UPLOAD_CHUNK_BYTES } from "../shared/messages";
import { fromBase64 } from "../shared/base64";
import { PodpisFailure } from "../shared/errors";

interface Upload { parts: Uint8Array[]; size: number; touched: number }

const uploads = new Map<string, Upload>();
/** Uploads not touched for this long are dropped. */
const STALE_MS = 5 * 60_000;
/** Total bytes held for all tabs. */
const MAX_TOTAL = MAX_DOCUMENT_BYTES;

const key = (tabId: number, id: string) => `${tabId}:${id}`;

function total(): number {
  let n = 0;
  for (const u of uploads.values()) n += u.size;
  return n;
}

/** Appends piece `index` (pieces must come in order). */
export function addChunk(tabId: number, id: string, index: number, dataB64: string): void {
  const now = Date.now();
  for (const [k, u] of uploads) if (now - u.touched > STALE_MS) uploads.delete(k);
  let u = uploads.get(key(tabId, id));
  if (!u) {
    if (index !== 0) throw new PodpisFailure("INVALID_ARGUMENT", "upload must start at piece 0");
    u = { parts: [], size: 0, touched: now };
    uploads.set(key(tabId, id), u);
  }
  if (index !== u.parts.length) throw new PodpisFailure("INVALID_ARGUMENT", "upload pieces out of order");
  const bytes = fromBase64(dataB64);
  if (bytes.length > UPLOAD_CHUNK_BYTES) throw new PodpisFailure("INVALID_ARGUMENT", "upload piece too large");
  if (u.size + bytes.length > MAX_DOCUMENT_BYTES || total() + bytes.length > MAX_TOTAL) {
    uploads.delete(key(tabId, id));
    throw new PodpisFailure("DATA_TOO_LARGE");
  }
  u.parts.push(bytes);
  u.size += bytes.length;
  u.touched = now;
}

/** Removes and returns a complete upload of `size` bytes. */
export function takeUpload(tabId: number, id: string, size: number): Uint8Array<ArrayBuffer> {
  const u = uploads.get(key(tabId, id));
  uploads.delete(key(tabId, id));
  if (!u || u.size !== size) throw new PodpisFailure("INVALID_ARGUMENT", "upload incomplete or unknown");
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of u.parts) { out.set(p, off); off += p.length; }
  return out;
}

/** Drops every upload of a tab (tab closed or navigated). */
export function dropTab(tabId: number): void {
  for (const k of uploads.keys()) if (k.startsWith(`${tabId}:`)) uploads.delete(k);
}
