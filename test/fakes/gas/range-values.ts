import { dateMs, gasError, isDate } from './errors';
import type { LocaleInfo } from './locale';
import {
  AUTOMATIC_FORMAT,
  PLAIN_TEXT_FORMAT,
  formatNumber,
  formatSerialDate,
  isDateFormat,
} from './number-format';
import {
  type Zone,
  fromWallMs,
  serialToWallMs,
  toWallMs,
  wallFromParts,
  wallMsToSerial,
  wallParts,
} from './timezone';

/** What a cell holds: empty (undefined), text, number (dates are numbers with a date format) or boolean. */
export type Scalar = string | number | boolean;

export interface WrittenCell {
  value: Scalar | undefined;
  formula?: string;
  /** A number format the input implies (typing 50% gives '0%'); undefined leaves the cell's format alone. */
  format?: string;
}

export interface ValueContext {
  zone: Zone;
  locale: LocaleInfo;
  /** The cell's current number format, which decides whether typed text is parsed. */
  cellFormat: string | undefined;
  /** Fake now, for dates typed without a year. */
  now: number;
}

/** "Google Sheets ... maximum of 50,000 characters in a single cell" — the Sheets API error text, also raised here. */
export const MAX_CELL_CHARS = 50_000;

/**
 * Interprets a value given to setValue(s)/appendRow the way Sheets interprets typed input.
 * https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object) only says that a string
 * starting with '=' is a formula; the rest is observed Sheets behaviour for user-entered input:
 * - a leading apostrophe forces text and is not part of the value;
 * - numbers ("0123" -> 123, "1,234.5", "50%", "$12.50"), TRUE/FALSE and dates/times in the spreadsheet locale are
 *   converted (losing leading zeros is the classic surprise);
 * - a leading '+' or '-' that does not make a number starts a formula in the Sheets UI ("+39 333..." shows #ERROR!);
 *   emulated so that code writing people's text is forced to guard it;
 * - in a cell formatted as plain text ('@'), text is stored as typed.
 * JavaScript Dates (from any realm) become the wall-clock serial in the spreadsheet's time zone.
 */
