/**
 * The one boundary between ExcelJS cell values and the core `Cell` model (src/core/cells.ts).
 * Nothing else in the local host looks at an ExcelJS value.
 */
import type ExcelJS from 'exceljs';
import { isCellDate, isCellDateTime, looksLikeFormula, type Cell } from '../../core/cells';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
/** Excel's "Text" number format: what a user then types into the cell stays text too. */
export const TEXT_FORMAT = '@';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Excel stores dates as serial day numbers with no time zone. ExcelJS turns a number whose style
 * has a date format into a JS Date as if the serial were UTC (lib/utils/utils.js `excelToDate`), so
 * the UTC components of that Date are the wall-clock date and time shown in the cell.
 */
export function dateToCell(d: Date): Cell {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) return '#VALUE!';
  // Serials are binary fractions of a day: round to the second so 10:00 does not read as 09:59:59.999.
  const t = new Date(Math.round(ms / 1000) * 1000);
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  if (t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0) return { date };
  return { dateTime: `${date}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}` };
}

type Loose = Record<string, unknown>;

/**
 * An ExcelJS cell value as a core cell. The value shapes are ExcelJS's documented ones (README,
 * "Value Types"): null, number, string, boolean, Date, { formula | sharedFormula, result },
 * { richText: [{ text }] }, { text, hyperlink }, { error }.
 */
export function fromExcel(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateToCell(value);
  if (typeof value !== 'object') return String(value);
  const v = value as Loose;
  // A formula cell: core sees what the cell shows, i.e. the result Excel cached at its last save.
  if ('formula' in v || 'sharedFormula' in v) return fromExcel(v.result);
  if (Array.isArray(v.richText)) return (v.richText as Loose[]).map((r) => String(r.text ?? '')).join('');
  if ('hyperlink' in v) return fromExcel(v.text);
  if (typeof v.error === 'string') return v.error;
  if ('text' in v) return fromExcel(v.text);
  return '';
}

/** A wall-clock `YYYY-MM-DD[THH:mm[:ss]]` as the UTC Date ExcelJS writes as that serial. */
function wallToUtcDate(wall: string): Date {
  const full = wall.length === 10 ? `${wall}T00:00:00` : wall.length === 16 ? `${wall}:00` : wall;
  return new Date(`${full}Z`);
}

// Format codes that make Excel (and ExcelJS on reading) treat a number as a date: a d, m, y, h or
// s outside quotes and brackets. A number written into such a cell would read back as a date.
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare);
}

/** Write a core cell into an ExcelJS cell, with the number format that keeps its meaning. */
export function writeCell(target: ExcelJS.Cell, cell: Cell): void {
  if (isCellDate(cell)) {
    target.value = wallToUtcDate(cell.date);
    target.numFmt = DATE_FORMAT;
    return;
  }
  if (isCellDateTime(cell)) {
    target.value = wallToUtcDate(cell.dateTime);
    target.numFmt = DATE_TIME_FORMAT;
    return;
  }
  if (cell === '') {
    target.value = null;
    return;
  }
  if (typeof cell === 'string') {
    // ExcelJS writes a string as a (shared) string cell and only writes a formula for a
    // { formula } object, so '=SUM(A1)' stays text. The Text format also keeps it text when a
    // person later edits the cell in Excel (DESIGN.md, Security).
    target.value = cell;
    if (looksLikeFormula(cell)) target.numFmt = TEXT_FORMAT;
    return;
  }
  if (isDateFormat(target.numFmt)) target.numFmt = 'General';
  target.value = cell;
}
