/**
 * The Excel host against the Excel JS emulator (Excel on the web): syncs per operation that do not grow
 * with rows, payload sizes, paged reads and split writes past the 5 MB limit, plain sheets, people's own
 * formats and formulas, and what "Set up register" builds in Excel.
 */
import { describe, expect, it } from 'vitest';
import type { RecordOut } from '../../src/core/records';
import { ExcelDocument } from '../../src/hosts/excel';
import { importRecords } from '../../src/service/register';
import { dispatchAsync } from '../../src/service/rpc';
import { runAsync } from '../../src/service/use-case';
import { createExcelEmulator, type ExcelEmulator, type ExcelEmulatorOptions } from '../fakes/excel';
import { seedPurchaseOrders } from './seed';

const NOW = Date.parse('2026-03-29T09:30:00Z');
const USER = 'anna.ferri@backoffice.example';

function open(opts: ExcelEmulatorOptions = {}, budget?: number): { xl: ExcelEmulator; doc: ExcelDocument } {
  const xl = createExcelEmulator(opts);
  const doc = new ExcelDocument({
    run: xl.run,
    user: USER,
    timeZone: 'Europe/Rome',
    locale: 'en_US',
    now: () => NOW,
    ...(budget ? { payloadBudgetBytes: budget } : {}),
  });
  return { xl, doc };
}

