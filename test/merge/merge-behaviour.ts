/**
 * The mail merge, the same requests on every host (DESIGN.md, One conformance suite): preview,
 * problems, exactly-once across reruns, quota, failures, records edited mid-run, sorted and
 * inserted rows, two merges at once, test sends, the time budget.
 */
import { describe, expect, it } from 'vitest';
import type { CorrespondenceRow } from '../../src/core/merge';
import type {
  MergePreviewResult,
  MergeSendResult,
  MergeStatusResult,
  MergeTestSendResult,
} from '../../src/service/merge';
import type { HarnessFactory, MergeHarness, Reply } from './harness';
import { USER } from './harness';
import { TEMPLATE, email, customerId } from './fixtures';

export { TEMPLATE, email, customerId } from './fixtures';

export async function ok<T>(h: MergeHarness, method: string, request: unknown): Promise<T> {
  const reply: Reply = await h.call(method, request);
  if (!reply.ok) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

/** A register with the Welcome template and `n` customers c1@example.com, c2@... */
export async function seedRegister(h: MergeHarness, n = 20): Promise<void> {
  await ok(h, 'setupRegister', {});
  await h.seed('Templates', [
    {
      Name: TEMPLATE,
      Table: 'Customers',
      To: '{{Email}}',
      Subject: 'Welcome, {{Name}}',
      Body: 'Dear {{Name}},\nwelcome aboard.',
    },
  ]);
  await addCustomers(h, 1, n);
}

export async function addCustomers(h: MergeHarness, from: number, to: number): Promise<void> {
  const rows = [];
  for (let i = from; i <= to; i++) rows.push({ Name: `Customer ${i}`, Email: email(i) });
  await h.seed('Customers', rows);
}

/** How many mails each address received (test sends to the user left out). */
export function received(h: MergeHarness): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of h.delivered())
    for (const a of [...m.to, ...m.cc, ...m.bcc]) if (a !== USER) out.set(a, (out.get(a) ?? 0) + 1);
  return out;
}

export async function rows(h: MergeHarness): Promise<CorrespondenceRow[]> {
  return (await ok<MergeStatusResult>(h, 'mergeStatus', { template: TEMPLATE, limit: 2000 })).rows;
}

function expectEachOnce(h: MergeHarness, from: number, to: number): void {
  const got = received(h);
  for (let i = from; i <= to; i++) expect(got.get(email(i)), email(i)).toBe(1);
  expect(
    [...got.values()].every((n) => n === 1),
    JSON.stringify([...got]),
  ).toBe(true);
}

