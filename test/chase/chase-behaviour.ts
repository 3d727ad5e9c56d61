/**
 * The chase behaviour suite, one for every host that has a document, a mailer and a clock the test
 * controls (memory, the local .xlsx host, Excel with Graph mail): the Chase view's contract (what goes
 * out and why, what went out, what is stuck, what waits), the re-check just before each mail (a
 * record marked done mid-run is left out, never mailed), quota stops and their continuation, failures
 * and their retry on a later day, the pause switch (which adds its field to Setup on first use), dry
 * runs that write nothing, and the schedule methods on a host without a timer.
 *
 * It drives the merge harnesses (test/merge/harness.ts): a chase run is a merge run of rendered
 * chase mails, so the same hooks (before the k-th send, a failing send, the quota) reach it.
 */
import { describe, expect, it } from 'vitest';
import type {
  ChaseOverview,
  ChasePauseResult,
  ChaseRecordResult,
  ChaseRunResult,
  ChaseScheduleStatus,
} from '../../src/service/chase';
import type { MergeHarness } from '../merge/harness';
import { at, USER } from './harness';
import { describe as describeMail, must, type Call } from './scenario';

const MONDAY = '2026-02-16';

/** A host for the chase suite: a merge harness started at a given instant. */
export type ChaseHostFactory = (startMs: number) => Promise<MergeHarness>;

interface ChaseHost {
  h: MergeHarness;
  call: Call;
  /** Move the host's clock to this instant. */
  setNow(ms: number): void;
  /** Every row of a sheet as records (header names to cell text). */
  records(sheet: string): Promise<Record<string, string>[]>;
  /** The sheets a chase may write, as text: to show that something wrote nothing. */
  snapshot(): Promise<string>;
}

async function chaseHost(factory: ChaseHostFactory, time: string): Promise<ChaseHost> {
  let now = at(MONDAY, time);
  const h = await factory(now);
  const records = async (sheet: string) => {
    const [header = [], ...rows] = await h.sheet(sheet);
    return rows.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
  };
  return {
    h,
    call: (method, request) => h.call(method, request),
    setNow: (ms) => {
      h.advance(ms - now);
      now = ms;
    },
    records,
    snapshot: async () => {
      const sheets: Record<string, string[][] | null> = {};
      for (const name of ['Setup', 'Suppliers', 'Purchase Orders', 'Correspondence', 'Audit'])
        sheets[name] = await h.sheet(name).catch(() => null);
      return JSON.stringify(sheets);
    },
  };
}

/** Suppliers A, B, C; orders expected on Friday 02-13: A one, B two, C one. Monday, at `time` in Rome. */
async function smallRegister(factory: ChaseHostFactory, time = '09:00:00'): Promise<ChaseHost> {
  const host = await chaseHost(factory, time);
  await must(host.call, 'setupRegister', {});
  await host.h.seed('Suppliers', [
    { Name: 'Alpha', Email: 'a@alpha.example' },
    { Name: 'Beta', Email: 'b@beta.example' },
    { Name: 'Gamma', Email: 'c@gamma.example' },
  ]);
  await host.h.seed(
    'Purchase Orders',
    ['SUP-0001', 'SUP-0002', 'SUP-0002', 'SUP-0003'].map((supplier) => ({
      Supplier: supplier,
      Description: 'Chairs',
      Amount: 100,
      'Ordered on': '2026-01-20',
      'Expected delivery': '2026-02-13',
      Status: 'Ordered',
      Owner: USER,
    })),
  );
  return host;
}

const deliver = (host: ChaseHost, id: string) =>
  must(host.call, 'updateRecord', {
    table: 'Purchase Orders',
    id,
    values: { Status: 'Delivered', 'Delivered on': MONDAY },
  });

