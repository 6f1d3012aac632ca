// Render tokens, XML sniffing and the render-get message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { holdRender, RENDER_TOKEN_TTL_MS, takeRender } from "../src/background/renders";
import { looksLikeXml } from "../src/background/actions/sign";
import { parseApiCall, parseUiMessage } from "../src/shared/messages";

const job = { packId: "p1", fileName: "r.xml", data: "PEZpbGUvPg==", report: { form: "F", knd: "1", elements: 1, findings: [], truncated: false } };

test("a render token is good once, for its tab only", () => {
  const t = holdRender(7, job);
  assert.match(t, /^[0-9a-f]{32}$/);
  assert.equal(takeRender(t, 8), null, "another tab");
  assert.deepEqual(takeRender(t, 7), job);
  assert.equal(takeRender(t, 7), null, "used");
});

test("render tokens expire", () => {
  const now = Date.now();
  const t = holdRender(1, job, now);
  assert.equal(takeRender(t, 1, now + RENDER_TOKEN_TTL_MS + 1), null);
});

test("XML is recognized after a BOM and whitespace, other data is not", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(looksLikeXml(enc('<?xml version="1.0"?><Файл/>')), true);
  assert.equal(looksLikeXml(new Uint8Array([0xef, 0xbb, 0xbf, 0x0a, 0x3c])), true);
  assert.equal(looksLikeXml(enc("  \r\n<a/>")), true);
  assert.equal(looksLikeXml(enc("%PDF-1.7")), false);
  assert.equal(looksLikeXml(new Uint8Array(0)), false);
});

test("render-get takes only a 32-hex token", () => {
  assert.deepEqual(parseUiMessage({ type: "render-get", token: "0123456789abcdef0123456789abcdef" }), { type: "render-get", token: "0123456789abcdef0123456789abcdef" });
  assert.equal(parseUiMessage({ type: "render-get", token: "../x" }), null);
  assert.equal(parseUiMessage({ type: "render-get" }), null);
});

test("checkReport/renderReport take a file, never a digest", () => {
  assert.equal(parseApiCall({ method: "checkReport", params: { input: { kind: "digest", digest: "AAAA" } } }), null);
  assert.deepEqual(parseApiCall({ method: "renderReport", params: { input: { kind: "data", data: "PGEvPg==", name: "a.xml" } } }),
    { method: "renderReport", params: { input: { kind: "data", data: "PGEvPg==", name: "a.xml" } } });
});
