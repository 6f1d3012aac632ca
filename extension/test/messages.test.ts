import { test } from "node:test";
import assert from "node:assert/strict";
import { parseApiCall, parseBridgeMessage, parseUiMessage } from "../src/shared/messages";

test("valid calls pass", () => {
  assert.deepEqual(parseApiCall({ method: "status", params: {} }), { method: "status", params: {} });
  assert.deepEqual(parseApiCall({ method: "listCertificates", params: { filter: { inn: "7700000000", validOnly: true } } }),
    { method: "listCertificates", params: { filter: { inn: "7700000000", validOnly: true } } });
  assert.deepEqual(parseApiCall({ method: "sign", params: { input: { kind: "data", data: "AAEC", name: "a.xml" }, format: "cms-detached", certificate: "AB CD" } }),
    { method: "sign", params: { input: { kind: "data", data: "AAEC", name: "a.xml" }, format: "cms-detached", certificate: "abcd" } });
  assert.ok(parseApiCall({ method: "sign", params: { input: { kind: "digest", digest: "AAEC" }, format: "raw", digestAlgorithm: "sha256" } }));
  assert.ok(parseApiCall({ method: "authenticate", params: { challenge: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" } }));
  assert.ok(parseApiCall({ method: "checkReport", params: { input: { kind: "upload", upload: "abcdef0123456789", size: 10 } } }));
});

test("malformed calls are refused", () => {
  const bad: unknown[] = [
    null, [], "status", { method: "nope" }, { method: "status", params: { x: 1 } }, { method: "status", extra: 1 },
    { method: "listCertificates", params: { filter: { inn: "12ab" } } },
    { method: "listCertificates", params: { filter: { evil: true } } },
    { method: "sign", params: { input: { kind: "data", data: "not base64!" }, format: "raw" } },
    { method: "sign", params: { input: { kind: "data", data: "AAEC" }, format: "pdf" } },
    { method: "sign", params: { input: { kind: "data", data: "AAEC" }, format: "raw", digestAlgorithm: "md5" } },
    { method: "sign", params: { input: { kind: "digest", digest: "AAEC" }, format: "raw" } },
    { method: "sign", params: { input: { kind: "upload", upload: "x", size: 1 }, format: "raw" } },
    { method: "sign", params: { input: { kind: "upload", upload: "abcdef0123456789", size: -1 }, format: "raw" } },
    { method: "sign", params: { input: { kind: "data", data: "AAEC" }, format: "raw", origin: "https://bank.ru" } },
    { method: "authenticate", params: { challenge: 5 } },
    { method: "checkReport", params: { input: { kind: "digest", digest: "AAEC" } } },
    { method: "checkReport", params: { invalid: true } },
  ];
  for (const b of bad) assert.equal(parseApiCall(b), null, JSON.stringify(b));
});

test("bridge and UI messages", () => {
  assert.ok(parseBridgeMessage({ type: "api", call: { method: "status" } }));
  assert.ok(parseBridgeMessage({ type: "upload-chunk", upload: "abcdef0123456789", index: 0, data: "AAEC" }));
  assert.equal(parseBridgeMessage({ type: "upload-chunk", upload: "abcdef0123456789", index: 1.5, data: "AAEC" }), null);
  assert.equal(parseBridgeMessage({ type: "dialog-result", dialog: "x", result: { action: "confirm" } }), null);
  assert.deepEqual(parseUiMessage({ type: "dialog-result", dialog: "x", result: { action: "confirm", override: "yes" } }),
    { type: "dialog-result", dialog: "x", result: { action: "confirm", override: false } });
  assert.equal(parseUiMessage({ type: "dialog-result", dialog: "x", result: { action: "sign-anything" } }), null);
  assert.equal(parseUiMessage({ type: "ui-revoke" }), null);
});