export function mergeBehaviour(factory: HarnessFactory): void {
  const withHost = async (fn: (h: MergeHarness) => Promise<void>) => {
    const h = await factory();
    try {
      await fn(h);
    } finally {
      await h.close();
    }
  };

  it('previews, refuses while a row has a problem, sends the rest when told, and never twice', () =>
    withHost(async (h) => {
      await seedRegister(h);
      await h.editCell('Customers', customerId(5), 'Email', '');
      const preview = await ok<MergePreviewResult>(h, 'mergePreview', { template: 'welcome' });
      expect(preview).toMatchObject({
        template: TEMPLATE,
        table: 'Customers',
        mails: 20,
        toSend: 20,
        blocked: true,
      });
      expect(preview.recipients).toBe(19);
      expect(preview.quota).toMatchObject({ remainingQuota: 100, fitsAll: true, mailsThatFit: 20 });
      expect(preview.problemRecordIds).toEqual([customerId(5)]);
      expect(preview.previews).toHaveLength(5);
      expect(preview.previews[0]).toMatchObject({
        key: `${TEMPLATE} | ${customerId(1)}`,
        to: [email(1)],
        subject: 'Welcome, Customer 1',
        text: 'Dear Customer 1,\nwelcome aboard.',
        action: 'send',
      });
      expect(preview.previews[4]!.action).toBe('problem');

      const refused = await h.call('mergeSend', { template: TEMPLATE });
      expect(refused.ok).toBe(false);
      expect(refused.error?.code).toBe('invalid');
      expect((refused.error?.details as { problemRecordIds: string[] }).problemRecordIds).toEqual([
        customerId(5),
      ]);
      expect(h.delivered()).toHaveLength(0);

      const sent = await ok<MergeSendResult>(h, 'mergeSend', {
        template: TEMPLATE,
        excludeProblemRows: true,
      });
      expect(sent).toMatchObject({
        planned: 19,
        sent: 19,
        failed: 0,
        pending: 0,
        stuck: [],
        excluded: [customerId(5)],
      });
      expect(sent.stoppedBecause).toBeUndefined();

      const again = await ok<MergeSendResult>(h, 'mergeSend', {
        template: TEMPLATE,
        excludeProblemRows: true,
      });
      expect(again).toMatchObject({ planned: 0, sent: 0, alreadySent: 19 });
      expect(again.message).toMatch(/Nothing to send/);

      await h.editCell('Customers', customerId(5), 'Email', email(5));
      expect(await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE })).toMatchObject({ sent: 1 });
      expectEachOnce(h, 1, 20);
      const log = await rows(h);
      expect(log).toHaveLength(20);
      expect(log.every((r) => r.state === 'SENT' && r.sentBy === USER)).toBe(true);
      expect(log.find((r) => r.key === `${TEMPLATE} | ${customerId(7)}`)).toMatchObject({
        to: email(7),
        subject: 'Welcome, Customer 7',
        recordIds: [customerId(7)],
        template: TEMPLATE,
      });

      const resent = await ok<MergeSendResult>(h, 'mergeSend', {
        template: TEMPLATE,
        ids: [customerId(1)],
        resend: true,
      });
      expect(resent).toMatchObject({ planned: 1, sent: 1 });
      expect(received(h).get(email(1))).toBe(2);
      expect((await rows(h))[0]).toMatchObject({ key: `${TEMPLATE} | ${customerId(1)} #2`, state: 'SENT' });
    }));

  it('stops cleanly when the quota runs out midway, and Continue sends the rest exactly once', () =>
    withHost(async (h) => {
      await seedRegister(h);
      h.setQuota(7);
      const preview = await ok<MergePreviewResult>(h, 'mergePreview', { template: TEMPLATE });
      expect(preview.quota).toMatchObject({ mailsThatFit: 7, fitsAll: false, remainingQuota: 7 });
      const first = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(first).toMatchObject({
        planned: 20,
        sent: 7,
        pending: 13,
        stoppedBecause: 'quota',
        continuation: 'manual',
      });
      expect(first.message).toMatch(/quota/);
      expect((await rows(h)).filter((r) => r.state === 'PENDING')).toHaveLength(13);
      const again = await ok<MergePreviewResult>(h, 'mergePreview', { template: TEMPLATE, previewCount: 20 });
      expect(again.toSend).toBe(13);
      expect(again.previews.filter((p) => p.action === 'continue')).toHaveLength(13);

      h.setQuota(100);
      const rest = await ok<MergeSendResult>(h, 'mergeContinue', {});
      expect(rest).toMatchObject({ template: TEMPLATE, planned: 13, sent: 13, pending: 0 });
      expectEachOnce(h, 1, 20);
      expect((await rows(h)).every((r) => r.state === 'SENT')).toBe(true);
      const none = await h.call('mergeContinue', {});
      expect(none.error?.code).toBe('not-found');
    }));

  it('marks a failed send FAILED, goes on with the others, and retries it on the next run', () =>
    withHost(async (h) => {
      await seedRegister(h, 6);
      h.failSend(3);
      const run = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(run).toMatchObject({ sent: 5, failed: 1 });
      expect(run.failures[0]).toMatchObject({
        key: `${TEMPLATE} | ${customerId(3)}`,
        error: 'Mail server said no',
      });
      const failed = (await rows(h)).find((r) => r.key === `${TEMPLATE} | ${customerId(3)}`);
      expect(failed).toMatchObject({ state: 'FAILED', error: 'Mail server said no' });
      const retry = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(retry).toMatchObject({ planned: 1, sent: 1, alreadySent: 5 });
      expect((await rows(h))[0]).toMatchObject({ key: `${TEMPLATE} | ${customerId(3)} #2`, state: 'SENT' });
      expectEachOnce(h, 1, 6);
    }));

  it('sends a mail whose recipient was edited mid-run to the new address only, and fails one edited into a problem', () =>
    withHost(async (h) => {
      await seedRegister(h, 8);
      h.beforeSend(2, () => h.editCell('Customers', customerId(5), 'Email', 'new5@example.com'));
      h.beforeSend(3, () => h.editCell('Customers', customerId(6), 'Email', 'not an address'));
      const run = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(run).toMatchObject({ sent: 7, failed: 1, changed: [`${TEMPLATE} | ${customerId(5)}`] });
      expect(run.failures[0]!.error).toMatch(/not a valid email address/);
      const got = received(h);
      expect(got.get('new5@example.com')).toBe(1);
      expect(got.has(email(5))).toBe(false);
      expect(got.has(email(6))).toBe(false);
      const log = await rows(h);
      expect(log.find((r) => r.recordIds[0] === customerId(5))).toMatchObject({
        to: 'new5@example.com',
        state: 'SENT',
      });
      expect(log.find((r) => r.recordIds[0] === customerId(6))).toMatchObject({ state: 'FAILED' });
    }));

  it('refuses a send whose mails changed since the preview it was given', () =>
    withHost(async (h) => {
      await seedRegister(h, 4);
      const preview = await ok<MergePreviewResult>(h, 'mergePreview', { template: TEMPLATE });
      await h.editCell('Customers', customerId(2), 'Email', 'moved2@example.com');
      const refused = await h.call('mergeSend', { template: TEMPLATE, previewToken: preview.previewToken });
      expect(refused.error?.code).toBe('conflict');
      expect(h.delivered()).toHaveLength(0);
      const again = await ok<MergePreviewResult>(h, 'mergePreview', { template: TEMPLATE });
      expect(again.previews[1]!.to).toEqual(['moved2@example.com']);
      const sent = await ok<MergeSendResult>(h, 'mergeSend', {
        template: TEMPLATE,
        previewToken: again.previewToken,
      });
      expect(sent.sent).toBe(4);
      expect(received(h).get('moved2@example.com')).toBe(1);
      expect(received(h).has(email(2))).toBe(false);
    }));

  it('finds its mails by key after rows are sorted and inserted between two runs', () =>
    withHost(async (h) => {
      await seedRegister(h, 12);
      h.setQuota(5);
      expect(await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE })).toMatchObject({
        sent: 5,
        pending: 7,
      });
      await h.reverseRows('Customers');
      await h.reverseRows('Correspondence');
      await addCustomers(h, 13, 15);
      h.setQuota(100);
      const second = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(second).toMatchObject({ planned: 10, sent: 10, alreadySent: 5, pending: 0 });
      expectEachOnce(h, 1, 15);
      const log = await rows(h);
      expect(log).toHaveLength(15);
      expect(log.every((r) => r.state === 'SENT')).toBe(true);
    }));

  it('refuses a second merge while one is running, clearly, and shows the running one in the status', () =>
    withHost(async (h) => {
      await seedRegister(h, 5);
      let second: Reply | undefined;
      let status: MergeStatusResult | undefined;
      let meanwhile: Promise<unknown> = Promise.resolve();
      // Both calls start while the first merge is between its SENDING write and its send (on the
      // synchronous hosts they run to the end right there, as a concurrent execution would).
      h.beforeSend(2, () => {
        meanwhile = Promise.all([
          h.call('mergeSend', { template: TEMPLATE }).then((r) => (second = r)),
          ok<MergeStatusResult>(h, 'mergeStatus', {}).then((r) => (status = r)),
        ]);
        return meanwhile;
      });
      const first = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      await meanwhile;
      expect(first.sent).toBe(5);
      expect(second?.ok).toBe(false);
      expect(second?.error?.code).toBe('busy');
      expect(second?.error?.message).toMatch(
        /A mail merge of "Welcome" started by anna@backoffice.example at .* is still running/,
      );
      expect(status?.running).toMatchObject({ template: TEMPLATE, by: USER, stale: false });
      expect(status?.counts).toMatchObject({ SENT: 1, SENDING: 1, PENDING: 3 });
      expect((await ok<MergeStatusResult>(h, 'mergeStatus', {})).running).toBeNull();
      expectEachOnce(h, 1, 5);
    }));

  it('sends a test to the current user only, logged as a test that does not count as the mail', () =>
    withHost(async (h) => {
      await seedRegister(h, 3);
      const test = await ok<MergeTestSendResult>(h, 'mergeTestSend', { template: TEMPLATE, id: 'cus-0002' });
      expect(test).toMatchObject({
        key: `${TEMPLATE} | ${customerId(2)} | test`,
        sentTo: USER,
        subject: '[Test] Welcome, Customer 2',
        wouldGoTo: { to: [email(2)], cc: [], bcc: [] },
      });
      expect(h.delivered()).toEqual([
        {
          to: [USER],
          cc: [],
          bcc: [],
          subject: '[Test] Welcome, Customer 2',
          body: 'Dear Customer 2,\nwelcome aboard.',
        },
      ]);
      const sent = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE, ids: [customerId(2)] });
      expect(sent).toMatchObject({ sent: 1, alreadySent: 0 });
      const mine = await ok<{ rows: CorrespondenceRow[] }>(h, 'recordCorrespondence', { id: customerId(2) });
      expect(mine.rows.map((r) => [r.key, r.state, r.to])).toEqual([
        [`${TEMPLATE} | ${customerId(2)}`, 'SENT', email(2)],
        [`${TEMPLATE} | ${customerId(2)} | test`, 'SENT', USER],
      ]);
    }));

  it('stops before its time budget and continues where it stopped', () =>
    withHost(async (h) => {
      await seedRegister(h, 12);
      h.sendTakes(40_000);
      const first = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(first.stoppedBecause).toBe('time');
      // 5 minutes at 40 s a mail, stopping while the slowest mail still fits: 7 mails.
      expect(first.sent).toBe(7);
      expect(first.pending).toBe(5);
      expect(['trigger', 'manual']).toContain(first.continuation);
      h.advance(60_000);
      if (first.continuation === 'manual') {
        const rest = await ok<MergeSendResult>(h, 'mergeContinue', { template: TEMPLATE });
        expect(rest).toMatchObject({ sent: 5, pending: 0 });
        expectEachOnce(h, 1, 12);
      }
    }));

  it('leaves a mail it could not be sure about in SENDING, never resends it, and lets a person resolve it', () =>
    withHost(async (h) => {
      await seedRegister(h, 3);
      await ok(h, 'mergeSend', { template: TEMPLATE, ids: [customerId(1)] });
      // As a run killed between its SENDING write and its SENT write leaves it.
      expect((await h.sheet('Correspondence'))[0]![0]).toBe('Key');
      await h.editCell('Correspondence', `${TEMPLATE} | ${customerId(1)}`, 'State', 'SENDING', 'Key');
      const run = await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE });
      expect(run).toMatchObject({ sent: 2, stuck: [`${TEMPLATE} | ${customerId(1)}`] });
      expect(run.message).toMatch(/held in SENDING/);
      const preview = await ok<MergePreviewResult>(h, 'mergePreview', { template: TEMPLATE });
      expect(preview.stuck).toEqual([
        { key: `${TEMPLATE} | ${customerId(1)}`, state: 'SENDING', recordIds: [customerId(1)] },
      ]);
      expect(preview.previews[0]!.action).toBe('held');
      const resolved = await ok<CorrespondenceRow>(h, 'mergeResolve', {
        key: `${TEMPLATE} | ${customerId(1)}`,
        state: 'FAILED',
        note: 'not in Sent',
      });
      expect(resolved.error).toMatch(/Resolved as FAILED by anna@backoffice.example .*: not in Sent/);
      expect(
        (await h.call('mergeResolve', { key: `${TEMPLATE} | ${customerId(2)}`, state: 'SENT' })).error?.code,
      ).toBe('usage');
      expect(await ok<MergeSendResult>(h, 'mergeSend', { template: TEMPLATE })).toMatchObject({
        sent: 1,
        stuck: [],
      });
      expect(received(h).get(email(1))).toBe(2); // the first really went out; the person said it had not
    }));
}

export function describeMergeBehaviour(name: string, factory: HarnessFactory): void {
  describe(`mail merge behaviour: ${name}`, () => mergeBehaviour(factory));
}
