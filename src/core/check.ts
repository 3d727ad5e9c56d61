/**
 * "Validate register": every table's header and every row, with the same rules a save applies,
 * listed by table, record ID and field. Reads only; fixes nothing.
 */
import { cellText } from './cells';
import { RegisterError } from './errors';
import { checkRecord, view, type Snapshots } from './records';
import { ID_COLUMN, type TableDef } from './schema';
import { cellAt, dataRowIndexes } from './table';
import { cellToValue, normalizeValue, valueText, type FieldValue } from './values';

export interface RowProblem {
  table: string;
  id: string;
  /** 1-based sheet row. */
  row: number;
  field: string;
  message: string;
}

export interface CheckReport {
  tables: { table: string; rows: number }[];
  problems: RowProblem[];
}

function checkTable(snap: Snapshots, def: TableDef, report: CheckReport): void {
  let v;
  try {
    v = view(snap, def);
  } catch (e) {
    if (!(e instanceof RegisterError)) throw e;
    report.problems.push({ table: def.name, id: '', row: 1, field: '', message: e.message });
    return;
  }
  const rows = dataRowIndexes(v);
  report.tables.push({ table: def.name, rows: rows.length });
  const seenIds = new Map<string, number>();
  const seenUnique = new Map<string, string>();
  for (const row of rows) {
    const sheetRow = row + 2;
    const id = cellText(cellAt(v, row, ID_COLUMN)).trim();
    const add = (field: string, message: string) =>
      report.problems.push({ table: def.name, id, row: sheetRow, field, message });
    if (!id)
      add(
        ID_COLUMN,
        'is empty: the row was typed into the sheet directly; add it through the sidebar or give it an ID',
      );
    else if (!new RegExp(`^${def.prefix}-\\d+$`).test(id))
      add(ID_COLUMN, `"${id}" is not an ID of the form ${def.prefix}-0001`);
    else if (seenIds.has(id)) add(ID_COLUMN, `${id} appears twice (rows ${seenIds.get(id)} and ${sheetRow})`);
    if (id) seenIds.set(id, sheetRow);

    const values: Record<string, FieldValue> = {};
    const problems: { field: string; message: string }[] = [];
    for (const f of def.fields) {
      const value = cellToValue(f, cellAt(v, row, f.name));
      values[f.name] = value;
      if (value === null || (Array.isArray(value) && value.length === 0)) continue;
      if (f.type === 'date' && typeof cellAt(v, row, f.name) === 'string') {
        problems.push({ field: f.name, message: `"${valueText(value)}" is text, not a date` });
        continue;
      }
      const n = normalizeValue(f, value);
      if (!n.ok) problems.push({ field: f.name, message: n.message });
      else if (f.type !== 'reference') values[f.name] = n.value;
      if (f.rules.unique || f.rules.uniquePer) {
        const scope = f.rules.uniquePer ? `${valueText(values[f.rules.uniquePer] ?? null)}|` : '';
        const key = `${f.name}|${scope}${valueText(value).trim().toLowerCase()}`;
        const other = seenUnique.get(key);
        if (other !== undefined)
          problems.push({
            field: f.name,
            message: `"${valueText(value)}" is also used by ${other || 'another row'}`,
          });
        else seenUnique.set(key, id);
      }
    }
    try {
      checkRecord(snap, v, values, id, problems, { unique: false });
    } catch (e) {
      // A table this one refers to cannot be read (say its header lost a column): that table's
      // own check reports it once, so carry on rather than abort the whole report.
      if (!(e instanceof RegisterError) || e.code !== 'schema') throw e;
    }
    for (const p of problems) add(p.field, p.message);
  }
}

export function checkRegister(snap: Snapshots): CheckReport {
  const report: CheckReport = { tables: [], problems: [] };
  for (const def of snap.schema.tables) checkTable(snap, def, report);
  return report;
}
