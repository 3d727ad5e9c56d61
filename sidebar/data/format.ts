/** Field values as the person reads them in lists, pickers and the conflict view. */
import type { FieldDef } from '../../src/core/schema';
import type { FieldValue } from '../../src/core/values';
import type { Messages } from '../i18n';

const moneyFormats = new Map<string, Intl.NumberFormat>();

function money(locale: string): Intl.NumberFormat {
  let f = moneyFormats.get(locale);
  if (!f) moneyFormats.set(locale, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })));
  return f;
}

export function displayValue(field: FieldDef, value: FieldValue | undefined, label: string | undefined, t: Messages): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'reference') return label || String(value);
  if (typeof value === 'number') return field.type === 'currency' ? money(t.locale).format(value) : value.toLocaleString(t.locale);
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (Array.isArray(value)) return value.join(', ');
  return value;
}
