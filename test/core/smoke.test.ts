import { describe, expect, it } from 'vitest';
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import {
  createRecord,
  findRecords,
  setupRegister,
  updateRecord,
  validateRegister,
} from '../../src/service/register';
import { runSync } from '../../src/service/use-case';

const env = () => ({
  user: 'anna@example.com',
  timeZone: 'Europe/Rome',
  locale: 'en_US',
  nowMs: Date.parse('2026-03-29T10:00:00Z'),
});

describe('memory register', () => {
  it('initialises with sample data, validates clean, creates and updates', () => {
    const doc = new MemoryDocument(env);
    const r = runSync(doc, setupRegister({ sample: true }));
    expect(r.records?.Suppliers).toBe(12);
    expect(r.records?.['Purchase Orders']).toBe(50);
    const check = runSync(doc, validateRegister());
    expect(check.problems).toEqual([]);
    const po = runSync(
      doc,
      createRecord({
        table: 'Purchase Orders',
        values: {
          Supplier: 'acme industrial supply',
          Description: 'Bolts',
          Amount: 12.5,
          'Expected delivery': '2026-04-10',
        },
      }),
    );
    expect(po.id).toBe('PO-0051');
    expect(po.values.Supplier).toBe('SUP-0001');
    expect(po.values['Ordered on']).toBe('2026-03-29');
    expect(po.values.Owner).toBe('anna@example.com');
    const inv = runSync(
      doc,
      createRecord({
        table: 'Invoices',
        values: { Supplier: 'SUP-0001', 'Invoice number': 'X-1', Amount: 5, 'Issued on': '2026-03-01' },
      }),
    );
    expect(inv.values['Due on']).toMatch(/^2026-0[34]-\d\d$/);
    const up = runSync(
      doc,
      updateRecord({
        table: 'Purchase Orders',
        id: po.id,
        version: 1,
        values: { Status: 'delivered', 'Delivered on': '2026-04-01' },
      }),
    );
    expect(up.version).toBe(2);
    expect(() =>
      runSync(
        doc,
        updateRecord({ table: 'Purchase Orders', id: po.id, version: 1, values: { Status: 'Cancelled' } }),
      ),
    ).toThrow(/changed by/);
    const list = runSync(
      doc,
      findRecords({
        table: 'Purchase Orders',
        where: ['Status=Delivered', 'Supplier=Acme Industrial Supply'],
      }),
    );
    expect(list.records.some((x) => x.id === po.id)).toBe(true);
    expect(() =>
      runSync(
        doc,
        createRecord({
          table: 'Purchase Orders',
          values: { Supplier: 'Nope', Amount: -1, 'Expected delivery': '2026-02-30' },
        }),
      ),
    ).toThrow(/Supplier: no Suppliers record matches "Nope".*Description: is required/);
  });
});

describe('batches', () => {
  it('a bulk import sees its own earlier rows: IDs run on, uniqueness holds inside the batch', async () => {
    const { importRecords } = await import('../../src/service/register');
    const doc = new MemoryDocument(env);
    runSync(doc, setupRegister({}));
    const r = runSync(
      doc,
      importRecords('Suppliers', [
        { Name: 'One', Email: 'one@x.example' },
        { Name: 'Two', Email: 'two@x.example' },
      ]),
    );
    expect(r.ids).toEqual(['SUP-0001', 'SUP-0002']);
    expect(() =>
      runSync(
        doc,
        importRecords('Suppliers', [
          { Name: 'Three', Email: 'three@x.example' },
          { Name: 'three', Email: 'again@x.example' },
        ]),
      ),
    ).toThrow(/Row 3: Name: "three" is already used by SUP-0003/);
    const po = runSync(
      doc,
      importRecords('Purchase Orders', [
        { Supplier: 'Two', Description: 'x', Amount: 1, 'Expected delivery': '2026-04-01' },
      ]),
    );
    expect(po.ids).toEqual(['PO-0001']);
  });
});
