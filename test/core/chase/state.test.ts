/**
 * Chase state read back from the Correspondence log: the chase key, rows with and without one,
 * and the replay that turns them into each record's step, last date, due date and thread.
 */
import { describe, expect, it } from 'vitest';
import {
  chaseLogFromRows,
  chaseMailKey,
  deriveChaseState,
  formatChaseTag,
  parseChaseKey,
  parseChaseTag,
  type ChaseLogEntry,
  type ChaseLogRow,
} from '../../../src/core/chase/state';
import { readCorrespondence } from '../../../src/core/merge/correspondence';
import { starterRules } from './fixtures';

const rules = starterRules();

describe('the chase key', () => {
  it.each([
    [
      {
        rule: 'CHR-0001',
        items: [
          { id: 'PO-0001', step: 2, due: '2026-03-02' },
          { id: 'PO-0007', step: 2, due: '2026-02-27' },
        ],
      },
      'CHR-0001 step 2: PO-0001 due 2026-03-02, PO-0007 due 2026-02-27',
    ],
    [
      {
        rule: 'CHR-0002',
        items: [
          { id: 'INV-0003', step: 3, due: '2026-03-02' },
          { id: 'INV-0009', step: 1, due: '2026-03-20' },
        ],
      },
      'CHR-0002: INV-0003 step 3 due 2026-03-02, INV-0009 step 1 due 2026-03-20',
    ],
    [
      { rule: 'Overdue deliveries', items: [{ id: 'PO-0001', step: 1 }] },
      'Overdue deliveries step 1: PO-0001',
    ],
  ])('writes %j as "%s" and reads it back', (tag, text) => {
    expect(formatChaseTag(tag)).toBe(text);
    expect(parseChaseTag(text)).toEqual(tag);
  });

  it('is a merge key: the template first, a later attempt suffixed', () => {
    const key = chaseMailKey({
      template: 'Delivery overdue 1: reminder',
      ruleKey: 'CHR-0001',
      items: [{ id: 'PO-0001', step: 1, due: '2026-03-02' }],
    });
    expect(key).toBe('Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0001 due 2026-03-02');
    expect(parseChaseKey(`${key} #2`)).toEqual({
      rule: 'CHR-0001',
      items: [{ id: 'PO-0001', step: 1, due: '2026-03-02' }],
    });
  });

  it.each([
    '',
    'Delivery overdue 1: reminder | PO-0001',
    'x | chase CHR-0001: ',
    'x | chase CHR-0001: PO-0001 step zero',
  ])('is not read from "%s"', (key) => {
    expect(parseChaseKey(key)).toBeNull();
  });
});

const row = (r: Partial<ChaseLogRow> & Pick<ChaseLogRow, 'when' | 'state'>): ChaseLogRow => ({
  template: '',
  recordIds: [],
  ...r,
});

describe('chase entries of Correspondence rows', () => {
  it('reads chase keys, and matches rows without one by template', () => {
    const entries = chaseLogFromRows(
      [
        row({
          key: 'Delivery overdue 2: second reminder | chase CHR-0001 step 2: PO-0001 due 2026-03-02',
          when: '2026-03-06 09:00:03',
          template: 'Delivery overdue 2: second reminder',
          recordIds: ['PO-0001'],
          state: 'SENT',
          threadId: 't1',
          messageId: 'm2',
        }),
        // Merged by hand: the template is the rule's step 1.
        row({
          key: 'Delivery overdue 1: reminder | PO-0002',
          when: '2026-03-05 16:12:00',
          template: 'Delivery overdue 1: reminder',
          recordIds: ['PO-0002'],
          state: 'SENT',
        }),
        // A template two steps share, and a weekly rule's: the record's next step.
        row({
          when: '2026-03-05',
          template: 'Request reply overdue: reminder',
          recordIds: ['REQ-0001'],
          state: 'FAILED',
          error: 'No such user',
        }),
        row({
          when: '2026-03-09',
          template: 'Approved invoices past due: weekly list',
          recordIds: ['INV-0001', 'INV-0002'],
          state: 'sent',
        }),
        // Other mail, rules that no longer exist, rows that are not mail states.
        row({
          key: 'Purchase order confirmation | PO-0003',
          when: '2026-03-05',
          template: 'Purchase order confirmation',
          recordIds: ['PO-0003'],
          state: 'SENT',
        }),
        row({
          key: 'Old | chase CHR-0099 step 1: PO-0004',
          when: '2026-03-05',
          template: 'Old',
          recordIds: ['PO-0004'],
          state: 'SENT',
        }),
        row({
          key: 'Delivery overdue 1: reminder | PO-0005',
          when: '2026-03-05',
          template: 'Delivery overdue 1: reminder',
          recordIds: ['PO-0005'],
          state: 'REVIEW',
        }),
        row({
          when: 'yesterday',
          template: 'Delivery overdue 1: reminder',
          recordIds: ['PO-0006'],
          state: 'SENT',
        }),
      ],
      rules,
    );
    expect(entries).toEqual<ChaseLogEntry[]>([
      {
        rule: 'CHR-0001',
        on: '2026-03-06',
        state: 'SENT',
        items: [{ id: 'PO-0001', step: 2, due: '2026-03-02' }],
        threadId: 't1',
        messageId: 'm2',
      },
      { rule: 'CHR-0001', on: '2026-03-05', state: 'SENT', items: [{ id: 'PO-0002', step: 1 }] },
      {
        rule: 'CHR-0003',
        on: '2026-03-05',
        state: 'FAILED',
        items: [{ id: 'REQ-0001', step: 'next' }],
        error: 'No such user',
      },
      {
        rule: 'CHR-0002',
        on: '2026-03-09',
        state: 'SENT',
        items: [
          { id: 'INV-0001', step: 'next' },
          { id: 'INV-0002', step: 'next' },
        ],
      },
    ]);
  });

  it('takes the merge’s Correspondence rows as they are read', () => {
    const snapshot = {
      name: 'Correspondence',
      header: [
        'Key',
        'When',
        'Sent by',
        'Template',
        'Record IDs',
        'To',
        'Cc',
        'Bcc',
        'Subject',
        'State',
        'Message ID',
        'Thread ID',
        'Error',
      ],
      rows: [
        [
          'Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0001 due 2026-03-06, PO-0002 due 2026-03-06',
          { dateTime: '2026-03-09T08:00:03' },
          'anna@backoffice.example',
          'Delivery overdue 1: reminder',
          'PO-0001, PO-0002',
          'orders@acme.example',
          '',
          '',
          'Delivery reminder: orders from Acme',
          'SENT',
          'm1',
          't1',
          '',
        ],
      ],
    };
    const rows: ChaseLogRow[] = readCorrespondence(snapshot).rows;
    expect(chaseLogFromRows(rows, rules)).toEqual([
      {
        rule: 'CHR-0001',
        on: '2026-03-09',
        state: 'SENT',
        items: [
          { id: 'PO-0001', step: 1, due: '2026-03-06' },
          { id: 'PO-0002', step: 1, due: '2026-03-06' },
        ],
        threadId: 't1',
        messageId: 'm1',
      },
    ]);
  });

  it('reads the rule of a key by its name too', () => {
    const [entry] = chaseLogFromRows(
      [row({ key: 'T | chase overdue deliveries step 1: PO-0001', when: '2026-03-02', state: 'PENDING' })],
      rules,
    );
    expect(entry).toMatchObject({ rule: 'CHR-0001', state: 'PENDING' });
  });
});

