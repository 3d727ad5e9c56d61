/**
 * Field values: what a person typed (sidebar JSON, CLI --data, a CSV cell) is checked and
 * normalised per field type here, and converted to and from cells. One message per field, naming
 * the problem in words a non-programmer can act on.
 */
import { cellText, isCellDate, isCellDateTime, type Cell } from './cells';
import type { FieldDef } from './schema';
import { isValidYmd, parseYmd } from './time';

/** JSON-safe value of a field: dates are `YYYY-MM-DD`, multiple choice is a list, empty is null. */
export type FieldValue = string | number | boolean | string[] | null;

/** Google Sheets holds at most 50,000 characters in a cell; Excel 32,767 (we take the smaller). */
export const MAX_CELL_CHARS = 32_767;

export type Normalized = { ok: true; value: FieldValue } | { ok: false; message: string };

const ok = (value: FieldValue): Normalized => ({ ok: true, value });
const bad = (message: string): Normalized => ({ ok: false, message });

// One address: a local part without the characters that separate or quote addresses, and a
// domain of letter/digit/hyphen labels (internationalised letters allowed) ending in a 2+ letter TLD.
const EMAIL_LOCAL = /^[^\s@,;:<>()[\]"\\]+$/;
const EMAIL_DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;
// Control characters other than tab, LF and CR have no place in a cell.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function isEmptyInput(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  );
}

function asText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

function parseNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().replace(/\s/g, '');
  // Plain decimals, optionally with comma thousands separators: 1234.5, 1,234.50, -12.
  if (!/^[-+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

export function parseEmailList(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function isEmail(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || text.length > 254) return false;
  return EMAIL_LOCAL.test(text.slice(0, at)) && EMAIL_DOMAIN.test(text.slice(at + 1));
}

/** Normalise one non-empty input for a field. Emptiness and `required` are the caller's concern. */
export function normalizeValue(field: FieldDef, input: unknown): Normalized {
  if (typeof input === 'string' && CONTROL.test(input)) return bad('contains a control character');
  if (typeof input === 'string' && input.length > MAX_CELL_CHARS)
    return bad(
      `is too long (${input.length.toLocaleString('en-US')} characters; a cell holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')})`,
    );

  switch (field.type) {
    case 'text':
    case 'long text': {
      const t = asText(input);
      if (t === null) return bad(`must be text, not ${describe(input)}`);
      if (field.type === 'text' && /[\r\n]/.test(t))
        return bad('must be a single line (use a long text field for several lines)');
      return ok(field.type === 'text' ? t.trim() : t.replace(/\r\n?/g, '\n'));
    }
    case 'number':
    case 'currency': {
      const n = parseNumber(input);
      if (n === null) return bad(`must be a number, not ${describe(input)}`);
      if (field.type === 'currency' && Math.abs(Math.round(n * 100) - n * 100) > 1e-6)
        return bad('must have at most 2 decimals');
      return ok(n);
    }
    case 'date': {
      const t = asText(input)?.trim();
      if (t === undefined || t === null) return bad(`must be a date as YYYY-MM-DD, not ${describe(input)}`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return bad(`must be a date as YYYY-MM-DD, not ${describe(t)}`);
      if (!isValidYmd(t)) return bad(`${t} is not a real date`);
      const year = parseYmd(t)!.y;
      if (year < 1900 || year > 9999) return bad(`${t} is out of range (years 1900 to 9999)`);
      return ok(t);
    }
    case 'email': {
      const t = asText(input);
      if (t === null) return bad(`must be an email address, not ${describe(input)}`);
      if (/[\r\n]/.test(t)) return bad('must not contain line breaks');
      const parts = parseEmailList(t);
      if (!field.rules.list && parts.length > 1) return bad('must be one address only');
      for (const p of parts) if (!isEmail(p)) return bad(`"${p}" is not a valid email address`);
      return ok(parts.join(', '));
    }
    case 'phone': {
      const t = asText(input)?.trim();
      if (!t) return bad(`must be a phone number, not ${describe(input)}`);
      const digits = t.replace(/\D/g, '').length;
      if (!/^\+?[0-9 ().\-/]+((\s*(x|ext\.?)\s*)\d{1,6})?$/i.test(t) || digits < 5 || digits > 20)
        return bad(`"${t}" is not a phone number (digits, spaces, + ( ) - . and an optional "ext 12")`);
      return ok(t);
    }
    case 'URL': {
      const t = asText(input)?.trim();
      if (!t) return bad(`must be a web address, not ${describe(input)}`);
      let url: URL | null = null;
      try {
        url = new URL(t);
      } catch {
        url = null;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.'))
        return bad(`"${t}" is not a web address starting with https:// or http://`);
      return ok(t);
    }
    case 'choice': {
      const t = asText(input)?.trim();
      const match = t ? field.choices.find((c) => c.toLowerCase() === t.toLowerCase()) : undefined;
      if (!match) return bad(`must be one of ${field.choices.join(', ')} (got ${describe(input)})`);
      return ok(match);
    }
    case 'multiple choice': {
      const items = Array.isArray(input) ? input : typeof input === 'string' ? input.split(/[,;]/) : null;
      if (!items) return bad(`must be a list of ${field.choices.join(', ')}`);
      const out: string[] = [];
      for (const item of items) {
        const t = typeof item === 'string' ? item.trim() : '';
        if (!t) continue;
        const match = field.choices.find((c) => c.toLowerCase() === t.toLowerCase());
        if (!match) return bad(`"${t}" is not one of ${field.choices.join(', ')}`);
        if (!out.includes(match)) out.push(match);
      }
      return ok(out);
    }
    case 'yes/no': {
      if (typeof input === 'boolean') return ok(input);
      const t = asText(input)?.trim().toLowerCase();
      if (t && ['yes', 'y', 'true', '1', 'x'].includes(t)) return ok(true);
      if (t && ['no', 'n', 'false', '0'].includes(t)) return ok(false);
      return bad(`must be yes or no, not ${describe(input)}`);
    }
    case 'reference': {
      const t = asText(input)?.trim();
      if (!t) return bad(`must name a record of ${field.references}, not ${describe(input)}`);
      return ok(t);
    }
  }
}

/** The cell a field value is written as. */
export function valueToCell(field: FieldDef, value: FieldValue): Cell {
  if (value === null) return '';
  if (field.type === 'date' && typeof value === 'string') return { date: value };
  if (Array.isArray(value)) return value.join(', ');
  return value;
}

/** Read a cell as a field value, leniently: what staff typed by hand is shown as it is. */
export function cellToValue(field: FieldDef, cell: Cell | undefined): FieldValue {
  if (cell === undefined || cell === '') return null;
  if (isCellDate(cell)) return cell.date;
  if (isCellDateTime(cell))
    return field.type === 'date' ? cell.dateTime.slice(0, 10) : cell.dateTime.replace('T', ' ');
  if (field.type === 'multiple choice')
    return typeof cell === 'string'
      ? cell
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [cellText(cell)];
  if (field.type === 'yes/no' && typeof cell === 'string') {
    const t = cell.trim().toLowerCase();
    if (['yes', 'true', 'y', 'x'].includes(t)) return true;
    if (['no', 'false', 'n'].includes(t)) return false;
  }
  if (typeof cell === 'string' && cell.trim() === '') return null;
  return cell;
}

/** A field value as text, for search, filters and messages. */
export function valueText(value: FieldValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}
