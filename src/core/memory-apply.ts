/**
 * Apply a plan to in-memory snapshots. The memory host stores its workbook this way, and core uses
 * it to simulate a sequence of decisions (a sample data set, a bulk import) as one plan.
 */
import { cellText, type Cell } from './cells';
import { RegisterError } from './errors';
import type { Plan, StructureOp, TableWrite } from './plan';
import { reportExtent, reportRewrite } from './summary/layout';
import type { TableSnapshot } from './table';

function headerIndex(snap: TableSnapshot): Map<string, number> {
  const m = new Map<string, number>();
  snap.header.forEach((h, i) => {
    const key = cellText(h).trim().toLowerCase();
    if (key && !m.has(key)) m.set(key, i);
  });
  return m;
}

export function applyStructureInMemory(op: StructureOp, tables: Map<string, TableSnapshot>): void {
  if (op.op === 'createSheet') {
    if (tables.has(op.sheet))
      throw new RegisterError('internal', `A sheet named "${op.sheet}" already exists`);
    tables.set(op.sheet, { name: op.sheet, header: [...op.header], rows: [] });
  } else if (op.op === 'addColumns') {
    const snap = tables.get(op.sheet);
    if (!snap) throw new RegisterError('internal', `No sheet "${op.sheet}"`);
    const trimmed = snap.header.slice(0, lastNonEmpty(snap.header) + 1);
    const at = op.before ? headerIndex(snap).get(op.before.toLowerCase()) : undefined;
    const index = at ?? trimmed.length;
    snap.header = [...trimmed.slice(0, index), ...op.headers, ...trimmed.slice(index)];
    snap.rows = snap.rows.map((r) => {
      const row = [...r];
      while (row.length < index) row.push('');
      row.splice(index, 0, ...op.headers.map(() => ''));
      return row;
    });
  } else if (op.op === 'writeReport') applyReportInMemory(op, tables);
  // Freezing, validation and protection have no meaning for plain snapshots (nor has a chart).
}

/** A report sheet: the block it wrote last time replaced, what lies below moved to fit (summary/layout.ts). */
function applyReportInMemory(
  op: Extract<StructureOp, { op: 'writeReport' }>,
  tables: Map<string, TableSnapshot>,
): void {
  const snap = tables.get(op.sheet) ?? { name: op.sheet, header: [], rows: [] };
  tables.set(op.sheet, snap);
  const grid: Cell[][] = [snap.header, ...snap.rows].map((r) => [...r]);
  const rewrite = reportRewrite(reportExtent(op.sheet, grid), grid, op.block);
  const { shift } = rewrite;
  if (shift && shift.count > 0) grid.splice(shift.after, 0, ...Array.from({ length: shift.count }, () => []));
  if (shift && shift.count < 0) grid.splice(shift.after, -shift.count);
  for (let r = 0; r < rewrite.clearRows; r++) {
    const row = (grid[r] ??= []);
    for (let c = 0; c < rewrite.clearCols; c++) row[c] = '';
  }
  op.block.cells.forEach((cells, r) => cells.forEach((cell, c) => (grid[r]![c] = cell)));
  for (const row of grid) for (let c = 0; c < row.length; c++) row[c] ??= '';
  snap.header = grid[0] ?? [];
  snap.rows = grid.slice(1);
}

function lastNonEmpty(cells: Cell[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cellText(cells[i]).trim() !== '') return i;
  return -1;
}

export function applyWriteInMemory(w: TableWrite, tables: Map<string, TableSnapshot>): void {
  const snap = tables.get(w.table);
  if (!snap) throw new RegisterError('internal', `No sheet "${w.table}" to write to`);
  const cols = headerIndex(snap);
  const colOf = (name: string) => {
    const c = cols.get(name.toLowerCase());
    if (c === undefined) throw new RegisterError('internal', `${w.table}: no column "${name}"`);
    return c;
  };
  if (w.updates.length > 0) {
    const keyCol = colOf(w.keyColumn);
    const rowOfKey = new Map<string, number>();
    snap.rows.forEach((r, i) => {
      const k = cellText(r[keyCol]);
      if (!rowOfKey.has(k)) rowOfKey.set(k, i);
    });
    for (const u of w.updates) {
      const i = rowOfKey.get(u.key);
      if (i === undefined) throw new RegisterError('not-found', `${w.table}: row ${u.key} disappeared`);
      const row = snap.rows[i]!;
      for (const [name, value] of Object.entries(u.values)) row[colOf(name)] = value;
    }
  }
  const width = snap.header.length;
  for (const a of w.appends) {
    const row: Cell[] = new Array<Cell>(width).fill('');
    for (const [name, value] of Object.entries(a)) row[colOf(name)] = value;
    snap.rows.push(row);
  }
}

export function applyPlanInMemory(plan: Plan, tables: Map<string, TableSnapshot>): void {
  for (const op of plan.structure) applyStructureInMemory(op, tables);
  for (const w of plan.writes) applyWriteInMemory(w, tables);
}
