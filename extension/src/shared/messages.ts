/**
 * Typed messages between the page API, the content-script bridge, the
 * background and the extension's own pages, with shape validation. Every
 * message the background receives goes through {@link parseApiCall} or
 * {@link parseUiMessage}; anything else is refused.
 */
import type { CertificateFilter, DigestAlgorithm, SignFormat } from "../protocol/generated";
import { isBase64 } from "./base64";

/** Methods of `window.podpis` that reach the background. */
export const API_METHODS = ["status", "listCertificates", "sign", "authenticate", "checkReport", "renderReport"] as const;
/** A page API method. */
export type ApiMethod = (typeof API_METHODS)[number];

/** Largest single piece of data carried in one message (raw bytes). */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest document the extension accepts for signing. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** The data a page asks to sign or check, as the bridge forwards it. */
export type ApiInput =
  | { kind: "data"; data: string; name?: string }
  | { kind: "upload"; upload: string; size: number; name?: string }
  | { kind: "digest"; digest: string };

/** Arguments of `sign` after the bridge converted the page's data. */
export interface SignParams {
  input: ApiInput;
  format: SignFormat;
  certificate?: string;
  digestAlgorithm?: DigestAlgorithm;
  documentName?: string;
}

/** A validated page API call. */
export type ApiCall =
  | { method: "status"; params: Record<string, never> }
  | { method: "listCertificates"; params: { filter?: CertificateFilter } }
  | { method: "sign"; params: SignParams }
  | { method: "authenticate"; params: { challenge: string; certificate?: string } }
  | { method: "checkReport"; params: { input: ApiInput } }
  | { method: "renderReport"; params: { input: ApiInput } };

/** Content script → background messages. */
export type BridgeMessage =
  | { type: "api"; call: ApiCall }
  | { type: "upload-chunk"; upload: string; index: number; data: string };

/** Messages from the extension's own pages (dialogs, popup, options). */
export type UiMessage =
  | { type: "dialog-get"; dialog: string }
  | { type: "dialog-result"; dialog: string; result: DialogResult }
  | { type: "ui-status" }
  | { type: "ui-permissions" }
  | { type: "ui-revoke"; origin: string }
  /** Load every form pack now (rebuilding or marking outdated ones); replies the listing. */
  | { type: "ui-forms-refresh" }
  | { type: "render-get"; token: string }
  | { type: "ui-ping" };

/** What a trusted dialog answers. */
export type DialogResult =
  | { action: "allow-once" | "allow-always" | "deny" | "cancel" }
  | { action: "choose"; certificate: string }
  | { action: "confirm"; override?: boolean };

/** Reply to any background message. */
export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: import("./errors").PodpisError };

