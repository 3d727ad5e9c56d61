/**
 * The built task pane (dist/office, built here into a temp folder) in headless Chromium at 350 px, the
 * width of Excel's task pane, with the Excel JS emulator served in place of Office.js from the CDN. The
 * workbook starts as the sample register; a record is created and edited through the shared sidebar and
 * the emulated workbook is checked cell by cell; the chases due are offered when the pane opens; mail
 * merge previews, summaries build, and the ribbon's views open.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffice } from '../../scripts/build-office.mjs';
import { ExcelDocument } from '../../src/hosts/excel';
import type { ChaseOverview } from '../../src/service/chase';
import { dispatchAsync } from '../../src/service/rpc';
import { expectAccessible, hasChromium, launchChromium } from '../browser/sidebar-support/browser';
import { createExcelEmulator, serialOf, type ExcelEmulator, type WorkbookState } from '../fakes/excel';

if (!hasChromium)
  console.warn('excel/taskpane.test.ts skipped: /usr/bin/chromium is missing (apt-get install -y chromium).');

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const USER = 'anna.ferri@backoffice.example';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type PaneWindow = { __excel: ExcelEmulator };

/**
 * The pane's clock, in Node and in the page: a Monday at 10:00 in Rome, after the starter rules'
 * Send at hour, so that what the pane offers on opening does not depend on when the test runs.
 */
const NOW = Date.parse('2026-11-23T09:00:00Z');

/**
 * The sample register, made through the Excel host in Node and handed to the page's emulator, and
 * the number of chase mails the pane should offer when it opens (due and queued, as `chasePlan` says).
 */
async function sampleWorkbook(): Promise<{ state: WorkbookState; chasesDue: number }> {
  const xl = createExcelEmulator();
  const doc = new ExcelDocument({ run: xl.run, user: USER, timeZone: 'Europe/Rome', now: () => NOW });
  const reply = await dispatchAsync(doc, 'setupRegister', { sample: true });
  if (!reply.ok) throw new Error(reply.error.message);
  const state = xl.exportState();
  const plan = await dispatchAsync(doc, 'chasePlan', {});
  if (!plan.ok) throw new Error(plan.error.message);
  const { mails, queued } = plan.value as ChaseOverview;
  return { state, chasesDue: mails.length + queued.length };
}

