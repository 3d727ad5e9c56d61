/**
 * The Excel JS emulator's documented behaviours, one by one (test/fakes/excel/README.md names the
 * pages). Every test drives the emulator through the API the way an add-in does.
 */
import { describe, expect, it } from 'vitest';
import {
  createExcelEmulator,
  OfficeExtensionError,
  PAYLOAD_LIMIT_BYTES,
  serialOf,
  type ExcelEmulator,
} from '../fakes/excel';

const NOT_LOADED = `The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;

async function failure(p: Promise<unknown>): Promise<OfficeExtensionError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'expected the batch to fail').toBeInstanceOf(OfficeExtensionError);
  return e as OfficeExtensionError;
}

function withSheet(xl: ExcelEmulator, rows: unknown[][], sheet = 'Data'): void {
  xl.workbook.seed(sheet, rows);
}

describe('proxy objects and sync', () => {
  it('queues commands until sync, and counts syncs and commands', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
      range.values = [['a', 1]];
      expect(xl.workbook.values('Sheet1')).toEqual([]);
      await ctx.sync();
      expect(xl.workbook.values('Sheet1')).toEqual([['a', 1]]);
    });
    // workbook.worksheets, getItem, getRange and the set: four commands in one sync.
    expect(xl.stats).toMatchObject({ runs: 1, syncs: 1, actions: 4 });
    expect(xl.stats.log[0]!.requestBytes).toBeGreaterThan(0);
  });

  it('throws PropertyNotLoaded for a property read before load and sync, with Office.js’s message', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [['x']]);
    await xl.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Data').getRange('A1');
      let err = (() => {
        try {
          return range.values;
        } catch (e) {
          return e as OfficeExtensionError;
        }
      })() as OfficeExtensionError;
      expect(err).toBeInstanceOf(OfficeExtensionError);
      expect(err.code).toBe('PropertyNotLoaded');
      expect(err.message).toBe(NOT_LOADED);
      range.load('values');
      // Loaded but not synced yet.
      expect(() => range.values).toThrow(NOT_LOADED);
      await ctx.sync();
      expect(range.values).toEqual([['x']]);
      expect(() => range.address).toThrow(/'address' is not available/);
      const count = ctx.workbook.worksheets.getCount();
      expect(() => count.value).toThrow(/'value' is not available/);
      await ctx.sync();
      expect(count.value).toBe(2);
      err = await failure(
        (async () => {
          range.load('colour');
          await ctx.sync();
        })(),
      );
      expect(err.code).toBe('InvalidArgument');
    });
  });

  it('gives null objects after load and sync, and ItemNotFound for getItem at sync', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject('Nope');
      const used = ctx.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true);
      const top = ctx.workbook.worksheets.getItem('Sheet1').getUsedRange();
      top.load('address');
      expect(() => missing.isNullObject).toThrow(/'isNullObject' is not available/);
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(used.isNullObject).toBe(true);
      // A blank sheet's used range is its top-left cell.
      expect(top.address).toBe('Sheet1!A1');
      expect(() => missing.name).toThrow(/'name' is not available/);
    });
    const err = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
        ctx.workbook.worksheets.getItem('Nope').getRange('A1').values = [[2]];
        await ctx.sync();
      }),
    );
    expect(err.name).toBe('RichApi.Error');
    expect(err.code).toBe('ItemNotFound');
    expect(err.debugInfo.errorLocation).toBe('WorksheetCollection.getItem');
    // Commands before the failing one stay applied: a batch is not a transaction.
    expect(xl.workbook.values('Sheet1')).toEqual([[1]]);
  });

  it('runs a batch only when it returns a promise, and syncs what is still queued when it resolves', async () => {
    const xl = createExcelEmulator();
    const err = await failure(xl.run((() => undefined) as never));
    expect(err.code).toBe('RunMustReturnPromise');
    await xl.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('B2').values = [[7]];
    });
    expect(xl.workbook.cell('Sheet1', 'B2')?.v).toBe(7);
  });
});

describe('values as typed input', () => {
  it('makes a formula of text starting with =, + or -, and keeps text behind an apostrophe', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A8');
      range.values = [
        ['=1+1'],
        ['+44 20 7946 0000 call'],
        ['-5'],
        ["'=1+1"],
        ['0123'],
        ["'0123"],
        ['TRUE'],
        ['@SUM(A1)'],
      ];
      const read = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A8').load('values,formulas');
      await ctx.sync();
      expect(read.formulas.flat()).toEqual([
        '=1+1',
        '=+44 20 7946 0000 call',
        -5,
        '=1+1',
        123,
        '0123',
        true,
        '@SUM(A1)',
      ]);
      expect(read.values.flat()).toEqual(['#NAME?', '#NAME?', -5, '=1+1', 123, '0123', true, '@SUM(A1)']);
    });
    expect(xl.workbook.formulaCount()).toBe(2);
    expect(xl.workbook.cell('Sheet1', 'A4')).toMatchObject({ v: '=1+1', qp: true });
  });

  it('keeps text as typed in a cell formatted as Text', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
      range.numberFormat = [['@', '@']];
      range.values = [['0123', '=1+1']];
      await ctx.sync();
    });
    expect(xl.workbook.values('Sheet1')).toEqual([['0123', '=1+1']]);
    expect(xl.workbook.formulaCount()).toBe(0);
  });

  it('stores dates as serial numbers that read back as numbers, with a date number format', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:B1').values = [['2026-03-29', serialOf(2026, 3, 29, 14, 30)]];
      ws.getRange('B1').numberFormat = [['yyyy-mm-dd hh:mm']];
      const read = ws.getRange('A1:B1').load('values,numberFormat');
      await ctx.sync();
      expect(read.values).toEqual([[46110, 46110 + 14.5 / 24]]);
      expect(read.numberFormat).toEqual([['yyyy-mm-dd', 'yyyy-mm-dd hh:mm']]);
    });
  });

  it('refuses an array that does not fit the range, with Excel’s message', async () => {
    const xl = createExcelEmulator();
    const err = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [[1, 2]];
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('InvalidArgument');
    expect(err.message).toBe(
      "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
    );
    expect(xl.workbook.values('Sheet1')).toEqual([]);
  });

  it('leaves a cell given null, clears one given "", resets a format given "", refuses null for the property', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [['keep', 'clear', 5]], 'Sheet1');
    await xl.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C1');
      range.values = [[null, '', null]];
      range.numberFormat = [[null, null, '0.00']];
      await ctx.sync();
      range.numberFormat = [[null, null, '']];
      await ctx.sync();
    });
    expect(xl.workbook.values('Sheet1')).toEqual([['keep', '', 5]]);
    expect(xl.workbook.numberFormats('Sheet1')).toEqual([['General', 'General', 'General']]);
    const err = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = null as never;
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('InvalidArgument');
  });

  it('reports a font property as null where the cells differ', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1').format.font.bold = true;
      const one = ws.getRange('A1').load('format/font/bold');
      const two = ws.getRange('A1:B1').load('format/font/bold');
      await ctx.sync();
      expect(one.format.font.bold).toBe(true);
      expect(two.format.font.bold).toBeNull();
    });
  });
});

describe('payload limits (Excel on the web) and counters', () => {
  const big = (n: number) => Array.from({ length: n }, (_, i) => [`row ${i} ${'x'.repeat(100)}`]);

  it('fails a request over 5 MB before running any of it', async () => {
    const xl = createExcelEmulator();
    const err = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A50000').values = big(50_000);
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('RequestPayloadSizeLimitExceeded');
    expect(xl.stats.log[0]!.requestBytes).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
    expect(xl.workbook.values('Sheet1')).toEqual([]);
  });

  it('fails a response over 5 MB, and lets both through on the desktop platform', async () => {
    for (const platform of ['web', 'desktop'] as const) {
      const xl = createExcelEmulator({ platform });
      xl.workbook.seed('Sheet1', big(50_000));
      const result = xl.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A50000').load('values');
        await ctx.sync();
        return r.values.length;
      });
      if (platform === 'web') expect((await failure(result)).code).toBe('ResponsePayloadSizeLimitExceeded');
      else expect(await result).toBe(50_000);
      expect(xl.stats.maxResponseBytes).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
    }
  });

  it('limits a range read to 5,000,000 cells on every platform', async () => {
    const xl = createExcelEmulator({ platform: 'desktop' });
    const err = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A:E').load('values');
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('RangeExceedsLimit');
  });

  it('records calculation suspended until the next sync', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      ctx.application.suspendApiCalculationUntilNextSync();
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
      await ctx.sync();
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [[2]];
      await ctx.sync();
    });
    expect(xl.stats.log.map((s) => s.calculationSuspended)).toEqual([true, false]);
  });
});

describe('worksheets', () => {
  it('adds, finds regardless of case, lists, hides, freezes and protects', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const data = sheets.add('Data');
      data.freezePanes.freezeRows(1);
      data.protection.protect();
      const hidden = sheets.add('_Hidden');
      hidden.visibility = 'Hidden';
      const found = sheets.getItem('data').load('name');
      sheets.load('items/name,items/visibility');
      const prot = data.protection.load('protected');
      await ctx.sync();
      expect(found.name).toBe('Data');
      expect(sheets.items.map((s) => [s.name, s.visibility])).toEqual([
        ['Sheet1', 'Visible'],
        ['Data', 'Visible'],
        ['_Hidden', 'Hidden'],
      ]);
      expect(prot.protected).toBe(true);
    });
    expect(xl.workbook.sheet('Data')).toMatchObject({ frozenRows: 1, protected: true });
    expect((await failure(xl.run(async (ctx) => void ctx.workbook.worksheets.add('DATA')))).code).toBe(
      'ItemAlreadyExists',
    );
    expect((await failure(xl.run(async (ctx) => void ctx.workbook.worksheets.add('a/b')))).code).toBe(
      'InvalidArgument',
    );
    const last = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').visibility = 'Hidden';
        ctx.workbook.worksheets.getItem('Data').visibility = 'Hidden';
        await ctx.sync();
      }),
    );
    expect(last.code).toBe('InvalidOperation');
  });

  it('selects a range and reports the selection and the active cell', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [['a']]);
    await xl.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('B3:D3').select();
      const sel = ctx.workbook.getSelectedRange().load('address');
      const cell = ctx.workbook.getActiveCell().load('address,rowIndex');
      const ws = cell.worksheet.load('name');
      await ctx.sync();
      expect([sel.address, cell.address, cell.rowIndex, ws.name]).toEqual([
        'Data!B3:D3',
        'Data!B3',
        2,
        'Data',
      ]);
    });
    expect(xl.workbook.activeSheet()).toBe('Data');
  });

  it('adds a chart over a range', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [
      ['k', 'v'],
      ['a', 1],
    ]);
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.charts.add('ColumnClustered', ws.getRange('A1:B2'), 'Auto');
      const charts = ws.charts.load('items/name,items/chartType');
      await ctx.sync();
      expect(charts.items.map((c) => [c.name, c.chartType])).toEqual([['Chart 1', 'ColumnClustered']]);
    });
  });

  it('reads a chart source by column into series, and sets title, legend, position, size and X values', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [
      ['Supplier', 'Orders', 'Amount'],
      ['Acme', 2, 10],
      ['Brightline', 3, 20],
    ]);
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      const chart = ws.charts.add('BarStacked', ws.getRange('A1:C3'), 'Columns');
      chart.name = 'Mine';
      chart.title.text = 'Orders';
      chart.legend.visible = false;
      chart.setPosition('E2');
      chart.width = 450;
      chart.height = 240;
      const single = ws.charts.add('Pie', ws.getRange('C1:C3'), 'Columns');
      single.series.getItemAt(0).setXAxisValues(ws.getRange('A2:A3'));
      await ctx.sync();
      ws.charts.getItemAt(1).delete();
      const names = ws.charts.load('items/name');
      await ctx.sync();
      expect(names.items.map((c) => c.name)).toEqual(['Mine']);
    });
    expect(xl.workbook.charts('Data')).toEqual([
      {
        id: expect.any(String),
        name: 'Mine',
        chartType: 'BarStacked',
        source: 'Data!A1:C3',
        seriesBy: 'Columns',
        series: [
          { name: 'Orders', values: 'Data!B2:B3', xValues: 'Data!A2:A3' },
          { name: 'Amount', values: 'Data!C2:C3', xValues: 'Data!A2:A3' },
        ],
        title: 'Orders',
        legendVisible: false,
        anchor: { row: 1, col: 4 },
        width: 450,
        height: 240,
      },
    ]);
  });
});

describe('inserting and deleting rows', () => {
  it('moves the cells, validation, tables and chart anchors below, and refuses to cut a table in part', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [['Report'], ['End'], [''], ['Note']]);
    xl.workbook.seed('Data', [['ID'], ['A-1']], { at: 'A6', table: 'tblData' });
    xl.workbook.addChart('Data', 'A4', 'C4');
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('3:4').insert('Down');
      await ctx.sync();
    });
    expect(xl.workbook.values('Data').map((r) => r[0])).toEqual([
      'Report',
      'End',
      '',
      '',
      '',
      'Note',
      '',
      'ID',
      'A-1',
    ]);
    expect(xl.workbook.table('tblData')?.address).toBe('Data!A8:A9');
    expect(xl.workbook.charts('Data')[0]!.anchor).toEqual({ row: 5, col: 2 });
    await xl.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('2:4').delete('Up');
      await ctx.sync();
    });
    expect(xl.workbook.values('Data').map((r) => r[0])).toEqual(['Report', '', 'Note', '', 'ID', 'A-1']);
    expect(xl.workbook.table('tblData')?.address).toBe('Data!A5:A6');
    expect(xl.workbook.charts('Data')[0]!.anchor).toEqual({ row: 2, col: 2 });
    const e = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Data').getRange('A1:B2').insert('Down');
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('InvalidOperation');
    expect(e.message).toMatch(/shift cells in a table/);
  });

  it('sets font size and column widths, reads them back, and clear("All") removes the size', async () => {
    const xl = createExcelEmulator();
    withSheet(xl, [['Title', 'x']]);
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('A1').format.font.size = 14;
      ws.getRange('B:C').format.columnWidth = 60;
      const a = ws.getRange('A1').format.font.load('size');
      const widths = ws.getRange('B:C').format.load('columnWidth');
      const mixed = ws.getRange('A:B').format.load('columnWidth');
      await ctx.sync();
      expect([a.size, widths.columnWidth, mixed.columnWidth]).toEqual([14, 60, null]);
      ws.getRange('A1').clear('All');
      const after = ws.getRange('A1').format.font.load('size');
      await ctx.sync();
      expect(after.size).toBe(11);
    });
    expect(xl.workbook.columnWidths('Data')).toEqual(
      new Map([
        [1, 60],
        [2, 60],
      ]),
    );
  });
});

describe('tables', () => {
  it('makes a table of a header row with one empty row, which the first added row fills', async () => {
    const xl = createExcelEmulator();
    await xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      const head = ws.getRange('A1:C1');
      head.values = [['ID', 'Name', 'Name']];
      const t = ws.tables.add(head, true);
      t.name = 'tblPeople';
      const body = t.getDataBodyRange().load('address');
      const rows = t.rows.load('count');
      await ctx.sync();
      expect([body.address, rows.count]).toEqual(['Sheet1!A2:C2', 0]);
      const added = t.rows.add(undefined, [
        ['P-1', 'Ann', 'x'],
        ['P-2', 'Bob', 'y'],
      ]);
      const header = t.getHeaderRowRange().load('values');
      const all = t.getDataBodyRange().load('values');
      const first = added.getRange().load('address');
      t.rows.load('count');
      await ctx.sync();
      // Excel keeps column names unique: the second "Name" is "Name2".
      expect(header.values).toEqual([['ID', 'Name', 'Name2']]);
      expect(all.values).toEqual([
        ['P-1', 'Ann', 'x'],
        ['P-2', 'Bob', 'y'],
      ]);
      expect(first.address).toBe('Sheet1!A2:C2');
      expect(t.rows.count).toBe(2);
    });
    expect(xl.workbook.table('tblPeople')).toMatchObject({ address: 'Sheet1!A1:C3', rows: 2 });
  });

  it('adds a named column where asked, moving the cells of the table’s rows only', async () => {
    const xl = createExcelEmulator();
    xl.workbook.seed(
      'Data',
      [
        ['ID', 'Version'],
        ['A', 1],
      ],
      { table: 'tblData' },
    );
    xl.workbook.seed('Data', [['outside']], { at: 'B5' });
    await xl.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('tblData');
      t.columns.add(1, undefined, 'Name');
      t.columns.add(undefined, undefined, 'Version');
      const cols = t.columns.load('items/name');
      await ctx.sync();
      expect(cols.items.map((c) => c.name)).toEqual(['ID', 'Name', 'Version', 'Version2']);
    });
    expect(xl.workbook.values('Data')).toEqual([
      ['ID', 'Name', 'Version', 'Version2'],
      ['A', '', 1, ''],
      ['', '', '', ''],
      ['', '', '', ''],
      ['', 'outside', '', ''],
    ]);
  });

  it('grows when rows are written right below it, refuses to overlap another, checks names', async () => {
    const xl = createExcelEmulator();
    xl.workbook.seed('Data', [['ID'], ['A']], { table: 'tblData' });
    await xl.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('tblData');
      t.getDataBodyRange().getLastRow().getOffsetRange(1, 0).values = [['B']];
      await ctx.sync();
    });
    expect(xl.workbook.table('tblData')?.rows).toBe(2);
    const overlap = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Data').tables.add('A2:B4', true);
        await ctx.sync();
      }),
    );
    expect(overlap.code).toBe('MergedRangeConflict');
    const badName = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.tables.getItem('tblData').name = 'A1';
        await ctx.sync();
      }),
    );
    expect(badName.code).toBe('InvalidArgument');
  });

  it('lists the tables of the workbook with their worksheet', async () => {
    const xl = createExcelEmulator();
    xl.workbook.seed('One', [['a'], [1]], { table: 'tblOne' });
    xl.workbook.seed('Two', [['b'], [2]], { table: 'tblTwo' });
    await xl.run(async (ctx) => {
      const tables = ctx.workbook.tables.load('items/name,items/worksheet/name');
      await ctx.sync();
      expect(tables.items.map((t) => [t.name, t.worksheet.name])).toEqual([
        ['tblOne', 'One'],
        ['tblTwo', 'Two'],
      ]);
    });
  });
});

describe('data validation', () => {
  it('sets one list rule per range, grows it with the table, and never checks API writes', async () => {
    const xl = createExcelEmulator();
    xl.workbook.seed('Data', [['Status'], ['Open']], { table: 'tblData' });
    xl.workbook.seed('Lists', [['Open'], ['Done']]);
    await xl.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('tblData');
      const body = t.columns.getItemAt(0).getDataBodyRange();
      body.dataValidation.rule = {
        list: { inCellDropDown: true, source: ctx.workbook.worksheets.getItem('Lists').getRange('A1:A2') },
      };
      body.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'No', message: 'Pick one' };
      t.rows.add(undefined, [['Whatever']]);
      const dv = ctx.workbook.worksheets.getItem('Data').getRange('A2:A3').dataValidation.load('type,rule');
      await ctx.sync();
      expect(dv.type).toBe('List');
      expect(dv.rule.list).toEqual({ inCellDropDown: true, source: '=Lists!$A$1:$A$2' });
    });
    expect(xl.workbook.values('Data')).toEqual([['Status'], ['Open'], ['Whatever']]);
    const twoRules = await failure(
      xl.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Data').getRange('B2').dataValidation.rule = {
          list: { inCellDropDown: true, source: 'a,b' },
          wholeNumber: { formula1: 0, operator: 'GreaterThan' },
        };
        await ctx.sync();
      }),
    );
    expect(twoRules.code).toBe('InvalidArgument');
    await xl.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('A3').dataValidation.clear();
      await ctx.sync();
    });
    expect(xl.workbook.validation('Data', 'A2')).toBeDefined();
    expect(xl.workbook.validation('Data', 'A3')).toBeUndefined();
  });
});
