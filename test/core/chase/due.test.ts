/**
 * The due-step rule, table-driven: calendar and business days, weekends, month and year ends, leap
 * days, missed runs, due dates moving, mails not yet out, weekly reminders.
 */
import { describe, expect, it } from 'vitest';
import { dueStep, stepDate, type ScheduleRule } from '../../../src/core/chase/due';
import type { RecordChase } from '../../../src/core/chase/state';

const calendar = (...days: number[]): ScheduleRule => ({
  schedule: { kind: 'steps', days },
  businessDays: false,
});
const business = (...days: number[]): ScheduleRule => ({
  schedule: { kind: 'steps', days },
  businessDays: true,
});
const weekly = (weekday: number, businessDays = true): ScheduleRule => ({
  schedule: { kind: 'weekly', weekday },
  businessDays,
});
const sent = (step: number, lastChasedOn: string, more: Partial<RecordChase> = {}): RecordChase => ({
  step,
  lastChasedOn,
  ...more,
});

type Expect = number | { wait: string; next?: string; report?: boolean };

const CASES: [
  name: string,
  rule: ScheduleRule,
  chase: RecordChase | undefined,
  due: string,
  date: string,
  want: Expect,
][] = [
  // The basic rule: D >= due + days(1); later steps also keep the gap from the previous one.
  [
    'on the due date: not yet',
    calendar(1, 4, 8),
    undefined,
    '2026-03-02',
    '2026-03-02',
    { wait: 'step 1 is due on 2026-03-03', report: false },
  ],
  ['one day late: step 1', calendar(1, 4, 8), undefined, '2026-03-02', '2026-03-03', 1],
  [
    'step 2 waits its gap',
    calendar(1, 4, 8),
    sent(1, '2026-03-03'),
    '2026-03-02',
    '2026-03-05',
    { wait: 'step 2 is due on 2026-03-06', report: true },
  ],
  ['step 2 on time', calendar(1, 4, 8), sent(1, '2026-03-03'), '2026-03-02', '2026-03-06', 2],
  ['step 3 on time', calendar(1, 4, 8), sent(2, '2026-03-06'), '2026-03-02', '2026-03-10', 3],
  ['a step 0 goes on the due date', calendar(0, 3), undefined, '2026-03-02', '2026-03-02', 1],
  ['calendar days send on a Saturday', calendar(1), undefined, '2026-03-06', '2026-03-07', 1],
  [
    'all steps sent',
    calendar(1, 4, 8),
    sent(3, '2026-03-10'),
    '2026-03-02',
    '2026-03-20',
    { wait: 'all 3 steps sent (the last on 2026-03-10); the record is still open' },
  ],

  // Business days: Monday to Friday count, and nothing goes on a Saturday or a Sunday.
  ['Friday due: Monday is one business day later', business(1), undefined, '2026-03-06', '2026-03-09', 1],
  [
    'Friday due: not on Saturday',
    business(1),
    undefined,
    '2026-03-06',
    '2026-03-07',
    { wait: 'step 1 is due on 2026-03-09', report: false },
  ],
  ['Saturday due counts from Monday', business(1), undefined, '2026-02-28', '2026-03-02', 1],
  ['Sunday due counts from Monday', business(1), undefined, '2026-03-01', '2026-03-02', 1],
  [
    'a weekend run holds a due step to Monday',
    business(1, 4),
    sent(1, '2026-03-09'),
    '2026-03-06',
    '2026-03-14',
    { wait: 'step 2 goes on Monday 2026-03-16: this rule sends on business days only', next: '2026-03-16' },
  ],
  ['business step 0 on a Saturday due date: Monday', business(0), undefined, '2026-03-07', '2026-03-09', 1],
  [
    'business step 0 on a Saturday due date: not Sunday',
    business(0),
    undefined,
    '2026-03-07',
    '2026-03-08',
    { wait: 'step 1 is due on 2026-03-09' },
  ],
  ['8 business days from a Friday', business(1, 4, 8), sent(2, '2026-03-05'), '2026-02-27', '2026-03-11', 3],
  [
    '8 business days from a Friday: not a day earlier',
    business(1, 4, 8),
    sent(2, '2026-03-05'),
    '2026-02-27',
    '2026-03-10',
    { wait: 'step 3 is due on 2026-03-11' },
  ],

  // Month and year ends.
  ['January 31 + 1 day', calendar(1), undefined, '2026-01-31', '2026-02-01', 1],
  ['April 30 + 1 day', calendar(1), undefined, '2026-04-30', '2026-05-01', 1],
  [
    'February 28 (a Saturday) + 1 business day',
    business(1),
    undefined,
    '2026-02-28',
    '2026-02-28',
    { wait: 'step 1 is due on 2026-03-02' },
  ],
  ['December 31 + 1 business day is New Year', business(1), undefined, '2026-12-31', '2027-01-01', 1],
  [
    'December 31 + 4 business days',
    business(1, 4),
    sent(1, '2027-01-01'),
    '2026-12-31',
    '2027-01-05',
    { wait: 'step 2 is due on 2027-01-06' },
  ],

  // Leap days.
  ['2028-02-28 + 1 day is the leap day', calendar(1), undefined, '2028-02-28', '2028-02-29', 1],
  [
    'a step due on the leap day, run on it',
    calendar(1, 4),
    sent(1, '2028-02-29'),
    '2028-02-28',
    '2028-03-03',
    2,
  ],
  [
    '…and not the day before',
    calendar(1, 4),
    sent(1, '2028-02-29'),
    '2028-02-28',
    '2028-03-02',
    { wait: 'step 2 is due on 2028-03-03' },
  ],
  ['due on the leap day + 1 business day', business(1), undefined, '2028-02-29', '2028-03-01', 1],
  ['3 business days over the leap day', business(3), undefined, '2028-02-25', '2028-03-01', 1],
  [
    '3 business days over the leap day: not before',
    business(3),
    undefined,
    '2028-02-25',
    '2028-02-29',
    { wait: 'step 1 is due on 2028-03-01' },
  ],
  ['not a leap year: Feb 28 + 1 is March 1', calendar(1), undefined, '2027-02-28', '2027-03-01', 1],

  // Missed runs: the first unsent step goes first, and the gaps are kept from when it went.
  [
    'every step overdue: the polite one goes first',
    calendar(1, 4, 8),
    undefined,
    '2026-03-02',
    '2026-03-20',
    1,
  ],
  [
    '…then the gap to step 2 counts from it',
    calendar(1, 4, 8),
    sent(1, '2026-03-20'),
    '2026-03-02',
    '2026-03-22',
    { wait: 'step 2 is due on 2026-03-23' },
  ],
  ['…and step 2 goes after the gap', calendar(1, 4, 8), sent(1, '2026-03-20'), '2026-03-02', '2026-03-23', 2],
  [
    '…and the gap to step 3 too',
    calendar(1, 4, 8),
    sent(2, '2026-03-23'),
    '2026-03-02',
    '2026-03-26',
    { wait: 'step 3 is due on 2026-03-27' },
  ],
  [
    'business gaps after a missed week',
    business(1, 4),
    sent(1, '2026-03-13'),
    '2026-03-02',
    '2026-03-17',
    { wait: 'step 2 is due on 2026-03-18' },
  ],

  // The due date moves: later restarts the chase, earlier does not.
  [
    'due moved later, already late again: step 1 again',
    calendar(1, 4),
    sent(2, '2026-03-06', { dueOn: '2026-03-02' }),
    '2026-03-10',
    '2026-03-11',
    1,
  ],
  [
    'due moved later, in the future',
    calendar(1, 4),
    sent(2, '2026-03-06', { dueOn: '2026-03-02' }),
    '2026-03-20',
    '2026-03-11',
    {
      wait: 'the due date moved to 2026-03-20, so the chase starts over: step 1 is due on 2026-03-21',
      report: true,
    },
  ],
  [
    'due moved earlier: the chase goes on',
    calendar(1, 4, 8),
    sent(2, '2026-03-06', { dueOn: '2026-03-02' }),
    '2026-02-25',
    '2026-03-10',
    3,
  ],
  [
    'due unchanged',
    calendar(1, 4, 8),
    sent(2, '2026-03-06', { dueOn: '2026-03-02' }),
    '2026-03-02',
    '2026-03-10',
    3,
  ],
  [
    'no recorded due date, consistent history',
    calendar(1, 4),
    sent(1, '2026-03-03'),
    '2026-03-02',
    '2026-03-06',
    2,
  ],
  [
    'no recorded due date, history too early for it: restart',
    calendar(1, 4),
    sent(1, '2026-03-03'),
    '2026-03-05',
    '2026-03-06',
    1,
  ],

  // A mail not yet out blocks the record: exactly once before anything else.
  [
    'PENDING',
    calendar(1, 4),
    { step: 0, attempt: { step: 1, on: '2026-03-03', state: 'PENDING' } },
    '2026-03-02',
    '2026-03-04',
    { wait: 'step 1 is queued since 2026-03-03 (PENDING): it goes out when that run resumes' },
  ],
  [
    'SENDING, days later',
    calendar(1, 4),
    { step: 1, lastChasedOn: '2026-03-03', attempt: { step: 2, on: '2026-03-06', state: 'SENDING' } },
    '2026-03-02',
    '2026-03-20',
    {
      wait: 'step 2 was being sent on 2026-03-06 when the run stopped (SENDING): check whether it went out, then mark it SENT or FAILED in Correspondence',
    },
  ],
  [
    'FAILED today',
    calendar(1, 4),
    { step: 0, attempt: { step: 1, on: '2026-03-03', state: 'FAILED', error: 'Mailbox full' } },
    '2026-03-02',
    '2026-03-03',
    { wait: 'step 1 failed today: Mailbox full; it is tried again on the next run' },
  ],
  [
    'FAILED yesterday: tried again',
    calendar(1, 4),
    { step: 0, attempt: { step: 1, on: '2026-03-03', state: 'FAILED' } },
    '2026-03-02',
    '2026-03-04',
    1,
  ],

  // Weekly reminders (Steps: every Monday).
  ['weekly: the first Monday after the due date', weekly(1), undefined, '2026-02-11', '2026-02-16', 1],
  ['weekly: a missed Monday is caught up that week', weekly(1), undefined, '2026-02-11', '2026-02-18', 1],
  [
    'weekly: once a week',
    weekly(1),
    sent(1, '2026-02-16'),
    '2026-02-11',
    '2026-02-20',
    { wait: 'reminder 1 went on 2026-02-16; the next goes on 2026-02-23', next: '2026-02-23' },
  ],
  ['weekly: next Monday', weekly(1), sent(1, '2026-02-16'), '2026-02-11', '2026-02-23', 2],
  [
    'weekly: due on the Monday itself',
    weekly(1),
    undefined,
    '2026-03-02',
    '2026-03-02',
    { wait: 'the first reminder goes on Monday 2026-03-09', report: false },
  ],
  [
    'weekly: past due, before its first Monday',
    weekly(1),
    undefined,
    '2026-03-04',
    '2026-03-06',
    { wait: 'the first reminder goes on Monday 2026-03-09', report: true },
  ],
  [
    'weekly: no catching up on a weekend',
    weekly(1),
    undefined,
    '2026-02-11',
    '2026-02-21',
    { wait: 'step 1 goes on Monday 2026-02-23: this rule sends on business days only' },
  ],
  [
    'weekly: a caught-up reminder keeps the Monday rhythm',
    weekly(1),
    sent(1, '2026-02-18'),
    '2026-02-11',
    '2026-02-23',
    2,
  ],
];

