/**
 * Reading sheets: every sheet an operation needs is loaded in one batch and one `context.sync()`
 * (DESIGN.md, "Snapshot in, plan out"; learn.microsoft.com/office/dev/add-ins/excel/performance,
 * "Batch loads and writes"). Large reads are paged (see `ExcelDocument.read`).
 */
import { cellText, type Cell } from '../../core/cells';
import type { TableSnapshot } from '../../core/table';
import { bytesPerRow } from './bytes';
import { fromExcel, GENERAL, headerText } from './cells';
import { registerTable, type Layout, type WorkbookMap } from './layout';
import { a1 } from './names';

/** A table's header and data, as loaded. */
export interface TableData {
  table: string;
  headerValues: unknown[];
  headerRow: number;
  left: number;
  /** TableRowCollection.count: 0 when the table shows only its empty row. */
  count: number;
  values: unknown[][];
  formats: string[][];
}

/** A plain sheet's used range (values only), as loaded; null for a blank sheet. */
export interface PlainData {
  rowIndex: number;
  columnIndex: number;
  values: unknown[][];
  formats: string[][];
}

export interface SheetRead {
  snapshot: TableSnapshot;
  layout: Layout;
  /** The size of the read, to know next time whether it fits one response. */
  size: { rows: number; bytesPerRow: number };
}

const isBlank = (row: Cell[]) => row.every((c) => cellText(c).trim() === '');

export function finishTable(sheet: string, d: TableData): SheetRead {
  const values = d.values.slice(0, d.count);
  const formats = d.formats.slice(0, d.count);
  const rows = values.map((row, i) => row.map((v, j) => fromExcel(v, formats[i]?.[j])));
  return {
    snapshot: { name: sheet, header: d.headerValues.map((v) => fromExcel(v)), rows },
    layout: {
      sheet,
      table: d.table,
      headerRow: d.headerRow,
      left: d.left,
      header: d.headerValues.map(headerText),
      rows,
      formats,
      bodyRows: d.count,
      donor: d.formats[d.formats.length - 1] ?? null,
    },
    size: { rows: d.values.length, bytesPerRow: bytesPerRow(d.values, d.formats) },
  };
}

/** A plain sheet from A1: row 1 is the header, the rows below up to the last used one the records. */
export function finishPlain(sheet: string, d: PlainData | null): SheetRead {
  if (!d || d.values.length === 0) {
    return {
      snapshot: { name: sheet, header: [], rows: [] },
      layout: {
        sheet,
        table: null,
        headerRow: 0,
        left: 0,
        header: [],
        rows: [],
        formats: [],
        bodyRows: 0,
        donor: null,
      },
      size: { rows: 0, bytesPerRow: 0 },
    };
  }
  const lastRow = d.rowIndex + d.values.length - 1;
  const width = d.columnIndex + (d.values[0]?.length ?? 0);
  const cellsOf = (r: number): Cell[] => {
    const src = r >= d.rowIndex ? d.values[r - d.rowIndex] : undefined;
    const fmt = r >= d.rowIndex ? d.formats[r - d.rowIndex] : undefined;
    return Array.from({ length: width }, (_, c) =>
      src && c >= d.columnIndex ? fromExcel(src[c - d.columnIndex], fmt?.[c - d.columnIndex]) : '',
    );
  };
  const formatsOf = (r: number): string[] => {
    const fmt = r >= d.rowIndex ? d.formats[r - d.rowIndex] : undefined;
    return Array.from({ length: width }, (_, c) =>
      fmt && c >= d.columnIndex ? (fmt[c - d.columnIndex] ?? GENERAL) : GENERAL,
    );
  };
  const header = cellsOf(0);
  while (header.length > 0 && cellText(header[header.length - 1]).trim() === '') header.pop();
  const rows: Cell[][] = [];
  const formats: string[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    rows.push(cellsOf(r));
    formats.push(formatsOf(r));
  }
  const kept = [...rows];
  while (kept.length > 0 && isBlank(kept[kept.length - 1]!)) kept.pop();
  return {
    snapshot: { name: sheet, header, rows: kept },
    layout: {
      sheet,
      table: null,
      headerRow: 0,
      left: 0,
      header: header.map((c) => cellText(c).trim()),
      rows,
      formats,
      bodyRows: lastRow,
      donor: null,
    },
    size: { rows: d.values.length, bytesPerRow: bytesPerRow(d.values, d.formats) },
  };
}

/** Loads queued for one sheet; `finish` runs after the sync. */
export interface Pending<T> {
  finish(): T;
}

/** Queue the loads of a whole sheet: one header and one body range (a table), or the used range. */
export function queueFull(ctx: Excel.RequestContext, map: WorkbookMap, sheet: string): Pending<SheetRead> {
  const table = registerTable(map, sheet);
  if (table) {
    const t = ctx.workbook.tables.getItem(table);
    const header = t.getHeaderRowRange().load('values,rowIndex,columnIndex');
    const body = t.getDataBodyRange().load('values,numberFormat');
    const rows = t.rows.load('count');
    return {
      finish: () =>
        finishTable(sheet, {
          table,
          headerValues: header.values[0] ?? [],
          headerRow: header.rowIndex,
          left: header.columnIndex,
          count: rows.count,
          values: body.values,
          formats: body.numberFormat as string[][],
        }),
    };
  }
  const used = ctx.workbook.worksheets
    .getItem(sheet)
    .getUsedRangeOrNullObject(true)
    .load('values,numberFormat,rowIndex,columnIndex');
  return {
    finish: () =>
      finishPlain(
        sheet,
        used.isNullObject
          ? null
          : {
              rowIndex: used.rowIndex,
              columnIndex: used.columnIndex,
              values: used.values,
              formats: used.numberFormat as string[][],
            },
      ),
  };
}

