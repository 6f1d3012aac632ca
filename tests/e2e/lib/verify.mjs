// Independent checks of what the browser returned: signatures with OpenSSL
// (`openssl cms -verify -cades`, the gost engine for GOST) and login
// tokens with `podpis-verify-auth` against the test roots; plus Streebog
// digests from OpenSSL's gost engine for GOST signing by digest.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./env.mjs";

/**
 * Verifies a CMS signature (base64 DER) over `content` with the test roots
 * as the only trust anchors; throws with OpenSSL's message when it fails.
 * `attached`: the content is inside; it must equal `content`.
 */
export function opensslVerifyCms(fx, signatureB64, content, { attached = false } = {}) {
  const d = tempDir("cms");
  const sig = join(d, "sig.p7s"), data = join(d, "content"), out = join(d, "out");
  writeFileSync(sig, Buffer.from(signatureB64, "base64"));
  writeFileSync(data, content);
  const args = ["cms", "-verify", "-binary", "-cades", "-inform", "DER", "-in", sig, "-CAfile", fx.roots, "-out", out];
  if (!attached) args.push("-content", data);
  try {
    execFileSync("openssl", args, { env: { ...process.env, OPENSSL_CONF: fx.gostOpensslConf }, stdio: "pipe" });
  } catch (e) {
    throw new Error(`openssl cms -verify failed: ${e.stderr}`);
  }
  if (!readFileSync(out).equals(Buffer.from(content))) throw new Error("openssl: verified content differs");
}

/** Streebog-256 of `content` by OpenSSL's gost engine, base64. */
export function streebog256(fx, content) {
  const d = tempDir("digest");
  writeFileSync(join(d, "in"), content);
  return execFileSync("openssl", ["dgst", "-streebog256", "-binary", join(d, "in")],
    { env: { ...process.env, OPENSSL_CONF: fx.gostOpensslConf } }).toString("base64");
}

/** Checks a login token with podpis-verify-auth; returns the identity it prints. */
export function verifyAuthToken(fx, verifyAuthBin, token, origin, challengeB64) {
  const d = tempDir("auth");
  const f = join(d, "token.json");
  writeFileSync(f, JSON.stringify(token));
  try {
    return JSON.parse(execFileSync(verifyAuthBin, ["--roots", fx.roots, "--origin", origin, "--nonce-b64", challengeB64, f], { stdio: "pipe" }).toString());
  } catch (e) {
    throw new Error(`podpis-verify-auth refused the token: ${e.stdout}${e.stderr}`);
  }
}
