/**
 * Time zones through the host's ICU data (Node ships full ICU), the same IANA tz database Apps Script uses.
 * Spreadsheet date-times are wall-clock values in the spreadsheet's time zone: Sheets stores a serial number of days
 * since 1899-12-30 (https://developers.google.com/sheets/api/guides/formats#about_date_time_values), and Apps Script
 * converts between that wall time and a JavaScript Date in the spreadsheet's time zone.
 */
export interface Zone {
  readonly id: string;
  /** Offset of wall time from UTC at the given instant, in ms (Europe/Rome in winter: 3600000). */
  offsetMs(utcMs: number): number;
}

export interface WallParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
}

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (serial 0) to 1970-01-01. */
const SERIAL_EPOCH_DAYS = 25569;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(id: string): Intl.DateTimeFormat {
  let fmt = formatters.get(id);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(id, fmt);
  }
  return fmt;
}

class IanaZone implements Zone {
  constructor(readonly id: string) {}

  offsetMs(utcMs: number): number {
    const seconds = Math.floor(utcMs / 1000) * 1000;
    const parts = formatterFor(this.id).formatToParts(new Date(seconds));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
    let year = get('year');
    if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
    const wall = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    // Date.UTC maps years 0-99 to 1900-1999; undo that for very old instants.
    const fixed = year >= 0 && year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
    return fixed - seconds;
  }
}

class FixedZone implements Zone {
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}

  offsetMs(): number {
    return this.offset;
  }
}

export function isKnownZone(id: string): boolean {
  return resolveZoneOrNull(id) !== null;
}

function resolveZoneOrNull(id: string): Zone | null {
  const fixed = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(id);
  if (fixed) {
    const sign = fixed[1] === '-' ? -1 : 1;
    const offset = sign * (Number(fixed[2] ?? 0) * 60 + Number(fixed[3] ?? 0)) * 60_000;
    return new FixedZone(id, offset);
  }
  try {
    formatterFor(id);
    return new IanaZone(id);
  } catch {
    return null;
  }
}

/**
 * Java's TimeZone.getTimeZone, behind Utilities.formatDate, falls back to GMT for IDs it does not know
 * (the reference page is silent; this is the Java behaviour).
 */
export function resolveZone(id: string): Zone {
  return resolveZoneOrNull(id) ?? new FixedZone('GMT', 0);
}

export function wallParts(utcMs: number, zone: Zone): WallParts {
  const d = new Date(utcMs + zone.offsetMs(utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

/** Wall-clock time as if it were UTC, i.e. what the serial number encodes. */
export function toWallMs(utcMs: number, zone: Zone): number {
  return utcMs + zone.offsetMs(utcMs);
}

/**
 * The instant at which the zone's clocks show `wallMs`, resolved as java.time does: in an overlap (clocks going back)
 * the earlier instant; in a gap (clocks going forward) the wall time is pushed forward by the length of the gap.
 */
export function fromWallMs(wallMs: number, zone: Zone): number {
  const HALF_DAY = 14 * 3_600_000;
  const before = zone.offsetMs(wallMs - HALF_DAY);
  const after = zone.offsetMs(wallMs + HALF_DAY);
  const candidates = [wallMs - before, wallMs - zone.offsetMs(wallMs), wallMs - after].filter(
    (utc) => toWallMs(utc, zone) === wallMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - before;
}

export function wallMsToSerial(wallMs: number): number {
  return wallMs / MS_PER_DAY + SERIAL_EPOCH_DAYS;
}

export function serialToWallMs(serial: number): number {
  return Math.round((serial - SERIAL_EPOCH_DAYS) * MS_PER_DAY);
}

export function wallFromParts(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  const d = new Date(Date.UTC(2000, 0, 1, h, m, s, ms));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Short zone name for SimpleDateFormat 'z'. Java prints abbreviations such as CET or IST where it has them. */
export function zoneShortName(utcMs: number, zone: Zone): string {
  if (zone.id === 'UTC' || zone.id === 'GMT') return zone.id;
  if (zone instanceof IanaZone) {
    for (const locale of ['en-US', 'en-GB', 'en-IN']) {
      const name = new Intl.DateTimeFormat(locale, { timeZone: zone.id, timeZoneName: 'short' })
        .formatToParts(new Date(utcMs))
        .find((p) => p.type === 'timeZoneName')?.value;
      if (name && !/^(GMT|UTC)/.test(name)) return name;
    }
  }
  return gmtOffsetName(zone.offsetMs(utcMs));
}

export function zoneLongName(utcMs: number, zone: Zone): string {
  if (zone instanceof IanaZone) {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: 'long' })
      .formatToParts(new Date(utcMs))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  return gmtOffsetName(zone.offsetMs(utcMs));
}

function gmtOffsetName(offsetMs: number): string {
  if (offsetMs === 0) return 'GMT';
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `GMT${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

export function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}
