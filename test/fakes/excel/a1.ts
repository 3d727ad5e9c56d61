/**
 * A1 addresses as Excel writes them: "A1", "A1:C3", "$A$1", "A:C" (whole columns), "2:5" (whole rows),
 * optionally behind a sheet name, quoted when it holds anything but letters, digits and underscores
 * ("'Purchase Orders'!A1:B2"). Excel's grid is 1,048,576 rows by 16,384 columns (XFD)
 * (support.microsoft.com, "Excel specifications and limits").
 */
import { excelError } from './errors';

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function columnLetters(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Split "Sheet!A1:B2" into its sheet (unquoted) and the local part. */
export function splitSheet(address: string): { sheet: string | null; local: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: null, local: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: address.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;
const ROWS = /^\$?(\d{1,7}):\$?(\d{1,7})$/;

function invalidAddress(address: string): Error {
  // Excel rejects an address it cannot parse with InvalidArgument
  // (learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling).
  return excelError(
    'InvalidArgument',
    `The argument is invalid or missing or has an incorrect format: ${address}`,
  );
}

function checked(rect: Rect, address: string): Rect {
  const ok =
    rect.r0 >= 0 &&
    rect.c0 >= 0 &&
    rect.r1 < MAX_ROWS &&
    rect.c1 < MAX_COLUMNS &&
    rect.r0 <= rect.r1 &&
    rect.c0 <= rect.c1;
  if (!ok) throw invalidAddress(address);
  return rect;
}

/** Parse the local part of an address ("B2", "A1:C3", "A:A", "1:3"). Corners may come in any order. */
export function parseLocal(local: string): Rect {
  const text = local.trim();
  let m = COLS.exec(text);
  if (m) {
    const a = columnIndex(m[1]!);
    const b = columnIndex(m[2]!);
    return checked({ r0: 0, r1: MAX_ROWS - 1, c0: Math.min(a, b), c1: Math.max(a, b) }, local);
  }
  m = ROWS.exec(text);
  if (m) {
    const a = Number(m[1]) - 1;
    const b = Number(m[2]) - 1;
    return checked({ r0: Math.min(a, b), r1: Math.max(a, b), c0: 0, c1: MAX_COLUMNS - 1 }, local);
  }
  const parts = text.split(':');
  if (parts.length > 2) throw invalidAddress(local);
  const corners = parts.map((p) => {
    const c = CELL.exec(p);
    if (!c) throw invalidAddress(local);
    return { r: Number(c[2]) - 1, c: columnIndex(c[1]!) };
  });
  const [a, b = a] = corners as [{ r: number; c: number }, { r: number; c: number }?];
  return checked(
    { r0: Math.min(a.r, b!.r), r1: Math.max(a.r, b!.r), c0: Math.min(a.c, b!.c), c1: Math.max(a.c, b!.c) },
    local,
  );
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !CELL.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** The local A1 text of a rectangle, with Excel's whole-row and whole-column forms. */
export function formatLocal(rect: Rect, absolute = false): string {
  const d = absolute ? '$' : '';
  if (rect.r0 === 0 && rect.r1 === MAX_ROWS - 1)
    return `${d}${columnLetters(rect.c0)}:${d}${columnLetters(rect.c1)}`;
  if (rect.c0 === 0 && rect.c1 === MAX_COLUMNS - 1) return `${d}${rect.r0 + 1}:${d}${rect.r1 + 1}`;
  const a = `${d}${columnLetters(rect.c0)}${d}${rect.r0 + 1}`;
  if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return a;
  return `${a}:${d}${columnLetters(rect.c1)}${d}${rect.r1 + 1}`;
}

/** Range.address: always qualified with the sheet, e.g. "Sheet1!A1:B2" (learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-address-member). */
export function formatAddress(sheet: string, rect: Rect, absolute = false): string {
  return `${quoteSheet(sheet)}!${formatLocal(rect, absolute)}`;
}

export function cellCount(rect: Rect): number {
  return (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

/** a minus b, as up to four rectangles. */
export function subtract(a: Rect, b: Rect): Rect[] {
  if (!overlaps(a, b)) return [a];
  const out: Rect[] = [];
  if (a.r0 < b.r0) out.push({ ...a, r1: b.r0 - 1 });
  if (a.r1 > b.r1) out.push({ ...a, r0: b.r1 + 1 });
  const r0 = Math.max(a.r0, b.r0);
  const r1 = Math.min(a.r1, b.r1);
  if (a.c0 < b.c0) out.push({ r0, r1, c0: a.c0, c1: b.c0 - 1 });
  if (a.c1 > b.c1) out.push({ r0, r1, c0: b.c1 + 1, c1: a.c1 });
  return out;
}
