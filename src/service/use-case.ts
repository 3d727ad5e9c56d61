/**
 * A use case is "which sheets to read" plus "what to decide over them". The same object runs on a
 * synchronous host (Apps Script, memory) and on an asynchronous one (local .xlsx, Excel): the two
 * drivers below are the only place that knows the difference.
 */
import type { Plan } from '../core/plan';
import { isEmptyPlan } from '../core/plan';
import type { Snapshots } from '../core/records';
import type { TableSnapshot } from '../core/table';
import { SETUP_SHEET, type Schema } from '../core/schema';
import { readSchema } from '../core/setup';
import type { AsyncDocument, RowFilter, SheetPosition, SyncDocument } from '../ports';

export interface UseCase<R> {
  /** Sheets to read besides Setup, given the schema (and the cursor, when `needsCursor`). */
  sheets(schema: Schema, cursor?: SheetPosition | null): readonly string[];
  /** Of those, the tables where only some rows are needed (ports.ts, RowFilter); `decide` must be right either way. */
  filters?(schema: Schema): readonly RowFilter[];
  decide(snap: Snapshots, cursor?: SheetPosition | null): { plan: Plan; result: R; select?: SheetPosition };
  /** Ask the host where the person's cursor is before reading (hosts without a sheet say null). */
  needsCursor?: boolean;
  /** Read-only use cases skip the lock and the write. */
  readOnly?: boolean;
  /** Runs on a workbook without a Setup sheet too (with an empty schema): setting a register up. */
  schemaOptional?: boolean;
}

function schemaOf(useCase: UseCase<unknown>, names: string[], setup: Map<string, TableSnapshot>): Schema {
  if (useCase.schemaOptional && !names.includes(SETUP_SHEET)) return { tables: [] };
  return readSchema(setup.get(SETUP_SHEET));
}

function snapshots(
  schema: Schema,
  tables: Snapshots['tables'],
  names: string[],
  env: Snapshots['env'],
): Snapshots {
  return { schema, tables, sheetNames: new Set(names), env };
}

export function runSync<R>(doc: SyncDocument, useCase: UseCase<R>): R {
  const body = () => {
    const names = doc.sheetNames();
    const schema = schemaOf(useCase, names, doc.read([SETUP_SHEET]));
    const cursor = useCase.needsCursor ? (doc.activeCell?.() ?? null) : null;
    const tables = doc.read(
      useCase.sheets(schema, cursor).filter((s) => names.includes(s)),
      useCase.filters?.(schema),
    );
    const { plan, result, select } = useCase.decide(snapshots(schema, tables, names, doc.env()), cursor);
    if (!isEmptyPlan(plan)) doc.apply(plan);
    if (select) doc.select?.(select);
    return result;
  };
  return useCase.readOnly ? body() : doc.withLock(body);
}

export async function runAsync<R>(doc: AsyncDocument, useCase: UseCase<R>): Promise<R> {
  const body = async () => {
    const names = await doc.sheetNames();
    const schema = schemaOf(useCase, names, await doc.read([SETUP_SHEET]));
    const cursor = useCase.needsCursor ? ((await doc.activeCell?.()) ?? null) : null;
    const tables = await doc.read(
      useCase.sheets(schema, cursor).filter((s) => names.includes(s)),
      useCase.filters?.(schema),
    );
    const { plan, result, select } = useCase.decide(snapshots(schema, tables, names, doc.env()), cursor);
    if (!isEmptyPlan(plan)) await doc.apply(plan);
    if (select) await doc.select?.(select);
    return result;
  };
  return useCase.readOnly ? body() : doc.withLock(body);
}
