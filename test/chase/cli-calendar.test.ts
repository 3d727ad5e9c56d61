/**
 * The three starter rules, 30 days, from the command line on a local .xlsx: `backoffice chase
 * <file> --today D --json` each day, mail to the outbox folder, each day's .eml files parsed and
 * checked exactly; the same day again sends nothing. The workbook's clock stays where it is: a run
 * for another day is logged on that day, so the calendar is also a test of `--today`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDocumentOptions } from '../../src/hosts/local';
import { openLocalDocument } from '../../src/hosts/local';
import type { ChaseRunJson } from '../../src/core/chase';
import type { ChaseRunResult } from '../../src/service/chase';
import { dispatchAsync } from '../../src/service/rpc';
import { cli } from '../cli/run';
import { tempDir } from '../local/helpers';
import { at, USER, ZONE } from './harness';
import {
  ACME,
  addDays,
  applyChanges,
  DAYS,
  describe as describeMail,
  EXPECTED,
  FIRST_DAY,
  seedScenario,
  type Call,
  type Got,
} from './scenario';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('backoffice-chase-'));
});
afterAll(() => cleanup());

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? ''));

describe('backoffice chase: 30 days on a local .xlsx with the outbox mailer', () => {
  it('sends exactly the expected mails each day as .eml files, follow-ups in their thread', async () => {
    // The register's clock: after the calendar, so every run is a run "for another day".
    const document: LocalDocumentOptions = {
      user: USER,
      timeZone: ZONE,
      now: () => at('2026-03-29', '10:00:00'),
      lockTimeoutMs: 2_000,
    };
    expect((await cli(dir, ['init', 'register.xlsx'], { document })).code).toBe(0);
    const file = path.join(dir, 'register.xlsx');
    const call: Call = (method, request) => dispatchAsync(openLocalDocument(file, document), method, request);
    await seedScenario(call);

    // The plan, without sending or writing anything: exactly the JSON.
    const dry = await cli(dir, ['chase', 'register.xlsx', '--today', FIRST_DAY, '--dry-run', '--json'], {
      document,
    });
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as ChaseRunJson;
    expect(Object.keys(plan)).toEqual(['date', 'mails', 'skipped']);
    expect(plan.date).toBe(FIRST_DAY);
    expect(plan.mails[0]).toEqual({
      rule: 'Overdue deliveries',
      step: 1,
      to: [ACME],
      cc: [],
      subject: 'Delivery reminder: orders from Acme Industrial',
      records: ['PO-0001', 'PO-0003'],
    });
    expect(plan.mails.map((m) => Object.keys(m))).toEqual(
      plan.mails.map(() => ['rule', 'step', 'to', 'cc', 'subject', 'records']),
    );
    const later = JSON.parse(
      (
        await cli(dir, ['chase', 'register.xlsx', '--today', '2026-02-17', '--dry-run', '--json'], {
          document,
        })
      ).stdout,
    ) as ChaseRunJson;
    // Without a log, the 17th's plan has every order of the supplier due at step 1 in one mail.
    expect(later.mails.map((m) => `${m.rule} ${m.step}: ${m.records.join(', ')}`)).toEqual([
      'Overdue deliveries 1: PO-0001, PO-0002, PO-0003',
      'Approved invoices past due 1: INV-0001',
    ]);
    expect(later.skipped).toContainEqual({
      record: 'REQ-0004',
      reason: 'Customer requests past Respond by: no recipient for step 1: {{Owner}} is empty',
    });
    const outbox = path.join(dir, 'outbox');
    const files = () => {
      try {
        return readdirSync(outbox)
          .filter((f) => f.endsWith('.eml'))
          .sort();
      } catch {
        return [];
      }
    };
    expect(files()).toEqual([]);

    const got: Record<string, string[]> = {};
    const seen = new Set<string>();
    const parsed: (Got & { inReplyTo?: string; date: string })[] = [];
    for (let i = 0; i < DAYS; i++) {
      const date = addDays(FIRST_DAY, i);
      await applyChanges(call, date);
      const run = await cli(dir, ['chase', 'register.xlsx', '--today', date, '--json'], { document });
      expect(run.code, `${date}: ${run.stdout}${run.stderr}`).toBe(0);
      const result = JSON.parse(run.stdout) as ChaseRunResult;
      expect(result.date).toBe(date);
      const fresh = files().filter((f) => !seen.has(f));
      fresh.forEach((f) => seen.add(f));
      expect(result.sent, date).toBe(fresh.length);
      const mails = await Promise.all(
        fresh.map(async (f) => {
          const m = await simpleParser(readFileSync(path.join(outbox, f)));
          return {
            to: addresses(m.to),
            cc: addresses(m.cc),
            subject: m.subject ?? '',
            body: m.text ?? '',
            ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
            date,
          };
        }),
      );
      parsed.push(...mails);
      // Files are named by the second they were written: the day's mails, in any order.
      if (mails.length > 0) got[date] = mails.map(describeMail).sort();
      // The same day again, on the days that sent something: nothing new.
      if (mails.length === 0) continue;
      const again = await cli(dir, ['chase', 'register.xlsx', '--today', date, '--json'], { document });
      expect((JSON.parse(again.stdout) as ChaseRunResult).sent, date).toBe(0);
      expect(files().length, date).toBe(seen.size);
    }
    expect(got).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([d, m]) => [d, [...m].sort()])));
    // The outbox gives Message-IDs, so follow-ups reply in the thread: "Re:" and In-Reply-To.
    const final = parsed.find((m) => m.date === '2026-02-25')!;
    expect(final.subject).toBe('Re: Final notice: overdue deliveries from Acme Industrial');
    expect(final.inReplyTo).toMatch(/^<.+@.+>$/);
    expect(parsed.find((m) => m.date === '2026-02-16')!.inReplyTo).toBeUndefined();
  }, 120_000);
});
