/**
 * The merge's pure decisions, table-driven: keys, what a mail's history in Correspondence means for
 * a send, the steps of a run, the marker, the text alternative of an HTML mail.
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/cells';
import { CORRESPONDENCE_HEADER, CORRESPONDENCE_SHEET, META_HEADER, META_SHEET } from '../../src/core/logs';
import { APPS_SCRIPT_MAIL_LIMITS } from '../../src/core/mail/checks';
import { parseTemplate, type MailTemplate } from '../../src/core/mail/template';
import { DELIVERY_CHASE_REMINDER } from '../../src/core/mail/starter-templates';
import {
  attemptKey,
  decideFinish,
  decideMerge,
  decideStep,
  formatMarker,
  htmlToText,
  MailHistory,
  mailKey,
  MERGE_MARKER_KEY,
  olderThan,
  parseMarker,
  readCorrespondence,
  selectRecords,
  splitAttempt,
  type MergeMarker,
} from '../../src/core/merge';
import type { Snapshots } from '../../src/core/records';
import { sampleRegister } from '../core/mail/fixtures';

const WELCOME: MailTemplate = parseTemplate({
  Name: 'Welcome',
  Table: 'Staff',
  To: '{{Email}}',
  Subject: 'Welcome, {{Name}}',
  Body: 'Dear {{Name}}',
});
const ENV = {
  nowMs: Date.parse('2026-03-30T08:00:00Z'),
  timeZone: 'Europe/Rome',
  user: 'anna@backoffice.example',
};

type Row = [key: string, state: string, template?: string];

/** The sample register with a Correspondence sheet of these rows, and optionally a marker. */
function snapWith(rows: Row[], marker?: MergeMarker): Snapshots {
  const { snap } = sampleRegister();
  const tables = new Map(snap.tables);
  const col = (name: string) => CORRESPONDENCE_HEADER.indexOf(name);
  tables.set(CORRESPONDENCE_SHEET, {
    name: CORRESPONDENCE_SHEET,
    header: [...CORRESPONDENCE_HEADER],
    rows: rows.map(([key, state, template]) => {
      const r: Cell[] = CORRESPONDENCE_HEADER.map(() => '');
      r[col('Key')] = key;
      r[col('State')] = state;
      r[col('Template')] = template ?? 'Welcome';
      r[col('Record IDs')] = key.split(' | ')[1]?.replace(/ #\d+$/, '') ?? '';
      return r;
    }),
  });
  if (marker)
    tables.set(META_SHEET, {
      name: META_SHEET,
      header: [...META_HEADER],
      rows: [[MERGE_MARKER_KEY, formatMarker(marker)]],
    });
  return { ...snap, tables, sheetNames: new Set([...snap.sheetNames, CORRESPONDENCE_SHEET, META_SHEET]) };
}

const staff = (snap: Snapshots, id: string) => selectRecords(snap, 'Staff', { ids: [id] });

describe('keys', () => {
  it.each([
    [['PO-0001'], 'T | PO-0001'],
    [['PO-0001', 'PO-0002'], 'T | PO-0001, PO-0002'],
  ] as const)('%j is keyed %s', (ids, key) => expect(mailKey('T', ids)).toBe(key));

  it.each([
    ['T | A', null],
    ['T | A #2', { base: 'T | A', attempt: 2 }],
    ['T | A #12', { base: 'T | A', attempt: 12 }],
    ['T | A#2', null],
  ])('splits %s', (key, split) => expect(splitAttempt(key)).toEqual(split));

  it('numbers attempts after every row of the base, and never reuses a key', () => {
    const h = new MailHistory(
      readCorrespondence(
        snapWith([
          ['W | A', 'FAILED'],
          ['W | A #2', 'FAILED'],
          ['W | A #4', 'SENT', 'Other'],
        ]).tables.get(CORRESPONDENCE_SHEET),
      ),
    );
    expect(h.nextAttempt('W | A')).toBe(5);
    expect(attemptKey('W | A', 1)).toBe('W | A');
    expect(h.attempts('W | A', 'welcome').map((a) => a.attempt)).toEqual([1, 2]);
  });
});

describe('what a mail’s history means for a send', () => {
  const id = 'STF-0001';
  const base = `Welcome | ${id}`;
  it.each<[string, Row[], { resend?: boolean }, string]>([
    ['never sent', [], {}, 'new → Welcome | STF-0001'],
    ['FAILED', [[base, 'FAILED']], {}, 'retry → Welcome | STF-0001 #2'],
    [
      'FAILED twice',
      [
        [base, 'FAILED'],
        [`${base} #2`, 'FAILED'],
      ],
      {},
      'retry → Welcome | STF-0001 #3',
    ],
    ['SENT', [[base, 'SENT']], {}, 'already sent'],
    ['SENT, resend', [[base, 'SENT']], { resend: true }, 'resend → Welcome | STF-0001 #2'],
    ['PENDING (a stopped run)', [[base, 'PENDING']], {}, 'continue → Welcome | STF-0001'],
    [
      'SENT, then a resend left PENDING',
      [
        [base, 'SENT'],
        [`${base} #2`, 'PENDING'],
      ],
      {},
      'continue → Welcome | STF-0001 #2',
    ],
    [
      'FAILED, then SENT',
      [
        [base, 'FAILED'],
        [`${base} #2`, 'SENT'],
      ],
      {},
      'already sent',
    ],
    ['SENDING (a run died)', [[base, 'SENDING']], {}, 'held: Welcome | STF-0001 SENDING'],
    ['SENDING, resend asked', [[base, 'SENDING']], { resend: true }, 'held: Welcome | STF-0001 SENDING'],
    [
      'SENT, then SENDING',
      [
        [base, 'SENT'],
        [`${base} #2`, 'SENDING'],
      ],
      { resend: true },
      'held: Welcome | STF-0001 #2 SENDING',
    ],
    ['a state typed by hand', [[base, 'done?']], {}, 'held: Welcome | STF-0001 done?'],
    ['a blank state', [[base, '']], {}, 'held: Welcome | STF-0001 '],
    ['SENT by another template', [[base, 'SENT', 'Other']], {}, 'new → Welcome | STF-0001 #2'],
    ['a test send only', [[`${base} | test`, 'SENT']], {}, 'new → Welcome | STF-0001'],
  ])('%s', (_name, rows, opts, expected) => {
    const snap = snapWith(rows);
    const outlook = decideMerge(snap, WELCOME, staff(snap, id), APPS_SCRIPT_MAIL_LIMITS, opts);
    const planned = outlook.toSend[0];
    const got = planned
      ? `${planned.reason} → ${planned.rowKey}`
      : outlook.stuck[0]
        ? `held: ${outlook.stuck[0].key} ${outlook.stuck[0].state}`
        : outlook.alreadySent.length > 0
          ? 'already sent'
          : 'nothing';
    expect(got).toBe(expected);
  });

  it('keys a grouped template by its group value, so a supplier gets one reminder whatever its orders', () => {
    const { snap } = sampleRegister();
    const template = parseTemplate(DELIVERY_CHASE_REMINDER);
    const orders = selectRecords(snap, 'Purchase Orders', { where: ['Supplier=SUP-0002'] });
    const outlook = decideMerge(snap, template, orders, APPS_SCRIPT_MAIL_LIMITS);
    expect(outlook.mails).toHaveLength(1);
    expect(outlook.mails[0]!.base).toBe('Delivery overdue 1: reminder | Supplier: SUP-0002');
    expect(outlook.mails[0]!.recordIds).toEqual(orders.map((o) => o.id));
    const fewer = decideMerge(snap, template, orders.slice(1), APPS_SCRIPT_MAIL_LIMITS);
    expect(fewer.mails[0]!.base).toBe(outlook.mails[0]!.base);
  });

  it('leaves rows with problems out only when asked, and names them either way', () => {
    const snap = snapWith([]);
    const broken = { ...WELCOME, to: '{{Manager}}' }; // some staff have no manager
    const all = selectRecords(snap, 'Staff', {});
    const strict = decideMerge(snap, broken, all, APPS_SCRIPT_MAIL_LIMITS);
    const lenient = decideMerge(snap, broken, all, APPS_SCRIPT_MAIL_LIMITS, { excludeProblemRows: true });
    expect(strict.blocking.length).toBeGreaterThan(0);
    expect(lenient.blocking).toEqual([]);
    expect(lenient.excluded.map((m) => m.base)).toEqual(strict.blocking.map((m) => m.base));
    expect(lenient.toSend.length + lenient.excluded.length).toBe(all.length);
  });
});

describe('the steps of a run', () => {
  const id = 'STF-0002';
  const key = `Welcome | ${id}`;
  const marker: MergeMarker = {
    run: 'r1',
    template: 'Welcome',
    by: ENV.user,
    sinceMs: ENV.nowMs,
    owner: 'memory',
  };
  const planned = () => {
    const snap = snapWith([[key, 'PENDING']], marker);
    return decideMerge(snap, WELCOME, staff(snap, id), APPS_SCRIPT_MAIL_LIMITS).mails[0]!.mail;
  };
  const next = (quotaLeft = 100) => ({ rowKey: key, recordIds: [id], planned: planned(), quotaLeft });
  const step = (rows: Row[], m: MergeMarker | undefined, n = next()) =>
    decideStep({
      snap: snapWith(rows, m),
      template: WELCOME,
      runId: 'r1',
      limits: APPS_SCRIPT_MAIL_LIMITS,
      env: ENV,
      next: n,
    });

  it.each<[string, Row[], MergeMarker | undefined, string]>([
    ['PENDING, marker ours', [[key, 'PENDING']], marker, 'send'],
    ['marker taken over', [[key, 'PENDING']], { ...marker, run: 'r2' }, 'marker-lost'],
    ['marker cleared', [[key, 'PENDING']], undefined, 'marker-lost'],
    ['resolved meanwhile', [[key, 'FAILED']], marker, 'not-pending'],
    ['row deleted', [], marker, 'not-pending'],
  ])('%s: %s', (_n, rows, m, verdict) => {
    const { verdict: v } = step(rows, m);
    expect(v?.send ? 'send' : v?.reason).toBe(verdict);
  });

  it('marks the next mail SENDING and the previous SENT in one write to Correspondence', () => {
    const rows: Row[] = [
      ['Welcome | STF-0001', 'SENDING'],
      [key, 'PENDING'],
    ];
    const { plan, verdict } = decideStep({
      snap: snapWith(rows, marker),
      template: WELCOME,
      runId: 'r1',
      limits: APPS_SCRIPT_MAIL_LIMITS,
      env: ENV,
      done: { rowKey: 'Welcome | STF-0001', mail: planned(), sent: { messageId: '<m1>', threadId: 't1' } },
      next: next(),
    });
    expect(verdict).toMatchObject({ send: true, changed: false });
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]!.keyColumn).toBe('Key');
    expect(plan.writes[0]!.updates.map((u) => [u.key, u.values.State])).toEqual([
      ['Welcome | STF-0001', 'SENT'],
      [key, 'SENDING'],
    ]);
  });

  it('keeps a mail PENDING when the quota left does not cover it', () => {
    const { plan, verdict } = step([[key, 'PENDING']], marker, next(0));
    expect(verdict).toMatchObject({ send: false, reason: 'quota' });
    expect(plan.writes).toEqual([]);
  });

  it('writes a sent mail’s outcome even when its row was deleted meanwhile', () => {
    const { plan } = decideFinish(snapWith([], marker), WELCOME, 'r1', ENV, {
      rowKey: key,
      mail: planned(),
      sent: { messageId: '', threadId: '' },
    });
    const w = plan.writes.find((x) => x.table === CORRESPONDENCE_SHEET)!;
    expect(w.appends[0]).toMatchObject({ Key: key, State: 'SENT', To: planned().to.join(', ') });
  });

  it('clears the marker at the end only if it is still its own', () => {
    const mine = decideFinish(snapWith([], marker), WELCOME, 'r1', ENV).plan;
    const theirs = decideFinish(snapWith([], { ...marker, run: 'r2' }), WELCOME, 'r1', ENV).plan;
    expect(mine.writes.find((w) => w.table === META_SHEET)?.updates).toEqual([
      { key: MERGE_MARKER_KEY, values: { Value: '' } },
    ]);
    expect(theirs.writes.find((w) => w.table === META_SHEET)).toBeUndefined();
  });
});