export function interpretInput(raw: unknown, ctx: ValueContext): WrittenCell {
  if (raw === null || raw === undefined) return { value: undefined };
  if (typeof raw === 'boolean') return { value: raw };
  if (typeof raw === 'number') return { value: raw };
  if (isDate(raw)) {
    const ms = dateMs(raw);
    if (Number.isNaN(ms)) return { value: undefined };
    const wall = toWallMs(ms, ctx.zone);
    const serial = wallMsToSerial(wall);
    // The docs are silent on the format a Date gets; Sheets shows a date-time, or a date when the time is midnight.
    const format = isDateFormat(ctx.cellFormat)
      ? undefined
      : wall % 86_400_000 === 0
        ? ctx.locale.dateFormat
        : ctx.locale.dateTimeFormat;
    return { value: serial, format };
  }
  const text = typeof raw === 'string' ? raw : String(raw);
  if (text.length > MAX_CELL_CHARS) {
    throw gasError(
      `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
    );
  }
  if (text === '') return { value: undefined };
  if (ctx.cellFormat === PLAIN_TEXT_FORMAT) return { value: text };
  if (text.startsWith("'")) return { value: text.slice(1) === '' ? undefined : text.slice(1) };
  if (text.startsWith('=')) return { value: evaluateFormula(text), formula: text };
  // Fast path for ordinary text: a leading letter (other than the t/f of TRUE/FALSE) cannot start a number or date.
  if (/^[a-eg-su-z]/i.test(text) && !text.startsWith(ctx.locale.currency)) return { value: text };
  const trimmed = text.trim();
  const bool = /^(true|false)$/i.exec(trimmed);
  if (bool) return { value: trimmed.toLowerCase() === 'true' };
  const number = parseTypedNumber(trimmed, ctx.locale);
  if (number) return number;
  const date = parseTypedDate(trimmed, ctx);
  if (date) return date;
  if ((text.startsWith('+') || text.startsWith('-')) && text.length > 1) {
    return { value: evaluateFormula(`=${text}`), formula: `=${text}` };
  }
  return { value: text };
}

/**
 * The emulator does not compute formulas. It evaluates literals (=42, ="text", =TRUE) and =HYPERLINK(url, label),
 * which add-ons write themselves; everything else reads back as '#ERROR!', what Sheets shows for a formula it cannot
 * parse. Tests that need a computed value can seed one with FakeSpreadsheet.seedFormula.
 */
export function evaluateFormula(formula: string): Scalar {
  const body = formula.slice(1).trim();
  const str = /^"((?:[^"]|"")*)"$/.exec(body);
  if (str) return (str[1] ?? '').replace(/""/g, '"');
  if (/^[+-]?\d+(\.\d+)?$/.test(body)) return Number(body);
  if (/^(true|false)$/i.test(body)) return body.toLowerCase() === 'true';
  const link = /^HYPERLINK\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)$/i.exec(body);
  if (link) return (link[2] ?? link[1] ?? '').replace(/""/g, '"');
  return '#ERROR!';
}

function parseTypedNumber(text: string, locale: LocaleInfo): WrittenCell | undefined {
  let body = text;
  let format: string | undefined;
  let scale = 1;
  let currency: { symbol: string; prefix: boolean } | undefined;
  const symbols = ['$', '€', '£', '¥', '₹', locale.currency];
  for (const symbol of symbols) {
    if (body.startsWith(symbol) || body.startsWith(`-${symbol}`)) {
      currency = { symbol, prefix: true };
      body = body.startsWith('-')
        ? `-${body.slice(symbol.length + 1).trim()}`
        : body.slice(symbol.length).trim();
      break;
    }
    if (body.endsWith(symbol)) {
      currency = { symbol, prefix: false };
      body = body.slice(0, -symbol.length).trim();
      break;
    }
  }
  if (body.endsWith('%')) {
    scale = 0.01;
    body = body.slice(0, -1).trim();
  }
  const { grouped, plain, group } = numberPatterns(locale);
  let normalized: string;
  let hasGrouping = false;
  if (grouped.test(body)) {
    hasGrouping = true;
    normalized = body.replace(group, '').replace(locale.decimal, '.');
  } else if (plain.test(body)) {
    normalized = body.replace(locale.decimal, '.');
  } else return undefined;
  const value = Number(normalized) * scale;
  if (!Number.isFinite(value)) return undefined;
  const decimals = normalized.includes('.') ? 2 : 0;
  const numberPart =
    hasGrouping || currency ? (decimals || currency ? '#,##0.00' : '#,##0') : decimals ? '0.00' : '0';
  if (scale !== 1) format = decimals ? '0.00%' : '0%';
  else if (currency)
    format = currency.prefix ? `"${currency.symbol}"${numberPart}` : `${numberPart}" ${currency.symbol}"`;
  else if (hasGrouping) format = numberPart;
  return { value: scale === 1 ? value : Number(value.toPrecision(15)), format };
}

const patternCache = new WeakMap<LocaleInfo, { grouped: RegExp; plain: RegExp; group: RegExp }>();

function numberPatterns(locale: LocaleInfo): { grouped: RegExp; plain: RegExp; group: RegExp } {
  let patterns = patternCache.get(locale);
  if (!patterns) {
    const d = escapeRegExp(locale.decimal);
    const g = /^[\s\u00a0\u202f]$/.test(locale.group) ? '[ \\u00a0\\u202f]' : escapeRegExp(locale.group);
    patterns = {
      grouped: new RegExp(`^[+-]?\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d+)?$`),
      plain: new RegExp(`^[+-]?(?:\\d+(?:${d}\\d*)?|${d}\\d+)(?:[eE][+-]?\\d+)?$`),
      group: new RegExp(g, 'g'),
    };
    patternCache.set(locale, patterns);
  }
  return patterns;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:\s*([ap])\.?m\.?)?$/i;

function parseTime(
  text: string,
): { h: number; m: number; s: number; ms: number; twelve: boolean } | undefined {
  const t = TIME.exec(text);
  if (!t) return undefined;
  let h = Number(t[1]);
  const m = Number(t[2]);
  const s = Number(t[3] ?? 0);
  const ms = Number((t[4] ?? '0').padEnd(3, '0'));
  const ampm = t[5]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (ampm === 'p' ? 12 : 0);
  }
  if (h > 23 || m > 59 || s > 59) return undefined;
  return { h, m, s, ms, twelve: Boolean(ampm) };
}

function parseTypedDate(text: string, ctx: ValueContext): WrittenCell | undefined {
  const time = parseTime(text);
  if (time) {
    const serial = wallMsToSerial(wallFromParts(1899, 12, 30, time.h, time.m, time.s, time.ms));
    return { value: serial, format: time.twelve ? 'h:mm AM/PM' : 'H:mm:ss' };
  }
  const [datePart = '', ...rest] = text.split(/\s+/);
  const timeText = rest.join(' ');
  const clock = timeText ? parseTime(timeText) : undefined;
  if (timeText && !clock) return undefined;
  let year: number;
  let month: number;
  let day: number;
  let format: string;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(datePart);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
    format = clock ? 'yyyy-mm-dd H:mm:ss' : 'yyyy-mm-dd';
  } else {
    // '/' and '-' everywhere; '.' only where the locale writes dates with dots (de_DE), so "3.5.2" stays text in en_US.
    const separators = ctx.locale.dateSeparator === '.' ? /[/.-]/ : /[/-]/;
    const pieces = datePart.split(separators);
    if (pieces.length < 2 || pieces.length > 3 || pieces.some((p) => !/^\d{1,4}$/.test(p))) return undefined;
    const order = ctx.locale.dateOrder.filter((o) => pieces.length === 3 || o !== 'Y');
    const fields: Record<string, number> = {};
    order.forEach((o, i) => (fields[o] = Number(pieces[i])));
    year = fields.Y ?? wallParts(ctx.now, ctx.zone).year;
    if (pieces.length === 3 && (pieces[order.indexOf('Y')] ?? '').length <= 2) {
      // Two-digit years: Sheets reads 00-29 as 20xx and 30-99 as 19xx.
      year += year < 30 ? 2000 : 1900;
    }
    month = fields.M ?? 0;
    day = fields.D ?? 0;
    format = clock ? ctx.locale.dateTimeFormat : ctx.locale.dateFormat;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const wall = wallFromParts(year, month, day, clock?.h ?? 0, clock?.m ?? 0, clock?.s ?? 0, clock?.ms ?? 0);
  const check = new Date(wall);
  if (check.getUTCMonth() + 1 !== month || check.getUTCDate() !== day) return undefined;
  return { value: wallMsToSerial(wall), format };
}

/**
 * What getValues() returns for a cell: '' for empty, the number/boolean/string, or a Date when the number has a date
 * or time format — "a Date ... in the spreadsheet's time zone" for the serial's wall-clock time
 * (https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()).
 */
export function readValue(
  value: Scalar | undefined,
  format: string | undefined,
  zone: Zone,
  makeDate: (ms: number) => Date,
): Scalar | Date {
  if (value === undefined) return '';
  if (typeof value === 'number' && isDateFormat(format))
    return makeDate(fromWallMs(serialToWallMs(value), zone));
  return value;
}

/** getDisplayValues(): the value as rendered with its number format and the spreadsheet locale. */
export function displayValue(
  value: Scalar | undefined,
  format: string | undefined,
  locale: LocaleInfo,
): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (isDateFormat(format)) return formatSerialDate(value, format ?? '');
  return formatNumber(value, format, locale);
}

export function effectiveFormat(format: string | undefined): string {
  return format ?? AUTOMATIC_FORMAT;
}
