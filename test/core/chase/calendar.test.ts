/**
 * 30 days of each starter rule, run day by day as the runner will: state read back from the
 * Correspondence log, the plan rendered with the real starter templates, each mail "sent" (a SENT
 * row appended), then the same day run again. Records change status, due dates move, a run is
 * missed, a record is paused. Every day's mails are checked exactly, and so is every empty day.
 */
import { describe, expect, it } from 'vitest';
import type { RecordOut } from '../../../src/core/records';
import { mailsByDay, record, simulate, starterRules } from './fixtures';

const rules = starterRules();
const [deliveries, invoices, requests] = rules as [(typeof rules)[0], (typeof rules)[0], (typeof rules)[0]];

const ANNA = 'anna@backoffice.example';
const BEN = 'ben@backoffice.example';
const CARLA = 'carla@backoffice.example';
const DORA = 'dora@backoffice.example';
const ACME = 'orders@acme.example';
const BRIGHT = 'dispatch@brightline.example';

/** Apply changes that take effect on a date: `[from date, id, values]`. */
function timeline(base: RecordOut[], changes: [string, string, Record<string, unknown>][]) {
  return (date: string): RecordOut[] =>
    base.map((r) => {
      let values = r.values;
      for (const [from, id, change] of changes)
        if (id === r.id && date >= from) values = { ...values, ...(change as RecordOut['values']) };
      return values === r.values ? r : { ...r, values };
    });
}