describe('the running marker', () => {
  it.each([
    ['', null],
    [
      formatMarker({ run: 'r', template: 'T', by: 'a@b.c', sinceMs: 5, owner: 'gas' }),
      { run: 'r', template: 'T', by: 'a@b.c', sinceMs: 5, owner: 'gas' },
    ],
    ['someone typed here', { run: '?', template: '', by: '', sinceMs: 0, owner: '' }],
  ])('reads %j', (cell, marker) => expect(parseMarker(cell)).toEqual(marker));

  it('is stale in Apps Script once older than an execution can last', () => {
    const stale = olderThan(6 * 60_000);
    const m = parseMarker(formatMarker({ run: 'r', template: 'T', by: '', sinceMs: 0, owner: 'gas' }))!;
    expect(stale(m, 6 * 60_000)).toBe(false);
    expect(stale(m, 6 * 60_000 + 1)).toBe(true);
  });
});

describe('the text alternative of an HTML mail', () => {
  it('keeps paragraphs, line breaks and table rows, and decodes entities', () => {
    expect(
      htmlToText(
        '<p>Dear A &amp; B,</p>\n<p>Line one<br>line two</p><table><tr><td>Order</td><td><b>PO-1</b></td></tr><tr><td>Amount</td><td>€ 1,00</td></tr></table><p>Bye &lt;3</p>',
      ),
    ).toBe('Dear A & B,\n\nLine one\nline two\nOrder\tPO-1\nAmount\t€ 1,00\n\nBye <3');
  });
});
