/**
 * `backoffice merge`: in-process for the output and exit codes, and as a real child process killed
 * with SIGKILL mid-merge (a test-only mailer chosen by BACKOFFICE_TEST_MAILER kills the process as
 * a mail is about to go, or just after it went), then run again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrespondenceRow } from '../../src/core/merge';
import { localMergeRuntime, openLocalDocument } from '../../src/hosts/local';
import type { MergePreviewResult, MergeSendResult, MergeStatusResult } from '../../src/service/merge';
import { dispatchAsync } from '../../src/service/rpc';
import { importRecords } from '../../src/service/register';
import { runAsync } from '../../src/service/use-case';
import { cli } from '../cli/run';
import { deadPid, FIXED, liveProcess, tempDir } from '../local/helpers';
import { customerId, email, TEMPLATE } from './merge-behaviour';
import { cliWithTestMailer, killOneAfterAnother, testMailerLog } from './kill';

const MAILS = 20;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('backoffice-merge-'));
  expect((await cli(dir, ['init', 'base.xlsx'])).code).toBe(0);
  const doc = openLocalDocument(path.join(dir, 'base.xlsx'), FIXED);
  await runAsync(
    doc,
    importRecords('Templates', [
      {
        Name: TEMPLATE,
        Table: 'Customers',
        To: '{{Email}}',
        Subject: 'Welcome, {{Name}}',
        Body: 'Dear {{Name}},\nwelcome aboard.',
      },
    ]),
  );
  const rows = [];
  for (let i = 1; i <= MAILS; i++) rows.push({ Name: `Customer ${i}`, Email: email(i) });
  await runAsync(doc, importRecords('Customers', rows));
});
afterAll(() => cleanup());

let copies = 0;
async function copyOfBase(): Promise<string> {
  const name = `merge-${++copies}.xlsx`;
  await copyFile(path.join(dir, 'base.xlsx'), path.join(dir, name));
  return name;
}

async function correspondence(name: string): Promise<CorrespondenceRow[]> {
  const reply = await dispatchAsync(openLocalDocument(path.join(dir, name), FIXED), 'mergeStatus', {
    template: TEMPLATE,
    limit: 2000,
  });
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return (reply.value as MergeStatusResult).rows;
}

describe('backoffice merge', () => {
  it('takes over the marker of a merge whose process died on this machine, never a live one', async () => {
    const isStale = localMergeRuntime().isStale!;
    const host = os.hostname();
    const marker = (owner: string) => ({ run: 'r', template: TEMPLATE, by: '', sinceMs: 0, owner });
    const live = liveProcess();
    try {
      expect(isStale(marker(`local:${live.pid}@${host}`), Date.now())).toBe(false);
      expect(isStale(marker(`local:${process.pid}@${host}`), Date.now())).toBe(false);
      expect(isStale(marker(`local:${await deadPid()}@${host}`), Date.now())).toBe(true);
      // Another machine's processes cannot be seen: its marker is never judged dead from here.
      expect(isStale(marker(`local:${await deadPid()}@elsewhere.example`), Date.now())).toBe(false);
    } finally {
      live.stop();
    }
  });

  it('previews (exit 1 on problems), refuses rows with problems, sends the rest to the outbox, never twice', async () => {
    const name = await copyOfBase();
    expect(
      (await cli(dir, ['update', name, 'Customers', customerId(3), '--data', '{"Email": null}'])).code,
    ).toBe(0);
    const dry = await cli(dir, ['merge', name, '--template', 'welcome', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(
      `Welcome (Customers): 20 mails in this selection, 20 to send; 20 mails, 19 recipients`,
    );
    expect(dry.stdout).toMatch(new RegExp(`Problems \\(1 record\\):\\n  ${customerId(3)}  To: is empty`));
    expect(dry.stdout).toContain(
      `First mail (${customerId(1)}):\n  To: ${email(1)}\n  Subject: Welcome, Customer 1\n\n  Dear Customer 1,\n  welcome aboard.`,
    );
    const json = await cli(dir, [
      'merge',
      name,
      '--template',
      TEMPLATE,
      '--dry-run',
      '--json',
      '--ids',
      `${customerId(1)},${customerId(2)}`,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout) as MergePreviewResult).toMatchObject({
      mails: 2,
      toSend: 2,
      blocked: false,
    });

    const refused = await cli(dir, ['merge', name, '--template', TEMPLATE]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Nothing was sent: 1 record has problems[\s\S]*CUS-0003 {2}To: is empty/);
    expect(existsSync(path.join(dir, 'outbox'))).toBe(false);

    const sent = await cli(dir, ['merge', name, '--template', TEMPLATE, '--exclude-problem-rows', '--json'], {
      stderrIsTTY: true,
    });
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout) as MergeSendResult).toMatchObject({
      sent: 19,
      failed: 0,
      excluded: [customerId(3)],
    });
    expect(sent.stderr).toContain('Sending');
    expect(readdirSync(path.join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(19);

    const again = await cli(dir, ['merge', name, '--template', TEMPLATE, '--exclude-problem-rows']);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('Nothing to send: 19 mails of this selection were sent before');

    const test = await cli(dir, ['merge', name, '--template', TEMPLATE, '--test', customerId(2)]);
    expect(test.code).toBe(0);
    expect(test.stdout).toBe(
      `Sent a test of "[Test] Welcome, Customer 2" to ${FIXED.user} (the mail itself would go to ${email(2)}).\n`,
    );
    expect(readdirSync(path.join(dir, 'outbox'))).toHaveLength(20);
    expect((await cli(dir, ['merge', name])).code).toBe(2);
  });

  it('killed with SIGKILL as a mail goes or just after, again and again: no mail twice, one held per kill', async () => {
    const name = await copyOfBase();
    const log = path.join(dir, `${name}.sent.jsonl`);
    const run = (mailer: string) =>
      cliWithTestMailer(dir, ['merge', name, '--template', TEMPLATE], mailer, log, {
        BACKOFFICE_USER: FIXED.user,
        BACKOFFICE_TZ: 'Europe/Rome',
      });
    const kills = ['kill-at:3', 'kill-before:2', 'kill-at:1', 'kill-before:4', 'kill-at:6'];
    await killOneAfterAnother(
      kills,
      run,
      log,
      async () => (await correspondence(name)).filter((r) => r.state === 'SENDING').length,
    );
    const last = await run('record');
    expect(last.code).toBe(1); // done, with mails held for review
    expect(last.stdout).toMatch(/5 mails are held in SENDING/);
    const sent = testMailerLog(log);
    expect(new Set(sent).size).toBe(sent.length);
    const rows = await correspondence(name);
    const held = rows.filter((r) => r.state === 'SENDING');
    expect(held).toHaveLength(kills.length);
    for (let i = 1; i <= MAILS; i++) {
      const row = rows.find((r) => r.recordIds[0] === customerId(i))!;
      if (row.state === 'SENT')
        expect(
          sent.filter((a) => a === email(i)),
          email(i),
        ).toHaveLength(1);
      else expect(row.state).toBe('SENDING');
    }
    // kill-before: held, never sent; kill-at: held, sent once.
    expect(sent).toHaveLength(MAILS - 2);
  }, 30_000);
});
