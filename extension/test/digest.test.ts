// The preview digests: the WASM module in Node, chunked, against Node's
// crypto (SHA-256) and the GOST R 34.11-2012 example M1 (Streebog-256).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadWasm } from "../src/shared/wasm";
import { DIGEST_CHUNK_BYTES, digestOf, digestsOf } from "../src/background/actions/digest";
import { toHex } from "../src/shared/base64";

// dist/tests/ → extension/wasm/
const wasmFile = join(process.cwd(), "wasm", "podpis_wasm_bg.wasm");

test("the packaged module loads from bytes", async () => {
  const w = await loadWasm(readFileSync(wasmFile));
  assert.equal(typeof w.Digest, "function");
});

test("one chunked pass gives SHA-256 and Streebog-256 of the same bytes", async () => {
  await loadWasm(readFileSync(wasmFile));
  const data = new Uint8Array(DIGEST_CHUNK_BYTES * 2 + 12345).map((_, i) => (i * 31) & 0xff);
  const d = await digestsOf(["sha256", "streebog256", "sha256"], data);
  assert.equal(toHex(d.sha256!), createHash("sha256").update(data).digest("hex"));
  // The same digest computed in one piece.
  const whole = await digestsOf(["streebog256"], data.slice());
  assert.equal(toHex(d.streebog256!), toHex(whole.streebog256!));
  assert.equal(Object.keys(d).length, 2);
});

test("Streebog-256 of the standard's example M1, base64 like the protocol", async () => {
  await loadWasm(readFileSync(wasmFile));
  const m1 = new TextEncoder().encode("012345678901234567890123456789012345678901234567890123456789012");
  const b64 = await digestOf("streebog256", m1);
  assert.equal(Buffer.from(b64, "base64").toString("hex"), "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500");
});

test("empty data has the empty-string digest", async () => {
  await loadWasm(readFileSync(wasmFile));
  assert.equal(await digestOf("sha512", new Uint8Array(0)), createHash("sha512").update("").digest("base64"));
});
