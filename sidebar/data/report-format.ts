/**
 * Report values as the summary view shows them, by column kind, in the interface's locale: the
 * sheet's own number formats (2 decimals for amounts, whole counts and days), dates written out.
 * Amounts carry no currency symbol, as in the sheet: a report may add several currencies (its notes
 * say so), and a symbol would claim otherwise.
 */
import type { ColumnKind, ReportValue } from '../../src/core/summary';
import { isValidYmd } from '../../src/core/time';
import type { Messages } from '../i18n';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

const decimals = (locale: string) =>
  cached(`d:${locale}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const upTo2 = (locale: string) =>
  cached(`n:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }));
const whole = (locale: string) =>
  cached(`w:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
const compact = (locale: string) =>
  cached(`c:${locale}`, () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }));
const day = (locale: string) =>
  cached(`day:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));

/** A `YYYY-MM-DD` day, written out ("Mar 29, 2026"); anything else as it is. */
export function formatDay(ymd: string, t: Messages): string {
  if (!isValidYmd(ymd)) return ymd;
  const [y, m, d] = ymd.split('-').map(Number);
  return day(t.locale).format(Date.UTC(y!, m! - 1, d!));
}

export function formatNumber(value: number, kind: ColumnKind, t: Messages): string {
  if (kind === 'currency') return decimals(t.locale).format(value);
  if (kind === 'count' || kind === 'days') return whole(t.locale).format(value);
  return upTo2(t.locale).format(value);
}

export function formatReportValue(value: ReportValue, kind: ColumnKind, t: Messages): string {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value, kind, t);
  return kind === 'date' ? formatDay(value, t) : value;
}

/** Axis ticks: "12K", "1.5M". */
export function formatCompact(value: number, t: Messages): string {
  return compact(t.locale).format(value);
}

/** The register's wall clock `YYYY-MM-DDTHH:mm:ss` as "Mar 29, 2026 12:00". */
export function formatWallClock(text: string, t: Messages): string {
  const [date, time] = text.split('T');
  return time ? `${formatDay(date!, t)} ${time.slice(0, 5)}` : formatDay(text, t);
}
