/**
 * Day counting for chase rules. Everything is on `YYYY-MM-DD` day numbers (UTC calendar days), so a
 * daylight-saving change cannot add or lose a day: a chase date is a calendar date, never an instant.
 * The one place an instant is read is `chaseClock`, which turns the host's clock reading into the
 * run's date and hour in the spreadsheet's time zone.
 */
import { dayNumberToYmd, isValidYmd, wallClock, ymdToDayNumber } from '../time';

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

// A chase run does date arithmetic for every record in a chase, over a few hundred distinct dates:
// both conversions are memoised, which makes planning 100,000 records several times faster.
const dayNumbers = new Map<string, number>();
const ymds = new Map<number, string>();
const MEMO_LIMIT = 50_000;

/** Days since 1970-01-01; NaN when the text is not a valid `YYYY-MM-DD`. */
export function dayNumber(ymd: string): number {
  let n = dayNumbers.get(ymd);
  if (n === undefined) {
    n = isValidYmd(ymd) ? ymdToDayNumber(ymd) : NaN;
    if (dayNumbers.size >= MEMO_LIMIT) dayNumbers.clear();
    dayNumbers.set(ymd, n);
  }
  return n;
}

export function ymdOf(day: number): string {
  let s = ymds.get(day);
  if (s === undefined) {
    s = dayNumberToYmd(day);
    if (ymds.size >= MEMO_LIMIT) ymds.clear();
    ymds.set(day, s);
  }
  return s;
}

/** 0 = Sunday ... 6 = Saturday, of a day number. */
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

export function isWeekend(ymd: string): boolean {
  const w = weekdayOf(dayNumber(ymd));
  return w === 0 || w === 6;
}

/** The date itself on Monday to Friday, else the Monday after. */
export function onOrNextWeekday(ymd: string): string {
  const day = dayNumber(ymd);
  const w = weekdayOf(day);
  return w === 6 ? ymdOf(day + 2) : w === 0 ? ymdOf(day + 1) : ymd;
}

/**
 * The n-th business day (Monday to Friday) after a date: n = 1 after a Friday, a Saturday or a
 * Sunday is the Monday after. n = 0 is the date itself, moved to Monday when it falls on a weekend
 * (nothing is sent on a weekend under a business-days rule). O(1): no loop over the days.
 */
export function addBusinessDays(ymd: string, n: number): string {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`addBusinessDays: ${n} is not a whole number of days ≥ 0`);
  if (n === 0) return onOrNextWeekday(ymd);
  let day = dayNumber(ymd);
  let w = weekdayOf(day);
  // Counting from a weekend day is counting from the Friday before it: the next business day is Monday.
  if (w === 6) {
    day -= 1;
    w = 5;
  } else if (w === 0) {
    day -= 2;
    w = 5;
  }
  const index = w - 1; // Monday 0 ... Friday 4
  const total = index + n;
  return ymdOf(day - index + Math.floor(total / 5) * 7 + (total % 5));
}

/** `days` after a date, counted as calendar days or as business days. */
export function addChaseDays(ymd: string, days: number, businessDays: boolean): string {
  return businessDays ? addBusinessDays(ymd, days) : ymdOf(dayNumber(ymd) + days);
}

/** The latest date on or before `ymd` that falls on `day` (0 = Sunday ... 6 = Saturday). */
export function latestWeekdayOnOrBefore(ymd: string, day: number): string {
  const n = dayNumber(ymd);
  return ymdOf(n - ((weekdayOf(n) - day + 7) % 7));
}

/** The first date strictly after `ymd` that falls on `day`. */
export function firstWeekdayAfter(ymd: string, day: number): string {
  const n = dayNumber(ymd);
  const ahead = (day - weekdayOf(n) + 7) % 7;
  return ymdOf(n + (ahead === 0 ? 7 : ahead));
}

export function weekdayName(ymd: string): string {
  return WEEKDAY_NAMES[weekdayOf(dayNumber(ymd))]!;
}

export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The run's date and hour in the spreadsheet's time zone, from the host's clock reading. A trigger
 * set for 08:00 fires at 08:00 wall-clock time on the day clocks change too: the date and the hour
 * come from the wall clock, not from a count of hours since midnight.
 */
export function chaseClock(nowMs: number, timeZone: string): { date: string; hour: number } {
  const wall = wallClock(nowMs, timeZone);
  return { date: wall.slice(0, 10), hour: Number(wall.slice(11, 13)) };
}
