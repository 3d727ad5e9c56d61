/**
 * Chase Rules: the Setup rows, the starter rules, and every mistake a person can make in a rule,
 * each reported under the field to fix with a message that says what to write.
 */
import { describe, expect, it } from 'vitest';
import { parseAddressExpr, resolveAddresses } from '../../../src/core/chase/addresses';
import { compileOpenWhen, parseOpenWhen } from '../../../src/core/chase/condition';
import {
  CHASE_RULE_FIELD,
  CHASE_RULE_SETUP_ROWS,
  CHASE_RULES_TABLE,
  parseChaseRule,
  readChaseRules,
  type ChaseRuleRow,
} from '../../../src/core/chase/rules';
import { OVERDUE_DELIVERIES_RULE, STARTER_CHASE_RULES } from '../../../src/core/chase/starter-rules';
import { findTable } from '../../../src/core/schema';
import { record, ruleContext, schema, starterRules } from './fixtures';

const orders = findTable(schema, 'Purchase Orders')!;

describe('the Chase Rules table', () => {
  it('is described in Setup by every rule field, with the CHR prefix', () => {
    const table = findTable(schema, CHASE_RULES_TABLE)!;
    expect(table.prefix).toBe('CHR');
    expect(table.fields.map((f) => f.name)).toEqual(Object.values(CHASE_RULE_FIELD));
    expect(CHASE_RULE_SETUP_ROWS).toHaveLength(13);
    const field = (name: string) => table.fields.find((f) => f.name === name)!;
    expect(field('Name').rules.unique).toBe(true);
    expect(field('Enabled').type).toBe('yes/no');
    expect(field('Templates').type).toBe('long text');
    expect(field('Send at hour').rules).toMatchObject({ min: 0, max: 23 });
    expect(field('Escalate at step').rules.min).toBe(1);
  });

  it('keeps the starter tables in their order', () => {
    const names = schema.tables.map((t) => t.name);
    expect(names.indexOf('Chase Rules')).toBe(names.indexOf('Tasks') + 1);
  });
});

describe('the starter rules', () => {
  it('read cleanly against the starter schema and templates', () => {
    const rules = starterRules();
    expect(
      rules.map((r) => ({
        name: r.name,
        key: r.key,
        table: r.table.name,
        due: r.dueField.name,
        schedule: r.schedule,
        escalate: r.escalateAtStep,
        business: r.businessDays,
        grouped: r.groupByRecipient,
        hour: r.sendAtHour,
      })),
    ).toEqual([
      {
        name: 'Overdue deliveries',
        key: 'CHR-0001',
        table: 'Purchase Orders',
        due: 'Expected delivery',
        schedule: { kind: 'steps', days: [1, 4, 8] },
        escalate: 3,
        business: true,
        grouped: true,
        hour: 8,
      },
      {
        name: 'Approved invoices past due',
        key: 'CHR-0002',
        table: 'Invoices',
        due: 'Due on',
        schedule: { kind: 'weekly', weekday: 1 },
        escalate: undefined,
        business: true,
        grouped: true,
        hour: 8,
      },
      {
        name: 'Customer requests past Respond by',
        key: 'CHR-0003',
        table: 'Requests',
        due: 'Respond by',
        schedule: { kind: 'steps', days: [1, 3] },
        escalate: 2,
        business: true,
        grouped: true,
        hour: 8,
      },
    ]);
    expect(rules[0]!.templates).toEqual([
      'Delivery overdue 1: reminder',
      'Delivery overdue 2: second reminder',
      'Delivery overdue 3: final notice',
    ]);
  });

  it('never chase a supplier about an invoice: the invoice rule mails finance', () => {
    const invoices = starterRules()[1]!;
    expect(invoices.recipient.items).toEqual([{ kind: 'address', address: 'finance@backoffice.example' }]);
    expect(STARTER_CHASE_RULES.every((r) => r.Enabled === true)).toBe(true);
  });
});

