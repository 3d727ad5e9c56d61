import { describe, expect, it } from 'vitest';
import {
  APPS_SCRIPT_MAIL_LIMITS,
  checkMerge,
  recordsWithProblems,
  type MergeLimits,
} from '../../../src/core/mail/checks';
import type { RecordOut } from '../../../src/core/records';
import { parseTemplate, type MailTemplate } from '../../../src/core/mail/template';
import { sampleRegister } from './fixtures';

const reg = sampleRegister();
const orders = reg.records('Purchase Orders');
const po = orders[0]!;
const limits: MergeLimits = APPS_SCRIPT_MAIL_LIMITS;

function tpl(table: string, more: Partial<MailTemplate> = {}): MailTemplate {
  return {
    ...parseTemplate({ Name: 't', Table: table, To: 'me@example.com', Subject: 'Hello', Body: 'Body' }),
    ...more,
  };
}

const check = (t: MailTemplate, records: RecordOut[] = [po], ctx = reg.ctx(), l = limits) =>
  checkMerge(t, records, ctx, l);

describe('checks before sending', () => {
  it('passes a clean merge with no problems', () => {
    const result = check(
      tpl('Purchase Orders', { to: '{{Supplier.Email}}', body: '{{Description}}' }),
      orders,
    );
    expect(result.problems).toEqual([]);
    expect(result.mails).toHaveLength(orders.length);
  });

  it('names unknown fields in every part, with a suggestion by edit distance', () => {
    const t = tpl('Purchase Orders', {
      to: '{{Supplier.Emial}}',
      subject: 'Order {{Descripton}}',
      body: '{{Supplier.Nmae}} {{#Delivred on}}x{{/Delivred on}} {{Colour}} {{Ordered on.Name}}',
    });
    const { problems } = check(t, orders.slice(0, 2));
    expect(problems).toEqual([
      {
        recordIds: ['PO-0001', 'PO-0002'],
        field: 'To',
        message:
          '{{Supplier.Emial}}: "Supplier.Emial" is not a field of Purchase Orders; did you mean {{Supplier.Email}}?',
      },
      {
        recordIds: ['PO-0001', 'PO-0002'],
        field: 'Subject',
        message:
          '{{Descripton}}: "Descripton" is not a field of Purchase Orders; did you mean {{Description}}?',
      },
      {
        recordIds: ['PO-0001', 'PO-0002'],
        field: 'Body',
        message:
          '{{Supplier.Nmae}}: "Supplier.Nmae" is not a field of Purchase Orders; did you mean {{Supplier.Name}}?',
      },
      {
        recordIds: ['PO-0001', 'PO-0002'],
        field: 'Body',
        message:
          '{{#Delivred on}}: "Delivred on" is not a field of Purchase Orders; did you mean {{#Delivered on}}?',
      },
      {
        recordIds: ['PO-0001', 'PO-0002'],
        field: 'Body',
        message: '{{Colour}}: "Colour" is not a field of Purchase Orders',
      },
      {
        recordIds: ['PO-0001', 'PO-0002'],
        field: 'Body',
        message:
          '{{Ordered on.Name}}: "Ordered on.Name" is not a field of Purchase Orders; did you mean {{Ordered on}}?',
      },
      // The unknown To placeholder also leaves every mail without a recipient.
      ...['PO-0001', 'PO-0002'].map((id) => ({
        recordIds: [id],
        field: 'To',
        message: 'is empty after merging "{{Supplier.Emial}}": fill in the address, or leave this record out',
      })),
    ]);
  });

  it('refuses confidential fields the template does not name, and merges those it does', () => {
    const staff = reg.fullRecords('Staff');
    const t = tpl('Staff', { to: '{{Email}}', body: 'Salary: {{Salary}}{{#Salary}}!{{/Salary}}' });
    const refused = check(t, staff.slice(0, 1));
    // One problem for the field, however many times the template uses it.
    expect(refused.problems).toEqual([
      {
        recordIds: ['STF-0001'],
        field: 'Body',
        message:
          '{{Salary}} merges Staff.Salary, which is confidential: add "Salary" to "Confidential fields allowed" if this mail may carry it',
      },
    ]);
    const allowed = check({ ...t, confidentialAllowed: ['salary'] }, staff.slice(0, 1), {
      ...reg.ctx(),
      currency: 'EUR',
    });
    expect(allowed.problems).toEqual([]);
    expect(allowed.mails[0]!.body).toMatch(/^Salary: €\d{2},000\.00!$/);
  });

  it('names a confidential field that is allowed but was not read, instead of sending a blank', () => {
    const listed = reg.records('Staff').slice(0, 1); // a list leaves confidential fields out
    const t = tpl('Staff', { body: '{{Salary}}', confidentialAllowed: ['Salary'] });
    expect(check(t, listed).problems).toEqual([
      {
        recordIds: ['STF-0001'],
        field: 'Body',
        message:
          '{{Salary}} is empty: fill it in, or put it inside {{#Salary}}...{{/Salary}} so the text around it is left out when it is empty',
      },
    ]);
  });

  it('reports an empty To after merging', () => {
    const request = reg.records('Requests')[0]!;
    const noCustomer = { ...request, values: { ...request.values, Customer: null } };
    const t = tpl('Requests', { to: '{{Customer.Email}}' });
    expect(check(t, [noCustomer]).problems).toEqual([
      {
        recordIds: ['REQ-0001'],
        field: 'To',
        message: 'is empty after merging "{{Customer.Email}}": fill in the address, or leave this record out',
      },
    ]);
    expect(check({ ...t, to: '' }, [request]).problems).toEqual([
      { recordIds: ['REQ-0001'], field: 'To', message: 'is empty: name at least one recipient' },
    ]);
  });

  it('reports malformed addresses in every address field', () => {
    const t = tpl('Purchase Orders', {
      to: 'not-an-address, {{Supplier.Email}}',
      cc: 'someone@',
      bcc: 'a b@example.com',
      replyTo: '{{Supplier}}',
    });
    expect(check(t).problems).toEqual([
      { recordIds: ['PO-0001'], field: 'To', message: '"not-an-address" is not a valid email address' },
      { recordIds: ['PO-0001'], field: 'Cc', message: '"someone@" is not a valid email address' },
      { recordIds: ['PO-0001'], field: 'Bcc', message: '"a b@example.com" is not a valid email address' },
      {
        recordIds: ['PO-0001'],
        field: 'Reply-To',
        message: '"Acme Industrial Supply" is not a valid email address',
      },
    ]);
  });

  it('reports several addresses in a single-address field, and in Reply-To', () => {
    const suppliers = new Map(reg.records('Suppliers').map((s) => [s.id, s]));
    const acme = suppliers.get('SUP-0001')!;
    suppliers.set('SUP-0001', {
      ...acme,
      values: { ...acme.values, Email: 'a@acme.example; b@acme.example' },
    });
    const ctx = {
      ...reg.ctx(),
      resolve: (table: string, id: string) => (table === 'Suppliers' ? suppliers.get(id) : undefined),
    };
    const t = tpl('Purchase Orders', { to: '{{Supplier.Email}}', replyTo: 'x@example.com, y@example.com' });
    expect(check(t, [po], ctx).problems).toEqual([
      {
        recordIds: ['PO-0001'],
        field: 'To',
        message:
          '{{Supplier.Email}} holds 2 addresses (a@acme.example, b@acme.example), but Suppliers.Email takes one address: keep one, or mark the field as a list (Rules: list) in Setup',
      },
      {
        recordIds: ['PO-0001'],
        field: 'Reply-To',
        message: 'takes one address, but gives 2: x@example.com, y@example.com',
      },
    ]);
  });

  it('reports a line break in the subject after merging', () => {
    const request = reg.records('Requests')[0]!;
    const twoLines = {
      ...request,
      values: { ...request.values, Summary: 'Late delivery\nBcc: victim@example.com' },
    };
    const t = tpl('Requests', { subject: 'Re: {{Summary}}' });
    expect(check(t, [twoLines]).problems).toEqual([
      {
        recordIds: ['REQ-0001'],
        field: 'Subject',
        message: 'contains a line break after merging; a subject must be one line (check the merged values)',
      },
    ]);
  });

  it('reports a body over the host size limit, in UTF-8 bytes', () => {
    const t = tpl('Purchase Orders', { body: 'é'.repeat(60) });
    expect(check(t, [po], reg.ctx(), { ...limits, maxBodyBytes: 100 }).problems).toEqual([
      {
        recordIds: ['PO-0001'],
        field: 'Body',
        message:
          'is 120 bytes after merging, over the 100 bytes a message may carry: shorten it, or merge fewer records per mail',
      },
    ]);
  });

  it('reports more recipients than a message may have, counting Cc and Bcc once each', () => {
    const to = Array.from({ length: 30 }, (_, i) => `to${i}@example.com`).join(', ');
    const cc = Array.from({ length: 25 }, (_, i) => `cc${i}@example.com`).join(', ');
    const t = tpl('Purchase Orders', { to, cc, bcc: 'to0@example.com' });
    expect(check(t).problems).toEqual([
      {
        recordIds: ['PO-0001'],
        field: 'To',
        message: 'has 55 recipients counting Cc and Bcc; a message may have at most 50',
      },
    ]);
  });

  it('reports blank placeholders against the row they come from', () => {
    const t = tpl('Purchase Orders', {
      groupBy: 'Supplier',
      body: '{{#items}}{{ID}} delivered {{Delivered on}}\n{{/items}}{{#Supplier}}{{Notes}}{{/Supplier}}',
    });
    const acme = orders.filter((o) => o.values.Supplier === 'SUP-0002');
    const blank = acme.filter((o) => !o.values['Delivered on']).map((o) => o.id);
    const { problems } = check(t, acme);
    expect(problems.map((p) => p.recordIds)).toEqual([...blank.map((id) => [id]), acme.map((o) => o.id)]);
    expect(problems[0]!.message).toBe(
      '{{Delivered on}} is empty: fill it in, or put it inside {{#Delivered on}}...{{/Delivered on}} so the text around it is left out when it is empty',
    );
    expect(problems.at(-1)!.message).toBe(
      '{{Notes}} is empty (in SUP-0002): fill it in, or put it inside {{#Notes}}...{{/Notes}} so the text around it is left out when it is empty',
    );
  });

  it('reports template mistakes once, for every selected row', () => {
    const ids = ['PO-0001', 'PO-0002'];
    const two = orders.slice(0, 2);
    const problem = (t: MailTemplate) => check(t, two).problems;
    expect(problem(tpl('Purchase Order'))).toEqual([
      {
        recordIds: ids,
        field: 'Table',
        message: '"Purchase Order" is not a table of Setup; did you mean Purchase Orders?',
      },
    ]);
    expect(check(tpl('Purchase Order'), two).mails).toEqual([]);
    expect(problem(tpl('Purchase Orders', { groupBy: 'Suplier' }))).toEqual([
      {
        recordIds: ids,
        field: 'Group by',
        message: '"Suplier" is not a field of Purchase Orders; did you mean Supplier?',
      },
    ]);
    expect(problem(tpl('Purchase Orders', { body: '{{#items}}{{ID}}' }))).toEqual([
      {
        recordIds: ids,
        field: 'Body',
        message:
          'the placeholders do not balance: Unclosed section "items" (line 1); each {{#Field}} or {{^Field}} needs a matching {{/Field}}, and each {{ its }}',
      },
    ]);
    expect(problem(tpl('Purchase Orders', { body: '{{> footer}} {{.}} {{items}}', subject: ' ' }))).toEqual([
      { recordIds: ids, field: 'Subject', message: 'is empty' },
      {
        recordIds: ids,
        field: 'Body',
        message: '{{> footer}}: partials are not supported; write the text in the template',
      },
      {
        recordIds: ids,
        field: 'Body',
        message: '{{.}} only works inside a section such as {{#Field}}...{{/Field}}',
      },
      {
        recordIds: ids,
        field: 'Body',
        message:
          '{{items}} is the list of grouped records: use {{#items}}...{{/items}} around the text to repeat',
      },
    ]);
    expect(problem(tpl('Purchase Orders', { confidentialAllowed: ['Salry'] }))).toEqual([
      {
        recordIds: ids,
        field: 'Confidential fields allowed',
        message: '"Salry" is not a field of Purchase Orders',
      },
    ]);
  });

  it('refuses records of another table', () => {
    const supplier = reg.records('Suppliers')[0]!;
    const { problems, mails } = check(tpl('Purchase Orders'), [po, supplier]);
    expect(problems).toEqual([
      {
        recordIds: ['SUP-0001'],
        field: 'Table',
        message: 'SUP-0001 is a Suppliers record, but this template merges Purchase Orders',
      },
    ]);
    expect(mails.map((m) => m.recordIds)).toEqual([['PO-0001']]);
  });

  it('lists the rows to fix or leave out', () => {
    const t = tpl('Purchase Orders', { to: '{{Owner}}' });
    const noOwner = { ...orders[1]!, values: { ...orders[1]!.values, Owner: null } };
    const result = check(t, [po, noOwner]);
    expect([...recordsWithProblems(result)]).toEqual(['PO-0002']);
  });
});
