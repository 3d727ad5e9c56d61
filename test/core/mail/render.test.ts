import { describe, expect, it } from 'vitest';
import { renderMail, renderMails, groupRecords } from '../../../src/core/mail/render';
import { parseTemplate, type MailTemplate } from '../../../src/core/mail/template';
import { listContext, record, sampleRegister, schemaOf } from './fixtures';

const reg = sampleRegister();
const orders = reg.records('Purchase Orders');
const delivered = orders.find((o) => o.values['Delivered on'])!;
const open = orders.find((o) => !o.values['Delivered on'])!;

function tpl(table: string, body: string, more: Partial<MailTemplate> = {}): MailTemplate {
  return {
    ...parseTemplate({ Name: 't', Table: table, To: 'me@example.com', Subject: 's', Body: body }),
    ...more,
  };
}

describe('placeholders', () => {
  it('merges field names with spaces, in any case and spacing', () => {
    const supplier = reg.records('Suppliers')[0]!;
    const mail = renderMail(
      tpl('Suppliers', '{{Payment terms days}}|{{ Payment terms days }}|{{payment TERMS days}}|{{Name}}'),
      supplier,
      reg.ctx(),
    );
    const days = String(supplier.values['Payment terms days']);
    expect(mail.body).toBe(`${days}|${days}|${days}|Acme Industrial Supply`);
  });

  it('follows reference paths; a reference alone shows its display value', () => {
    const po = orders[0]!;
    const mail = renderMail(
      tpl(
        'Purchase Orders',
        '{{ID}} {{Supplier}} / {{Supplier.Name}} / {{Supplier.Contact name}} / {{Supplier.ID}}',
      ),
      po,
      reg.ctx(),
    );
    expect(mail.body).toBe(
      'PO-0001 Acme Industrial Supply / Acme Industrial Supply / Maria Rossi / SUP-0001',
    );
  });

  it('follows paths of two references and shows a referenced record by its display field', () => {
    const invoice = reg.records('Invoices')[0]!;
    const mail = renderMail(
      tpl(
        'Invoices',
        '{{Purchase order}} | {{Purchase order.ID}} | {{Purchase order.Supplier.Contact name}}',
      ),
      invoice,
      reg.ctx(),
    );
    expect(mail.body).toBe('Pallet racking, 4 bays | PO-0001 | Maria Rossi');
  });

  it('renders sections for present values and inverted sections for absent ones', () => {
    const t = tpl(
      'Purchase Orders',
      '{{#Delivered on}}Delivered {{Delivered on}} ({{.}}){{/Delivered on}}{{^Delivered on}}Not delivered yet{{/Delivered on}}',
    );
    expect(renderMail(t, open, reg.ctx()).body).toBe('Not delivered yet');
    const date = delivered.values['Delivered on'] as string;
    const long = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
      Date.parse(date),
    );
    expect(renderMail(t, delivered, reg.ctx()).body).toBe(`Delivered ${long} (${long})`);
  });

  it('looks names up in a reference section first, then in the record', () => {
    const t = tpl(
      'Purchase Orders',
      '{{#Supplier}}{{Name}} <{{Email}}> for {{Description}}: {{.}}{{/Supplier}}',
    );
    expect(renderMail(t, orders[0]!, reg.ctx()).body).toBe(
      'Acme Industrial Supply <orders@acme-industrial.example> for Pallet racking, 4 bays: Acme Industrial Supply',
    );
  });
});