const base: ChaseRuleRow = { ...OVERDUE_DELIVERIES_RULE };
const parse = (change: Partial<ChaseRuleRow>) =>
  parseChaseRule({ ...base, ...change }, ruleContext, 'CHR-0009');

describe('parseChaseRule', () => {
  it('reads a rule, with the safe choice for empty yes/no cells', () => {
    const { rule, problems } = parse({
      Enabled: null,
      'Business days only': null,
      'Group by recipient': null,
      'Send at hour': null,
    });
    expect(problems).toEqual([]);
    expect(rule).toMatchObject({
      id: 'CHR-0009',
      key: 'CHR-0009',
      enabled: false,
      businessDays: true,
      groupByRecipient: true,
    });
    expect(rule!.sendAtHour).toBeUndefined();
  });

  it('reads values as a script or the CLI types them', () => {
    const { rule, problems } = parseChaseRule(
      {
        name: 'Late',
        enabled: 'yes',
        table: 'purchase orders',
        'due field': 'expected delivery',
        'open when': 'status not in delivered, cancelled; Delivered on is empty',
        recipient: '{{supplier.email}}, purchasing@backoffice.example',
        steps: '2 5',
        templates: 'Delivery overdue 1: reminder, Delivery overdue 2: second reminder',
        'escalate at step': '2',
        'escalate to': '{{Owner}}',
        'business days only': 'no',
        'group by recipient': 'no',
        'send at hour': '0',
      },
      ruleContext,
    );
    expect(problems).toEqual([]);
    expect(rule).toMatchObject({
      key: 'Late',
      table: { name: 'Purchase Orders' },
      dueField: { name: 'Expected delivery' },
      schedule: { kind: 'steps', days: [2, 5] },
      escalateAtStep: 2,
      businessDays: false,
      groupByRecipient: false,
      sendAtHour: 0,
    });
    expect(rule!.open.tests).toEqual([
      { field: 'Status', op: 'not in', values: ['Delivered', 'Cancelled'] },
      { field: 'Delivered on', op: 'empty' },
    ]);
    expect(rule!.recipient.items.map((i) => (i.kind === 'path' ? `{{${i.path}}}` : i.address))).toEqual([
      '{{Supplier.Email}}',
      'purchasing@backoffice.example',
    ]);
  });

  const PROBLEMS: [string, Partial<ChaseRuleRow>, string, string][] = [
    ['no name', { Name: ' ' }, 'Name', 'is empty: give the rule a name, e.g. Overdue deliveries'],
    ['enabled not yes/no', { Enabled: 'maybe' }, 'Enabled', 'must be yes or no, not "maybe"'],
    [
      'unknown table',
      { Table: 'Purchase Order' },
      'Table',
      '"Purchase Order" is not a table of Setup; did you mean Purchase Orders?',
    ],
    ['no table', { Table: null }, 'Table', 'is empty: name the table this rule chases, e.g. Purchase Orders'],
    [
      'mistyped due field',
      { 'Due field': 'Expected delivry' },
      'Due field',
      '"Expected delivry" is not a field of Purchase Orders; did you mean Expected delivery?',
    ],
    [
      'unknown due field',
      { 'Due field': 'Colour' },
      'Due field',
      '"Colour" is not a field of Purchase Orders (date fields: Ordered on, Expected delivery, Delivered on)',
    ],
    [
      'due field not a date',
      { 'Due field': 'Status' },
      'Due field',
      'Purchase Orders.Status is a choice field; the due field must be a date (date fields: Ordered on, Expected delivery, Delivered on)',
    ],
    [
      'open when: unknown field',
      { 'Open when': 'Stauts in Ordered' },
      'Open when',
      '"Stauts in Ordered" does not start with a field of Purchase Orders; did you mean Status?',
    ],
    [
      'open when: unknown choice',
      { 'Open when': 'Status in Ordered, Partialy delivered' },
      'Open when',
      '"Partialy delivered" is not a choice of Purchase Orders.Status; did you mean Partially delivered? (choices: Draft, Ordered, Partially delivered, Delivered, Cancelled)',
    ],
    [
      'open when: no operator',
      { 'Open when': 'Status is Ordered' },
      'Open when',
      '"Status is Ordered": after Status write "in A, B", "not in A, B", "= A", "!= A", "is empty" or "is not empty"',
    ],
    [
      'open when: empty',
      { 'Open when': '' },
      'Open when',
      'is empty: say which records still need chasing, e.g. Status in Ordered',
    ],
    [
      'recipient: a record, not an address',
      { Recipient: '{{Supplier}}' },
      'Recipient',
      '{{Supplier}} is a Suppliers record, not an address: write {{Supplier.Email}}',
    ],
    [
      'recipient: mistyped path',
      { Recipient: '{{Supplier.Emial}}' },
      'Recipient',
      '{{Supplier.Emial}}: "Emial" is not a field of Suppliers; did you mean Email?',
    ],
    [
      'recipient: a field without braces',
      { Recipient: 'Owner' },
      'Recipient',
      '"Owner" is a field: write {{Owner}}',
    ],
    [
      'recipient: not an address',
      { Recipient: 'purchasing at acme' },
      'Recipient',
      '"purchasing at acme" is not an email address or a {{Field}}',
    ],
    [
      'recipient: not an address field',
      { Recipient: '{{Amount}}' },
      'Recipient',
      '{{Amount}} is a currency field, not an email address',
    ],
    [
      'recipient: through a non-reference',
      { Recipient: '{{Description.Email}}' },
      'Recipient',
      '{{Description.Email}}: Purchase Orders.Description is not a reference, so it has no "Email"',
    ],
    [
      'recipient: broken braces',
      { Recipient: '{{Owner}' },
      'Recipient',
      '"{{Owner}": write each placeholder as {{Field}}, separated by commas',
    ],
    [
      'recipient: empty',
      { Recipient: '' },
      'Recipient',
      'is empty: name who is chased, e.g. {{Supplier.Email}}',
    ],
    [
      'steps not increasing',
      { Steps: '1, 8, 4' },
      'Steps',
      'must increase from one step to the next (8 is followed by 4): each step comes some days after the one before',
    ],
    [
      'steps repeated',
      { Steps: '1, 4, 4' },
      'Steps',
      'must increase from one step to the next (4 is followed by 4): each step comes some days after the one before',
    ],
    [
      'steps not numbers',
      { Steps: '1, soon, 8' },
      'Steps',
      '"soon" is not a whole number of days; write the days after the due date, e.g. 1, 4, 8',
    ],
    [
      'steps negative',
      { Steps: '-1, 4, 8' },
      'Steps',
      '-1: steps count days after the due date, so none can be negative',
    ],
    [
      'steps empty',
      { Steps: '' },
      'Steps',
      'is empty: list the days after the due date, e.g. 1, 4, 8 (or every Monday)',
    ],
    [
      'weekly: not a day',
      { Steps: 'every Funday', Templates: 'Delivery overdue 1: reminder' },
      'Steps',
      '"every Funday": name a day of the week, e.g. every Monday',
    ],
    [
      'weekly on a weekend, business days',
      { Steps: 'every Saturday', Templates: 'Delivery overdue 1: reminder', 'Escalate at step': 1 },
      'Steps',
      'every Saturday never sends under Business days only: pick Monday to Friday',
    ],
    [
      'templates ≠ steps',
      { Templates: 'Delivery overdue 1: reminder; Delivery overdue 3: final notice' },
      'Templates',
      'names 2 templates for 3 steps: name one per step, in order, separated by ;',
    ],
    [
      'weekly with several templates',
      {
        Steps: 'every Monday',
        Templates: 'Delivery overdue 1: reminder; Delivery overdue 2: second reminder',
      },
      'Templates',
      'a weekly rule takes one template, not 2',
    ],
    [
      'unknown template',
      {
        Templates:
          'Delivery overdue 1: remider; Delivery overdue 2: second reminder; Delivery overdue 3: final notice',
      },
      'Templates',
      '"Delivery overdue 1: remider" is not a template in Templates; did you mean "Delivery overdue 1: reminder"?',
    ],
    [
      'template of another table',
      {
        Templates:
          'Payment remittance advice; Delivery overdue 2: second reminder; Delivery overdue 3: final notice',
      },
      'Templates',
      '"Payment remittance advice" merges Invoices, but this rule chases Purchase Orders',
    ],
    [
      'no templates',
      { Templates: null },
      'Templates',
      'is empty: name the template of each step, in order, separated by ;',
    ],
    [
      'escalate step out of range',
      { 'Escalate at step': 4 },
      'Escalate at step',
      'is step 4, but the rule has 3 steps: use 1 to 3',
    ],
    [
      'escalate step 0',
      { 'Escalate at step': 0 },
      'Escalate at step',
      'must be a step number, 1 to 3 (got "0")',
    ],
    [
      'escalate step not whole',
      { 'Escalate at step': 2.5 },
      'Escalate at step',
      'must be a step number, 1 to 3 (got "2.5")',
    ],
    [
      'escalate to without a step',
      { 'Escalate at step': null },
      'Escalate at step',
      'is empty: say from which step (1 to 3) Escalate to is copied',
    ],
    [
      'escalate step without anyone',
      { 'Escalate to': null },
      'Escalate to',
      'is empty: name who is copied from step 3, e.g. {{Owner}}',
    ],
    [
      'escalate to: bad path',
      { 'Escalate to': '{{Manager}}' },
      'Escalate to',
      '{{Manager}}: "Manager" is not a field of Purchase Orders',
    ],
    [
      'hour out of range',
      { 'Send at hour': 24 },
      'Send at hour',
      'must be a whole hour from 0 to 23 (got "24")',
    ],
    [
      'hour not whole',
      { 'Send at hour': '8:30' },
      'Send at hour',
      'must be a whole hour from 0 to 23 (got "8:30")',
    ],
  ];

  it.each(PROBLEMS)('reports %s', (_name, change, field, message) => {
    const { rule, problems } = parse(change);
    expect(rule).toBeUndefined();
    expect(problems).toContainEqual({ field, message });
  });

  it('lists every problem at once', () => {
    const { problems } = parse({
      Steps: '1, 4',
      Templates: 'Nope',
      'Send at hour': 30,
      Recipient: '{{Supplier}}',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'Recipient',
      'Templates',
      'Templates',
      'Escalate at step',
      'Send at hour',
    ]);
  });

  it('reads a template name with a comma as one template when it is one', () => {
    const ctx = {
      ...ruleContext,
      templates: [...ruleContext.templates, { name: 'Late, very late', table: 'Purchase Orders' }],
    };
    const { rule, problems } = parseChaseRule(
      { ...base, Steps: '1', Templates: 'Late, very late', 'Escalate at step': 1 },
      ctx,
    );
    expect(problems).toEqual([]);
    expect(rule!.templates).toEqual(['Late, very late']);
  });

  it('refuses two rules with the same name', () => {
    const { rules, problems } = readChaseRules(
      [
        { id: 'CHR-0001', values: base },
        { id: 'CHR-0002', values: { ...base, Name: 'overdue deliveries' } },
      ],
      ruleContext,
    );
    expect(rules).toHaveLength(1);
    expect(problems).toEqual([
      {
        rule: 'overdue deliveries',
        id: 'CHR-0002',
        field: 'Name',
        message: '"overdue deliveries" is also the name of CHR-0001',
      },
    ]);
  });
});

