/**
 * Day counting. Chase dates are calendar dates (`YYYY-MM-DD` day numbers), so daylight-saving
 * changes cannot move them: proved here by computing the same dates under time zones whose clocks
 * change on those very days, and by reading the run's date and hour from the wall clock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addChaseDays,
  chaseClock,
  firstWeekdayAfter,
  latestWeekdayOnOrBefore,
  onOrNextWeekday,
} from '../../../src/core/chase/days';
import { dueStep, stepDate } from '../../../src/core/chase/due';

describe('business days', () => {
  it.each([
    // [from, n, result]
    ['2026-03-02', 0, '2026-03-02'], // Monday stays
    ['2026-03-07', 0, '2026-03-09'], // Saturday -> Monday
    ['2026-03-08', 0, '2026-03-09'], // Sunday -> Monday
    ['2026-03-02', 1, '2026-03-03'],
    ['2026-03-06', 1, '2026-03-09'], // Friday -> Monday
    ['2026-03-07', 1, '2026-03-09'], // Saturday -> Monday
    ['2026-03-08', 1, '2026-03-09'], // Sunday -> Monday
    ['2026-03-02', 4, '2026-03-06'],
    ['2026-03-02', 5, '2026-03-09'],
    ['2026-03-06', 5, '2026-03-13'],
    ['2026-03-04', 8, '2026-03-16'],
    ['2026-02-27', 1, '2026-03-02'], // over a month end
    ['2026-12-31', 1, '2027-01-01'], // over a year end (no public holidays)
    ['2028-02-28', 1, '2028-02-29'], // onto a leap day
    ['2028-02-25', 3, '2028-03-01'], // over one
    ['2026-01-01', 260, '2026-12-31'],
  ])('%s + %i business days = %s', (from, n, want) => {
    expect(addBusinessDays(from, n)).toBe(want);
  });

  it('agrees with counting weekdays one by one, for every start day and up to 30 days', () => {
    const slow = (from: string, n: number) => {
      let d = Date.parse(`${from}T00:00:00Z`);
      const weekend = () => [0, 6].includes(new Date(d).getUTCDay());
      if (n === 0) {
        while (weekend()) d += 86_400_000;
        return new Date(d).toISOString().slice(0, 10);
      }
      while (n > 0) {
        d += 86_400_000;
        if (!weekend()) n--;
      }
      return new Date(d).toISOString().slice(0, 10);
    };
    for (let start = 0; start < 14; start++) {
      const from = addChaseDays('2026-03-01', start, false);
      for (let n = 0; n <= 30; n++) expect(addBusinessDays(from, n)).toBe(slow(from, n));
    }
  });

  it('finds weekdays', () => {
    expect(onOrNextWeekday('2026-03-06')).toBe('2026-03-06');
    expect(latestWeekdayOnOrBefore('2026-03-04', 1)).toBe('2026-03-02');
    expect(latestWeekdayOnOrBefore('2026-03-02', 1)).toBe('2026-03-02');
    expect(firstWeekdayAfter('2026-03-02', 1)).toBe('2026-03-09');
    expect(firstWeekdayAfter('2026-03-01', 1)).toBe('2026-03-02');
  });
});

describe('daylight-saving changes do not matter to chase dates', () => {
  // Days when clocks change: Europe (last Sunday of March and October), the US (second Sunday of
  // March, first of November), Chile and Lord Howe Island (30-minute change).
  const DST_DAYS = [
    '2026-03-29',
    '2026-10-25',
    '2026-03-08',
    '2026-11-01',
    '2026-04-05',
    '2026-09-06',
    '2026-10-04',
  ];
  const ZONES = [
    'UTC',
    'Europe/Rome',
    'America/New_York',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
  ];
  const original = process.env.TZ;
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  const compute = () =>
    DST_DAYS.flatMap((day) =>
      [-2, -1, 0].flatMap((offset) => {
        const due = addChaseDays(day, offset, false);
        return [
          stepDate({ schedule: { kind: 'steps', days: [1, 4, 8] }, businessDays: false }, due, 1),
          stepDate({ schedule: { kind: 'steps', days: [1, 4, 8] }, businessDays: true }, due, 3),
          String(
            dueStep(
              { schedule: { kind: 'steps', days: [1] }, businessDays: false },
              undefined,
              due,
              addChaseDays(due, 1, false),
            ).due,
          ),
        ];
      }),
    );

  it('gives the same dates in every process time zone, on and around the days clocks change', () => {
    process.env.TZ = 'UTC';
    const baseline = compute();
    // Calendar steps across a change are still whole days: the day after 2026-03-28 is 2026-03-29.
    expect(baseline.slice(0, 3)).toEqual(['2026-03-28', '2026-04-08', 'true']);
    for (const zone of ZONES) {
      process.env.TZ = zone;
      // The zone really took effect (its offset differs across the change)...
      if (zone === 'Europe/Rome')
        expect(new Date(2026, 2, 28, 12).getTimezoneOffset()).not.toBe(
          new Date(2026, 2, 30, 12).getTimezoneOffset(),
        );
      // ...and the chase dates did not move.
      expect(compute()).toEqual(baseline);
    }
  });

  it.each([
    // [instant, zone, date, hour]: a daily run at 08:00 wall-clock time, around each change.
    ['2026-03-28T07:00:00Z', 'Europe/Rome', '2026-03-28', 8], // CET, UTC+1
    ['2026-03-29T06:00:00Z', 'Europe/Rome', '2026-03-29', 8], // CEST from 02:00, UTC+2
    ['2026-03-29T00:30:00Z', 'Europe/Rome', '2026-03-29', 1], // just before the gap
    ['2026-10-25T07:00:00Z', 'Europe/Rome', '2026-10-25', 8], // back to CET
    ['2026-03-08T12:00:00Z', 'America/New_York', '2026-03-08', 8], // EDT
    ['2026-11-01T13:00:00Z', 'America/New_York', '2026-11-01', 8], // EST
    ['2026-11-01T04:30:00Z', 'America/New_York', '2026-11-01', 0], // 00:30 EDT, the day still begins at midnight
    ['2026-03-28T22:30:00Z', 'Europe/Rome', '2026-03-28', 23], // the date is the wall clock's, not UTC's
  ])('a run at %s in %s is on %s at hour %i', (instant, zone, date, hour) => {
    expect(chaseClock(Date.parse(instant), zone)).toEqual({ date, hour });
  });

  it('a trigger that fires 24 hours after the last one moves an hour on the wall clock, never a day', () => {
    const first = Date.parse('2026-03-28T07:00:00Z'); // 08:00 in Rome
    const next = chaseClock(first + 24 * 3_600_000, 'Europe/Rome');
    expect(next).toEqual({ date: '2026-03-29', hour: 9 });
  });
});
