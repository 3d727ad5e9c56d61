/**
 * One behaviour suite for every host adapter (DESIGN.md, "One conformance suite"): the same
 * requests through each host's RPC dispatcher, the same answers, and a refused request leaves
 * the workbook exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorPayload } from '../../src/core/errors';
import type { RecordOut } from '../../src/core/records';
import { BAD_CASES, type Edit } from './bad-input-corpus';

export interface Reply {
  ok: boolean;
  value?: unknown;
  error?: ErrorPayload;
}

export interface HarnessHost {
  call(method: string, request: unknown): Promise<Reply>;
  /** The whole workbook in a canonical form (bytes, or every cell), to prove nothing changed. */
  dump(): Promise<string>;
  edit(e: Edit): Promise<void>;
  /** How many cells hold a formula, where the host has formulas. */
  formulaCells?(): Promise<number>;
  close?(): Promise<void>;
}

export interface HostOptions {
  timeZone: string;
  nowMs: number;
  user: string;
}

export type HostFactory = (opts: HostOptions) => Promise<HarnessHost>;

export const DEFAULT_OPTIONS: HostOptions = {
  timeZone: 'Europe/Rome',
  nowMs: Date.parse('2026-03-29T09:30:00Z'),
  user: 'anna.ferri@backoffice.example',
};

export const TIME_ZONES = [
  'UTC',
  'America/Los_Angeles',
  'Europe/Rome',
  'Asia/Kolkata',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];