describe('locale and time zone', () => {
  const po = orders[0]!; // EUR 21,115.82, ordered 2026-03-11
  const t = tpl('Purchase Orders', '{{Amount}} | {{Ordered on}} | {{Supplier.Payment terms days}}');

  it('formats for en_US', () => {
    expect(renderMail(t, po, reg.ctx('en_US')).body).toBe('€21,115.82 | March 11, 2026 | 30');
  });

  it('formats for it_IT', () => {
    expect(renderMail(t, po, reg.ctx('it_IT')).body.replace(/\s/g, ' ')).toBe(
      '21.115,82 € | 11 marzo 2026 | 30',
    );
  });

  it('uses the currency of each record', () => {
    const usd = orders.find((o) => o.values.Currency === 'USD')!;
    expect(renderMail(tpl('Purchase Orders', '{{Amount}}'), usd, reg.ctx()).body).toMatch(
      /^\$\d{1,3}(,\d{3})*\.\d\d$/,
    );
    const gbp = orders.find((o) => o.values.Currency === 'GBP')!;
    expect(renderMail(tpl('Purchase Orders', '{{Amount}}'), gbp, reg.ctx()).body).toMatch(/^£/);
  });

  it('keeps a date a date in every time zone; Today is the date where the spreadsheet is', () => {
    const lateEvening = Date.parse('2026-03-29T23:30:00Z');
    const t2 = tpl('Purchase Orders', '{{Ordered on}} / {{Today}}');
    expect(renderMail(t2, po, reg.ctx('en_US', 'America/New_York', lateEvening)).body).toBe(
      'March 11, 2026 / March 29, 2026',
    );
    expect(renderMail(t2, po, reg.ctx('en_US', 'Europe/Rome', lateEvening)).body).toBe(
      'March 11, 2026 / March 30, 2026',
    );
    expect(renderMail(t2, po, reg.ctx('it_IT', 'Pacific/Auckland', lateEvening)).body).toBe(
      '11 marzo 2026 / 30 marzo 2026',
    );
  });
});

describe('field types of a hand-made table', () => {
  const schema = schemaOf([
    ['Events', 'Title', 'text', 'yes', '', '', '', '', '', '', 'EVT'],
    ['Events', 'Tags', 'multiple choice', '', 'Red, Green, Blue'],
    ['Events', 'Catering', 'yes/no'],
    ['Events', 'Guests', 'number'],
    ['Events', 'Budget', 'currency'],
    ['Events', 'Contacts', 'email', '', '', '', '', 'list'],
  ]);
  const full = record('Events', 'EVT-0001', {
    Title: 'Launch',
    Tags: ['Red', 'Blue'],
    Catering: true,
    Guests: 12000,
    Budget: 5000,
    Contacts: 'a@x.example, b@x.example',
  });
  const empty = record('Events', 'EVT-0002', {
    Title: 'Quiet',
    Tags: [],
    Catering: false,
    Guests: 0,
    Budget: null,
    Contacts: null,
  });
  const body =
    '{{Tags}}|{{Catering}}|{{Guests}}|{{#Catering}}food{{/Catering}}{{^Catering}}no food{{/Catering}}|{{#Tags}}tags: {{.}}{{/Tags}}{{^Tags}}no tags{{/Tags}}|{{#Guests}}guests{{/Guests}}';

  it('joins multiple choice, says Yes/No in the locale, groups numbers', () => {
    const t = tpl('Events', body, { to: '{{Contacts}}' });
    const mail = renderMail(t, full, listContext(schema, [full], { locale: 'it_IT' }));
    expect(mail.body).toBe('Red, Blue|Sì|12.000|food|tags: Red, Blue|guests');
    expect(mail.to).toEqual(['a@x.example', 'b@x.example']);
  });

  it('treats No, an empty list and a blank as absent; zero is a value', () => {
    const t = tpl('Events', body.replace('{{Tags}}|', ''));
    const mail = renderMail(t, empty, listContext(schema, [empty]));
    expect(mail.body).toBe('No|0|no food|no tags|guests');
  });

  it('gives amounts without a Currency field the fallback currency, or two decimals', () => {
    const t = tpl('Events', '{{Budget}}');
    expect(renderMail(t, full, listContext(schema, [full])).body).toBe('5,000.00');
    expect(renderMail(t, full, listContext(schema, [full], { currency: 'EUR' })).body).toBe('€5,000.00');
  });
});

