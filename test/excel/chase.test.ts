/**
 * Chases in Excel, where an add-in has no timer: each day the task pane opens (08:00 Rome), shows
 * what is due (`chasePlan`, the pane's banner) and the person sends it with one click (`chaseRun`).
 * The three starter rules over the same 30-day calendar as Apps Script and the CLI, on the Excel
 * JS emulator, mail through the real GraphMailer to the fake Graph endpoint: every day's mails
 * exactly, and a second click the same day sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelDocument, excelMergeRuntime, GraphMailer } from '../../src/hosts/excel';
import type { ChaseOverview, ChaseRunResult } from '../../src/service/chase';
import { dispatchAsync } from '../../src/service/rpc';
import { at, USER, ZONE } from '../chase/harness';
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
import { createExcelEmulator } from '../fakes/excel';
import { FakeGraph } from '../fakes/excel/graph';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await new FakeGraph().start();
});
afterAll(() => graph.close());

describe('Excel: the starter rules offered on task pane open, for 30 days', () => {
  it('offers exactly the due mails each day, sends them on one click, and nothing twice', async () => {
    const xl = createExcelEmulator();
    let now = at('2026-02-15', '10:00:00');
    const mailer = new GraphMailer({
      baseUrl: graph.url,
      getToken: async () => 'token-1',
      sleep: async () => undefined,
      now: () => now,
    });
    const call: Call = (method, request) =>
      dispatchAsync(
        new ExcelDocument({ run: xl.run, user: USER, timeZone: ZONE, locale: 'en_US', now: () => now }),
        method,
        request,
        {
          mailer,
          runtime: {
            ...excelMergeRuntime('pane-1'),
            clock: () => now,
            startedAtMs: now,
            budgetMs: 5 * 60_000,
          },
        },
      );
    await must(call, 'setupRegister', {});
    await seedScenario(call);
    const start = graph.delivered.length;

    const got: Record<string, string[]> = {};
    for (let i = 0; i < DAYS; i++) {
      const date = addDays(FIRST_DAY, i);
      now = at(date, '07:30:00');
      await applyChanges(call, date);
      now = at(date, '08:00:00');
      // The pane opens: what is due today is offered before anything is sent.
      const offer = await must<ChaseOverview>(call, 'chasePlan', {});
      const before = graph.delivered.length;
      const run = await must<ChaseRunResult>(call, 'chaseRun', {});
      expect(run.sent, date).toBe(offer.mails.length);
      const mails = graph.delivered
        .slice(before)
        .map(({ message: m }) => ({ to: m.to, cc: m.cc, subject: m.subject, body: m.text }));
      if (mails.length > 0) got[date] = mails.map((m) => describeMail(m));
      // A second click the same day: nothing new.
      const again = await must<ChaseRunResult>(call, 'chaseRun', {});
      expect(again.sent, date).toBe(0);
      expect(graph.delivered.length, date).toBe(before + mails.length);
    }
    expect(got).toEqual(EXPECTED);
    expect(graph.delivered.length - start).toBe(Object.values(EXPECTED).flat().length);
  });
});