/**
 * Queue the loads of a sheet's header only (and, for a table, the formats of its last row): what
 * a plan needs to append to a sheet it did not read, such as the Audit log.
 */
export function queueHeader(ctx: Excel.RequestContext, map: WorkbookMap, sheet: string): Pending<Layout> {
  const table = registerTable(map, sheet);
  if (table) {
    const t = ctx.workbook.tables.getItem(table);
    const header = t.getHeaderRowRange().load('values,rowIndex,columnIndex');
    const rows = t.rows.load('count');
    const last = t.getDataBodyRange().getLastRow().load('numberFormat');
    return {
      finish: () => ({
        sheet,
        table,
        headerRow: header.rowIndex,
        left: header.columnIndex,
        header: (header.values[0] ?? []).map(headerText),
        bodyRows: rows.count,
        donor: (last.numberFormat[0] as string[] | undefined) ?? null,
      }),
    };
  }
  const ws = ctx.workbook.worksheets.getItem(sheet);
  const used = ws.getUsedRangeOrNullObject(true).load('rowIndex,rowCount');
  const first = ws.getRange('1:1').getUsedRangeOrNullObject(true).load('values,columnIndex');
  return {
    finish: () => {
      const cells = first.isNullObject
        ? []
        : [...Array<unknown>(first.columnIndex).fill(''), ...(first.values[0] ?? [])];
      const header = cells.map(headerText);
      while (header.length > 0 && header[header.length - 1] === '') header.pop();
      return {
        sheet,
        table: null,
        headerRow: 0,
        left: 0,
        header,
        bodyRows: used.isNullObject ? 0 : used.rowIndex + used.rowCount - 1,
        donor: null,
      };
    },
  };
}

/** Where a sheet's records are, without their values: the first step of a paged read. */
export interface Extent {
  sheet: string;
  table: string | null;
  headerValues: unknown[];
  headerRow: number;
  left: number;
  count: number;
  /** The block of cells to page through (0-based, inclusive), or null when there is none. */
  block: { r0: number; c0: number; rows: number; cols: number } | null;
}

export function queueExtent(ctx: Excel.RequestContext, map: WorkbookMap, sheet: string): Pending<Extent> {
  const table = registerTable(map, sheet);
  if (table) {
    const t = ctx.workbook.tables.getItem(table);
    const header = t.getHeaderRowRange().load('values,rowIndex,columnIndex,columnCount');
    const rows = t.rows.load('count');
    return {
      finish: () => ({
        sheet,
        table,
        headerValues: header.values[0] ?? [],
        headerRow: header.rowIndex,
        left: header.columnIndex,
        count: rows.count,
        block: {
          r0: header.rowIndex + 1,
          c0: header.columnIndex,
          rows: Math.max(rows.count, 1),
          cols: header.columnCount,
        },
      }),
    };
  }
  const used = ctx.workbook.worksheets
    .getItem(sheet)
    .getUsedRangeOrNullObject(true)
    .load('rowIndex,columnIndex,rowCount,columnCount');
  return {
    finish: () => ({
      sheet,
      table: null,
      headerValues: [],
      headerRow: 0,
      left: 0,
      count: 0,
      block: used.isNullObject
        ? null
        : { r0: used.rowIndex, c0: used.columnIndex, rows: used.rowCount, cols: used.columnCount },
    }),
  };
}

/** One page of a paged read: rows `r0 .. r0 + rows - 1` of a sheet's block. */
export interface Page {
  sheet: string;
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  values?: unknown[][];
  formats?: string[][];
}

export function queuePage(ctx: Excel.RequestContext, page: Page): Pending<void> {
  const range = ctx.workbook.worksheets
    .getItem(page.sheet)
    .getRange(a1(page.r0, page.c0, page.rows, page.cols));
  range.load('values,numberFormat');
  return {
    finish: () => {
      page.values = range.values;
      page.formats = range.numberFormat as string[][];
    },
  };
}

/** A sheet put back together from its extent and its pages. */
export function finishPaged(extent: Extent, pages: Page[]): SheetRead {
  const values = pages.flatMap((p) => p.values ?? []);
  const formats = pages.flatMap((p) => p.formats ?? []);
  if (extent.table)
    return finishTable(extent.sheet, {
      table: extent.table,
      headerValues: extent.headerValues,
      headerRow: extent.headerRow,
      left: extent.left,
      count: extent.count,
      values,
      formats,
    });
  return finishPlain(
    extent.sheet,
    extent.block ? { rowIndex: extent.block.r0, columnIndex: extent.block.c0, values, formats } : null,
  );
}
