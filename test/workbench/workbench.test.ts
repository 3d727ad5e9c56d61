/**
 * The workbench end to end: the server over a real .xlsx (the local host), its JSON endpoints and
 * security checks, then the page in headless Chromium with the real sidebar bundle in its iframe.
 */
import ExcelJS from 'exceljs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalDocument } from '../../src/hosts/local';
import { setupRegister } from '../../src/service/register';
import { runAsync } from '../../src/service/use-case';
import type { OutboxResponse, SheetsResponse } from '../../src/workbench/api-types';
import { startWorkbench, type Workbench } from '../../src/workbench/server';
import { CHROMIUM, hasChromium, launchChromium } from '../browser/sidebar-support/browser';

/**
 * A wait for the page, not a timing assertion: a loaded machine (the whole suite in parallel) can
 * take more than expect.poll's default second to draw a grid or load a frame.
 */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

let dir: string;
let workbook: string;
let workbench: Workbench;

const post = (
  method: string,
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => fetch(`${workbench.url}/rpc/${method}`, { method: 'POST', headers, body });

async function sheets(query = ''): Promise<SheetsResponse> {
  const res = await fetch(`${workbench.url}/api/sheets${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SheetsResponse;
}

/** node:http, because fetch will not send a Host header of our choosing. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SAMPLE_EML = [
  'From: Back office <me@localhost.localdomain>',
  'To: orders@acme-industrial.example',
  'Subject: =?utf-8?B?' + Buffer.from('Reminder: PO-0001 – delivery due').toString('base64') + '?=',
  'Date: Mon, 23 Nov 2026 09:30:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Dear Maria,=0A=0Aplease confirm the delivery date. Grazie =E2=80=94 Carla',
  '',
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'workbench-'));
  workbook = path.join(dir, 'register.xlsx');
  await runAsync(
    openLocalDocument(workbook, { user: 'carla@backoffice.example', timeZone: 'Europe/Rome' }),
    setupRegister({ sample: true }),
  );
  await mkdir(path.join(dir, 'outbox'));
  await writeFile(path.join(dir, 'outbox', '20261123-093000-PO-0001.eml'), SAMPLE_EML);
  workbench = await startWorkbench({ workbook, port: 0 });
});

afterAll(async () => {
  await workbench?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('workbench server', () => {
  it('serves the page with a Content-Security-Policy', async () => {
    const res = await fetch(`${workbench.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<script src="/workbench.js"');
  });

  it('serves the sidebar bundle marked as the workbench host, with its inline script allowed by hash', async () => {
    const res = await fetch(`${workbench.url}/sidebar`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<html[^>]*data-host="workbench"/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    for (const view of ['new', 'merge', 'summaries']) {
      const launched = await (await fetch(`${workbench.url}/sidebar?view=${view}`)).text();
      expect(launched).toMatch(new RegExp(`<html[^>]*data-view="${view}"`));
    }
    const unknownView = await (await fetch(`${workbench.url}/sidebar?view=%22%3E%3Cscript%3E`)).text();
    expect(unknownView).not.toContain('data-view');
    const table = await (
      await fetch(`${workbench.url}/sidebar?view=new&table=${encodeURIComponent('A"><b>')}`)
    ).text();
    expect(table).toContain('data-table="A&#34;&#62;&#60;b&#62;"');
  });

  it('lists the visible sheets with the sample rows, dates as YYYY-MM-DD, hidden sheets left out', async () => {
    const { sheets: all } = await sheets();
    const names = all.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Setup', 'Suppliers', 'Purchase Orders', 'Invoices']));
    expect(names.some((n) => n.startsWith('_'))).toBe(false);
    const suppliers = all.find((s) => s.name === 'Suppliers')!;
    expect(suppliers.header[0]).toBe('ID');
    expect(suppliers.rows.length).toBeGreaterThan(3);
    expect(suppliers.rows[0]![0]).toBe('SUP-0001');
    const orders = all.find((s) => s.name === 'Purchase Orders')!;
    const orderedOn = orders.header.indexOf('Ordered on');
    expect(orders.rows[0]![orderedOn]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('pages a sheet', async () => {
    const {
      sheets: [page],
    } = await sheets('?sheet=Suppliers&offset=2&limit=3');
    expect(page!.name).toBe('Suppliers');
    expect(page!.offset).toBe(2);
    expect(page!.rows).toHaveLength(3);
    expect(page!.rows[0]![0]).toBe('SUP-0003');
    expect(page!.totalRows).toBeGreaterThan(3);
    expect((await fetch(`${workbench.url}/api/sheets?limit=lots`)).status).toBe(400);
  });

  it('creates a record over RPC that then shows in the grid and in the .xlsx on disk', async () => {
    const res = await post(
      'createRecord',
      JSON.stringify({
        table: 'Suppliers',
        values: { Name: 'Workbench Test Supplies', Email: 'hello@wb-test.example' },
      }),
    );
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { ok: boolean; value: { id: string } };
    expect(reply.ok).toBe(true);
    const id = reply.value.id;
    expect(id).toMatch(/^SUP-\d{4}$/);

    const {
      sheets: [page],
    } = await sheets('?sheet=Suppliers&limit=5000');
    expect(page!.rows.some((r) => r[0] === id && r.includes('Workbench Test Supplies'))).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workbook);
    const found: string[] = [];
    wb.getWorksheet('Suppliers')!.eachRow((row) => found.push(String(row.getCell(1).value)));
    expect(found).toContain(id);
  });

  it('answers a domain error as {ok:false} and an unknown method the same way', async () => {
    const invalid = (await (
      await post('createRecord', JSON.stringify({ table: 'Suppliers', values: {} }))
    ).json()) as {
      ok: boolean;
      error: { code: string; problems: unknown[] };
    };
    expect(invalid.ok).toBe(false);
    expect(invalid.error.code).toBe('invalid');
    const unknown = (await (await post('dropAllTables', '{}')).json()) as {
      ok: boolean;
      error: { message: string };
    };
    expect(unknown).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('dropAllTables') },
    });
  });

  it('refuses bad JSON with 400 and a clear message', async () => {
    const res = await post('createRecord', '{"table": "Suppliers",');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('refuses a body over 1 MB with 413, and a non-JSON content type with 415', async () => {
    const big = JSON.stringify({ table: 'Suppliers', values: { Notes: 'x'.repeat(1024 * 1024) } });
    expect((await post('createRecord', big)).status).toBe(413);
    expect((await post('validateRegister', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('refuses a foreign Host header (DNS rebinding) and a cross-site POST', async () => {
    const url = new URL(workbench.url);
    const rebound = await getWithHost(`http://127.0.0.1:${url.port}/api/sheets`, `evil.example:${url.port}`);
    expect(rebound.status).toBe(403);
    expect((await getWithHost(`http://127.0.0.1:${url.port}/`, `127.0.0.1:${url.port}`)).status).toBe(200);
    const crossSite = await post('validateRegister', '{}', {
      'Content-Type': 'application/json',
      Origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
  });

  it('lists the outbox with headers decoded', async () => {
    const outbox = (await (await fetch(`${workbench.url}/api/outbox`)).json()) as OutboxResponse;
    expect(outbox.messages).toEqual([
      {
        file: '20261123-093000-PO-0001.eml',
        date: '2026-11-23T09:30:00.000Z',
        from: 'Back office <me@localhost.localdomain>',
        to: 'orders@acme-industrial.example',
        cc: '',
        subject: 'Reminder: PO-0001 – delivery due',
      },
    ]);
    const message = (await (
      await fetch(`${workbench.url}/api/outbox/message?file=20261123-093000-PO-0001.eml`)
    ).json()) as {
      text: string;
    };
    expect(message.text).toBe('Dear Maria,\n\nplease confirm the delivery date. Grazie — Carla\n');
    expect((await fetch(`${workbench.url}/api/outbox/message?file=..%2Fregister.xlsx`)).status).toBe(404);
  });
});

describe('workbench page in Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) {
      console.log(`Skipping the browser checks: ${CHROMIUM} is missing (apt-get install -y chromium).`);
      return;
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the sheets as tabs and a grid, switches tabs, loads the sidebar and runs a menu action', async ({
    skip,
  }) => {
    if (!browser) return skip();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A CSP violation is reported on the console, not as a page error.
      if (m.type() === 'error') errors.push(m.text());
    });
    // Data is text: a supplier named like markup shows those characters and runs nothing.
    const markup = '<img src=x onerror="window.__xss=1">';
    const created = await post(
      'createRecord',
      JSON.stringify({ table: 'Suppliers', values: { Name: markup, Email: 'x@xss.example' } }),
    );
    expect(((await created.json()) as { ok: boolean }).ok).toBe(true);
    await page.goto(`${workbench.url}/`);

    const tabs = page.getByRole('tab');
    await poll(() => tabs.count()).toBeGreaterThan(5);
    await poll(() => page.getByRole('tab', { name: 'Suppliers' }).getAttribute('aria-selected')).toBe('true');
    const grid = page.locator('table.grid');
    await poll(() => grid.locator('tbody tr').first().locator('td').first().textContent()).toBe('SUP-0001');
    expect(await grid.locator('tr.header th').nth(1).textContent()).toBe('ID');
    await poll(() => grid.getByText(markup, { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await page.getByRole('tab', { name: 'Purchase Orders' }).click();
    await poll(() => grid.locator('tbody tr').first().locator('td').first().textContent()).toBe('PO-0001');

    const frame = page.frameLocator('iframe[src^="/sidebar"]');
    // The sidebar bundle ran (under the page's CSP) and drew something into its root.
    await poll(async () => ((await frame.locator('#app').textContent()) ?? '').trim().length).toBeGreaterThan(
      0,
    );

    // Sheet navigation: the sidebar's "Go to row" selects the record's row in the grid, on whatever page.
    const sidebarWindow = page.frames().find((f) => f.url().includes('/sidebar'))!;
    await sidebarWindow.evaluate(() =>
      (
        window as unknown as { backofficeSheet: { selectRecord(r: object): Promise<void> } }
      ).backofficeSheet.selectRecord({
        table: 'Invoices',
        id: 'INV-0003',
      }),
    );
    await poll(() => page.getByRole('tab', { name: 'Invoices' }).getAttribute('aria-selected')).toBe('true');
    expect(await grid.locator('tr.selected td').first().textContent()).toBe('INV-0003');
    await grid.locator('tbody tr').nth(4).click();
    const selected = await sidebarWindow.evaluate(() =>
      (
        window as unknown as { backofficeSheet: { selectedRecord(): Promise<unknown> } }
      ).backofficeSheet.selectedRecord(),
    );
    expect(selected).toEqual({ table: 'Invoices', id: 'INV-0005' });

    await page.getByRole('button', { name: 'Validate register' }).click();
    const notice = page.locator('.notice');
    await poll(() => notice.textContent()).toMatch(/rows checked/);

    await page.getByRole('tab', { name: /Outbox/ }).click();
    await poll(() => page.locator('table.outbox tbody tr').count()).toBe(1);

    await page.getByRole('tab', { name: 'Suppliers' }).click();
    await poll(() => grid.locator('tbody tr').first().locator('td').first().textContent()).toBe('SUP-0001');
    expect(errors).toEqual([]);
    await page.close();
  });

  // WORKBENCH_SCREENSHOT=docs/screenshots/workbench.png npx vitest run test/workbench refreshes the
  // README's picture, from a fresh sample register so no test data shows.
  it('saves a screenshot of a fresh register when asked to', async ({ skip }) => {
    const shot = process.env.WORKBENCH_SCREENSHOT;
    if (!browser || !shot) return skip();
    const fresh = path.join(dir, 'screenshot', 'register.xlsx');
    await mkdir(path.dirname(fresh));
    await runAsync(
      openLocalDocument(fresh, { user: 'carla@backoffice.example' }),
      setupRegister({ sample: true }),
    );
    const bench = await startWorkbench({ workbook: fresh, port: 0 });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 640 } });
      await page.goto(`${bench.url}/`);
      await page.getByRole('tab', { name: 'Purchase Orders' }).click();
      await page.locator('table.grid tbody tr').nth(3).click();
      // Open the selected row's record in the sidebar, when the sidebar offers it.
      const open = page.frameLocator('iframe').getByText('Open selected row');
      await poll(() => open.count()).toBe(1);
      await open.click();
      await page.getByRole('button', { name: 'Validate register' }).click();
      await poll(() => page.locator('.notice').textContent()).toMatch(/rows checked/);
      await mkdir(path.dirname(path.resolve(shot)), { recursive: true });
      await page.screenshot({ path: shot });
      await page.close();
    } finally {
      await bench.close();
    }
  });
});
