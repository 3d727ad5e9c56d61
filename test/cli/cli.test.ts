import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands';
import { parseCsv } from '../../src/cli/csv';
import type { RegisterError } from '../../src/core/errors';
import { FIXED, liveProcess, sha256, tempDir } from '../local/helpers';
import { cli } from './run';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('backoffice-cli-'));
  const made = await cli(dir, ['init', 'sample.xlsx', '--sample']);
  expect(made.code).toBe(0);
});
afterAll(() => cleanup());

let copies = 0;
async function copyOfSample(): Promise<string> {
  const name = `copy-${++copies}.xlsx`;
  await copyFile(path.join(dir, 'sample.xlsx'), path.join(dir, name));
  return name;
}

async function editWorkbook(name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(dir, name));
  edit(wb);
  await wb.xlsx.writeFile(path.join(dir, name));
}

function headerColumn(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((c, col) => {
    if (c.value === header) found = col;
  });
  return found;
}

describe('help and usage', () => {
  it('lists every command, and every command explains itself with --help', async () => {
    const main = await cli(dir, ['--help']);
    expect(main.code).toBe(0);
    for (const c of COMMANDS) expect(main.stdout).toContain(`  ${c.name} `);
    for (const c of COMMANDS) {
      const help = await cli(dir, [c.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: backoffice ${c.name} <file.xlsx>`);
      expect(help.stdout).toContain('--json');
      expect((await cli(dir, ['help', c.name])).stdout).toBe(help.stdout);
    }
  });

  it('exits 2 with usage for an unknown command, an unknown option, or missing arguments', async () => {
    const none = await cli(dir, []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: backoffice <command>');
    const unknown = await cli(dir, ['lst', 'sample.xlsx']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/Unknown command "lst"[\s\S]*Commands:/);
    const option = await cli(dir, ['list', 'sample.xlsx', 'Suppliers', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--colour'[\s\S]*Usage: backoffice list/);
    const missing = await cli(dir, ['get', 'sample.xlsx', 'Suppliers']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing <id>.');
    const extra = await cli(dir, ['list', 'sample.xlsx', 'Purchase', 'Orders']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('Too many arguments: "Orders"');
    const noValue = await cli(dir, ['list', 'sample.xlsx', 'Suppliers', '--limit']);
    expect(noValue.code).toBe(2);
  });

  it('refuses files that are not .xlsx or do not exist', async () => {
    const xls = await cli(dir, ['init', 'old.xls']);
    expect(xls.code).toBe(2);
    expect(xls.stderr).toMatch(/must be an \.xlsx file/);
    const absent = await cli(dir, ['list', 'absent.xlsx', 'Suppliers']);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(
      'There is no register at absent.xlsx; create one with: backoffice init absent.xlsx --sample',
    );
    expect(existsSync(path.join(dir, 'absent.xlsx'))).toBe(false);
  });
});

describe('init', () => {
  it('creates a register and says what it made; --json gives the same as data', async () => {
    const r = await cli(dir, ['init', 'new.xlsx', '--sample', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      file: string;
      sheets: string[];
      changes: string[];
      problems: string[];
      records: Record<string, number>;
    };
    expect(out.file).toBe(path.join(dir, 'new.xlsx'));
    expect(out.sheets).toEqual(expect.arrayContaining(['Setup', 'Suppliers', 'Purchase Orders', 'Audit']));
    expect(out.records).toMatchObject({ Suppliers: 12, 'Purchase Orders': 50 });
    expect(out.problems).toEqual([]);
    const plain = await cli(dir, ['init', 'plain.xlsx']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^Created plain\.xlsx: a new register with \d+ sheets: Setup, Suppliers, /);
    expect(plain.stdout).not.toMatch(/Suppliers \d/);
  });

  it('refuses an existing file unless --force, which keeps the old one as .bak', async () => {
    const name = await copyOfSample();
    const file = path.join(dir, name);
    const before = await sha256(file);
    const refused = await cli(dir, ['init', name]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${name} already exists; to replace it with a new register add --force`);
    expect(await sha256(file)).toBe(before);
    const forced = await cli(dir, ['init', name, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`The previous file is kept as ${name}.bak.`);
    expect(await sha256(`${file}.bak`)).toBe(before);
    const list = await cli(dir, ['list', name, 'Suppliers', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

describe('setup', () => {
  it('reports nothing to change on a sound register, and repairs a deleted column', async () => {
    const name = await copyOfSample();
    expect(await cli(dir, ['setup', name])).toMatchObject({
      code: 0,
      stdout: 'Nothing to change: every sheet matches Setup.\n',
    });
    await editWorkbook(name, (wb) => {
      const ws = wb.getWorksheet('Suppliers')!;
      ws.spliceColumns(headerColumn(ws, 'Phone'), 1);
    });
    const repaired = await cli(dir, ['setup', name, '--json']);
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.stdout)).toEqual({ changes: ['Suppliers: added column Phone'], problems: [] });
  });

  it('exits 1 when a sheet has a problem it cannot repair', async () => {
    const name = await copyOfSample();
    await editWorkbook(name, (wb) => {
      const ws = wb.getWorksheet('Suppliers')!;
      ws.getRow(1).getCell(headerColumn(ws, 'Notes')).value = 'Name';
    });
    const r = await cli(dir, ['setup', name]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Problem: Suppliers: the column "Name" appears twice/);
  });
});

describe('validate', () => {
  it('finds no problems in the sample register', async () => {
    const r = await cli(dir, ['validate', 'sample.xlsx']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Purchase Orders: 50 records, no problems');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('No problems found.');
    const json = await cli(dir, ['validate', 'sample.xlsx', '--json']);
    const report = JSON.parse(json.stdout) as {
      tables: { table: string; rows: number }[];
      problems: unknown[];
    };
    expect(report.problems).toEqual([]);
    expect(report.tables).toContainEqual({ table: 'Suppliers', rows: 12 });
  });

  it('lists problems by table, ID and field, and exits 1', async () => {
    const name = await copyOfSample();
    await editWorkbook(name, (wb) => {
      const ws = wb.getWorksheet('Purchase Orders')!;
      ws.getRow(2).getCell(headerColumn(ws, 'Amount')).value = -5;
      ws.getRow(3).getCell(headerColumn(ws, 'Status')).value = 'Lost';
    });
    const r = await cli(dir, ['validate', name]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Purchase Orders: 50 records, 2 problems');
    expect(r.stdout).toContain('  PO-0001 (row 2)  Amount: must not be negative');
    expect(r.stdout).toMatch(/ {2}PO-0002 \(row 3\) {2}Status: must be one of Draft, /);
    expect(r.stdout).toContain('2 problems found.');
    const json = JSON.parse((await cli(dir, ['validate', name, '--json'])).stdout) as { problems: unknown[] };
    expect(json.problems[0]).toEqual({
      table: 'Purchase Orders',
      id: 'PO-0001',
      row: 2,
      field: 'Amount',
      message: 'must not be negative',
    });
  });

  it('reports a renamed column as a problem of the workbook (exit 1)', async () => {
    const name = await copyOfSample();
    await editWorkbook(name, (wb) => {
      const ws = wb.getWorksheet('Purchase Orders')!;
      ws.getRow(1).getCell(headerColumn(ws, 'Amount')).value = 'Total';
    });
    const r = await cli(dir, ['validate', name]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(
      'Purchase Orders: the column "Amount" is missing from the header row',
    );
  });
});

describe('add, update, get and list', () => {
  it('adds a record and prints its ID; --json prints the whole record', async () => {
    const name = await copyOfSample();
    const r = await cli(dir, [
      'add',
      name,
      'purchase orders',
      '--data',
      '{"Supplier": "Acme Industrial Supply", "Description": "Bolts", "Amount": 12.5, "Expected delivery": "2026-04-10"}',
    ]);
    expect(r).toEqual({ code: 0, stdout: 'PO-0051\n', stderr: '' });
    const j = await cli(dir, [
      'add',
      name,
      'Suppliers',
      '--data',
      '{"Name": "Zeta", "Email": "z@zeta.example"}',
      '--json',
    ]);
    expect(JSON.parse(j.stdout)).toMatchObject({
      table: 'Suppliers',
      id: 'SUP-0013',
      version: 1,
      values: { Name: 'Zeta', Status: 'Active', 'Payment terms days': 30 },
      createdBy: 'anna@example.com',
      created: '2026-03-29 12:00:00',
    });
  });

  it('rejects bad data with exit 2, one line per field, and leaves the file unchanged', async () => {
    const name = await copyOfSample();
    const before = await sha256(path.join(dir, name));
    const r = await cli(dir, [
      'add',
      name,
      'Purchase Orders',
      '--data',
      '{"Supplier": "Nope", "Amount": "-3", "Expected delivery": "2026-02-30"}',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'Purchase Orders: not saved:',
      '  Expected delivery: 2026-02-30 is not a real date',
      '  Supplier: no Suppliers record matches "Nope"',
      '  Description: is required',
      '  Amount: must not be negative',
      '',
    ]);
    const json = await cli(dir, ['add', name, 'Purchase Orders', '--data', '{"Colour": "red"}', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'invalid',
      problems: expect.arrayContaining([
        { field: 'Colour', message: expect.stringMatching(/^is not a field of Purchase Orders/) },
      ]),
    });
    for (const data of ['{"Name": "x"', '[1, 2]', '"text"']) {
      const bad = await cli(dir, ['add', name, 'Suppliers', '--data', data]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^--data (is not valid JSON|must be a JSON object)/);
    }
    expect((await cli(dir, ['add', name, 'Suppliers'])).stderr).toMatch(/^--data is required/);
    const table = await cli(dir, ['add', name, 'Vendors', '--data', '{}']);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(/There is no table "Vendors" in Setup/);
    expect(await sha256(path.join(dir, name))).toBe(before);
  });

  it('updates with a version, and refuses a stale one (exit 2)', async () => {
    const name = await copyOfSample();
    const ok = await cli(dir, [
      'update',
      name,
      'Suppliers',
      'SUP-0002',
      '--data',
      '{"Status": "on hold"}',
      '--version',
      '1',
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: 'SUP-0002 is at version 2.\n' });
    const stale = await cli(dir, [
      'update',
      name,
      'Suppliers',
      'SUP-0002',
      '--data',
      '{"Status": "Active"}',
      '--version',
      '1',
    ]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(
      /^Suppliers SUP-0002 was changed by anna@example\.com at 2026-03-29 12:00:00 \(version 2; your edit was based on version 1\)/,
    );
    expect(
      (await cli(dir, ['update', name, 'Suppliers', 'SUP-0002', '--data', '{}', '--version', 'two'])).stderr,
    ).toContain('--version must be a whole number of 1 or more, not "two"');
    const missing = await cli(dir, [
      'update',
      name,
      'Suppliers',
      'SUP-0999',
      '--data',
      '{"Status": "Active"}',
    ]);
    expect(missing).toMatchObject({ code: 2, stderr: 'Suppliers: there is no record SUP-0999\n' });
    const json = await cli(dir, [
      'update',
      name,
      'suppliers',
      'SUP-0002',
      '--data',
      '{"Notes": "Call first"}',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: 'SUP-0002',
      version: 3,
      values: { Status: 'On hold', Notes: 'Call first' },
    });
  });

  it('gets a record for a person and as JSON', async () => {
    const r = await cli(dir, ['get', 'sample.xlsx', 'purchase orders', 'po-0001']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Purchase Orders PO-0001 \(version 1\)\n/);
    expect(r.stdout).toMatch(/\n {2}Supplier +SUP-0001 \(Acme Industrial Supply\)\n/);
    expect(r.stdout).toMatch(/\n {2}Created +2026-03-29 12:00:00 by anna@example\.com\n/);
    const j = JSON.parse(
      (await cli(dir, ['get', 'sample.xlsx', 'Purchase Orders', 'PO-0001', '--json'])).stdout,
    );
    expect(j).toMatchObject({
      table: 'Purchase Orders',
      id: 'PO-0001',
      labels: { Supplier: 'Acme Industrial Supply' },
    });
    expect((await cli(dir, ['get', 'sample.xlsx', 'Purchase Orders', 'PO-9999'])).code).toBe(2);
  });

  it('lists an aligned table, filtered, searched and limited', async () => {
    const r = await cli(dir, [
      'list',
      'sample.xlsx',
      'Suppliers',
      '--where',
      'Category=IT',
      '--where',
      'Status!=Inactive',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID +Name +Contact name +Email +Phone +Category +Payment terms days +Status +Notes$/,
    );
    expect(lines.slice(1).map((l) => l.slice(0, 8))).toEqual(['SUP-0003', 'SUP-0010']);
    // Columns line up: every row has its Email where the header has it.
    const emailAt = lines[0]!.indexOf('Email');
    expect(lines[1]!.slice(emailAt)).toMatch(/^accounts@cobalt-it\.example/);
    const limited = await cli(dir, ['list', 'sample.xlsx', 'Purchase Orders', '--limit', '2']);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(limited.stdout).toContain('(2 of 50 records)');
    const search = await cli(dir, ['list', 'sample.xlsx', 'Suppliers', '--search', 'fjord', '--json']);
    expect((JSON.parse(search.stdout) as { id: string }[]).map((x) => x.id)).toEqual(['SUP-0006']);
    const all = JSON.parse(
      (await cli(dir, ['list', 'sample.xlsx', 'Purchase Orders', '--json'])).stdout,
    ) as unknown[];
    expect(all).toHaveLength(50);
    expect(all[0]).toMatchObject({
      table: 'Purchase Orders',
      id: 'PO-0001',
      version: 1,
      values: expect.any(Object),
      labels: expect.any(Object),
    });
    const none = await cli(dir, ['list', 'sample.xlsx', 'Suppliers', '--where', 'Name=Nobody']);
    expect(none.stdout).toBe('No Suppliers records match.\n');
    const bad = await cli(dir, ['list', 'sample.xlsx', 'Suppliers', '--where', 'Colour=red']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"Colour" is not a field of Suppliers/);
  });

  it('fits the table to the terminal, cutting long cells', async () => {
    const r = await cli(dir, ['list', 'sample.xlsx', 'Purchase Orders'], { isTTY: true, columns: 80 });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(52);
    for (const l of lines.slice(0, 51)) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ID {7}Supplier +Description +Amount +Currency +Ordered on$/);
    expect(lines[1]).toMatch(/^PO-0001 {2}Acme Industrial S… /);
    expect(lines[51]).toBe(
      '(not shown: Expected delivery, Delivered on, Status, Owner; widen the terminal, or use --json)',
    );
    const roomy = await cli(dir, ['list', 'sample.xlsx', 'Purchase Orders'], { isTTY: true, columns: 200 });
    expect(roomy.stdout).not.toContain('not shown');
    const wide = await cli(dir, [
      'list',
      'sample.xlsx',
      'Suppliers',
      '--where',
      'Name=Acme Industrial Supply',
    ]);
    // Off a terminal nothing is cut; a line break in a cell is shown as ↵.
    expect(wide.stdout).toContain('Preferred supplier for warehouse goods. ↵ Ask for Maria.');
  });

  it('says the register is busy (exit 1) while another program holds its lock', async () => {
    const name = await copyOfSample();
    const holder = liveProcess();
    try {
      await writeFile(
        path.join(dir, `${name}.lock`),
        JSON.stringify({ pid: holder.pid, host: os.hostname(), since: '2026-03-29T09:59:00Z' }),
      );
      const r = await cli(
        dir,
        ['add', name, 'Suppliers', '--data', '{"Name": "Q", "Email": "q@q.example"}'],
        {
          document: { ...FIXED, lockTimeoutMs: 200 },
        },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `The register ${name} is being changed by another program (pid ${holder.pid} since 2026-03-29T09:59:00Z); try again in a moment.\n`,
      );
    } finally {
      holder.stop();
    }
  });
});

describe('import', () => {
  const BOM = '\ufeff';

  it('parses RFC 4180: quotes, embedded commas, line breaks and quotes, a BOM, CRLF', () => {
    const text = `${BOM}Name,Notes\r\n"Acme, Ltd","Line 1\r\nLine ""2"""\r\nPlain,\r\n"",x\r\n`;
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['Name', 'Notes'] },
      { row: 2, fields: ['Acme, Ltd', 'Line 1\r\nLine "2"'] },
      { row: 3, fields: ['Plain', ''] },
      { row: 4, fields: ['', 'x'] },
    ]);
    expect(parseCsv('a;b\n1,5;2\n')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1,5', '2'] },
    ]);
    const problemsOf = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return (e as RegisterError).problems;
      }
      return [];
    };
    expect(problemsOf('a\n"open')).toEqual([{ field: 'Row 2', message: 'a quoted field is never closed' }]);
    expect(problemsOf('a\n"x"y')).toEqual([
      { field: 'Row 2', message: 'text after a closing quote (write a quote inside a quoted field as "")' },
    ]);
  });

  it('reads back whatever an RFC 4180 writer writes (property)', () => {
    const quote = (f: string) => (/[",\r\n;]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    const field = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n', ';', 'é', '€'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }).chain((width) =>
          fc.tuple(
            fc.array(fc.constantFrom('Name', 'Email', 'Notes', 'Phone'), {
              minLength: width,
              maxLength: width,
            }),
            fc.array(fc.array(field, { minLength: width, maxLength: width }), { maxLength: 6 }),
            fc.constantFrom('\r\n', '\n'),
            fc.boolean(),
          ),
        ),
        ([header, rows, eol, bom]) => {
          const text =
            (bom ? BOM : '') + [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
          expect(parseCsv(text)).toEqual([header, ...rows].map((fields, i) => ({ row: i + 1, fields })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds every row of a CSV, quotes, line breaks and all', async () => {
    const name = await copyOfSample();
    const csv = [
      'Name,Email,Notes,Payment terms days',
      '"Omega, Inc.",omega@omega.example,"Two\r\nlines, and ""quotes""",45',
      'Sigma,sigma@sigma.example,,',
      '',
    ].join('\r\n');
    await writeFile(path.join(dir, 'suppliers.csv'), BOM + csv);
    const r = await cli(dir, ['import', name, 'suppliers', 'suppliers.csv']);
    expect(r).toEqual({
      code: 0,
      stdout: 'Imported 2 records into Suppliers (SUP-0013 to SUP-0014).\n',
      stderr: '',
    });
    const omega = JSON.parse((await cli(dir, ['get', name, 'Suppliers', 'SUP-0013', '--json'])).stdout);
    expect(omega.values).toMatchObject({
      Name: 'Omega, Inc.',
      Notes: 'Two\nlines, and "quotes"',
      'Payment terms days': 45,
    });
    const sigma = JSON.parse((await cli(dir, ['get', name, 'Suppliers', 'SUP-0014', '--json'])).stdout);
    // An empty cell takes the field's default.
    expect(sigma.values).toMatchObject({ 'Payment terms days': 30, Status: 'Active', Notes: null });
    const json = await cli(dir, ['import', name, 'Suppliers', 'suppliers.csv', '--json']);
    expect(json.code).toBe(2); // the same names again: Name is unique
    await writeFile(path.join(dir, 'one.csv'), 'Name,Email\nTau,tau@tau.example\n');
    const one = await cli(dir, ['import', name, 'Suppliers', 'one.csv', '--json']);
    expect(JSON.parse(one.stdout)).toEqual({ table: 'Suppliers', count: 1, ids: ['SUP-0015'] });
  });

  it('imports nothing when any row is bad, listing every problem by CSV row (exit 2)', async () => {
    const name = await copyOfSample();
    const before = await sha256(path.join(dir, name));
    const csv = [
      'Supplier,Description,Amount,Expected delivery',
      'SUP-0001,Good one,10,2026-04-10',
      '',
      'SUP-0001,"Bad amount, and a comma",ten,2026-04-10',
      'Nobody,Bad supplier,5,2026-04-10',
      'SUP-0002,Fine,7,2026-05-01',
    ].join('\n');
    await writeFile(path.join(dir, 'orders.csv'), csv);
    const r = await cli(dir, ['import', name, 'Purchase Orders', 'orders.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'Purchase Orders: nothing imported:',
      '  Row 4: Amount: must be a number, not "ten"',
      '  Row 5: Supplier: no Suppliers record matches "Nobody"',
      '',
    ]);
    expect(await sha256(path.join(dir, name))).toBe(before);
  });

  it('checks the header first: unknown and system columns (exit 2)', async () => {
    const name = await copyOfSample();
    await writeFile(path.join(dir, 'header.csv'), 'ID,Name,Colour\nSUP-0100,X,red\n');
    const r = await cli(dir, ['import', name, 'Suppliers', 'header.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Suppliers: nothing imported, the header row is wrong:\n/);
    expect(r.stderr).toContain(
      '  Row 1: column 1 "ID": is kept by the register and cannot be imported; remove the column\n',
    );
    expect(r.stderr).toContain('  Row 1: column 3 "Colour": is not a field of Suppliers');
    const missing = await cli(dir, ['import', name, 'Suppliers', 'nope.csv']);
    expect(missing).toMatchObject({ code: 2, stderr: 'Cannot read nope.csv: no such file\n' });
  });

  it('draws a progress bar on a terminal, and nothing when stderr is not one', async () => {
    const name = await copyOfSample();
    const rows = Array.from({ length: 300 }, (_, i) => `Bulk ${i},bulk${i}@bulk.example`);
    await writeFile(path.join(dir, 'bulk.csv'), ['Name,Email', ...rows].join('\n'));
    const tty = await cli(dir, ['import', name, 'Suppliers', 'bulk.csv'], { stderrIsTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('\r\x1b[2KParsing');
    expect(tty.stderr).toMatch(/Validating +\[#+\] 100% {2}300\/300/);
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);
    const name2 = await copyOfSample();
    const quiet = await cli(dir, ['import', name2, 'Suppliers', 'bulk.csv']);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('the built binary', () => {
  const exec = promisify(execFile);
  const env = { ...process.env, BACKOFFICE_USER: 'ops@example.com', BACKOFFICE_TZ: 'Europe/Rome' };
  const run = async (args: string[]) => {
    try {
      const r = await exec(process.execPath, [path.join(root, 'bin/backoffice.js'), ...args], {
        cwd: dir,
        env,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    // scripts/build.mjs has no type declarations; its buildNode() bundles src/cli/main.ts.
    const build = (await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href)) as {
      buildNode: () => Promise<void>;
    };
    await build.buildNode();
  });

  it('runs init, add, list and validate with the documented exit codes', async () => {
    const init = await run(['init', 'bin.xlsx', '--sample']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^Created bin\.xlsx: a new register with \d+ sheets/);
    const add = await run([
      'add',
      'bin.xlsx',
      'Suppliers',
      '--data',
      '{"Name": "Binary Ltd", "Email": "b@binary.example"}',
    ]);
    expect(add).toMatchObject({ code: 0, stdout: 'SUP-0013\n' });
    const list = await run(['list', 'bin.xlsx', 'suppliers', '--where', 'Name=Binary Ltd', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: 'SUP-0013', createdBy: 'ops@example.com' }),
    ]);
    expect(await run(['validate', 'bin.xlsx'])).toMatchObject({ code: 0 });
    const bad = await run(['add', 'bin.xlsx', 'Suppliers', '--data', '{"Email": "not an email"}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Email: "not an email" is not a valid email address');
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('builds the bundle first when it is missing, keeping stdout for the command', async () => {
    // A copy of bin/backoffice.js next to a stand-in build script, so the real dist is untouched.
    const fake = path.join(dir, 'fake-project');
    await mkdir(path.join(fake, 'bin'), { recursive: true });
    await mkdir(path.join(fake, 'scripts'), { recursive: true });
    await copyFile(path.join(root, 'bin/backoffice.js'), path.join(fake, 'bin/backoffice.js'));
    await writeFile(
      path.join(fake, 'scripts/build.mjs'),
      [
        "import { mkdirSync, writeFileSync } from 'node:fs';",
        "console.log('building');",
        "mkdirSync(new URL('../dist/node', import.meta.url), { recursive: true });",
        "writeFileSync(new URL('../dist/node/backoffice.mjs', import.meta.url), \"console.log('ran', process.argv.slice(2).join(' '));\");",
      ].join('\n'),
    );
    const r = await exec(process.execPath, [path.join(fake, 'bin/backoffice.js'), 'list', 'x.xlsx']);
    expect(r.stdout).toBe('ran list x.xlsx\n');
    expect(r.stderr).toBe('building\n');
    expect(await readFile(path.join(fake, 'dist/node/backoffice.mjs'), 'utf8')).toContain('ran');
  });
});
