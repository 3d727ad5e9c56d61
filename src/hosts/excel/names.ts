/**
 * Addresses and table names. A register table is an Excel table on its sheet; the host names the
 * tables it creates after the sheet ("Purchase Orders" -> "tblPurchaseOrders"), with a suffix when
 * the name is taken. Table names start with a letter, hold letters, digits and underscores and are
 * unique in the workbook regardless of case (support.microsoft.com, "Rename an Excel table").
 */
import { columnLetter } from '../../core/table';

export { columnLetter };

/** Excel's grid: 1,048,576 rows (support.microsoft.com, "Excel specifications and limits"). */
export const MAX_ROWS = 1_048_576;

export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** An A1 address (0-based row and column indexes in, "B3:D3" out), without a sheet name. */
export function a1(row: number, col: number, rows = 1, cols = 1): string {
  const first = `${columnLetter(col)}${row + 1}`;
  if (rows === 1 && cols === 1) return first;
  return `${first}:${columnLetter(col + cols - 1)}${row + rows}`;
}

/** The table name for a sheet, unique among `taken` (lower-cased names). */
export function tableNameFor(sheet: string, taken: ReadonlySet<string>): string {
  const words = sheet.replace(/[^A-Za-z0-9]+/g, ' ').trim();
  const base = `tbl${words
    .split(' ')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}`;
  let name = base === 'tbl' ? 'tblRegister' : base;
  let n = 2;
  while (taken.has(name.toLowerCase())) name = `${base}_${n++}`;
  return name;
}
