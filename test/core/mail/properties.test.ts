import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPS_SCRIPT_MAIL_LIMITS, checkMerge } from '../../../src/core/mail/checks';
import { compileTemplate } from '../../../src/core/mail/compile';
import { renderMail } from '../../../src/core/mail/render';
import { parseTemplate, type MailTemplate } from '../../../src/core/mail/template';
import type { FieldValue } from '../../../src/core/values';
import { sampleRegister } from './fixtures';

const reg = sampleRegister();
const po = reg.records('Purchase Orders')[0]!;
const ctx = reg.ctx();
const runs = { numRuns: 300 };

function tpl(more: Partial<MailTemplate>): MailTemplate {
  return {
    ...parseTemplate({
      Name: 't',
      Table: 'Purchase Orders',
      To: '{{Supplier.Email}}',
      Subject: 's',
      Body: 'b',
    }),
    ...more,
  };
}

const withDescription = (text: string) => ({ ...po, values: { ...po.values, Description: text } });

const unescapeHtml = (s: string) =>
  s
    .replace(/<br>\n/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

// Any text a person could type or paste: every Unicode plane, emoji, combining accents, markup.
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '{{Supplier.Email}}',
    '</td></tr></table>',
    'a & b',
    '"\'><img src=x>',
  ),
);

describe('properties', () => {
  it('never lets a merged < or > into an HTML body, and loses no character', () => {
    const t = tpl({ html: true, body: '<p>{{Description}}</p>{{{Description}}}{{&Description}}' });
    fc.assert(
      fc.property(anyText, (text) => {
        const body = renderMail(t, withDescription(text), ctx).body;
        const merged = body.slice('<p>'.length).replace('</p>', '');
        expect(merged.replace(/<br>\n/g, '')).not.toMatch(/[<>"']/);
        expect(unescapeHtml(merged)).toBe(text.replace(/\r\n|\r/g, '\n').repeat(3));
      }),
      runs,
    );
  });

  it('keeps emoji, accents and any text exact in plain bodies and subjects', () => {
    const t = tpl({ subject: '[{{Description}}]', body: 'Re: {{Description}} ✓' });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (text) => {
        const mail = renderMail(t, withDescription(text), ctx);
        expect(mail.body).toBe(`Re: ${text} ✓`);
        expect(mail.subject).toBe(`[${text}]`);
      }),
      runs,
    );
    const mail = renderMail(t, withDescription('Caffè ☕ für Zoë 👩🏽‍💻 日本'), ctx);
    expect(mail.body).toBe('Re: Caffè ☕ für Zoë 👩🏽‍💻 日本 ✓');
  });

  it('never throws on arbitrary field values, whatever their type', () => {
    const fields = [
      'Supplier',
      'Description',
      'Amount',
      'Currency',
      'Ordered on',
      'Expected delivery',
      'Delivered on',
      'Status',
      'Owner',
    ];
    const anyValue: fc.Arbitrary<FieldValue> = fc.oneof(
      anyText,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(anyText, { maxLength: 3 }),
      fc.constantFrom('2026-02-30', '2026-03-29', 'SUP-0001', 'SUP-9999', 'XXX', 'EUR'),
    );
    const t = parseTemplate({
      Name: 'all',
      Table: 'Purchase Orders',
      To: '{{Supplier.Email}}, {{Owner}}',
      Cc: '{{Owner}}',
      'Reply-To': '{{Owner}}',
      Subject: '{{ID}} {{Description}} {{Amount}}',
      Body:
        fields.map((f) => `{{${f}}} {{#${f}}}[{{.}}]{{/${f}}}{{^${f}}}-{{/${f}}}`).join('\n') +
        '{{Supplier.Name}}',
      Format: 'HTML',
    });
    fc.assert(
      fc.property(fc.record(Object.fromEntries(fields.map((f) => [f, anyValue]))), (values) => {
        const rec = { ...po, values: values as Record<string, FieldValue> };
        const result = checkMerge(t, [rec], ctx, APPS_SCRIPT_MAIL_LIMITS);
        expect(result.mails).toHaveLength(1);
      }),
      runs,
    );
  });

  it('never throws on arbitrary template text: a broken template is a problem, not a crash', () => {
    const fragment = fc.constantFrom(
      '{{',
      '}}',
      '{{{',
      '}}}',
      '#',
      '^',
      '/',
      '&',
      '>',
      '!',
      '=',
      '.',
      ' ',
      '\n',
      'Amount',
      'Supplier',
      'Supplier.Name',
      'items',
      'Delivered on',
      'x',
      '<b>',
    );
    const text = fc.oneof(
      fc.array(fragment, { maxLength: 25 }).map((xs) => xs.join('')),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(text, text, fc.boolean(), (subject, body, html) => {
        const t = tpl({ subject, body, html, cc: body });
        compileTemplate(t, reg.snap.schema);
        const result = checkMerge(t, [po], ctx, APPS_SCRIPT_MAIL_LIMITS);
        expect(result.mails).toHaveLength(1);
      }),
      runs,
    );
  });
});