describe('Open when', () => {
  const po = (values: Record<string, unknown>, labels: Record<string, string> = {}) => ({
    ...record('Purchase Orders', 'PO-0001', values as never),
    labels,
  });
  const CASES: [string, Record<string, unknown>, boolean][] = [
    ['Status in Ordered, Partially delivered', { Status: 'Ordered' }, true],
    ['Status in Ordered, Partially delivered', { Status: 'partially delivered' }, true],
    ['Status in Ordered, Partially delivered', { Status: 'Delivered' }, false],
    ['Status in Ordered, Partially delivered', { Status: null }, false],
    ['Status not in Delivered, Cancelled', { Status: null }, true],
    ['Status = Ordered', { Status: 'ORDERED' }, true],
    ['Status != Ordered', { Status: 'Ordered' }, false],
    ['Delivered on is empty', { 'Delivered on': null }, true],
    ['Delivered on is empty', { 'Delivered on': '2026-03-02' }, false],
    ['Delivered on is not empty', { 'Delivered on': '2026-03-02' }, true],
    ['Status = Ordered; Delivered on is empty', { Status: 'Ordered', 'Delivered on': '2026-03-02' }, false],
    ['Status = Ordered;Delivered on is empty', { Status: 'Ordered', 'Delivered on': null }, true],
    ['Supplier = SUP-0001', { Supplier: 'SUP-0001' }, true],
    ['Supplier = Acme Ltd', { Supplier: 'SUP-0001' }, true], // the label a list shows
    ['ID in PO-0001, PO-0002', {}, true],
    ['Owner = anna@backoffice.example', { Owner: 'Anna@Backoffice.example' }, true],
  ];
  it.each(CASES)('"%s" on %j is %s', (text, values, want) => {
    const { condition, problems } = parseOpenWhen(orders, text);
    expect(problems).toEqual([]);
    expect(compileOpenWhen(condition!)(po(values, { Supplier: 'Acme Ltd' }))).toBe(want);
  });

  it('prefers the longest field name a clause starts with', () => {
    const staff = findTable(schema, 'Staff')!;
    const { condition } = parseOpenWhen(staff, 'Start date is empty');
    expect(condition!.tests).toEqual([{ field: 'Start date', op: 'empty' }]);
  });

  it('checks yes/no values', () => {
    const rules = findTable(schema, 'Chase Rules')!;
    expect(parseOpenWhen(rules, 'Enabled = yes').condition!.tests).toEqual([
      { field: 'Enabled', op: 'in', values: ['Yes'] },
    ]);
    expect(parseOpenWhen(rules, 'Enabled = sometimes').problems).toEqual([
      'Chase Rules.Enabled is yes or no, not "sometimes"',
    ]);
  });
});

