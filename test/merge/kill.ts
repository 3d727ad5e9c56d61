/**
 * Kills for the fault suites (merge, chase): an error no code can handle. From step k on, every
 * service call fails, so nothing after it (no catch, no finally) reaches the document or the mailer,
 * as when Apps Script ends an execution at its time limit or a process dies. The CLI is killed for
 * real, with SIGKILL.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
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

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/backoffice.js');

export interface KilledCli {
  code: number | null;
  signal: string | null;
  stdout: string;
}

/**
 * The CLI killed with SIGKILL: `backoffice ...args` in a child process, sending through the test
 * mailer (src/cli/mail.ts, testMailer) that dies as `mailer` says and logs each mail that goes to `log`.
 */
export function cliWithTestMailer(
  dir: string,
  args: string[],
  mailer: string,
  log: string,
  env: NodeJS.ProcessEnv,
) {
  return new Promise<KilledCli>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: dir,
        env: { ...process.env, ...env, BACKOFFICE_TEST_MAILER: mailer, BACKOFFICE_TEST_MAILER_LOG: log },
      },
      (err, stdout) =>
        resolve({
          code: err ? ((err as { code?: number }).code ?? null) : 0,
          signal: (err as { signal?: string } | null)?.signal ?? null,
          stdout,
        }),
    );
  });
}

/** The first recipient of every mail the test mailer let go, in order. */
export function testMailerLog(log: string): string[] {
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { to: string[] }).to[0]!)
    : [];
}

/**
 * Kill the CLI as each of `kills` says, one after another: each time it dies by SIGKILL, no mail
 * has gone twice, and one more mail is held in SENDING (`held` counts them).
 */
export async function killOneAfterAnother(
  kills: string[],
  run: (mailer: string) => Promise<KilledCli>,
  log: string,
  held: () => Promise<number>,
): Promise<void> {
  for (const [i, mailer] of kills.entries()) {
    const killed = await run(mailer);
    expect(killed.signal, mailer).toBe('SIGKILL');
    const sent = testMailerLog(log);
    expect(new Set(sent).size, `${mailer}: a mail went twice`).toBe(sent.length);
    expect(await held(), `${mailer}: one more mail held per kill`).toBe(i + 1);
  }
}
