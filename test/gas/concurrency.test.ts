/**
 * Several people using the add-on at once, through the real bundle: the document lock keeps IDs
 * unique and records whole; a save based on a stale version is refused.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, type GasBundle } from './bundle-harness';

/** Swap the bundle's LockService for one that runs `meanwhile` once, right after the lock is taken. */
function interleave(gas: GasBundle, meanwhile: () => void): void {
  const real = gas.env.globals.LockService as GoogleAppsScript.Lock.LockService;
  let pending: (() => void) | null = meanwhile;
  (gas.context as Record<string, unknown>).LockService = {
    getDocumentLock() {
      const lock = real.getDocumentLock();
      return {
        tryLock(ms: number) {
          const got = lock.tryLock(ms);
          const run = pending;
          pending = null;
          if (got && run) run();
          return got;
        },
        waitLock: (ms: number) => lock.waitLock(ms),
        releaseLock: () => lock.releaseLock(),
        hasLock: () => lock.hasLock(),
      };
    },
  };
}

describe('Apps Script: several users at once', () => {
  it('two saves at once never share an ID and never lose a record: the second waits, is told, and retries', () => {
    const gas = loadBundle({ user: 'anna@backoffice.example' });
    expect(gas.rpc('setupRegister', { sample: true }).ok).toBe(true);
    let second: ReturnType<GasBundle['rpc']> | undefined;
    interleave(gas, () => {
      // Ben saves while Anna's save holds the lock: a second execution, nested in time.
      second = gas.rpc(
        'createRecord',
        { table: 'Customers', values: { Name: 'Ben Co' } },
        { user: 'ben@backoffice.example' },
      );
    });
    const first = gas.rpc('createRecord', { table: 'Customers', values: { Name: 'Anna Co' } });
    expect(first.ok).toBe(true);
    expect(second?.ok).toBe(false);
    expect(second?.error?.code).toBe('busy');
    expect(second?.error?.message).toMatch(/try again/);
    const retry = gas.rpc(
      'createRecord',
      { table: 'Customers', values: { Name: 'Ben Co' } },
      { user: 'ben@backoffice.example' },
    );
    expect(retry.ok).toBe(true);
    const ids = [(first.value as { id: string }).id, (retry.value as { id: string }).id];
    expect(new Set(ids).size).toBe(2);
    const list = gas.rpc('listRecords', { table: 'Customers', where: ['Name~Co'] }).value as {
      records: { id: string; values: { Name: string } }[];
    };
    expect(
      list.records
        .filter((r) => ['Anna Co', 'Ben Co'].includes(r.values.Name))
        .map((r) => r.id)
        .sort(),
    ).toEqual(ids.sort());
    const created = gas.rpc('getRecord', { table: 'Customers', id: ids[1] }).value as { createdBy: string };
    expect(created.createdBy).toBe('ben@backoffice.example');
  });

  it('an edit based on a version someone else has since saved is refused with their values', () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    const opened = gas.rpc('getRecord', { table: 'Suppliers', id: 'SUP-0003' }).value as { version: number };
    const ben = gas.rpc(
      'updateRecord',
      { table: 'Suppliers', id: 'SUP-0003', version: opened.version, values: { Phone: '+39 02 5550 0001' } },
      { user: 'ben@backoffice.example' },
    );
    expect(ben.ok).toBe(true);
    const anna = gas.rpc('updateRecord', {
      table: 'Suppliers',
      id: 'SUP-0003',
      version: opened.version,
      values: { Phone: '+39 02 5550 0002' },
    });
    expect(anna.error?.code).toBe('conflict');
    expect(anna.error?.message).toContain('ben@backoffice.example');
    const current = (anna.error?.details as { current: { values: { Phone: string }; version: number } })
      .current;
    expect(current.values.Phone).toBe('+39 02 5550 0001');
    expect(current.version).toBe(opened.version + 1);
  });

  it('IDs survive sorting and deleted rows: updates find records by ID, not by row', () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    const sheet = gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Suppliers')!);
    // A person deletes row 3 (SUP-0002) and moves the last supplier to the top.
    gas.env.execute(() => {
      sheet.deleteRow(3);
      const last = sheet.getLastRow();
      const width = sheet.getLastColumn();
      const moved = sheet.getRange(last, 1, 1, width).getValues();
      sheet.deleteRow(last);
      sheet.insertRowBefore(2);
      sheet.getRange(2, 1, 1, width).setValues(moved);
    });
    const r = gas.rpc('updateRecord', {
      table: 'Suppliers',
      id: 'SUP-0012',
      version: 1,
      values: { Status: 'Inactive' },
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const rows = gas.env.spreadsheet.read('Suppliers');
    const header = rows[0] as string[];
    const row = rows.find((x) => x[0] === 'SUP-0012')!;
    expect(row[header.indexOf('Status')]).toBe('Inactive');
    expect(rows[1]![0]).toBe('SUP-0012');
    const created = gas.rpc('createRecord', {
      table: 'Suppliers',
      values: { Name: 'After Delete', Email: 'a@after.example' },
    });
    expect((created.value as { id: string }).id).toBe('SUP-0013');
    expect(gas.rpc('getRecord', { table: 'Suppliers', id: 'SUP-0002' }).error?.code).toBe('not-found');
  });
});
