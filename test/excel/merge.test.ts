/**
 * The mail merge in the Excel host, end to end in Node: the one merge behaviour suite
 * (test/merge/merge-behaviour.ts) over ExcelDocument on the Excel JS emulator, sending through the
 * real GraphMailer to the fake Microsoft Graph on loopback, with the task pane's merge runtime
 * (src/hosts/excel/merge-runtime.ts). Then Graph's faults inside a merge: a 429 storm sends every mail
 * once, and a send whose outcome is unknown leaves its row SENDING for review and is never resent.
 */
import { describe, expect, it } from 'vitest';
import type { MergeSendResult } from '../../src/service/merge';
import {
  addCustomers,
  describeMergeBehaviour,
  ok,
  rows,
  seedRegister,
  TEMPLATE,
  email,
} from '../merge/merge-behaviour';
import { excelHarness as excelOn, useFakeGraph } from './harness';

const graph = useFakeGraph();
const excelHarness = () => excelOn(graph());

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