describe('escaping', () => {
  const nasty = { ...orders[0]!, values: { ...orders[0]!.values, Description: `<b>"Bolts" & 'nuts'</b>` } };

  it('HTML-escapes merged values in HTML bodies, also in triple braces', () => {
    const t = tpl(
      'Purchase Orders',
      '<p>{{Description}}</p><p>{{{Description}}}</p><p>{{&Description}}</p>',
      {
        html: true,
        subject: 'Order: {{Description}}',
      },
    );
    const mail = renderMail(t, nasty, reg.ctx());
    const escaped = '&lt;b&gt;&quot;Bolts&quot; &amp; &#39;nuts&#39;&lt;/b&gt;';
    expect(mail.body).toBe(`<p>${escaped}</p><p>${escaped}</p><p>${escaped}</p>`);
    expect(mail.html).toBe(true);
    expect(mail.subject).toBe(`Order: <b>"Bolts" & 'nuts'</b>`);
  });

  it('leaves plain-text bodies and subjects unescaped', () => {
    const t = tpl('Purchase Orders', '{{Description}}', { subject: '{{Description}}' });
    const mail = renderMail(t, nasty, reg.ctx());
    expect(mail.body).toBe(`<b>"Bolts" & 'nuts'</b>`);
    expect(mail.subject).toBe(`<b>"Bolts" & 'nuts'</b>`);
    expect(mail.html).toBe(false);
  });

  it('keeps line breaks of long text in HTML bodies', () => {
    const supplier = reg.records('Suppliers')[0]!;
    const mail = renderMail(tpl('Suppliers', '{{Notes}}', { html: true }), supplier, reg.ctx());
    expect(mail.body).toBe('Preferred supplier for warehouse goods.<br>\nAsk for Maria.');
  });
});

describe('group by', () => {
  const t = tpl(
    'Purchase Orders',
    'Dear {{Supplier.Contact name}},\n{{#items}}\n- {{ID}} {{Description}} {{Amount}}\n{{/items}}\nFirst: {{ID}}',
    { groupBy: 'Supplier', to: '{{Supplier.Email}}', cc: '{{#items}}{{Owner}}, {{/items}}' },
  );

  it('sends one mail per distinct value, listing the group as items, first record at the top', () => {
    const mails = renderMails(t, orders, reg.ctx());
    expect(mails).toHaveLength(12);
    const acme = mails[0]!;
    const acmeOrders = orders.filter((o) => o.values.Supplier === 'SUP-0001');
    expect(acme.recordIds).toEqual(acmeOrders.map((o) => o.id));
    expect(acme.to).toEqual(['orders@acme-industrial.example']);
    expect(acme.cc).toEqual([...new Set(acmeOrders.map((o) => o.values.Owner as string))]);
    const lines = acme.body.split('\n');
    expect(lines[0]).toBe('Dear Maria Rossi,');
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(acmeOrders.length);
    expect(lines[1]).toMatch(/^- PO-0001 Pallet racking, 4 bays €/);
    expect(lines[lines.length - 1]).toBe('First: PO-0001');
    expect(new Set(mails.flatMap((m) => m.recordIds)).size).toBe(orders.length);
  });

  it('groups typed text ignoring case, keeps order, and lists a lone record as its own items', () => {
    const a = record('X', '1', { K: 'Acme' });
    const b = record('X', '2', { K: 'acme ' });
    const c = record('X', '3', { K: null });
    const groups = groupRecords([a, c, b], { name: 'K', type: 'text' } as never);
    expect(groups.map((g) => g.map((r) => r.id))).toEqual([['1', '2'], ['3']]);
    const single = renderMail({ ...t, groupBy: undefined }, orders[0]!, reg.ctx());
    expect(single.body.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(1);
  });
});

describe('addresses', () => {
  it('takes literal addresses and placeholders, comma-separated, each recipient once', () => {
    const t = tpl('Purchase Orders', 'x', {
      to: '{{Supplier.Email}}, buyer@example.com; {{Supplier.Email}}',
      cc: 'BUYER@example.com, {{Owner}}',
      bcc: '{{Owner}}, audit@example.com',
      replyTo: '{{Owner}}',
    });
    const po = orders[0]!;
    const mail = renderMail(t, po, reg.ctx());
    expect(mail.to).toEqual(['orders@acme-industrial.example', 'buyer@example.com']);
    expect(mail.cc).toEqual([po.values.Owner]);
    expect(mail.bcc).toEqual(['audit@example.com']);
    expect(mail.replyTo).toBe(po.values.Owner);
  });
});
