/**
 * Summary sheets from the real Apps Script bundle in the emulator: the starter reports' exact tables,
 * formats, frozen header and embedded charts; the menu action; regenerating in place; and service
 * calls that do not grow with the rows (DESIGN.md, Snapshot in, plan out).
 */
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/core/summary';
import { END_MARKER_TEXT } from '../../src/core/summary';
import { fromGas } from '../../src/hosts/gas/cells';
import type { GasBundle } from '../gas/bundle-harness';
import { STARTER_TABLES } from './expected';
import { gasOk, openGas, summaryBuildCalls } from './gas-figures';
import { FIXED, sheetTable } from './helpers';

const open = openGas;
const ok = gasOk;

/** A sheet's values as core cells (Dates read in the spreadsheet's time zone). */
function cells(gas: GasBundle, sheet: string): unknown[][] {
  return gas.env.spreadsheet.read(sheet).map((r) => r.map((v) => fromGas(v, FIXED.timeZone)));
}

describe('summary sheets in Apps Script (real bundle)', () => {
  const gas = open();
  ok(gas, 'setupRegister', { sample: true });
  const built = ok<BuildResult>(gas, 'buildSummaries', {});

  it('builds every starter report into its sheet with the exact expected table', () => {
    expect(built.failed).toEqual([]);
    for (const [name, expected] of Object.entries(STARTER_TABLES)) {
      const table = sheetTable(cells(gas, name), expected[0]![0] as string, expected[0]!.length);
      expect(table, name).toEqual(expected);
    }
  });

  it('formats the table, freezes the header and embeds the chart the report asks for', () => {
    const name = 'Overdue deliveries by supplier';
    const model = gas.env.spreadsheet.sheetModel(name);
    const headerRow = cells(gas, name).findIndex((r) => r[0] === 'Supplier') + 1;
    expect(model.frozenRows).toBe(headerRow);
    expect([2, 3, 4, 5].map((c) => model.formats.get(headerRow + 1, c))).toEqual([
      '#,##0',
      '#,##0.00',
      'yyyy-mm-dd',
      '#,##0',
    ]);
    expect(model.styles.get(headerRow, 1)?.fontWeight).toBe('bold');
    expect(model.charts).toHaveLength(1);
    const chart = model.charts[0]!;
    expect(chart.chartType).toBe('BAR');
    expect(chart.options).toMatchObject({ title: name, width: 600, height: 320 });
    // Supplier and Orders, from the header row to the last supplier (the total row left out).
    expect(chart.ranges).toEqual([{ sheetId: model.id, row: headerRow, col: 1, numRows: 9, numCols: 2 }]);
    expect(chart.position).toMatchObject({ row: headerRow, col: 7 });
    const spend = gas.env.spreadsheet.sheetModel('Spend by supplier by month');
    expect(spend.charts[0]).toMatchObject({ chartType: 'COLUMN', options: { isStacked: true } });
    expect(spend.charts[0]!.ranges[0]).toMatchObject({ numRows: 13, numCols: 13 });
    expect(gas.env.spreadsheet.sheetModel('Correspondence this month').charts).toHaveLength(0);
  });

  it('rebuilds in place from the menu: one chart, notes below kept, tab order kept', () => {
    const name = 'Open requests by owner';
    const sheetNames = () => gas.env.execute(() => gas.env.spreadsheet.getSheets().map((s) => s.getName()));
    const order = sheetNames();
    const markerRow = cells(gas, name).findIndex((r) => r[0] === END_MARKER_TEXT) + 1;
    gas.env.spreadsheet.seed(name, [['My note'], ['', 'beside it']], { row: markerRow + 2 });
    gas.run('menuBuildSummaries');
    const alert = gas.env.ui.alerts.at(-1)!;
    expect(alert.title).toBe('Build summaries');
    expect(alert.prompt).toContain(
      'Overdue deliveries by supplier: sheet "Overdue deliveries by supplier", 8 rows, bar chart',
    );
    expect(alert.prompt).toContain('Correspondence this month: sheet "Correspondence this month", 0 rows');
    expect(sheetNames()).toEqual(order);
    const after = cells(gas, name);
    expect(after[markerRow + 1]![0]).toBe('My note');
    expect(after[markerRow + 2]![1]).toBe('beside it');
    // The old chart replaced, not added to: one each where the report asks for one.
    const withChart = [
      'Overdue deliveries by supplier',
      'Payables ageing',
      'Spend by supplier by month',
      name,
      'Tasks by department and status',
    ];
    for (const sheet of Object.keys(STARTER_TABLES))
      expect(gas.env.spreadsheet.sheetModel(sheet).charts.length, sheet).toBe(
        withChart.includes(sheet) ? 1 : 0,
      );
  });

  it('moves the notes below a report down and up as the report grows and shrinks', () => {
    ok(gas, 'createRecord', {
      table: 'Reports',
      values: { Name: 'Requests by owner', Table: 'Requests', 'Group by': 'Owner', Measures: 'count' },
    });
    const name = 'Requests by owner';
    const marker = () => cells(gas, name).findIndex((r) => r[0] === END_MARKER_TEXT) + 1;
    ok(gas, 'buildSummaries', { report: name });
    const first = marker();
    gas.env.spreadsheet.seed(name, [['Note below'], ['', 'and beside']], { row: first + 1 });
    const requests = ok<{ records: { id: string }[] }>(gas, 'listRecords', { table: 'Requests' }).records;
    const owners = (owner: (i: number) => string) =>
      requests.forEach((r, i) =>
        ok(gas, 'updateRecord', { table: 'Requests', id: r.id, values: { Owner: owner(i) } }),
      );
    owners((i) => `owner${i}@example.com`);
    ok(gas, 'buildSummaries', { report: name });
    expect(marker()).toBe(first + requests.length - 3);
    expect(cells(gas, name)[marker()]!.slice(0, 2)).toEqual(['Note below', '']);
    expect(cells(gas, name)[marker() + 1]!.slice(0, 2)).toEqual(['', 'and beside']);
    owners(() => 'ben.osei@backoffice.example');
    ok(gas, 'buildSummaries', { report: name });
    expect(marker()).toBe(first - 2);
    expect(cells(gas, name)[marker()]![0]).toBe('Note below');
  });

  it('writes what people typed as text, never as a formula (DESIGN.md, Security)', () => {
    ok(gas, 'createRecord', {
      table: 'Suppliers',
      values: { Name: '=IMPORTXML("x")', Email: 'f@f.example' },
    });
    ok(gas, 'createRecord', {
      table: 'Reports',
      values: { Name: 'Suppliers by name', Table: 'Suppliers', 'Group by': 'Name', Measures: 'count' },
    });
    ok(gas, 'buildSummaries', { report: 'Suppliers by name' });
    const values = gas.env.spreadsheet.read('Suppliers by name');
    expect(values.some((r) => r[0] === '=IMPORTXML("x")')).toBe(true);
    expect(
      gas.env.spreadsheet
        .readFormulas('Suppliers by name')
        .flat()
        .every((f) => f === ''),
    ).toBe(true);
  });

  it('refuses a filter naming a missing field, naming the field', () => {
    ok(gas, 'createRecord', {
      table: 'Reports',
      values: { Name: 'Bad', Table: 'Invoices', Filter: 'Paid at < today', Measures: 'count' },
    });
    const reply = gas.rpc('buildSummaries', { report: 'Bad' });
    expect(reply.error?.problems).toEqual([
      {
        field: 'Filter',
        message:
          '"Paid at" is not a field of Invoices (fields: ID, Supplier, Purchase order, Invoice number, Amount, Currency, Issued on, Due on, Status, Paid on)',
      },
    ]);
  });
});

describe('Apps Script calls to build all starter reports', () => {
  function measure(rows: number): Record<string, number> {
    const { calls, built } = summaryBuildCalls(rows);
    expect(built.failed).toEqual([]);
    return calls;
  }

  it('are the same at 100 and 2,000 rows: one read per sheet, one write per report block', () => {
    const small = measure(100);
    const large = measure(2_000);
    expect(large).toEqual(small);
    const total = Object.values(small).reduce((a, b) => a + b, 0);
    console.log(`Apps Script calls to rebuild the six starter reports: ${total} ${JSON.stringify(small)}`);
    // Setup, the 10 tables and 2 logs, and the 6 report sheets: one getValues each.
    expect(small['Range.getValues']).toBe(1 + 10 + 2 + 6);
    expect(small['Range.setValues']).toBe(6);
    expect(small['Range.setNumberFormats']).toBe(6);
    // Charts for the two reports over Purchase Orders; the others have no records here, so no chart.
    expect(small['Sheet.insertChart']).toBe(2);
    expect(small['Sheet.removeChart']).toBe(2);
  });
});