async function ok<T>(doc: ExcelDocument, method: string, request: unknown): Promise<T> {
  const reply = await dispatchAsync(doc, method, request);
  if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

async function withSuppliers(doc: ExcelDocument): Promise<void> {
  await ok(doc, 'setupRegister', {});
  for (let i = 1; i <= 12; i++)
    await ok(doc, 'createRecord', {
      table: 'Suppliers',
      values: { Name: `Supplier ${i}`, Email: `s${i}@s.example` },
    });
}

interface Figures {
  syncs: number;
  commands: number;
  requestBytes: number;
  responseBytes: number;
}

const OPS: [string, string, (rows: number) => unknown][] = [
  [
    'create',
    'createRecord',
    () => ({
      table: 'Purchase Orders',
      values: { Supplier: 'SUP-0001', Description: 'New', Amount: 5, 'Expected delivery': '2026-12-31' },
    }),
  ],
  [
    'update',
    'updateRecord',
    (n) => ({
      table: 'Purchase Orders',
      id: `PO-${String(Math.ceil(n / 2)).padStart(4, '0')}`,
      version: 1,
      values: { Status: 'Delivered', 'Delivered on': '2026-06-01' },
    }),
  ],
  ['get', 'getRecord', () => ({ table: 'Purchase Orders', id: 'PO-0001' })],
  ['list', 'listRecords', () => ({ table: 'Purchase Orders', where: ['Status=Ordered'] })],
  ['go to row', 'selectRecord', () => ({ table: 'Purchase Orders', id: 'PO-0001' })],
  ['selected row', 'selectedRecord', () => ({})],
];

async function measure(rows: number): Promise<Record<string, Figures>> {
  const { xl, doc } = open();
  await withSuppliers(doc);
  seedPurchaseOrders(xl, rows);
  const out: Record<string, Figures> = {};
  for (const [name, method, request] of OPS) {
    xl.stats.reset();
    await ok(doc, method, request(rows));
    out[name] = {
      syncs: xl.stats.syncs,
      commands: xl.stats.actions,
      requestBytes: xl.stats.maxRequestBytes,
      responseBytes: xl.stats.maxResponseBytes,
    };
  }
  return out;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('syncs per operation', () => {
  it('are the same at 100, 1,000 and 10,000 rows: one read per batch of sheets, one write', async () => {
    const sizes = [100, 1_000, 10_000];
    const figures = await Promise.all(sizes.map(measure));
    const lines = OPS.map(([name]) =>
      [
        name.padEnd(13),
        ...figures.map((f) => `${f[name]!.syncs} syncs / ${String(f[name]!.commands).padStart(2)} commands`),
        `largest response at 10,000 rows ${kb(figures[2]![name]!.responseBytes)}, request ${kb(figures[2]![name]!.requestBytes)}`,
      ].join('  '),
    );
    console.log(`Excel host, syncs per operation at ${sizes.join(' / ')} rows:\n${lines.join('\n')}`);
    for (const [name] of OPS) {
      expect(figures[1]![name]!.syncs, name).toBe(figures[0]![name]!.syncs);
      expect(figures[2]![name]!.syncs, name).toBe(figures[0]![name]!.syncs);
      expect(figures[2]![name]!.commands, name).toBe(figures[0]![name]!.commands);
    }
    // Names, Setup, the tables, the write; reads skip the write; navigation adds its own call.
    expect(Object.fromEntries(OPS.map(([name]) => [name, figures[0]![name]!.syncs]))).toEqual({
      create: 4,
      update: 4,
      get: 3,
      list: 3,
      'go to row': 4,
      'selected row': 4,
    });
    // 10,000 orders of this shape still come back in one response, under the 4 MB budget.
    expect(figures[2]!.list!.responseBytes).toBeLessThan(4_000_000);
  }, 60_000);

  it('writes the whole starter register with sample data in one sync, after one to list the sheets', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', { sample: true });
    const write = xl.stats.log[xl.stats.log.length - 1]!;
    console.log(
      `Excel host, Set up register with sample data: ${xl.stats.syncs} syncs, the write ${write.actions} commands, ${kb(write.requestBytes)} request`,
    );
    // A new workbook has no Setup and no tables to read: the names, then the write.
    expect(xl.stats.syncs).toBe(2);
    expect(write.calculationSuspended).toBe(true);
  });
});

describe('payloads past Excel on the web’s limit', () => {
  // A 300 KB limit stands in for 5 MB so the tests stay small; the host keeps to a 200 KB budget.
  const LIMIT = 300_000;
  const BUDGET = 200_000;

  it('pages a read Excel refuses, then pages it at once the next time', async () => {
    const { xl, doc } = open({ payloadLimitBytes: LIMIT }, BUDGET);
    await withSuppliers(doc);
    seedPurchaseOrders(xl, 2_000);
    xl.stats.reset();
    const list = await ok<{ total: number }>(doc, 'listRecords', {
      table: 'Purchase Orders',
      where: ['Status=Ordered'],
    });
    expect(list.total).toBe(1_334);
    const refused = xl.stats.log.filter((s) => s.error);
    expect(refused.map((s) => s.error)).toEqual(['ResponsePayloadSizeLimitExceeded']);
    expect(xl.stats.log.every((s) => s.error || s.responseBytes <= LIMIT)).toBe(true);
    const firstTime = xl.stats.syncs;

    xl.stats.reset();
    const last = await ok<RecordOut>(doc, 'getRecord', { table: 'Purchase Orders', id: 'PO-2000' });
    expect(last.values).toMatchObject({ Description: 'Item 2000', 'Ordered on': '2026-01-21' });
    expect(xl.stats.log.filter((s) => s.error)).toEqual([]);
    // Names, Setup, the extents, then pages sized from what the first read measured.
    const pages = xl.stats.log.slice(3);
    // Each page group is sized to the budget from a sample of rows: near it, well within the limit.
    expect(pages.every((s) => s.responseBytes <= BUDGET * 1.05)).toBe(true);
    expect(xl.stats.syncs).toBeLessThan(firstTime);
    console.log(
      `Excel host, a 2,000-row read (${kb(pages.reduce((n, s) => n + s.responseBytes, 0))}) over a ${kb(LIMIT)} limit: ` +
        `${xl.stats.syncs} syncs (${firstTime} the first time, one of them refused)`,
    );
  });

  it('reads what the desktop reads, page by page', async () => {
    const web = open({ payloadLimitBytes: LIMIT }, BUDGET);
    const desktop = open({ platform: 'desktop' });
    for (const { xl, doc } of [web, desktop]) {
      await withSuppliers(doc);
      seedPurchaseOrders(xl, 1_500);
    }
    const request = { table: 'Purchase Orders', limit: 5000 };
    expect(await ok(web.doc, 'listRecords', request)).toEqual(await ok(desktop.doc, 'listRecords', request));
  });

  it('splits a write larger than the budget into several syncs, each within the limit', async () => {
    const { xl, doc } = open({ payloadLimitBytes: LIMIT }, BUDGET);
    await withSuppliers(doc);
    const rows = Array.from({ length: 3_000 }, (_, i) => ({
      Supplier: 'SUP-0001',
      Description: `Imported ${i + 1} ${'x'.repeat(40)}`,
      Amount: i + 1,
      'Expected delivery': '2026-12-31',
    }));
    xl.stats.reset();
    await runAsync(doc, importRecords('Purchase Orders', rows));
    const writes = xl.stats.log.filter((s) => s.requestBytes > 10_000);
    expect(writes.length).toBeGreaterThan(1);
    expect(xl.stats.log.every((s) => !s.error && s.requestBytes <= LIMIT)).toBe(true);
    expect(writes.every((s) => s.calculationSuspended)).toBe(true);
    const table = xl.workbook.tableRows('tblPurchaseOrders');
    expect(table).toHaveLength(3_000);
    expect(table[2_999]!.slice(0, 3)).toEqual(['PO-3000', 'SUP-0001', `Imported 3000 ${'x'.repeat(40)}`]);
  });
});

describe('the register in Excel tables', () => {
  it('sets up tables with frozen bold headers, dropdowns, a hidden counter sheet and no formulas', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', { sample: true });
    const wb = xl.workbook;
    expect(wb.table('tblPurchaseOrders')).toMatchObject({
      sheet: 'Purchase Orders',
      address: "'Purchase Orders'!A1:O51",
      rows: 50,
    });
    expect(wb.sheet('Purchase Orders').frozenRows).toBe(1);
    expect(wb.cell('Purchase Orders', 'A1')?.bold).toBe(true);
    expect(wb.sheet('_Register').visibility).toBe('Hidden');
    const header = wb.table('tblPurchaseOrders')!.columns;
    const col = (name: string) => String.fromCharCode(65 + header.indexOf(name));
    expect(wb.validation('Purchase Orders', `${col('Supplier')}40`)).toEqual({
      list: { inCellDropDown: true, source: '=INDIRECT("tblSuppliers[ID]")' },
    });
    expect(wb.validation('Purchase Orders', `${col('Currency')}51`)?.list).toMatchObject({
      source: expect.stringContaining('EUR'),
    });
    expect(wb.formulaCount()).toBe(0);
    // Set up again: nothing to change, and still one table per sheet.
    const again = await ok<{ changes: string[] }>(doc, 'setupRegister', {});
    expect(again.changes).toEqual([]);
    expect(wb.tables().filter((t) => t.sheet === 'Purchase Orders')).toHaveLength(1);
  });

  it('writes long choice lists to the hidden _Lists sheet', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', {});
    const setup = xl.workbook.values('Setup');
    const row = setup.findIndex((r) => r[0] === 'Tasks' && r[1] === 'Status') + 1;
    const choices = Array.from({ length: 40 }, (_, i) => `Stage ${i + 1} of the long approval path`);
    xl.workbook.type('Setup', `E${row}`, choices.join(', '));
    await ok(doc, 'setupRegister', {});
    expect(xl.workbook.sheet('_Lists').visibility).toBe('Hidden');
    expect(xl.workbook.values('_Lists').map((r) => r[0])).toEqual(['Tasks.Status', ...choices]);
    const header = xl.workbook.table('tblTasks')!.columns;
    const status = String.fromCharCode(65 + header.indexOf('Status'));
    expect(xl.workbook.validation('Tasks', `${status}2`)?.list).toEqual({
      inCellDropDown: true,
      source: "='_Lists'!$A$2:$A$41",
    });
  });

  it('keeps a person’s formula and formats, and writes only the cells that change', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', { sample: true });
    await xl.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('tblPurchaseOrders');
      t.columns.add(9, undefined, 'My check');
      const ws = ctx.workbook.worksheets.getItem('Purchase Orders');
      ws.getRange('J2').formulas = [['=HYPERLINK("https://example.com","look")']];
      ws.getRange('G2').numberFormat = [['dd/mm/yyyy']];
      ws.getRange('D2').numberFormat = [['#,##0.00']];
      await ctx.sync();
    });
    await ok(doc, 'updateRecord', {
      table: 'Purchase Orders',
      id: 'PO-0001',
      version: 1,
      values: {
        Status: 'Cancelled',
        Owner: 'ben@backoffice.example',
        'Expected delivery': '2026-05-01',
        Amount: 10,
      },
    });
    const wb = xl.workbook;
    expect(wb.cell('Purchase Orders', 'J2')?.f).toBe('=HYPERLINK("https://example.com","look")');
    expect(wb.cell('Purchase Orders', 'G2')?.nf).toBe('dd/mm/yyyy');
    expect(wb.cell('Purchase Orders', 'D2')).toMatchObject({ v: 10, nf: '#,##0.00' });
    const got = await ok<RecordOut>(doc, 'getRecord', { table: 'Purchase Orders', id: 'PO-0001' });
    expect(got.values).toMatchObject({ Status: 'Cancelled', 'Expected delivery': '2026-05-01', Amount: 10 });
  });

  it('works on a sheet whose table was converted to a range, and Set up register makes it a table again', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', { sample: true });
    xl.workbook.convertToRange('tblPurchaseOrders');
    const created = await ok<RecordOut>(doc, 'createRecord', {
      table: 'Purchase Orders',
      values: {
        Supplier: 'SUP-0001',
        Description: 'On a plain sheet',
        Amount: 3,
        'Expected delivery': '2026-12-31',
      },
    });
    expect(created.id).toBe('PO-0051');
    expect(xl.workbook.values('Purchase Orders')[51]!.slice(0, 3)).toEqual([
      'PO-0051',
      'SUP-0001',
      'On a plain sheet',
    ]);
    await ok(doc, 'setupRegister', {});
    expect(xl.workbook.table('tblPurchaseOrders')).toMatchObject({
      address: "'Purchase Orders'!A1:O52",
      rows: 51,
    });
    const updated = await ok<RecordOut>(doc, 'updateRecord', {
      table: 'Purchase Orders',
      id: 'PO-0051',
      version: 1,
      values: { Status: 'Delivered', 'Delivered on': '2027-01-02' },
    });
    expect(updated.version).toBe(2);
  });

  it('reports the row under the cursor relative to the register table', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', { sample: true });
    xl.workbook.select('Purchase Orders', 'C4');
    expect(await ok(doc, 'selectedRecord', {})).toEqual({ table: 'Purchase Orders', id: 'PO-0003' });
    xl.workbook.select('Setup', 'A2');
    expect(await ok(doc, 'selectedRecord', {})).toBeNull();
    expect(doc.env()).toMatchObject({ user: USER, timeZone: 'Europe/Rome', capabilities: ['navigation'] });
  });

  it('tells the person to try again when the workbook changed under an operation', async () => {
    const { xl, doc } = open();
    await ok(doc, 'setupRegister', { sample: true });
    await doc.sheetNames();
    // The sheet disappears between this operation's first and second sync (a co-author deleted it).
    const run = xl.run;
    let calls = 0;
    const flaky = new ExcelDocument({
      run: async (batch) => {
        calls += 1;
        if (calls === 2) xl.workbook.deleteSheet('Purchase Orders');
        return run(batch);
      },
      user: USER,
      timeZone: 'UTC',
    });
    const reply = await dispatchAsync(flaky, 'getRecord', { table: 'Purchase Orders', id: 'PO-0001' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('busy');
      expect(reply.error.message).toMatch(/workbook changed/);
      expect(reply.error.details).toEqual({ excel: 'ItemNotFound' });
    }
  });
});

