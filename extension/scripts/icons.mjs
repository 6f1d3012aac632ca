// One-off generator of the toolbar icons (icons/icon-N.png): a blue
// rounded square with a white signature stroke. Run: node scripts/icons.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) { c = (crc ^ b) & 0xff; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crc = (crc >>> 8) ^ c; }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(n, pixel) {
  const raw = Buffer.alloc(n * (n * 4 + 1));
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) raw.set(pixel(x + 0.5, y + 0.5, n), y * (n * 4 + 1) + 1 + x * 4);
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(n, 0); ihdr.writeUInt32BE(n, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
function pixel(x, y, n) {
  const u = x / n, v = y / n, r = 0.2;
  const dx = Math.max(r - u, 0, u - (1 - r)), dy = Math.max(r - v, 0, v - (1 - r));
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  // Signature: a sine stroke over a baseline.
  const s = 0.5 + 0.12 * Math.sin((u - 0.2) * 14) - (u - 0.5) * 0.2;
  const stroke = u > 0.18 && u < 0.82 && Math.abs(v - s) < 0.055;
  const line = u > 0.18 && u < 0.82 && Math.abs(v - 0.76) < 0.03;
  return stroke || line ? [255, 255, 255, 255] : [27, 94, 176, 255];
}
for (const n of [16, 32, 48, 128]) writeFileSync(new URL(`../icons/icon-${n}.png`, import.meta.url), png(n, pixel));
