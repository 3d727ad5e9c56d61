/**
 * The Summaries view of the built sidebar in Chromium at 300 px, against the real service over the
 * sample register: build every report's sheet, then open a report's one-page view and check its
 * numbers against summaryView, its chart (inline SVG with a title, its numbers also a table), and
 * the accessibility of both views.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SummaryView } from '../../src/core/summary';
import {
  builtSidebarHtml,
  expectAccessible,
  hasChromium,
  installHost,
  launchChromium,
  shoot,
  type HostName,
} from './sidebar-support/browser';
import { sampleRegister, startRegisterServer, type RegisterServer } from './sidebar-support/register-server';

if (!hasChromium)
  console.warn(
    'sidebar-summary.test.ts skipped: /usr/bin/chromium is missing (apt-get install -y chromium).',
  );

const SHOTS = process.env.SIDEBAR_SCREENSHOTS
  ? 'docs/screenshots'
  : path.join(os.tmpdir(), 'sidebar-screenshots');
const OVERDUE = 'Overdue deliveries by supplier';
const SPEND = 'Spend by supplier by month';

/** Numbers as the sidebar writes them in English: amounts with 2 decimals, counts and days whole. */
const amount = (n: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
const whole = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
const day = (ymd: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${ymd}T00:00:00Z`),
  );

function shown(
  value: SummaryView['rows'][number][number],
  kind: SummaryView['columns'][number]['kind'],
): string {
  if (value === null) return '';
  if (typeof value === 'number') return kind === 'currency' ? amount(value) : whole(value);
  return kind === 'date' ? day(value) : value;
}

describe.skipIf(!hasChromium)('summaries in the sidebar', () => {
  let browser: Browser;
  let server: RegisterServer;

  beforeAll(async () => {
    const html = await builtSidebarHtml();
    [browser, server] = await Promise.all([launchChromium(), startRegisterServer(html)]);
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.doc = sampleRegister();
    server.calls.length = 0;
  });

  async function openSidebar(opts: { host?: HostName; query?: string } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 300, height: 700 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    // A step that cannot happen fails in seconds, naming itself, rather than at the test's timeout.
    page.setDefaultTimeout(8_000);
    await installHost(page, opts.host ?? 'workbench');
    await page.goto(server.url + (opts.query ?? ''));
    return page;
  }

  const reports = (page: Page) => page.getByRole('list', { name: 'Reports' });

  it('builds every summary sheet, then shows a report on one page with numbers matching summaryView', async () => {
    const page = await openSidebar({ host: 'gas', query: '?view=summaries' });
    await page.getByRole('tab', { name: 'Summaries', selected: true }).waitFor();
    await reports(page).waitFor();
    expect(await reports(page).getByRole('button').count()).toBe(6);
    expect(
      await reports(page)
        .getByRole('button', { name: new RegExp(OVERDUE) })
        .textContent(),
    ).toBe(`${OVERDUE}Purchase Orders · Bar chart`);
    expect(server.calls, 'the list view is not loaded until Records is shown').toEqual([
      'schema',
      'listRecords',
    ]);
    await expectAccessible(page, 'summaries list');

    server.calls.length = 0;
    await page.getByRole('button', { name: 'Build all summaries' }).click();
    await page.getByText('Built 6 summary sheets:').waitFor();
    expect(server.calls).toEqual(['buildSummaries']);
    expect(await page.locator('.summaries-view [role="status"] li').count()).toBe(6);
    for (const sheet of [OVERDUE, SPEND, 'Payables ageing']) expect(server.doc.tables.has(sheet)).toBe(true);

    // One report: headline numbers, a chart with a title, the table with its total.
    const expected = server.call<SummaryView>('summaryView', { report: OVERDUE });
    server.calls.length = 0;
    await reports(page)
      .getByRole('button', { name: new RegExp(OVERDUE) })
      .click();
    const heading = page.getByRole('heading', { name: OVERDUE, level: 2 });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    const table = page.getByRole('table', { name: /^From \d+ records$/ });
    await table.waitFor();
    expect(server.calls).toEqual(['summaryView']);

    const tiles = page.locator('.headline > div');
    expect(await tiles.count()).toBe(expected.headline.length);
    for (const [i, h] of expected.headline.entries()) {
      expect(await tiles.nth(i).locator('dt').textContent()).toBe(h.label);
      expect(await tiles.nth(i).locator('dd').textContent()).toBe(shown(h.value, h.kind) || '–');
    }

    const chart = page.getByRole('img', { name: `${OVERDUE} (bar chart)` });
    await chart.waitFor();
    expect(await chart.locator('title').first().textContent()).toBe(`${OVERDUE} (bar chart)`);
    expect(await chart.locator('rect').count()).toBe(expected.chart!.categories.length);

    expect(await table.getByRole('columnheader').allTextContents()).toEqual(
      expected.columns.map((c) => c.label),
    );
    const bodyRows = table.locator('tbody tr');
    expect(await bodyRows.count()).toBe(expected.rows.length);
    for (const [r, row] of expected.rows.entries())
      expect(await bodyRows.nth(r).locator('th, td').allTextContents()).toEqual(
        row.map((v, i) => shown(v, expected.columns[i]!.kind)),
      );
    expect(await table.locator('tfoot tr').locator('th, td').allTextContents()).toEqual(
      expected.total!.map((v, i) => shown(v, expected.columns[i]!.kind)),
    );

    // The chart's numbers are also a table, for anyone who cannot see the bars.
    await page.getByText('Chart data as a table').click();
    const data = page.getByRole('region', { name: 'Chart data as a table' }).getByRole('table');
    expect(await data.locator('tbody tr').count()).toBe(expected.chart!.categories.length);
    expect(await data.locator('tbody tr').first().locator('td').first().textContent()).toBe(
      shown(expected.chart!.series[0]!.values[0]!, expected.columns[expected.chart!.seriesColumns[0]!]!.kind),
    );
    await expectAccessible(page, 'report page');
    await shoot(page, `${SHOTS}/sidebar-summary.png`);

    // Build this report's sheet from its page; Back returns to the row that opened it.
    await page.getByRole('button', { name: 'Build this sheet' }).click();
    await page.getByText(`Sheet “${OVERDUE}” built: ${expected.rows.length} rows.`).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(new RegExp(`^${OVERDUE}`));
  });

  it('draws a stacked column chart for a crosstab, and says why a report cannot be computed', async () => {
    const page = await openSidebar({ host: 'office', query: '?view=summaries' });
    await reports(page)
      .getByRole('button', { name: new RegExp(SPEND) })
      .click();
    const chart = page.getByRole('img', { name: `${SPEND} (column chart)` });
    await chart.waitFor();
    const expected = server.call<SummaryView>('summaryView', { report: SPEND });
    const nonZero = expected.chart!.series.reduce(
      (n, s) => n + s.values.filter((v) => v !== null && v !== 0).length,
      0,
    );
    expect(await chart.locator('rect').count()).toBe(nonZero);
    // Series are named in a legend, as text.
    expect(await page.getByRole('list', { name: 'Legend' }).getByRole('listitem').count()).toBe(
      expected.chart!.series.length,
    );
    expect(await page.locator('.headline dd').first().textContent()).toBe(
      amount(expected.headline[0]!.value as number),
    );
    await expectAccessible(page, 'crosstab report page (Office)');
    await page.getByRole('button', { name: 'Back' }).click();

    // A report whose filter names a field that is not there: the page says which.
    const reportsTable = server.doc.tables.get('Reports')!;
    const header = reportsTable.header.map(String);
    const row = reportsTable.rows.find((r) => r[header.indexOf('Name')] === 'Payables ageing')!;
    row[header.indexOf('Filter')] = 'Stauts != Paid';
    await reports(page)
      .getByRole('button', { name: /Payables ageing/ })
      .click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/Stauts/);
  });

  it('speaks Italian', async () => {
    const page = await openSidebar({ query: '?view=summaries&lang=it' });
    await page.getByRole('tab', { name: 'Riepiloghi', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Genera tutti i riepiloghi' }).waitFor();
    await page
      .getByRole('list', { name: 'Report' })
      .getByRole('button', { name: new RegExp(OVERDUE) })
      .click();
    await page.getByRole('img', { name: `${OVERDUE} (grafico a barre)` }).waitFor();
    expect(await page.locator('.meta-line').textContent()).toMatch(/^Dati al 29 mar 2026/);
  });
});
