import { gasError } from './errors';
import { type Zone, pad, wallParts, zoneLongName, zoneShortName } from './timezone';

/** English month and day names (Java's default locale for Utilities.formatDate, and Sheets' en_US). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token = { literal: string } | { letter: string; count: number };

/**
 * java.text.SimpleDateFormat, which Utilities.formatDate documents as its format
 * (https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String) links
 * the Java SE SimpleDateFormat page). English names, as in the Java default locale of the service.
 */
export function formatSimpleDate(utcMs: number, zone: Zone, pattern: string): string {
  return tokenize(pattern)
    .map((t) => ('literal' in t ? t.literal : field(t.letter, t.count, utcMs, zone)))
    .join('');
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length;) {
    const ch = pattern.charAt(i);
    if (ch === "'") {
      if (pattern.charAt(i + 1) === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern.charAt(j) === "'") {
          if (pattern.charAt(j + 1) === "'") {
            text += "'";
            j++;
          } else break;
        } else text += pattern.charAt(j);
      }
      if (j >= pattern.length) throw gasError(`Unterminated quote`);
      tokens.push({ literal: text });
      i = j + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      if (!'GyYMLwWDdFEuaHkKhmsSzZX'.includes(ch)) throw gasError(`Illegal pattern character '${ch}'`);
      let j = i;
      while (pattern.charAt(j) === ch) j++;
      tokens.push({ letter: ch, count: j - i });
      i = j;
    } else {
      tokens.push({ literal: ch });
      i++;
    }
  }
  return tokens;
}

function field(letter: string, count: number, utcMs: number, zone: Zone): string {
  const p = wallParts(utcMs, zone);
  const offset = zone.offsetMs(utcMs);
  switch (letter) {
    case 'G':
      return p.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y':
      return count === 2 ? pad(p.year % 100, 2) : pad(p.year, count);
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS[p.month - 1] ?? '';
      if (count === 3) return (MONTHS[p.month - 1] ?? '').slice(0, 3);
      return pad(p.month, count);
    case 'd':
      return pad(p.day, count);
    case 'D':
      return pad(dayOfYear(p.year, p.month, p.day), count);
    case 'F':
      return pad(Math.ceil(p.day / 7), count);
    case 'w':
      return pad(weekOfYear(p.year, p.month, p.day), count);
    case 'W':
      return pad(Math.ceil((p.day + new Date(Date.UTC(p.year, p.month - 1, 1)).getUTCDay()) / 7), count);
    case 'E':
      return count >= 4 ? (DAYS[p.weekday] ?? '') : (DAYS[p.weekday] ?? '').slice(0, 3);
    case 'u':
      return pad(p.weekday === 0 ? 7 : p.weekday, count);
    case 'a':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(p.hour, count);
    case 'k':
      return pad(p.hour === 0 ? 24 : p.hour, count);
    case 'K':
      return pad(p.hour % 12, count);
    case 'h':
      return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, count);
    case 'm':
      return pad(p.minute, count);
    case 's':
      return pad(p.second, count);
    case 'S':
      return pad(p.ms, count);
    case 'z':
      return count >= 4 ? zoneLongName(utcMs, zone) : zoneShortName(utcMs, zone);
    case 'Z':
      return offsetText(offset, false, false);
    case 'X':
      if (offset === 0) return 'Z';
      if (count === 1) return offsetText(offset, false, true);
      return offsetText(offset, count >= 3, false);
    default:
      return '';
  }
}

function offsetText(offsetMs: number, colon: boolean, hoursOnly: boolean): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hh = pad(Math.floor(minutes / 60), 2);
  if (hoursOnly) return `${sign}${hh}`;
  return `${sign}${hh}${colon ? ':' : ''}${pad(minutes % 60, 2)}`;
}

function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** Java's default (US) week numbering: weeks start on Sunday, week 1 is the week containing January 1. */
function weekOfYear(year: number, month: number, day: number): number {
  const date = Date.UTC(year, month - 1, day);
  const weekStart = date - new Date(date).getUTCDay() * 86_400_000;
  if (Date.UTC(year + 1, 0, 1) - weekStart < 7 * 86_400_000) return 1;
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  return Math.floor((dayOfYear(year, month, day) - 1 + jan1) / 7) + 1;
}
