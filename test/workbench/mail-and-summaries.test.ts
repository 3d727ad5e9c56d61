/**
 * The workbench's mail and summaries, end to end over real .xlsx files: a merge through the same RPC
 * endpoints the sidebar calls writes .eml files the Outbox lists; Build summaries writes report
 * sheets the grid lists; then, in Chromium, the menu buttons and the Outbox reader.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/core/summary';
import { openLocalDocument } from '../../src/hosts/local';
import type { ChaseRunResult } from '../../src/service/chase';
import type { MergePreviewResult, MergeSendResult } from '../../src/service/merge';
import { setupRegister } from '../../src/service/register';
import { runAsync } from '../../src/service/use-case';
import type { OutboxMessageDetail, OutboxResponse, SheetsResponse } from '../../src/workbench/api-types';
import { startWorkbench, type Workbench } from '../../src/workbench/server';
import { CHROMIUM, hasChromium, launchChromium } from '../browser/sidebar-support/browser';

/**
 * A wait for the page, not a timing assertion: a loaded machine (the whole suite in parallel) can
 * take more than expect.poll's default second to draw a grid or load a frame.
 */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const USER = 'carla@backoffice.example';
const TEMPLATE = 'Purchase order confirmation';
/** Accents, an ampersand (escaped in the HTML part), a dash and an emoji outside the BMP. */
const DESCRIPTION = 'Caffè & crème — 20 kg ☕ 🚚';

let dir: string;
const saved = { smtp: process.env.BACKOFFICE_SMTP_URL, quota: process.env.BACKOFFICE_DAILY_QUOTA };

/** A sample register with its own workbench: each test group starts from a register nobody touched. */
async function workbenchOn(name: string): Promise<{ bench: Workbench; folder: string }> {
  const folder = path.join(dir, name);
  await mkdir(folder);
  const workbook = path.join(folder, 'register.xlsx');
  const document = openLocalDocument(workbook, { user: USER, timeZone: 'Europe/Rome' });
  await runAsync(document, setupRegister({ sample: true }));
  return { bench: await startWorkbench({ workbook, port: 0, document }), folder };
}

