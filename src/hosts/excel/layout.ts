/**
 * What the host knows about the workbook during one operation: which sheets and tables exist (one
 * load when the operation starts), and for each sheet it read, where its register table sits.
 *
 * How a register table maps onto a TableSnapshot: the header is the Excel table's header row, the rows
 * are its data body, in sheet order, starting with the row under the header. A table with no data
 * shows one empty row for typing; that row is not a record. Cells outside the table (a note typed
 * below it that Excel did not take into the table, a column to its right) are not part of the
 * register. A sheet without a table (a person converted it to a range, or made the sheet by hand) is
 * read the way the other hosts read a sheet: row 1 is the header, the rows below up to the last used
 * one are the records.
 */
import type { Cell } from '../../core/cells';
import { tableNameFor } from './names';

export interface WorkbookMap {
  /** Sheet names, in the workbook's order. */
  sheets: string[];
  /** Table names per lower-cased sheet name, in the workbook's order. */
  tablesOf: Map<string, string[]>;
  /** Every table name, lower-cased (table names are unique in the workbook regardless of case). */
  tableNames: Set<string>;
}

/**
 * The register table of a sheet: the table named after the sheet when there is one, else the
 * sheet's first table, else none.
 */
export function registerTable(map: WorkbookMap, sheet: string): string | null {
  const tables = map.tablesOf.get(sheet.toLowerCase()) ?? [];
  const own = tableNameFor(sheet, new Set()).toLowerCase();
  return tables.find((t) => t.toLowerCase() === own) ?? tables[0] ?? null;
}

export function actualSheet(map: WorkbookMap, sheet: string): string | undefined {
  return (
    map.sheets.find((s) => s === sheet) ?? map.sheets.find((s) => s.toLowerCase() === sheet.toLowerCase())
  );
}

export interface Layout {
  sheet: string;
  /** The register table, or null for a plain sheet. */
  table: string | null;
  /** 0-based sheet row of the header. */
  headerRow: number;
  /** 0-based sheet column of the first column. */
  left: number;
  /** Header texts, trimmed; columns are found by these, ignoring case. */
  header: string[];
  /** The records as read; undefined when only the header was loaded. */
  rows?: Cell[][];
  /** Their number formats, as read. */
  formats?: string[][];
  /** Sheet rows below the header that belong to the register (a table's data rows; a plain sheet's used rows). */
  bodyRows: number;
  /** Number formats of the table's last row, which rows added below it inherit. */
  donor: string[] | null;
}

export function columnIndex(layout: Layout, name: string): number {
  const key = name.trim().toLowerCase();
  return layout.header.findIndex((h) => h.toLowerCase() === key);
}
