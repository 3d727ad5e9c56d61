/**
 * Summary sheets in the Excel host, on the Excel JS emulator (Excel on the web): the starter reports'
 * exact tables (the same as every host's, expected.ts), number formats, bold and frozen header, column
 * widths and an Excel chart; regenerating in place with notes below moved and a person's own chart kept;
 * text never a formula; a sheet that is not a summary refused before anything is written; and syncs that
 * do not grow with rows.
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/cells';
import type { BuildResult } from '../../src/core/summary';
import { END_MARKER_TEXT } from '../../src/core/summary';
import { fromExcel } from '../../src/hosts/excel';
import { REPORT_CHART } from '../../src/hosts/excel/report';
import type { ExcelEmulator } from '../fakes/excel';
import { excelRegister, excelSummaryBuild } from '../excel/figures';
import { STARTER_TABLES } from './expected';
import { sheetTable } from './helpers';

/** A sheet's cells as core cells, dates by their number format. */
function cells(xl: ExcelEmulator, sheet: string): Cell[][] {
  const formats = xl.workbook.numberFormats(sheet);
  return xl.workbook.values(sheet).map((row, r) => row.map((v, c) => fromExcel(v, formats[r]?.[c])));
}

const headerRowOf = (xl: ExcelEmulator, sheet: string, first: string) =>
  cells(xl, sheet).findIndex((r) => r[0] === first) + 1;
const markerRowOf = (xl: ExcelEmulator, sheet: string) =>
  cells(xl, sheet).findIndex((r) => r[0] === END_MARKER_TEXT) + 1;

