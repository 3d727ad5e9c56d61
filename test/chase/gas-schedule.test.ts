/**
 * The daily schedule on the real Apps Script bundle: one installable trigger per document, shown
 * with its owner; turned off by anyone (a trigger that is no longer the document's removes itself
 * when it fires); taken over by another user; refused while a merge continues by itself (an add-on
 * holds one timer per document); the daily run continues a merge that could not schedule its own
 * continuation; a run that stops before the time limit continues through a one-off trigger; and
 * Settings in the menu.
 */
import { describe, expect, it } from 'vitest';
import type { ChaseScheduleStatus } from '../../src/service/chase';
import type { MergeSendResult } from '../../src/service/merge';
import { loadBundle, type GasBundle } from '../gas/bundle-harness';
import { at, seedLateOrders, USER, ZONE } from './harness';
import { must, type Call } from './scenario';

const BEN = 'ben@backoffice.example';
const MONDAY = '2026-02-16';

function setUp(): { gas: GasBundle; call: Call; invoke: (h: string, e: object) => void } {
  const gas = loadBundle({ user: USER, now: at('2026-02-15', '10:00:00'), mailQuota: 1_500, timeZone: ZONE });
  const call: Call = async (method, request) => gas.rpc(method, request);
  const invoke = (handler: string, event: object) =>
    (gas.context as unknown as Record<string, (e: object) => void>)[handler]!(event);
  return { gas, call, invoke };
}

/** Each MailApp send takes this long on the fake clock. */
function slowMail(gas: GasBundle, ms: number): void {
  const real = gas.env.globals.MailApp as GoogleAppsScript.Mail.MailApp;
  (gas.context as Record<string, unknown>).MailApp = {
    getRemainingDailyQuota: () => real.getRemainingDailyQuota(),
    sendEmail: (message: GoogleAppsScript.Mail.MailAdvancedParameters) => {
      gas.env.clock.advance(ms);
      return real.sendEmail(message);
    },
  };
}

