/**
 * Chase test hosts: the memory register with a fake mailer (fast, every hook), and helpers shared by
 * the Apps Script and CLI tests. Times are Rome wall-clock times: the register's time zone.
 */
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import { instantOf } from '../../src/core/time';
import { dispatchSync } from '../../src/service/rpc';
import type { MergeRuntime } from '../../src/service/merge-driver';
import { FakeMailer } from '../merge/fake-mailer';
import type { Call, Got } from './scenario';

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
