/**
 * `podpis.sign(...)`: permission → certificate → signing preview (name,
 * size, digest of exactly these bytes; a report an installed form pack
 * recognizes is rendered and checked, and errors need an explicit
 * override) → the user's "Подписать" mints the consent → data goes to the
 * host (inline or streamed) → `sign`.
 */
import type { SignResult } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import type { SignParams } from "../../shared/messages";
import { PodpisFailure } from "../../shared/errors";
import { fromBase64, toBase64, toHex } from "../../shared/base64";
import { mintConsent } from "../../shared/consent";
import type { ActionContext } from "../context";
import { showDialog } from "../dialogs";
import { USER_TIMEOUT_MS } from "../host";
import { takeUpload } from "../uploads";
import { ensurePermission } from "./permission";
import { chooseCertificate } from "./choose";
import { defaultDigest, digestLength, digestsOf } from "./digest";
import { checkDocument, FormPackOutdated, hasErrors } from "../forms";
import type { DialogData } from "../dialogs";

/** Documents up to this size go inline; larger ones are streamed. */
export const INLINE_MAX_BYTES = 4 * 1024 * 1024;
/** Raw bytes per `stream-chunk` (8 MiB of base64). */
export const STREAM_CHUNK_BYTES = 6 * 1024 * 1024;

/** Runs `sign`. */
export async function sign(ctx: ActionContext, p: SignParams): Promise<Wire<SignResult>> {
  // Take the document first so an upload is never left behind.
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  let name: string | null = p.documentName ?? null;
  if (p.input.kind === "data") { bytes = fromBase64(p.input.data); name ??= p.input.name ?? null; }
  if (p.input.kind === "upload") { bytes = takeUpload(ctx.tabId, p.input.upload, p.input.size); name ??= p.input.name ?? null; }

  await ensurePermission(ctx);
  const { certificate } = await chooseCertificate(ctx, p.certificate, "sign");
  const digestAlgorithm = p.digestAlgorithm ?? defaultDigest(certificate);
  let digest: string;
  let shown: Extract<DialogData, { kind: "preview" }>["document"];
  let report: Extract<DialogData, { kind: "preview" }>["report"];
  let outdatedPack: string | undefined;
  if (p.input.kind === "digest") {
    if (p.format === "cms-attached") throw new PodpisFailure("INVALID_ARGUMENT", "cms-attached needs the data, not a digest");
    digest = p.input.digest;
    if (fromBase64(digest).length !== digestLength(digestAlgorithm)) throw new PodpisFailure("INVALID_ARGUMENT", "digest length does not match the algorithm");
    shown = { name, size: null, digest, digestAlgorithm, digestOnly: true, format: p.format };
  } else {
    // One pass over exactly the bytes that go to the host.
    const d = await digestsOf([digestAlgorithm, "sha256", "streebog256"], bytes!);
    digest = toBase64(d[digestAlgorithm]!);
    shown = { name, size: bytes!.length, digest, digestAlgorithm, digestOnly: false, format: p.format, sha256: toHex(d.sha256!), streebog256: toHex(d.streebog256!) };
    ({ report, outdatedPack } = await reportPreview(ctx, bytes!, name));
  }

  const r = await showDialog(ctx.tabId, { kind: "preview", origin: ctx.origin, certificate, document: shown, ...(report ? { report } : {}), ...(outdatedPack ? { outdatedPack } : {}) });
  if (r.action !== "confirm") throw new PodpisFailure("USER_CANCELLED");
  if (report?.hasErrors && !r.override) {
    throw new PodpisFailure("USER_CANCELLED", "the report has errors and the user did not confirm signing it anyway");
  }
  const consent = await mintConsent(await ctx.host.consentKey(), {
    operation: "sign",
    origin: ctx.origin,
    certificate: certificate.thumbprint,
    digestAlgorithm,
    digest,
  });

  let input: unknown;
  if (!bytes) input = { type: "digest", digest };
  else if (bytes.length <= INLINE_MAX_BYTES) input = { type: "data", data: toBase64(bytes) };
  else input = { type: "stream", stream: await streamToHost(ctx, bytes, digestAlgorithm) };

  const args: Record<string, unknown> = { certificate: certificate.thumbprint, input, format: p.format, digestAlgorithm, consent };
  if (name) args.documentName = name;
  return ctx.host.request<Wire<SignResult>>(ctx.origin, "sign", args, USER_TIMEOUT_MS);
}

/** Reports this large are not rendered in the preview (name, size and digests only). */
export const REPORT_PREVIEW_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The report preview for XML an installed pack recognizes: the check and
 * what the dialog renders. Nothing for other data (no packs, not XML, no
 * matching form); `outdatedPack` (its label) when the form's pack was made
 * by an older Podpis: the dialog says the report is not checked and why.
 */
async function reportPreview(ctx: ActionContext, bytes: Uint8Array, name: string | null): Promise<Pick<Extract<DialogData, { kind: "preview" }>, "report" | "outdatedPack">> {
  if (bytes.length > REPORT_PREVIEW_MAX_BYTES || !looksLikeXml(bytes)) return {};
  try {
    const { recognized, report } = await checkDocument(bytes, name ?? "", ctx.settings.lang);
    return { report: { packId: recognized.packId, fileName: name ?? "", data: toBase64(bytes), report, hasErrors: hasErrors(report) } };
  } catch (e) {
    if (e instanceof FormPackOutdated) return { outdatedPack: e.pack.label };
    if (e instanceof PodpisFailure && e.code === "FORM_UNKNOWN") return {};
    throw e;
  }
}

/** XML starts with `<` after an optional BOM and whitespace. */
export function looksLikeXml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}

/** Sends a large document with `stream-begin` + `stream-chunk`. */
async function streamToHost(ctx: ActionContext, bytes: Uint8Array, digestAlgorithm: string): Promise<string> {
  const { stream } = await ctx.host.request<{ stream: string }>(ctx.origin, "stream-begin", { digestAlgorithm, totalSize: bytes.length });
  for (let off = 0; off < bytes.length; off += STREAM_CHUNK_BYTES) {
    await ctx.host.request(ctx.origin, "stream-chunk", { stream, data: toBase64(bytes.subarray(off, off + STREAM_CHUNK_BYTES)) });
  }
  return stream;
}
