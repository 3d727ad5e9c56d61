/**
 * A register whose tables hold `n` rows each (Purchase Orders, Invoices, Requests, Tasks and the
 * Correspondence log), made straight into the memory host's snapshots: for the 100,000-row tests
 * and for the summary figures of `npm run bench` (summaryFigures below).
 */
import type { Cell } from '../../src/core/cells';
import type { Snapshots } from '../../src/core/records';
import { readSchema } from '../../src/core/setup';
import { summaryView } from '../../src/core/summary';
import { addDays } from '../../src/core/time';
import { FIXED, memoryRegister, TODAY } from './helpers';

export const STARTER_REPORT_NAMES = [
  'Overdue deliveries by supplier',
  'Payables ageing',
  'Spend by supplier by month',
  'Open requests by owner',
  'Tasks by department and status',
  'Correspondence this month',
];

const STATUSES = ['Draft', 'Ordered', 'Partially delivered', 'Delivered', 'Cancelled'];

export function bigRegister(N: number): { reg: ReturnType<typeof memoryRegister>; snap: Snapshots } {
  const fill = (table: string, prefix: string, make: (i: number) => Record<string, Cell>) => {
    const snap = reg.doc.tables.get(table)!;
    const header = snap.header.map(String);
    snap.rows = Array.from({ length: N }, (_, k) => {
      const values: Record<string, Cell> = {
        ID: `${prefix}-${String(k + 1).padStart(6, '0')}`,
        Version: 1,
        ...make(k),
      };
      return header.map((h) => values[h] ?? '');
    });
  };
  const reg = memoryRegister({ sample: false });
  const suppliers = Array.from({ length: 12 }, (_, i) => `SUP-${String(i + 1).padStart(4, '0')}`);
  reg.call('createRecord', {
    table: 'Suppliers',
    values: { Name: 'Only one by name', Email: 'a@b.example' },
  });
  const supplierSheet = reg.doc.tables.get('Suppliers')!;
  supplierSheet.rows = suppliers.map((id, i) =>
    supplierSheet.header.map((h) =>
      h === 'ID' ? id : h === 'Name' ? `Supplier ${i + 1}` : h === 'Version' ? 1 : '',
    ),
  );
  const day = (k: number, spread: number) => ({ date: addDays(TODAY, -(k % spread)) });
  fill('Purchase Orders', 'PO', (k) => ({
    Supplier: suppliers[k % 12]!,
    Description: `Item ${k}`,
    Amount: 100 + (k % 900),
    Currency: 'EUR',
    'Ordered on': day(k, 400),
    'Expected delivery': { date: addDays(TODAY, 30 - (k % 400)) },
    Status: STATUSES[k % 5]!,
  }));
  fill('Invoices', 'INV', (k) => ({
    Supplier: suppliers[k % 12]!,
    'Invoice number': `N${k}`,
    Amount: 50 + (k % 700),
    Currency: 'EUR',
    'Issued on': day(k, 200),
    'Due on': { date: addDays(TODAY, 20 - (k % 200)) },
    Status: ['Received', 'Approved', 'Disputed', 'Paid'][k % 4]!,
  }));
  fill('Requests', 'REQ', (k) => ({
    Summary: `Request ${k}`,
    'Received on': day(k, 30),
    Status: ['New', 'In progress', 'Waiting on customer', 'Resolved'][k % 4]!,
    Owner: `owner${k % 25}@example.com`,
    'Respond by': { date: addDays(TODAY, 5 - (k % 30)) },
  }));
  fill('Tasks', 'TSK', (k) => ({
    Title: `Task ${k}`,
    Department: ['Operations', 'Finance', 'HR', 'IT', 'Sales', 'Facilities'][k % 6]!,
    Status: ['Open', 'Blocked', 'Done'][k % 3]!,
  }));
  const log = reg.doc.tables.get('Correspondence')!;
  log.rows = Array.from({ length: N }, (_, k) =>
    log.header.map((h) =>
      h === 'When'
        ? { dateTime: `${addDays(TODAY, -(k % 60))}T10:00:00` }
        : h === 'Template'
          ? `Template ${k % 4}`
          : h === 'State'
            ? ['PENDING', 'SENT', 'SENT', 'FAILED'][k % 4]!
            : '',
    ),
  );
  const snap: Snapshots = {
    schema: readSchema(reg.doc.tables.get('Setup')),
    tables: reg.doc.tables,
    sheetNames: new Set(reg.doc.tables.keys()),
    env: { ...FIXED, locale: 'en_US' },
  };
  return { reg, snap };
}

/** Core time (ms) of each starter report over a register's snapshots: the median of three runs after a warm-up. */
export function coreTimes(snap: Snapshots): Record<string, number> {
  return Object.fromEntries(
    STARTER_REPORT_NAMES.map((report) => {
      summaryView(snap, { report });
      const runs = [0, 1, 2].map(() => {
        const t = performance.now();
        summaryView(snap, { report });
        return performance.now() - t;
      });
      return [report, Math.round(runs.sort((a, b) => a - b)[1]!)];
    }),
  );
}
