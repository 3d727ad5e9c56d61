/**
 * The Apps Script sidebar end to end: the HTML the real bundle hands to showSidebar, in Chromium at
 * 300 px, with google.script.run carried to the real Code.js running in the emulator. What a person
 * does in the sidebar lands in the emulated spreadsheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadBundle, type GasBundle } from '../gas/bundle-harness';
import { expectAccessible, hasChromium, launchChromium } from './sidebar-support/browser';
import { openGasSidebar } from './sidebar-support/gas-page';

if (!hasChromium) console.warn('skipped: /usr/bin/chromium not found; install the Debian package chromium');

describe.skipIf(!hasChromium)('Apps Script sidebar on the real bundle', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const open = (gas: GasBundle, menuFunction: string): Promise<{ page: Page; calls: string[] }> =>
    openGasSidebar(browser, gas, menuFunction, 'anna@backoffice.example');

  it('"New record" opens a form; saving writes the row to the spreadsheet, with errors shown beside fields first', async () => {
    const gas = loadBundle({ now: Date.parse('2026-03-29T09:00:00Z') });
    gas.rpc('setupRegister', { sample: true });
    const { page, calls } = await open(gas, 'menuNewRecord');
    await page.getByRole('heading', { name: 'New Suppliers record' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.host)).toBe('gas');
    await expectAccessible(page, 'Apps Script new record form');

    await page.getByLabel('Name', { exact: true }).fill('Acme Industrial Supply');
    await page.getByLabel('Email', { exact: true }).fill('not an address');
    await page.getByRole('button', { name: 'Save' }).click();
    // Typed problems are caught in the sidebar; the duplicate name only the server can see.
    await expect
      .poll(() => page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    await page.getByLabel('Email', { exact: true }).fill('orders@zeta.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    expect(calls).toContain('createRecord');
    await page.getByLabel('Name', { exact: true }).fill('Zeta Trading');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'SUP-0013' }).waitFor();

    const rows = gas.env.spreadsheet.read('Suppliers');
    const header = rows[0] as string[];
    const row = rows.find((r) => r[0] === 'SUP-0013')!;
    expect(row[header.indexOf('Name')]).toBe('Zeta Trading');
    expect(row[header.indexOf('Created by')]).toBe('anna@backoffice.example');
  });

  it('finds a record by typing, edits it, and picks a reference by name', async () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    const { page, calls } = await open(gas, 'menuOpenSidebar');
    await page.locator('.results').waitFor();
    await page.getByLabel('Table', { exact: true }).selectOption('Purchase Orders');
    await page.getByLabel('Find', { exact: true }).fill('PO-0007');
    calls.length = 0;
    await page
      .getByRole('button', { name: /PO-0007/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'PO-0007' }).waitFor();
    await page.locator('form:visible .meta').waitFor();
    expect(calls, 'opening a record costs one round trip').toEqual(['getRecord']);

    const supplier = page.getByRole('combobox', { name: 'Supplier', exact: true });
    await supplier.fill('kestrel');
    await page.getByRole('option', { name: /Kestrel Cleaning/ }).click();
    await page.getByLabel('Description', { exact: true }).fill('Edited in the Apps Script sidebar ✓');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved PO-0007.').waitFor();

    const rows = gas.env.spreadsheet.read('Purchase Orders');
    const header = rows[0] as string[];
    const row = rows.find((r) => r[0] === 'PO-0007')!;
    expect(row[header.indexOf('Supplier')]).toBe('SUP-0011');
    expect(row[header.indexOf('Description')]).toBe('Edited in the Apps Script sidebar ✓');
    expect(row[header.indexOf('Version')]).toBe(2);
  });

  it('opens on the record under the cursor, and "Go to row" selects its row in the sheet', async () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Purchase Orders')!.getRange('C12').activate());
    const { page } = await open(gas, 'menuOpenSidebar');
    await page.getByRole('heading', { name: 'PO-0011' }).waitFor();
    gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Setup')!.getRange('A1').activate());
    await page.getByRole('button', { name: 'Go to row' }).click();
    await expect
      .poll(() =>
        gas.env.execute(() => {
          const r = gas.env.spreadsheet.getActiveRange()!;
          return `${r.getSheet().getName()}!${r.getRow()}`;
        }),
      )
      .toBe('Purchase Orders!12');
  });
});
