// Node test of the built nodejs package (scripts/build-wasm.sh) against
// `openssl dgst` (SHA-2) and OpenSSL's gost engine (Streebog) on a generated
// file. Run: node --test wasm-validator/wasm/tests/node/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync, openSync, readSync, closeSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgPath = join(here, "../../pkg/nodejs/podpis_wasm.js");
const opensslConf = join(here, "../openssl-gost.cnf");
if (!existsSync(pkgPath)) {
  throw new Error(`${pkgPath} is missing: run scripts/build-wasm.sh first`);
}
const wasm = createRequire(import.meta.url)(pkgPath);

const OPENSSL_NAME = {
  sha256: "sha256",
  sha384: "sha384",
  sha512: "sha512",
  streebog256: "md_gost12_256",
  streebog512: "md_gost12_512",
};

function openssl(alg, file) {
  const out = execFileSync("openssl", ["dgst", `-${OPENSSL_NAME[alg]}`, "-r", file], {
    env: { ...process.env, OPENSSL_CONF: opensslConf },
    encoding: "utf8",
  });
  return out.split(" ")[0];
}

const hex = (u8) => Buffer.from(u8).toString("hex");

function withFile(size, fn) {
  const dir = mkdtempSync(join(tmpdir(), "podpis-wasm-"));
  try {
    const file = join(dir, "data.bin");
    writeFileSync(file, randomBytes(size));
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function streamFile(alg, file, chunk) {
  const d = new wasm.Digest(alg);
  const buf = Buffer.alloc(chunk);
  const fd = openSync(file, "r");
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, chunk, null);
      if (n === 0) break;
      d.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  const out = d.finalize();
  d.free();
  return out;
}

test("algorithm list", () => {
  assert.deepEqual(wasm.digestAlgorithms(), Object.keys(OPENSSL_NAME));
});

test("streamed file digests equal openssl dgst (gost engine for Streebog)", () => {
  // 5 MiB + a ragged tail, read in 1 MiB and in odd-sized chunks.
  withFile(5 * 1024 * 1024 + 12345, (file) => {
    for (const alg of wasm.digestAlgorithms()) {
      const expected = openssl(alg, file);
      assert.match(expected, /^[0-9a-f]{64,128}$/, `openssl ${alg} output`);
      assert.equal(hex(streamFile(alg, file, 1 << 20)), expected, `${alg} 1 MiB chunks`);
      assert.equal(hex(streamFile(alg, file, 100_003)), expected, `${alg} odd chunks`);
    }
  });
});

test("one-shot digest equals the stream; Streebog M1 vector", () => {
  const m1 = Buffer.from("012345678901234567890123456789012345678901234567890123456789012");
  assert.equal(
    hex(wasm.digest("streebog256", m1)),
    "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500",
  );
  const data = randomBytes(300_000);
  for (const alg of wasm.digestAlgorithms()) {
    const d = new wasm.Digest(alg);
    assert.equal(d.algorithm, alg);
    for (let i = 0; i < data.length; i += 7777) d.update(data.subarray(i, i + 7777));
    const out = d.finalize();
    assert.equal(out.length, d.outputLength);
    assert.equal(hex(out), hex(wasm.digest(alg, data)));
  }
});

test("errors are PodpisWasmError objects with a code", () => {
  const is = (code) => (e) =>
    e instanceof Error && e.name === "PodpisWasmError" && e.code === code && e.message.length > 0;
  assert.throws(() => new wasm.Digest("md5"), is("unknown-algorithm"));
  assert.throws(() => new wasm.Digest(undefined), is("unknown-algorithm"));
  assert.throws(() => wasm.digest("sha1", new Uint8Array(1)), is("unknown-algorithm"));
  assert.throws(() => wasm.digest("sha256", "text"), is("invalid-argument"));
  const d = new wasm.Digest("streebog512");
  assert.throws(() => d.update([1, 2, 3]), is("invalid-argument"));
  assert.throws(() => d.update(new ArrayBuffer(4)), is("invalid-argument"));
  d.update(new Uint8Array([1, 2, 3]));
  d.finalize();
  assert.throws(() => d.finalize(), is("digest-finalized"));
  assert.throws(() => d.update(new Uint8Array(1)), is("digest-finalized"));
});