const DIGESTS: readonly string[] = ["sha256", "sha384", "sha512", "streebog256", "streebog512"];
const FORMATS: readonly string[] = ["raw", "cms-detached", "cms-attached"];
const ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
const HEX_RE = /^[0-9a-fA-F ]{2,128}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 1024): v is string => typeof v === "string" && v.length <= max;
/** True when `o` has no keys outside `allowed`. */
function onlyKeys(o: Obj, allowed: string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

/** Validates the bridge's input object. */
export function parseInput(v: unknown): ApiInput | null {
  if (!isObj(v)) return null;
  if (v.name !== undefined && !str(v.name, 255)) return null;
  switch (v.kind) {
    case "data":
      return onlyKeys(v, ["kind", "data", "name"]) && isBase64(v.data) && v.data.length <= (UPLOAD_CHUNK_BYTES / 3) * 4 + 4
        ? { kind: "data", data: v.data, ...(v.name !== undefined ? { name: v.name as string } : {}) }
        : null;
    case "upload":
      return onlyKeys(v, ["kind", "upload", "size", "name"]) && str(v.upload) && ID_RE.test(v.upload) &&
        Number.isSafeInteger(v.size) && (v.size as number) >= 0 && (v.size as number) <= MAX_DOCUMENT_BYTES
        ? { kind: "upload", upload: v.upload, size: v.size as number, ...(v.name !== undefined ? { name: v.name as string } : {}) }
        : null;
    case "digest":
      return onlyKeys(v, ["kind", "digest"]) && isBase64(v.digest) && v.digest.length <= 128 ? { kind: "digest", digest: v.digest } : null;
    default:
      return null;
  }
}

function parseFilter(v: unknown): CertificateFilter | null {
  if (!isObj(v) || !onlyKeys(v, ["thumbprint", "inn", "validOnly", "keyUsage"])) return null;
  const f: CertificateFilter = {};
  if (v.thumbprint !== undefined) { if (!str(v.thumbprint, 128) || !HEX_RE.test(v.thumbprint)) return null; f.thumbprint = v.thumbprint; }
  if (v.inn !== undefined) { if (!str(v.inn, 12) || !/^\d{10,12}$/.test(v.inn)) return null; f.inn = v.inn; }
  if (v.validOnly !== undefined) { if (typeof v.validOnly !== "boolean") return null; f.validOnly = v.validOnly; }
  if (v.keyUsage !== undefined) { if (!str(v.keyUsage, 64)) return null; f.keyUsage = v.keyUsage; }
  return f;
}

/**
 * Validates a page API call. Returns null for anything malformed: unknown
 * method, extra or mistyped fields, oversized strings.
 */
export function parseApiCall(v: unknown): ApiCall | null {
  if (!isObj(v) || !onlyKeys(v, ["method", "params"])) return null;
  const p = v.params === undefined ? {} : v.params;
  if (!isObj(p)) return null;
  switch (v.method) {
    case "status":
      return Object.keys(p).length === 0 ? { method: "status", params: {} } : null;
    case "listCertificates": {
      if (!onlyKeys(p, ["filter"])) return null;
      if (p.filter === undefined) return { method: "listCertificates", params: {} };
      const filter = parseFilter(p.filter);
      return filter ? { method: "listCertificates", params: { filter } } : null;
    }
    case "sign": {
      if (!onlyKeys(p, ["input", "format", "certificate", "digestAlgorithm", "documentName"])) return null;
      const input = parseInput(p.input);
      if (!input || !str(p.format) || !FORMATS.includes(p.format)) return null;
      const out: SignParams = { input, format: p.format as SignFormat };
      if (p.certificate !== undefined) { if (!str(p.certificate, 128) || !HEX_RE.test(p.certificate)) return null; out.certificate = p.certificate.replace(/ /g, "").toLowerCase(); }
      if (p.digestAlgorithm !== undefined) { if (!str(p.digestAlgorithm) || !DIGESTS.includes(p.digestAlgorithm)) return null; out.digestAlgorithm = p.digestAlgorithm as DigestAlgorithm; }
      if (p.documentName !== undefined) { if (!str(p.documentName, 255)) return null; out.documentName = p.documentName; }
      if (input.kind === "digest" && !out.digestAlgorithm) return null;
      return { method: "sign", params: out };
    }
    case "authenticate": {
      if (!onlyKeys(p, ["challenge", "certificate"]) || !isBase64(p.challenge) || p.challenge.length > 128) return null;
      const out: { challenge: string; certificate?: string } = { challenge: p.challenge };
      if (p.certificate !== undefined) { if (!str(p.certificate, 128) || !HEX_RE.test(p.certificate)) return null; out.certificate = p.certificate.replace(/ /g, "").toLowerCase(); }
      return { method: "authenticate", params: out };
    }
    case "checkReport":
    case "renderReport": {
      if (!onlyKeys(p, ["input"])) return null;
      const input = parseInput(p.input);
      return input && input.kind !== "digest" ? { method: v.method, params: { input } } : null;
    }
    default:
      return null;
  }
}

/** Validates a content-script message. */
export function parseBridgeMessage(v: unknown): BridgeMessage | null {
  if (!isObj(v)) return null;
  if (v.type === "api" && onlyKeys(v, ["type", "call"])) {
    const call = parseApiCall(v.call);
    return call ? { type: "api", call } : null;
  }
  if (v.type === "upload-chunk" && onlyKeys(v, ["type", "upload", "index", "data"]) && str(v.upload) && ID_RE.test(v.upload) &&
    Number.isSafeInteger(v.index) && (v.index as number) >= 0 && typeof v.data === "string" &&
    v.data.length <= (UPLOAD_CHUNK_BYTES / 3) * 4 + 4 && isBase64(v.data)) {
    return { type: "upload-chunk", upload: v.upload, index: v.index as number, data: v.data };
  }
  return null;
}

/** Validates a message from an extension page. */
export function parseUiMessage(v: unknown): UiMessage | null {
  if (!isObj(v)) return null;
  switch (v.type) {
    case "dialog-get":
      return str(v.dialog, 64) ? { type: "dialog-get", dialog: v.dialog } : null;
    case "dialog-result": {
      if (!str(v.dialog, 64) || !isObj(v.result)) return null;
      const r = v.result;
      if (r.action === "choose") return str(r.certificate, 128) ? { type: "dialog-result", dialog: v.dialog, result: { action: "choose", certificate: r.certificate } } : null;
      if (r.action === "confirm") return { type: "dialog-result", dialog: v.dialog, result: { action: "confirm", override: r.override === true } };
      if (r.action === "allow-once" || r.action === "allow-always" || r.action === "deny" || r.action === "cancel") {
        return { type: "dialog-result", dialog: v.dialog, result: { action: r.action } };
      }
      return null;
    }
    case "ui-status":
    case "ui-permissions":
    case "ui-ping":
    case "ui-forms-refresh":
      return { type: v.type };
    case "ui-revoke":
      return str(v.origin, 255) ? { type: "ui-revoke", origin: v.origin } : null;
    case "render-get":
      return str(v.token, 64) && /^[0-9a-f]{32}$/.test(v.token) ? { type: "render-get", token: v.token } : null;
    default:
      return null;
  }
}
