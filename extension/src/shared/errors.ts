/**
 * Errors as the page sees them: `{code, message, messageRu, messageEn}`
 * with stable codes — the host's codes (see generated.ts) plus the
 * extension's own. Texts of the extension's codes live in `_locales`
 * under `error_<CODE>`.
 */
import { ERROR_MESSAGES, type ErrorCode } from "../protocol/generated";
import type { Messages } from "./i18n";

/** Codes raised by the extension itself (not by the host). */
export const EXTENSION_ERROR_CODES = [
  "EXTENSION_UNAVAILABLE",
  "HOST_NOT_INSTALLED",
  "HOST_DISCONNECTED",
  "HOST_TIMEOUT",
  "ORIGIN_NOT_ALLOWED",
  "PERMISSION_DENIED",
  "DIALOG_BUSY",
  "INVALID_ARGUMENT",
  "NOT_AVAILABLE",
  "DATA_TOO_LARGE",
  "FORM_UNKNOWN",
  "FORM_PACK_OUTDATED",
] as const;

/** An extension error code. */
export type ExtensionErrorCode = (typeof EXTENSION_ERROR_CODES)[number];

/** Every code a page can receive. */
export type PodpisErrorCode = ErrorCode | ExtensionErrorCode;

/** The error object delivered to pages. */
export interface PodpisError {
  code: PodpisErrorCode;
  /** In the user's chosen language. */
  message: string;
  messageRu: string;
  messageEn: string;
  /** Technical detail (English), for developers. */
  detail?: string;
  /** PIN attempts left (`PIN_INCORRECT`). */
  attemptsLeft?: number;
}

/** Thrown inside the extension; converted to {@link PodpisError} at the edge. */
export class PodpisFailure extends Error {
  constructor(
    readonly code: PodpisErrorCode,
    readonly detail?: string,
    readonly fromHost?: { messageRu: string; messageEn: string; attemptsLeft?: number },
  ) {
    super(`${code}${detail ? `: ${detail}` : ""}`);
  }
}

const HOST_CODES = new Set<string>(Object.keys(ERROR_MESSAGES));
const EXT_CODES = new Set<string>(EXTENSION_ERROR_CODES);

/** True when `code` is one of the stable codes. */
export function isKnownCode(code: unknown): code is PodpisErrorCode {
  return typeof code === "string" && (HOST_CODES.has(code) || EXT_CODES.has(code));
}

/**
 * Builds the page-facing error. Extension codes take their texts from the
 * locale catalogs; host codes use the host's texts (or the generated
 * defaults). Unknown codes become `INTERNAL` so pages only ever see
 * documented codes.
 */
export function toPodpisError(e: unknown, catalogs: { ru: Messages; en: Messages }, lang: "ru" | "en"): PodpisError {
  let f: PodpisFailure;
  if (e instanceof PodpisFailure) f = e;
  else f = new PodpisFailure("INTERNAL", e instanceof Error ? e.message : String(e));
  const code: PodpisErrorCode = isKnownCode(f.code) ? f.code : "INTERNAL";
  let ru: string;
  let en: string;
  if (f.fromHost) {
    ru = f.fromHost.messageRu;
    en = f.fromHost.messageEn;
  } else if (EXT_CODES.has(code)) {
    ru = catalogs.ru[`error_${code}`]?.message ?? code;
    en = catalogs.en[`error_${code}`]?.message ?? code;
  } else {
    const m = ERROR_MESSAGES[code as ErrorCode];
    ru = m.ru;
    en = m.en;
  }
  const out: PodpisError = { code, message: lang === "en" ? en : ru, messageRu: ru, messageEn: en };
  if (f.detail) out.detail = f.detail;
  if (f.fromHost?.attemptsLeft !== undefined) out.attemptsLeft = f.fromHost.attemptsLeft;
  return out;
}
