/**
 * Excel values <-> core cells, the one boundary of the Excel host.
 *
 * Dates: `Range.values` has no date type; a date is a serial number (days since 1899-12-30) that a
 * date number format displays as a date (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-dates).
 * A serial has no time zone: it is the wall-clock date and time shown in the cell, so a date typed
 * as 2026-03-29 is written as the serial of 2026-03-29 and read back as 2026-03-29 in every zone.
 *
 * Text: a string written to `Range.values` is read as typed input: "=", "+" and "-" start a formula
 * (learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member), and "0123",
 * "TRUE", "2026-03-29", "50%" or "1/2" become numbers, booleans and dates. Every non-empty string is
 * therefore written behind an apostrophe, which makes Excel keep the rest as text and is not part of the
 * value (support.microsoft.com, "Format numbers as text"). Prefixing every string rather than a list of
 * dangerous first characters also covers the locale-dependent number and date parsing (DESIGN.md, Security).
 * A cell formatted as Text ("@") keeps typed input as text already, so strings go there as they are.
 */
import { isCellDate, isCellDateTime, type Cell } from '../../core/cells';

export type ExcelScalar = string | number | boolean;

export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
export const GENERAL = 'General';
export const TEXT_FORMAT = '@';

const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A format code that shows a number as a date or time: d, m, y, h or s outside quotes and brackets. */
export function isDateFormat(format: string | null | undefined): boolean {
  if (!format || format === GENERAL) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare);
}

function hasTime(format: string): boolean {
  return /[hs]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}

/** The serial of a wall-clock `YYYY-MM-DD[THH:mm[:ss]]`. */
export function serialOfWall(wall: string): number {
  const full = wall.length === 10 ? `${wall}T00:00:00` : wall.length === 16 ? `${wall}:00` : wall;
  return (Date.parse(`${full}Z`) - EPOCH_MS) / DAY_MS;
}

/** A serial as a core date ({ date } at midnight, else { dateTime } to the second). */
export function cellOfSerial(serial: number): Cell {
  const t = new Date(Math.round((EPOCH_MS + serial * DAY_MS) / 1000) * 1000);
  if (Number.isNaN(t.getTime())) return serial;
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  if (t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0) return { date };
  return { dateTime: `${date}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}` };
}

/** A loaded value and its number format as a core cell. */
export function fromExcel(value: unknown, format?: string | null): Cell {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return isDateFormat(format) ? cellOfSerial(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export interface ExcelWrite {
  value: ExcelScalar;
  /** The number format to set, or null to leave the cell's own (null in a 2D array changes nothing). */
  format: string | null;
}

/**
 * A core cell as written into a cell whose current number format is `current` (undefined: unknown).
 * A person's own formats survive: a date keeps a date format, a number any format but a date one.
 */
export function toExcel(cell: Cell, current: string | null | undefined): ExcelWrite {
  if (isCellDate(cell)) {
    const keep = isDateFormat(current) && !hasTime(current!);
    return { value: serialOfWall(cell.date), format: keep ? null : DATE_FORMAT };
  }
  if (isCellDateTime(cell)) {
    const keep = isDateFormat(current) && hasTime(current!);
    return { value: serialOfWall(cell.dateTime), format: keep ? null : DATE_TIME_FORMAT };
  }
  if (typeof cell === 'string') {
    if (cell === '') return { value: '', format: null };
    if (current === TEXT_FORMAT) return { value: cell, format: null };
    return { value: `'${cell}`, format: current === undefined || current === null ? GENERAL : null };
  }
  const keep = current !== undefined && current !== null && current !== TEXT_FORMAT && !isDateFormat(current);
  return { value: cell, format: keep ? null : GENERAL };
}

/** The text of a header or key cell, trimmed. */
export function headerText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}
