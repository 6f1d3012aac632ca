/**
 * Which web origins may use the page API. Mirrors the host's
 * `OriginPolicy`: https everywhere; plain http only for localhost and
 * 127.0.0.1 when the user enabled "development sites" in the options.
 */

/** Result of {@link checkOrigin}. */
export type OriginCheck = { ok: true; origin: string } | { ok: false; reason: "syntax" | "insecure" | "dev-disabled" };

const DEV_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Derives the origin of a sender URL and decides whether it may call the
 * API. `senderOrigin` (Chrome's `sender.origin`) wins over the URL when set.
 */
export function checkOrigin(senderUrl: string | undefined, senderOrigin: string | undefined, allowDev: boolean): OriginCheck {
  let url: URL;
  try {
    url = new URL(senderOrigin && senderOrigin !== "null" ? senderOrigin : senderUrl ?? "");
  } catch {
    return { ok: false, reason: "syntax" };
  }
  if (url.username || url.password) return { ok: false, reason: "syntax" };
  const origin = `${url.protocol}//${url.host}`;
  if (origin.length > 255) return { ok: false, reason: "syntax" };
  if (url.protocol === "https:") return { ok: true, origin };
  if (url.protocol === "http:" && DEV_HOSTS.has(url.hostname)) {
    return allowDev ? { ok: true, origin } : { ok: false, reason: "dev-disabled" };
  }
  return { ok: false, reason: "insecure" };
}

/** True for origins that are development sites (plain http on loopback). */
export function isDevOrigin(origin: string): boolean {
  return origin.startsWith("http://");
}
