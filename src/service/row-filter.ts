/**
 * The rows a mail's step re-reads. Before each mail, a merge or chase run re-reads the records it is
 * about, to send them as they read now (service/merge-driver.ts). Only those records' rows are needed
 * from their own table, unless a table the step reads references that table: then a reference could
 * lead to any of its rows, and the whole table is read.
 */
import { findTable, ID_COLUMN, type Schema } from '../core/schema';
import type { RowFilter } from '../ports';

export function recordRows(
  schema: Schema,
  table: string,
  ids: readonly string[],
  read: readonly string[],
): RowFilter[] {
  const def = findTable(schema, table);
  if (!def) return [];
  const refersBack = read.some((name) =>
    findTable(schema, name)?.fields.some(
      (f) => f.references !== undefined && findTable(schema, f.references)?.name === def.name,
    ),
  );
  return refersBack ? [] : [{ sheet: def.name, column: ID_COLUMN, keys: ids }];
}
