import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalConsent, hmacSha256Base64, mintConsent } from "../src/shared/consent";

// Key of the vectors: the 32 bytes 0x00..0x1f.
const KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

test("canonical form equals the Rust test vector (consent.rs canonical_form_is_stable)", () => {
  const c = { operation: "sign", origin: "https://a.ru", certificate: "ab", digestAlgorithm: "streebog256", digest: "AAEC", issuedAt: 17, nonce: "bm9uY2U=" } as const;
  assert.equal(canonicalConsent(c), "podpis-consent:1\nsign\nhttps://a.ru\nab\nstreebog256\nAAEC\n17\nbm9uY2U=");
});

test("authenticate consents have '-' for the digest algorithm", () => {
  const s = canonicalConsent({ operation: "authenticate", origin: "https://x.ru", certificate: "cd", digest: "Q0hBTA==", issuedAt: 5, nonce: "bg==" });
  assert.equal(s.split("\n")[4], "-");
});

// MACs computed independently with `openssl dgst -sha256 -mac HMAC`.
test("HMAC-SHA256 over the canonical form matches the reference", async () => {
  const c = { operation: "sign", origin: "https://a.ru", certificate: "ab", digestAlgorithm: "streebog256", digest: "AAEC", issuedAt: 17, nonce: "bm9uY2U=" } as const;
  assert.equal(await hmacSha256Base64(KEY, canonicalConsent(c)), "UXZk+z/tt4mX8Hf+bjqgXAaH4ZvdUmL0+sG6RVzHjdY=");
});

test("mintConsent fills issuedAt, nonce and mac and omits the algorithm for login", async () => {
  const c = await mintConsent(KEY, {
    operation: "authenticate", origin: "https://lk.example",
    certificate: "0123456789abcdef0123456789abcdef01234567",
    digest: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
  }, 1700000000000, "bm9uY2Vub25jZW5vbmNlMTI=");
  assert.equal(c.mac, "YbGy9UbwD+4ghMkcU8mnW3OKwm6BLoSy7A2/EszUmuk=");
  assert.equal(c.issuedAt, 1700000000000);
  assert.equal("digestAlgorithm" in c, false);
  assert.deepEqual(Object.keys(c).sort(), ["certificate", "digest", "issuedAt", "mac", "nonce", "operation", "origin"]);
});

test("fresh nonces are random and at least 16 bytes", async () => {
  const a = await mintConsent(KEY, { operation: "sign", origin: "https://a.ru", certificate: "ab", digestAlgorithm: "sha256", digest: "AA==" });
  const b = await mintConsent(KEY, { operation: "sign", origin: "https://a.ru", certificate: "ab", digestAlgorithm: "sha256", digest: "AA==" });
  assert.notEqual(a.nonce, b.nonce);
  assert.ok(Buffer.from(a.nonce, "base64").length >= 16);
});
