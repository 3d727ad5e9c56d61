/** What the spreadsheet locale decides for typed input and display: separators, date order, default formats. */
export interface LocaleInfo {
  readonly tag: string;
  readonly decimal: string;
  readonly group: string;
  /** Order of day, month and year in a short date, e.g. ['M', 'D', 'Y'] for en_US. */
  readonly dateOrder: readonly ('D' | 'M' | 'Y')[];
  readonly dateSeparator: string;
  /** Sheets-style default date format, e.g. 'M/d/yyyy' for en_US, 'dd/MM/yyyy' for en_GB. */
  readonly dateFormat: string;
  readonly dateTimeFormat: string;
  readonly currency: string;
  readonly currencyPrefix: boolean;
}

const cache = new Map<string, LocaleInfo>();

/**
 * Derived from CLDR through Intl, which is where Sheets' locale defaults come from too. "Simply": Sheets' own tables
 * differ in details (the Sheets locale settings page lists examples, not a full table).
 */
export function localeInfo(locale: string): LocaleInfo {
  const cached = cache.get(locale);
  if (cached) return cached;
  let tag = locale.replace(/_/g, '-');
  try {
    new Intl.NumberFormat(tag);
  } catch {
    tag = 'en-US';
  }
  const numberParts = new Intl.NumberFormat(tag, { useGrouping: true }).formatToParts(12345.6);
  const decimal = numberParts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = numberParts.find((p) => p.type === 'group')?.value ?? ',';
  // 2024-01-05 shows whether day and month are zero-padded and in which order they come.
  const dateParts = new Intl.DateTimeFormat(tag, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(Date.UTC(2024, 0, 5)));
  const order: ('D' | 'M' | 'Y')[] = [];
  let pattern = '';
  let separator = '/';
  for (const part of dateParts) {
    if (part.type === 'day') {
      order.push('D');
      pattern += part.value.length === 2 ? 'dd' : 'd';
    } else if (part.type === 'month') {
      order.push('M');
      pattern += part.value.length === 2 ? 'MM' : 'M';
    } else if (part.type === 'year') {
      order.push('Y');
      pattern += 'yyyy';
    } else if (part.type === 'literal') {
      const lit = part.value.trim() || part.value;
      separator = lit.charAt(0) || separator;
      pattern += lit;
    }
  }
  const currencyCode =
    { US: 'USD', GB: 'GBP', JP: 'JPY', IN: 'INR', CH: 'CHF' }[tag.split('-')[1] ?? ''] ?? 'EUR';
  const currencyParts = new Intl.NumberFormat(tag, {
    style: 'currency',
    currency: currencyCode,
  }).formatToParts(1);
  const symbolIndex = currencyParts.findIndex((p) => p.type === 'currency');
  const integerIndex = currencyParts.findIndex((p) => p.type === 'integer');
  const info: LocaleInfo = {
    tag,
    decimal,
    group,
    dateOrder: order.length === 3 ? order : ['M', 'D', 'Y'],
    dateSeparator: separator,
    dateFormat: pattern || 'M/d/yyyy',
    dateTimeFormat: `${pattern || 'M/d/yyyy'} H:mm:ss`,
    currency: currencyParts[symbolIndex]?.value ?? '$',
    currencyPrefix: symbolIndex < integerIndex,
  };
  cache.set(locale, info);
  return info;
}
