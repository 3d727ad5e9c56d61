// Draws the Excel add-in icons (addon/office/assets/icon-{16,32,64,80}.png): a white ledger page with a
// light header band, two ruled lines and an ID column, on a blue (#1a73e8) rounded square.
//
// Office wants ribbon icons at 16, 32 and 80 px and the manifest's HighResolutionIconUrl at 64 px
// (learn.microsoft.com/office/dev/add-ins/design/add-in-icons). The PNGs are committed as source assets;
// run `node scripts/make-icons.mjs` again only when the drawing changes.
//
// The PNG encoder is written out here (zlib from Node, nothing else) so the icons need no image
// dependency: 8-bit RGBA, non-interlaced, filter type 0 on every row (www.w3.org/TR/png/).
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1a, 0x73, 0xe8];
const WHITE = [0xff, 0xff, 0xff];
/** Google Blue 100, so the header band reads as part of the page, not of the background. */
const LIGHT_BLUE = [0xd2, 0xe3, 0xfc];
/** Samples per pixel along each axis: 4 x 4 supersampling gives smooth rounded corners. */
const SUPERSAMPLE = 4;
export const ICON_SIZES = [16, 32, 64, 80];

// The drawing lives on a 16-unit grid, so at 16 px every edge lands on a pixel boundary and the
// smallest icon stays crisp; larger sizes scale it.
const BACKGROUND = { x0: 0, y0: 0, x1: 16, y1: 16, r: 3 };
const PAGE = { x0: 3, y0: 3, x1: 13, y1: 13, r: 1 };
const HEADER = { x0: 3, y0: 3, x1: 13, y1: 5, r: 0 };
/** Blue marks on the page: two ruled lines and the ID column rule. */
const MARKS = [
  { x0: 4, y0: 7, x1: 12, y1: 8, r: 0 },
  { x0: 4, y0: 10, x1: 12, y1: 11, r: 0 },
  { x0: 6, y0: 5, x1: 7, y1: 12, r: 0 },
];

/** True when point (x, y) lies inside the rounded rectangle `box` (grid units). */
function inside(box, x, y) {
  if (x < box.x0 || x >= box.x1 || y < box.y0 || y >= box.y1) return false;
  const cx = Math.min(Math.max(x, box.x0 + box.r), box.x1 - box.r);
  const cy = Math.min(Math.max(y, box.y0 + box.r), box.y1 - box.r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= box.r ** 2;
}

/** The colour at one sample point, or null where the icon is transparent. */
function colourAt(x, y) {
  if (!inside(BACKGROUND, x, y)) return null;
  if (!inside(PAGE, x, y)) return BLUE;
  if (inside(HEADER, x, y)) return LIGHT_BLUE;
  return MARKS.some((mark) => inside(mark, x, y)) ? BLUE : WHITE;
}

/** Renders the icon at `size` px into straight (non-premultiplied) RGBA bytes, row by row. */
export function renderIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const unit = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = colourAt(
            (px + (sx + 0.5) / SUPERSAMPLE) * unit,
            (py + (sy + 0.5) / SUPERSAMPLE) * unit,
          );
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        rgba[offset] = Math.round(r / covered);
        rgba[offset + 1] = Math.round(g / covered);
        rgba[offset + 2] = Math.round(b / covered);
        rgba[offset + 3] = Math.round((255 * covered) / SUPERSAMPLE ** 2);
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC over type + data. */
function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes straight RGBA bytes as a PNG file. */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method 0
  header[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None for this row
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes every icon size into `outDir` and returns the paths written. */
export function makeIcons(outDir) {
  mkdirSync(outDir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const file = path.join(outDir, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, renderIcon(size)));
    return file;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const file of makeIcons(path.join(repoRoot, 'addon', 'office', 'assets'))) {
    console.log(`wrote ${path.relative(repoRoot, file)}`);
  }
}
