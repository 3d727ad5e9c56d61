/**
 * "No service call per row, ever": the Apps Script calls of create, update, get and list do not
 * grow with the number of rows (DESIGN.md, Snapshot in, plan out).
 */
import { describe, expect, it } from 'vitest';
import { loadBundle } from './bundle-harness';
import { seedPurchaseOrders } from './seed';

function measure(rows: number) {
  const gas = loadBundle();
  gas.rpc('setupRegister', {});
  gas.rpc('createRecord', { table: 'Suppliers', values: { Name: 'Only Supplier', Email: 'o@only.example' } });
  for (let i = 2; i <= 12; i++)
    gas.rpc('createRecord', {
      table: 'Suppliers',
      values: { Name: `Supplier ${i}`, Email: `s${i}@s.example` },
    });
  seedPurchaseOrders(gas, rows);
  const counts: Record<string, Record<string, number>> = {};
  const op = (name: string, method: string, request: unknown) => {
    gas.env.calls.reset();
    const reply = gas.rpc(method, request);
    if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
    // Growing a full grid (insertRowsAfter) happens once when the sheet has no empty row left,
    // whatever its size, so it is left out of the comparison.
    const { ['Sheet.insertRowsAfter']: _grow, ...rest } = gas.env.calls.byName();
    counts[name] = rest;
  };
  op('create', 'createRecord', {
    table: 'Purchase Orders',
    values: { Supplier: 'SUP-0001', Description: 'New', Amount: 5, 'Expected delivery': '2026-12-31' },
  });
  op('update', 'updateRecord', {
    table: 'Purchase Orders',
    id: `PO-${String(Math.ceil(rows / 2)).padStart(4, '0')}`,
    version: 1,
    values: { Status: 'Delivered', 'Delivered on': '2026-06-01' },
  });
  op('get', 'getRecord', { table: 'Purchase Orders', id: 'PO-0001' });
  op('list', 'listRecords', { table: 'Purchase Orders', where: ['Status=Ordered'] });
  return counts;
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

describe('Apps Script service calls per operation', () => {
  it('are the same at 100 and 2,000 rows, with one read per table and one write per table', () => {
    const small = measure(100);
    const large = measure(2_000);
    for (const op of ['create', 'update', 'get', 'list']) expect(large[op], op).toEqual(small[op]);
    // create: Setup, Purchase Orders, Suppliers and _Register read once each with getValues;
    // one setValues for the new row, one for the counter, one for the audit line.
    expect(small.create!['Range.getValues']).toBe(4 + 1); // + the Audit header, to map its columns
    expect(small.create!['Range.setValues']).toBe(3);
    expect(small.update!['Range.setValues']).toBe(2); // the record's cells, the audit line
    expect(small.list!['Range.setValues'] ?? 0).toBe(0);
    expect(total(small.list!)).toBeLessThan(40);
  });

  it('keeps a person’s formula in their own column when updating the row around it', () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    const sheet = gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Purchase Orders')!);
    // A person inserts their own column between Status and Owner, with a formula in it.
    const header = gas.env.spreadsheet.read('Purchase Orders')[0] as string[];
    const statusCol = header.indexOf('Status') + 1;
    gas.env.execute(() => {
      sheet.insertColumnAfter(statusCol);
      sheet.getRange(1, statusCol + 1).setValue('My check');
      sheet.getRange(2, statusCol + 1).setFormula('=HYPERLINK("https://example.com","look")');
      sheet.getRange(3, statusCol + 1).setValue('0123 kept as text?');
    });
    const before = gas.env.spreadsheet.readFormulas('Purchase Orders')[1]![statusCol];
    const r = gas.rpc('updateRecord', {
      table: 'Purchase Orders',
      id: 'PO-0001',
      version: 1,
      values: { Status: 'Cancelled', Owner: 'ben@backoffice.example' },
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(gas.env.spreadsheet.readFormulas('Purchase Orders')[1]![statusCol]).toBe(before);
    expect(before).toContain('HYPERLINK');
    const rows = gas.env.spreadsheet.read('Purchase Orders');
    expect(rows[1]![statusCol - 1]).toBe('Cancelled');
    expect(rows[2]![statusCol]).toBe('0123 kept as text?');
  });
});
