/**
 * What a use case asks a host to do, computed in core from snapshots: sheets to create or repair,
 * and per table one batch of row updates (keyed by a key column, never by row number) and appends
 * (keyed by header name). A host applies each table's batch in one write.
 */
import type { Cell } from './cells';

export type StructureOp =
  | { op: 'createSheet'; sheet: string; header: string[]; hidden?: boolean }
  | { op: 'addColumns'; sheet: string; headers: string[]; before?: string }
  | { op: 'freezeHeader'; sheet: string }
  | { op: 'listValidation'; sheet: string; column: string; values: string[] }
  /** Yes/no fields: a checkbox in Sheets, a TRUE/FALSE list where the host has no checkbox. */
  | { op: 'checkboxValidation'; sheet: string; column: string }
  | { op: 'referenceValidation'; sheet: string; column: string; target: string }
  | { op: 'protectColumns'; sheet: string; columns: string[]; description: string }
  /** A generated summary sheet (core/summary): its rows 1..N rewritten in one batch, notes below kept. */
  | { op: 'writeReport'; sheet: string; block: ReportBlock };

/**
 * A report sheet's content from row 1 down to its end-of-report marker row. A host finds the block
 * it wrote last time by that marker (core/summary/layout.ts `reportExtent`), moves what a person
 * wrote below it up or down to fit the new block, and writes the block with one write.
 */
export interface ReportBlock {
  /** Rows 1..N, each exactly as wide as `formats`; the last row is the end-of-report marker. */
  cells: Cell[][];
  /** 1-based rows of the table's header and of its last row (the total row). */
  headerRow: number;
  lastTableRow: number;
  /** A number format per column for the rows below the header; the same codes work in Sheets and Excel. */
  formats: string[];
  /** 1-based rows drawn bold (header, total); row 1 is the title, bold and larger. */
  boldRows: number[];
  /** Column widths, in characters. */
  widths: number[];
  chart?: ReportChart;
}

/** An embedded chart over the block's own cells, replacing the report's previous chart. */
export interface ReportChart {
  type: 'bar' | 'column' | 'line' | 'pie';
  title: string;
  /** 1-based columns of the block: the categories, then one per series (named in the header row). */
  categoryColumn: number;
  seriesColumns: number[];
  /** 1-based rows: the header row (series names) and the last data row (the total row is left out). */
  firstRow: number;
  lastRow: number;
  stacked: boolean;
  /** The chart's top-left cell (1-based) and its size in pixels. */
  row: number;
  column: number;
  width: number;
  height: number;
}

export interface RowUpdate {
  key: string;
  values: Record<string, Cell>;
}

export interface TableWrite {
  table: string;
  keyColumn: string;
  updates: RowUpdate[];
  appends: Record<string, Cell>[];
}

export interface Plan {
  structure: StructureOp[];
  writes: TableWrite[];
}

export function emptyPlan(): Plan {
  return { structure: [], writes: [] };
}

/** The write batch for a table, created on first use, so each table gets exactly one. */
export function writeFor(plan: Plan, table: string, keyColumn = 'ID'): TableWrite {
  let w = plan.writes.find((x) => x.table === table);
  if (!w) {
    w = { table, keyColumn, updates: [], appends: [] };
    plan.writes.push(w);
  }
  return w;
}

export function isEmptyPlan(plan: Plan): boolean {
  return (
    plan.structure.length === 0 && plan.writes.every((w) => w.updates.length === 0 && w.appends.length === 0)
  );
}

/**
 * Append plan `b` to plan `a` (in place). An update of a row that `a` appends is folded into that
 * append, so a merged plan never updates a row that does not exist yet.
 */
export function mergeInto(a: Plan, b: Plan): Plan {
  a.structure.push(...b.structure);
  for (const w of b.writes) {
    const target = writeFor(a, w.table, w.keyColumn);
    for (const u of w.updates) {
      const appended = target.appends.find((r) => r[target.keyColumn] === u.key);
      if (appended) Object.assign(appended, u.values);
      else {
        const earlier = target.updates.find((x) => x.key === u.key);
        if (earlier) Object.assign(earlier.values, u.values);
        else target.updates.push({ key: u.key, values: { ...u.values } });
      }
    }
    target.appends.push(...w.appends.map((r) => ({ ...r })));
  }
  return a;
}
