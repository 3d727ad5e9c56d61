/**
 * The mail-merge fault suite (test/merge/faults.test.ts), applied to chase runs: a run of 10 chase
 * mails (10 suppliers, one late order each) killed at every step, then run again. A kill is an error
 * no code can handle: from step k on, every service call fails, as when Apps Script ends an
 * execution at its time limit or a process dies. After the rerun: no supplier ever received a mail
 * twice; every order's chase mail is SENT, or held in SENDING for review; at most one is held per
 * kill, the one in flight.
 *
 * Apps Script: the real bundle in the emulator, killed at every service call of the run that can
 * leave something different behind. Memory: at every document and mailer operation, including just
 * after a mail was handed over. The local host: the CLI killed with SIGKILL (a test-only mailer).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableSnapshot } from '../../src/core/table';
import { openLocalDocument } from '../../src/hosts/local';
import type { ChaseOverview, ChaseRunResult } from '../../src/service/chase';
import type { MergeStatusResult } from '../../src/service/merge';
import { dispatchAsync, dispatchSync } from '../../src/service/rpc';
import { loadBundle } from '../gas/bundle-harness';
import { cli } from '../cli/run';
import { tempDir } from '../local/helpers';
import {
  cliWithTestMailer,
  copyTables,
  killable,
  expectExactlyOnce,
  killGasEverywhere,
  killOneAfterAnother,
  KillSwitch,
  STALE,
  testMailerLog,
} from '../merge/kill';
import { at, memoryChase, poId, seedLateOrders, supplierEmail, USER, ZONE } from './harness';
import { must, type Call } from './scenario';

const MAILS = 10;
/** Every run is for this Monday, whatever the clock says after many kills: the plan stays the same. */
const TODAY = '2026-02-16';

interface Row {
  key: string;
  state: string;
  recordIds: string[];
}

async function chaseRows(call: Call): Promise<Row[]> {
  const status = await must<MergeStatusResult>(call, 'mergeStatus', { limit: 2000 });
  return status.rows.filter((r) => r.key.includes(' | chase ')).reverse();
}

const MAIL_LIST = [...Array(MAILS)].map((_, i) => ({ id: poId(i + 1), to: supplierEmail(i + 1) }));

/** The exactly-once rules (kill.ts) over what was received and Correspondence now says. */
async function checkOnce(
  call: Call,
  received: string[],
  label: string,
  rerun: ChaseRunResult,
): Promise<number> {
  const states = new Map<string, string>();
  for (const r of await chaseRows(call)) for (const id of r.recordIds) states.set(id, r.state);
  return expectExactlyOnce(label, MAIL_LIST, received, states, rerun.stuck);
}

describe('faults: a 10-mail chase run killed at every step, then run again', () => {
  it('Apps Script: at every write, flush and send, and every call of the start, the first mail and the finish', async () => {
    const gas = loadBundle({ user: USER, now: at(TODAY, '09:00:00'), mailQuota: 1_000_000, timeZone: 'UTC' });
    const call: Call = async (method, request) => gas.rpc(method, request);
    await seedLateOrders(call, MAILS);
    const r = await killGasEverywhere(
      gas,
      MAILS,
      () => gas.rpc('chaseRun', { today: TODAY }),
      (label, rerun) =>
        checkOnce(
          call,
          gas.env.mail.flatMap((m) => m.to),
          label,
          rerun.value as ChaseRunResult,
        ),
    );
    expect(r.held).toBeGreaterThanOrEqual(MAILS * 2);
    expect(r.refusedWhileFresh).toBeGreaterThan(r.kills / 2);
    console.log(
      `chase, Apps Script kills: ${r.kills} of the run's ${r.calls} service calls; ${r.held} left the mail in flight held in SENDING`,
    );
  }, 60_000);

  it('memory: at every document and mailer operation, before and after each mail is handed over', async () => {
    const count = await killRun(Number.POSITIVE_INFINITY);
    expect(count.steps).toBeGreaterThan(MAILS * 4);
    let held = 0;
    for (let k = 1; k <= count.steps; k++) held += (await killRun(k)).held;
    expect(held).toBeGreaterThanOrEqual(MAILS);
  });
});