const sent = (
  on: string,
  step: number | 'next',
  more: Partial<ChaseLogEntry> = {},
  due?: string,
): ChaseLogEntry => ({
  rule: 'R',
  on,
  state: 'SENT',
  items: [{ id: 'X', step, ...(due ? { due } : {}) }],
  ...more,
});
const chase = (entries: ChaseLogEntry[]) => deriveChaseState(entries).chases.get('R')?.get('X');

describe('chase state from the log', () => {
  it('follows the steps sent, with the last thread a mailer named', () => {
    expect(
      chase([
        sent('2026-03-03', 1, { threadId: 't1', messageId: 'm1' }, '2026-03-02'),
        sent('2026-03-06', 2, { messageId: 'm2' }, '2026-03-02'), // MailApp: no thread ID
      ]),
    ).toEqual({ step: 2, lastChasedOn: '2026-03-06', dueOn: '2026-03-02', threadId: 't1', messageId: 'm2' });
  });

  it('reads entries in date order, whatever the log order (rows sorted by a person)', () => {
    expect(chase([sent('2026-03-06', 2), sent('2026-03-03', 1)])).toEqual({
      step: 2,
      lastChasedOn: '2026-03-06',
    });
  });

  it('counts "next" from the record’s own history', () => {
    expect(
      chase([sent('2026-03-02', 'next'), sent('2026-03-09', 'next'), sent('2026-03-16', 'next')]),
    ).toMatchObject({
      step: 3,
    });
  });

  it('keeps the attempt that has not gone out, until a later send covers it', () => {
    expect(chase([sent('2026-03-03', 1), { ...sent('2026-03-06', 2), state: 'PENDING' }])).toMatchObject({
      step: 1,
      attempt: { step: 2, on: '2026-03-06', state: 'PENDING' },
    });
    expect(
      chase([
        sent('2026-03-03', 1),
        { ...sent('2026-03-06', 2), state: 'FAILED', error: 'quota' },
        sent('2026-03-07', 2),
      ]),
    ).toEqual({ step: 2, lastChasedOn: '2026-03-07' });
  });

  it('starts a new chase when step 1 is sent again, or against a later due date', () => {
    const restarted = chase([
      sent('2026-03-03', 1, { threadId: 't1' }, '2026-03-02'),
      sent('2026-03-06', 2, { threadId: 't1' }, '2026-03-02'),
      sent('2026-03-21', 1, {}, '2026-03-20'),
    ]);
    expect(restarted).toEqual({ step: 1, lastChasedOn: '2026-03-21', dueOn: '2026-03-20' });
    expect(chase([sent('2026-03-03', 1, {}, '2026-03-02'), sent('2026-03-23', 2, {}, '2026-03-20')])).toEqual(
      {
        step: 2,
        lastChasedOn: '2026-03-23',
        dueOn: '2026-03-20',
      },
    );
  });

  it('takes paused records from the caller', () => {
    expect([...deriveChaseState([], ['PO-0001']).paused]).toEqual(['PO-0001']);
  });
});