async function ok<T>(host: HarnessHost, method: string, request: unknown): Promise<T> {
  const reply = await host.call(method, request);
  if (!reply.ok) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

async function sampleHost(factory: HostFactory, opts: Partial<HostOptions> = {}): Promise<HarnessHost> {
  const host = await factory({ ...DEFAULT_OPTIONS, ...opts });
  await ok(host, 'setupRegister', { sample: true });
  return host;
}

export function registerConformance(
  name: string,
  factory: HostFactory,
  opts: { badCases?: 'all' | number } = {},
): void {
  describe(`register conformance: ${name}`, () => {
    it('sets up the starter register with sample data, and validates it clean', async () => {
      const host = await sampleHost(factory);
      const check = await ok<{ problems: unknown[]; tables: { table: string; rows: number }[] }>(
        host,
        'validateRegister',
        {},
      );
      expect(check.problems).toEqual([]);
      expect(check.tables.find((t) => t.table === 'Purchase Orders')?.rows).toBe(50);
      const again = await ok<{ changes: string[] }>(host, 'setupRegister', {});
      expect(again.changes).toEqual([]);
      await host.close?.();
    });

    it('creates with defaults and references by name, updates by version, refuses a stale edit', async () => {
      const host = await sampleHost(factory);
      const created = await ok<RecordOut>(host, 'createRecord', {
        table: 'purchase orders',
        values: {
          Supplier: 'brightline logistics',
          Description: 'Pallets 🚚',
          Amount: '1,250.50',
          'Expected delivery': '2026-04-15',
        },
      });
      expect(created.id).toBe('PO-0051');
      expect(created.values).toMatchObject({
        Supplier: 'SUP-0002',
        Amount: 1250.5,
        Currency: 'EUR',
        'Ordered on': '2026-03-29',
        Status: 'Ordered',
        Owner: DEFAULT_OPTIONS.user,
      });
      expect(created.labels.Supplier).toBe('Brightline Logistics');

      const invoice = await ok<RecordOut>(host, 'createRecord', {
        table: 'Invoices',
        values: { Supplier: 'SUP-0002', 'Invoice number': 'BL-77', Amount: 99, 'Issued on': '2026-03-01' },
      });
      const terms = (await ok<RecordOut>(host, 'getRecord', { table: 'Suppliers', id: 'SUP-0002' })).values[
        'Payment terms days'
      ] as number;
      const due = new Date(Date.parse('2026-03-01T00:00:00Z') + terms * 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(invoice.values['Due on']).toBe(due);

      const updated = await ok<RecordOut>(host, 'updateRecord', {
        table: 'Purchase Orders',
        id: created.id,
        version: 1,
        values: { Status: 'Delivered', 'Delivered on': '2026-04-14' },
      });
      expect(updated.version).toBe(2);
      const before = await host.dump();
      const stale = await host.call('updateRecord', {
        table: 'Purchase Orders',
        id: created.id,
        version: 1,
        values: { Status: 'Cancelled' },
      });
      expect(stale.ok).toBe(false);
      expect(stale.error?.code).toBe('conflict');
      expect((stale.error?.details as { current: RecordOut }).current.values.Status).toBe('Delivered');
      expect(await host.dump()).toBe(before);

      const got = await ok<RecordOut>(host, 'getRecord', { table: 'Purchase Orders', id: 'po-0051' });
      expect(got).toMatchObject({
        id: 'PO-0051',
        version: 2,
        values: { Status: 'Delivered', 'Delivered on': '2026-04-14', Description: 'Pallets 🚚' },
      });
      await host.close?.();
    });

    it('lists with filters and search, hiding confidential fields from lists only', async () => {
      const host = await sampleHost(factory);
      const list = await ok<{ total: number; records: RecordOut[] }>(host, 'listRecords', {
        table: 'Purchase Orders',
        where: ['Supplier=Acme Industrial Supply'],
      });
      expect(list.total).toBeGreaterThan(0);
      expect(list.records.every((r) => r.values.Supplier === 'SUP-0001')).toBe(true);
      const found = await ok<{ total: number }>(host, 'listRecords', {
        table: 'Purchase Orders',
        query: 'toner',
      });
      expect(found.total).toBeGreaterThan(0);
      const staff = await ok<{ records: RecordOut[] }>(host, 'listRecords', { table: 'Staff' });
      expect(staff.records[0]!.values).not.toHaveProperty('Salary');
      const one = await ok<RecordOut>(host, 'getRecord', { table: 'Staff', id: staff.records[0]!.id });
      expect(typeof one.values.Salary).toBe('number');
      await host.close?.();
    });

    it('never reuses an ID, even after the last row is deleted by hand', async () => {
      const host = await sampleHost(factory);
      const a = await ok<RecordOut>(host, 'createRecord', {
        table: 'Customers',
        values: { Name: 'Temp Co' },
      });
      expect(a.id).toBe('CUS-0009');
      await host.edit({ sheet: 'Customers', header: 'ID', row: 10, to: '' });
      const b = await ok<RecordOut>(host, 'createRecord', {
        table: 'Customers',
        values: { Name: 'Next Co' },
      });
      expect(b.id).toBe('CUS-0010');
      await host.close?.();
    });

    it('stores formula-looking text, HTML, emoji, right-to-left text and the longest cell as plain text', async () => {
      const host = await sampleHost(factory);
      const tricky = [
        '=1+1',
        '+44 20 7946 0000 call',
        '-minus',
        '@SUM(A1)',
        '<script>alert(1)</script>',
        '<b>bold</b> & "quotes"',
        '😀👍🏽 emoji',
        'مرحبا بالعالم',
        'שלום',
        '0123',
        'TRUE',
        '2026-03-29',
        "'quoted",
      ];
      const before = (await host.formulaCells?.()) ?? 0;
      for (const [i, text] of tricky.entries()) {
        const r = await ok<RecordOut>(host, 'createRecord', {
          table: 'Tasks',
          values: { Title: `${text}`, 'Related record': text },
        });
        const back = await ok<RecordOut>(host, 'getRecord', { table: 'Tasks', id: r.id });
        expect(back.values.Title, `case ${i}`).toBe(text);
        expect(back.values['Related record'], `case ${i}`).toBe(text);
      }
      const longest = 'é'.repeat(32_767);
      const r = await ok<RecordOut>(host, 'createRecord', {
        table: 'Suppliers',
        values: { Name: 'Long Notes Ltd', Email: 'a@long.example', Notes: longest },
      });
      expect((await ok<RecordOut>(host, 'getRecord', { table: 'Suppliers', id: r.id })).values.Notes).toBe(
        longest,
      );
      if (host.formulaCells) expect(await host.formulaCells()).toBe(before);
      await host.close?.();
    });

    const every = opts.badCases === undefined || opts.badCases === 'all' ? 1 : opts.badCases;
    const cases = BAD_CASES.filter((b, i) => !b.edit && i % every === 0);
    it(`refuses ${cases.length} bad inputs with a clear message naming the field, changing nothing`, async () => {
      const host = await sampleHost(factory);
      for (const bad of cases) {
        if (bad.edit) continue;
        const before = await host.dump();
        const reply = await host.call(bad.method, bad.request);
        expect(reply.ok, bad.name).toBe(false);
        expect(reply.error?.code, `${bad.name}: ${reply.error?.message}`).toBe(bad.code);
        expect(reply.error?.message.length, bad.name).toBeGreaterThan(10);
        expect(reply.error?.message, bad.name).not.toMatch(/\n\s+at /);
        if (bad.field)
          expect(
            reply.error?.problems.map((p) => p.field),
            `${bad.name}: ${reply.error?.message}`,
          ).toContain(bad.field);
        if (bad.message) expect(reply.error?.message, bad.name).toMatch(bad.message);
        expect(await host.dump(), `${bad.name} changed the workbook`).toBe(before);
      }
      await host.close?.();
    });

    it('refuses requests on a workbook a person broke (renamed, duplicated, emptied, bad Setup), changing nothing', async () => {
      for (const bad of BAD_CASES.filter((b) => b.edit)) {
        const host = await sampleHost(factory);
        await host.edit(bad.edit!);
        const before = await host.dump();
        const reply = await host.call(bad.method, bad.request);
        expect(reply.ok, bad.name).toBe(false);
        expect(reply.error?.code, `${bad.name}: ${reply.error?.message}`).toBe(bad.code);
        if (bad.message) expect(reply.error?.message, bad.name).toMatch(bad.message);
        expect(await host.dump(), `${bad.name} changed the workbook`).toBe(before);
        await host.close?.();
      }
    });

    describe('dates read back as typed, whatever the spreadsheet time zone', () => {
      for (const timeZone of TIME_ZONES) {
        it(timeZone, async () => {
          const host = await factory({ ...DEFAULT_OPTIONS, timeZone });
          await ok(host, 'setupRegister', {});
          await ok(host, 'createRecord', {
            table: 'Suppliers',
            values: { Name: 'Tz Ltd', Email: 'tz@tz.example' },
          });
          const dates = ['2026-03-29', '2026-10-25', '2024-02-29', '2026-12-31', '2027-01-01'];
          for (const d of dates) {
            const r = await ok<RecordOut>(host, 'createRecord', {
              table: 'Purchase Orders',
              values: {
                Supplier: 'Tz Ltd',
                Description: d,
                Amount: 1,
                'Ordered on': d,
                'Expected delivery': d,
              },
            });
            const back = await ok<RecordOut>(host, 'getRecord', { table: 'Purchase Orders', id: r.id });
            expect(back.values['Ordered on'], `${timeZone} ${d}`).toBe(d);
            expect(back.values['Expected delivery'], `${timeZone} ${d}`).toBe(d);
          }
          await host.close?.();
        });
      }
    });
  });
}
