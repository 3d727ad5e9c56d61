/**
 * The Chase view of the built sidebar in Chromium at 300 px, against the real service over an
 * in-memory register on a Monday with overdue purchase orders and a fake mailer: today's mails with
 * why, Run chases now after a confirmation, the mails in the fake outbox, a mail held in SENDING
 * resolved by a person, and Pause chasing taking a record out of today's plan.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cellText } from '../../src/core/cells';
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import type { ChaseOverview } from '../../src/service/chase';
import { setupRegister } from '../../src/service/register';
import { runSync } from '../../src/service/use-case';
import { FakeMailer } from '../merge/fake-mailer';
import {
  builtSidebarHtml,
  expectAccessible,
  hasChromium,
  installHost,
  launchChromium,
} from './sidebar-support/browser';
import { fakeMail, startRegisterServer, USER, type RegisterServer } from './sidebar-support/register-server';

if (!hasChromium)
  console.warn('sidebar-chase.test.ts skipped: /usr/bin/chromium is missing (apt-get install -y chromium).');

/** Monday 2026-03-30, 12:00 in Rome: step 1 of "Overdue deliveries" is due for several suppliers. */
const NOW = Date.parse('2026-03-30T10:00:00Z');

function mondayRegister(): MemoryDocument {
  const doc = new MemoryDocument(() => ({
    user: USER,
    timeZone: 'Europe/Rome',
    locale: 'en_US',
    nowMs: NOW,
  }));
  runSync(doc, setupRegister({ sample: true }));
  return doc;
}

describe.skipIf(!hasChromium)('chases in the sidebar (memory register, fake mailer)', () => {
  let browser: Browser;
  let server: RegisterServer;
  let mailer: FakeMailer;

  beforeAll(async () => {
    const html = await builtSidebarHtml();
    [browser, server] = await Promise.all([
      launchChromium(),
      startRegisterServer(html, { merge: fakeMail(NOW, () => mailer) }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.doc = mondayRegister();
    server.calls.length = 0;
    mailer = new FakeMailer(100);
  });

  async function openChase(query = '?view=chase'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 300, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    page.setDefaultTimeout(8_000);
    await installHost(page, 'workbench');
    await page.goto(server.url + query);
    await page.locator('#chase-count').waitFor();
    return page;
  }

  const plan = () => server.call<ChaseOverview>('chasePlan', {});

  it('lists the mails due with why, runs them after a confirmation, and resolves a mail held in SENDING', async () => {
    const due = plan().mails;
    expect(due.length).toBeGreaterThan(0);
    const page = await openChase();
    expect(await page.getByRole('tab', { name: 'Chases' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#chase-count').textContent()).toBe(`${due.length} chase mails are due today`);
    const first = page.locator('.chase-mails > li').first();
    expect(await first.textContent()).toContain(due[0]!.why);
    expect(await first.textContent()).toContain('Overdue deliveries, step 1');
    await expectAccessible(page, 'chase view');

    await page.getByRole('button', { name: 'Run chases now' }).click();
    expect(await page.locator('#chase-confirm').textContent()).toBe(`Send ${due.length} chase mails now?`);
    expect(mailer.delivered).toHaveLength(0);
    await page.getByRole('button', { name: `Send ${due.length} mails` }).click();
    await expect
      .poll(() => page.locator('#chase-result').textContent())
      .toBe(`Sent ${due.length} of ${due.length} chase mails.`);
    expect(mailer.delivered.map((m) => m.subject)).toEqual(due.map((m) => m.subject));
    await expect.poll(() => page.locator('#chase-count').textContent()).toBe('No chase mails are due today.');
    await page.getByText(`Sent recently (${due.length})`).click();
    await expectAccessible(page, 'chase view after a run');

    // A run interrupted mid-send leaves its row in SENDING: a person says whether it left.
    const log = server.doc.tables.get('Correspondence')!;
    const state = log.header.map(cellText).indexOf('State');
    log.rows[0]![state] = 'SENDING';
    await page.reload();
    await page.locator('#chase-count').waitFor();
    await page.getByText('Stuck (1)').waitFor();
    await page.getByRole('button', { name: 'It was sent' }).click();
    await page.getByText('Stuck (0)').waitFor();
    expect(cellText(server.doc.tables.get('Correspondence')!.rows[0]![state])).toBe('SENT');
  });

  it('Pause chasing takes a record out of today’s plan, from the list and from the record form', async () => {
    const page = await openChase();
    const switchOf = (id: string) => page.getByRole('switch', { name: `Pause chasing ${id}` });
    await switchOf('PO-0002').click();
    await expect.poll(() => plan().paused.map((p) => p.id)).toEqual(['PO-0002']);
    expect(plan().mails.flatMap((m) => m.records)).not.toContain('PO-0002');
    await expect.poll(() => page.getByText('Paused (1)').count()).toBe(1);

    // The record form: the section loads when opened, and its switch unpauses.
    await page.goto(`${server.url}?view=record&table=Purchase%20Orders&id=PO-0002`);
    const chasing = page.getByText('Chasing', { exact: true });
    await chasing.waitFor();
    // Opening the record reads no chase state: that waits for the section to be opened.
    expect(server.calls).not.toContain('chaseRecord');
    server.calls.length = 0;
    await chasing.click();
    const formSwitch = page.getByRole('switch', { name: 'Pause chasing' });
    await expect.poll(() => formSwitch.isChecked()).toBe(true);
    expect(server.calls).toEqual(['chaseRecord']);
    await formSwitch.click();
    await expect.poll(() => plan().mails.flatMap((m) => m.records)).toContain('PO-0002');
    await expectAccessible(page, 'record form with chasing');
  });
});
