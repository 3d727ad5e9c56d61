/**
 * Planning a chase run: grouping, escalation, threads, the send hour, pausing, mails not yet out,
 * rendering, and the exact JSON `backoffice chase --dry-run --json` prints.
 */
import { describe, expect, it } from 'vitest';
import { planChaseRun, chaseRunJson, type ChaseRunPlan } from '../../../src/core/chase/plan';
import { renderChaseRun } from '../../../src/core/chase/render';
import { parseChaseRule, type ChaseRule, type ChaseRuleRow } from '../../../src/core/chase/rules';
import { OVERDUE_DELIVERIES_RULE } from '../../../src/core/chase/starter-rules';
import {
  chaseLogFromRows,
  chaseMailKey,
  deriveChaseState,
  emptyChaseState,
  type ChaseLogRow,
  type ChaseState,
} from '../../../src/core/chase/state';
import { parseSchema, SETUP_HEADER, type SetupRow } from '../../../src/core/schema';
import { starterSetup } from '../../../src/core/starter';
import type { RecordOut } from '../../../src/core/records';
import { describeMail, record, registerOf, ruleContext, templates } from './fixtures';

const ACME = 'orders@acme.example';
const BRIGHT = 'dispatch@brightline.example';
const ANNA = 'anna@backoffice.example';
const BEN = 'ben@backoffice.example';

function ruleOf(change: Partial<ChaseRuleRow> = {}, ctx = ruleContext): ChaseRule {
  const { rule, problems } = parseChaseRule({ ...OVERDUE_DELIVERIES_RULE, ...change }, ctx, 'CHR-0001');
  if (!rule) throw new Error(JSON.stringify(problems));
  return rule;
}

const suppliers = [
  record('Suppliers', 'SUP-0001', { Name: 'Acme', 'Contact name': null, Email: ACME }),
  record('Suppliers', 'SUP-0002', { Name: 'Brightline', 'Contact name': null, Email: BRIGHT }),
];
const po = (
  id: string,
  supplier: string,
  expected: string | null,
  owner = ANNA,
  more: Record<string, unknown> = {},
) =>
  record('Purchase Orders', id, {
    Supplier: supplier,
    Description: `Order ${id}`,
    Amount: 100,
    Currency: 'EUR',
    'Ordered on': '2026-02-01',
    'Expected delivery': expected,
    'Delivered on': null,
    Status: 'Ordered',
    Owner: owner,
    ...(more as RecordOut['values']),
  });

// Monday 2026-03-09: Friday 03-06 due dates are one business day late.
const DATE = '2026-03-09';

function run(rules: ChaseRule[], orders: RecordOut[], state: ChaseState = emptyChaseState(), hour?: number) {
  const reg = registerOf([...suppliers, ...orders]);
  return planChaseRun(rules, reg.byTable, state, DATE, {
    ...(hour === undefined ? {} : { hour }),
    resolve: reg.resolve,
  });
}
const lines = (plan: ChaseRunPlan) => plan.mails.map(describeMail);

describe('grouping', () => {
  const orders = [
    po('PO-0001', 'SUP-0001', '2026-03-06'),
    po('PO-0002', 'SUP-0002', '2026-03-06'),
    po('PO-0003', 'SUP-0001', '2026-03-06', BEN),
  ];

  it('sends one mail per recipient and step, covering all their records', () => {
    expect(lines(run([ruleOf()], orders))).toEqual([
      `step 1 → ${ACME}: PO-0001, PO-0003`,
      `step 1 → ${BRIGHT}: PO-0002`,
    ]);
  });

  it('sends one mail per record without Group by recipient', () => {
    expect(lines(run([ruleOf({ 'Group by recipient': false })], orders))).toEqual([
      `step 1 → ${ACME}: PO-0001`,
      `step 1 → ${BRIGHT}: PO-0002`,
      `step 1 → ${ACME}: PO-0003`,
    ]);
  });

  it('keeps steps apart: one mail per step for the same recipient, the earliest step first', () => {
    const state = deriveChaseState([
      {
        rule: 'CHR-0001',
        on: '2026-03-04',
        state: 'SENT',
        items: [{ id: 'PO-0004', step: 1, due: '2026-03-03' }],
      },
    ]);
    const plan = run(
      [ruleOf()],
      [po('PO-0004', 'SUP-0001', '2026-03-03'), po('PO-0001', 'SUP-0001', '2026-03-06')],
      state,
    );
    expect(lines(plan)).toEqual([`step 1 → ${ACME}: PO-0001`, `step 2 → ${ACME}: PO-0004`]);
    expect(plan.mails.map((m) => m.template)).toEqual([
      'Delivery overdue 1: reminder',
      'Delivery overdue 2: second reminder',
    ]);
  });

  it('splits a group too big for one mail', () => {
    const reg = registerOf([...suppliers, ...orders]);
    const plan = planChaseRun([ruleOf()], reg.byTable, emptyChaseState(), DATE, {
      resolve: reg.resolve,
      maxRecordsPerMail: 1,
    });
    expect(lines(plan)).toEqual([
      `step 1 → ${ACME}: PO-0001`,
      `step 1 → ${BRIGHT}: PO-0002`,
      `step 1 → ${ACME}: PO-0003`,
    ]);
  });

  it('groups by the set of addresses, whatever their order or case', () => {
    const rule = ruleOf({ Recipient: '{{Supplier.Email}}, {{Owner}}' });
    const plan = run(
      [rule],
      [
        po('PO-0001', 'SUP-0001', '2026-03-06', ANNA),
        po('PO-0002', 'SUP-0001', '2026-03-06', 'ANNA@backoffice.example'),
        po('PO-0003', 'SUP-0001', '2026-03-06', BEN),
      ],
    );
    expect(lines(plan)).toEqual([
      `step 1 → ${ACME}, ${ANNA}: PO-0001, PO-0002`,
      `step 1 → ${ACME}, ${BEN}: PO-0003`,
    ]);
  });
});

