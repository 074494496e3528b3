// Draws the extension icon (a lens over two frame arrows) at 16/32/48/128 px into public/icons/.
// Run once after changing the design: `node scripts/make-icons.mjs`. No dependencies.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** @param {Buffer} buf @returns {number} */
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
/** One PNG chunk: length, type, data, CRC. @param {string} type @param {Buffer} data */
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
/** An RGBA pixel: 0–255 channels and an alpha of 0–1. @typedef {[number, number, number, number]} Rgba */

/**
 * A `size`-px square PNG of `pixel(x, y)` (coordinates in [0, 1]), supersampled 4×4.
 * @param {number} size
 * @param {(x: number, y: number) => Rgba} pixel
 * @returns {Buffer}
 */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const S = 4; // supersampling
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const [pr, pg, pb, pa] = pixel((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          r += pr * pa; g += pg * pa; b += pb * pa; a += pa;
        }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
/** @param {number} x @param {number} y @param {number} r corner radius */
const inRoundedSquare = (x, y, r) => {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return dx * dx + dy * dy <= r * r;
};
/**
 * Distance from (px, py) to the segment (ax, ay)–(bx, by).
 * @param {number} px @param {number} py @param {number} ax @param {number} ay @param {number} bx @param {number} by
 */
const segDist = (px, py, ax, ay, bx, by) => {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
};
/** @param {number} x @param {number} y @returns {Rgba} */
const pixel = (x, y) => {
  if (!inRoundedSquare(x, y, 0.2)) return [0, 0, 0, 0];
  /** @type {Rgba} */
  const white = [255, 255, 255, 1];
  const d = Math.hypot(x - 0.44, y - 0.44);
  if (Math.abs(d - 0.24) < 0.055) return white; // lens ring
  if (segDist(x, y, 0.62, 0.62, 0.82, 0.82) < 0.06) return white; // handle
  if (d < 0.19) {
    // two arrows inside the lens: up (sent) and down (received)
    if (segDist(x, y, 0.37, 0.33, 0.37, 0.55) < 0.028 || segDist(x, y, 0.37, 0.31, 0.31, 0.39) < 0.028 || segDist(x, y, 0.37, 0.31, 0.43, 0.39) < 0.028) return white;
    if (segDist(x, y, 0.51, 0.33, 0.51, 0.55) < 0.028 || segDist(x, y, 0.51, 0.57, 0.45, 0.49) < 0.028 || segDist(x, y, 0.51, 0.57, 0.57, 0.49) < 0.028) return white;
  }
  return [26, 115, 232, 1];
};
mkdirSync(new URL('../public/icons/', import.meta.url), { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`../public/icons/icon-${size}.png`, import.meta.url), png(size, pixel));
console.log('icons written to public/icons/');
