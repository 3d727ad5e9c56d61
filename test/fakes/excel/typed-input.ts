/**
 * What a cell becomes when a value is written through `Range.values` (or `TableRowCollection.add`):
 * Excel treats the string as typed input.
 *
 * - `null` inside the 2D array leaves that cell as it is; `''` clears it
 *   (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values).
 * - A string starting with "=", "+" or "-" is a formula (Range.values: "If the returned value starts
 *   with a plus ("+"), minus ("-"), or equal sign ("="), Excel interprets this value as a formula",
 *   learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member), unless it
 *   reads as a number ("-5").
 * - A leading apostrophe stores the rest as text, as when typing it (support.microsoft.com,
 *   "Format numbers as text": "type an apostrophe (') before the number"); the apostrophe is not
 *   part of the value.
 * - Text that reads as a number, a percentage, TRUE/FALSE or a date (en-US) becomes that; a date
 *   is stored as a serial number with a date number format, because Excel has no date type in
 *   `values` (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-dates).
 * - A cell formatted as Text ("@") keeps what is typed as text ("Text format cells are treated as
 *   text even when a number is in the cell", Excel.NumberFormatCategory.text).
 * - A cell holds at most 32,767 characters (support.microsoft.com, "Excel specifications and limits").
 *
 * Formulas are stored, not calculated: a literal evaluates to itself, anything else reads #NAME?.
 */
import { excelError } from './errors';

export type Scalar = string | number | boolean;

export interface Entry {
  v: Scalar;
  f?: string;
  /** The value was typed behind an apostrophe. */
  qp?: boolean;
  /** A number format Excel applies because of what was typed (only when the cell's format is General). */
  nf?: string;
}

export const MAX_CELL_TEXT = 32_767;
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Excel's serial of a wall-clock date and time (days since 1899-12-30; valid from 1900-03-01). */
export function serialOf(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): number {
  return (Date.UTC(y, m - 1, d, hh, mm, ss) - EPOCH_MS) / DAY_MS;
}

/** The wall clock of a serial, as a UTC Date (the serial has no time zone). */
export function dateOfSerial(serial: number): Date {
  return new Date(EPOCH_MS + Math.round(serial * DAY_MS));
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1900;
}

function asNumber(text: string): number | null {
  const t = text.trim();
  if (!/\d/.test(t)) return null;
  const percent = t.endsWith('%');
  const body = percent ? t.slice(0, -1) : t;
  if (!NUMBER.test(body)) return null;
  const n = Number(body.replace(/,/g, ''));
  if (!Number.isFinite(n)) return null;
  return percent ? n / 100 : n;
}

function asDate(text: string): Entry | null {
  const iso = ISO.exec(text.trim());
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (!validDate(y, m, d)) return null;
    const time = iso[4] !== undefined;
    return {
      v: serialOf(y, m, d, Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)),
      nf: time ? 'yyyy-mm-dd h:mm' : 'yyyy-mm-dd',
    };
  }
  const us = US.exec(text.trim());
  if (us) {
    const [m, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
    if (!validDate(y, m, d)) return null;
    return { v: serialOf(y, m, d), nf: 'm/d/yyyy' };
  }
  return null;
}

/** The value a stored formula shows: literals only (the emulator does not calculate). */
export function evaluate(formula: string): Scalar {
  const body = formula.slice(1).trim();
  const str = /^"((?:[^"]|"")*)"$/.exec(body);
  if (str) return str[1]!.replace(/""/g, '"');
  if (/^(true|false)$/i.test(body)) return body.toUpperCase() === 'TRUE';
  const n = asNumber(body);
  if (n !== null && !body.endsWith('%')) return n;
  return '#NAME?';
}

function checkLength(text: string): void {
  if (text.length > MAX_CELL_TEXT)
    throw excelError('InvalidArgument', `Text values can be at most ${MAX_CELL_TEXT} characters long.`);
}

/** `raw` written to a cell whose number format is `format`; null means "leave the cell as it is". */
export function typedInput(raw: unknown, format: string): Entry | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'boolean') return { v: raw };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw excelError('InvalidArgument');
    return { v: raw };
  }
  if (typeof raw !== 'string')
    throw excelError('InvalidArgument', 'A cell value must be a string, number or boolean.');
  if (raw === '') return { v: '' };
  if (format === '@') {
    checkLength(raw);
    return { v: raw };
  }
  if (raw.startsWith("'")) {
    checkLength(raw.slice(1));
    return { v: raw.slice(1), qp: true };
  }
  const n = asNumber(raw);
  if (n !== null) return raw.trim().endsWith('%') ? { v: n, nf: '0%' } : { v: n };
  if (raw.startsWith('=') || raw.startsWith('+') || raw.startsWith('-')) {
    const formula = raw.startsWith('=') ? raw : `=${raw}`;
    checkLength(formula);
    return { v: evaluate(formula), f: formula };
  }
  if (/^(true|false)$/i.test(raw.trim())) return { v: raw.trim().toUpperCase() === 'TRUE' };
  const date = asDate(raw);
  if (date) return date;
  checkLength(raw);
  return { v: raw };
}

/** A formula written through `Range.formulas`: "=..." is a formula, anything else is typed input. */
export function formulaInput(raw: unknown, format: string): Entry | null {
  if (typeof raw === 'string' && raw.startsWith('=') && raw.length > 1) {
    checkLength(raw);
    return { v: evaluate(raw), f: raw };
  }
  return typedInput(raw, format);
}