describe('escalation and threads', () => {
  const state = deriveChaseState([
    {
      rule: 'CHR-0001',
      on: '2026-02-20',
      state: 'SENT',
      items: [
        { id: 'PO-0001', step: 1, due: '2026-02-19' },
        { id: 'PO-0002', step: 1, due: '2026-02-19' },
      ],
      threadId: 't1',
      messageId: 'm1',
    },
    {
      rule: 'CHR-0001',
      on: '2026-02-20',
      state: 'SENT',
      items: [{ id: 'PO-0003', step: 1, due: '2026-02-19' }],
      threadId: 't2',
      messageId: 'm2',
    },
    {
      rule: 'CHR-0001',
      on: '2026-02-26',
      state: 'SENT',
      items: [
        { id: 'PO-0001', step: 2, due: '2026-02-19' },
        { id: 'PO-0002', step: 2, due: '2026-02-19' },
      ],
      threadId: 't1',
      messageId: 'm3',
    },
    {
      rule: 'CHR-0001',
      on: '2026-02-27',
      state: 'SENT',
      items: [{ id: 'PO-0003', step: 2, due: '2026-02-19' }],
      threadId: 't2',
      messageId: 'm4',
    },
  ]);
  const orders = [
    po('PO-0001', 'SUP-0001', '2026-02-19', ANNA),
    po('PO-0002', 'SUP-0001', '2026-02-19', BEN),
    po('PO-0003', 'SUP-0001', '2026-02-19', ACME), // the owner is the supplier's own address
  ];

  it('copies each record’s Escalate to from the escalation step on, once, never an address already in To', () => {
    const plan = run([ruleOf()], orders, state);
    expect(plan.mails).toHaveLength(1);
    expect(plan.mails[0]).toMatchObject({
      step: 3,
      to: [ACME],
      cc: [ANNA, BEN],
      escalate: true,
      records: ['PO-0001', 'PO-0002', 'PO-0003'],
      template: 'Delivery overdue 3: final notice',
    });
  });

  it('replies in the thread most of the records were chased in, after the latest message there', () => {
    const plan = run([ruleOf()], orders, state);
    expect(plan.mails[0]).toMatchObject({ threadId: 't1', messageId: 'm3', previousOn: '2026-02-27' });
  });

  it('does not escalate before the step', () => {
    const plan = run([ruleOf({ 'Escalate at step': 3 })], [po('PO-0001', 'SUP-0001', '2026-03-06')]);
    expect(plan.mails[0]).toMatchObject({ step: 1, cc: [], escalate: false });
    expect(plan.mails[0]!.threadId).toBeUndefined();
  });
});

