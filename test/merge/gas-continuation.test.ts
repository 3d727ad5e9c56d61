/**
 * Apps Script only: a run that stops before the time limit schedules a one-off trigger, which
 * continues in an execution of its own, without the document (as an add-on's time-driven trigger
 * runs), until every mail is sent.
 */
import { describe, expect, it } from 'vitest';
import type { MergeSendResult } from '../../src/service/merge';
import { loadBundle } from '../gas/bundle-harness';
import { gasHarnessOn, START, USER } from './harness';
import { email, ok, received, rows, seedRegister, TEMPLATE } from './merge-behaviour';

function setUp() {
  const gas = loadBundle({ user: USER, now: START, mailQuota: 100_000 });
  const h = gasHarnessOn(gas);
  return { gas, h };
}

describe('Apps Script: continuing after the time limit', () => {
  it('schedules a one-off trigger that continues without the document until every mail is sent', async () => {
    const { gas, h } = setUp();
    await seedRegister(h, 20);
    h.sendTakes(40_000);
    const first = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
    expect(first).toMatchObject({ stoppedBecause: 'time', continuation: 'trigger', sent: 7, pending: 13 });
    expect(first.message).toMatch(/continue by themselves/);
    expect(gas.env.triggers.map((t) => t.handler)).toEqual(['mergeContinue']);
    const fired = gas.env.runDueTriggers(gas.env.clock.now() + 60 * 60_000, (handler, event) =>
      (gas.context as unknown as Record<string, (e: object) => void>)[handler]!(event),
    );
    expect(fired.map((f) => f.error)).toEqual([undefined, undefined]);
    for (let i = 1; i <= 20; i++) expect(received(h).get(email(i)), email(i)).toBe(1);
    expect((await rows(h)).every((r) => r.state === 'SENT')).toBe(true);
    // Every one-off trigger deleted itself, and its note with it.
    expect(gas.env.triggers).toEqual([]);
    expect([...gas.env.properties.user(USER).keys()]).toEqual([]);
    expect(gas.env.logs.map((l) => l.message)).toEqual([
      expect.stringMatching(/^Sent 7 mails of 13/),
      expect.stringMatching(/^Sent 6 mails of 6/),
    ]);
  });

  it('says Continue must be pressed when the document already has its one time-driven trigger', async () => {
    const { gas, h } = setUp();
    await seedRegister(h, 10);
    // A chase schedule holds the add-on's one time-driven trigger in this document.
    gas.env.execute(() =>
      (gas.env.globals.ScriptApp as GoogleAppsScript.Script.ScriptApp)
        .newTrigger('chase')
        .timeBased()
        .everyHours(1)
        .create(),
    );
    h.sendTakes(60_000);
    const first = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
    expect(first).toMatchObject({ stoppedBecause: 'time', continuation: 'manual' });
    expect(gas.env.triggers.map((t) => t.handler)).toEqual(['chase']);
    h.sendTakes(0);
    const rest = await ok<MergeSendResult>(h, 'mergeContinue', { template: TEMPLATE });
    expect(rest.pending).toBe(0);
    for (let i = 1; i <= 10; i++) expect(received(h).get(email(i))).toBe(1);
  });
});