describe('Apps Script: the daily chase schedule', () => {
  it('is one trigger, shown with its owner; anyone may turn it off, and its trigger then removes itself', async () => {
    const { gas, call, invoke } = setUp();
    await seedLateOrders(call, 3);
    await must(call, 'chaseSchedule', { enabled: true });
    // Ben sees Anna's schedule, and that it is not his.
    const forBen = gas.rpc('chaseScheduleStatus', {}, { user: BEN });
    expect(forBen.value).toMatchObject({ enabled: true, owner: USER, mine: false, hour: 8 });
    expect((forBen.value as ChaseScheduleStatus).message).toMatch(
      /^Chases run every day at 08:00 \(Europe\/Rome\) as anna@/,
    );
    // He turns it off: the document forgets it; Anna's trigger goes at its next firing, sending nothing.
    const off = gas.rpc('chaseSchedule', { enabled: false }, { user: BEN });
    expect(off.value).toMatchObject({ enabled: false, owner: null });
    expect(gas.env.triggers).toHaveLength(1);
    const fired = gas.env.runDueTriggers(at(MONDAY, '12:00:00'), invoke);
    expect(fired.map((f) => [f.handler, f.error])).toEqual([['chaseDaily', undefined]]);
    expect(gas.env.triggers).toEqual([]);
    expect(gas.env.mail).toEqual([]);
    expect(gas.env.logs.map((l) => l.message)).toEqual([
      'Daily chases were turned off for this spreadsheet: this trigger was removed.',
    ]);
  });

  it('moves to another user who turns it on; the old trigger removes itself, the new one runs', async () => {
    const { gas, call, invoke } = setUp();
    await seedLateOrders(call, 3);
    await must(call, 'chaseSchedule', { enabled: true });
    const ben = gas.rpc('chaseSchedule', { enabled: true }, { user: BEN });
    expect(ben.value).toMatchObject({ enabled: true, owner: BEN, mine: true });
    expect(gas.env.triggers.map((t) => t.user)).toEqual([USER, BEN]);
    const fired = gas.env.runDueTriggers(at(MONDAY, '12:00:00'), invoke);
    expect(fired.map((f) => f.error)).toEqual([undefined, undefined]);
    expect(gas.env.triggers.map((t) => t.user)).toEqual([BEN]);
    expect(gas.env.mail.map((m) => [m.from, m.to[0]])).toEqual([
      [BEN, 's1@suppliers.example'],
      [BEN, 's2@suppliers.example'],
      [BEN, 's3@suppliers.example'],
    ]);
    expect(gas.rpc('chaseScheduleStatus', {}).value).toMatchObject({ owner: BEN, mine: false });
  });

  it('reopens the register by ID: a time-driven add-on trigger has no active spreadsheet', async () => {
    const { gas, call, invoke } = setUp();
    await seedLateOrders(call, 1);
    await must(call, 'chaseSchedule', { enabled: true });
    gas.env.calls.reset();
    gas.env.runDueTriggers(at(MONDAY, '12:00:00'), invoke);
    expect(gas.env.calls.count('SpreadsheetApp.openById')).toBe(1);
    expect(gas.env.mail).toHaveLength(1);
  });

  it('is refused, with the reason, while a merge continues by itself; the daily run continues a merge', async () => {
    const { gas, call, invoke } = setUp();
    await seedLateOrders(call, 12);
    await must(call, 'createRecord', {
      table: 'Templates',
      values: { Name: 'Hello', Table: 'Suppliers', To: '{{Email}}', Subject: 'Hello {{Name}}', Body: 'Hi' },
    });
    gas.env.runDueTriggers(at(MONDAY, '09:00:00'), invoke);
    // A merge that stops before the time limit holds the document's one timer with its continuation.
    slowMail(gas, 60_000);
    const merge = await must<MergeSendResult>(call, 'mergeSend', { template: 'Hello' });
    expect(merge).toMatchObject({ stoppedBecause: 'time', continuation: 'trigger' });
    const refused = gas.rpc('chaseSchedule', { enabled: true });
    expect(refused.error).toMatchObject({ code: 'busy' });
    expect(refused.error!.message).toMatch(/^A mail merge is continuing by itself in this spreadsheet/);
    // Once it has finished, the schedule can be turned on.
    slowMail(gas, 0);
    gas.env.runDueTriggers(gas.env.clock.now() + 10 * 60_000, invoke);
    expect(gas.env.triggers).toEqual([]);
    await must(call, 'chaseSchedule', { enabled: true });

    // Now a merge that stops cannot schedule its continuation: the daily run continues it.
    slowMail(gas, 60_000);
    const second = await must<MergeSendResult>(call, 'mergeSend', { template: 'Hello', resend: true });
    expect(second).toMatchObject({ stoppedBecause: 'time', continuation: 'manual' });
    const left = second.pending;
    expect(left).toBeGreaterThan(0);
    slowMail(gas, 1_000);
    const before = gas.env.mail.length;
    gas.env.runDueTriggers(at('2026-02-17', '12:00:00'), invoke);
    const sent = gas.env.mail.slice(before);
    expect(sent.filter((m) => m.subject.startsWith('Hello'))).toHaveLength(left);
    expect(gas.env.logs.at(-1)?.message).toMatch(
      new RegExp(`^Mail merge "Hello": Sent ${left} mails of ${left}\\.`),
    );
  });

  it('a daily run that stops before the time limit continues through a one-off trigger, each mail once', async () => {
    const { gas, call, invoke } = setUp();
    await seedLateOrders(call, 10);
    await must(call, 'chaseSchedule', { enabled: true });
    slowMail(gas, 40_000);
    const fired = gas.env.runDueTriggers(at(MONDAY, '12:00:00'), invoke);
    expect(fired.map((f) => [f.handler, f.error])).toEqual([
      ['chaseDaily', undefined],
      ['chaseDaily', undefined],
    ]);
    expect(gas.env.logs.map((l) => l.message)).toEqual([
      expect.stringMatching(
        /^Chases for 2026-02-16: sent 7 mails of 10\. Stopped before the time limit; 3 wait and continue by themselves/,
      ),
      'Chases for 2026-02-16: sent 3 mails of 3 (3 left by an earlier run).',
    ]);
    expect(new Set(gas.env.mail.map((m) => m.to[0])).size).toBe(10);
    expect(gas.env.mail).toHaveLength(10);
    // The one-off removed itself; the daily trigger stays.
    expect(gas.env.triggers.map((t) => t.schedule?.kind)).toEqual(['days']);
  });

  it('Run chases now shows what went out; Settings turns the schedule on and off', async () => {
    const { gas, call } = setUp();
    await seedLateOrders(call, 2);
    gas.env.clock.advance(at(MONDAY, '09:00:00') - gas.env.clock.now());
    gas.run('menuRunChasesNow');
    expect(gas.env.ui.alerts.at(-1)).toEqual({
      title: 'Run chases now',
      prompt: [
        'Chases for 2026-02-16: sent 2 mails of 2.',
        '- Overdue deliveries, step 1: to s1@suppliers.example: PO-0001',
        '- Overdue deliveries, step 1: to s2@suppliers.example: PO-0002',
      ].join('\n'),
      buttons: 'OK',
    });
    gas.env.ui.queueAlertResponse('YES');
    gas.run('menuSettings');
    expect(gas.env.ui.alerts.at(-2)?.prompt).toMatch(
      /^Chases do not run by themselves\. Turned on, they run every day at 08:00 \(Europe\/Rome\), as you\.\n\nTurn daily chases on\?$/,
    );
    expect(gas.env.ui.alerts.at(-1)?.prompt).toMatch(
      /^Chases run every day at 08:00 \(Europe\/Rome\) as you/,
    );
    expect(gas.env.triggers).toHaveLength(1);
    gas.env.ui.queueAlertResponse('YES');
    gas.run('menuSettings');
    expect(gas.env.triggers).toEqual([]);
    expect((await must<ChaseScheduleStatus>(call, 'chaseScheduleStatus', {})).enabled).toBe(false);
  });
});
