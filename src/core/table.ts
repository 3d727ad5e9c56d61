/**
 * A table snapshot mapped by header name. Columns are found by their header on every read, never
 * by position: users reorder columns, insert their own, sort and filter.
 */
import { cellText, type Cell } from './cells';
import { RegisterError } from './errors';
import { expectedHeader, ID_COLUMN, type TableDef } from './schema';

/** What a host hands to core for one sheet: the header row and the data rows below it. */
export interface TableSnapshot {
  name: string;
  header: Cell[];
  rows: Cell[][];
}

export interface TableView {
  def: TableDef;
  snapshot: TableSnapshot;
  /** Column index (0-based) by lower-cased header. */
  columns: Map<string, number>;
  /** Row index (0-based into snapshot.rows) by record ID. */
  rowOfId: Map<string, number>;
}

export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Map header names to column indexes; a known column that appears twice is an error. */
export function mapHeader(
  sheet: string,
  header: Cell[],
  known: readonly string[],
): { columns: Map<string, number>; missing: string[] } {
  const columns = new Map<string, number>();
  const knownKeys = new Set(known.map((k) => k.toLowerCase()));
  header.forEach((cell, i) => {
    const key = cellText(cell).trim().toLowerCase();
    if (!key) return;
    const seen = columns.get(key);
    if (seen !== undefined) {
      if (knownKeys.has(key))
        throw new RegisterError(
          'schema',
          `${sheet}: the column "${cellText(cell).trim()}" appears twice (columns ${columnLetter(seen)} and ${columnLetter(i)}); rename or remove one`,
        );
      return;
    }
    columns.set(key, i);
  });
  const missing = known.filter((k) => !columns.has(k.toLowerCase()));
  return { columns, missing };
}

/** Open a register table for reading and writing; refuses a sheet whose header lost a column. */
export function openTable(def: TableDef, snapshot: TableSnapshot | undefined): TableView {
  if (!snapshot)
    throw new RegisterError('schema', `${def.name}: there is no sheet "${def.name}"; run Set up register`);
  if (snapshot.header.every((c) => cellText(c).trim() === ''))
    throw new RegisterError('schema', `${def.name}: the sheet has no header row; run Set up register`);
  const { columns, missing } = mapHeader(def.name, snapshot.header, expectedHeader(def));
  if (missing.length > 0)
    throw new RegisterError(
      'schema',
      `${def.name}: ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing from the header row (renamed or deleted?). Rename the column back, or run Set up register to add it.`,
    );
  const idCol = columns.get(ID_COLUMN.toLowerCase())!;
  const rowOfId = new Map<string, number>();
  snapshot.rows.forEach((row, i) => {
    const id = cellText(row[idCol]).trim();
    if (id && !rowOfId.has(id)) rowOfId.set(id, i);
  });
  return { def, snapshot, columns, rowOfId };
}

export function cellAt(view: TableView, rowIndex: number, column: string): Cell {
  const col = view.columns.get(column.toLowerCase());
  if (col === undefined) return '';
  return view.snapshot.rows[rowIndex]?.[col] ?? '';
}

/** Rows that are not blank (a sheet often has empty rows left by deletions or filters). */
export function dataRowIndexes(view: TableView): number[] {
  const out: number[] = [];
  view.snapshot.rows.forEach((row, i) => {
    if (row.some((c) => cellText(c).trim() !== '')) out.push(i);
  });
  return out;
}

/**
 * A filtered read done in memory (ports.ts, RowFilter): the header and the rows whose `column` reads
 * as one of `keys`, matched the way `openTable` matches IDs (the cell's text, trimmed), in sheet
 * order. A sheet without that column comes back whole: a filter may only ever leave rows out.
 */
export function filterRows(snapshot: TableSnapshot, column: string, keys: readonly string[]): TableSnapshot {
  const wanted = column.trim().toLowerCase();
  const col = snapshot.header.findIndex((c) => cellText(c).trim().toLowerCase() === wanted);
  if (col < 0) return snapshot;
  const set = new Set(keys.map((k) => k.trim()));
  return { ...snapshot, rows: snapshot.rows.filter((r) => set.has(cellText(r[col]).trim())) };
}
