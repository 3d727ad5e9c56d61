/**
 * Apps Script service calls of a merge on the real bundle, for the call-count test and for
 * `npm run bench`: `records` customers in the sheet, `sends` of them merged.
 */
import type { MergeSendResult } from '../../src/service/merge';
import { loadBundle, type GasBundle } from '../gas/bundle-harness';
import { customerId, email, START, TEMPLATE, USER } from './fixtures';

/** Plain checks (this also runs in `npm run bench`, outside vitest). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`merge call count: ${what}`);
}

/** Customers straight into the sheet (not counted), in the order of the sheet's own header. */
function seedCustomers(gas: GasBundle, n: number): void {
  const header = gas.env.spreadsheet.read('Customers')[0] as string[];
  const created = new Date(START - 86_400_000);
  const rows: unknown[][] = [];
  for (let i = 1; i <= n; i++) {
    const values: Record<string, unknown> = {
      ID: customerId(i),
      Name: `Customer ${i}`,
      Email: email(i),
      Created: created,
      'Created by': USER,
      Updated: created,
      'Updated by': USER,
      Version: 1,
    };
    rows.push(header.map((h) => values[h] ?? ''));
  }
  gas.env.spreadsheet.seed('Customers', rows, { row: 2 });
}

export function measureMergeCalls(records: number, sends: number): Record<string, number> {
  const gas = loadBundle({ user: USER, now: START, mailQuota: 100_000, timeZone: 'UTC' });
  check(gas.rpc('setupRegister', {}).ok, 'setupRegister failed');
  const template = gas.rpc('createRecord', {
    table: 'Templates',
    values: {
      Name: TEMPLATE,
      Table: 'Customers',
      To: '{{Email}}',
      Subject: 'Welcome, {{Name}}',
      Body: 'Dear {{Name}}',
    },
  });
  check(template.ok, 'the template was not created');
  seedCustomers(gas, records);
  const ids = Array.from({ length: sends }, (_, i) => customerId(i + 1));
  gas.env.calls.reset();
  const reply = gas.rpc('mergeSend', { template: TEMPLATE, ids });
  check(reply.ok, JSON.stringify(reply.error));
  check(
    (reply.value as MergeSendResult).sent === sends,
    `sent ${(reply.value as MergeSendResult).sent}, not ${sends}`,
  );
  // The sends themselves are the mailer's; growing a full grid (insertRowsAfter) happens once
  // whatever the sheet's size, as in test/gas/call-counts.test.ts.
  const { ['MailApp.sendEmail']: sent, ['Sheet.insertRowsAfter']: _grow, ...rest } = gas.env.calls.byName();
  check(sent === sends, `MailApp.sendEmail ran ${sent} times, not ${sends}`);
  return rest;
}
