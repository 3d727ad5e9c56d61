/**
 * Apps Script values <-> core cells. Sheets hands back Dates for date cells, interpreted in the
 * spreadsheet's time zone (developers.google.com/apps-script/reference/spreadsheet/range#getValues);
 * a string written with setValues is parsed as if typed (a leading "=" makes a formula, "0123"
 * becomes a number), so every string we write carries the apostrophe text prefix.
 */
import { isCellDate, isCellDateTime, type Cell } from '../../core/cells';
import { instantOf, wallClock } from '../../core/time';

export type GasValue = string | number | boolean | Date;

function isDate(v: unknown): v is Date {
  // Dates may come from another realm (the Apps Script runtime, a vm context): no instanceof.
  return Object.prototype.toString.call(v) === '[object Date]';
}

export function fromGas(v: unknown, timeZone: string): Cell {
  if (v === null || v === undefined) return '';
  if (isDate(v)) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return '';
    const wall = wallClock(ms, timeZone);
    return wall.endsWith('T00:00:00') ? { date: wall.slice(0, 10) } : { dateTime: wall };
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/**
 * A string as setValues must receive it to be stored as exactly that text: the apostrophe prefix
 * makes Sheets keep it as text and is not part of the value (support.google.com/docs/answer/
 * 3094038: "To keep a number or date as text, add an apostrophe"). It also defuses formulas.
 */
export function textForSheets(s: string): string {
  return s === '' ? '' : `'${s}`;
}

export function toGas(c: Cell, timeZone: string): GasValue {
  if (isCellDate(c)) return new Date(instantOf(c.date, timeZone));
  if (isCellDateTime(c)) return new Date(instantOf(c.dateTime, timeZone));
  if (typeof c === 'string') return textForSheets(c);
  return c;
}
