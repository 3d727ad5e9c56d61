/**
 * The three starter rules, 30 days, on the real Apps Script bundle in the emulator: daily chases are
 * turned on from Settings (one installable trigger, 08:00 in the spreadsheet's zone, owned by the
 * user), the trigger fires every day on the fake clock and reopens the register by ID (a time-driven
 * add-on trigger has no active document), MailApp delivers, Correspondence records the state.
 * People change records between runs; every day's mails are checked exactly, and a second run the
 * same day ("Run chases now") sends nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ChaseRecordResult, ChaseScheduleStatus } from '../../src/service/chase';
import type { MergeStatusResult } from '../../src/service/merge';
import { loadBundle } from '../gas/bundle-harness';
import { at, USER, ZONE } from './harness';
import {
  ACME,
  addDays,
  applyChanges,
  DAYS,
  describe as describeMail,
  EXPECTED,
  FIRST_DAY,
  must,
  seedScenario,
  type Call,
} from './scenario';

describe('Apps Script: the starter rules run daily from their trigger for 30 days', () => {
  it('sends exactly the expected mails each day, records them, and nothing twice', async () => {
    const gas = loadBundle({
      user: USER,
      now: at('2026-02-15', '10:00:00'),
      mailQuota: 1_500,
      timeZone: ZONE,
    });
    const call: Call = async (method, request) => gas.rpc(method, request);
    await must(call, 'setupRegister', {});
    await seedScenario(call);

    const off = await must<ChaseScheduleStatus>(call, 'chaseScheduleStatus', {});
    expect(off).toMatchObject({ supported: true, enabled: false, wantedHour: 8 });
    const on = await must<ChaseScheduleStatus>(call, 'chaseSchedule', { enabled: true });
    expect(on).toMatchObject({ enabled: true, owner: USER, mine: true, hour: 8, timeZone: ZONE });
    expect(on.message).toMatch(
      /^Chases run every day at 08:00 \(Europe\/Rome\) as you, since 2026-02-15 10:00/,
    );
    expect(
      gas.env.triggers.map((t) => [t.handler, t.schedule?.kind, t.schedule?.hour, t.schedule?.timeZone]),
    ).toEqual([['chaseDaily', 'days', 8, ZONE]]);
    // Turning it on again changes nothing: still one trigger.
    await must(call, 'chaseSchedule', { enabled: true });
    expect(gas.env.triggers).toHaveLength(1);

    const invoke = (handler: string, event: object) =>
      (gas.context as unknown as Record<string, (e: object) => void>)[handler]!(event);
    const got: Record<string, string[]> = {};
    const subjects: string[] = [];
    for (let i = 0; i < DAYS; i++) {
      const date = addDays(FIRST_DAY, i);
      gas.env.runDueTriggers(at(date, '07:00:00'), invoke);
      await applyChanges(call, date);
      const before = gas.env.mail.length;
      const fired = gas.env.runDueTriggers(at(date, '12:00:00'), invoke);
      expect(
        fired.map((f) => [f.handler, new Date(f.at).toISOString(), f.error]),
        date,
      ).toEqual([['chaseDaily', new Date(at(date)).toISOString(), undefined]]);
      const mails = gas.env.mail.slice(before);
      if (mails.length > 0) got[date] = mails.map((m) => describeMail(m));
      subjects.push(...mails.map((m) => m.subject));
      // A second run the same day, from the menu: nothing new.
      const sent = gas.env.mail.length;
      gas.run('menuRunChasesNow');
      expect(gas.env.mail.length, date).toBe(sent);
      expect(gas.env.ui.alerts.at(-1)?.prompt, date).toMatch(
        new RegExp(`^Chases for ${date}: nothing to send\\.`),
      );
    }
    expect(got).toEqual(EXPECTED);
    // The trigger's log says what each run did.
    expect(gas.env.logs.map((l) => l.message)).toContain('Chases for 2026-02-16: sent 2 mails of 2.');

    // MailApp gives no thread: a follow-up says what it follows in its subject.
    expect(subjects).toContain(
      'Final notice: overdue deliveries from Acme Industrial (follow-up to our mail of February 19, 2026)',
    );
    // State: every chase mail is SENT in Correspondence, under its chase key.
    const log = await must<MergeStatusResult>(call, 'mergeStatus', { limit: 2000 });
    const chaseRows = log.rows.filter((r) => r.key.includes(' | chase '));
    expect(chaseRows).toHaveLength(Object.values(EXPECTED).flat().length);
    expect(chaseRows.every((r) => r.state === 'SENT')).toBe(true);
    const po1 = await must<ChaseRecordResult>(call, 'chaseRecord', {
      table: 'Purchase Orders',
      id: 'PO-0001',
    });
    expect(po1.chases[0]).toMatchObject({
      rule: 'Overdue deliveries',
      step: 3,
      steps: 3,
      lastChasedOn: '2026-02-25',
      dueOn: '2026-02-13',
      attempt: null,
    });
    expect(po1.chases[0]!.today).toBe('all 3 steps sent (the last on 2026-02-25); the record is still open');
    void ACME;
  }, 60_000);
});
