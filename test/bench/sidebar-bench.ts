/**
 * Sidebar figures in headless Chromium: time to first interactive form, filtering 10,000 records
 * per keystroke, and RPC round trips per user action (counted at the server).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importRecords } from '../../src/service/register';
import { runSync } from '../../src/service/use-case';
import { hasChromium, launchChromium } from '../browser/sidebar-support/browser';
import { filterTimes, timeToForm } from '../browser/sidebar-support/timings';
import { sampleRegister, startRegisterServer } from '../browser/sidebar-support/register-server';

type Say = (line: string) => void;

export async function sidebarFigures(say: Say): Promise<void> {
  say('\n## Sidebar in headless Chromium (300 px, workbench bridge)');
  if (!hasChromium) {
    say('- skipped: /usr/bin/chromium not found');
    return;
  }
  // Loaded at run time, not bundled: build.mjs finds the sources relative to itself.
  const build = (await import(
    pathToFileURL(path.resolve(__dirname, '../../scripts/build.mjs')).href
  )) as typeof import('../../scripts/build.mjs');
  const html = await build.buildSidebarHtml();
  const server = await startRegisterServer(html);
  const doc = sampleRegister();
  runSync(
    doc,
    importRecords(
      'Purchase Orders',
      Array.from({ length: 10_000 }, (_, i) => ({
        Supplier: `SUP-${String(1 + (i % 12)).padStart(4, '0')}`,
        Description: `Seeded item ${i} ${['bolts', 'paper', 'toner', 'chairs', 'cables'][i % 5]}`,
        Amount: 100 + (i % 977),
        'Ordered on': '2026-01-05',
        'Expected delivery': '2026-02-05',
      })),
    ),
  );
  server.doc = doc;
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 300, height: 700 } })).newPage();
    await page.addInitScript(() => sessionStorage.setItem('backoffice-register.table', 'Purchase Orders'));
    await page.goto(server.url);
    await page.locator('.results').waitFor();
    const listReady = await page.evaluate(
      () => performance.getEntriesByName('sidebar:list-ready')[0]!.startTime,
    );
    say(
      `- page load to usable list of 10,050 records: ${listReady.toFixed(0)} ms (round trips: ${server.calls.join(', ')})`,
    );
    server.calls.length = 0;
    const newForm = await timeToForm(page, '.toolbar button.primary');
    say(
      `- time to first interactive form: ${(listReady + newForm).toFixed(0)} ms from page load (new-record form itself ${newForm.toFixed(0)} ms, ${server.calls.length} round trips)`,
    );
    await page.keyboard.press('Escape');
    await page.locator('.list-view').waitFor();
    const search = page.getByLabel('Find', { exact: true });
    await search.focus();
    const sorted = await filterTimes(page, 'toner 12');
    say(
      `- filter 10,050 records per keystroke: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    server.calls.length = 0;
    const open = await timeToForm(page, '.results button.row');
    say(
      `- open a record: ${open.toFixed(0)} ms, round trips: ${server.calls.length} (${server.calls.join(', ')})`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
