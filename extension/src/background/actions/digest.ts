/**
 * Digests for the signing preview, computed in the extension by the WASM
 * module (`Digest`, the same `podpis-digest` code the host runs) over
 * exactly the bytes that go to the host, in 1 MiB chunks. One pass gives
 * the signing digest plus the SHA-256 and Streebog-256 fingerprints the
 * preview shows. The consent binds the signing digest; the host recomputes
 * it over the data it receives and refuses a consent that names another.
 */
import type { CertificateInfo, DigestAlgorithm } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import { toBase64 } from "../../shared/base64";
import { loadWasm, type Digest } from "../../shared/wasm";

/** Bytes fed to the digests per call. */
export const DIGEST_CHUNK_BYTES = 1024 * 1024;

/** The key's natural digest (the host's default for the same key). */
export function defaultDigest(cert: Wire<CertificateInfo>): DigestAlgorithm {
  switch (cert.key.algorithm) {
    case "gost2012-256": return "streebog256";
    case "gost2012-512": return "streebog512";
    case "ec": return cert.key.bits > 384 ? "sha512" : cert.key.bits > 256 ? "sha384" : "sha256";
    default: return "sha256";
  }
}

/** Digests of one document, raw bytes by algorithm. */
export type Digests = Partial<Record<DigestAlgorithm, Uint8Array>>;

/** Computes the digests `algs` of `data` in one chunked pass. */
export async function digestsOf(algs: DigestAlgorithm[], data: Uint8Array): Promise<Digests> {
  const wasm = await loadWasm();
  const unique = [...new Set(algs)];
  const running: Array<[DigestAlgorithm, Digest]> = unique.map((a) => [a, new wasm.Digest(a)]);
  try {
    for (let off = 0; off < data.length; off += DIGEST_CHUNK_BYTES) {
      const chunk = data.subarray(off, off + DIGEST_CHUNK_BYTES);
      for (const [, d] of running) d.update(chunk);
    }
    const out: Digests = {};
    for (const [a, d] of running) out[a] = d.finalize();
    return out;
  } finally {
    for (const [, d] of running) d.free();
  }
}

/** Base64 digest of `data` (the form the protocol and the consent use). */
export async function digestOf(alg: DigestAlgorithm, data: Uint8Array): Promise<string> {
  return toBase64((await digestsOf([alg], data))[alg]!);
}

/** Expected digest length in bytes. */
export function digestLength(alg: DigestAlgorithm): number {
  return alg === "sha384" ? 48 : alg === "sha512" || alg === "streebog512" ? 64 : 32;
}
