/**
 * The sidebar in the workbench, against a real .xlsx: what a person does in the sidebar lands in
 * the file on disk. Create, find, edit, a validation error, a reference pick and a version conflict.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordOut } from '../../src/core/records';
import { openLocalDocument } from '../../src/hosts/local';
import { fetchRecord, setupRegister, updateRecord } from '../../src/service/register';
import { runAsync } from '../../src/service/use-case';
import { startWorkbench, type Workbench } from '../../src/workbench/server';
import { hasChromium, launchChromium } from './sidebar-support/browser';

if (!hasChromium) console.warn('skipped: /usr/bin/chromium not found; install the Debian package chromium');

describe.skipIf(!hasChromium)('the sidebar in the workbench, on a real .xlsx', () => {
  let dir: string;
  let file: string;
  let workbench: Workbench;
  let browser: Browser;
  const doc = () => openLocalDocument(file, { user: 'carla.diaz@backoffice.example' });
  const onDisk = (table: string, id: string) => runAsync(doc(), fetchRecord({ table, id }));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'workbench-sidebar-'));
    file = path.join(dir, 'register.xlsx');
    await runAsync(doc(), setupRegister({ sample: true }));
    workbench = await startWorkbench({ workbook: file, port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function sidebar(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 300, height: 720 } })).newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    await page.goto(`${workbench.url}/sidebar`);
    await page.locator('.results').waitFor();
    return page;
  }

  it('creates a purchase order with a picked supplier, after showing a problem beside its field', async () => {
    const page = await sidebar();
    await page.getByLabel('Table', { exact: true }).selectOption('Purchase Orders');
    await page.locator('.toolbar button.primary').click();
    await page.getByRole('heading', { name: 'New Purchase Orders record' }).waitFor();
    const supplier = page.getByRole('combobox', { name: 'Supplier', exact: true });
    await supplier.fill('fjord');
    await page.getByRole('option', { name: /Fjord Paper Company/ }).click();
    await page.getByLabel('Description', { exact: true }).fill('Copy paper, 12 boxes 📦');
    await page.getByLabel('Amount', { exact: true }).fill('-3');
    await page.getByLabel('Expected delivery', { exact: true }).fill('2099-01-15');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByLabel('Amount', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    await page.getByLabel('Amount', { exact: true }).fill('312.40');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'PO-0051' }).waitFor();
    const saved = await onDisk('Purchase Orders', 'PO-0051');
    expect(saved.values).toMatchObject({
      Supplier: 'SUP-0006',
      Description: 'Copy paper, 12 boxes 📦',
      Amount: 312.4,
      'Expected delivery': '2099-01-15',
    });
  });

  it('finds by typing and edits; a save based on a version changed meanwhile shows both and keeps the choice', async () => {
    const page = await sidebar();
    await page.getByLabel('Table', { exact: true }).selectOption('Suppliers');
    await page.getByLabel('Find', { exact: true }).fill('kestrel');
    await page
      .getByRole('button', { name: /Kestrel Cleaning/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'SUP-0011' }).waitFor();
    // The form has its fresh copy (the heading alone shows while getRecord loads).
    await expect.poll(() => page.locator('form:visible .meta').textContent()).toMatch(/^Version 1\b/);

    // Someone else saves the same supplier from the CLI meanwhile.
    await runAsync(
      doc(),
      updateRecord({
        table: 'Suppliers',
        id: 'SUP-0011',
        version: 1,
        values: { Phone: '+39 02 5550 9999', Status: 'On hold' },
      }),
    );
    await page.getByLabel('Phone', { exact: true }).fill('+39 02 5550 1111');
    await page.getByRole('button', { name: 'Save' }).click();
    const panel = page.getByRole('region', { name: 'Someone else changed this record' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('+39 02 5550 9999');
    expect(await panel.textContent()).toContain('On hold');
    await panel.getByRole('button', { name: 'Save with these choices' }).click();
    await expect.poll(async () => (await onDisk('Suppliers', 'SUP-0011')).version).toBe(3);
    const kept: RecordOut = await onDisk('Suppliers', 'SUP-0011');
    expect(kept.values).toMatchObject({ Phone: '+39 02 5550 1111', Status: 'On hold' });
    // Saved by the workbench's user, not by the CLI user who changed it meanwhile.
    expect(kept.updatedBy).toBe(openLocalDocument(file).env().user);
  });
});
