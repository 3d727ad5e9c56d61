/**
 * Chases in Excel: the chase behaviour suite (test/chase/chase-behaviour.ts) on the Excel host, and
 * the calendar. An add-in has no timer: each day the task pane opens (08:00 Rome), shows
 * what is due (`chasePlan`, the pane's banner) and the person sends it with one click (`chaseRun`).
 * The three starter rules over the same 30-day calendar as Apps Script and the CLI, on the Excel
 * JS emulator, mail through the real GraphMailer to the fake Graph endpoint: every day's mails
 * exactly, and a second click the same day sends nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ChaseOverview, ChaseRunResult } from '../../src/service/chase';
import { at } from '../chase/harness';
import {
  addDays,
  applyChanges,
  DAYS,
  describe as describeMail,
  EXPECTED,
  FIRST_DAY,
  must,
  seedScenario,
  type Call,
} from '../chase/scenario';
import { describeChaseBehaviour } from '../chase/chase-behaviour';
import { excelHarness, useFakeGraph } from './harness';

const fakeGraph = useFakeGraph();

describeChaseBehaviour('Excel host, Graph mailer on a fake endpoint', (start) =>
  excelHarness(fakeGraph(), start),
);

describe('Excel: the starter rules offered on task pane open, for 30 days', () => {
  it('offers exactly the due mails each day, sends them on one click, and nothing twice', async () => {
    let now = at('2026-02-15', '10:00:00');
    const h = await excelHarness(fakeGraph(), now);
    const setNow = (ms: number) => {
      h.advance(ms - now);
      now = ms;
    };
    const call: Call = (method, request) => h.call(method, request);
    await must(call, 'setupRegister', {});
    await seedScenario(call);

    const got: Record<string, string[]> = {};
    for (let i = 0; i < DAYS; i++) {
      const date = addDays(FIRST_DAY, i);
      setNow(at(date, '07:30:00'));
      await applyChanges(call, date);
      setNow(at(date, '08:00:00'));
      // The pane opens: what is due today is offered before anything is sent.
      const offer = await must<ChaseOverview>(call, 'chasePlan', {});
      const before = h.delivered().length;
      const run = await must<ChaseRunResult>(call, 'chaseRun', {});
      expect(run.sent, date).toBe(offer.mails.length);
      const mails = h.delivered().slice(before).map(describeMail);
      if (mails.length > 0) got[date] = mails;
      // A second click the same day: nothing new.
      const again = await must<ChaseRunResult>(call, 'chaseRun', {});
      expect(again.sent, date).toBe(0);
      expect(h.delivered().length, date).toBe(before + mails.length);
    }
    expect(got).toEqual(EXPECTED);
    expect(h.sentCount()).toBe(Object.values(EXPECTED).flat().length);
  });
});
