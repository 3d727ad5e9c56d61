/**
 * Summary sheets decided in core and applied on the memory host: the starter reports' exact tables
 * on the sample register, the sheet layout, regenerating in place, definition errors that name
 * the field, renamed and reordered columns, empty tables, confidentiality.
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/cells';
import type { BuildResult, SummaryView } from '../../src/core/summary';
import { END_MARKER_TEXT, evalDate, parseBuckets } from '../../src/core/summary';
import { STARTER_TABLES } from './expected';
import { memoryRegister, plain, sheetTable, TODAY } from './helpers';

type Reg = ReturnType<typeof memoryRegister>;

function grid(reg: Reg, sheet: string): Cell[][] {
  const t = reg.doc.tables.get(sheet);
  if (!t) throw new Error(`no sheet ${sheet}`);
  return [t.header, ...t.rows];
}

function addReport(reg: Reg, values: Record<string, string>): string {
  return reg.call<{ id: string }>('createRecord', { table: 'Reports', values }).id;
}

describe('starter reports on the sample register (memory host)', () => {
  const reg = memoryRegister();
  const built = reg.call<BuildResult>('buildSummaries', {});

  it('all six build, each into its own sheet, with the exact expected tables', () => {
    expect(built.failed).toEqual([]);
    expect(built.today).toBe(TODAY);
    expect(built.reports.map((r) => r.report)).toEqual(Object.keys(STARTER_TABLES));
    for (const view of built.reports) {
      const expected = STARTER_TABLES[view.report]!;
      const fromView = [view.columns.map((c) => c.label), ...view.rows, ...(view.total ? [view.total] : [])];
      expect(fromView, view.report).toEqual(expected);
      expect(
        sheetTable(grid(reg, view.sheet), expected[0]![0] as string, expected[0]!.length),
        view.report,
      ).toEqual(expected);
    }
  });

  it('agree with counts made independently through listRecords', () => {
    const count = (table: string, where: string[]) =>
      reg.call<{ total: number }>('listRecords', { table, where }).total;
    const overdue = ['Ordered', 'Partially delivered']
      .map((s) => count('Purchase Orders', [`Status=${s}`, `Expected delivery<${TODAY}`]))
      .reduce((a, b) => a + b, 0);
    expect(STARTER_TABLES['Overdue deliveries by supplier']!.at(-1)![1]).toBe(overdue);
    expect(STARTER_TABLES['Tasks by department and status']!.at(-1)!.at(-1)).toBe(count('Tasks', []));
    expect(STARTER_TABLES['Open requests by owner']!.at(-1)![1]).toBe(
      count('Requests', []) - count('Requests', ['Status=Resolved']),
    );
    const unpaid = reg
      .call<{ records: { values: { Amount: number; Status: string } }[] }>('listRecords', {
        table: 'Invoices',
      })
      .records.filter((r) => r.values.Status !== 'Paid')
      .reduce((a, r) => a + r.values.Amount, 0);
    expect(STARTER_TABLES['Payables ageing']!.at(-1)!.at(-1)).toBeCloseTo(unpaid, 2);
  });

  it('lays each sheet out: title, generated at and by, the filter in words, header, rows, total, marker', () => {
    const g = grid(reg, 'Overdue deliveries by supplier');
    expect(g[0]![0]).toBe('Overdue deliveries by supplier');
    expect(g[1]![0]).toBe('Generated 2026-03-29 11:30 by anna.ferri@backoffice.example');
    expect(g[2]![0]).toBe(
      'Purchase Orders where Status is Ordered or Partially delivered and Expected delivery is before 2026-03-29 (today)',
    );
    // The sample mixes EUR, USD and GBP orders: the sheet says so rather than adding them silently.
    expect(g[3]![0]).toMatch(/^Amounts in EUR, GBP, USD are added as they are/);
    expect(g[6]![3]).toEqual({ date: '2025-12-26' });
    const marker = g.findIndex((r) => r[0] === END_MARKER_TEXT);
    expect(marker).toBeGreaterThan(15);
    expect(g.slice(marker + 1).every((r) => r.every((c) => c === ''))).toBe(true);
    const plan = built.reports.find((r) => r.report === 'Spend by supplier by month')!;
    expect(plan.chart).toMatchObject({ kind: 'column', stacked: true, categoryColumn: 0 });
    expect(plan.chart!.categories).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(plan.chart!.series.map((s) => s.name)).toEqual(plan.columns.slice(1, -1).map((c) => c.label));
  });

  it('shows one report as the sidebar view: headline numbers, table and chart data', () => {
    const view = reg.call<SummaryView>('summaryView', { report: 'payables ageing' });
    expect(view.headline).toEqual([
      { label: 'Not yet due', value: 38768.47, kind: 'currency' },
      { label: '0-30', value: 59826.47, kind: 'currency' },
      { label: '31-60', value: 38237.18, kind: 'currency' },
      { label: '61-90', value: 95345.87, kind: 'currency' },
      { label: '90+', value: 26096.19, kind: 'currency' },
      { label: 'Total', value: 258274.18, kind: 'currency' },
    ]);
    expect(view.chart!.series).toHaveLength(5);
    expect(view.rows).toEqual(built.reports.find((r) => r.report === 'Payables ageing')!.rows);
    // Read-only: no sheet was written by the view.
    const before = JSON.stringify([...reg.doc.tables]);
    reg.call('summaryView', { report: 'Tasks by department and status', today: '2026-04-15' });
    expect(JSON.stringify([...reg.doc.tables])).toBe(before);
  });

  it('computes the figures for another day with today', () => {
    const view = reg.call<SummaryView>('summaryView', {
      report: 'Overdue deliveries by supplier',
      today: '2026-01-01',
    });
    expect(view.today).toBe('2026-01-01');
    expect(view.filter).toContain('before 2026-01-01 (today)');
    expect(view.total![1]).toBe(1);
    const bad = reg.reply('summaryView', { report: 'Overdue deliveries by supplier', today: '2026-02-30' });
    expect(bad.error?.message).toBe('"2026-02-30" is not a day; write it as YYYY-MM-DD, e.g. 2026-03-29');
  });
});

describe('regenerating a report sheet', () => {
  it('rewrites only its own block: notes below move with it, other sheets stay as they were', () => {
    const reg = memoryRegister();
    addReport(reg, { Name: 'Requests by owner', Table: 'Requests', 'Group by': 'Owner', Measures: 'count' });
    const sheetName = 'Requests by owner';
    const mine = [sheetName, 'Requests', 'Audit', '_Register'];
    const others = () => JSON.stringify([...reg.doc.tables].filter(([n]) => !mine.includes(n)));
    reg.call('buildSummaries', { report: sheetName });
    const sheet = reg.doc.tables.get(sheetName)!;
    const marker = sheet.rows.findIndex((r) => r[0] === END_MARKER_TEXT);
    // A person writes notes below the marker.
    sheet.rows.push(['Note: call Ben about REQ-0003', '', 'kept'], ['Second note']);
    const before = others();
    // More rows next time: every request gets an owner of its own.
    const requests = reg.call<{ records: { id: string; version: number }[] }>('listRecords', {
      table: 'Requests',
    });
    requests.records.forEach((r, i) =>
      reg.call('updateRecord', { table: 'Requests', id: r.id, values: { Owner: `owner${i}@example.com` } }),
    );
    reg.call('buildSummaries', { report: sheetName });
    const after = reg.doc.tables.get(sheetName)!;
    const newMarker = after.rows.findIndex((r) => r[0] === END_MARKER_TEXT);
    expect(newMarker).toBe(marker + 15 - 3);
    expect(after.rows[newMarker + 1]).toEqual(['Note: call Ben about REQ-0003', '', 'kept']);
    expect(after.rows[newMarker + 2]![0]).toBe('Second note');
    // Fewer rows again: the notes move back up.
    requests.records.forEach((r) =>
      reg.call('updateRecord', {
        table: 'Requests',
        id: r.id,
        values: { Owner: 'ben.osei@backoffice.example' },
      }),
    );
    reg.call('buildSummaries', { report: sheetName });
    const last = reg.doc.tables.get(sheetName)!;
    const lastMarker = last.rows.findIndex((r) => r[0] === END_MARKER_TEXT);
    expect(lastMarker).toBe(marker - 2);
    expect(last.rows[lastMarker + 1]).toEqual(['Note: call Ben about REQ-0003', '', 'kept']);
    expect(last.rows.slice(0, lastMarker).flat()).not.toContain('Second note');
    expect(others()).toBe(before);
  });

  it('refuses to write over a sheet that is not a summary sheet, and writes nothing at all', () => {
    const reg = memoryRegister();
    reg.doc.tables.set('Payables ageing', {
      name: 'Payables ageing',
      header: ['My own sheet'],
      rows: [['keep me']],
    });
    const before = JSON.stringify([...reg.doc.tables]);
    const all = reg.reply('buildSummaries', {});
    expect(all.ok).toBe(false);
    expect(all.error!.message).toBe(
      'The sheet "Payables ageing" is not a summary sheet (it has no "End of report." line), so Build summaries will not write over it. Choose another Output sheet for the report, or delete or rename that sheet.',
    );
    expect(JSON.stringify([...reg.doc.tables])).toBe(before);
  });
});

describe('report definitions', () => {
  it('a filter naming a missing field is a clear error that names the report and the field', () => {
    const reg = memoryRegister();
    addReport(reg, {
      Name: 'Late orders',
      Table: 'Purchase Orders',
      Filter: 'Status = Ordered; Expected delivry < today',
      Measures: 'count',
    });
    const one = reg.reply('buildSummaries', { report: 'Late orders' });
    expect(one.error).toMatchObject({
      code: 'invalid',
      problems: [
        {
          field: 'Filter',
          message:
            '"Expected delivry" is not a field of Purchase Orders (fields: ID, Supplier, Description, Amount, Currency, Ordered on, Expected delivery, Delivered on, Status, Owner)',
        },
      ],
    });
    expect(one.error!.message).toMatch(/^Report "Late orders": Filter: "Expected delivry" is not a field/);
    // Building all: the broken report is listed, the six starters still build.
    const all = reg.call<BuildResult>('buildSummaries', {});
    expect(all.reports).toHaveLength(6);
    expect(all.failed.map((f) => [f.report, f.problems[0]!.field])).toEqual([['Late orders', 'Filter']]);
    expect(reg.doc.tables.has('Late orders')).toBe(false);
  });

  const cases: [string, Record<string, string>, { field: string; message: string }][] = [
    [
      'an unknown table',
      { Table: 'Orders' },
      {
        field: 'Table',
        message:
          '"Orders" is not a table of this register (tables: Suppliers, Purchase Orders, Invoices, Customers, Requests, Staff, Tasks, Chase Rules, Templates, Reports, Correspondence, Audit)',
      },
    ],
    [
      'a choice that does not exist',
      { Filter: 'Status in Ordered, Shipped' },
      {
        field: 'Filter',
        message:
          '"Shipped" is not a choice of Status (choices: Draft, Ordered, Partially delivered, Delivered, Cancelled)',
      },
    ],
    [
      'a date that is not one',
      { Filter: 'Ordered on > tomorrow' },
      {
        field: 'Filter',
        message:
          '"Ordered on > tomorrow": "tomorrow" is not a date (write YYYY-MM-DD, today, today - 30, start of month, start of month - 11 months, ...)',
      },
    ],
    [
      'a number compared with text',
      { Filter: 'Amount > lots' },
      { field: 'Filter', message: '"Amount > lots": Amount is a number; "lots" is not' },
    ],
    [
      'a group field that does not exist',
      { 'Group by': 'Vendor' },
      {
        field: 'Group by',
        message:
          '"Vendor" is not a field of Purchase Orders (fields: ID, Supplier, Description, Amount, Currency, Ordered on, Expected delivery, Delivered on, Status, Owner)',
      },
    ],
    [
      'a month of a text field',
      { 'Group by': 'Description by month' },
      {
        field: 'Group by',
        message: '"Description by month": only a date field can be grouped by month; Description is text',
      },
    ],
    [
      'buckets with a gap',
      { 'Group by': 'days past Expected delivery in 0-30, 40-60' },
      {
        field: 'Group by',
        message:
          'buckets must follow each other without gaps or overlaps: "0-30" then "40-60" (next should start at 31)',
      },
    ],
    [
      'three groups',
      { 'Group by': 'Supplier, Status, Currency' },
      { field: 'Group by', message: 'at most two groups (rows, then columns); this names 3' },
    ],
    [
      'a sum of text',
      { Measures: 'sum Description' },
      { field: 'Measures', message: '"sum Description": Description is text; sum needs a number field' },
    ],
    [
      'an unknown measure',
      { Measures: 'median Amount' },
      {
        field: 'Measures',
        message:
          '"median Amount" is not a measure; use count, count if <condition>, sum <field>, average <field>, min <field>, max <field>, oldest <date field>, newest <date field>, days late <date field>',
      },
    ],
    // Typed into the sheet by hand, past the Chart dropdown.
    [
      'an unknown chart',
      { Chart: 'Radar' },
      { field: 'Chart', message: '"Radar" is not a chart; choose None, Bar, Column, Line or Pie' },
    ],
    [
      'a sort by a column it does not have',
      { Measures: 'count', Sort: 'Amount desc' },
      { field: 'Sort', message: '"Amount" is not a column of this report (columns: Supplier, Count)' },
    ],
    [
      'an output sheet of the register',
      { 'Output sheet': 'Suppliers' },
      {
        field: 'Output sheet',
        message: '"Suppliers" is a sheet of the register itself; choose another sheet for the report',
      },
    ],
    [
      'an output sheet name Excel refuses',
      { 'Output sheet': 'Q1/Q2 spend' },
      { field: 'Output sheet', message: '"Q1/Q2 spend" must not contain : \\ / ? * [ or ]' },
    ],
  ];
  it.each(cases)('names the field to fix for %s', (_name, values, problem) => {
    const reg = memoryRegister({ sample: false });
    const { Chart: chart, ...rest } = values;
    addReport(reg, {
      Name: 'Try',
      Table: 'Purchase Orders',
      'Group by': 'Supplier',
      Measures: 'count',
      ...rest,
    });
    if (chart) {
      const reports = reg.doc.tables.get('Reports')!;
      reports.rows.at(-1)![reports.header.indexOf('Chart')] = chart;
    }
    const r = reg.reply('buildSummaries', { report: 'Try' });
    expect(r.error?.problems).toEqual([problem]);
  });

  it('keeps confidential fields out unless the report names them', () => {
    const reg = memoryRegister();
    addReport(reg, { Name: 'Payroll', Table: 'Staff', 'Group by': 'Department', Measures: 'sum Salary' });
    expect(reg.reply('buildSummaries', { report: 'Payroll' }).error?.problems).toEqual([
      {
        field: 'Measures',
        message: 'Salary is confidential; name it in "Confidential fields allowed" to use it in this report',
      },
    ]);
    reg.call('updateRecord', {
      table: 'Reports',
      id: reg.call<{ records: { id: string }[] }>('listRecords', {
        table: 'Reports',
        where: ['Name=Payroll'],
      }).records[0]!.id,
      values: { 'Confidential fields allowed': 'Salary' },
    });
    const view = reg.call<SummaryView>('summaryView', { report: 'Payroll' });
    expect(view.columns.map((c) => c.label)).toEqual(['Department', 'Total Salary']);
    // Filtering on it counts as using it.
    addReport(reg, { Name: 'High earners', Table: 'Staff', Filter: 'Salary > 80000', Measures: 'count' });
    expect(reg.reply('summaryView', { report: 'High earners' }).error?.problems[0]?.field).toBe('Filter');
  });

  it('reads the logs too: Correspondence grouped by template and state, this month only', () => {
    const reg = memoryRegister();
    const log = reg.doc.tables.get('Correspondence')!;
    const row = (when: string, template: string, state: string) =>
      log.header.map((h) =>
        h === 'When' ? { dateTime: when } : h === 'Template' ? template : h === 'State' ? state : '',
      );
    log.rows.push(
      row('2026-03-02T09:00:00', 'Purchase order confirmation', 'SENT'),
      row('2026-03-28T17:45:10', 'Purchase order confirmation', 'SENT'),
      row('2026-03-28T17:46:00', 'Delivery chase', 'FAILED'),
      row('2026-02-27T10:00:00', 'Delivery chase', 'SENT'),
    );
    const view = reg.call<SummaryView>('summaryView', { report: 'Correspondence this month' });
    expect([view.columns.map((c) => c.label), ...view.rows, view.total]).toEqual([
      ['Template', 'PENDING', 'SENDING', 'SENT', 'FAILED', 'Total'],
      ['Delivery chase', 0, 0, 0, 1, 1],
      ['Purchase order confirmation', 0, 0, 2, 0, 2],
      ['Total', 0, 0, 2, 1, 3],
    ]);
  });
});

describe('a register made before reports had fields', () => {
  it('says which Reports fields to add to Setup', () => {
    const reg = memoryRegister({ sample: false });
    const setup = reg.doc.tables.get('Setup')!;
    const [t, f] = [setup.header.indexOf('Table'), setup.header.indexOf('Field')];
    setup.rows = setup.rows.filter((r) => r[t] !== 'Reports' || r[f] === 'Name');
    expect(reg.reply('buildSummaries', {}).error).toMatchObject({
      code: 'schema',
      message:
        'The Reports table in Setup has no Table or Measures field. Add its fields to Setup (Name, Table, Filter, Group by, Measures, Sort, Chart, Output sheet, Confidential fields allowed; a new register shows how), then Set up register.',
    });
  });
});

describe('columns and tables as people leave them', () => {
  it('reordered columns give the same tables; a renamed column is an error only for reports that read it', () => {
    const reg = memoryRegister();
    const po = reg.doc.tables.get('Purchase Orders')!;
    // Reverse the column order, cells and all.
    po.header = [...po.header].reverse();
    po.rows = po.rows.map((r) => [...r].reverse());
    const view = reg.call<SummaryView>('summaryView', { report: 'Overdue deliveries by supplier' });
    expect([view.columns.map((c) => c.label), ...view.rows, view.total]).toEqual(
      STARTER_TABLES['Overdue deliveries by supplier'],
    );
    po.header = po.header.map((h) => (h === 'Description' ? 'What' : h === 'Expected delivery' ? 'Due' : h));
    const r = reg.reply('summaryView', { report: 'Overdue deliveries by supplier' });
    expect(r.error).toMatchObject({
      code: 'schema',
      message:
        'Report "Overdue deliveries by supplier": the column "Expected delivery" is missing from Purchase Orders (renamed or deleted?). Rename the column back, or run Set up register to add it.',
    });
    // Spend by month does not read Expected delivery or Description: it still builds.
    const spend = reg.call<SummaryView>('summaryView', { report: 'Spend by supplier by month' });
    expect(spend.total).toEqual(STARTER_TABLES['Spend by supplier by month']!.at(-1));
  });

  it('empty tables build: no rows, zero totals, the columns a choice or bucket always has', () => {
    const reg = memoryRegister({ sample: false });
    const built = reg.call<BuildResult>('buildSummaries', {});
    expect(built.failed).toEqual([]);
    const byName = Object.fromEntries(built.reports.map((r) => [r.report, r]));
    expect(byName['Payables ageing']!.rows).toEqual([]);
    expect(byName['Payables ageing']!.total).toEqual(['Total', 0, 0, 0, 0, 0]);
    expect(byName['Payables ageing']!.columns.map((c) => c.label)).toEqual([
      'Supplier',
      '0-30',
      '31-60',
      '61-90',
      '90+',
      'Total',
    ]);
    expect(byName['Overdue deliveries by supplier']!.total).toEqual(['Total', 0, 0, null, null]);
    expect(byName['Tasks by department and status']!.total).toEqual(['Total', 0, 0, 0, 0]);
    // The spend report still shows its twelve months, all zero; no chart for no records.
    expect(byName['Spend by supplier by month']!.rows).toHaveLength(12);
    expect(byName['Overdue deliveries by supplier']!.chart).toBeNull();
    expect(byName['Overdue deliveries by supplier']!.notes).toEqual(['No chart: no records match.']);
    const g = grid(reg, 'Overdue deliveries by supplier').map((r) => r.map(plain));
    expect(g.find((r) => r[0] === 'No records match.')).toBeDefined();
  });
});

describe('the definition language', () => {
  it('evaluates date expressions relative to the day of the report', () => {
    expect(evalDate('today', TODAY)).toBe('2026-03-29');
    expect(evalDate('today - 30', TODAY)).toBe('2026-02-27');
    expect(evalDate('today+7', TODAY)).toBe('2026-04-05');
    expect(evalDate('start of month - 11 months', TODAY)).toBe('2025-04-01');
    expect(evalDate('start of week', TODAY)).toBe('2026-03-23'); // a Sunday: the week began on Monday
    expect(evalDate('start of quarter', TODAY)).toBe('2026-01-01');
    expect(evalDate('start of year + 1 year', TODAY)).toBe('2027-01-01');
    expect(evalDate('today - 1 month', '2026-03-31')).toBe('2026-02-28');
    expect(evalDate('tomorrow', TODAY)).toBeNull();
    expect(evalDate('2026-02-30', TODAY)).toBeNull();
  });

  it('reads buckets as ageing reports write them', () => {
    expect(parseBuckets('0-30, 31-60, 61-90, 90+').map((b) => [b.label, b.from, b.to])).toEqual([
      ['0-30', 0, 30],
      ['31-60', 31, 60],
      ['61-90', 61, 90],
      ['90+', 91, Infinity],
    ]);
    expect(parseBuckets('0-7, 8-14').at(-1)).toEqual({ from: 15, to: Infinity, label: '15+' });
    expect(parseBuckets('0 to 30, over 30').at(-1)).toEqual({ from: 31, to: Infinity, label: 'over 30' });
  });

  it('accepts groups separated by commas or semicolons alike', () => {
    const reg = memoryRegister();
    const id = addReport(reg, {
      Name: 'Ageing with commas',
      Table: 'Invoices',
      Filter: 'Status != Paid',
      'Group by': 'Supplier, days past Due on in 0-30, 31-60, 61-90, 90+',
      Measures: 'sum Amount as Amount due',
    });
    const view = reg.call<SummaryView>('summaryView', { report: id });
    expect([view.columns.map((c) => c.label), ...view.rows, view.total]).toEqual(
      STARTER_TABLES['Payables ageing'],
    );
  });
});
