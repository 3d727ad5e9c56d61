/**
 * Summary sheets in the local .xlsx register, through the CLI (`backoffice summary`): the starter
 * reports' exact tables, number formats, frozen header and the chart as a PNG image; regenerating
 * in place; and the file read back by a second, independent reader (openpyxl) when it is installed.
 */
import ExcelJS from 'exceljs';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/cells';
import type { BuildResult } from '../../src/core/summary';
import { END_MARKER_TEXT } from '../../src/core/summary';
import { fromExcel } from '../../src/hosts/local/cell-values';
import { cli } from '../cli/run';
import { tempDir } from '../local/helpers';
import { STARTER_TABLES } from './expected';
import { sheetTable } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let result: BuildResult;
const file = () => path.join(dir, 'register.xlsx');

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('backoffice-summary-'));
  expect((await cli(dir, ['init', 'register.xlsx', '--sample'])).code).toBe(0);
  const run = await cli(dir, ['summary', 'register.xlsx', '--json']);
  expect(run.code, run.stderr).toBe(0);
  result = JSON.parse(run.stdout) as BuildResult;
  // As built from the sample, for the second reader below (the tests go on to change the register).
  await copyFile(file(), path.join(dir, 'as-built.xlsx'));
});
afterAll(() => cleanup());

async function workbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file());
  return wb;
}

function grid(ws: ExcelJS.Worksheet): Cell[][] {
  const out: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = fromExcel(cell.value)));
    out[r - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(out, (r) => r ?? []);
}

