/**
 * Filtered re-reads (ports.ts, RowFilter): before each mail a run re-reads only the rows of that
 * mail's records from their own table, unless a table it reads references that table. The memory
 * host applies filters as Excel does, so the decisions over a filtered read run in every memory test;
 * here the filter itself, when it applies, and a template whose records reference their own table.
 */
import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/core/cells';
import { SETUP_SHEET } from '../../src/core/schema';
import { filterRows, type TableSnapshot } from '../../src/core/table';
import { readSchema } from '../../src/core/setup';
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import type { RowFilter } from '../../src/ports';
import type { MergeSendResult } from '../../src/service/merge';
import { recordRows } from '../../src/service/row-filter';
import { memoryHarness, type MemoryHarness } from './harness';

const snapshot: TableSnapshot = {
  name: 'Purchase Orders',
  header: ['Status', ' id ', 'Description'],
  rows: [
    ['Ordered', 'PO-0001', 'Chairs'],
    ['Ordered', ' PO-0002 ', 'Desks'],
    ['Delivered', 'PO-0003', 'Lamps'],
    ['Ordered', 'PO-0002', 'A second row with the same ID'],
  ],
};

describe('filterRows', () => {
  it('keeps the header and the rows whose key column reads as a key, in sheet order', () => {
    expect(filterRows(snapshot, 'ID', ['PO-0002', 'PO-0009']).rows.map((r) => r[2])).toEqual([
      'Desks',
      'A second row with the same ID',
    ]);
    expect(filterRows(snapshot, 'ID', []).rows).toEqual([]);
    expect(filterRows(snapshot, 'ID', ['PO-0001']).header).toEqual(snapshot.header);
  });

  it('leaves a sheet without the key column whole: a filter may only leave rows out', () => {
    expect(filterRows(snapshot, 'Number', ['PO-0001'])).toBe(snapshot);
  });
});

/** Every read of `table` during `fn`: how many rows came back, and whether it was filtered. */
async function readsOf(h: MemoryHarness, table: string, fn: () => Promise<unknown>) {
  const seen: { rows: number; filtered: boolean }[] = [];
  const read = h.doc.read.bind(h.doc);
  h.doc.read = (sheets: readonly string[], filters?: readonly RowFilter[]) => {
    const out = read(sheets, filters);
    const t = out.get(table);
    if (t) seen.push({ rows: t.rows.length, filtered: (filters ?? []).some((f) => f.sheet === table) });
    return out;
  };
  try {
    await fn();
  } finally {
    h.doc.read = read;
  }
  return seen;
}

async function registerWithOrders(h: MemoryHarness, n: number): Promise<void> {
  await h.call('setupRegister', {});
  await h.seed('Suppliers', [{ Name: 'Acme', Email: 'orders@acme.example' }]);
  await h.seed(
    'Purchase Orders',
    [...Array(n)].map((_, i) => ({
      Supplier: 'SUP-0001',
      Description: `Order ${i + 1}`,
      Amount: 10,
      'Expected delivery': '2026-04-30',
      Status: 'Ordered',
    })),
  );
}

const schemaOf = (h: MemoryHarness) => readSchema(h.doc.tables.get(SETUP_SHEET));

describe('a run re-reads only the mail’s own rows', () => {
  it('filters the template’s table by the mail’s IDs, and reads the tables it references whole', async () => {
    const h = await memoryHarness();
    await registerWithOrders(h, 30);
    expect(recordRows(schemaOf(h), 'purchase orders', ['PO-0002'], ['Purchase Orders', 'Suppliers'])).toEqual(
      [{ sheet: 'Purchase Orders', column: 'ID', keys: ['PO-0002'] }],
    );
    expect(recordRows(schemaOf(h), 'No such table', ['X-1'], [])).toEqual([]);

    const reads = await readsOf(h, 'Purchase Orders', async () => {
      const run = await h.call('mergeSend', {
        template: 'Purchase order confirmation',
        ids: ['PO-0003', 'PO-0007', 'PO-0011'],
      });
      expect((run.value as MergeSendResult).sent).toBe(3);
    });
    // The start reads the table whole; each of the three mails' steps reads its one row.
    expect(reads[0]).toEqual({ rows: 30, filtered: false });
    expect(reads.filter((r) => r.filtered)).toEqual([
      { rows: 1, filtered: true },
      { rows: 1, filtered: true },
      { rows: 1, filtered: true },
    ]);
    expect(h.delivered().map((m) => m.subject)).toEqual([
      expect.stringContaining('PO-0003'),
      expect.stringContaining('PO-0007'),
      expect.stringContaining('PO-0011'),
    ]);
  });

  it('reads the whole table when a record may reference another record of its table', async () => {
    const h = await memoryHarness();
    await h.call('setupRegister', {});
    // A person adds "Replaces", a reference from an order to the order it replaces, and sets up again.
    const setup = h.doc.tables.get(SETUP_SHEET)!;
    const header = setup.header.map(cellText);
    const added: Record<string, string> = {
      Table: 'Purchase Orders',
      Field: 'Replaces',
      Type: 'reference',
      References: 'Purchase Orders',
    };
    setup.rows.push(header.map((c) => added[c] ?? ''));
    expect((await h.call('setupRegister', {})).ok).toBe(true);
    await h.seed('Suppliers', [{ Name: 'Acme', Email: 'orders@acme.example' }]);
    const order = { Supplier: 'SUP-0001', Amount: 10, 'Expected delivery': '2026-04-30' };
    await h.seed('Purchase Orders', [{ ...order, Description: 'Oak chairs', Status: 'Cancelled' }]);
    await h.seed('Purchase Orders', [
      { ...order, Description: 'Beech chairs', Status: 'Ordered', Replaces: 'PO-0001' },
    ]);
    await h.call('createRecord', {
      table: 'Templates',
      values: {
        Name: 'Replacement order',
        Table: 'Purchase Orders',
        To: '{{Supplier.Email}}',
        Subject: '{{ID}} replaces {{Replaces}}',
        Body: 'This order replaces {{Replaces}} ({{Replaces.Description}}).',
      },
    });
    expect(recordRows(schemaOf(h), 'Purchase Orders', ['PO-0002'], ['Purchase Orders', 'Suppliers'])).toEqual(
      [],
    );

    const reads = await readsOf(h, 'Purchase Orders', async () => {
      const run = await h.call('mergeSend', { template: 'Replacement order', ids: ['PO-0002'] });
      expect(run.error).toBeUndefined();
      expect((run.value as MergeSendResult).sent).toBe(1);
    });
    expect(reads.every((r) => !r.filtered && r.rows === 2)).toBe(true);
    expect(h.delivered()[0]!.body).toContain('This order replaces Oak chairs (Oak chairs).');
  });
});

describe('the memory host applies filters', () => {
  it('to the sheets they name, leaving the others whole', () => {
    const doc = new MemoryDocument(() => ({
      user: 'anna@backoffice.example',
      timeZone: 'UTC',
      locale: 'en_US',
      nowMs: 0,
    }));
    doc.tables.set('Purchase Orders', snapshot);
    doc.tables.set('Other', { name: 'Other', header: ['ID'], rows: [['PO-0001'], ['PO-0003']] });
    const out = doc.read(
      ['Purchase Orders', 'Other'],
      [{ sheet: 'Purchase Orders', column: 'ID', keys: ['PO-0003'] }],
    );
    expect(out.get('Purchase Orders')!.rows).toEqual([['Delivered', 'PO-0003', 'Lamps']]);
    expect(out.get('Other')!.rows).toHaveLength(2);
  });
});
