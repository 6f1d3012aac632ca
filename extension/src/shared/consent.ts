/**
 * Minting the per-operation user consent (see
 * `native-host/protocol/src/consent.rs`). The trusted dialog calls
 * {@link mintConsent} when the user presses "Подписать"/"Войти"; the host
 * recomputes the MAC with the key it handed out in `hello`.
 */
import type { Consent, ConsentOperation, DigestAlgorithm } from "../protocol/generated";
import type { Wire } from "./wire";
import { fromBase64, toBase64 } from "./base64";

/** A consent as sent on the wire (`issuedAt` is a number). */
export type WireConsent = Wire<Consent>;

/** The fields bound by a consent, before the MAC. */
export interface ConsentFields {
  operation: ConsentOperation;
  origin: string;
  certificate: string;
  digestAlgorithm?: DigestAlgorithm;
  digest: string;
  issuedAt: number;
  nonce: string;
}

/** Exactly `Consent::canonical()` of the Rust protocol crate. */
export function canonicalConsent(c: ConsentFields): string {
  return [
    "podpis-consent:1",
    c.operation,
    c.origin,
    c.certificate,
    c.digestAlgorithm ?? "-",
    c.digest,
    String(c.issuedAt),
    c.nonce,
  ].join("\n");
}

/** Base64 HMAC-SHA256 of `text` with the base64 `keyB64`. */
export async function hmacSha256Base64(keyB64: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    fromBase64(keyB64),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return toBase64(new Uint8Array(mac));
}

/** Fresh 24-byte random nonce, base64. */
export function newNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(24)));
}

/**
 * Mints a consent for `fields` (without issuedAt/nonce, which are filled
 * in now) with the connection's consent key.
 */
export async function mintConsent(
  keyB64: string,
  fields: Omit<ConsentFields, "issuedAt" | "nonce">,
  now: number = Date.now(),
  nonce: string = newNonce(),
): Promise<WireConsent> {
  const full: ConsentFields = { ...fields, issuedAt: now, nonce };
  const mac = await hmacSha256Base64(keyB64, canonicalConsent(full));
  const out: WireConsent = {
    operation: full.operation,
    origin: full.origin,
    certificate: full.certificate,
    digest: full.digest,
    issuedAt: full.issuedAt,
    nonce: full.nonce,
    mac,
  };
  if (full.digestAlgorithm) out.digestAlgorithm = full.digestAlgorithm;
  return out;
}
