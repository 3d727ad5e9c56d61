/**
 * Filtered reads (ports.ts, RowFilter): only the rows of a table whose key column holds one of some
 * keys, such as the records of the mail a merge or chase step is about to send. A whole read of a
 * 10,000-row table is a 3.7 MB response on every mail; this is the key column (about 12 bytes a row)
 * and the rows wanted. Three syncs, none in a loop over rows:
 *   1. each table's header row (to find the key column by name, as core finds columns) and row count;
 *   2. the key columns, relative to the tables' data bodies (Range.getColumn), in pages within the
 *      payload budget (one sync each: one in all up to about 60,000 rows);
 *   3. the wanted rows, one range per run of adjacent rows (Range.getRow, getResizedRange).
 * learn.microsoft.com/office/dev/add-ins/excel/performance ("Load necessary properties only"; "Payload
 * size limit best practices": read only the cells needed).
 */
import { cellText } from '../../core/cells';
import type { TableSnapshot } from '../../core/table';
import type { RowFilter } from '../../ports';
import { fromExcel, headerText } from './cells';
import type { ExcelRun } from './excel-document';
import { finishTable } from './read';

/** Bytes a key cell may take in a response (the value, quotes and separators), to size the pages. */
const KEY_CELL_BYTES = 64;

interface Target {
  filter: RowFilter;
  table: string;
  header: Excel.Range;
  rows: Excel.TableRowCollection;
  body: Excel.Range;
}

/** `filters` name register tables (`tableOf` gives each one's Excel table). */
export async function readFiltered(
  run: ExcelRun,
  filters: readonly RowFilter[],
  tableOf: (sheet: string) => string,
  budget: number,
): Promise<Map<string, TableSnapshot>> {
  if (filters.length === 0) return new Map();
  return run(async (ctx) => {
    const targets: Target[] = filters.map((filter) => {
      const table = tableOf(filter.sheet);
      const t = ctx.workbook.tables.getItem(table);
      return {
        filter,
        table,
        header: t.getHeaderRowRange().load('values,rowIndex,columnIndex'),
        rows: t.rows.load('count'),
        body: t.getDataBodyRange(),
      };
    });
    await ctx.sync();

    // The key column of each table, paged within the budget.
    const pageRows = Math.max(1, Math.floor(budget / KEY_CELL_BYTES));
    const keyIndex = targets.map((t) => {
      const wanted = t.filter.column.trim().toLowerCase();
      return (t.header.values[0] ?? []).findIndex((v) => headerText(v).toLowerCase() === wanted);
    });
    const keys: unknown[][] = targets.map(() => []);
    const pages: { target: number; first: number; count: number }[] = [];
    targets.forEach((t, i) => {
      if (keyIndex[i]! < 0) return;
      for (let first = 0; first < t.rows.count; first += pageRows)
        pages.push({ target: i, first, count: Math.min(pageRows, t.rows.count - first) });
    });
    for (const page of pages) {
      const column = targets[page.target]!.body.getColumn(keyIndex[page.target]!);
      const range = column
        .getRow(page.first)
        .getResizedRange(page.count - 1, 0)
        .load('values');
      await ctx.sync();
      for (const row of range.values) keys[page.target]!.push(row[0]);
    }

    // The wanted rows: one range per run of adjacent rows, all in one sync.
    const runs = targets.map((t, i) => {
      const wanted = new Set(t.filter.keys.map((k) => k.trim()));
      const at: number[] = [];
      keys[i]!.forEach((v, row) => {
        if (wanted.has(cellText(fromExcel(v)).trim()) || wanted.has(String(v ?? '').trim())) at.push(row);
      });
      const out: { first: number; count: number; range?: Excel.Range }[] = [];
      for (const row of at) {
        const last = out[out.length - 1];
        if (last && last.first + last.count === row) last.count++;
        else out.push({ first: row, count: 1 });
      }
      for (const r of out)
        r.range = t.body
          .getRow(r.first)
          .getResizedRange(r.count - 1, 0)
          .load('values,numberFormat');
      return out;
    });
    if (runs.some((r) => r.length > 0)) await ctx.sync();

    const out = new Map<string, TableSnapshot>();
    targets.forEach((t, i) => {
      const got = runs[i]!;
      const read = finishTable(t.filter.sheet, {
        table: t.table,
        headerValues: t.header.values[0] ?? [],
        headerRow: t.header.rowIndex,
        left: t.header.columnIndex,
        count: got.reduce((n, r) => n + r.count, 0),
        values: got.flatMap((r) => r.range!.values),
        formats: got.flatMap((r) => r.range!.numberFormat as string[][]),
      });
      out.set(t.filter.sheet, read.snapshot);
    });
    return out;
  });
}
