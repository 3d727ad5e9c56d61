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
import { copyTables, killable, killGasAt, KillSwitch, STALE } from './kill';
import { loadBundle } from '../gas/bundle-harness';
import { gasHarnessOn, memoryHarness, START, USER, type MergeHarness } from './harness';
import { customerId, email, ok, received, rows, seedRegister, TEMPLATE } from './merge-behaviour';

const MAILS = 20;

/** The state after the kill and the rerun must satisfy the exactly-once rules. */
async function expectExactlyOnce(h: MergeHarness, label: string, rerun: MergeSendResult): Promise<number> {
  const got = received(h);
  const log = await rows(h);
  const latest = new Map<string, string>();
  for (const r of [...log].reverse()) latest.set(r.recordIds.join(','), r.state);
  let held = 0;
  for (let i = 1; i <= MAILS; i++) {
    const n = got.get(email(i)) ?? 0;
    const state = latest.get(customerId(i));
    expect(n, `${label}: ${email(i)} received ${n} mails`).toBeLessThanOrEqual(1);
    if (state === 'SENDING') held++;
    else {
      expect(state, `${label}: ${customerId(i)}`).toBe('SENT');
      expect(n, `${label}: ${customerId(i)} is SENT`).toBe(1);
    }
  }
  expect(held, `${label}: mails held in SENDING`).toBeLessThanOrEqual(1);
  expect(rerun.stuck.length, label).toBe(held);
  return held;
}

describe('faults: a 20-mail merge killed at every step, then run again', () => {
  it('Apps Script: at every step of every mail (write, flush, send, just after the send), at every call of step 1, the first mail and the finish', async () => {
    // UTC: the emulator's zone arithmetic is its slowest part, and the kills are not about time zones.
    const gas = loadBundle({ user: USER, now: START, mailQuota: 1_000_000, timeZone: 'UTC' });
    const h = gasHarnessOn(gas);
    await seedRegister(h, MAILS);
    const ss = gas.env.spreadsheet;
    // Each kill starts from a register without correspondence, no mail and no marker.
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
      expect(gas.rpc('mergeSend', { template: TEMPLATE }).ok).toBe(true);
    }
    const sequence = gas.env.calls.sequence();
    expect(sequence.filter((c) => c === 'MailApp.sendEmail')).toHaveLength(MAILS);
    const sends = sequence.flatMap((c, i) => (c === 'MailApp.sendEmail' ? [i] : []));
    const firstCycleEnd = sends[1]!;
    const lastSend = sends[MAILS - 1]!;
    // Every call of step 1 and the first mail's cycle, and of the finish after the last send; for
    // the mails between, the calls where a kill leaves something different behind: the write (a
    // plan half applied), the flush that commits it, the send, and the call just after the send
    // (the mail went, nothing recorded it yet).
    const STEP_CALLS = new Set(['Range.setValues', 'SpreadsheetApp.flush', 'MailApp.sendEmail']);
    const kills = sequence.flatMap((c, i) =>
      i <= firstCycleEnd || i >= lastSend || STEP_CALLS.has(c) || sequence[i - 1] === 'MailApp.sendEmail'
        ? [i + 1]
        : [],
    );

    let held = 0;
    let refusedWhileFresh = 0;
    for (const k of kills) {
      reset();
      const { reply: killed, killedAt } = killGasAt(gas, k, () =>
        gas.rpc('mergeSend', { template: TEMPLATE }),
      );
      // No reply: killed before the dispatcher could catch anything (the execution's first calls).
      expect(killedAt, `kill at ${k}`).not.toBe('');
      expect(killed?.ok ?? false, `kill at ${k}`).toBe(false);
      // A marker younger than a run can last keeps a second merge out...
      const early = gas.rpc('mergeSend', { template: TEMPLATE });
      if (!early.ok) {
        expect(early.error?.code).toBe('busy');
        refusedWhileFresh++;
      }
      // ...and once it is older, the next run takes over.
      gas.env.clock.advance(STALE);
      const rerun = gas.rpc('mergeSend', { template: TEMPLATE });
      expect(rerun.ok, `rerun after kill at ${k} (${killedAt}): ${JSON.stringify(rerun.error)}`).toBe(true);
      held += await expectExactlyOnce(h, `kill at call ${k} (${killedAt})`, rerun.value as MergeSendResult);
    }
    // Every kill after a mail's SENDING write and before its outcome's write holds that one mail.
    expect(held).toBeGreaterThanOrEqual(MAILS * 2);
    expect(refusedWhileFresh).toBeGreaterThan(kills.length / 2);
    console.log(
      `Apps Script kills: ${kills.length} of the run's ${sequence.length} service calls; ${held} left the mail in flight held in SENDING`,
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
  return { steps: kill.steps, held: await expectExactlyOnce(h, `memory kill at ${k}`, rerun) };
}
