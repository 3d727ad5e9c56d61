import type { LocaleInfo } from './locale';
import { pad, serialToWallMs } from './timezone';
import { DAYS, MONTHS } from './simple-date-format';

/**
 * Sheets number formats (https://developers.google.com/sheets/api/guides/formats), rendered "simply": enough for
 * getDisplayValues() of the formats an add-on sets. Unsupported constructs fall back to the automatic rendering.
 */

/** What Range.getNumberFormat() returns for a cell whose format was never set ("Automatic"), as observed. */
export const AUTOMATIC_FORMAT = '0.###############';
export const PLAIN_TEXT_FORMAT = '@';

/** Removes quoted text, escapes and bracketed locale/colour tags so that only format tokens remain. */
function tokensOnly(format: string): string {
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '');
}

/** A date, time or date-time format: one that makes getValues() return a Date for a number. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === AUTOMATIC_FORMAT || format === PLAIN_TEXT_FORMAT) return false;
  const section = tokensOnly(format.split(';')[0] ?? '');
  if (/^general$/i.test(section.trim())) return false;
  return /[dyhs]|m/i.test(section.replace(/E[+-]/g, ''));
}

export function formatNumber(value: number, format: string | undefined, locale: LocaleInfo): string {
  if (!Number.isFinite(value)) return value > 0 ? '#NUM!' : value < 0 ? '-#NUM!' : '#NUM!';
  if (!format || format === AUTOMATIC_FORMAT || /^general$/i.test(format) || format === PLAIN_TEXT_FORMAT) {
    return automatic(value, locale);
  }
  const sections = splitSections(format);
  let section = sections[0] ?? '';
  let number = value;
  if (value < 0 && sections[1] !== undefined) {
    section = sections[1];
    number = -value;
  } else if (value === 0 && sections[2] !== undefined) {
    section = sections[2];
  }
  return renderNumberSection(number, section, locale) ?? automatic(value, locale);
}

function automatic(value: number, locale: LocaleInfo): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-9)) {
    return value
      .toExponential(5)
      .replace(/\.?0+e/, 'e')
      .replace('e', 'E')
      .replace('.', locale.decimal);
  }
  return String(parseFloat(value.toFixed(10))).replace('.', locale.decimal);
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format.charAt(i);
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && !quoted) {
      current += ch + format.charAt(i + 1);
      i++;
      continue;
    }
    if (ch === ';' && !quoted) {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

function renderNumberSection(value: number, section: string, locale: LocaleInfo): string | undefined {
  // Split into literal prefix, the numeric pattern, literal suffix.
  const pieces: { literal: boolean; text: string }[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section.charAt(i);
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      pieces.push({ literal: true, text: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') {
      pieces.push({ literal: true, text: section.charAt(i + 1) });
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const tag = section.slice(i + 1, end < 0 ? undefined : end);
      if (tag.startsWith('$')) pieces.push({ literal: true, text: tag.slice(1).split('-')[0] ?? '' });
      i = end < 0 ? section.length : end;
    } else if ('0#?,.'.includes(ch)) {
      pieces.push({ literal: false, text: ch });
    } else if (ch === '%') {
      pieces.push({ literal: true, text: '%' });
    } else if (ch === 'E' || ch === 'e' || ch === '@') {
      return undefined;
    } else {
      pieces.push({ literal: true, text: ch });
    }
  }
  const firstDigit = pieces.findIndex((p) => !p.literal);
  if (firstDigit < 0) return pieces.map((p) => p.text).join('');
  let lastDigit = pieces.length - 1;
  while (lastDigit >= 0 && pieces[lastDigit]?.literal) lastDigit--;
  const prefix = pieces
    .slice(0, firstDigit)
    .map((p) => p.text)
    .join('');
  const suffix = pieces
    .slice(lastDigit + 1)
    .map((p) => p.text)
    .join('');
  const pattern = pieces
    .slice(firstDigit, lastDigit + 1)
    .map((p) => p.text)
    .join('');
  let number = value;
  if (section.replace(/"[^"]*"/g, '').includes('%')) number *= 100;
  // Trailing commas scale by thousands.
  let body = pattern;
  while (body.endsWith(',')) {
    number /= 1000;
    body = body.slice(0, -1);
  }
  const [intPattern = '', fracPattern = ''] = body.split('.');
  const minFrac = (fracPattern.match(/0/g) ?? []).length;
  const maxFrac = (fracPattern.match(/[0#?]/g) ?? []).length;
  const minInt = (intPattern.match(/0/g) ?? []).length;
  const grouping = intPattern.includes(',');
  const negative = number < 0;
  const rounded = Math.abs(number).toFixed(maxFrac);
  let [intDigits = '0', fracDigits = ''] = rounded.split('.');
  while (fracDigits.length > minFrac && fracDigits.endsWith('0')) fracDigits = fracDigits.slice(0, -1);
  if (intDigits === '0' && minInt === 0) intDigits = '';
  if (intDigits.length < minInt) intDigits = '0'.repeat(minInt - intDigits.length) + intDigits;
  if (grouping) intDigits = intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, locale.group);
  const numberText = fracDigits ? `${intDigits}${locale.decimal}${fracDigits}` : intDigits;
  return `${negative ? '-' : ''}${prefix}${numberText}${suffix}`;
}

/** Renders a serial date-time with a Sheets date format (tokens are case-insensitive; m is minutes next to h or s). */
export function formatSerialDate(serial: number, format: string): string {
  const wall = new Date(serialToWallMs(serial));
  const section = splitSections(format)[0] ?? '';
  type Tok = { kind: 'lit'; text: string } | { kind: 'tok'; text: string };
  const toks: Tok[] = [];
  for (let i = 0; i < section.length;) {
    const ch = section.charAt(i);
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      toks.push({ kind: 'lit', text: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end + 1;
    } else if (ch === '\\') {
      toks.push({ kind: 'lit', text: section.charAt(i + 1) });
      i += 2;
    } else if (/^(am\/pm|a\/p)/i.test(section.slice(i))) {
      const len = /^am\/pm/i.test(section.slice(i)) ? 5 : 3;
      toks.push({ kind: 'tok', text: section.slice(i, i + len).toLowerCase() });
      i += len;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const tag = section.slice(i + 1, end < 0 ? undefined : end).toLowerCase();
      if (/^[hms]$/.test(tag)) toks.push({ kind: 'tok', text: `[${tag}]` });
      i = end < 0 ? section.length : end + 1;
    } else if (/[dmyhs]/i.test(ch)) {
      let j = i;
      while (j < section.length && section.charAt(j).toLowerCase() === ch.toLowerCase()) j++;
      toks.push({ kind: 'tok', text: section.slice(i, j).toLowerCase() });
      i = j;
    } else if (ch === '.' && /^\.0+/.test(section.slice(i)) && toks.some((t) => t.text.startsWith('s'))) {
      const m = /^\.0+/.exec(section.slice(i))?.[0] ?? '.0';
      toks.push({ kind: 'tok', text: m });
      i += m.length;
    } else {
      toks.push({ kind: 'lit', text: ch });
      i++;
    }
  }
  const twelveHour = toks.some((t) => t.kind === 'tok' && (t.text === 'am/pm' || t.text === 'a/p'));
  const tokIndexes = toks.map((t, i) => (t.kind === 'tok' ? i : -1)).filter((i) => i >= 0);
  const isMinute = (index: number): boolean => {
    const pos = tokIndexes.indexOf(index);
    const prev = toks[tokIndexes[pos - 1] ?? -1];
    const next = toks[tokIndexes[pos + 1] ?? -1];
    return Boolean((prev && /^\[?h/.test(prev.text)) || (next && /^s/.test(next.text)));
  };
  const hours24 = wall.getUTCHours();
  return toks
    .map((t, index) => {
      if (t.kind === 'lit') return t.text;
      const x = t.text;
      if (x.startsWith('y'))
        return x.length <= 2 ? pad(wall.getUTCFullYear() % 100, 2) : String(wall.getUTCFullYear());
      if (x.startsWith('m') && x.length <= 2 && isMinute(index)) return pad(wall.getUTCMinutes(), x.length);
      if (x.startsWith('m')) {
        const month = wall.getUTCMonth();
        if (x.length === 1) return String(month + 1);
        if (x.length === 2) return pad(month + 1, 2);
        if (x.length === 3) return (MONTHS[month] ?? '').slice(0, 3);
        if (x.length === 5) return (MONTHS[month] ?? '').charAt(0);
        return MONTHS[month] ?? '';
      }
      if (x.startsWith('d')) {
        if (x.length <= 2) return pad(wall.getUTCDate(), x.length);
        const day = DAYS[wall.getUTCDay()] ?? '';
        return x.length === 3 ? day.slice(0, 3) : day;
      }
      if (x.startsWith('h')) {
        const h = twelveHour ? ((hours24 + 11) % 12) + 1 : hours24;
        return pad(h, x.length);
      }
      if (x.startsWith('s')) return pad(wall.getUTCSeconds(), x.length);
      if (x.startsWith('.')) return `.${pad(wall.getUTCMilliseconds(), 3).slice(0, x.length - 1)}`;
      if (x === 'am/pm') return hours24 < 12 ? 'AM' : 'PM';
      if (x === 'a/p') return hours24 < 12 ? 'A' : 'P';
      if (x === '[h]') return String(Math.floor(serial * 24));
      if (x === '[m]') return String(Math.floor(serial * 1440));
      if (x === '[s]') return String(Math.floor(serial * 86400));
      return x;
    })
    .join('');
}