describe('summary sheets in Excel (emulated Excel on the web)', async () => {
  const { xl, call } = await excelRegister({ sample: true });
  const built = await call<BuildResult>('buildSummaries', {});

  it('builds every starter report into its sheet with the exact expected table', () => {
    expect(built.failed).toEqual([]);
    for (const [name, expected] of Object.entries(STARTER_TABLES)) {
      const table = sheetTable(cells(xl, name), expected[0]![0] as string, expected[0]!.length);
      expect(table, name).toEqual(expected);
    }
    // New sheets go after the register's own, in the order of the Reports table.
    expect(xl.workbook.sheetNames().slice(-6)).toEqual(Object.keys(STARTER_TABLES));
  });

  it('formats the table, bolds and freezes the header, sets widths and adds the Excel chart', () => {
    const name = 'Overdue deliveries by supplier';
    const header = headerRowOf(xl, name, 'Supplier');
    expect(xl.workbook.sheet(name).frozenRows).toBe(header);
    expect(['B', 'C', 'D', 'E'].map((c) => xl.workbook.cell(name, `${c}${header + 1}`)?.nf)).toEqual([
      '#,##0',
      '#,##0.00',
      'yyyy-mm-dd',
      '#,##0',
    ]);
    expect(xl.workbook.cell(name, `A${header}`)?.bold).toBe(true);
    expect(xl.workbook.cell(name, `E${header + 9}`)).toMatchObject({ v: 93, bold: true });
    expect(xl.workbook.cell(name, 'A1')).toMatchObject({ bold: true, size: 14 });
    // Characters to points: (7 px a character + 10 px) x 0.75.
    const widths = xl.workbook.columnWidths(name);
    expect(widths.get(0)).toBe(Math.round(27 * 7 + 10) * 0.75);
    expect([...widths.keys()]).toEqual([0, 1, 2, 3, 4]);

    const [chart, ...more] = xl.workbook.charts(name);
    expect(more).toEqual([]);
    expect(chart).toMatchObject({
      name: REPORT_CHART,
      chartType: 'BarClustered',
      seriesBy: 'Columns',
      title: name,
      legendVisible: false,
      anchor: { row: header - 1, col: 6 },
      width: 450,
      height: 240,
    });
    // Supplier and Orders, from the header row to the last supplier (the total row left out).
    const q = `'${name}'`;
    expect(chart!.source).toBe(`${q}!A${header}:B${header + 8}`);
    expect(chart!.series).toEqual([
      {
        name: 'Orders',
        values: `${q}!B${header + 1}:B${header + 8}`,
        xValues: `${q}!A${header + 1}:A${header + 8}`,
      },
    ]);

    const spend = xl.workbook.charts('Spend by supplier by month');
    expect(spend).toHaveLength(1);
    expect(spend[0]).toMatchObject({ chartType: 'ColumnStacked', legendVisible: true });
    expect(spend[0]!.series).toHaveLength(12);
    expect(spend[0]!.series[0]!.name).toBe('Acme Industrial Supply');
    expect(xl.workbook.charts('Correspondence this month')).toEqual([]);
  });

  it('writes what people typed as text, never as a formula (DESIGN.md, Security)', async () => {
    await call('createRecord', {
      table: 'Suppliers',
      values: { Name: '=IMPORTXML("x")', Email: 'f@f.example' },
    });
    await call('createRecord', {
      table: 'Reports',
      values: { Name: 'Suppliers by name', Table: 'Suppliers', 'Group by': 'Name', Measures: 'count' },
    });
    await call('buildSummaries', { report: 'Suppliers by name' });
    expect(xl.workbook.values('Suppliers by name').some((r) => r[0] === '=IMPORTXML("x")')).toBe(true);
    expect(xl.workbook.formulaCount()).toBe(0);
  });

  it('rebuilds in place: one chart, notes below kept, a person’s own chart kept, tab order kept', async () => {
    const name = 'Open requests by owner';
    const order = xl.workbook.sheetNames();
    const marker = markerRowOf(xl, name);
    xl.workbook.type(name, `A${marker + 2}`, 'My note');
    xl.workbook.type(name, `B${marker + 3}`, 'beside it');
    xl.workbook.addChart(name, `A${marker + 2}:B${marker + 3}`, `D${marker + 5}`);
    const again = await call<BuildResult>('buildSummaries', {});
    expect(again.failed).toEqual([]);
    expect(xl.workbook.sheetNames()).toEqual(order);
    const after = cells(xl, name);
    expect(after[marker + 1]![0]).toBe('My note');
    expect(after[marker + 2]![1]).toBe('beside it');
    const charts = xl.workbook.charts(name);
    expect(charts.map((c) => c.name).sort()).toEqual(['My chart', REPORT_CHART].sort());
    for (const sheet of ['Overdue deliveries by supplier', 'Payables ageing', 'Spend by supplier by month'])
      expect(
        xl.workbook.charts(sheet).map((c) => c.name),
        sheet,
      ).toEqual([REPORT_CHART]);
  });

  it('moves the notes below a report, and a person’s chart there, down and up as the report grows and shrinks', async () => {
    await call('createRecord', {
      table: 'Reports',
      values: { Name: 'Requests by owner', Table: 'Requests', 'Group by': 'Owner', Measures: 'count' },
    });
    const name = 'Requests by owner';
    await call('buildSummaries', { report: name });
    const first = markerRowOf(xl, name);
    xl.workbook.type(name, `A${first + 1}`, 'Note below');
    xl.workbook.type(name, `B${first + 2}`, 'and beside');
    xl.workbook.addChart(name, `A${first + 1}:B${first + 2}`, `A${first + 4}`, 'Notes chart');
    const requests = (await call<{ records: { id: string }[] }>('listRecords', { table: 'Requests' }))
      .records;
    const owners = async (owner: (i: number) => string) => {
      for (const [i, r] of requests.entries())
        await call('updateRecord', { table: 'Requests', id: r.id, values: { Owner: owner(i) } });
    };
    await owners((i) => `owner${i}@example.com`);
    await call('buildSummaries', { report: name });
    const grown = markerRowOf(xl, name);
    expect(grown).toBe(first + requests.length - 3);
    expect(cells(xl, name)[grown]!.slice(0, 2)).toEqual(['Note below', '']);
    expect(cells(xl, name)[grown + 1]!.slice(0, 2)).toEqual(['', 'and beside']);
    const mine = () => xl.workbook.charts(name).find((c) => c.name === 'Notes chart')!;
    expect(mine().anchor).toEqual({ row: grown + 3, col: 0 });
    await owners(() => 'ben.osei@backoffice.example');
    await call('buildSummaries', { report: name });
    const shrunk = markerRowOf(xl, name);
    expect(shrunk).toBe(first - 2);
    expect(cells(xl, name)[shrunk]![0]).toBe('Note below');
    expect(mine().anchor).toEqual({ row: shrunk + 3, col: 0 });
  });

  it('refuses a sheet that is not a summary before writing anything', async () => {
    await call('createRecord', {
      table: 'Reports',
      values: {
        Name: 'Tasks by owner',
        Table: 'Tasks',
        'Group by': 'Owner',
        Measures: 'count',
        'Output sheet': 'Plans',
      },
    });
    xl.workbook.seed('Plans', [['My plans'], ['Q2', 'hire']]);
    const before = xl.workbook.dump();
    const result = await call<BuildResult>('buildSummaries', {}).catch((e: unknown) => e);
    expect(String(result)).toMatch(/The sheet \\"Plans\\" is not a summary sheet/);
    expect(xl.workbook.dump()).toBe(before);
  });
});

describe('Excel syncs to build all starter reports', () => {
  it('are the same at 100 and 2,000 rows: names, Setup, the tables, the report sheets, one write', async () => {
    const small = await excelSummaryBuild(100);
    const large = await excelSummaryBuild(2_000);
    expect(small.built.failed).toEqual([]);
    expect(small.syncs).toBe(5);
    expect(large.syncs).toBe(small.syncs);
    console.log(
      `Excel syncs to rebuild the six starter reports: ${small.syncs} at 100 and at 2,000 purchase orders; largest request ${small.maxRequestBytes.toLocaleString('en-US')} / ${large.maxRequestBytes.toLocaleString('en-US')} bytes`,
    );
  });
});
