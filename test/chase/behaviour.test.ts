/**
 * The chase behaviour suite (chase-behaviour.ts) on the memory host and on the local .xlsx host, and
 * the calendar of the three starter rules on the memory host, as a quick cross-check of the Apps
 * Script, CLI and Excel calendars. The Excel host runs the suite in test/excel/chase.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ChaseRunResult } from '../../src/service/chase';
import { localHarness, memoryHarness } from '../merge/harness';
import { describeChaseBehaviour } from './chase-behaviour';
import { at, memoryChase } from './harness';
import {
  addDays,
  applyChanges,
  DAYS,
  describe as describeMail,
  EXPECTED,
  FIRST_DAY,
  must,
  seedScenario,
} from './scenario';

describeChaseBehaviour('memory host, fake mailer', memoryHarness);
describeChaseBehaviour('local .xlsx host, fake mailer', localHarness);

describe('the three starter rules, 30 days, on the memory host', () => {
  it('send exactly the calendar of test/chase/scenario.ts', async () => {
    const h = memoryChase(at('2026-02-15', '10:00:00'));
    await must(h.call, 'setupRegister', {});
    await seedScenario(h.call);
    const got: Record<string, string[]> = {};
    for (let i = 0; i < DAYS; i++) {
      const date = addDays(FIRST_DAY, i);
      h.setNow(at(date, '07:00:00'));
      await applyChanges(h.call, date);
      h.setNow(at(date, '09:00:00'));
      const before = h.delivered().length;
      const run = await must<ChaseRunResult>(h.call, 'chaseRun', {});
      expect(run.failed + run.withdrawn.length, date).toBe(0);
      expect((await must<ChaseRunResult>(h.call, 'chaseRun', {})).sent, date).toBe(0);
      const mails = h.delivered().slice(before).map(describeMail);
      if (mails.length > 0) got[date] = mails;
    }
    expect(got).toEqual(EXPECTED);
  });
});
