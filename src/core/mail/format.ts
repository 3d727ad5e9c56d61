/**
 * Merge values as a reader expects them, by field type, in the spreadsheet's locale: the
 * formatting a mail-merge tool usually loses (dates, currency symbols, grouped numbers, Yes/No).
 * Intl only: both Node and Apps Script's V8 runtime provide it, with no service call per value.
 */
import type { FieldDef, TableDef } from '../schema';
import { parseYmd } from '../time';
import { valueText, type FieldValue } from '../values';

/** Apps Script reports locales as `en_US`; Intl wants BCP 47 `en-US`. Unknown locales fall back to en-US. */
export function toBcp47(locale: string): string {
  const cached = bcpCache.get(locale);
  if (cached) return cached;
  let out = 'en-US';
  try {
    const canonical = Intl.getCanonicalLocales(locale.trim().replace(/_/g, '-'))[0];
    // An explicit fallback: a runtime's default locale differs between Node, Apps Script and CI.
    if (canonical && Intl.NumberFormat.supportedLocalesOf([canonical]).length > 0) out = canonical;
  } catch {
    // Not a locale at all (empty, or garbage in the settings): keep en-US.
  }
  bcpCache.set(locale, out);
  return out;
}
const bcpCache = new Map<string, string>();

// Formatters are costly to build and cheap to use: one per locale and style, for the whole run.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(bcp: string, currency?: string): Intl.NumberFormat {
  const key = `${bcp}|${currency ?? ''}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = currency
      ? new Intl.NumberFormat(bcp, { style: 'currency', currency })
      : new Intl.NumberFormat(bcp, { maximumFractionDigits: 6 });
    numberFormats.set(key, f);
  }
  return f;
}

function plainAmount(bcp: string): Intl.NumberFormat {
  const key = `${bcp}|amount`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(bcp, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    numberFormats.set(key, f);
  }
  return f;
}

/**
 * A date-only value is a calendar date, not an instant: it is formatted in UTC so that
 * 2026-03-29 reads "March 29, 2026" whatever the spreadsheet's time zone.
 */
export function formatDate(ymd: string, locale: string): string {
  // A register holds few distinct dates and a merge formats them thousands of times.
  const memoKey = `${locale}|${ymd}`;
  const memo = formattedDates.get(memoKey);
  if (memo !== undefined) return memo;
  const p = parseYmd(ymd);
  if (!p) return ymd;
  const bcp = toBcp47(locale);
  let f = dateFormats.get(bcp);
  if (!f) {
    f = new Intl.DateTimeFormat(bcp, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(bcp, f);
  }
  const text = f.format(Date.UTC(p.y, p.m - 1, p.d));
  if (formattedDates.size >= 20_000) formattedDates.clear();
  formattedDates.set(memoKey, text);
  return text;
}
const formattedDates = new Map<string, string>();

export function formatNumber(n: number, locale: string): string {
  return Number.isFinite(n) ? numberFormat(toBcp47(locale)).format(n) : String(n);
}

const VALID_CURRENCY = /^[A-Z]{3}$/;

/** An amount with its currency's symbol; without a (valid) currency, two decimals. */
export function formatCurrency(n: number, locale: string, currency?: string): string {
  if (!Number.isFinite(n)) return String(n);
  const bcp = toBcp47(locale);
  const code = currency?.trim().toUpperCase();
  if (code && VALID_CURRENCY.test(code)) {
    try {
      return numberFormat(bcp, code).format(n);
    } catch {
      // A three-letter code Intl does not know: show the code rather than fail the mail.
      return `${plainAmount(bcp).format(n)} ${code}`;
    }
  }
  return plainAmount(bcp).format(n);
}

const YES_NO: Record<string, [string, string]> = {
  en: ['Yes', 'No'],
  it: ['Sì', 'No'],
  fr: ['Oui', 'Non'],
  de: ['Ja', 'Nein'],
  es: ['Sí', 'No'],
  pt: ['Sim', 'Não'],
  nl: ['Ja', 'Nee'],
  sv: ['Ja', 'Nej'],
  da: ['Ja', 'Nej'],
  nb: ['Ja', 'Nei'],
  pl: ['Tak', 'Nie'],
};

export function formatYesNo(value: boolean, locale: string): string {
  const words = YES_NO[toBcp47(locale).split('-')[0]!] ?? YES_NO.en!;
  return value ? words[0] : words[1];
}

// The table's "Currency" field, found once per table definition.
const currencyFields = new WeakMap<TableDef, FieldDef | null>();

/** The currency field that gives a table's amounts their symbol, if the table has one. */
export function currencyFieldOf(table: TableDef): FieldDef | undefined {
  let f = currencyFields.get(table);
  if (f === undefined) {
    f = table.fields.find((x) => x.name.toLowerCase() === 'currency' && x.type !== 'currency') ?? null;
    currencyFields.set(table, f);
  }
  return f ?? undefined;
}

export interface FormatEnv {
  locale: string;
  /** Currency for amounts in tables without a Currency field (e.g. a salary), ISO 4217. */
  currency?: string;
}

/**
 * A field value as merge text. Values staff typed straight into the sheet may not match the field
 * type (a word in a number column): those show as they are rather than disappear.
 */
export function formatFieldValue(
  field: Pick<FieldDef, 'type'>,
  value: FieldValue,
  env: FormatEnv,
  recordCurrency?: string,
): string {
  if (value === null) return '';
  switch (field.type) {
    case 'date':
      return typeof value === 'string' ? formatDate(value.trim(), env.locale) : valueText(value);
    case 'number':
      return typeof value === 'number' ? formatNumber(value, env.locale) : valueText(value);
    case 'currency':
      return typeof value === 'number'
        ? formatCurrency(value, env.locale, recordCurrency || env.currency)
        : valueText(value);
    case 'yes/no':
      return typeof value === 'boolean' ? formatYesNo(value, env.locale) : valueText(value);
    case 'multiple choice':
      return Array.isArray(value) ? value.join(', ') : valueText(value);
    default:
      return typeof value === 'boolean' ? formatYesNo(value, env.locale) : valueText(value);
  }
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape merged text for an HTML body: safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Merged text in an HTML body: escaped, and line breaks kept (HTML would fold them into spaces). */
export function htmlMergeText(text: string): string {
  const escaped = escapeHtml(text);
  return /[\r\n]/.test(escaped) ? escaped.replace(/\r\n|\r|\n/g, '<br>\n') : escaped;
}

/** Size of a text in UTF-8 bytes, as mail hosts count a body's size; core does not rely on TextEncoder. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