describe('30 days of "Overdue deliveries" (steps 1, 4, 8 business days, final notice copies the owner)', () => {
  const suppliers = [
    record('Suppliers', 'SUP-0001', { Name: 'Acme Industrial', 'Contact name': 'Maria Rossi', Email: ACME }),
    record('Suppliers', 'SUP-0002', { Name: 'Brightline Logistics', 'Contact name': null, Email: BRIGHT }),
    record('Suppliers', 'SUP-0003', { Name: 'Cobalt IT', 'Contact name': null, Email: null }),
  ];
  const po = (id: string, supplier: string, expected: string, status: string, owner: string) =>
    record('Purchase Orders', id, {
      Supplier: supplier,
      Description: `Order ${id}`,
      Amount: 1200,
      Currency: 'EUR',
      'Ordered on': '2026-01-20',
      'Expected delivery': expected,
      'Delivered on': null,
      Status: status,
      Owner: owner,
    });
  const orders = [
    po('PO-0001', 'SUP-0001', '2026-02-13', 'Ordered', ANNA), // Friday
    po('PO-0002', 'SUP-0001', '2026-02-16', 'Ordered', BEN), // delivered on 02-19
    po('PO-0003', 'SUP-0001', '2026-02-13', 'Partially delivered', BEN),
    po('PO-0004', 'SUP-0002', '2026-02-20', 'Partially delivered', CARLA),
    po('PO-0005', 'SUP-0002', '2026-02-25', 'Ordered', CARLA), // promised again for 03-06 on 02-27
    po('PO-0006', 'SUP-0003', '2026-02-18', 'Ordered', ANNA), // the supplier has no address
    po('PO-0007', 'SUP-0001', '2026-02-10', 'Draft', ANNA), // never ordered: never chased
    po('PO-0008', 'SUP-0001', '2026-02-27', 'Ordered', CARLA), // paused 03-03 to 03-06
  ];
  const recordsOn = timeline(
    [...suppliers, ...orders],
    [
      ['2026-02-19', 'PO-0002', { Status: 'Delivered', 'Delivered on': '2026-02-19' }],
      ['2026-02-27', 'PO-0005', { 'Expected delivery': '2026-03-06' }],
    ],
  );
  const { days } = simulate({
    rules: [deliveries],
    from: '2026-02-16',
    days: 30,
    recordsOn,
    missed: ['2026-02-23'],
    paused: (date) => (date >= '2026-03-03' && date <= '2026-03-06' ? ['PO-0008'] : []),
  });

  it('sends exactly these mails, and nothing on any other day', () => {
    expect(mailsByDay(days)).toEqual({
      // Friday's orders are one business day late on Monday; one mail for both of the supplier's.
      '2026-02-16': [`step 1 → ${ACME}: PO-0001, PO-0003`],
      '2026-02-17': [`step 1 → ${ACME}: PO-0002`],
      // The second reminder copies the owners (the template's Cc) and replies in step 1's thread.
      '2026-02-19': [`step 2 → ${ACME} cc ${ANNA}, ${BEN}: PO-0001, PO-0003 [in t1]`],
      // PO-0002 was delivered on 02-19: its chase stopped at once. The run of Monday 02-23 was
      // missed, so PO-0004's polite reminder goes on Tuesday, and its later steps keep their gaps.
      '2026-02-24': [`step 1 → ${BRIGHT}: PO-0004`],
      '2026-02-25': [`step 3 → ${ACME} cc ${ANNA}, ${BEN}: PO-0001, PO-0003 [in t1]`],
      '2026-02-26': [`step 1 → ${BRIGHT}: PO-0005`],
      '2026-02-27': [`step 2 → ${BRIGHT} cc ${CARLA}: PO-0004 [in t3]`],
      '2026-03-02': [`step 1 → ${ACME}: PO-0008`],
      '2026-03-05': [`step 3 → ${BRIGHT} cc ${CARLA}: PO-0004 [in t3]`],
      // PO-0005's new date (03-06) restarted its chase; PO-0008 was paused until 03-06.
      '2026-03-09': [`step 1 → ${BRIGHT}: PO-0005`, `step 2 → ${ACME} cc ${CARLA}: PO-0008 [in t5]`],
      '2026-03-12': [`step 2 → ${BRIGHT} cc ${CARLA}: PO-0005 [in t6]`],
      '2026-03-13': [`step 3 → ${ACME} cc ${CARLA}: PO-0008 [in t5]`],
    });
  });

  it('sends nothing on a second run the same day', () => {
    expect(days.map((d) => d.rerun)).toEqual(days.map(() => 0));
  });

  it('sends nothing on Saturdays and Sundays', () => {
    const weekend = days.filter((d) => [0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay()));
    expect(weekend).toHaveLength(8);
    for (const d of weekend) expect(d.mails).toEqual([]);
  });

  it('escalates from step 3 only, and says why each other record in a chase waits', () => {
    const flags = days.flatMap((d) => d.rendered.map((m) => `${m.planned.step}:${m.planned.escalate}`));
    expect(new Set(flags)).toEqual(new Set(['1:false', '2:false', '3:true']));
    const day = (date: string) => days.find((d) => d.date === date)!;
    const reasons = (date: string) => day(date).plan.skipped.map((s) => `${s.record}: ${s.reason}`);
    expect(reasons('2026-02-19')).toContain(
      'PO-0006: no recipient for step 1: {{Supplier.Email}} is empty (SUP-0003)',
    );
    expect(reasons('2026-02-20')).toContain('PO-0001: step 3 is due on 2026-02-25');
    expect(reasons('2026-02-21')).toContain(
      'PO-0006: step 1 goes on Monday 2026-02-23: this rule sends on business days only',
    );
    expect(reasons('2026-02-27')).toContain(
      'PO-0005: the due date moved to 2026-03-06, so the chase starts over: step 1 is due on 2026-03-09',
    );
    expect(reasons('2026-03-05')).toContain('PO-0008: chasing is paused; step 2 would be due today');
    expect(reasons('2026-03-16')).toContain(
      'PO-0001: all 3 steps sent (the last on 2026-02-25); the record is still open',
    );
    // Closed, draft and not-yet-late orders are not listed at all.
    const listed = new Set(days.flatMap((d) => d.plan.skipped.map((s) => s.record)));
    expect(listed.has('PO-0007')).toBe(false);
    expect([...day('2026-02-20').plan.skipped.map((s) => s.record)]).not.toContain('PO-0002');
  });

  it('renders what a supplier receives', () => {
    const final = days.find((d) => d.date === '2026-02-25')!.rendered[0]!.mail;
    expect(final.subject).toBe('Final notice: overdue deliveries from Acme Industrial');
    expect(final.to).toEqual([ACME]);
    expect(final.body).toMatch(/^Dear Maria Rossi,\n\nDespite two reminders/);
    expect(final.body).toContain(
      '- PO-0001: Order PO-0001, €1,200.00, ordered January 20, 2026, expected February 13, 2026',
    );
  });
});