let seeded: Map<string, TableSnapshot> | undefined;

/** A memory register whose document and mailer die at operation k. */
async function killRun(k: number): Promise<{ steps: number; held: number }> {
  const h = memoryChase(at(TODAY, '09:00:00'));
  if (!seeded) {
    await seedLateOrders(h.call, MAILS);
    seeded = copyTables(h.doc.tables);
  } else for (const [name, t] of copyTables(seeded)) h.doc.tables.set(name, t);
  const { doc, mailer } = h;
  const kill = new KillSwitch(k);
  const dying = killable(doc, mailer, kill);
  const killed = JSON.parse(
    dispatchSync(dying.doc, 'chaseRun', JSON.stringify({}), {
      mailer: dying.mailer,
      runtime: { clock: h.now, startedAtMs: h.now(), owner: 'memory' },
    }),
  ) as { ok: boolean };
  if (k === Number.POSITIVE_INFINITY) {
    expect(killed.ok).toBe(true);
    return { steps: kill.steps, held: 0 };
  }
  expect(killed.ok).toBe(false);
  h.setNow(h.now() + STALE);
  const rerun = await must<ChaseRunResult>(h.call, 'chaseRun', {});
  const received = h.delivered().flatMap((m) => m.to);
  return { steps: kill.steps, held: await checkOnce(h.call, received, `memory kill at ${k}`, rerun) };
}

// ---------------------------------------------------------------------------------------------
// The CLI, killed with SIGKILL.

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('backoffice-chase-kill-'));
});
afterAll(() => cleanup());

describe('backoffice chase killed with SIGKILL as a mail goes or just after', () => {
  it('never sends a mail twice, and holds one more mail per kill', async () => {
    const document = { user: USER, timeZone: ZONE, now: () => at(TODAY, '09:00:00'), lockTimeoutMs: 2_000 };
    expect((await cli(dir, ['init', 'register.xlsx'], { document })).code).toBe(0);
    const file = path.join(dir, 'register.xlsx');
    const call: Call = (method, request) => dispatchAsync(openLocalDocument(file, document), method, request);
    await seedLateOrders(call, MAILS);
    const log = path.join(dir, 'sent.jsonl');
    const run = (mailer: string) =>
      cliWithTestMailer(dir, ['chase', 'register.xlsx', '--today', TODAY], mailer, log, {
        BACKOFFICE_USER: USER,
        BACKOFFICE_TZ: ZONE,
      });
    const kills = ['kill-at:2', 'kill-before:2', 'kill-at:1', 'kill-before:3', 'kill-at:1'];
    await killOneAfterAnother(
      kills,
      run,
      log,
      async () => (await chaseRows(call)).filter((r) => r.state === 'SENDING').length,
    );
    const last = await run('record');
    expect(last.code).toBe(1); // done, with mails held for review
    expect(last.stdout).toMatch(/5 chase mails are held in SENDING/);
    const sent = testMailerLog(log);
    expect(new Set(sent).size).toBe(sent.length);
    const rows = await chaseRows(call);
    expect(rows.filter((r) => r.state === 'SENDING')).toHaveLength(kills.length);
    for (let i = 1; i <= MAILS; i++) {
      const row = rows.filter((r) => r.recordIds.includes(poId(i))).at(-1)!;
      if (row.state === 'SENT')
        expect(
          sent.filter((a) => a === supplierEmail(i)),
          supplierEmail(i),
        ).toHaveLength(1);
      else expect(row.state).toBe('SENDING');
    }
    // kill-before: held, never sent; kill-at: held, sent once.
    expect(sent).toHaveLength(MAILS - 2);
    // The Chase view lists the held mails as stuck.
    const view = await must<ChaseOverview>(call, 'chasePlan', { today: TODAY });
    expect(view.stuck.map((s) => s.state)).toEqual(kills.map(() => 'SENDING'));
  }, 60_000);
});
