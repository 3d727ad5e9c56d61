/**
 * Apps Script service calls of a chase run on the real bundle, for the call-count test (and for
 * `npm run bench`, which may import it): `rows` purchase orders in the sheet, of which `due` are one
 * business day late (one supplier each: one mail each); the rest are delivered, or open and not yet
 * due, so the planner looks at every one of them.
 */
import type { ChaseRunResult } from '../../src/service/chase';
import { loadBundle, type GasBundle } from '../gas/bundle-harness';

export const CALLS_TODAY = '2026-02-16';
const USER = 'anna@backoffice.example';
const SUPPLIERS = 40;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`chase call count: ${what}`);
}

/** Purchase orders straight into the sheet (not counted), in the order of the sheet's own header. */
function seedOrders(gas: GasBundle, rows: number, due: number): void {
  const header = gas.env.spreadsheet.read('Purchase Orders')[0] as string[];
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const out: unknown[][] = [];
  for (let i = 1; i <= rows; i++) {
    const late = i <= due;
    const values: Record<string, unknown> = {
      ID: `PO-${String(i).padStart(5, '0')}`,
      Supplier: `SUP-${String(late ? i : (i % SUPPLIERS) + 1).padStart(4, '0')}`,
      Description: `Item ${i}`,
      Amount: 100 + (i % 900),
      Currency: 'EUR',
      'Ordered on': day('2026-01-05'),
      // Late orders were expected on Friday; the others in March (open) or delivered.
      'Expected delivery': day(late ? '2026-02-13' : '2026-03-20'),
      'Delivered on': late || i % 2 === 0 ? '' : day('2026-02-10'),
      Status: late || i % 2 === 0 ? 'Ordered' : 'Delivered',
      Owner: USER,
      Created: day('2026-01-05'),
      'Created by': USER,
      Updated: day('2026-01-05'),
      'Updated by': USER,
      Version: 1,
    };
    out.push(header.map((h) => values[h] ?? ''));
  }
  gas.env.spreadsheet.seed('Purchase Orders', out, { row: 2 });
}

export interface ChaseCalls {
  /** Service calls by name, the sends and the one-off grid growth left out. */
  calls: Record<string, number>;
  sent: number;
  ms: number;
}

export function measureChaseCalls(rows: number, due: number): ChaseCalls {
  const gas = loadBundle({
    user: USER,
    now: Date.parse(`${CALLS_TODAY}T09:00:00Z`),
    mailQuota: 100_000,
    timeZone: 'UTC',
  });
  check(gas.rpc('setupRegister', {}).ok, 'setupRegister failed');
  for (let i = 1; i <= SUPPLIERS; i++)
    check(
      gas.rpc('createRecord', {
        table: 'Suppliers',
        values: { Name: `Supplier ${i}`, Email: `s${i}@suppliers.example` },
      }).ok,
      'a supplier was not created',
    );
  seedOrders(gas, rows, due);
  gas.env.calls.reset();
  const t = performance.now();
  const reply = gas.rpc('chaseRun', {});
  const ms = performance.now() - t;
  check(reply.ok, JSON.stringify(reply.error));
  const result = reply.value as ChaseRunResult;
  check(result.sent === due, `sent ${result.sent}, not ${due}: ${result.message}`);
  const { ['MailApp.sendEmail']: sent, ['Sheet.insertRowsAfter']: _grow, ...calls } = gas.env.calls.byName();
  check(sent === due, `MailApp.sendEmail ran ${sent} times, not ${due}`);
  return { calls, sent: sent ?? 0, ms };
}
