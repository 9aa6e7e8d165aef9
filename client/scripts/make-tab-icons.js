#!/usr/bin/env node
/**
 * Writes the tab bar icons (48×48 PNG, simple shapes) into src/assets/tab. Run once; the PNGs are
 * committed. No dependencies: a PNG encoder over node:zlib.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 48;
const GREY = [0x6b, 0x72, 0x80];
const GREEN = [0x2f, 0x7d, 0x5b];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(inside, rgb) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0;
    for (let x = 0; x < SIZE; x++) {
      const at = y * (SIZE * 4 + 1) + 1 + x * 4;
      const on = inside(x + 0.5, y + 0.5);
      raw[at] = rgb[0];
      raw[at + 1] = rgb[1];
      raw[at + 2] = rgb[2];
      raw[at + 3] = on ? 255 : 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const shapes = {
  // A house: roof triangle over a square.
  home: (x, y) =>
    (y >= 6 && y < 24 && Math.abs(x - 24) <= (y - 6) * 1.1) || (y >= 22 && y < 42 && x >= 11 && x < 37),
  // A notice board: a frame with three text lines.
  notices: (x, y) => {
    const frame = x >= 8 && x < 40 && y >= 6 && y < 42;
    const inner = x >= 12 && x < 36 && y >= 10 && y < 38;
    const line = x >= 15 && x < 33 && [15, 23, 31].some((l) => y >= l && y < l + 3);
    return (frame && !inner) || line;
  },
  // A person: head and shoulders.
  me: (x, y) =>
    (x - 24) ** 2 + (y - 16) ** 2 <= 81 ||
    (y >= 28 && y < 42 && (x - 24) ** 2 / 256 + (y - 42) ** 2 / 196 <= 1),
};

const out = path.join(__dirname, '..', 'src', 'assets', 'tab');
fs.mkdirSync(out, { recursive: true });
for (const [name, inside] of Object.entries(shapes)) {
  fs.writeFileSync(path.join(out, `${name}.png`), png(inside, GREY));
  fs.writeFileSync(path.join(out, `${name}-active.png`), png(inside, GREEN));
}
