/**
 * Charts for the local .xlsx host, drawn as PNG images. ExcelJS writes no chart parts (its README
 * lists images but no charts), and a chart part added to the zip afterwards would be dropped by the
 * next ExcelJS load and save of the register; an image survives both (`workbook.addImage` +
 * `worksheet.addImage`, README "Images"). So the chart is rasterised here: a small canvas, our own
 * pixel font, and a PNG encoder (zlib deflate of filtered scanlines, W3C PNG specification).
 */
import { deflateSync } from 'node:zlib';
import { cellText, type Cell } from '../../core/cells';
import type { ReportChart } from '../../core/plan';
import { ADVANCE, GLYPH_HEIGHT, glyph } from './pixel-font';

export interface ChartImageData {
  type: ReportChart['type'];
  title: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  stacked: boolean;
}

type Rgb = [number, number, number];

const PALETTE: Rgb[] = [
  [0x33, 0x66, 0xcc],
  [0xdc, 0x39, 0x12],
  [0xff, 0x99, 0x00],
  [0x10, 0x96, 0x18],
  [0x99, 0x00, 0x99],
  [0x00, 0x99, 0xc6],
  [0xdd, 0x44, 0x77],
  [0x66, 0xaa, 0x00],
  [0xb8, 0x2e, 0x2e],
  [0x31, 0x63, 0x95],
  [0x99, 0x44, 0x99],
  [0x22, 0xaa, 0x99],
];
const INK: Rgb = [0x33, 0x33, 0x33];
const GRID: Rgb = [0xdd, 0xdd, 0xdd];
const AXIS: Rgb = [0x88, 0x88, 0x88];

const color = (i: number): Rgb => PALETTE[i % PALETTE.length]!;

/** The chart's data, read back from the report block it sits beside (the same cells the sheet shows). */
export function chartDataFromBlock(chart: ReportChart, cells: Cell[][]): ChartImageData {
  const rows = cells.slice(chart.firstRow, chart.lastRow);
  const header = cells[chart.firstRow - 1] ?? [];
  return {
    type: chart.type,
    title: chart.title,
    categories: rows.map((r) => cellText(r[chart.categoryColumn - 1])),
    series: chart.seriesColumns.map((c) => ({
      name: cellText(header[c - 1]),
      values: rows.map((r) => (typeof r[c - 1] === 'number' ? (r[c - 1] as number) : null)),
    })),
    stacked: chart.stacked,
  };
}

export class Canvas {
  readonly px: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.px = new Uint8Array(width * height * 3).fill(255);
  }

  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.px[i] = c[0];
    this.px[i + 1] = c[1];
    this.px[i + 2] = c[2];
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.round(Math.min(x, x + w));
    const x1 = Math.round(Math.max(x, x + w));
    const y0 = Math.round(Math.min(y, y + h));
    const y1 = Math.round(Math.max(y, y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.set(xx, yy, c);
  }

  /** A line of the given thickness (Bresenham with a square brush). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick = 1): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const xe = Math.round(x1);
    const ye = Math.round(y1);
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    const half = Math.floor(thick / 2);
    for (;;) {
      this.rect(x - half, y - half, thick, thick, c);
      if (x === xe && y === ye) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  text(x: number, y: number, s: string, c: Rgb, scale = 1): void {
    let cx = Math.round(x);
    for (const ch of s) {
      const g = glyph(ch);
      g.forEach((row, gy) =>
        row.forEach((on, gx) => {
          if (on) this.rect(cx + gx * scale, Math.round(y) + gy * scale, scale, scale, c);
        }),
      );
      cx += ADVANCE * scale;
    }
  }
}

export function textWidth(s: string, scale = 1): number {
  return [...s].length * ADVANCE * scale - scale;
}

/** Cut text to fit a width, ending with … when cut. */
export function fit(s: string, px: number, scale = 1): string {
  const chars = [...s];
  const max = Math.floor((px + scale) / (ADVANCE * scale));
  if (chars.length <= max) return s;
  return max <= 0 ? '' : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Short number labels for axes: 950, 1.5k, 12k, 2.3M. */
export function compact(n: number): string {
  const a = Math.abs(n);
  const trim = (x: number) => String(Number(x.toFixed(1)));
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e3) return `${trim(n / 1e3)}k`;
  return trim(n);
}

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** The value axis: from min(0, lowest) to the highest bar, in round steps. */
function valueAxis(d: ChartImageData): { lo: number; hi: number; step: number } {
  let lo = 0;
  let hi = 0;
  d.categories.forEach((_, i) => {
    if (d.stacked) {
      let pos = 0;
      let neg = 0;
      for (const s of d.series) {
        const v = s.values[i] ?? 0;
        if (v >= 0) pos += v;
        else neg += v;
      }
      hi = Math.max(hi, pos);
      lo = Math.min(lo, neg);
    } else
      for (const s of d.series) {
        const v = s.values[i] ?? 0;
        hi = Math.max(hi, v);
        lo = Math.min(lo, v);
      }
  });
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 5);
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step, step };
}