async function emulatorScript(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test/fakes/excel/browser.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.png': 'image/png',
  };
  const server = createServer(async (req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': `${types[path.extname(file)] ?? 'application/octet-stream'}; charset=utf-8`,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe.skipIf(!hasChromium)('Excel task pane in Chromium at 350 px, over the Excel JS emulator', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let outDir: string;
  let script: string;
  let chasesDue: number;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'taskpane-'));
    const [, emulator, sample] = await Promise.all([
      buildOffice({ outDir }),
      emulatorScript(),
      sampleWorkbook(),
    ]);
    const { state } = sample;
    chasesDue = sample.chasesDue;
    script = `window.__excelState = ${JSON.stringify(state)};\n${emulator}`;
    [browser, { server, url }] = await Promise.all([launchChromium(), serve(outDir)]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  async function openPane(query = ''): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 350, height: 720 },
      locale: 'en-US',
      timezoneId: 'Europe/Rome',
    });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    // Office.js from the CDN is replaced by the emulator; nothing else leaves the machine.
    await context.route(OFFICE_JS, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: script }),
    );
    // The top frame only: a mail preview's sandboxed iframe has no storage to write to.
    await page.addInitScript((user) => {
      if (window.top === window) window.localStorage.setItem('backoffice.user', user);
    }, USER);
    await page.goto(`${url}/taskpane.html${query}`);
    (page as Page & { errors?: string[] }).errors = errors;
    return page;
  }

  const field = (page: Page, name: string) => page.getByLabel(name, { exact: true });
  const statusText = (page: Page) => page.locator('form:visible [role="status"]').first().textContent();
  const poRows = (page: Page) =>
    page.evaluate(() => (window as unknown as PaneWindow).__excel.workbook.tableRows('tblPurchaseOrders'));
  const syncs = (page: Page) => page.evaluate(() => (window as unknown as PaneWindow).__excel.stats.syncs);

  it('creates and edits a purchase order through the sidebar, writing the Excel table', async () => {
    const page = await openPane();
    await page.locator('.results').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.host)).toBe('office');
    await expectAccessible(page, 'task pane list');

    await page.getByLabel('Table', { exact: true }).selectOption('Purchase Orders');
    await page.locator('.results[aria-label="Purchase Orders"]').waitFor();
    await page.locator('.toolbar button.primary').click();
    await page.getByRole('heading', { name: 'New Purchase Orders record' }).waitFor();
    expect(await field(page, 'Owner').inputValue()).toBe(USER);
    const supplier = page.getByRole('combobox', { name: 'Supplier', exact: true });
    await supplier.fill('brigh');
    await page.getByRole('option', { name: /Brightline Logistics/ }).click();
    await field(page, 'Description').fill('=HYPERLINK("http://evil.example")');
    await field(page, 'Amount').fill('1234.5');
    // Later than any "today" the page's clock may give Ordered on.
    await field(page, 'Expected delivery').fill('2099-12-31');
    const before = await syncs(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'PO-0051' }).waitFor();
    expect(await statusText(page)).toBe('Saved PO-0051.');
    // names, Setup, the tables, the write: four syncs for a create, whatever the table's size.
    expect((await syncs(page)) - before).toBe(4);

    let rows = await poRows(page);
    expect(rows).toHaveLength(51);
    const created = rows[50]!;
    expect(created.slice(0, 4)).toEqual(['PO-0051', 'SUP-0002', '=HYPERLINK("http://evil.example")', 1234.5]);
    const cell = await page.evaluate(() =>
      (window as unknown as PaneWindow).__excel.workbook.cell('Purchase Orders', 'C52'),
    );
    expect(cell).toMatchObject({ qp: true });
    expect(cell?.f).toBeUndefined();
    const expected = await page.evaluate(() =>
      (window as unknown as PaneWindow).__excel.workbook.cell('Purchase Orders', 'G52'),
    );
    // 2099-12-31 as Excel's serial, shown with a date format.
    expect(expected).toMatchObject({ v: serialOf(2099, 12, 31), nf: 'yyyy-mm-dd' });

    await field(page, 'Description').fill('Pallets x 40');
    await field(page, 'Description').press('Enter');
    await expect.poll(() => statusText(page)).toBe('Saved PO-0051.');
    expect(await page.locator('form:visible .meta').textContent()).toMatch(/^Version 2/);
    rows = await poRows(page);
    expect(rows).toHaveLength(51);
    expect(rows[50]![2]).toBe('Pallets x 40');
    expect(rows[50]![14]).toBe(2);
    const audit = await page.evaluate(() =>
      (window as unknown as PaneWindow).__excel.workbook.tableRows('tblAudit'),
    );
    expect(audit.slice(-2).map((r) => [r[3], r[4]])).toEqual([
      ['PO-0051', 'create'],
      ['PO-0051', 'update'],
    ]);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('goes to a record’s row in the sheet, and opens the record of the selected row', async () => {
    const page = await openPane();
    await page.locator('.results').waitFor();
    await page.getByLabel('Table', { exact: true }).selectOption('Purchase Orders');
    await page.locator('.results button.row').first().click();
    const id = (await page.locator('form:visible h2').textContent())!;
    const row = (await poRows(page)).findIndex((r) => r[0] === id) + 2;
    await page.getByRole('button', { name: 'Go to row' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as PaneWindow).__excel.workbook.selection()))
      .toEqual({ sheet: 'Purchase Orders', address: `'Purchase Orders'!A${row}:O${row}` });

    // A person clicks a cell of another record's row in Excel, then asks the pane for it.
    await page.evaluate(() =>
      (window as unknown as PaneWindow).__excel.workbook.select('Purchase Orders', 'D7'),
    );
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Open selected row' }).click();
    await page.getByRole('heading', { name: 'PO-0006' }).waitFor();
    await page.context().close();
  });

  it('runs mail merge through the Graph mailer: the Exchange quota in the preview, a clear word when mail is not set up', async () => {
    const page = await openPane();
    await page.locator('.results').waitFor();
    type Rpc = { call(method: string, request: unknown): Promise<unknown> };
    const preview = (await page.evaluate(() =>
      (window as unknown as { backofficeRpc: Rpc }).backofficeRpc.call('mergePreview', {
        template: 'Purchase order confirmation',
      }),
    )) as { quota: { remainingQuota: number }; mails: number };
    // Exchange Online's 10,000 recipients a day: the Graph mailer's figure, not another host's.
    expect(preview.quota.remainingQuota).toBe(10_000);
    expect(preview.mails).toBeGreaterThan(0);
    // This build has no OFFICE_CLIENT_ID: the test send says how to set mail up, and nothing is sent.
    const refused = await page.evaluate(() =>
      (window as unknown as { backofficeRpc: Rpc }).backofficeRpc
        .call('mergeTestSend', { template: 'Purchase order confirmation', id: 'PO-0001' })
        .then(
          () => '',
          (e: { payload?: { message?: string } }) => e.payload?.message ?? String(e),
        ),
    );
    expect(refused).toMatch(/Mail from Excel is not set up: build the add-in with OFFICE_CLIENT_ID/);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('serves the sign-in page for the Office dialog without starting the register', async () => {
    const page = await openPane('?view=auth');
    // No client ID in this build: the dialog page answers the pane with the set-up message at once.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __excel: ExcelEmulator }).__excel.stats.syncs))
      .toBe(0);
    expect(await page.locator('#app').textContent()).toMatch(/Signing in to Microsoft 365/);
    await page.context().close();
  });

  it('builds every summary from the Build summaries button (?view=summaries) into report sheets', async () => {
    const page = await openPane('?view=summaries');
    const sheets = () => page.evaluate(() => (window as unknown as PaneWindow).__excel.workbook.sheetNames());
    expect(await page.evaluate(() => document.documentElement.dataset.view)).toBe('summaries');
    const build = page.getByRole('button', { name: 'Build all summaries' });
    await build.waitFor();
    expect(await page.getByRole('tab', { name: 'Summaries' }).getAttribute('aria-selected')).toBe('true');
    const before = await sheets();
    await build.click();
    const status = page.locator('.summaries-view [role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/Built \d+/);
    const added = (await sheets()).filter((name) => !before.includes(name));
    expect(added.length).toBeGreaterThan(0);
    const report = await page.evaluate(
      (name) => (window as unknown as PaneWindow).__excel.workbook.values(name),
      added[0]!,
    );
    expect(report.length).toBeGreaterThan(1);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('opens Mail merge (?view=merge) on the merge view and previews a starter template', async () => {
    const page = await openPane('?view=merge');
    const template = page.getByLabel('Template', { exact: true });
    await template.waitFor();
    expect(await page.getByRole('tab', { name: 'Mail merge' }).getAttribute('aria-selected')).toBe('true');
    await template.selectOption('Purchase order confirmation');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    // The outlook (how many mails, the Exchange quota) and the first mail, its subject filled in.
    await page.locator('#merge-outlook-title').waitFor({ timeout: 20_000 });
    expect(await page.locator('#merge-outlook-title').textContent()).toMatch(/\d+ mails?/);
    await expect
      .poll(() => page.locator('.merge-view').textContent(), { timeout: 20_000 })
      .toMatch(/Purchase order PO-\d{4}: /);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('offers the chases due today when it opens, and Review shows them in the Chases view without sending', async () => {
    expect(chasesDue).toBeGreaterThan(0);
    const page = await openPane();
    const banner = page.locator('.chase-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('region');
    expect(await banner.locator('p').textContent()).toBe(`${chasesDue} chase mails are due today.`);
    await page.getByRole('button', { name: 'Review' }).click();
    expect(await page.getByRole('tab', { name: 'Chases' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('#chase-count').waitFor();
    expect(await page.locator('#chase-count').textContent()).toBe(`${chasesDue} chase mails are due today`);
    expect(await banner.count()).toBe(0);
    // Offering is reading: the sample register's Correspondence still has its header only.
    const log = await page.evaluate(() =>
      (window as unknown as PaneWindow).__excel.workbook.values('Correspondence'),
    );
    expect(log).toHaveLength(1);
    await expectAccessible(page, 'task pane chase offer');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('shows the help view of the manifest without starting the register', async () => {
    const page = await openPane('?view=help');
    await page.getByRole('heading', { name: 'Backoffice Register help' }).waitFor();
    expect(await syncs(page)).toBe(0);
    await page.context().close();
  });
});
