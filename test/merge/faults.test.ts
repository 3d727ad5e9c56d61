/**
 * Kill a 20-mail merge at every step, then run it again (issue 5, Faults). A kill is an error no
 * code can handle: from step k on, every service call fails, so nothing after it (no catch, no
 * finally) reaches the document or the mailer, as when Apps Script ends an execution at its time
 * limit or a process dies. After the rerun: no record ever received a mail twice; every record is
 * SENT, or held in SENDING for review; at most one is held per kill, the one in flight.
 *
 * Apps Script: the real bundle in the emulator, killed at every service call of the run (counted by
 * the emulator, MailApp.sendEmail included). Memory: killed at every document and mailer operation,
 * including just after a mail was handed over. The local host is killed with SIGKILL in cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { TableSnapshot } from '../../src/core/table';
import type { MergeSendResult } from '../../src/service/merge';
import { dispatchSync } from '../../src/service/rpc';
import { copyTables, expectExactlyOnce, killable, killGasEverywhere, KillSwitch, STALE } from './kill';
import { loadBundle } from '../gas/bundle-harness';
import { gasHarnessOn, memoryHarness, START, USER, type MergeHarness } from './harness';
import { customerId, email, ok, rows, seedRegister, TEMPLATE } from './merge-behaviour';

const MAILS = 20;

const MAIL_LIST = [...Array(MAILS)].map((_, i) => ({ id: customerId(i + 1), to: email(i + 1) }));

/** The exactly-once rules (kill.ts) over what the harness delivered and Correspondence now says. */
async function checkOnce(h: MergeHarness, label: string, rerun: MergeSendResult): Promise<number> {
  const states = new Map<string, string>();
  for (const r of [...(await rows(h))].reverse()) states.set(r.recordIds.join(','), r.state);
  const received = h
    .delivered()
    .flatMap((m) => [...m.to, ...m.cc, ...m.bcc])
    .filter((a) => a !== USER);
  return expectExactlyOnce(label, MAIL_LIST, received, states, rerun.stuck);
}

describe('faults: a 20-mail merge killed at every step, then run again', () => {
  it('Apps Script: at every step of every mail (write, flush, send, just after the send), at every call of step 1, the first mail and the finish', async () => {
    // UTC: the emulator's zone arithmetic is its slowest part, and the kills are not about time zones.
    const gas = loadBundle({ user: USER, now: START, mailQuota: 1_000_000, timeZone: 'UTC' });
    const h = gasHarnessOn(gas);
    await seedRegister(h, MAILS);
    const r = await killGasEverywhere(
      gas,
      MAILS,
      () => gas.rpc('mergeSend', { template: TEMPLATE }),
      (label, rerun) => checkOnce(h, label, rerun.value as MergeSendResult),
    );
    // Every kill after a mail's SENDING write and before its outcome's write holds that one mail.
    expect(r.held).toBeGreaterThanOrEqual(MAILS * 2);
    expect(r.refusedWhileFresh).toBeGreaterThan(r.kills / 2);
    console.log(
      `Apps Script kills: ${r.kills} of the run's ${r.calls} service calls; ${r.held} left the mail in flight held in SENDING`,
    );
  }, 60_000);

  it('memory: at every document and mailer operation, before and after each mail is handed over', async () => {
    // The steps of a clean run, counted the same way.
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
  const h = await memoryHarness();
  const { doc, mailer } = h;
  if (!seeded) {
    await seedRegister(h, MAILS);
    seeded = copyTables(doc.tables);
  } else for (const [name, t] of copyTables(seeded)) doc.tables.set(name, t);
  const kill = new KillSwitch(k);
  const dying = killable(doc, mailer, kill);
  const runtime = { clock: h.now, startedAtMs: h.now(), owner: 'memory' };
  const killed = JSON.parse(
    dispatchSync(dying.doc, 'mergeSend', JSON.stringify({ template: TEMPLATE }), {
      mailer: dying.mailer,
      runtime,
    }),
  ) as { ok: boolean };
  if (k === Number.POSITIVE_INFINITY) {
    expect(killed.ok).toBe(true);
    return { steps: kill.steps, held: 0 };
  }
  expect(killed.ok).toBe(false);
  h.advance(STALE);
  const rerun = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
  return { steps: kill.steps, held: await checkOnce(h, `memory kill at ${k}`, rerun) };
}