function legend(c: Canvas, items: string[], x: number, y: number, width: number): number {
  let cx = x;
  let cy = y;
  items.forEach((name, i) => {
    const label = fit(name, width - 14);
    const w = 14 + textWidth(label) + 14;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += 14;
    }
    c.rect(cx, cy, 9, 9, color(i));
    c.text(cx + 13, cy + 1, label, INK);
    cx += w;
  });
  return cy + 14 - y;
}

/**
 * The bars of category `i`, for bar and column charts alike: each series' extent along the value
 * axis (stacked: on top of the series before it, positives and negatives apart), and where it sits
 * across the category's `thick` slot (stacked: the whole slot; else side by side).
 */
function barsOf(
  d: ChartImageData,
  i: number,
  thick: number,
): { series: number; from: number; to: number; at: number; across: number }[] {
  let pos = 0;
  let neg = 0;
  const lane = thick / d.series.length;
  return d.series.map((s, k) => {
    const v = s.values[i] ?? 0;
    if (!d.stacked) return { series: k, from: 0, to: v, at: k * lane, across: Math.max(1, lane - 1) };
    const from = v >= 0 ? pos : neg;
    if (v >= 0) pos += v;
    else neg += v;
    return { series: k, from, to: from + v, at: 0, across: thick };
  });
}

function legendHeight(items: string[], width: number): number {
  const probe = new Canvas(1, 1);
  return legend(probe, items, 0, 0, width);
}

