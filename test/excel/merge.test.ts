/**
 * The mail merge in the Excel host, end to end in Node: the one merge behaviour suite
 * (test/merge/merge-behaviour.ts) over ExcelDocument on the Excel JS emulator, sending through the
 * real GraphMailer to the fake Microsoft Graph on loopback, with the task pane's merge runtime
 * (src/hosts/excel/merge-runtime.ts). Then Graph's faults inside a merge: a 429 storm sends every mail
 * once, and a send whose outcome is unknown leaves its row SENDING for review and is never resent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText } from '../../src/core/cells';
import { ExcelDocument, excelMergeRuntime, fromExcel, GraphMailer } from '../../src/hosts/excel';
import type { MergeSendResult } from '../../src/service/merge';
import { importRecords } from '../../src/service/register';
import { dispatchAsync } from '../../src/service/rpc';
import { runAsync } from '../../src/service/use-case';
import { createExcelEmulator, type ExcelEmulator } from '../fakes/excel';
import { FakeGraph } from '../fakes/excel/graph';
import { START, USER, type MergeHarness } from '../merge/harness';
import {
  addCustomers,
  describeMergeBehaviour,
  ok,
  rows,
  seedRegister,
  TEMPLATE,
  email,
} from '../merge/merge-behaviour';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await new FakeGraph().start();
});
afterAll(() => graph.close());

let panes = 0;

type ExcelHarness = MergeHarness & { graph: FakeGraph; xl: ExcelEmulator; sentCount(): number };

async function excelHarness(): Promise<ExcelHarness> {
  const xl = createExcelEmulator();
  let now = START;
  let sendMs = 0;
  let attempts = 0;
  const start = graph.delivered.length;
  const hooks = new Map<number, (() => unknown)[]>();
  const failing = new Set<number>();
  const pane = `pane-${++panes}`;
  let inFlight = 0;

  const makeMailer = (limit: number) => {
    const m = new GraphMailer({
      baseUrl: graph.url,
      getToken: async () => 'token-1',
      sleep: async () => undefined,
      now: () => now,
      dailyRecipientLimit: limit,
    });
    const realSend = m.send.bind(m);
    m.send = async (mail) => {
      const n = ++attempts;
      for (const fn of hooks.get(n) ?? []) await fn();
      hooks.delete(n);
      now += sendMs;
      if (failing.delete(n)) throw new Error('Mail server said no');
      return realSend(mail);
    };
    return m;
  };
  let mailer = makeMailer(100);
  const doc = () =>
    new ExcelDocument({ run: xl.run, user: USER, timeZone: 'Europe/Rome', locale: 'en_US', now: () => now });
  const tableOf = (sheet: string) => xl.workbook.tables().find((t) => t.sheet === sheet)!;

  return {
    name: 'Excel (emulator) with Graph mail (fake endpoint)',
    graph,
    xl,
    sentCount: () => graph.delivered.length - start,
    call: async (method, request) => {
      // Calls in one pane are queued (taskpane.ts); a call that starts while another is running can
      // only come from a second pane, a second person: it gets its own pane ID.
      const owner = inFlight > 0 ? `${pane}-other` : pane;
      inFlight++;
      try {
        return await dispatchAsync(doc(), method, request, {
          mailer,
          runtime: { ...excelMergeRuntime(owner), clock: () => now, startedAtMs: now, budgetMs: 5 * 60_000 },
        });
      } finally {
        inFlight--;
      }
    },
    delivered: () =>
      graph.delivered.slice(start).map(({ message: m }) => ({
        to: m.to,
        cc: m.cc,
        bcc: m.bcc,
        subject: m.subject,
        body: m.text,
      })),
    beforeSend: (k, fn) => {
      const n = attempts + k;
      hooks.set(n, [...(hooks.get(n) ?? []), fn]);
    },
    failSend: (k) => failing.add(attempts + k),
    setQuota: (n) => (mailer = makeMailer(n)),
    advance: (ms) => (now += ms),
    sendTakes: (ms) => (sendMs = ms),
    seed: async (table, records) => {
      await runAsync(doc(), importRecords(table, records));
    },
    editCell: async (sheet, id, column, value, keyColumn = 'ID') => {
      const t = tableOf(sheet);
      const key = t.columns.indexOf(keyColumn);
      const col = t.columns.indexOf(column);
      const row = xl.workbook.tableRows(t.name).findIndex((r) => String(r[key]) === id);
      if (row < 0 || col < 0) throw new Error(`No ${id} / ${column} in ${sheet}`);
      const letter = String.fromCharCode(65 + col);
      // The register's tables start at A1: data row i is sheet row i + 2.
      xl.workbook.type(sheet, `${letter}${row + 2}`, value);
    },
    reverseRows: async (sheet) => xl.workbook.reverseTableRows(tableOf(sheet).name),
    sheet: async (name) => {
      const formats = xl.workbook.numberFormats(name);
      return xl.workbook.values(name).map((r, i) => r.map((v, j) => cellText(fromExcel(v, formats[i]?.[j]))));
    },
    close: async () => undefined,
  };
}

describeMergeBehaviour('Excel host, Graph mailer on a fake endpoint', excelHarness);

describe('Graph faults inside a merge from Excel', () => {
  it('a 429 storm slows the run down and every mail goes exactly once', async () => {
    const h = await excelHarness();
    await seedRegister(h, 6);
    // Every mail is throttled: its draft once, its send twice (a 429 with Retry-After, a bare 503).
    for (let k = 1; k <= 6; k++)
      h.beforeSend(k, () => {
        h.graph.fault('create', { status: 429, retryAfter: '1' });
        h.graph.fault('send', { status: 429, retryAfter: '2' }, { status: 503 });
      });
    const before = h.graph.requests.length;
    const run = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
    expect(run).toMatchObject({ sent: 6, failed: 0, stuck: [] });
    expect(h.sentCount()).toBe(6);
    const steps = h.graph.requests.slice(before).map((r) => `${r.step}:${r.outcome}`);
    expect(steps.filter((x) => x === 'send:202')).toHaveLength(6);
    expect(steps.filter((x) => x === 'create:429')).toHaveLength(6);
    expect(steps.filter((x) => x === 'send:429' || x === 'send:503')).toHaveLength(12);
    const to = h.delivered().map((m) => m.to[0]);
    expect(new Set(to).size).toBe(6);
    expect(
      (await rows(h)).every((r) => r.state === 'SENT' && r.messageId.endsWith('prod.outlook.com>')),
    ).toBe(true);
  });

  it('a send whose answer is lost stays SENDING for review and is never resent', async () => {
    const h = await excelHarness();
    await seedRegister(h, 4);
    h.beforeSend(2, () => h.graph.fault('send', { drop: 'after' }));
    const run = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
    expect(run).toMatchObject({ sent: 3, failed: 0, stuck: [`${TEMPLATE} | CUS-0002`] });
    expect(run.message).toMatch(/held in SENDING/);
    const log = await rows(h);
    expect(log.find((r) => r.key === `${TEMPLATE} | CUS-0002`)).toMatchObject({ state: 'SENDING' });
    expect(log.find((r) => r.key === `${TEMPLATE} | CUS-0002`)?.error).toMatch(/may have been sent/);
    // It did go (the connection failed after Graph took it): one mail, and a rerun sends nothing more.
    const again = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
    expect(again).toMatchObject({ planned: 0, sent: 0, stuck: [`${TEMPLATE} | CUS-0002`] });
    const counts = new Map<string, number>();
    for (const m of h.delivered()) counts.set(m.to[0]!, (counts.get(m.to[0]!) ?? 0) + 1);
    expect([1, 2, 3, 4].map((i) => counts.get(email(i)))).toEqual([1, 1, 1, 1]);
  });
});

describe('Excel syncs of a merge', () => {
  async function measure(customers: number, mails: number): Promise<number> {
    const h = await excelHarness();
    await seedRegister(h, mails);
    await addCustomers(h, mails + 1, customers);
    h.xl.stats.reset();
    const run = await ok<MergeSendResult>(h, 'mergeSend', {
      template: TEMPLATE,
      ids: [...Array(mails)].map((_, i) => `CUS-${String(i + 1).padStart(4, '0')}`),
    });
    expect(run.sent).toBe(mails);
    return h.xl.stats.syncs;
  }

  it('do not grow with the rows, only with the mails', async () => {
    const small = await measure(20, 5);
    const large = await measure(400, 5);
    const more = await measure(400, 10);
    expect(large).toBe(small);
    const perMail = (more - large) / 5;
    console.log(
      `Excel syncs for a merge of 5 mails: ${small} at 20 and at 400 customers; ${perMail} more per further mail`,
    );
    expect(Number.isInteger(perMail)).toBe(true);
  });
});
