/**
 * Documents waiting for the render frame: `renderReport` checks the page's
 * file, keeps it here under a fresh random token, and the page embeds
 * `render.html#<token>`. The frame (an extension page, so the page cannot
 * reach into it) fetches the document, pack id and report from here once;
 * the token works only for a frame inside the tab that asked, and expires.
 */
import type { Report } from "../shared/wasm";

/** What the render frame gets with `render-get`: the job plus the pack (base64). */
export type RenderDelivery = RenderJob & { pack: string };

/** What is held for the render frame. */
export interface RenderJob {
  packId: string;
  fileName: string;
  /** The document, base64. */
  data: string;
  report: Report;
}

interface Held { tabId: number; job: RenderJob; expires: number }

const held = new Map<string, Held>();
/** A token not used within this time is dropped. */
export const RENDER_TOKEN_TTL_MS = 60_000;
/** At most this many documents wait at once (oldest dropped first). */
const MAX_HELD = 16;

/** Keeps `job` for a frame in `tabId`; returns the token. */
export function holdRender(tabId: number, job: RenderJob, now = Date.now()): string {
  for (const [k, v] of held) if (v.expires < now) held.delete(k);
  while (held.size >= MAX_HELD) held.delete(held.keys().next().value!);
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  held.set(token, { tabId, job, expires: now + RENDER_TOKEN_TTL_MS });
  return token;
}

/**
 * Hands the job to the render frame, once. Null for unknown, used or
 * expired tokens and for frames in another tab.
 */
export function takeRender(token: string, tabId: number | undefined, now = Date.now()): RenderJob | null {
  const h = held.get(token);
  if (!h || h.tabId !== tabId) return null;
  held.delete(token);
  return h.expires < now ? null : h.job;
}
