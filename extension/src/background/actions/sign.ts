/**
 * `podpis.sign(...)`: permission → certificate → signing preview (name,
 * size, digest of exactly these bytes) → the user's "Подписать" mints the
 * consent → data goes to the host (inline or streamed) → `sign`.
 */
import type { SignResult } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import type { SignParams } from "../../shared/messages";
import { PodpisFailure } from "../../shared/errors";
import { fromBase64, toBase64 } from "../../shared/base64";
import { mintConsent } from "../../shared/consent";
import type { ActionContext } from "../context";
import { showDialog } from "../dialogs";
import { USER_TIMEOUT_MS } from "../host";
import { takeUpload } from "../uploads";
import { ensurePermission } from "./permission";
import { chooseCertificate } from "./choose";
import { defaultDigest, digestLength, digestOf } from "./digest";

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
  if (p.input.kind === "digest") {
    if (p.format === "cms-attached") throw new PodpisFailure("INVALID_ARGUMENT", "cms-attached needs the data, not a digest");
    digest = p.input.digest;
    if (fromBase64(digest).length !== digestLength(digestAlgorithm)) throw new PodpisFailure("INVALID_ARGUMENT", "digest length does not match the algorithm");
  } else {
    digest = await digestOf(digestAlgorithm, bytes!);
  }

  const r = await showDialog(ctx.tabId, {
    kind: "preview",
    origin: ctx.origin,
    certificate,
    document: { name, size: bytes ? bytes.length : null, digest, digestAlgorithm, digestOnly: bytes === null, format: p.format },
  });
  if (r.action !== "confirm") throw new PodpisFailure("USER_CANCELLED");
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

/** Sends a large document with `stream-begin` + `stream-chunk`. */
async function streamToHost(ctx: ActionContext, bytes: Uint8Array, digestAlgorithm: string): Promise<string> {
  const { stream } = await ctx.host.request<{ stream: string }>(ctx.origin, "stream-begin", { digestAlgorithm, totalSize: bytes.length });
  for (let off = 0; off < bytes.length; off += STREAM_CHUNK_BYTES) {
    await ctx.host.request(ctx.origin, "stream-chunk", { stream, data: toBase64(bytes.subarray(off, off + STREAM_CHUNK_BYTES)) });
  }
  return stream;
}