describe('30 days of "Approved invoices past due" (every Monday, one list to finance)', () => {
  const FINANCE = 'finance@backoffice.example';
  const inv = (id: string, due: string, status: string) =>
    record('Invoices', id, {
      Supplier: 'SUP-0001',
      'Purchase order': null,
      'Invoice number': `A-${id.slice(4)}`,
      Amount: 500,
      Currency: 'EUR',
      'Issued on': '2026-01-10',
      'Due on': due,
      Status: status,
      'Paid on': null,
    });
  const recordsOn = timeline(
    [
      record('Suppliers', 'SUP-0001', { Name: 'Acme Industrial', Email: ACME }),
      inv('INV-0001', '2026-02-11', 'Approved'), // paid on 03-04
      inv('INV-0002', '2026-02-20', 'Approved'),
      inv('INV-0003', '2026-02-23', 'Received'), // approved on 02-25
      inv('INV-0004', '2026-03-02', 'Approved'), // due on a Monday: first listed the Monday after
      inv('INV-0005', '2026-02-10', 'Disputed'), // never
    ],
    [
      ['2026-02-25', 'INV-0003', { Status: 'Approved' }],
      ['2026-03-04', 'INV-0001', { Status: 'Paid', 'Paid on': '2026-03-04' }],
    ],
  );
  // MailApp returns no thread IDs: follow-ups then say so in their subject.
  const { days, log } = simulate({
    rules: [invoices],
    from: '2026-02-16',
    days: 30,
    recordsOn,
    missed: ['2026-03-09'],
    threads: false,
  });

  it('sends one list a week, on Monday, or on the first run after a missed Monday', () => {
    expect(mailsByDay(days)).toEqual({
      '2026-02-16': [`step 1 → ${FINANCE}: INV-0001`],
      '2026-02-23': [`step 2 → ${FINANCE}: INV-0001, INV-0002`],
      '2026-03-02': [`step 3 → ${FINANCE}: INV-0001, INV-0002, INV-0003`],
      '2026-03-10': [`step 3 → ${FINANCE}: INV-0002, INV-0003, INV-0004`],
      '2026-03-16': [`step 4 → ${FINANCE}: INV-0002, INV-0003, INV-0004`],
    });
    expect(days.map((d) => d.rerun)).toEqual(days.map(() => 0));
  });

  it('records each invoice at its own step, and says it is a follow-up where there is no thread', () => {
    expect(log.map((r) => r.key)).toContain(
      'Approved invoices past due: weekly list | chase CHR-0002: INV-0002 step 3 due 2026-02-20, INV-0003 step 2 due 2026-02-23, INV-0004 step 1 due 2026-03-02',
    );
    const subjects = days.flatMap((d) => d.rendered.map((m) => m.mail.subject));
    expect(subjects[0]).toBe('Approved invoices past their due date');
    expect(subjects[1]).toBe(
      'Approved invoices past their due date (follow-up to our mail of February 16, 2026)',
    );
    const body = days.find((d) => d.date === '2026-03-02')!.rendered[0]!.mail.body;
    expect(body).toContain('- Acme Industrial, invoice A-0001 (INV-0001): €500.00, due February 11, 2026\n');
    expect(body).not.toMatch(/\n{3,}/);
  });
});

