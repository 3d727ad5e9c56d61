import { describe, expect, it } from 'vitest';
import { APPS_SCRIPT_MAIL_LIMITS, checkMerge } from '../../../src/core/mail/checks';
import { compileTemplate } from '../../../src/core/mail/compile';
import { forecastQuota } from '../../../src/core/mail/quota';
import { STARTER_TEMPLATES } from '../../../src/core/mail/starter-templates';
import { parseTemplate } from '../../../src/core/mail/template';
import type { RecordOut } from '../../../src/core/records';
import { sampleRegister } from './fixtures';

const reg = sampleRegister();
const templates = STARTER_TEMPLATES.map((row) => parseTemplate(row));

describe('starter templates', () => {
  it('covers the back office correspondence of the starter register', () => {
    expect(templates.map((t) => `${t.table}: ${t.name}`)).toEqual([
      'Purchase Orders: Purchase order confirmation',
      'Purchase Orders: Delivery overdue 1: reminder',
      'Purchase Orders: Delivery overdue 2: second reminder',
      'Purchase Orders: Delivery overdue 3: final notice',
      'Purchase Orders: Missing invoice request',
      'Invoices: Payment remittance advice',
      'Requests: Customer request acknowledgement',
      'Staff: Staff onboarding welcome',
    ]);
    expect(new Set(templates.map((t) => t.name)).size).toBe(templates.length);
    for (const t of templates.filter((x) => x.name.startsWith('Delivery overdue')))
      expect(t.groupBy).toBe('Supplier');
  });

  for (const template of templates)
    for (const locale of ['en_US', 'it_IT'])
      it(`"${template.name}" renders cleanly on every sample record (${locale})`, () => {
        expect(compileTemplate(template, reg.snap.schema).problems).toEqual([]);
        const records = reg.records(template.table);
        const { mails, problems } = checkMerge(template, records, reg.ctx(locale), APPS_SCRIPT_MAIL_LIMITS);
        expect(problems).toEqual([]);
        expect(mails.length).toBeGreaterThan(0);
        expect(new Set(mails.flatMap((m) => m.recordIds))).toEqual(new Set(records.map((r) => r.id)));
        for (const mail of mails) {
          expect(mail.to.length).toBeGreaterThan(0);
          expect(mail.subject).not.toMatch(/\{\{|\}\}|[\r\n]/);
          expect(mail.body).not.toMatch(/\{\{|\}\}/);
          expect(mail.body).not.toMatch(/\n{3,}/); // no holes left by sections
          expect(mail.html).toBe(template.html);
        }
      });

  it('reads the way a supplier should receive it', () => {
    const chase = templates.find((t) => t.name === 'Delivery overdue 3: final notice')!;
    const orders = reg.records('Purchase Orders');
    const overdue = orders.filter(
      (o) => !o.values['Delivered on'] && (o.values['Expected delivery'] as string) < '2026-03-29',
    );
    const { mails } = checkMerge(chase, overdue, reg.ctx(), APPS_SCRIPT_MAIL_LIMITS);
    const brightline = mails.find((m) => m.to[0] === 'dispatch@brightline.example')!;
    expect(brightline.subject).toBe('Final notice: overdue deliveries from Brightline Logistics');
    expect(brightline.body).toMatch(/^Dear Tom Becker,\n\nDespite two reminders/);
    const items = brightline.body.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(brightline.recordIds.length);
    expect(items[0]).toMatch(
      /^- PO-\d{4}: .+, [€$£][\d,]+\.\d\d, ordered \w+ \d+, 2026, expected \w+ \d+, 2026$/,
    );
    expect(brightline.cc.length).toBeGreaterThan(0);
  });

  it('renders and checks 10,000 mails (timing reported, not asserted)', () => {
    const orders = reg.records('Purchase Orders');
    const many: RecordOut[] = Array.from({ length: 10_000 }, (_, i) => {
      const o = orders[i % orders.length]!;
      return { ...o, id: `PO-${String(i + 1).padStart(5, '0')}` };
    });
    const results: string[] = [];
    for (const name of ['Purchase order confirmation', 'Missing invoice request']) {
      const template = templates.find((t) => t.name === name)!;
      const started = performance.now();
      const { mails, problems } = checkMerge(template, many, reg.ctx(), APPS_SCRIPT_MAIL_LIMITS);
      const forecast = forecastQuota(mails, 1500);
      const ms = performance.now() - started;
      expect(mails).toHaveLength(10_000);
      expect(problems).toEqual([]);
      expect(forecast.mailsThatFit).toBe(1500);
      results.push(`${name} (${template.html ? 'HTML' : 'plain'}): ${ms.toFixed(0)} ms`);
    }
    console.log(`Render + check 10,000 mails: ${results.join('; ')}`);
  });
});
