/**
 * Chase test hosts: the memory register with a fake mailer (fast, every hook), and helpers shared by
 * the Apps Script and CLI tests. Times are Rome wall-clock times: the register's time zone.
 */
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import { instantOf } from '../../src/core/time';
import { dispatchSync } from '../../src/service/rpc';
import type { MergeRuntime } from '../../src/service/merge-driver';
import { FakeMailer } from '../merge/fake-mailer';
import { must, type Call, type Got } from './scenario';

export const USER = 'anna@backoffice.example';
export const ZONE = 'Europe/Rome';

/** An instant: `date` at `time` in Rome. */
export const at = (date: string, time = '08:00:00') => instantOf(`${date}T${time}`, ZONE);

export interface MemoryChase {
  doc: MemoryDocument;
  mailer: FakeMailer;
  call: Call;
  now(): number;
  setNow(ms: number): void;
  delivered(): Got[];
}

export function memoryChase(start: number, opts: { runtime?: Partial<MergeRuntime> } = {}): MemoryChase {
  let now = start;
  const doc = new MemoryDocument(() => ({ user: USER, timeZone: ZONE, locale: 'en_US', nowMs: now }));
  const mailer = new FakeMailer(Number.POSITIVE_INFINITY);
  const call: Call = async (method, request) =>
    JSON.parse(
      dispatchSync(doc, method, JSON.stringify(request), {
        mailer,
        runtime: {
          clock: () => now,
          startedAtMs: now,
          budgetMs: 5 * 60_000,
          owner: 'memory',
          ...opts.runtime,
        },
      }),
    );
  return {
    doc,
    mailer,
    call,
    now: () => now,
    setNow: (ms) => (now = ms),
    delivered: () => mailer.delivered.map((m) => ({ to: m.to, cc: m.cc, subject: m.subject, body: m.text })),
  };
}

/** Late orders: supplier i (SUP-000i, this address) has order i (PO-000i), expected on Friday 2026-02-13. */
export const supplierEmail = (i: number) => `s${i}@suppliers.example`;
export const poId = (i: number) => `PO-${String(i).padStart(4, '0')}`;

/** The records of `n` suppliers with one late order each: one step-1 chase mail each on Monday 02-16. */
export function lateOrders(n: number): {
  suppliers: Record<string, unknown>[];
  orders: Record<string, unknown>[];
} {
  const each = [...Array(n)].map((_, i) => i + 1);
  return {
    suppliers: each.map((i) => ({ Name: `Supplier ${i}`, Email: supplierEmail(i) })),
    orders: each.map((i) => ({
      Supplier: `SUP-${String(i).padStart(4, '0')}`,
      Description: `Order ${i}`,
      Amount: 100,
      'Ordered on': '2026-01-20',
      'Expected delivery': '2026-02-13',
      Status: 'Ordered',
      Owner: USER,
    })),
  };
}

/** A new register with `n` late orders, entered one record at a time as a person would. */
export async function seedLateOrders(call: Call, n: number): Promise<void> {
  await must(call, 'setupRegister', {});
  const { suppliers, orders } = lateOrders(n);
  for (const values of suppliers) await must(call, 'createRecord', { table: 'Suppliers', values });
  for (const values of orders) await must(call, 'createRecord', { table: 'Purchase Orders', values });
}
