import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateToCell, fromExcel, writeCell } from '../../src/hosts/local/cell-values';
import { openLocalDocument } from '../../src/hosts/local';
import { loadWorkbook } from '../../src/hosts/local/workbook-file';
import { collapseValidations, listValidations, shiftValidations } from '../../src/hosts/local/validations';
import { setupRegister } from '../../src/service/register';
import { runAsync } from '../../src/service/use-case';
import { FIXED, tempDir } from './helpers';

describe('ExcelJS values as core cells', () => {
  it('converts every documented value shape', () => {
    expect(fromExcel(null)).toBe('');
    expect(fromExcel(undefined)).toBe('');
    expect(fromExcel(12.5)).toBe(12.5);
    expect(fromExcel(false)).toBe(false);
    expect(fromExcel('text')).toBe('text');
    expect(fromExcel(new Date('2026-03-29T00:00:00Z'))).toEqual({ date: '2026-03-29' });
    expect(fromExcel(new Date('2026-03-29T13:45:10Z'))).toEqual({ dateTime: '2026-03-29T13:45:10' });
    // A serial a hair short of midnight (binary fractions) is still that date.
    expect(fromExcel(new Date(Date.parse('2026-03-30T00:00:00Z') - 0.4))).toEqual({ date: '2026-03-30' });
    expect(fromExcel({ formula: 'A1*2', result: 4 })).toBe(4);
    expect(fromExcel({ formula: 'TODAY()', result: new Date('2026-01-02T00:00:00Z') })).toEqual({
      date: '2026-01-02',
    });
    expect(fromExcel({ sharedFormula: 'B2', result: 'x' })).toBe('x');
    expect(fromExcel({ formula: 'NOW()' })).toBe('');
    expect(fromExcel({ formula: 'VLOOKUP(1,A:B,2)', result: { error: '#N/A' } })).toBe('#N/A');
    expect(fromExcel({ richText: [{ text: 'Acme ' }, { text: 'Ltd', font: { bold: true } }] })).toBe(
      'Acme Ltd',
    );
    expect(fromExcel({ text: 'site', hyperlink: 'https://acme.example' })).toBe('site');
    expect(fromExcel({ text: { richText: [{ text: 'rich link' }] }, hyperlink: 'https://x.example' })).toBe(
      'rich link',
    );
    expect(fromExcel({ error: '#DIV/0!' })).toBe('#DIV/0!');
  });

  it('writes dates as UTC serials with a date format, and text as text', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('S');
    const a = ws.getCell('A1');
    writeCell(a, { date: '2026-03-29' });
    expect(a.value).toEqual(new Date('2026-03-29T00:00:00Z'));
    expect(a.numFmt).toBe('yyyy-mm-dd');
    writeCell(a, { dateTime: '2026-03-29T02:30:00' });
    expect(a.value).toEqual(new Date('2026-03-29T02:30:00Z'));
    expect(a.numFmt).toBe('yyyy-mm-dd hh:mm');
    writeCell(a, 7);
    expect(a.value).toBe(7);
    expect(a.numFmt).toBe('General');
    writeCell(a, '=1+1');
    expect(a.type).toBe(ExcelJS.ValueType.String);
    expect(a.numFmt).toBe('@');
    writeCell(a, '');
    expect(a.value).toBeNull();
  });

  it('round-trips any date and date-time through a saved file', async () => {
    const day = fc.integer({
      min: Date.UTC(1900, 2, 1) / 86_400_000,
      max: Date.UTC(9999, 11, 31) / 86_400_000,
    });
    const samples = fc.sample(fc.tuple(day, fc.integer({ min: 0, max: 86_399 })), 200);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('D');
    const cells = samples.map(([d, s]) => {
      const iso = new Date(d * 86_400_000 + s * 1000).toISOString().slice(0, 19);
      return s === 0 ? { date: iso.slice(0, 10) } : { dateTime: iso };
    });
    cells.forEach((c, i) => writeCell(ws.getCell(i + 1, 1), c));
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(await wb.xlsx.writeBuffer());
    cells.forEach((c, i) => expect(fromExcel(back.getWorksheet('D')!.getCell(i + 1, 1).value)).toEqual(c));
  });

  it('reads what a person typed in a non-UTC process the same way (Excel dates have no zone)', () => {
    expect(dateToCell(new Date(Date.UTC(2026, 9, 25, 2, 30)))).toEqual({ dateTime: '2026-10-25T02:30:00' });
  });
});

describe('data validations', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    file = path.join(dir, 'r.xlsx');
    await runAsync(openLocalDocument(file, FIXED), setupRegister());
  });
  afterAll(() => cleanup());

  it('are read as ranges, one rule per column, however often setup runs', async () => {
    const again = path.join(dir, 'again.xlsx');
    await copyFile(file, again);
    await runAsync(openLocalDocument(again, FIXED), setupRegister());
    await runAsync(openLocalDocument(again, FIXED), setupRegister());
    // Read through the local host's loader, ranges stay ranges, and repeated setups replace them.
    const loaded = await loadWorkbook(again);
    expect(listValidations(loaded.workbook.getWorksheet('Purchase Orders')!)).toEqual({
      'B2:B10000': "'Suppliers'!$A$2:$A$10000",
      'E2:E10000': '"EUR,USD,GBP,CHF,JPY"',
      'I2:I10000': '"Draft,Ordered,Partially delivered,Delivered,Cancelled"',
    });
  });

  it('fold per-cell entries back into ranges and move with inserted columns', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('V');
    const rule = { type: 'list' as const, formulae: ['"a,b"'] };
    const other = { type: 'list' as const, formulae: ['"c"'] };
    const model = (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations
      .model;
    for (let r = 2; r <= 5; r++) model[`C${r}`] = rule;
    model.E2 = other;
    model['B2:B9'] = other;
    collapseValidations(ws);
    expect(listValidations(ws)).toEqual({ 'C2:C5': '"a,b"', E2: '"c"', 'B2:B9': '"c"' });
    shiftValidations(ws, 3, 2);
    expect(listValidations(ws)).toEqual({ 'E2:E5': '"a,b"', G2: '"c"', 'B2:B9': '"c"' });
  });
});
