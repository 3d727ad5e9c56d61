/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, and wall-clock conversion for a time zone.
 * Pure: the clock reading and the time zone always come in as arguments. Uses Intl, which both
 * Node and the Apps Script V8 runtime provide (no service call per cell).
 */

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseYmd(text: string): { y: number; m: number; d: number } | null {
  const match = YMD.exec(text);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export function isValidYmd(text: string): boolean {
  return parseYmd(text) !== null;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`. */
export function ymdToDayNumber(ymd: string): number {
  const p = parseYmd(ymd);
  if (!p) throw new Error(`Not a date: ${ymd}`);
  return Math.round(Date.UTC(p.y, p.m - 1, p.d) / 86_400_000);
}

export function dayNumberToYmd(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(ymd: string, days: number): string {
  return dayNumberToYmd(ymdToDayNumber(ymd) + days);
}

export function diffDays(from: string, to: string): number {
  return ymdToDayNumber(to) - ymdToDayNumber(from);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(ymd: string): number {
  return (((ymdToDayNumber(ymd) + 4) % 7) + 7) % 7;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time `YYYY-MM-DDTHH:mm:ss` of an instant in a time zone. */
export function wallClock(epochMs: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Offset of a time zone from UTC at an instant, in minutes. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const wall = wallClock(epochMs, timeZone);
  const asUtc = Date.parse(`${wall}Z`);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/**
 * The instant at which a wall-clock time occurs in a time zone. In a DST gap the wall time does not
 * exist and the result is the instant just after the gap; in an overlap, the earlier instant.
 */
export function instantOf(wall: string, timeZone: string): number {
  const asUtc = Date.parse(`${wall.length === 10 ? `${wall}T00:00:00` : wall}Z`);
  let guess = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  // Two refinements settle any zone, including DST transitions.
  guess = asUtc - offsetMinutes(guess, timeZone) * 60_000;
  const second = asUtc - offsetMinutes(guess, timeZone) * 60_000;
  return Math.min(guess, second);
}