describe('what is left out, and why', () => {
  it('plans nothing for a disabled rule', () => {
    expect(run([ruleOf({ Enabled: false })], [po('PO-0001', 'SUP-0001', '2026-03-06')])).toEqual({
      date: DATE,
      mails: [],
      skipped: [],
    });
  });

  it('leaves closed, undated and not-yet-late records out silently, and lists a date that is not one', () => {
    const plan = run(
      [ruleOf()],
      [
        po('PO-0001', 'SUP-0001', '2026-03-06', ANNA, { Status: 'Delivered' }),
        po('PO-0002', 'SUP-0001', null),
        po('PO-0003', 'SUP-0001', '2026-03-09'),
        po('PO-0004', 'SUP-0001', 'next week'),
      ],
    );
    expect(plan.mails).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        rule: 'Overdue deliveries',
        record: 'PO-0004',
        reason: 'Expected delivery "next week" is not a date (YYYY-MM-DD)',
      },
    ]);
  });

  it('waits for Send at hour on a timed run, and ignores it on a --today run', () => {
    const orders = [po('PO-0001', 'SUP-0001', '2026-03-06')];
    expect(run([ruleOf()], orders, undefined, 7)).toMatchObject({
      mails: [],
      skipped: [
        { record: 'PO-0001', reason: 'step 1 goes out from 08:00 (Send at hour); the run is at 07:00' },
      ],
    });
    expect(run([ruleOf()], orders, undefined, 8).mails).toHaveLength(1);
    expect(run([ruleOf()], orders).mails).toHaveLength(1);
    expect(run([ruleOf({ 'Send at hour': null })], orders, undefined, 0).mails).toHaveLength(1);
  });

  it('pauses a record the caller names, or whose "Chase paused" field is ticked', () => {
    const { rows } = starterSetup();
    const setup = [...rows, ['Purchase Orders', 'Chase paused', 'yes/no']].map((cells, i): SetupRow => ({
      row: i + 2,
      cells: Object.fromEntries(SETUP_HEADER.map((h, j) => [h, cells[j] ?? ''])) as SetupRow['cells'],
    }));
    const schema = parseSchema(setup).schema;
    const rule = ruleOf({}, { schema, templates });
    const orders = [
      po('PO-0001', 'SUP-0001', '2026-03-06', ANNA, { 'Chase paused': true }),
      po('PO-0002', 'SUP-0001', '2026-03-06', ANNA, { 'Chase paused': false }),
      po('PO-0003', 'SUP-0001', '2026-03-06'),
    ];
    const plan = run([rule], orders, deriveChaseState([], ['PO-0003']));
    expect(lines(plan)).toEqual([`step 1 → ${ACME}: PO-0002`]);
    expect(plan.skipped).toEqual([
      {
        rule: 'Overdue deliveries',
        record: 'PO-0001',
        reason: 'chasing is paused; step 1 would be due today',
      },
      {
        rule: 'Overdue deliveries',
        record: 'PO-0003',
        reason: 'chasing is paused; step 1 would be due today',
      },
    ]);
  });
});

describe('idempotence', () => {
  const orders = [po('PO-0001', 'SUP-0001', '2026-03-06'), po('PO-0002', 'SUP-0001', '2026-03-06')];
  const reg = registerOf([...suppliers, ...orders]);
  const rules = [ruleOf()];
  const plan = (log: ChaseLogRow[], date = DATE) =>
    planChaseRun(rules, reg.byTable, deriveChaseState(chaseLogFromRows(log, rules)), date, {
      resolve: reg.resolve,
    });
  const first = plan([]);
  const rowsOf = (state: string, when = `${DATE} 08:00:01`, error = ''): ChaseLogRow[] =>
    first.mails.map((m) => ({
      key: chaseMailKey(m),
      when,
      template: m.template,
      recordIds: m.records,
      state,
      threadId: '',
      messageId: '',
      error,
    }));

  it.each([
    ['SENT', 'step 2 is due on 2026-03-12'],
    ['PENDING', 'step 1 is queued since 2026-03-09 (PENDING): it goes out when that run resumes'],
    [
      'SENDING',
      'step 1 was being sent on 2026-03-09 when the run stopped (SENDING): check whether it went out, then mark it SENT or FAILED in Correspondence',
    ],
    ['FAILED', 'step 1 failed today: Quota exceeded; it is tried again on the next run'],
  ])('a second run the same day after %s sends nothing', (state, reason) => {
    expect(first.mails).toHaveLength(1);
    const again = plan(rowsOf(state, `${DATE} 08:00:01`, state === 'FAILED' ? 'Quota exceeded' : ''));
    expect(again.mails).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([reason, reason]);
  });

  it('tries a FAILED mail again on the next day, and never a SENDING one', () => {
    expect(plan(rowsOf('FAILED'), '2026-03-10').mails.map((m) => m.step)).toEqual([1]);
    expect(plan(rowsOf('SENDING'), '2026-03-30').mails).toEqual([]);
  });
});