async function call<T>(bench: Workbench, method: string, request: object): Promise<T> {
  const res = await fetch(`${bench.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  expect(res.status).toBe(200);
  const reply = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

const getJson = async <T>(bench: Workbench, route: string): Promise<T> =>
  (await (await fetch(`${bench.url}${route}`)).json()) as T;

const sheetNames = async (bench: Workbench) =>
  (await getJson<SheetsResponse>(bench, '/api/sheets?limit=1')).sheets.map((s) => s.name);

/** A new order whose description needs UTF-8, mailed to its supplier as the sidebar would: preview, then send. */
async function mergeNewOrder(bench: Workbench): Promise<{ id: string; preview: MergePreviewResult }> {
  const { id } = await call<{ id: string }>(bench, 'createRecord', {
    table: 'Purchase Orders',
    values: {
      Supplier: 'SUP-0001',
      Description: DESCRIPTION,
      Amount: 1250.5,
      'Ordered on': '2026-03-02',
      'Expected delivery': '2026-03-20',
    },
  });
  const preview = await call<MergePreviewResult>(bench, 'mergePreview', { template: TEMPLATE, ids: [id] });
  expect(preview).toMatchObject({ mails: 1, toSend: 1, problems: [] });
  const sent = await call<MergeSendResult>(bench, 'mergeSend', {
    template: TEMPLATE,
    ids: [id],
    previewToken: preview.previewToken,
  });
  expect(sent).toMatchObject({ sent: 1, failed: 0, pending: 0, stuck: [] });
  return { id, preview };
}

beforeAll(async () => {
  // The outbox, whatever the machine running the tests has configured.
  delete process.env.BACKOFFICE_SMTP_URL;
  delete process.env.BACKOFFICE_DAILY_QUOTA;
  dir = await mkdtemp(path.join(os.tmpdir(), 'workbench-mail-'));
});

afterAll(async () => {
  if (saved.smtp !== undefined) process.env.BACKOFFICE_SMTP_URL = saved.smtp;
  if (saved.quota !== undefined) process.env.BACKOFFICE_DAILY_QUOTA = saved.quota;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('workbench mail and summaries over RPC', () => {
  let bench: Workbench;
  let folder: string;

  beforeAll(async () => {
    ({ bench, folder } = await workbenchOn('rpc'));
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('sends a merge into the outbox beside the workbook, which /api/outbox lists', async () => {
    expect(bench.mail).toEqual({ destination: 'outbox', outbox: path.join(folder, 'outbox') });
    expect(await getJson(bench, '/api/info')).toMatchObject({ mail: 'outbox' });
    const { id, preview } = await mergeNewOrder(bench);
    const supplier = preview.previews[0]!.to[0]!;
    const subject = `Purchase order ${id}: ${DESCRIPTION}`;

    const outbox = await getJson<OutboxResponse>(bench, '/api/outbox');
    expect(outbox.folder).toBe(path.join(folder, 'outbox'));
    expect(outbox.messages).toHaveLength(1);
    const listed = outbox.messages[0]!;
    expect(listed).toMatchObject({ to: supplier, cc: '', subject });
    expect(listed.from).toContain(USER);

    // What any mail client would read: the file itself, parsed by an independent parser.
    const parsed = await simpleParser(await readFile(path.join(folder, 'outbox', listed.file)));
    expect(parsed.subject).toBe(subject);
    expect((parsed.to as AddressObject).value.map((a) => a.address)).toEqual([supplier]);
    expect(parsed.text).toContain(`Please accept this email as our purchase order ${id}.`);
    expect(parsed.text).toContain(DESCRIPTION);
    expect(parsed.html || '').toContain('Caffè &amp; crème — 20 kg ☕ 🚚');

    // The workbench's own reading of it, for the Outbox reader: both parts.
    const detail = await getJson<OutboxMessageDetail>(
      bench,
      `/api/outbox/message?file=${encodeURIComponent(listed.file)}`,
    );
    expect(detail.subject).toBe(subject);
    expect(detail.text).toContain(DESCRIPTION);
    expect(detail.html).toContain('<table');

    // Exactly once: the same merge again sends nothing.
    const again = await call<MergePreviewResult>(bench, 'mergePreview', { template: TEMPLATE, ids: [id] });
    expect(again).toMatchObject({ toSend: 0, alreadySent: 1 });
  });

  it('runs the chases due into the same outbox, each mail once', async () => {
    // The day the sample register was made for (its dates are relative to it); a given day also
    // leaves the rules' Send at hour out, so the hour the tests run at does not matter.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    const before = (await getJson<OutboxResponse>(bench, '/api/outbox')).messages.length;
    const run = await call<ChaseRunResult>(bench, 'chaseRun', { today });
    expect(run).toMatchObject({ failed: 0, pending: 0, stuck: [], problems: [] });
    expect(run.sent).toBeGreaterThan(0);
    const outbox = await getJson<OutboxResponse>(bench, '/api/outbox');
    expect(outbox.messages).toHaveLength(before + run.sent);
    const subjects = outbox.messages.map((m) => m.subject);
    for (const mail of run.sentMails) expect(subjects).toContain(mail.subject);
    expect(await call<ChaseRunResult>(bench, 'chaseRun', { today })).toMatchObject({ planned: 0, sent: 0 });
  });

  it('builds the summaries into report sheets that /api/sheets lists', async () => {
    const before = await sheetNames(bench);
    const result = await call<BuildResult>(bench, 'buildSummaries', { today: '2026-03-31' });
    expect(result.failed).toEqual([]);
    expect(result.reports.length).toBeGreaterThan(3);
    const after = await sheetNames(bench);
    for (const r of result.reports) {
      expect(before).not.toContain(r.sheet);
      expect(after).toContain(r.sheet);
    }
  });
});

describe('workbench mail and summaries in Chromium', () => {
  let browser: Browser | undefined;
  let bench: Workbench;
  let folder: string;

  beforeAll(async () => {
    if (!hasChromium) {
      console.log(`Skipping the browser checks: ${CHROMIUM} is missing (apt-get install -y chromium).`);
      return;
    }
    ({ bench, folder } = await workbenchOn('browser'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bench?.close();
  });

  it('opens the sidebar on its merge view, builds summaries into new tabs, and reads the outbox', async ({
    skip,
  }) => {
    if (!browser) return skip();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${bench.url}/`);
    const tab = (name: string | RegExp) => page.getByRole('tab', { name, exact: typeof name === 'string' });
    await poll(() => tab('Suppliers').getAttribute('aria-selected')).toBe('true');
    const sidebarSrc = () => page.locator('iframe[name=sidebar]').getAttribute('src');
    const selectedTab = () => page.getByRole('tab', { selected: true }).textContent();

    await page.getByRole('button', { name: 'Mail merge' }).click();
    await poll(sidebarSrc).toMatch(/^\/sidebar\?view=merge&table=Suppliers$/);

    // Build summaries: a notice of what was built, the report sheets as new tabs, the first one shown.
    const before = await sheetNames(bench);
    await page.getByRole('button', { name: 'Build summaries' }).click();
    const notice = page.locator('.notice');
    await poll(() => notice.textContent()).toMatch(/^×?Built \d+ summaries for \d{4}-\d{2}-\d{2}\./);
    const added = (await sheetNames(bench)).filter((n) => !before.includes(n));
    expect(added.length).toBeGreaterThan(3);
    for (const name of added) await poll(() => tab(name).count()).toBe(1);
    await poll(async () => added.includes((await selectedTab()) ?? '')).toBe(true);
    await poll(sidebarSrc).toBe('/sidebar?view=summaries');

    // Run chases now asks before any mail leaves; declined, nothing is sent.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Run chases now' }).click();
    await poll(() => notice.textContent()).toMatch(
      /^×?(No chase mail was sent\.|No chase mail is due on \d{4}-\d{2}-\d{2}\.)/,
    );
    if (/No chase mail was sent/.test((await notice.textContent()) ?? ''))
      expect(asked[0]).toMatch(/^Send \d+ chase mails? for \d{4}-\d{2}-\d{2} now/);
    expect((await getJson<OutboxResponse>(bench, '/api/outbox')).messages).toEqual([]);

    // A merge sent while the page is open, and a hostile message someone dropped into the folder.
    const { id } = await mergeNewOrder(bench);
    await writeFile(path.join(folder, 'outbox', '20000101-000000-hostile.eml'), await hostileMessage());
    await tab(/^Outbox/).click();
    const rows = page.locator('table.outbox tbody tr');
    await poll(() => rows.count()).toBe(2);
    // Newest first: the merge's mail, then the old one.
    await poll(() => rows.first().textContent()).toContain(`Purchase order ${id}`);

    await rows.first().click();
    const preview = page.locator('.preview');
    await poll(() => preview.locator('h2').textContent()).toBe(`Purchase order ${id}: ${DESCRIPTION}`);
    const mailFrame = preview.locator('iframe.mail-html');
    expect(await mailFrame.getAttribute('sandbox')).toBe('');
    await poll(() => page.frameLocator('iframe.mail-html').locator('body').textContent()).toContain(
      `Please accept this email as our purchase order ${id}.`,
    );
    await preview.getByRole('button', { name: 'Plain text' }).click();
    await poll(() => preview.locator('pre').textContent()).toContain(DESCRIPTION);
    await preview.getByRole('button', { name: 'HTML' }).click();
    await poll(() => mailFrame.count()).toBe(1);

    // The hostile HTML part renders as a document of its own, and none of its script runs.
    await rows.nth(1).click();
    await poll(() => page.frameLocator('iframe.mail-html').locator('body').textContent()).toContain(
      'Nothing to see here',
    );
    expect(
      await page.evaluate(() => (window as unknown as { __mailxss?: number }).__mailxss),
    ).toBeUndefined();
    // Chromium says on the console that it blocked the hostile message's script: that is the point.
    expect(errors.filter((e) => !/Blocked script execution in 'about:srcdoc'/.test(e))).toEqual([]);
    await page.close();
  });
});

/** An HTML mail that tries to script the page showing it. */
async function hostileMessage(): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'mallory@evil.example',
    to: USER,
    subject: 'Totally harmless',
    text: 'Nothing to see here.',
    html: '<p>Nothing to see here.</p><script>parent.__mailxss = 1</script><img src="data:," onerror="parent.__mailxss = 1">',
    date: new Date('2000-01-01T00:00:00Z'),
  });
  return info.message as Buffer;
}
