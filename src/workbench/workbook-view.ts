/**
 * The grid's view of the workbook, read straight from the .xlsx with ExcelJS rather than through the
 * register's document port: the grid shows every visible sheet as the user would see it in Excel,
 * including sheets and columns the register does not know. Parsed once per file version and cached,
 * so paging through a large sheet does not re-read the file.
 */
import ExcelJS from 'exceljs';
import { stat } from 'node:fs/promises';
import { isCellDate, isCellDateTime, type Cell } from '../core/cells';
import { ID_COLUMN } from '../core/schema';
import { snapshotOf } from '../hosts/local';
import type { GridCell, SheetPage } from './api-types';

interface SheetData {
  name: string;
  header: GridCell[];
  rows: GridCell[][];
}

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 5000;

/**
 * Inode, size and mtime: the local host saves by writing a temporary file and renaming it over the
 * workbook, so every save changes the inode even within the file system's mtime granularity.
 */
export async function fileVersion(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.ino}-${s.size}-${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** A core cell as the grid shows it: numbers stay numbers (right-aligned), everything else is text. */
export function gridCell(cell: Cell): GridCell {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isCellDate(cell)) return cell.date;
  // Minutes are what a register's timestamps are read at; seconds only when they are not :00.
  if (isCellDateTime(cell)) return cell.dateTime.replace('T', ' ').replace(/(\d{2}:\d{2}):00$/, '$1');
  return cell;
}

/** The same reading of a worksheet the local host gives the register (dates, formulas, rich text). */
function readSheet(ws: ExcelJS.Worksheet): SheetData {
  const snap = snapshotOf(ws);
  return { name: ws.name, header: snap.header.map(gridCell), rows: snap.rows.map((r) => r.map(gridCell)) };
}

/** The data row whose ID column (found by header, as everywhere) holds `id`; -1 when none does. */
function rowOfId(sheet: SheetData, id: string): number {
  const col = sheet.header.findIndex((h) => String(h).trim().toLowerCase() === ID_COLUMN.toLowerCase());
  if (col < 0) return -1;
  return sheet.rows.findIndex((r) => String(r[col] ?? '').trim() === id);
}

export class WorkbookView {
  private cached: { version: string; sheets: SheetData[] } | undefined;
  private loading: Promise<{ version: string; sheets: SheetData[] }> | undefined;

  constructor(private readonly file: string) {}

  /** Visible sheets in workbook order; hidden ones (the register's own `_Register`) are left out. */
  async sheets(): Promise<SheetData[]> {
    const version = await fileVersion(this.file);
    if (this.cached?.version === version) return this.cached.sheets;
    // Concurrent requests for the same new version share one parse.
    this.loading ??= this.load(version).finally(() => (this.loading = undefined));
    this.cached = await this.loading;
    return this.cached.sheets;
  }

  /**
   * Pages of rows. With `find` (a record ID), the page of `sheet` that holds that ID's row, and
   * `found`, its index: how the sidebar's "Go to row" reaches a record on a later page.
   */
  async page(
    opts: { sheet?: string; offset?: number; limit?: number; find?: string } = {},
  ): Promise<SheetPage[]> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(opts.limit ?? DEFAULT_PAGE_SIZE)));
    const all = await this.sheets();
    const chosen = opts.sheet === undefined ? all : all.filter((s) => s.name === opts.sheet);
    return chosen.map((s) => {
      const found = opts.find === undefined ? -1 : rowOfId(s, opts.find);
      const offset = found >= 0 ? found - (found % limit) : Math.max(0, Math.trunc(opts.offset ?? 0));
      const page: SheetPage = {
        name: s.name,
        header: s.header,
        rows: s.rows.slice(offset, offset + limit),
        offset,
        totalRows: s.rows.length,
      };
      if (found >= 0) page.found = found;
      return page;
    });
  }

  private async load(version: string): Promise<{ version: string; sheets: SheetData[] }> {
    if (version === 'missing') return { version, sheets: [] };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(this.file);
    const sheets = wb.worksheets
      .filter((ws) => ws.state === 'visible' || ws.state === undefined)
      .map(readSheet);
    return { version, sheets };
  }
}
