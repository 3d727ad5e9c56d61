/**
 * The real starter register with its sample data, in memory, for the mail tests: snapshots of every
 * table, records as the service reads them, and a merge context in a chosen locale and time zone.
 */
import { emptyPlan } from '../../../src/core/plan';
import {
  listRecords,
  recordAt,
  view,
  tableDef,
  type RecordOut,
  type Snapshots,
} from '../../../src/core/records';
import { parseSchema, SETUP_HEADER, type Schema, type SetupRow } from '../../../src/core/schema';
import { dataRowIndexes } from '../../../src/core/table';
import type { FieldValue } from '../../../src/core/values';
import { mergeContext } from '../../../src/core/mail/resolver';
import type { MergeContext } from '../../../src/core/mail/render';
import { MemoryDocument } from '../../../src/hosts/memory/memory-document';
import { setupRegister } from '../../../src/service/register';
import { runSync, type UseCase } from '../../../src/service/use-case';

export const NOW = Date.parse('2026-03-29T10:00:00Z');

function readAll(): UseCase<Snapshots> {
  return {
    readOnly: true,
    sheets: (s) => s.tables.map((t) => t.name),
    decide: (snap) => ({ plan: emptyPlan(), result: snap }),
  };
}

export interface Register {
  snap: Snapshots;
  /** Records as a list shows them (confidential fields left out). */
  records(table: string): RecordOut[];
  /** Records as an opened record shows them, confidential fields included. */
  fullRecords(table: string): RecordOut[];
  ctx(locale?: string, timeZone?: string, nowMs?: number): MergeContext;
}

let cached: Snapshots | undefined;

/** The sample register, built once per test file (it is deterministic for a given day). */
export function sampleRegister(): Register {
  if (!cached) {
    const doc = new MemoryDocument(() => ({
      user: 'anna.ferri@backoffice.example',
      timeZone: 'Europe/Rome',
      locale: 'en_US',
      nowMs: NOW,
    }));
    runSync(doc, setupRegister({ sample: true }));
    cached = runSync(doc, readAll());
  }
  const snap = cached;
  return {
    snap,
    records: (table) => listRecords(snap, { table }).records,
    fullRecords: (table) => {
      const v = view(snap, tableDef(snap.schema, table));
      return dataRowIndexes(v).map((row) => recordAt(snap, v, row));
    },
    ctx: (locale = 'en_US', timeZone = 'Europe/Rome', nowMs = NOW) => ({
      ...mergeContext({ ...snap, env: { ...snap.env, locale, timeZone, nowMs } }),
    }),
  };
}

/** A schema from Setup-like rows [table, field, type, required, choices, references, default, rules, help, confidential, prefix]. */
export function schemaOf(rows: string[][]): Schema {
  const setupRows: SetupRow[] = rows.map((r, i) => ({
    row: i + 2,
    cells: Object.fromEntries(SETUP_HEADER.map((h, j) => [h, r[j] ?? ''])) as SetupRow['cells'],
  }));
  const { schema, problems } = parseSchema(setupRows);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return schema;
}

export function record(
  table: string,
  id: string,
  values: Record<string, FieldValue>,
  labels = {},
): RecordOut {
  return { table, id, version: 1, values, labels, created: '', createdBy: '', updated: '', updatedBy: '' };
}

/** A merge context over records held in a list, for hand-made schemas. */
export function listContext(
  schema: Schema,
  records: RecordOut[],
  more: Partial<MergeContext> = {},
): MergeContext {
  return {
    schema,
    locale: 'en_US',
    timeZone: 'Europe/Rome',
    nowMs: NOW,
    resolve: (table, id) => records.find((r) => r.table === table && r.id === id),
    ...more,
  };
}
