/**
 * Many records as one decision: a CSV import (all or nothing) or the sample data set. Each record
 * is decided against the snapshots as the previous ones left them (so IDs, uniqueness and
 * references inside the batch are right), and the plans merge into one.
 */
import { invalid, RegisterError, type FieldProblem } from './errors';
import { applyPlanInMemory } from './memory-apply';
import { emptyPlan, mergeInto, type Plan } from './plan';
import { decideCreate, tableDef, type Decision, type Snapshots } from './records';
import type { TableSnapshot } from './table';

function cloneTables(tables: Map<string, TableSnapshot>): Map<string, TableSnapshot> {
  const out = new Map<string, TableSnapshot>();
  for (const [k, v] of tables)
    out.set(k, { name: v.name, header: [...v.header], rows: v.rows.map((r) => [...r]) });
  return out;
}

export interface BulkResult {
  table: string;
  ids: string[];
}

/**
 * Decide creating every row, or none: the problems of every failing row are listed together.
 * `onRow(done, total)` is called after each row, synchronously (a CLI progress bar).
 */
export function decideCreateMany(
  snap: Snapshots,
  table: string,
  rows: Record<string, unknown>[],
  firstRowNumber = 1,
  onRow?: (done: number, total: number) => void,
): Decision<BulkResult> {
  const def = tableDef(snap.schema, table);
  const work: Snapshots = { ...snap, tables: cloneTables(snap.tables), sheetNames: new Set(snap.sheetNames) };
  const plan = emptyPlan();
  const ids: string[] = [];
  const problems: FieldProblem[] = [];
  rows.forEach((values, i) => {
    try {
      const d = decideCreate(work, { table: def.name, values });
      simulate(work, d.plan);
      mergeInto(plan, d.plan);
      ids.push(d.result.id);
    } catch (e) {
      if (!(e instanceof RegisterError) || e.code !== 'invalid') throw e;
      const where = `Row ${i + firstRowNumber}`;
      if (e.problems.length === 0) problems.push({ field: where, message: e.message });
      for (const p of e.problems) problems.push({ field: `${where}: ${p.field}`, message: p.message });
    }
    if (problems.length > 200) throw invalid(problems, `${def.name}: nothing imported (first 200 problems)`);
    onRow?.(i + 1, rows.length);
  });
  if (problems.length > 0) throw invalid(problems, `${def.name}: nothing imported`);
  return { plan, result: { table: def.name, ids } };
}

/** Apply a plan to working snapshots, keeping the sheet list in step. */
export function simulate(work: Snapshots, plan: Plan): void {
  for (const op of plan.structure) if (op.op === 'createSheet') work.sheetNames.add(op.sheet);
  // Sheets that were not read (the logs) only receive appends: nothing later decides over them.
  const created = plan.structure.filter(
    (op) => op.op === 'createSheet' && work.tables.has(op.sheet) === false,
  );
  const readable: Plan = {
    structure: plan.structure.filter((op) => work.tables.has(op.sheet) || created.includes(op)),
    writes: plan.writes.filter((w) => work.tables.has(w.table) || created.some((op) => op.sheet === w.table)),
  };
  applyPlanInMemory(readable, work.tables);
}
