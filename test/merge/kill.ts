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

/** Mail i of a run: the record it is about, and where it goes. */
export interface KillMail {
  id: string;
  to: string;
}

/**
 * The exactly-once rules after a kill and a rerun: nobody received a mail twice; each record's mail
 * is SENT and went once, or is held in SENDING for review; at most one is held, the one in flight;
 * the rerun reports it as stuck. `states` is each record's latest Correspondence state. Returns how
 * many mails are held.
 */
export function expectExactlyOnce(
  label: string,
  mails: readonly KillMail[],
  received: readonly string[],
  states: ReadonlyMap<string, string>,
  stuck: readonly unknown[],
): number {
  const got = new Map<string, number>();
  for (const a of received) got.set(a, (got.get(a) ?? 0) + 1);
  let held = 0;
  for (const { id, to } of mails) {
    const n = got.get(to) ?? 0;
    expect(n, `${label}: ${to} received ${n} mails`).toBeLessThanOrEqual(1);
    if (states.get(id) === 'SENDING') held++;
    else {
      expect(states.get(id), `${label}: ${id}`).toBe('SENT');
      expect(n, `${label}: ${id} is SENT`).toBe(1);
    }
  }
  expect(held, `${label}: mails held in SENDING`).toBeLessThanOrEqual(1);
  expect(stuck.length, label).toBe(held);
  return held;
}

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { code?: string } | null;
}

/**
 * A run of `mails` mails in the real Apps Script bundle (already seeded), killed at every service
 * call of its start, its first mail and its finish, and for the mails between at the calls where a
 * kill leaves something different behind: the write (a plan half applied), the flush that commits
 * it, the send, and the call just after the send (the mail went, nothing recorded it yet). Each kill
 * starts from a register without Correspondence, mail or marker. After it, a run started at once may
 * be refused as busy (the marker is fresh); one started when the marker is stale runs again, and
 * `check` applies the exactly-once rules to what it finds, returning how many mails are held.
 */
export async function killGasEverywhere(
  gas: GasBundle,
  mails: number,
  run: () => Reply,
  check: (label: string, rerun: Reply) => Promise<number>,
): Promise<{ kills: number; calls: number; held: number; refusedWhileFresh: number }> {
  const ss = gas.env.spreadsheet;
  const reset = () => {
    gas.env.execute(() => {
      const log = ss.getSheetByName('Correspondence');
      if (log) ss.deleteSheet(log);
    });
    gas.env.mail.length = 0;
    gas.env.clock.advance(STALE);
  };
  for (let i = 0; i < 2; i++) {
    // Twice: the first run also appends the marker's row to _Register, later runs update it.
    reset();
    gas.env.calls.reset();
    const clean = run();
    expect(clean.ok, JSON.stringify(clean.error)).toBe(true);
  }
  const sequence = gas.env.calls.sequence();
  const sends = sequence.flatMap((c, i) => (c === 'MailApp.sendEmail' ? [i] : []));
  expect(sends).toHaveLength(mails);
  const STEP_CALLS = new Set(['Range.setValues', 'SpreadsheetApp.flush', 'MailApp.sendEmail']);
  const kills = sequence.flatMap((c, i) =>
    i <= sends[1]! || i >= sends[mails - 1]! || STEP_CALLS.has(c) || sequence[i - 1] === 'MailApp.sendEmail'
      ? [i + 1]
      : [],
  );
  let held = 0;
  let refusedWhileFresh = 0;
  for (const k of kills) {
    reset();
    // No reply: killed before the dispatcher could catch anything (the execution's first calls).
    const { reply: killed, killedAt } = killGasAt(gas, k, run);
    expect(killedAt !== '' && !(killed?.ok ?? false), `kill at ${k}`).toBe(true);
    // A marker younger than a run can last keeps a second run out...
    const early = run();
    if (!early.ok) {
      expect(early.error?.code).toBe('busy');
      refusedWhileFresh++;
    }
    // ...and once it is older, the next run takes over and sends what was left PENDING.
    gas.env.clock.advance(STALE);
    const rerun = run();
    expect(rerun.ok, `rerun after kill at ${k} (${killedAt}): ${JSON.stringify(rerun.error)}`).toBe(true);
    held += await check(`kill at call ${k} (${killedAt})`, rerun);
  }
  return { kills: kills.length, calls: sequence.length, held, refusedWhileFresh };
}