export function renderChart(d: ChartImageData, width: number, height: number): Canvas {
  const c = new Canvas(width, height);
  const m = 12;
  c.text(m, m, fit(d.title, width - 2 * m, 2), INK, 2);
  const top = m + 2 * GLYPH_HEIGHT + 12;
  if (d.type === 'pie') return pie(c, d, top, m);

  const names = d.series.map((s) => s.name);
  const legendH = d.series.length > 1 ? legendHeight(names, width - 2 * m) + 8 : 0;
  if (legendH > 0) legend(c, names, m, height - m - legendH + 8, width - 2 * m);
  const axis = valueAxis(d);
  const ticks: number[] = [];
  for (let v = axis.lo; v <= axis.hi + axis.step / 2; v += axis.step) ticks.push(Number(v.toPrecision(12)));
  const horizontal = d.type === 'bar';
  const n = Math.max(1, d.categories.length);
  if (horizontal) {
    const labelW = Math.min(Math.floor(width * 0.35), Math.max(...d.categories.map((s) => textWidth(s)), 20));
    const left = m + labelW + 6;
    const right = width - m - 8;
    const bottom = height - m - legendH - 14;
    const scale = (v: number) => left + ((v - axis.lo) / (axis.hi - axis.lo)) * (right - left);
    for (const t of ticks) {
      const x = scale(t);
      c.line(x, top, x, bottom, GRID);
      const label = compact(t);
      c.text(x - textWidth(label) / 2, bottom + 4, label, AXIS);
    }
    const slot = (bottom - top) / n;
    const thick = Math.max(2, slot * 0.7);
    d.categories.forEach((cat, i) => {
      const y = top + i * slot + (slot - thick) / 2;
      c.text(m, top + i * slot + slot / 2 - 4, fit(cat, labelW), INK);
      for (const b of barsOf(d, i, thick))
        c.rect(scale(b.from), y + b.at, scale(b.to) - scale(b.from), b.across, color(b.series));
    });
    c.line(scale(0), top, scale(0), bottom, AXIS);
    return c;
  }

  const tickW = Math.max(...ticks.map((t) => textWidth(compact(t))));
  const left = m + tickW + 6;
  const right = width - m;
  const bottom = height - m - legendH - 14;
  const scale = (v: number) => bottom - ((v - axis.lo) / (axis.hi - axis.lo)) * (bottom - top);
  for (const t of ticks) {
    const y = scale(t);
    c.line(left, y, right, y, GRID);
    const label = compact(t);
    c.text(left - 6 - textWidth(label), y - 4, label, AXIS);
  }
  const slot = (right - left) / n;
  // Label every category that fits; with many narrow ones, every k-th.
  const labelEvery = Math.max(
    1,
    Math.ceil((Math.min(8, Math.max(...d.categories.map((s) => s.length), 1)) * ADVANCE + 8) / slot),
  );
  d.categories.forEach((cat, i) => {
    if (i % labelEvery !== 0) return;
    const label = fit(cat, slot * labelEvery - 4);
    c.text(left + i * slot + slot / 2 - textWidth(label) / 2, bottom + 4, label, INK);
  });
  if (d.type === 'line') {
    d.series.forEach((s, k) => {
      let prev: [number, number] | null = null;
      s.values.forEach((v, i) => {
        if (v === null) {
          prev = null;
          return;
        }
        const p: [number, number] = [left + i * slot + slot / 2, scale(v)];
        if (prev) c.line(prev[0], prev[1], p[0], p[1], color(k), 2);
        c.rect(p[0] - 2, p[1] - 2, 5, 5, color(k));
        prev = p;
      });
    });
  } else {
    const thick = Math.max(2, slot * 0.7);
    d.categories.forEach((_, i) => {
      const x = left + i * slot + (slot - thick) / 2;
      for (const b of barsOf(d, i, thick))
        c.rect(x + b.at, scale(b.from), b.across, scale(b.to) - scale(b.from), color(b.series));
    });
  }
  c.line(left, scale(0), right, scale(0), AXIS);
  return c;
}

function pie(c: Canvas, d: ChartImageData, top: number, m: number): Canvas {
  const values = (d.series[0]?.values ?? []).map((v) => (v !== null && v > 0 ? v : 0));
  const sum = values.reduce((a, b) => a + b, 0);
  const r = Math.floor(Math.min(c.height - top - m, c.width * 0.5) / 2);
  const cx = m + r;
  const cy = top + r;
  // Wedges start at 12 o'clock and go clockwise, as spreadsheet pie charts draw them.
  const ends: number[] = [];
  let acc = 0;
  for (const v of values) ends.push((acc += sum > 0 ? v / sum : 0));
  for (let y = -r; y <= r; y++)
    for (let x = -r; x <= r; x++) {
      if (x * x + y * y > r * r) continue;
      const turn = (Math.atan2(x, -y) / (2 * Math.PI) + 1) % 1;
      const i = ends.findIndex((e) => turn < e);
      c.set(cx + x, cy + y, i < 0 ? GRID : color(i));
    }
  const items = d.categories.map((cat, i) => `${cat} ${sum > 0 ? Math.round((values[i]! / sum) * 100) : 0}%`);
  const lx = cx + r + 24;
  items.forEach((label, i) => {
    const y = top + i * 14;
    if (y > c.height - m - 10) return;
    c.rect(lx, y, 9, 9, color(i));
    c.text(lx + 13, y + 1, fit(label, c.width - lx - 13 - m), INK);
  });
  return c;
}

// ---------------------------------------------------------------------------------------------
// PNG (W3C Portable Network Graphics specification: signature, IHDR, IDAT, IEND chunks with CRC-32)

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(c: Canvas): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(c.width, 0);
  ihdr.writeUInt32BE(c.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour (RGB)
  const stride = c.width * 3;
  const raw = Buffer.alloc((stride + 1) * c.height);
  for (let y = 0; y < c.height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(c.px.buffer, c.px.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function chartPng(chart: ReportChart, cells: Cell[][]): Buffer {
  return encodePng(renderChart(chartDataFromBlock(chart, cells), chart.width, chart.height));
}
