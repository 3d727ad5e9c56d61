import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterError } from '../../src/core/errors';
import { LISTS_SHEET, openLocalDocument } from '../../src/hosts/local';
import {
  createRecord,
  fetchRecord,
  findRecords,
  setupRegister,
  updateRecord,
  validateRegister,
} from '../../src/service/register';
import { runAsync } from '../../src/service/use-case';
import { copyFile } from 'node:fs/promises';
import { deadPid, FIXED, liveProcess, sha256, tempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
/** A register with the sample data, made once; tests that change it work on copies. */
let sample: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  sample = path.join(dir, 'sample.xlsx');
  await runAsync(openLocalDocument(sample, FIXED), setupRegister({ sample: true }));
});
afterAll(() => cleanup());

let copies = 0;
async function copyOfSample(): Promise<string> {
  const file = path.join(dir, `copy-${++copies}.xlsx`);
  await copyFile(sample, file);
  return file;
}

async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function columnOf(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, col) => {
    if (cell.value === header) found = col;
  });
  if (!found) throw new Error(`no column ${header} in ${ws.name}`);
  return found;
}

function rowOf(ws: ExcelJS.Worksheet, id: string): ExcelJS.Row {
  const idCol = columnOf(ws, 'ID');
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(idCol).value === id) return ws.getRow(r);
  throw new Error(`no row ${id} in ${ws.name}`);
}

async function rejection(p: Promise<unknown>): Promise<RegisterError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegisterError) return e;
    throw e;
  }
  throw new Error('expected a RegisterError');
}

