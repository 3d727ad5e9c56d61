/**
 * Kills for the fault suites (merge, chase): an error no code can handle. From step k on, every
 * service call fails, so nothing after it (no catch, no finally) reaches the document or the mailer,
 * as when Apps Script ends an execution at its time limit or a process dies.
 */
import type { TableSnapshot } from '../../src/core/table';
import type { OutgoingMail, SyncDocument, SyncMailer } from '../../src/ports';
import type { GasBundle } from '../gas/bundle-harness';

/** Older than any run can last (Apps Script's 6 minutes): a marker this old belongs to a dead run. */
export const STALE = 7 * 60_000;

export class Killed extends Error {
  constructor() {
    super('killed');
  }
}

/** Counts steps and dies at step k (Infinity: never), and at every step after it. */
export class KillSwitch {
  steps = 0;
  dead = false;
  constructor(private readonly k: number) {}
  tick(): void {
    if (!this.dead && ++this.steps === this.k) this.dead = true;
    if (this.dead) throw new Killed();
  }
}

/** A memory document and a mailer that tick the switch at every operation, and just after a mail left. */
export function killable(
  doc: SyncDocument,
  mailer: SyncMailer,
  kill: KillSwitch,
): { doc: SyncDocument; mailer: SyncMailer } {
  const tick = () => kill.tick();
  return {
    doc: {
      kind: doc.kind,
      env: () => doc.env(),
      withLock: (fn) => {
        tick();
        return doc.withLock(fn);
      },
      sheetNames: () => {
        tick();
        return doc.sheetNames();
      },
      read: (sheets, filters) => {
        tick();
        return doc.read(sheets, filters);
      },
      apply: (plan) => {
        tick();
        doc.apply(plan);
      },
    },
    mailer: {
      kind: 'killable',
      remainingQuota: () => {
        tick();
        return mailer.remainingQuota();
      },
      send: (mail: OutgoingMail) => {
        tick();
        const receipt = mailer.send(mail);
        tick(); // dying right after the mail left, before anyone heard back
        return receipt;
      },
    },
  };
}

/** Deep enough a copy of a memory register's sheets to start each kill from the same one. */
export function copyTables(tables: Map<string, TableSnapshot>): Map<string, TableSnapshot> {
  const out = new Map<string, TableSnapshot>();
  for (const [name, t] of tables)
    out.set(name, { name, header: [...t.header], rows: t.rows.map((r) => [...r]) });
  return out;
}

/**
 * Run `fn` in the Apps Script emulator killed at its k-th service call (counted by the emulator,
 * MailApp.sendEmail included). Returns its reply, or null when the kill came before the dispatcher
 * could catch anything, and the call it died at.
 */
export function killGasAt<T>(gas: GasBundle, k: number, fn: () => T): { reply: T | null; killedAt: string } {
  const calls = gas.env.calls as unknown as { record(name: string): void };
  const record = calls.record.bind(calls);
  let n = 0;
  let killedAt = '';
  calls.record = (name: string) => {
    record(name);
    if (!killedAt && ++n === k) killedAt = name;
    if (killedAt) throw new Killed();
  };
  try {
    return { reply: fn(), killedAt };
  } catch (e) {
    if (!(e instanceof Killed)) throw e;
    return { reply: null, killedAt };
  } finally {
    delete (calls as { record?: unknown }).record;
  }
}