describe('the due-step rule', () => {
  it.each(CASES)('%s', (_name, rule, chase, due, date, want) => {
    const decision = dueStep(rule, chase, due, date);
    if (typeof want === 'number') {
      expect(decision).toMatchObject({ due: true, step: want });
      return;
    }
    expect(decision.due).toBe(false);
    if (decision.due) return;
    expect(decision.reason).toBe(want.wait);
    if (want.next !== undefined) expect(decision.next).toBe(want.next);
    if (want.report !== undefined) expect(decision.report).toBe(want.report);
  });

  it('restarts a chase whose due date moved later with a fresh state: no thread to reply in', () => {
    const d = dueStep(
      calendar(1, 4),
      sent(2, '2026-03-06', { dueOn: '2026-03-02', threadId: 't1' }),
      '2026-03-10',
      '2026-03-11',
    );
    expect(d).toEqual({ due: true, step: 1, chase: { step: 0 }, restarted: true });
  });

  it('never skips a step, whatever the date (property over 3 years of dates)', () => {
    const rule = business(1, 4, 8);
    let chase: RecordChase | undefined;
    const sentOn: string[] = [];
    for (let n = 0; n < 3 * 365; n += 3) {
      const date = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      const d = dueStep(rule, chase, '2026-01-01', date);
      if (!d.due) continue;
      expect(d.step).toBe((chase?.step ?? 0) + 1);
      chase = { step: d.step, lastChasedOn: date, dueOn: '2026-01-01' };
      sentOn.push(date);
    }
    expect(sentOn).toHaveLength(3);
    // Runs every third day: each step goes on the first run on or after its date.
    expect(sentOn).toEqual(['2026-01-07', '2026-01-13', '2026-01-19']);
  });

  it('computes step dates without looping over days', () => {
    expect(stepDate(business(1, 4, 8), '2026-02-27', 3)).toBe('2026-03-11');
    expect(stepDate(business(250), '2026-01-01', 1)).toBe('2026-12-17');
    expect(stepDate(weekly(1), '2026-03-02', 2)).toBe('2026-03-16');
  });
});
