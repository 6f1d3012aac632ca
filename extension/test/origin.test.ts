import { test } from "node:test";
import assert from "node:assert/strict";
import { checkOrigin } from "../src/shared/origin";

test("https origins are accepted, path and query dropped", () => {
  assert.deepEqual(checkOrigin("https://lk.example.ru/a/b?c#d", undefined, false), { ok: true, origin: "https://lk.example.ru" });
  assert.deepEqual(checkOrigin("https://lk.example.ru:8443/", undefined, false), { ok: true, origin: "https://lk.example.ru:8443" });
});

test("sender.origin wins over the URL", () => {
  assert.deepEqual(checkOrigin("https://evil.example/", "https://good.example", false), { ok: true, origin: "https://good.example" });
});

test("plain http only for loopback with development sites on", () => {
  assert.deepEqual(checkOrigin("http://127.0.0.1:8080/x", undefined, false), { ok: false, reason: "dev-disabled" });
  assert.deepEqual(checkOrigin("http://127.0.0.1:8080/x", undefined, true), { ok: true, origin: "http://127.0.0.1:8080" });
  assert.deepEqual(checkOrigin("http://localhost/", undefined, true), { ok: true, origin: "http://localhost" });
  assert.deepEqual(checkOrigin("http://example.ru/", undefined, true), { ok: false, reason: "insecure" });
  assert.deepEqual(checkOrigin("http://127.0.0.1.evil.ru/", undefined, true), { ok: false, reason: "insecure" });
});

test("other schemes and junk are refused", () => {
  assert.equal(checkOrigin("file:///etc/passwd", undefined, true).ok, false);
  assert.equal(checkOrigin("data:text/html,x", undefined, true).ok, false);
  assert.equal(checkOrigin(undefined, undefined, true).ok, false);
  assert.equal(checkOrigin("https://user:pw@a.ru/", undefined, false).ok, false);
  assert.equal(checkOrigin("x", "null", false).ok, false);
});
