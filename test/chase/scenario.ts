/**
 * The starter register over 30 days, for every host: the three starter rules, the records they
 * chase, the changes people make along the way (a delivery arrives, a new date is promised, an
 * invoice is approved, then paid, a request waits on its customer, a record is paused), and the
 * mails each day must bring, exactly. The core calendars (test/core/chase/calendar.test.ts) check
 * the same rules without a host; here the whole path runs: records in sheets, Correspondence as the
 * state, the exactly-once send, the host's mailer, and (Apps Script) the daily trigger.
 *
 * No vitest here: the benchmark may import it too.
 */
export const ANNA = 'anna@backoffice.example';
export const BEN = 'ben@backoffice.example';
export const CARLA = 'carla@backoffice.example';
export const DORA = 'dora@backoffice.example';
export const ACME = 'orders@acme.example';
export const BRIGHT = 'dispatch@brightline.example';
export const FINANCE = 'finance@backoffice.example';

/** The first day of the calendar (a Monday) and its length. */
export const FIRST_DAY = '2026-02-16';
export const DAYS = 30;

export type Call = (
  method: string,
  request: unknown,
) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;

export async function must<T>(call: Call, method: string, request: unknown): Promise<T> {
  const reply = await call(method, request);
  if (!reply.ok) throw new Error(`${method} ${JSON.stringify(request)}: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

/** The records, in creation order (IDs follow: SUP-0001, PO-0001, ...). */
export const RECORDS: [string, Record<string, unknown>][] = [
  ['Suppliers', { Name: 'Acme Industrial', 'Contact name': 'Maria Rossi', Email: ACME }],
  ['Suppliers', { Name: 'Brightline Logistics', Email: BRIGHT }],
  ...(
    [
      ['SUP-0001', '2026-02-13', 'Ordered', ANNA], // PO-0001, due on a Friday
      ['SUP-0001', '2026-02-16', 'Ordered', BEN], // PO-0002: delivered on 02-19
      ['SUP-0001', '2026-02-13', 'Partially delivered', BEN], // PO-0003
      ['SUP-0002', '2026-02-20', 'Partially delivered', CARLA], // PO-0004
      ['SUP-0002', '2026-02-25', 'Ordered', CARLA], // PO-0005: promised again for 03-06 on 02-27
      ['SUP-0001', '2026-02-10', 'Draft', ANNA], // PO-0006: never ordered, never chased
      ['SUP-0001', '2026-02-27', 'Ordered', CARLA], // PO-0007: paused 03-03 to 03-06
    ] as const
  ).map(([supplier, expected, status, owner], i): [string, Record<string, unknown>] => [
    'Purchase Orders',
    {
      Supplier: supplier,
      Description: `Order ${i + 1}`,
      Amount: 1200,
      Currency: 'EUR',
      'Ordered on': '2026-01-20',
      'Expected delivery': expected,
      Status: status,
      Owner: owner,
    },
  ]),
  ...(
    [
      ['2026-02-11', 'Approved'], // INV-0001: paid on 03-04
      ['2026-02-20', 'Approved'], // INV-0002
      ['2026-02-23', 'Received'], // INV-0003: approved on 02-25
      ['2026-03-02', 'Approved'], // INV-0004: due on a Monday
      ['2026-02-10', 'Disputed'], // INV-0005: never listed
    ] as const
  ).map(([due, status], i): [string, Record<string, unknown>] => [
    'Invoices',
    {
      Supplier: 'SUP-0001',
      'Invoice number': `A-${i + 1}`,
      Amount: 500,
      Currency: 'EUR',
      'Issued on': '2026-01-10',
      'Due on': due,
      Status: status,
    },
  ]),
  ['Customers', { Name: 'Northwind', Email: 'hello@northwind.example', 'Account manager': DORA }],
  ['Customers', { Name: 'Contoso' }],
  ...(
    [
      ['CUS-0001', ANNA, '2026-02-17', 'New'], // REQ-0001
      ['CUS-0002', ANNA, '2026-02-17', 'In progress'], // REQ-0002: resolved on 02-20
      ['CUS-0001', BEN, '2026-02-27', 'New'], // REQ-0003: waiting on the customer 03-03 to 03-09
      [null, null, '2026-02-16', 'New'], // REQ-0004: nobody owns it
      ['CUS-0002', ANNA, '2026-03-09', 'New'], // REQ-0005: a new date agreed on 03-11
      [null, BEN, '2026-02-28', 'New'], // REQ-0006: due on a Saturday
    ] as const
  ).map(([customer, owner, respondBy, status], i): [string, Record<string, unknown>] => [
    'Requests',
    {
      ...(customer ? { Customer: customer } : {}),
      'Received on': '2026-02-10',
      Channel: 'Email',
      Kind: 'Inquiry',
      Summary: `Question ${i + 1}`,
      Status: status,
      ...(owner ? { Owner: owner } : {}),
      'Respond by': respondBy,
    },
  ]),
];

export type Change =
  | { kind: 'update'; table: string; id: string; values: Record<string, unknown> }
  | { kind: 'pause'; table: string; id: string; paused: boolean };

/** What people do, by the day it takes effect (before that day's run). */
export const CHANGES: Record<string, Change[]> = {
  '2026-02-19': [
    {
      kind: 'update',
      table: 'Purchase Orders',
      id: 'PO-0002',
      values: { Status: 'Delivered', 'Delivered on': '2026-02-19' },
    },
  ],
  '2026-02-20': [{ kind: 'update', table: 'Requests', id: 'REQ-0002', values: { Status: 'Resolved' } }],
  '2026-02-25': [{ kind: 'update', table: 'Invoices', id: 'INV-0003', values: { Status: 'Approved' } }],
  '2026-02-27': [
    {
      kind: 'update',
      table: 'Purchase Orders',
      id: 'PO-0005',
      values: { 'Expected delivery': '2026-03-06' },
    },
  ],
  '2026-03-03': [
    { kind: 'pause', table: 'Purchase Orders', id: 'PO-0007', paused: true },
    { kind: 'update', table: 'Requests', id: 'REQ-0003', values: { Status: 'Waiting on customer' } },
  ],
  '2026-03-04': [
    {
      kind: 'update',
      table: 'Invoices',
      id: 'INV-0001',
      values: { Status: 'Paid', 'Paid on': '2026-03-04' },
    },
  ],
  '2026-03-07': [{ kind: 'pause', table: 'Purchase Orders', id: 'PO-0007', paused: false }],
  '2026-03-10': [{ kind: 'update', table: 'Requests', id: 'REQ-0003', values: { Status: 'In progress' } }],
  '2026-03-11': [
    { kind: 'update', table: 'Requests', id: 'REQ-0005', values: { 'Respond by': '2026-03-13' } },
  ],
};

export async function seedScenario(call: Call): Promise<void> {
  for (const [table, values] of RECORDS) await must(call, 'createRecord', { table, values });
}

export async function applyChanges(call: Call, date: string): Promise<void> {
  for (const c of CHANGES[date] ?? []) {
    if (c.kind === 'update') await must(call, 'updateRecord', { table: c.table, id: c.id, values: c.values });
    else await must(call, 'chasePause', { table: c.table, id: c.id, paused: c.paused });
  }
}

/** A delivered mail, however the host delivered it. */
export interface Got {
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

/** A mail as the calendar lists it: `to cc ...: subject`. Record IDs are in the body's lines. */
export function describe(m: Got): string {
  const cc = m.cc.length > 0 ? ` cc ${[...m.cc].sort().join(', ')}` : '';
  const ids = [...new Set(m.body.match(/\b(PO|INV|REQ)-\d{4}\b/g) ?? [])].sort();
  return `${m.to.join(', ')}${cc}: ${ids.join(', ')}`;
}

export const addDays = (ymd: string, n: number): string =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Every mail of the 30 days, by day, as `describe` writes them (recipients, copies, the records the
 * body lists), in the order they go. Worked out by hand from the rules:
 * - Overdue deliveries: steps 1, 4, 8 business days after Expected delivery, grouped per supplier,
 *   the order's Owner copied from step 3 (the templates of steps 2 and 3 copy the owner as well).
 * - Approved invoices past due: every Monday, one list to finance.
 * - Customer requests past Respond by: steps 1 and 3 business days, to the Owner, the customer's
 *   account manager copied at step 2.
 */
export const EXPECTED: Record<string, string[]> = {
  '2026-02-16': [`${ACME}: PO-0001, PO-0003`, `${FINANCE}: INV-0001`],
  '2026-02-17': [`${ACME}: PO-0002`],
  '2026-02-18': [`${ANNA}: REQ-0001, REQ-0002`],
  '2026-02-19': [`${ACME} cc ${ANNA}, ${BEN}: PO-0001, PO-0003`],
  '2026-02-20': [`${ANNA} cc ${DORA}: REQ-0001`],
  '2026-02-23': [`${BRIGHT}: PO-0004`, `${FINANCE}: INV-0001, INV-0002`],
  '2026-02-25': [`${ACME} cc ${ANNA}, ${BEN}: PO-0001, PO-0003`],
  '2026-02-26': [`${BRIGHT}: PO-0005`, `${BRIGHT} cc ${CARLA}: PO-0004`],
  '2026-03-02': [
    `${ACME}: PO-0007`,
    `${FINANCE}: INV-0001, INV-0002, INV-0003`,
    `${BEN}: REQ-0003, REQ-0006`,
  ],
  '2026-03-04': [`${BRIGHT} cc ${CARLA}: PO-0004`, `${BEN}: REQ-0006`],
  '2026-03-09': [
    `${BRIGHT}: PO-0005`,
    `${ACME} cc ${CARLA}: PO-0007`,
    `${FINANCE}: INV-0002, INV-0003, INV-0004`,
  ],
  '2026-03-10': [`${ANNA}: REQ-0005`, `${BEN} cc ${DORA}: REQ-0003`],
  '2026-03-12': [`${BRIGHT} cc ${CARLA}: PO-0005`],
  '2026-03-13': [`${ACME} cc ${CARLA}: PO-0007`],
  '2026-03-16': [`${FINANCE}: INV-0002, INV-0003, INV-0004`, `${ANNA}: REQ-0005`],
};