describe('summary sheets', () => {
  it('writes a report too long for one request in chunks of rows, each sync within the limit', async () => {
    const LIMIT = 300_000;
    const { xl, doc } = open({ payloadLimitBytes: LIMIT }, 200_000);
    await withSuppliers(doc);
    const rows = Array.from({ length: 1_500 }, (_, i) => ({
      Supplier: 'SUP-0001',
      Description: `Line ${i + 1} ${'y'.repeat(200)}`,
      Amount: i + 1,
      'Expected delivery': '2026-12-31',
    }));
    await runAsync(doc, importRecords('Purchase Orders', rows));
    await ok(doc, 'createRecord', {
      table: 'Reports',
      values: {
        Name: 'Orders by description',
        Table: 'Purchase Orders',
        'Group by': 'Description',
        Measures: 'count',
      },
    });
    xl.stats.reset();
    await ok(doc, 'buildSummaries', { report: 'Orders by description' });
    const writes = xl.stats.log.filter((s) => s.requestBytes > 10_000);
    // The reads page past the response limit as ever; the report's own write goes out in several requests.
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.every((s) => !s.error && s.requestBytes <= LIMIT)).toBe(true);
    const values = xl.workbook.values('Orders by description');
    expect(values.filter((r) => String(r[0]).startsWith('Line '))).toHaveLength(1_500);
    expect(values.find((r) => r[0] === 'Total')?.[1]).toBe(1_500);
  });
});

