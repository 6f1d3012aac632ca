// WASM half of scripts/bench-streebog.sh: hashes FILE with the built nodejs
// package's Digest("streebog256") in 1 MiB reads; prints "hex bytes seconds".
import { createRequire } from "node:module";
import { openSync, readSync, closeSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wasm = createRequire(import.meta.url)(join(here, "../pkg/nodejs/podpis_wasm.js"));
const file = process.argv[2];
const CHUNK = 1 << 20;
const buf = Buffer.alloc(CHUNK);
const fd = openSync(file, "r");
const start = process.hrtime.bigint();
const d = new wasm.Digest("streebog256");
let total = 0;
for (;;) {
  const n = readSync(fd, buf, 0, CHUNK, null);
  if (n === 0) break;
  total += n;
  d.update(buf.subarray(0, n));
}
const out = Buffer.from(d.finalize()).toString("hex");
const secs = Number(process.hrtime.bigint() - start) / 1e9;
closeSync(fd);
console.log(`${out} ${total} ${secs.toFixed(3)}`);