describe('a new register in an .xlsx file', () => {
  it('is created with the starter sheets and sample records, and no lock or temp file is left', async () => {
    const doc = openLocalDocument(sample, FIXED);
    const names = await doc.sheetNames();
    expect(names).toEqual(
      expect.arrayContaining(['Setup', 'Suppliers', 'Purchase Orders', 'Invoices', 'Audit', '_Register']),
    );
    const list = await runAsync(doc, findRecords({ table: 'purchase orders' }));
    expect(list.total).toBe(50);
    expect(list.records[0]!.labels.Supplier).toBe('Acme Industrial Supply');
    expect(await readdir(dir)).toEqual(['sample.xlsx']);
    const check = await runAsync(doc, validateRegister());
    expect(check.problems).toEqual([]);
  });

  it('starts from a missing file as an empty workbook and writes nothing for a read', async () => {
    const file = path.join(dir, 'missing.xlsx');
    const doc = openLocalDocument(file, FIXED);
    expect(await doc.sheetNames()).toEqual([]);
    expect((await doc.read(['Setup'])).size).toBe(0);
    const err = await rejection(runAsync(doc, validateRegister()));
    expect(err.code).toBe('schema');
    expect(existsSync(file)).toBe(false);
  });

  it('writes real Excel dates and date-times, a bold frozen header, hidden system sheets and dropdowns', async () => {
    const wb = await openWorkbook(sample);
    const po = wb.getWorksheet('Purchase Orders')!;
    const row = rowOf(po, 'PO-0001');
    const ordered = row.getCell(columnOf(po, 'Ordered on'));
    expect(ordered.value).toBeInstanceOf(Date);
    expect(ordered.numFmt).toBe('yyyy-mm-dd');
    expect((ordered.value as Date).toISOString()).toMatch(/T00:00:00\.000Z$/);
    const created = row.getCell(columnOf(po, 'Created'));
    expect(created.value).toBeInstanceOf(Date);
    expect(created.numFmt).toBe('yyyy-mm-dd hh:mm');
    // 10:00 UTC is 12:00 in Rome on 2026-03-29 (CEST): the cell shows the register's wall clock.
    expect((created.value as Date).toISOString()).toBe('2026-03-29T12:00:00.000Z');
    expect(po.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(po.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.getWorksheet('_Register')!.state).toBe('hidden');
    expect(po.state).toBe('visible');
    const model = (po as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    const status = columnOf(po, 'Status');
    const letter = String.fromCharCode(64 + status);
    const statusRule = Object.entries(model).find(([k]) => k.startsWith(`${letter}2`));
    expect(statusRule?.[1].formulae[0]).toBe('"Draft,Ordered,Partially delivered,Delivered,Cancelled"');
    const supplierRule = Object.entries(model).find(([k]) =>
      k.startsWith(`${String.fromCharCode(64 + columnOf(po, 'Supplier'))}2`),
    );
    expect(supplierRule?.[1].formulae[0]).toBe("'Suppliers'!$A$2:$A$10000");
  });

  it('reads dates back as the same YYYY-MM-DD in any time zone of the process', async () => {
    const doc = openLocalDocument(sample, { ...FIXED, timeZone: 'Pacific/Auckland' });
    const rec = await runAsync(doc, fetchRecord({ table: 'Purchase Orders', id: 'PO-0001' }));
    const list = await runAsync(
      openLocalDocument(sample, FIXED),
      fetchRecord({ table: 'Purchase Orders', id: 'PO-0001' }),
    );
    expect(rec.values['Ordered on']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rec.values['Ordered on']).toBe(list.values['Ordered on']);
    expect(rec.created).toBe('2026-03-29 12:00:00');
  });
});

describe('records in the file', () => {
  it('creates, updates, gets and lists, with versions and conflicts', async () => {
    const file = await copyOfSample();
    const doc = openLocalDocument(file, FIXED);
    const po = await runAsync(
      doc,
      createRecord({
        table: 'Purchase Orders',
        values: {
          Supplier: 'Cobalt IT Services',
          Description: 'Spare disks',
          Amount: '1,250.50',
          'Expected delivery': '2026-04-15',
        },
      }),
    );
    expect(po).toMatchObject({
      id: 'PO-0051',
      version: 1,
      values: { Supplier: 'SUP-0003', Amount: 1250.5, 'Ordered on': '2026-03-29' },
    });
    const up = await runAsync(
      doc,
      updateRecord({
        table: 'Purchase Orders',
        id: 'PO-0051',
        version: 1,
        values: { Status: 'Delivered', 'Delivered on': '2026-04-02' },
      }),
    );
    expect(up.version).toBe(2);
    const stale = await rejection(
      runAsync(
        doc,
        updateRecord({
          table: 'Purchase Orders',
          id: 'PO-0051',
          version: 1,
          values: { Status: 'Cancelled' },
        }),
      ),
    );
    expect(stale.code).toBe('conflict');

    const fresh = openLocalDocument(file, FIXED);
    const got = await runAsync(fresh, fetchRecord({ table: 'purchase orders', id: 'po-0051' }));
    expect(got).toMatchObject({
      version: 2,
      values: { Status: 'Delivered', 'Delivered on': '2026-04-02', Amount: 1250.5 },
    });
    const list = await runAsync(
      fresh,
      findRecords({ table: 'Purchase Orders', where: ['Supplier=Cobalt IT Services', 'Status=Delivered'] }),
    );
    expect(list.records.map((r) => r.id)).toContain('PO-0051');
    const audit = (await fresh.read(['Audit'])).get('Audit')!;
    expect(audit.rows.map((r) => r[3])).toEqual(expect.arrayContaining(['PO-0051']));
    const wb = await openWorkbook(file);
    const delivered = rowOf(wb.getWorksheet('Purchase Orders')!, 'PO-0051').getCell(
      columnOf(wb.getWorksheet('Purchase Orders')!, 'Delivered on'),
    );
    expect(delivered.value).toEqual(new Date('2026-04-02T00:00:00Z'));
  });

  it('reads the file once, and again only when another program changed it', async () => {
    const file = await copyOfSample();
    const doc = openLocalDocument(file, FIXED);
    await runAsync(doc, findRecords({ table: 'Purchase Orders' }));
    expect(doc.counts).toEqual({ loads: 1, saves: 0 });
    await runAsync(
      doc,
      createRecord({ table: 'Suppliers', values: { Name: 'Zeta', Email: 'z@zeta.example' } }),
    );
    // What was saved is what is in memory: reading it back needs no parse.
    expect((await runAsync(doc, fetchRecord({ table: 'Suppliers', id: 'SUP-0013' }))).values.Name).toBe(
      'Zeta',
    );
    expect(doc.counts).toEqual({ loads: 1, saves: 1 });
    const other = openLocalDocument(file, FIXED);
    await runAsync(
      other,
      createRecord({ table: 'Suppliers', values: { Name: 'Eta', Email: 'e@eta.example' } }),
    );
    expect((await runAsync(doc, fetchRecord({ table: 'Suppliers', id: 'SUP-0014' }))).values.Name).toBe(
      'Eta',
    );
    expect(doc.counts).toEqual({ loads: 2, saves: 1 });
  });

  it('serialises two programs changing the register at once (distinct IDs, nothing lost)', async () => {
    const file = await copyOfSample();
    const a = openLocalDocument(file, FIXED);
    const b = openLocalDocument(file, FIXED);
    const add = (doc: typeof a, name: string) =>
      runAsync(doc, createRecord({ table: 'Suppliers', values: { Name: name, Email: `${name}@x.example` } }));
    const [x, y] = await Promise.all([add(a, 'one'), add(b, 'two')]);
    expect(new Set([x.id, y.id])).toEqual(new Set(['SUP-0013', 'SUP-0014']));
    const all = await runAsync(
      openLocalDocument(file, FIXED),
      findRecords({ table: 'Suppliers', where: ['Email~@x.example'] }),
    );
    expect(all.total).toBe(2);
  });
});

describe('saving is all or nothing', () => {
  it('leaves the file byte for byte unchanged when a plan fails midway', async () => {
    const file = await copyOfSample();
    const before = await sha256(file);
    const doc = openLocalDocument(file, FIXED);
    const err = await rejection(
      doc.apply({
        structure: [{ op: 'createSheet', sheet: 'Scratch', header: ['A'] }],
        writes: [
          {
            table: 'Suppliers',
            keyColumn: 'ID',
            updates: [{ key: 'SUP-0001', values: { Name: 'Changed' } }],
            appends: [],
          },
          { table: 'Suppliers', keyColumn: 'ID', updates: [], appends: [{ 'No such column': 'x' }] },
        ],
      }),
    );
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/no column "No such column"/);
    expect(await sha256(file)).toBe(before);
    expect(
      (await readdir(dir)).filter((f) => f.includes(path.basename(file)) && f !== path.basename(file)),
    ).toEqual([]);
    expect(await doc.sheetNames()).not.toContain('Scratch');
  });

  it('refuses to save over a file another program replaced meanwhile', async () => {
    const file = await copyOfSample();
    const doc = openLocalDocument(file, FIXED);
    const err = await rejection(
      doc.withLock(async () => {
        await doc.sheetNames();
        // Another program (Excel, which ignores our lock) saves the file.
        await copyFile(sample, `${file}.other`);
        const { rename } = await import('node:fs/promises');
        await rename(`${file}.other`, file);
        await doc.apply({ structure: [{ op: 'createSheet', sheet: 'Late', header: ['A'] }], writes: [] });
      }),
    );
    expect(err.code).toBe('conflict');
    expect(await openLocalDocument(file, FIXED).sheetNames()).not.toContain('Late');
  });
});

describe('the lock file', () => {
  it('makes a second program wait, then give up with "busy", naming the holder', async () => {
    const file = await copyOfSample();
    const before = await sha256(file);
    const holder = liveProcess();
    try {
      await writeFile(
        `${file}.lock`,
        JSON.stringify({ pid: holder.pid, host: os.hostname(), since: '2026-03-29T09:59:00.000Z' }),
      );
      const doc = openLocalDocument(file, { ...FIXED, lockTimeoutMs: 300 });
      const err = await rejection(
        runAsync(
          doc,
          createRecord({ table: 'Suppliers', values: { Name: 'Late', Email: 'l@late.example' } }),
        ),
      );
      expect(err.code).toBe('busy');
      expect(err.message).toBe(
        `The register ${path.basename(file)} is being changed by another program (pid ${holder.pid} since 2026-03-29T09:59:00.000Z); try again in a moment.`,
      );
      expect(await sha256(file)).toBe(before);
      // Reading does not need the lock.
      expect((await runAsync(doc, findRecords({ table: 'Suppliers' }))).total).toBe(12);
    } finally {
      holder.stop();
    }
  });

  it('takes over a lock left by a program that died, and removes its own when done', async () => {
    const file = await copyOfSample();
    const pid = await deadPid();
    await writeFile(
      `${file}.lock`,
      JSON.stringify({ pid, host: os.hostname(), since: '2026-03-29T09:00:00.000Z' }),
    );
    const doc = openLocalDocument(file, FIXED);
    const rec = await runAsync(
      doc,
      createRecord({ table: 'Suppliers', values: { Name: 'After crash', Email: 'a@crash.example' } }),
    );
    expect(rec.id).toBe('SUP-0013');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('releases the lock when the change fails', async () => {
    const file = await copyOfSample();
    const doc = openLocalDocument(file, FIXED);
    const err = await rejection(runAsync(doc, createRecord({ table: 'Suppliers', values: { Name: '' } })));
    expect(err.code).toBe('invalid');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('what the register does not own is left as it was', () => {
  it('keeps user columns with formulas, user sheets, column widths and unknown cells through updates', async () => {
    const file = await copyOfSample();
    const wb = await openWorkbook(file);
    const po = wb.getWorksheet('Purchase Orders')!;
    const amount = columnOf(po, 'Amount');
    const mine = po.getRow(1).cellCount + 1;
    po.getRow(1).getCell(mine).value = 'Amount x2';
    const amountLetter = String.fromCharCode(64 + amount);
    const r2 = po.getRow(2);
    r2.getCell(mine).value = {
      formula: `${amountLetter}2*2`,
      result: (r2.getCell(amount).value as number) * 2,
    };
    po.getColumn(columnOf(po, 'Description')).width = 55;
    const notes = wb.addWorksheet('My notes');
    notes.getCell('A1').value = 'Remember the audit';
    notes.getCell('B2').value = { formula: 'SUM(1,2)', result: 3 };
    await wb.xlsx.writeFile(file);

    const doc = openLocalDocument(file, FIXED);
    const id = String(r2.getCell(columnOf(po, 'ID')).value);
    const current = await runAsync(doc, fetchRecord({ table: 'Purchase Orders', id }));
    await runAsync(
      doc,
      updateRecord({
        table: 'Purchase Orders',
        id,
        version: current.version,
        values: { Description: 'Changed' },
      }),
    );
    await runAsync(
      doc,
      createRecord({
        table: 'Purchase Orders',
        values: { Supplier: 'SUP-0001', Description: 'New', Amount: 1, 'Expected delivery': '2026-04-30' },
      }),
    );

    const after = await openWorkbook(file);
    const po2 = after.getWorksheet('Purchase Orders')!;
    expect(po2.getRow(1).getCell(mine).value).toBe('Amount x2');
    expect(po2.getRow(2).getCell(mine).formula).toBe(`${amountLetter}2*2`);
    expect(po2.getRow(2).getCell(columnOf(po2, 'Description')).value).toBe('Changed');
    expect(po2.getColumn(columnOf(po2, 'Description')).width).toBe(55);
    expect(after.getWorksheet('My notes')!.getCell('A1').value).toBe('Remember the audit');
    expect(after.getWorksheet('My notes')!.getCell('B2').formula).toBe('SUM(1,2)');
    // A formula cell reads as the value Excel shows.
    const snap = (await doc.read(['Purchase Orders'])).get('Purchase Orders')!;
    expect(snap.header).toContain('Amount x2');
    expect(snap.rows[0]![mine - 1]).toBe((r2.getCell(amount).value as number) * 2);
  });

  it('stores formula-looking text as text and reads it back identically', async () => {
    const file = await copyOfSample();
    const doc = openLocalDocument(file, FIXED);
    const texts = ['=1+1', '+44 20', '@SUM(A1)', '-x', '=HYPERLINK("http://evil.example","click")'];
    const ids: string[] = [];
    for (const [i, text] of texts.entries()) {
      const rec = await runAsync(
        doc,
        createRecord({ table: 'Suppliers', values: { Name: text, Email: `s${i}@x.example`, Notes: text } }),
      );
      ids.push(rec.id);
    }
    const fresh = openLocalDocument(file, FIXED);
    for (const [i, id] of ids.entries()) {
      const rec = await runAsync(fresh, fetchRecord({ table: 'Suppliers', id }));
      expect(rec.values.Name).toBe(texts[i]);
      expect(rec.values.Notes).toBe(texts[i]);
    }
    const ws = (await openWorkbook(file)).getWorksheet('Suppliers')!;
    for (const [i, id] of ids.entries()) {
      const cell = rowOf(ws, id).getCell(columnOf(ws, 'Name'));
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(texts[i]);
      expect(cell.numFmt).toBe('@');
    }
  });

  it('refuses a sheet whose header lost a column, with the schema error, and leaves the file unchanged', async () => {
    const file = await copyOfSample();
    const wb = await openWorkbook(file);
    const po = wb.getWorksheet('Purchase Orders')!;
    po.getRow(1).getCell(columnOf(po, 'Amount')).value = 'Total';
    await wb.xlsx.writeFile(file);
    const before = await sha256(file);
    const doc = openLocalDocument(file, FIXED);
    const err = await rejection(
      runAsync(
        doc,
        createRecord({
          table: 'Purchase Orders',
          values: { Supplier: 'SUP-0001', Description: 'x', Amount: 1 },
        }),
      ),
    );
    expect(err.code).toBe('schema');
    expect(err.message).toMatch(/Purchase Orders: the column "Amount" is missing from the header row/);
    expect(await sha256(file)).toBe(before);
  });

  it('repairs a deleted column by inserting it before the system columns, moving data and dropdowns with it', async () => {
    const file = await copyOfSample();
    const wb = await openWorkbook(file);
    const sup = wb.getWorksheet('Suppliers')!;
    const notesCol = columnOf(sup, 'Notes');
    const createdBefore = rowOf(sup, 'SUP-0001').getCell(columnOf(sup, 'Created')).value;
    sup.spliceColumns(notesCol, 1);
    await wb.xlsx.writeFile(file);

    const doc = openLocalDocument(file, FIXED);
    const report = await runAsync(doc, setupRegister());
    expect(report.changes).toEqual(['Suppliers: added column Notes']);
    expect(report.problems).toEqual([]);
    const after = (await openWorkbook(file)).getWorksheet('Suppliers')!;
    const header = (after.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(-6)).toEqual(['Notes', 'Created', 'Created by', 'Updated', 'Updated by', 'Version']);
    expect(rowOf(after, 'SUP-0001').getCell(columnOf(after, 'Created')).value).toEqual(createdBefore);
    const check = await runAsync(openLocalDocument(file, FIXED), validateRegister());
    expect(check.problems).toEqual([]);
    // The Status dropdown still sits on Status, not on the column that moved into its place.
    const model = (after as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    const statusLetter = String.fromCharCode(64 + columnOf(after, 'Status'));
    const onStatus = Object.entries(model).filter(([k]) => k.startsWith(`${statusLetter}2`));
    expect(onStatus.map(([, v]) => v.formulae[0])).toEqual(['"Active,On hold,Inactive"']);
  });

  it('adds a repaired column at the end when moving columns would break formulas', async () => {
    const file = await copyOfSample();
    const wb = await openWorkbook(file);
    const sup = wb.getWorksheet('Suppliers')!;
    sup.spliceColumns(columnOf(sup, 'Phone'), 1);
    // A user column of shared formulas (what Excel writes when a formula is filled down).
    const mine = sup.getRow(1).cellCount + 1;
    sup.getRow(1).getCell(mine).value = 'Terms x2';
    const letter = sup.getColumn(mine).letter;
    const terms = sup.getColumn(columnOf(sup, 'Payment terms days')).letter;
    sup.fillFormula(`${letter}2:${letter}13`, `${terms}2*2`, () => 60);
    await wb.xlsx.writeFile(file);

    const report = await runAsync(openLocalDocument(file, FIXED), setupRegister());
    expect(report.changes).toEqual(['Suppliers: added column Phone']);
    const after = (await openWorkbook(file)).getWorksheet('Suppliers')!;
    expect(columnOf(after, 'Phone')).toBe(mine + 1);
    expect(after.getCell(`${letter}3`).formula).toBe(`${terms}3*2`);
    const rec = await runAsync(
      openLocalDocument(file, FIXED),
      updateRecord({ table: 'Suppliers', id: 'SUP-0001', values: { Phone: '+39 02 1234 567' } }),
    );
    expect(rec.values.Phone).toBe('+39 02 1234 567');
  });

  it('puts a list too long for an inline dropdown on the hidden _Lists sheet', async () => {
    const file = await copyOfSample();
    const doc = openLocalDocument(file, FIXED);
    const values = Array.from({ length: 60 }, (_, i) => `Category number ${i + 1}`);
    await doc.apply({
      structure: [{ op: 'listValidation', sheet: 'Suppliers', column: 'Category', values }],
      writes: [],
    });
    const wb = await openWorkbook(file);
    const lists = wb.getWorksheet(LISTS_SHEET)!;
    expect(lists.state).toBe('hidden');
    expect(lists.getCell('A1').value).toBe('Suppliers.Category');
    expect(lists.getCell('A61').value).toBe('Category number 60');
    const sup = wb.getWorksheet('Suppliers')!;
    const model = (sup as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    const letter = String.fromCharCode(64 + columnOf(sup, 'Category'));
    const rules = Object.entries(model).filter(([k]) => k.startsWith(`${letter}2`));
    expect(rules.map(([, v]) => v.formulae[0])).toEqual(["'_Lists'!$A$2:$A$61"]);
  });
});

describe('environment', () => {
  it('takes the user from BACKOFFICE_USER and the zone from BACKOFFICE_TZ', () => {
    const saved = { user: process.env.BACKOFFICE_USER, tz: process.env.BACKOFFICE_TZ };
    try {
      process.env.BACKOFFICE_USER = 'ops@example.com';
      process.env.BACKOFFICE_TZ = 'Asia/Tokyo';
      const env = openLocalDocument(path.join(dir, 'x.xlsx')).env();
      expect(env).toMatchObject({ user: 'ops@example.com', timeZone: 'Asia/Tokyo', locale: 'en_US' });
      delete process.env.BACKOFFICE_USER;
      expect(openLocalDocument(path.join(dir, 'x.xlsx')).env().user).toMatch(
        /^[A-Za-z0-9._+-]+@localhost\.localdomain$/,
      );
      process.env.BACKOFFICE_TZ = 'Mars/Olympus';
      expect(() => openLocalDocument(path.join(dir, 'x.xlsx'))).toThrow(/not a time zone/);
    } finally {
      if (saved.user === undefined) delete process.env.BACKOFFICE_USER;
      else process.env.BACKOFFICE_USER = saved.user;
      if (saved.tz === undefined) delete process.env.BACKOFFICE_TZ;
      else process.env.BACKOFFICE_TZ = saved.tz;
    }
  });

  it('says so when the file is not a workbook', async () => {
    const file = path.join(dir, 'not-a-workbook.xlsx');
    await writeFile(file, 'Name,Email\nAcme,a@acme.example\n');
    const err = await rejection(openLocalDocument(file, FIXED).sheetNames());
    expect(err.code).toBe('usage');
    expect(err.message).toMatch(/not-a-workbook\.xlsx is not an Excel workbook/);
  });
});
