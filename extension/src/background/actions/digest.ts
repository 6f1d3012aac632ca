/**
 * Digests for the signing preview, computed in the extension over exactly
 * the bytes that go to the host. SHA-2 uses WebCrypto. Streebog
 * (GOST R 34.11-2012) arrives with the WASM module; until then the
 * extension refuses to digest data for GOST keys itself
 * (`UNSUPPORTED_ALGORITHM`), and cabinets sign GOST documents by passing a
 * precomputed digest (`sign({digest, digestAlgorithm:'streebog256'})`).
 */
import type { CertificateInfo, DigestAlgorithm } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import { PodpisFailure } from "../../shared/errors";
import { toBase64 } from "../../shared/base64";

const WEBCRYPTO: Partial<Record<DigestAlgorithm, string>> = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };

/** The key's natural digest (the host's default for the same key). */
export function defaultDigest(cert: Wire<CertificateInfo>): DigestAlgorithm {
  switch (cert.key.algorithm) {
    case "gost2012-256": return "streebog256";
    case "gost2012-512": return "streebog512";
    case "ec": return cert.key.bits > 384 ? "sha512" : cert.key.bits > 256 ? "sha384" : "sha256";
    default: return "sha256";
  }
}

/** Base64 digest of `data`. */
export async function digestOf(alg: DigestAlgorithm, data: Uint8Array<ArrayBuffer>): Promise<string> {
  const name = WEBCRYPTO[alg];
  if (!name) throw new PodpisFailure("UNSUPPORTED_ALGORITHM", `${alg} digests of documents need the WASM module; pass a precomputed digest`);
  return toBase64(new Uint8Array(await crypto.subtle.digest(name, data)));
}

/** Expected digest length in bytes. */
export function digestLength(alg: DigestAlgorithm): number {
  return alg === "sha384" ? 48 : alg === "sha512" || alg === "streebog512" ? 64 : 32;
}