describe('30 days of "Customer requests past Respond by" (steps 1, 3; the account manager copied at step 2)', () => {
  const req = (
    id: string,
    customer: string | null,
    owner: string | null,
    respondBy: string | null,
    status = 'New',
  ) =>
    record('Requests', id, {
      Customer: customer,
      'Received on': '2026-02-10',
      Channel: 'Email',
      Kind: 'Inquiry',
      Summary: `Question ${id}`,
      Status: status,
      Owner: owner,
      'Respond by': respondBy,
    });
  const recordsOn = timeline(
    [
      record('Customers', 'CUS-0001', {
        Name: 'Northwind',
        Email: 'hello@northwind.example',
        'Account manager': DORA,
      }),
      record('Customers', 'CUS-0002', { Name: 'Contoso', Email: null, 'Account manager': null }),
      req('REQ-0001', 'CUS-0001', ANNA, '2026-02-17'),
      req('REQ-0002', 'CUS-0002', ANNA, '2026-02-17', 'In progress'), // resolved on 02-20
      req('REQ-0003', 'CUS-0001', BEN, '2026-02-27'), // waiting on customer 03-03 to 03-09
      req('REQ-0004', null, null, '2026-02-16'), // nobody owns it
      req('REQ-0005', 'CUS-0002', ANNA, '2026-03-09'), // new date agreed on 03-11
      req('REQ-0006', null, BEN, null), // no Respond by: never chased
      req('REQ-0007', null, BEN, '2026-02-28'), // a Saturday
    ],
    [
      ['2026-02-20', 'REQ-0002', { Status: 'Resolved' }],
      ['2026-03-03', 'REQ-0003', { Status: 'Waiting on customer' }],
      ['2026-03-10', 'REQ-0003', { Status: 'In progress' }],
      ['2026-03-11', 'REQ-0005', { 'Respond by': '2026-03-13' }],
    ],
  );
  const { days } = simulate({ rules: [requests], from: '2026-02-16', days: 30, recordsOn });

  it('reminds each owner once per step, listing their late requests', () => {
    expect(mailsByDay(days)).toEqual({
      '2026-02-18': [`step 1 → ${ANNA}: REQ-0001, REQ-0002`],
      '2026-02-20': [`step 2 → ${ANNA} cc ${DORA}: REQ-0001 [in t1]`],
      // A Saturday Respond by counts from Monday: REQ-0007 joins REQ-0003's reminder.
      '2026-03-02': [`step 1 → ${BEN}: REQ-0003, REQ-0007`],
      '2026-03-04': [`step 2 → ${BEN}: REQ-0007 [in t2]`],
      // REQ-0003 is open again: its chase continues where it stopped.
      '2026-03-10': [`step 1 → ${ANNA}: REQ-0005`, `step 2 → ${BEN} cc ${DORA}: REQ-0003 [in t2]`],
      '2026-03-16': [`step 1 → ${ANNA}: REQ-0005`],
    });
    expect(days.map((d) => d.rerun)).toEqual(days.map(() => 0));
  });

  it('lists the request nobody owns, every business day, with the reason', () => {
    const missing = days.filter((d) =>
      d.plan.skipped.some(
        (s) => s.record === 'REQ-0004' && s.reason === 'no recipient for step 1: {{Owner}} is empty',
      ),
    );
    expect(missing[0]!.date).toBe('2026-02-17');
    expect(missing).toHaveLength(21);
  });

  it('writes the reminder an owner can act on', () => {
    const mail = days.find((d) => d.date === '2026-02-18')!.rendered[0]!.mail;
    expect(mail.subject).toBe('Customer requests waiting for your reply');
    expect(mail.body).toContain(
      '- REQ-0001 from Northwind, received February 10, 2026, respond by February 17, 2026: Question REQ-0001\n- REQ-0002 from Contoso',
    );
  });
});