describe('backoffice summary', () => {
  it('builds every starter report into the file with the exact expected tables', async () => {
    expect(result.failed).toEqual([]);
    const wb = await workbook();
    for (const [name, expected] of Object.entries(STARTER_TABLES)) {
      const ws = wb.getWorksheet(name)!;
      expect(sheetTable(grid(ws), expected[0]![0] as string, expected[0]!.length), name).toEqual(expected);
    }
  });

  it('writes number and date formats, a bold frozen header, and the chart as a PNG beside the table', async () => {
    const wb = await workbook();
    const ws = wb.getWorksheet('Overdue deliveries by supplier')!;
    const header = grid(ws).findIndex((r) => r[0] === 'Supplier') + 1;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
    expect(ws.getRow(header).getCell(1).font?.bold).toBe(true);
    expect([2, 3, 4, 5].map((c) => ws.getRow(header + 1).getCell(c).numFmt)).toEqual([
      '#,##0',
      '#,##0.00',
      'yyyy-mm-dd',
      '#,##0',
    ]);
    const images = ws.getImages();
    expect(images).toHaveLength(1);
    expect(images[0]!.range.tl.nativeRow).toBe(header - 1);
    expect(images[0]!.range.tl.nativeCol).toBe(6);
    const png = wb.getImage(Number(images[0]!.imageId));
    expect(png.extension).toBe('png');
    expect(
      Buffer.from(png.buffer as unknown as Uint8Array)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(wb.getWorksheet('Correspondence this month')!.getImages()).toHaveLength(0);
  });

  it('rebuilds one report in place: notes below kept, one image, and the image survives other saves', async () => {
    const name = 'Open requests by owner';
    let wb = await workbook();
    let ws = wb.getWorksheet(name)!;
    const marker = grid(ws).findIndex((r) => r[0] === END_MARKER_TEXT) + 1;
    ws.getCell(marker + 2, 1).value = 'Follow up on Friday';
    await wb.xlsx.writeFile(file());
    const run = await cli(dir, [
      'summary',
      'register.xlsx',
      '--report',
      'open requests by owner',
      '--today',
      '2026-03-31',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Open requests by owner (sheet "Open requests by owner")');
    expect(run.stdout).toContain('Built 1 report as of 2026-03-31.');
    // Another command saves the file through ExcelJS again.
    expect(
      (await cli(dir, ['add', 'register.xlsx', 'Tasks', '--data', '{"Title": "Check the summary"}'])).code,
    ).toBe(0);
    wb = await workbook();
    ws = wb.getWorksheet(name)!;
    const g = grid(ws);
    expect(g[marker + 1]![0]).toBe('Follow up on Friday');
    expect(g[1]![0]).toMatch(/figures as of 2026-03-31$/);
    expect(ws.getImages()).toHaveLength(1);
    expect(wb.worksheets.map((w) => w.name).slice(-6)).toEqual(Object.keys(STARTER_TABLES));
  });

  it('moves the notes below a report down as it grows (rows inserted with the report)', async () => {
    const add = await cli(dir, [
      'add',
      'register.xlsx',
      'Reports',
      '--data',
      JSON.stringify({
        Name: 'Requests by owner',
        Table: 'Requests',
        'Group by': 'Owner',
        Measures: 'count',
      }),
    ]);
    expect(add.code, add.stderr).toBe(0);
    const name = 'Requests by owner';
    expect((await cli(dir, ['summary', 'register.xlsx', '--report', name])).code).toBe(0);
    let wb = await workbook();
    const marker = grid(wb.getWorksheet(name)!).findIndex((r) => r[0] === END_MARKER_TEXT) + 1;
    wb.getWorksheet(name)!.getCell(marker + 1, 1).value = 'Note below';
    await wb.xlsx.writeFile(file());
    const csv = ['Summary,Owner', ...[1, 2, 3, 4, 5].map((i) => `New request ${i},new${i}@example.com`)].join(
      '\n',
    );
    await writeFile(path.join(dir, 'requests.csv'), csv);
    expect((await cli(dir, ['import', 'register.xlsx', 'Requests', 'requests.csv'])).code).toBe(0);
    expect((await cli(dir, ['summary', 'register.xlsx', '--report', name])).code).toBe(0);
    wb = await workbook();
    const g = grid(wb.getWorksheet(name)!);
    const moved = g.findIndex((r) => r[0] === END_MARKER_TEXT) + 1;
    expect(moved).toBe(marker + 5);
    expect(g[moved]![0]).toBe('Note below');
  });

  it('prints each report for a person, and says which could not be built', async () => {
    const add = await cli(dir, [
      'add',
      'register.xlsx',
      'Reports',
      '--data',
      JSON.stringify({
        Name: 'Late',
        Table: 'Purchase Orders',
        Filter: 'Expected delivry < today',
        Measures: 'count',
      }),
    ]);
    expect(add.code).toBe(0);
    const run = await cli(dir, ['summary', 'register.xlsx']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Orders: 13 · Total amount: 185,673.15 · Oldest expected: 2025-12-26 · Days late: 93',
    );
    expect(run.stdout).toContain(
      'Not built: Late:\n  Filter: "Expected delivry" is not a field of Purchase Orders (fields: ID, Supplier',
    );
    expect(run.stdout).toContain('Built 7 reports as of 2026-03-29; 1 could not be built.');
    const one = await cli(dir, ['summary', 'register.xlsx', '--report', 'Late']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('Filter: "Expected delivry" is not a field of Purchase Orders');
    const day = await cli(dir, ['summary', 'register.xlsx', '--today', '29/03/2026']);
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('"29/03/2026" is not a day; write it as YYYY-MM-DD');
  });
});

/** openpyxl from Debian (apt-get install -y python3-openpyxl), under the system Python. */
function openpyxlPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import openpyxl'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

const READER = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for name in sys.argv[2:]:
    ws = wb[name]
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append([v.date().isoformat() if isinstance(v, datetime.datetime) else v for v in row])
    out[name] = {"rows": rows, "freeze": ws.freeze_panes, "images": len(getattr(ws, "_images", []))}
print(json.dumps(out))
`;

describe('the .xlsx read back by a second, independent reader (openpyxl)', () => {
  const python = openpyxlPython();
  if (!python)
    console.log(
      'Skipped: openpyxl is not installed (apt-get install -y python3-openpyxl) for the second-reader check.',
    );
  it.skipIf(!python)('shows the same tables, frozen header and chart image', async () => {
    const names = Object.keys(STARTER_TABLES);
    const out = JSON.parse(
      execFileSync(python!, ['-c', READER, path.join(dir, 'as-built.xlsx'), ...names], { encoding: 'utf8' }),
    ) as Record<string, { rows: unknown[][]; freeze: string; images: number }>;
    for (const [name, expected] of Object.entries(STARTER_TABLES)) {
      const rows = out[name]!.rows.map((r) => r.map((v) => (v === null ? '' : v)));
      expect(sheetTable(rows, expected[0]![0] as string, expected[0]!.length), name).toEqual(expected);
      const header = rows.findIndex((r) => r[0] === expected[0]![0]) + 1;
      expect(out[name]!.freeze, name).toBe(`A${header + 1}`);
    }
    expect(out['Spend by supplier by month']!.images).toBe(1);
  });
});