describe('rendering and the dry-run JSON', () => {
  const orders = [
    po('PO-0001', 'SUP-0001', '2026-03-06'),
    po('PO-0002', 'SUP-0001', '2026-03-06'),
    po('PO-0003', 'SUP-0002', '2026-03-06'),
  ];

  it('prints exactly the keys issue 6 names', () => {
    const reg = registerOf([...suppliers, ...orders, po('PO-0009', 'SUP-0001', 'soon')]);
    const planned = planChaseRun([ruleOf()], reg.byTable, emptyChaseState(), DATE, { resolve: reg.resolve });
    const { plan } = renderChaseRun(planned, { templates, record: (id) => reg.byId.get(id), ctx: reg.ctx });
    const json = JSON.parse(JSON.stringify(chaseRunJson(plan)));
    expect(json).toEqual({
      date: '2026-03-09',
      mails: [
        {
          rule: 'Overdue deliveries',
          step: 1,
          to: [ACME],
          cc: [],
          subject: 'Delivery reminder: orders from Acme',
          records: ['PO-0001', 'PO-0002'],
        },
        {
          rule: 'Overdue deliveries',
          step: 1,
          to: [BRIGHT],
          cc: [],
          subject: 'Delivery reminder: orders from Brightline',
          records: ['PO-0003'],
        },
      ],
      skipped: [
        {
          record: 'PO-0009',
          reason: 'Overdue deliveries: Expected delivery "soon" is not a date (YYYY-MM-DD)',
        },
      ],
    });
    expect(Object.keys(json)).toEqual(['date', 'mails', 'skipped']);
    expect(Object.keys(json.mails[0])).toEqual(['rule', 'step', 'to', 'cc', 'subject', 'records']);
  });

  it('holds back the one record with a blank merge value, and sends the rest of its group', () => {
    const broken = [
      ...orders.slice(0, 1),
      po('PO-0002', 'SUP-0001', '2026-03-06', ANNA, { Description: null }),
    ];
    const reg = registerOf([...suppliers, ...broken]);
    const planned = planChaseRun([ruleOf()], reg.byTable, emptyChaseState(), DATE, { resolve: reg.resolve });
    const { plan, mails } = renderChaseRun(planned, {
      templates,
      record: (id) => reg.byId.get(id),
      ctx: reg.ctx,
    });
    expect(plan.mails.map((m) => [m.records, m.items.map((i) => i.id)])).toEqual([
      [['PO-0001'], ['PO-0001']],
    ]);
    expect(mails[0]!.mail.body).not.toContain('PO-0002');
    expect(plan.skipped).toEqual([
      {
        rule: 'Overdue deliveries',
        record: 'PO-0002',
        reason:
          'step 1 not sent: Body {{Description}} is empty: fill it in, or put it inside {{#Description}}...{{/Description}} so the text around it is left out when it is empty',
      },
    ]);
  });

  it('refuses a mail whose template is missing, and says so for each record', () => {
    const reg = registerOf([...suppliers, ...orders]);
    const planned = planChaseRun([ruleOf()], reg.byTable, emptyChaseState(), DATE, { resolve: reg.resolve });
    const { plan } = renderChaseRun(planned, {
      templates: [],
      record: (id) => reg.byId.get(id),
      ctx: reg.ctx,
    });
    expect(plan.mails).toEqual([]);
    expect(plan.skipped.map((s) => `${s.record}: ${s.reason}`)).toEqual([
      'PO-0001: step 1 not sent: there is no template "Delivery overdue 1: reminder" in Templates',
      'PO-0002: step 1 not sent: there is no template "Delivery overdue 1: reminder" in Templates',
      'PO-0003: step 1 not sent: there is no template "Delivery overdue 1: reminder" in Templates',
    ]);
  });

  it('merges the template’s Cc with the escalation, and keeps the rule’s To', () => {
    const state = deriveChaseState([
      {
        rule: 'CHR-0001',
        on: '2026-02-20',
        state: 'SENT',
        items: [{ id: 'PO-0001', step: 2, due: '2026-02-19' }],
        threadId: 't1',
        messageId: 'm1',
      },
    ]);
    const reg = registerOf([...suppliers, po('PO-0001', 'SUP-0001', '2026-02-19', ANNA)]);
    const rule = ruleOf({ 'Escalate to': `{{Owner}}, ${BEN}` });
    const planned = planChaseRun([rule], reg.byTable, state, DATE, { resolve: reg.resolve });
    const { mails } = renderChaseRun(planned, { templates, record: (id) => reg.byId.get(id), ctx: reg.ctx });
    expect(mails[0]!.mail).toMatchObject({
      to: [ACME],
      cc: [ANNA, BEN],
      subject: 'Final notice: overdue deliveries from Acme',
    });
    expect(mails[0]!.planned.threadId).toBe('t1');
  });
});