describe('filtered reads: only the rows of some records (a mail’s step)', () => {
  const ids = ['PO-0007', 'PO-0008', 'PO-0009', 'PO-1500'];
  const filter = { sheet: 'Purchase Orders', column: 'ID', keys: ids };

  async function register(rows: number, budget?: number) {
    const { xl, doc } = open({}, budget);
    await withSuppliers(doc);
    seedPurchaseOrders(xl, rows);
    await doc.sheetNames();
    return { xl, doc };
  }

  it('reads a large table whole the first time, then its key column and the wanted rows only', async () => {
    const { xl, doc } = await register(2_000);
    xl.stats.reset();
    const whole = (await doc.read(['Purchase Orders', 'Suppliers'], [filter])).get('Purchase Orders')!;
    // Not measured yet: read whole, in the read's one sync, and sized.
    expect(whole.rows).toHaveLength(2_000);
    expect(xl.stats.syncs).toBe(1);

    await doc.sheetNames();
    xl.stats.reset();
    const tables = await doc.read(['Purchase Orders', 'Suppliers'], [filter]);
    const got = tables.get('Purchase Orders')!;
    expect(got.header).toEqual(whole.header);
    const idAt = whole.header.indexOf('ID');
    expect(got.rows).toEqual(whole.rows.filter((r) => ids.includes(String(r[idAt]))));
    expect(tables.get('Suppliers')!.rows).toHaveLength(12);
    // The other sheets whole; the header and count; the key column; the rows (PO-0007..9 as one range).
    expect(xl.stats.syncs).toBe(4);
    const [, , keys, rows] = xl.stats.log;
    expect(keys!.responseBytes).toBeLessThan(2_000 * 16);
    expect(rows!.actions).toBeLessThan(10);
    expect(rows!.responseBytes).toBeLessThan(3_000);
    expect(xl.stats.maxResponseBytes).toBeLessThan(whole.rows.length * 50);
  });

  it('reads a small table whole, in the read’s one sync', async () => {
    const { xl, doc } = await register(50);
    await doc.read(['Purchase Orders'], [filter]);
    await doc.sheetNames();
    xl.stats.reset();
    expect((await doc.read(['Purchase Orders'], [filter])).get('Purchase Orders')!.rows).toHaveLength(50);
    expect(xl.stats.syncs).toBe(1);
  });

  it('finds the key column wherever a person moved it, and pages it within the budget', async () => {
    const xl = createExcelEmulator();
    // A small table, filtered all the same, with a budget of 100 key cells a page.
    const doc = new ExcelDocument({
      run: xl.run,
      user: USER,
      payloadBudgetBytes: 6_400,
      filterAboveBytes: 0,
    });
    xl.workbook.seed(
      'Things',
      [['Name', 'Size', 'ID'], ...Array.from({ length: 450 }, (_, i) => [`Thing ${i}`, i, `T-${i}`])],
      { table: 'tblThings' },
    );
    await doc.sheetNames();
    await doc.read(['Things']);
    await doc.sheetNames();
    xl.stats.reset();
    const got = (
      await doc.read(['Things'], [{ sheet: 'Things', column: 'id', keys: ['T-3', 'T-449', 'T-9'] }])
    ).get('Things')!;
    expect(got.rows).toEqual([
      ['Thing 3', 3, 'T-3'],
      ['Thing 9', 9, 'T-9'],
      ['Thing 449', 449, 'T-449'],
    ]);
    // The header and count; 100 key cells a page under a 6.4 KB budget, so five pages of the key
    // column, each its own sync; the rows. No other sheet is read, so no sync for them.
    expect(xl.stats.syncs).toBe(1 + 5 + 1);
    expect(xl.stats.log.every((s) => s.responseBytes <= 6_400)).toBe(true);
  });

  it('gives the header and no rows when no row matches, or the key column is gone', async () => {
    const { xl, doc } = await register(2_000);
    await doc.read(['Purchase Orders']);
    for (const f of [
      { ...filter, keys: ['PO-9999'] },
      { ...filter, column: 'Number' },
    ]) {
      await doc.sheetNames();
      xl.stats.reset();
      const got = (await doc.read(['Purchase Orders'], [f])).get('Purchase Orders')!;
      expect(got.header).toContain('Description');
      expect(got.rows).toEqual([]);
    }
  });
});