function chaseBehaviour(factory: ChaseHostFactory): void {
  describe('the Chase view (chasePlan)', () => {
    it('says what goes out today and why, what waits and why, and changes nothing', async () => {
      // Before 08:00 (Send at hour) the mails wait, and say until when.
      const host = await smallRegister(factory, '07:30:00');
      await must(host.call, 'updateRecord', {
        table: 'Purchase Orders',
        id: 'PO-0004',
        values: { 'Expected delivery': '2026-02-16' },
      });
      const early = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(early.mails).toEqual([]);
      expect(early.skipped[0]).toEqual({
        rule: 'Overdue deliveries',
        record: 'PO-0001',
        reason: 'step 1 goes out from 08:00 (Send at hour); the run is at 07:00',
      });
      // A given date ignores the hour.
      expect((await must<ChaseOverview>(host.call, 'chasePlan', { today: MONDAY })).mails).toHaveLength(2);
      expect((await host.call('chasePlan', { today: '2026-02-30' })).error).toMatchObject({ code: 'usage' });

      host.setNow(at(MONDAY, '09:00:00'));
      const before = await host.snapshot();
      const view = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(await host.snapshot()).toBe(before);
      expect(view).toMatchObject({ date: MONDAY, hour: 9, timeZone: 'Europe/Rome', recipients: 2 });
      expect(
        view.rules.map((r) => [r.name, r.enabled, r.table, r.steps, r.sendAtHour, r.pauseField]),
      ).toEqual([
        ['Overdue deliveries', true, 'Purchase Orders', '1, 4, 8', 8, false],
        ['Approved invoices past due', true, 'Invoices', 'every Monday', 8, false],
        ['Customer requests past Respond by', true, 'Requests', '1, 3', 8, false],
      ]);
      expect(view.mails).toEqual([
        expect.objectContaining({
          rule: 'Overdue deliveries',
          ruleId: 'CHR-0001',
          step: 1,
          to: ['a@alpha.example'],
          records: ['PO-0001'],
          items: [{ id: 'PO-0001', step: 1, due: '2026-02-13' }],
          followUp: null,
          why: 'Step 1 of 3 ("Delivery overdue 1: reminder"): 1 business day after the due date (PO-0001 due 2026-02-13).',
        }),
        expect.objectContaining({ to: ['b@beta.example'], records: ['PO-0002', 'PO-0003'] }),
      ]);
      // PO-0004 is due today: its chase has not begun, so it is not listed as waiting.
      expect(view.skipped).toEqual([]);
      expect(view).toMatchObject({ queued: [], recent: [], stuck: [], paused: [], running: null });
      // Every harness's mailer starts the day with 100 recipients.
      expect(view.remainingQuota).toBe(100);
    });

    it('lists what went out, most recent first, and nothing to send on a second run the same day', async () => {
      const host = await smallRegister(factory);
      const run = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(run).toMatchObject({ date: MONDAY, planned: 3, sent: 3, failed: 0, pending: 0, stuck: [] });
      expect(run.message).toBe('Chases for 2026-02-16: sent 3 mails of 3.');
      expect(run.sentMails.map((m) => [m.rule, m.step, m.to, m.records])).toEqual([
        ['Overdue deliveries', 1, 'a@alpha.example', ['PO-0001']],
        ['Overdue deliveries', 1, 'b@beta.example', ['PO-0002', 'PO-0003']],
        ['Overdue deliveries', 1, 'c@gamma.example', ['PO-0004']],
      ]);
      const again = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(again).toMatchObject({ planned: 0, sent: 0 });
      expect(again.message).toBe('Chases for 2026-02-16: nothing to send.');
      const view = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(view.recent.map((r) => [r.rule, r.step, r.state, r.records])).toEqual([
        ['Overdue deliveries', 1, 'SENT', ['PO-0004']],
        ['Overdue deliveries', 1, 'SENT', ['PO-0002', 'PO-0003']],
        ['Overdue deliveries', 1, 'SENT', ['PO-0001']],
      ]);
      expect(view.skipped.map((s) => `${s.record}: ${s.reason}`)).toContain(
        'PO-0001: step 2 is due on 2026-02-19',
      );
      // Step 2, three business days later, answers step 1's mail in its thread.
      host.setNow(at('2026-02-19', '09:00:00'));
      const thursday = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(thursday.mails[0]).toMatchObject({ step: 2, followUp: 'thread' });
      expect(thursday.mails[0]!.why).toContain(', in the thread of step 1 (');
      await must(host.call, 'chaseRun', {});
      const followUp = host.h.delivered().at(-1)!;
      const first = (await host.records('Correspondence')).find(
        (r) => r['Record IDs'] === 'PO-0004' && r.Key!.includes(' step 1: '),
      )!;
      expect(followUp.to).toEqual(['c@gamma.example']);
      expect(first['Message ID']).not.toBe('');
      expect(followUp.inReplyTo).toBe(first['Message ID']);
    });
  });

  describe('the re-check before each mail', () => {
    it('leaves out a record marked done after the run was planned, and withdraws a mail left with none', async () => {
      const host = await smallRegister(factory);
      // While mail 1 is being sent, a person marks PO-0003 delivered; while mail 2 is, PO-0004.
      host.h.beforeSend(1, () => deliver(host, 'PO-0003'));
      host.h.beforeSend(2, () => deliver(host, 'PO-0004'));
      const run = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(run).toMatchObject({ planned: 3, sent: 2, failed: 0, pending: 0, stuck: [] });
      expect(run.withdrawn).toEqual([
        {
          key: 'Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0002 due 2026-02-13, PO-0003 due 2026-02-13',
          records: ['PO-0003'],
          reason:
            'PO-0003: it is no longer open (Status in Ordered, Partially delivered) or has no Expected delivery',
        },
        {
          key: 'Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0004 due 2026-02-13',
          records: ['PO-0004'],
          reason:
            'PO-0004: it is no longer open (Status in Ordered, Partially delivered) or has no Expected delivery',
        },
      ]);
      expect(run.message).toBe(
        'Chases for 2026-02-16: sent 2 mails of 3. 2 records left the chase before their mail went, and were left out.',
      );
      expect(host.h.delivered().map(describeMail)).toEqual([
        'a@alpha.example: PO-0001',
        'b@beta.example: PO-0002',
      ]);
      const rows = await host.records('Correspondence');
      expect(rows.map((r) => [r.Key, r.State, r['Record IDs']])).toEqual([
        ['Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0001 due 2026-02-13', 'SENT', 'PO-0001'],
        [
          'Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0002 due 2026-02-13, PO-0003 due 2026-02-13',
          'FAILED',
          'PO-0002, PO-0003',
        ],
        ['Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0004 due 2026-02-13', 'FAILED', 'PO-0004'],
        // What really went to Beta is logged under its own key.
        ['Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0002 due 2026-02-13', 'SENT', 'PO-0002'],
      ]);
      expect(rows[1]!.Error).toMatch(
        /^Withdrawn: PO-0003: it is no longer open .*; PO-0002 went as Delivery overdue 1/,
      );
      // Withdrawn mails are not stuck, and PO-0002's chase moves on.
      const view = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(view.stuck).toEqual([]);
      expect(view.skipped.map((s) => `${s.record}: ${s.reason}`)).toContain(
        'PO-0002: step 2 is due on 2026-02-19',
      );
    });

    it('sends to the address as it reads at send time', async () => {
      const host = await smallRegister(factory);
      host.h.beforeSend(1, () =>
        must(host.call, 'updateRecord', {
          table: 'Suppliers',
          id: 'SUP-0002',
          values: { Email: 'new@beta.example' },
        }),
      );
      const run = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(run.sent).toBe(3);
      expect(run.changed).toEqual([
        'Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0002 due 2026-02-13, PO-0003 due 2026-02-13',
      ]);
      expect(host.h.delivered()[1]!.to).toEqual(['new@beta.example']);
    });
  });

  describe('quota, failures and continuation', () => {
    it('stops cleanly on the quota, and the next run sends what was left first', async () => {
      const host = await smallRegister(factory);
      host.h.setQuota(2);
      const first = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(first).toMatchObject({ sent: 2, pending: 1, stoppedBecause: 'quota', continuation: 'manual' });
      expect(first.message).toContain("Stopped: today's mail quota is used up; 1 wait for the next run.");
      const view = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(view.queued.map((q) => q.records)).toEqual([['PO-0004']]);
      expect(view.skipped.map((s) => `${s.record}: ${s.reason}`)).toContain(
        'PO-0004: step 1 is queued since 2026-02-16 (PENDING): it goes out when that run resumes',
      );
      host.h.setQuota(100);
      const next = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(next).toMatchObject({ planned: 1, continued: 1, sent: 1, pending: 0 });
      expect(host.h.delivered().map((m) => m.to[0])).toEqual([
        'a@alpha.example',
        'b@beta.example',
        'c@gamma.example',
      ]);
    });

    it('lists a failed mail as stuck, and tries it again the next day under a new attempt key', async () => {
      const host = await smallRegister(factory);
      host.h.failSend(3);
      const run = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(run).toMatchObject({ sent: 2, failed: 1 });
      expect(run.failures[0]!.error).toBe('Mail server said no');
      const view = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(view.stuck.map((s) => [s.state, s.records, s.error])).toEqual([
        ['FAILED', ['PO-0004'], 'Mail server said no'],
      ]);
      expect((await must<ChaseRunResult>(host.call, 'chaseRun', {})).sent).toBe(0);
      host.setNow(at('2026-02-17', '09:00:00'));
      const retry = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(retry.sentMails.map((m) => m.key)).toEqual([
        'Delivery overdue 1: reminder | chase CHR-0001 step 1: PO-0004 due 2026-02-13 #2',
      ]);
      expect((await must<ChaseOverview>(host.call, 'chasePlan', {})).stuck).toEqual([]);
    });
  });

  describe('pausing a record', () => {
    it('adds the Chase paused field on first use, stops the chase, and lets it continue where it stopped', async () => {
      const host = await smallRegister(factory);
      const paused = await must<ChasePauseResult>(host.call, 'chasePause', {
        table: 'purchase orders',
        id: 'PO-0004',
        paused: true,
      });
      expect(paused).toMatchObject({ paused: true, fieldAdded: true });
      expect(paused.record.values['Chase paused']).toBe(true);
      expect(paused.message).toBe(
        'Chasing Purchase Orders PO-0004 is paused (Purchase Orders has a new "Chase paused" column for it, added to Setup).',
      );
      const setup = await host.records('Setup');
      expect(setup.at(-1)).toMatchObject({ Table: 'Purchase Orders', Field: 'Chase paused', Type: 'yes/no' });
      const [header = []] = await host.h.sheet('Purchase Orders');
      expect(header.slice(header.indexOf('Owner'))).toEqual([
        'Owner',
        'Chase paused',
        'Created',
        'Created by',
        'Updated',
        'Updated by',
        'Version',
      ]);
      const view = await must<ChaseOverview>(host.call, 'chasePlan', {});
      expect(view.paused).toEqual([{ table: 'Purchase Orders', id: 'PO-0004', label: 'Chairs' }]);
      expect(view.rules[0]!.pauseField).toBe(true);
      expect(view.skipped).toContainEqual({
        rule: 'Overdue deliveries',
        record: 'PO-0004',
        reason: 'chasing is paused; step 1 would be due today',
      });
      expect((await must<ChaseRunResult>(host.call, 'chaseRun', {})).sent).toBe(2);
      const record = await must<ChaseRecordResult>(host.call, 'chaseRecord', {
        table: 'Purchase Orders',
        id: 'PO-0004',
      });
      expect(record).toMatchObject({ pauseField: true, paused: true });
      expect(record.chases).toEqual([
        expect.objectContaining({
          rule: 'Overdue deliveries',
          step: 0,
          today: 'chasing is paused; step 1 would be due today',
        }),
      ]);

      host.setNow(at('2026-02-17', '09:00:00'));
      const resumed = await must<ChasePauseResult>(host.call, 'chasePause', {
        table: 'Purchase Orders',
        id: 'PO-0004',
        paused: false,
      });
      expect(resumed).toMatchObject({ paused: false, fieldAdded: false });
      expect(resumed.message).toBe('Chasing Purchase Orders PO-0004 continues where it stopped.');
      const run = await must<ChaseRunResult>(host.call, 'chaseRun', {});
      expect(run.sentMails.map((m) => [m.step, m.records])).toEqual([[1, ['PO-0004']]]);
    });

    it('refuses a Chase paused field that is not yes/no, naming the fix', async () => {
      const host = await smallRegister(factory);
      await must(host.call, 'chasePause', { table: 'Purchase Orders', id: 'PO-0001', paused: true });
      // A person changes the field's type in Setup.
      await host.h.editCell('Setup', 'Chase paused', 'Type', 'text', 'Field');
      const reply = await host.call('chasePause', { table: 'Purchase Orders', id: 'PO-0001', paused: false });
      expect(reply.error).toMatchObject({
        code: 'schema',
        message:
          'Purchase Orders.Chase paused is a text field: make it yes/no in Setup, so that a ticked box pauses chasing',
      });
      expect(
        (await host.call('chasePause', { table: 'Purchase Orders', id: 'PO-0001', paused: 'yes' })).error,
      ).toMatchObject({ code: 'usage' });
    });
  });

  describe('dry runs and hosts without a timer', () => {
    it('a dry run plans, writes nothing and sends nothing', async () => {
      const host = await smallRegister(factory);
      const before = await host.snapshot();
      const dry = await must<ChaseRunResult>(host.call, 'chaseRun', { dryRun: true, today: '2026-02-19' });
      expect(dry.plan.mails.map((m) => m.records)).toEqual([
        ['PO-0001'],
        ['PO-0002', 'PO-0003'],
        ['PO-0004'],
      ]);
      expect(dry.message).toBe(
        'Chases for 2026-02-19 (dry run, nothing sent): 3 mails would go out, covering 4 records.',
      );
      expect(host.h.delivered()).toEqual([]);
      expect(await host.snapshot()).toBe(before);
    });

    it('the schedule methods say to run the CLI from cron', async () => {
      const host = await smallRegister(factory);
      const status = await must<ChaseScheduleStatus>(host.call, 'chaseSchedule', { enabled: true });
      expect(status).toMatchObject({ supported: false, enabled: false, wantedHour: 8 });
      expect(status.message).toMatch(/run `backoffice chase <file.xlsx>` from cron/);
    });
  });
}

export function describeChaseBehaviour(name: string, factory: ChaseHostFactory): void {
  describe(`chase behaviour: ${name}`, () => chaseBehaviour(factory));
}
