/**
 * Where a report's records come from: a register table (fields from Setup) or one of the logs the
 * register appends to (Correspondence, Audit; fixed headers, see logs.ts). Columns are found by
 * header on every build, and only the columns a report uses must be there: a report over Purchase
 * Orders does not stop working because someone renamed a column it never reads.
 */
import { cellText, type Cell } from '../cells';
import { RegisterError } from '../errors';
import { AUDIT_HEADER, AUDIT_SHEET, CORRESPONDENCE_HEADER, CORRESPONDENCE_SHEET } from '../logs';
import { findTable, ID_COLUMN, type FieldDef, type FieldType, type Schema, type TableDef } from '../schema';
import { mapHeader, type TableSnapshot } from '../table';
import { cellToValue, type FieldValue } from '../values';

/** The states a mail row goes through (core/merge): the columns of a report grouped by State. */
const MAIL_STATES = ['PENDING', 'SENDING', 'SENT', 'FAILED'];

function logField(table: string, name: string, type: FieldType, choices: string[] = []): FieldDef {
  return {
    table,
    name,
    type,
    required: false,
    choices,
    rules: { unique: false, display: false, list: false },
    help: '',
    confidential: false,
  };
}

/** A log sheet as a table definition, so reports treat it like any other table. */
function logTable(name: string, header: readonly string[]): TableDef {
  const fields = header.map((h) =>
    h === 'When'
      ? logField(name, h, 'date')
      : h === 'State' && name === CORRESPONDENCE_SHEET
        ? logField(name, h, 'choice', MAIL_STATES)
        : logField(name, h, 'text'),
  );
  return { name, prefix: '', fields, displayField: header[0] ?? '' };
}

export const LOG_TABLES: readonly string[] = [CORRESPONDENCE_SHEET, AUDIT_SHEET];

/** The table a report names, from Setup or among the logs; undefined when there is none. */
export function reportTableDef(schema: Schema, name: string): { def: TableDef; log: boolean } | undefined {
  const def = findTable(schema, name);
  if (def) return { def, log: false };
  const key = name.trim().toLowerCase();
  if (key === CORRESPONDENCE_SHEET.toLowerCase())
    return { def: logTable(CORRESPONDENCE_SHEET, CORRESPONDENCE_HEADER), log: true };
  if (key === AUDIT_SHEET.toLowerCase()) return { def: logTable(AUDIT_SHEET, AUDIT_HEADER), log: true };
  return undefined;
}

/** The ID column as a field, so a filter or a group can name it. */
export function idField(table: string): FieldDef {
  return logField(table, ID_COLUMN, 'text');
}

/** Reads one field of a row, already typed; references read as the ID (labels come separately). */
export type Reader = (row: Cell[]) => FieldValue;

export interface Source {
  def: TableDef;
  log: boolean;
  /** The data rows: non-blank, and with an ID in a register table (what listRecords counts). */
  rows: Cell[][];
  reader(field: FieldDef): Reader;
  /** The display text of a reference field's value, or the ID when there is no label to show. */
  label(field: FieldDef, id: string): string;
}

/**
 * Open a table for a report. `needed` are the fields it reads; a missing column is an error that
 * names the report, the column and the fix. `showLabel(target)` says whether a reference may show
 * the target's display field (not when that field is confidential and the report does not name it).
 */
export function openSource(
  report: string,
  schema: Schema,
  table: { def: TableDef; log: boolean },
  tables: Map<string, TableSnapshot>,
  needed: FieldDef[],
  showLabel: (field: FieldDef) => boolean,
): Source {
  const { def, log } = table;
  const snapshot = tables.get(def.name);
  if (!snapshot)
    throw new RegisterError(
      'schema',
      `Report "${report}": there is no sheet "${def.name}"${log ? ' yet (it is created when the first entry is logged; run Set up register)' : '; run Set up register'}`,
    );
  const wanted = [...new Set([...(log ? [] : [ID_COLUMN]), ...needed.map((f) => f.name)])];
  const { columns, missing } = mapHeader(def.name, snapshot.header, wanted);
  if (missing.length > 0)
    throw new RegisterError(
      'schema',
      `Report "${report}": ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing from ${def.name} (renamed or deleted?). Rename the column back, or run Set up register to add it.`,
    );
  const idCol = columns.get(ID_COLUMN.toLowerCase());
  const rows = snapshot.rows.filter((r) =>
    log || idCol === undefined ? r.some((c) => cellText(c).trim() !== '') : cellText(r[idCol]).trim() !== '',
  );

  const labels = new Map<string, Map<string, string>>();
  const labelsOf = (field: FieldDef): Map<string, string> => {
    const target = field.references;
    let map = target ? labels.get(target) : undefined;
    if (map) return map;
    map = new Map();
    const targetDef = target ? findTable(schema, target) : undefined;
    const targetSnap = targetDef && tables.get(targetDef.name);
    const display = targetDef && findDisplay(targetDef);
    if (targetDef && targetSnap && display && showLabel(display)) {
      const cols = mapHeader(targetDef.name, targetSnap.header, []).columns;
      const i = cols.get(ID_COLUMN.toLowerCase());
      const d = cols.get(display.name.toLowerCase());
      if (i !== undefined && d !== undefined)
        for (const r of targetSnap.rows) {
          const id = cellText(r[i]).trim();
          const text = cellText(r[d]).trim();
          if (id && text && !map.has(id)) map.set(id, text);
        }
    }
    if (target) labels.set(target, map);
    return map;
  };

  return {
    def,
    log,
    rows,
    reader(field) {
      const col = columns.get(field.name.toLowerCase());
      if (col === undefined) return () => null;
      return (row) => cellToValue(field, row[col]);
    },
    label(field, id) {
      return field.references ? (labelsOf(field).get(id) ?? id) : id;
    },
  };
}

function findDisplay(def: TableDef): FieldDef | undefined {
  return def.fields.find((f) => f.name === def.displayField);
}
