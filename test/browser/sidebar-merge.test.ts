/**
 * The mail merge view of the built sidebar in Chromium at 300 px: against the real service over an
 * in-memory register with a fake mailer (preview, problems, leaving rows out, a test send, the send,
 * a rerun that sends nothing, a quota stop and Continue, a mail held in SENDING resolved by a
 * person), and on the real Apps Script bundle in the emulator, from the "Mail merge" menu to the
 * mail in the emulated outbox and the Correspondence rows SENT.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cellText } from '../../src/core/cells';
import type { MergeStatusResult } from '../../src/service/merge';
import { loadBundle } from '../gas/bundle-harness';
import { FakeMailer } from '../merge/fake-mailer';
import {
  builtSidebarHtml,
  expectAccessible,
  hasChromium,
  installHost,
  launchChromium,
  shoot,
  type HostName,
} from './sidebar-support/browser';
import { openGasSidebar, sheetRows } from './sidebar-support/gas-page';
import {
  fakeMail,
  sampleRegister,
  startRegisterServer,
  TODAY,
  USER,
  type RegisterServer,
} from './sidebar-support/register-server';

if (!hasChromium)
  console.warn('sidebar-merge.test.ts skipped: /usr/bin/chromium is missing (apt-get install -y chromium).');

const SHOTS = process.env.SIDEBAR_SCREENSHOTS
  ? 'docs/screenshots'
  : path.join(os.tmpdir(), 'sidebar-screenshots');
const NOW = Date.parse(`${TODAY}T10:00:00Z`);
const ACK = 'Customer request acknowledgement';
const CONFIRMATION = 'Purchase order confirmation';

describe.skipIf(!hasChromium)('mail merge in the sidebar (memory register, fake mailer)', () => {
  let browser: Browser;
  let server: RegisterServer;
  let mailer: FakeMailer;

  beforeAll(async () => {
    const html = await builtSidebarHtml();
    [browser, server] = await Promise.all([
      launchChromium(),
      startRegisterServer(html, { merge: fakeMail(NOW, () => mailer) }),
    ]);
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.doc = sampleRegister();
    server.calls.length = 0;
    mailer = new FakeMailer(100);
  });

  async function openSidebar(opts: { host?: HostName; query?: string; dark?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 300, height: 900 },
      locale: 'en-US',
      colorScheme: opts.dark ? 'dark' : 'light',
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    // A step that cannot happen fails in seconds, naming itself, rather than at the test's timeout.
    page.setDefaultTimeout(8_000);
    await installHost(page, opts.host ?? 'workbench');
    await page.goto(server.url + (opts.query ?? ''));
    return page;
  }

  const mergeTab = (page: Page) => page.getByRole('tab', { name: 'Mail merge' });
  const outlook = (page: Page) => page.locator('#merge-outlook-title');
  const result = (page: Page) => page.locator('#merge-result-title');

  /** Pick a template and type record IDs, then preview. */
  async function previewIds(page: Page, template: string, ids: string): Promise<void> {
    await page.getByLabel('Template', { exact: true }).selectOption(template);
    await page.getByRole('radio', { name: 'Only these record IDs' }).check();
    await page.getByRole('textbox', { name: 'Record IDs' }).fill(ids);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await outlook(page).waitFor();
  }

  /** Blank a cell the way a person would, in the sheet, not through the register. */
  function editCell(sheet: string, key: string, column: string, value: string, keyColumn = 'ID'): void {
    const table = server.doc.tables.get(sheet)!;
    const header = table.header.map(cellText);
    const row = table.rows.find((r) => cellText(r[header.indexOf(keyColumn)]) === key)!;
    row[header.indexOf(column)] = value;
  }

  const status = () => server.call<MergeStatusResult>('mergeStatus', {});

  it('merges the list’s search: preview, a problem named by field, leave it out, test, send, and the log in the record', async () => {
    // One supplier of the four toner orders has no email address: its order cannot be sent.
    editCell('Suppliers', 'SUP-0005', 'Email', '');
    const page = await openSidebar({ host: 'gas' });
    await page.locator('.results').waitFor();
    await page.getByLabel('Table', { exact: true }).selectOption('Purchase Orders');
    await page.getByLabel('Find', { exact: true }).fill('toner');
    await mergeTab(page).click();
    expect(await mergeTab(page).getAttribute('aria-selected')).toBe('true');

    await page.getByLabel('Template', { exact: true }).selectOption(CONFIRMATION);
    // The records list's search is the selection on offer, counted as the person types.
    expect(await page.getByRole('radio', { name: 'Those matching a search' }).isChecked()).toBe(true);
    expect(await page.getByRole('searchbox', { name: 'Search the records' }).inputValue()).toBe('toner');
    expect(await page.locator('#merge-count').textContent()).toBe('4 of 50 records.');
    server.calls.length = 0;
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect.poll(() => outlook(page).textContent()).toBe('4 mails to send, 3 recipients');
    expect(server.calls).toEqual(['mergePreview']);
    expect(await page.locator('#merge-quota').textContent()).toBe(
      "Uses 3 of the 100 recipients left in today's mail quota.",
    );

    // The problem names its record and field; nothing can be sent while it stands.
    const problems = page.locator('.merge-problems');
    expect(await problems.getByRole('heading').textContent()).toBe('A problem in 1 record');
    expect(await problems.locator('li').textContent()).toMatch(/^PO-0017 To is empty after merging/);
    const send = page.getByRole('button', { name: /^Send \d+ mails?$/ });
    expect(await send.isDisabled()).toBe(true);

    // The first mail, as it will arrive: headers as text, the HTML body in a sandboxed frame.
    expect(await page.locator('#mail-preview-title').textContent()).toBe('Mail 1 of 4');
    const head = await page.locator('.mail-head').textContent();
    expect(head).toContain('Subject');
    expect(head).toMatch(/Purchase order PO-00\d\d: Printer toner, 20 cartridges/);
    const frame = page.locator('iframe.mail-body');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect
      .poll(() => page.frameLocator('iframe.mail-body').locator('body').textContent())
      .toContain('Please accept this email as our purchase order');
    expect(await page.locator('.mail-preview').evaluate((el) => el.querySelectorAll('table').length)).toBe(0);
    await page.getByRole('button', { name: 'Next mail' }).click();
    await expect.poll(() => page.locator('#mail-preview-title').textContent()).toBe('Mail 2 of 4');
    await expectAccessible(page, 'merge preview with a problem');

    // Leave the order with a problem out: three mails to send.
    // The box is controlled by the preview it asks for: click, then wait for that preview to answer.
    await problems
      .getByRole('checkbox', { name: 'Leave out the record with a problem and send the rest' })
      .click();
    await expect.poll(() => outlook(page).textContent()).toBe('3 mails to send, 3 recipients');
    await expect.poll(() => send.textContent()).toBe('Send 3 mails');
    expect(await send.isDisabled()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('merge-outlook-title');

    // A test goes to me alone, marked as a test.
    await page.getByRole('button', { name: 'Send a test to me' }).click();
    await page.getByText(`Test sent to ${USER}`).waitFor();
    expect(mailer.delivered.map((m) => [m.to, m.subject.slice(0, 7)])).toEqual([[[USER], '[Test] ']]);
    await shoot(page, `${SHOTS}/sidebar-merge.png`);

    await send.click();
    await expect.poll(() => result(page).textContent()).toBe('Sent 3 of 3 mails.');
    expect(await page.evaluate(() => document.activeElement?.id), 'focus moves to the result').toBe(
      'merge-result-title',
    );
    expect(await page.locator('.merge-result').textContent()).toContain(
      'Left out for their problems: PO-0017.',
    );
    expect(mailer.delivered).toHaveLength(4);
    expect(status().counts).toMatchObject({ SENT: 4, SENDING: 0, PENDING: 0 });

    // The order's form shows its correspondence, loaded when opened.
    await page.getByRole('tab', { name: 'Records' }).click();
    await page.getByRole('button', { name: /PO-0002/ }).click();
    const disclosure = page.locator('form:visible summary', { hasText: 'Correspondence' });
    await disclosure.waitFor();
    server.calls.length = 0;
    await disclosure.click();
    const log = page.locator('form:visible .mail-log li');
    await expect.poll(() => log.count()).toBe(2);
    expect(server.calls).toEqual(['recordCorrespondence']);
    expect(await log.first().textContent()).toContain('Purchase order PO-0002');
    expect(await log.first().locator('.state').textContent()).toBe('Sent');
    await expectAccessible(page, 'record form with correspondence');
  });

  it('sends nothing the second time, unless "Send again" is chosen and confirmed', async () => {
    const page = await openSidebar({ query: '?view=merge' });
    // The host asked for the merge view: its tab is selected and has focus.
    await expect.poll(() => mergeTab(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await previewIds(page, ACK, 'REQ-0001 REQ-0002');
    await page.getByRole('button', { name: 'Send 2 mails' }).click();
    await expect.poll(() => result(page).textContent()).toBe('Sent 2 of 2 mails.');
    expect(mailer.delivered.map((m) => m.subject)).toEqual([
      'We have received your request (REQ-0001)',
      'We have received your request (REQ-0002)',
    ]);

    await page.getByRole('button', { name: 'Preview again' }).click();
    await expect.poll(() => outlook(page).textContent()).toBe('No mails to send.');
    expect(await page.locator('.merge-resend').textContent()).toContain(
      'Nothing new to send: all 2 mails of this selection were sent before.',
    );
    expect(await page.locator('.mail-action').textContent()).toBe('Sent before: left out');
    expect(await page.getByRole('button', { name: /^Send \d+ mails?/ }).isDisabled()).toBe(true);

    // Sending again asks first; Cancel asks nothing of the server.
    server.calls.length = 0;
    await page.getByRole('button', { name: 'Send again…' }).click();
    const question = page.getByRole('group', { name: /Send those 2 mails again\?/ });
    await question.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Yes, send again');
    await expectAccessible(page, 'resend confirmation');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send again…');
    expect(server.calls).toEqual([]);
    await page.getByRole('button', { name: 'Send again…' }).click();
    await question.getByRole('button', { name: 'Yes, send again' }).click();
    await page.getByRole('button', { name: 'Send 2 mails again' }).click();
    await expect.poll(() => result(page).textContent()).toBe('Sent 2 of 2 mails.');
    expect(mailer.delivered).toHaveLength(4);
  });

  it('stops on the quota, continues with Continue, and lets a person resolve a mail held in SENDING', async () => {
    mailer.quota = 2;
    const page = await openSidebar({ query: '?view=merge' });
    await previewIds(page, ACK, 'REQ-0001, REQ-0002, REQ-0003, REQ-0004, REQ-0005');
    expect(await page.locator('#merge-quota').textContent()).toBe(
      "Only 2 of 5 mails fit in today's quota (2 recipients left): the rest wait for Continue.",
    );
    await page.getByRole('button', { name: 'Send 5 mails' }).click();
    await expect.poll(() => result(page).textContent()).toBe('Sent 2 of 5 mails.');
    expect(await page.locator('.merge-result').textContent()).toContain(
      "Stopped: today's mail quota is used up. 3 mails wait",
    );
    await expectAccessible(page, 'merge stopped on the quota');

    mailer.quota = 100; // A new day.
    await page.getByRole('button', { name: 'Continue (3)' }).click();
    await expect.poll(() => result(page).textContent()).toBe('Sent 3 of 3 mails.');
    expect(mailer.delivered).toHaveLength(5);
    expect(status().counts).toMatchObject({ SENT: 5, PENDING: 0 });

    // A run that died between its SENDING write and its SENT write leaves the mail held: the
    // preview lists it, and a person who found it in the Sent folder marks it sent.
    const key = `${ACK} | REQ-0003`;
    editCell('Correspondence', key, 'State', 'SENDING', 'Key');
    await page.getByRole('button', { name: 'Preview again' }).click();
    const held = page.getByRole('group', { name: key });
    await held.waitFor();
    expect(await page.locator('#merge-stuck-title').textContent()).toBe('1 mail held in SENDING');
    await held.getByRole('button', { name: 'It was sent' }).click();
    await held.getByText('Marked as sent.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Marked as sent.');
    const row = status().rows.find((r) => r.key === key)!;
    expect(row.state).toBe('SENT');
    expect(row.error).toMatch(/^Resolved as SENT by /);
    expect(mailer.delivered, 'a held mail is never resent by itself').toHaveLength(5);
  });

  it('shows progress while a long send runs, from mergeStatus', async () => {
    const page = await browser.newContext({ viewport: { width: 300, height: 900 } }).then((c) => c.newPage());
    page.setDefaultTimeout(8_000);
    await installHost(page, 'office');
    // The task pane's Rpc answers mergeSend only seconds after the server did, as a long run would.
    await page.addInitScript(() => {
      const w = window as unknown as { backofficeRpc: { call(m: string, r: unknown): Promise<unknown> } };
      const inner = w.backofficeRpc;
      w.backofficeRpc = {
        async call(method, request) {
          const value = await inner.call(method, request);
          if (method === 'mergeSend') await new Promise((resolve) => setTimeout(resolve, 3_500));
          return value;
        },
      };
    });
    await page.goto(`${server.url}?view=merge`);
    await previewIds(page, ACK, 'REQ-0001, REQ-0002');
    server.calls.length = 0;
    await page.getByRole('button', { name: 'Send 2 mails' }).click();
    await expect
      .poll(() => page.locator('.merge-view > [role="status"]').textContent(), { timeout: 5_000 })
      .toBe('Sending… 2 of 2 done.');
    expect(await page.getByRole('progressbar', { name: 'Sending progress' }).getAttribute('value')).toBe('2');
    await expect.poll(() => result(page).textContent(), { timeout: 5_000 }).toBe('Sent 2 of 2 mails.');
    expect(server.calls.slice(0, 2), 'a baseline, then the send').toEqual(['mergeStatus', 'mergeSend']);
    expect(await page.getByRole('progressbar').count()).toBe(0);
  });

  it('speaks Italian and meets axe in the Office dark style', async () => {
    const page = await openSidebar({ host: 'office', dark: true, query: '?view=merge&lang=it' });
    await page.getByRole('tab', { name: 'Invio mail', selected: true }).waitFor();
    await page.getByLabel('Modello', { exact: true }).selectOption(ACK);
    await page.getByRole('radio', { name: 'Solo questi ID' }).check();
    await page.getByRole('textbox', { name: 'ID dei record' }).fill('REQ-0001, REQ-9999');
    await expect
      .poll(() => page.locator('#merge-count').textContent())
      .toBe('Requests non ha il record REQ-9999.');
    expect(await page.getByRole('button', { name: 'Anteprima', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'ID dei record' }).fill('REQ-0001');
    await page.getByRole('button', { name: 'Anteprima', exact: true }).click();
    await expect.poll(() => outlook(page).textContent()).toBe('1 mail da inviare, 1 destinatario');
    // A plain-text body is text, in a scrollable region the keyboard can reach.
    expect(
      await page.getByRole('region', { name: 'Testo della mail, come arriverà' }).textContent(),
    ).toContain('REQ-0001');
    await expectAccessible(page, 'merge preview, Italian, Office dark');
  });
});

describe.skipIf(!hasChromium)('mail merge on the real Apps Script bundle', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('"Mail merge" opens the merge view; Send puts the mails in the outbox and the rows SENT', async () => {
    const user = 'anna@backoffice.example';
    const gas = loadBundle({ now: Date.parse('2026-03-29T09:00:00Z') });
    gas.rpc('setupRegister', { sample: true });
    const { page, calls } = await openGasSidebar(browser, gas, 'menuMailMerge', user);
    await page.getByRole('tab', { name: 'Mail merge', selected: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.view)).toBe('merge');

    await page.getByLabel('Template', { exact: true }).selectOption(ACK);
    await page.getByRole('radio', { name: 'Only these record IDs' }).check();
    await page.getByRole('textbox', { name: 'Record IDs' }).fill('REQ-0001, REQ-0002, REQ-0003');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect
      .poll(() => page.locator('#merge-outlook-title').textContent())
      .toBe('3 mails to send, 3 recipients');
    await expectAccessible(page, 'Apps Script merge preview');
    await page.getByRole('button', { name: 'Send 3 mails' }).click();
    await expect.poll(() => page.locator('#merge-result-title').textContent()).toBe('Sent 3 of 3 mails.');
    expect(calls).toContain('mergeSend');

    expect(gas.env.mail.map((m) => m.subject).sort()).toEqual([
      'We have received your request (REQ-0001)',
      'We have received your request (REQ-0002)',
      'We have received your request (REQ-0003)',
    ]);
    const rows = sheetRows(gas, 'Correspondence');
    expect(rows.map((r) => [r['Record IDs'], r.State])).toEqual([
      ['REQ-0001', 'SENT'],
      ['REQ-0002', 'SENT'],
      ['REQ-0003', 'SENT'],
    ]);
    expect(rows.every((r) => r['Sent by'] === user)).toBe(true);

    // Twice is once: the second run sends nothing.
    await page.getByRole('button', { name: 'Preview again' }).click();
    await expect.poll(() => page.locator('#merge-outlook-title').textContent()).toBe('No mails to send.');
    expect(gas.env.mail).toHaveLength(3);
  });
});
