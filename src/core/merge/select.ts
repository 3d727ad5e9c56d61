/**
 * Which records a merge takes: the template's table, narrowed by conditions (`Status=Ordered`, as
 * the list and the CLI write them) and by IDs (a selection), in sheet order.
 */
import { RegisterError } from '../errors';
import { listRecords, recordAt, tableDef, view, type RecordOut, type Snapshots } from '../records';
import { cellText } from '../cells';
import { ID_COLUMN } from '../schema';
import { cellAt, dataRowIndexes } from '../table';

export interface RecordSelection {
  where?: string[];
  ids?: string[];
}

/** Full records, confidential fields included: the merge checks refuse any the template may not use. */
export function selectRecords(snap: Snapshots, table: string, sel: RecordSelection): RecordOut[] {
  const def = tableDef(snap.schema, table);
  const v = view(snap, def);
  let rows: number[];
  if (sel.where && sel.where.length > 0)
    rows = listRecords(snap, { table: def.name, where: sel.where }).records.map((r) => v.rowOfId.get(r.id)!);
  else rows = dataRowIndexes(v).filter((row) => cellText(cellAt(v, row, ID_COLUMN)).trim() !== '');
  if (sel.ids) {
    const byLower = new Map([...v.rowOfId.keys()].map((id) => [id.toLowerCase(), id]));
    const wanted = new Set<string>();
    const unknown: string[] = [];
    for (const raw of sel.ids) {
      const id = byLower.get(String(raw).trim().toLowerCase());
      if (id) wanted.add(id);
      else unknown.push(String(raw));
    }
    if (unknown.length > 0)
      throw new RegisterError(
        'not-found',
        `${def.name} has no record ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` (and ${unknown.length - 10} more)` : ''}`,
      );
    rows = rows.filter((row) => wanted.has(cellText(cellAt(v, row, ID_COLUMN)).trim()));
  }
  return rows.map((row) => recordAt(snap, v, row));
}
