import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatCurrency,
  formatDate,
  formatFieldValue,
  formatNumber,
  formatYesNo,
  htmlMergeText,
  toBcp47,
  utf8Length,
} from '../../../src/core/mail/format';

// Intl separates amount and symbol with a no-break space in some locales.
const spaces = (s: string) => s.replace(/\s/g, ' ');

describe('merge value formatting', () => {
  it('maps Apps Script locales to BCP 47 and falls back to en-US', () => {
    expect(toBcp47('en_US')).toBe('en-US');
    expect(toBcp47('it_IT')).toBe('it-IT');
    expect(toBcp47('es_419')).toBe('es-419');
    expect(toBcp47('de')).toBe('de');
    expect(toBcp47('')).toBe('en-US');
    expect(toBcp47('not a locale!')).toBe('en-US');
  });

  it('formats dates as long dates in the locale', () => {
    expect(formatDate('2026-03-29', 'en_US')).toBe('March 29, 2026');
    expect(formatDate('2026-03-29', 'it_IT')).toBe('29 marzo 2026');
    expect(formatDate('2026-01-01', 'en_GB')).toBe('1 January 2026');
    expect(formatDate('not a date', 'en_US')).toBe('not a date');
  });

  it('formats currency with the symbol of the record currency', () => {
    expect(formatCurrency(21115.82, 'en_US', 'EUR')).toBe('€21,115.82');
    expect(spaces(formatCurrency(21115.82, 'it_IT', 'EUR'))).toBe('21.115,82 €');
    expect(formatCurrency(1234.5, 'en_US', 'usd')).toBe('$1,234.50');
    expect(formatCurrency(1234.5, 'en_US', 'GBP')).toBe('£1,234.50');
    expect(formatCurrency(1234.5, 'en_US', 'JPY')).toBe('¥1,235');
    expect(formatCurrency(1234.5, 'en_US')).toBe('1,234.50');
    expect(formatCurrency(1234.5, 'en_US', 'EURO')).toBe('1,234.50');
  });

  it('groups numbers and localises yes/no', () => {
    expect(formatNumber(1234567.5, 'en_US')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'it_IT')).toBe('1.234.567,5');
    expect(formatYesNo(true, 'en_US')).toBe('Yes');
    expect(formatYesNo(true, 'it_IT')).toBe('Sì');
    expect(formatYesNo(false, 'it_IT')).toBe('No');
    expect(formatYesNo(true, 'xx_YY')).toBe('Yes');
  });

  it('formats by field type, showing mistyped cells as they are', () => {
    const env = { locale: 'en_US' };
    expect(formatFieldValue({ type: 'multiple choice' }, ['Red', 'Blue'], env)).toBe('Red, Blue');
    expect(formatFieldValue({ type: 'number' }, 'about ten', env)).toBe('about ten');
    expect(formatFieldValue({ type: 'currency' }, 12, { locale: 'en_US', currency: 'CHF' })).toMatch(
      /^CHF\s12\.00$/,
    );
    expect(formatFieldValue({ type: 'currency' }, 12, env, 'EUR')).toBe('€12.00');
    expect(formatFieldValue({ type: 'date' }, null, env)).toBe('');
    expect(formatFieldValue({ type: 'text' }, 'Acme & Sons', env)).toBe('Acme & Sons');
  });

  it('escapes HTML and keeps line breaks in HTML bodies', () => {
    expect(escapeHtml(`<a href="x">Tom's & co</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;',
    );
    expect(htmlMergeText('one\r\ntwo\nthree')).toBe('one<br>\ntwo<br>\nthree');
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('è')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('a😀è€')).toBe(Buffer.byteLength('a😀è€', 'utf8'));
  });
});