describe('addresses', () => {
  const suppliers = [record('Suppliers', 'SUP-0001', { Name: 'Acme', Email: 'orders@acme.example' })];
  const resolve = (table: string, id: string) => suppliers.find((s) => s.table === table && s.id === id);
  const parse = (text: string) => parseAddressExpr(schema, orders, text).expr!;

  it('resolves fixed addresses and paths, each address once', () => {
    const cache = new Map();
    const po = record('Purchase Orders', 'PO-0001', { Supplier: 'SUP-0001', Owner: 'ORDERS@acme.example' });
    expect(
      resolveAddresses(parse('{{Supplier.Email}}; {{Owner}}, boss@backoffice.example'), po, resolve, cache),
    ).toEqual({
      addresses: ['orders@acme.example', 'boss@backoffice.example'],
      problems: [],
    });
    expect(cache.size).toBe(1);
  });

  it('says why a path gives no address', () => {
    const cache = new Map();
    const at = (values: Record<string, unknown>) =>
      resolveAddresses(
        parse('{{Supplier.Email}}'),
        record('Purchase Orders', 'PO-0002', values as never),
        resolve,
        cache,
      );
    expect(at({ Supplier: null }).problems).toEqual(['{{Supplier.Email}}: Supplier is empty']);
    expect(at({ Supplier: 'SUP-0404' }).problems).toEqual([
      '{{Supplier.Email}}: Suppliers SUP-0404 was not found',
    ]);
    const owner = resolveAddresses(
      parse('{{Owner}}'),
      record('Purchase Orders', 'PO-0003', { Owner: 'anna, ben@x.example' }),
      resolve,
      cache,
    );
    expect(owner).toEqual({
      addresses: ['ben@x.example'],
      problems: ['{{Owner}} holds "anna", which is not an email address'],
    });
  });
});
