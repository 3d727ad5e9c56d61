/**
 * `backoffice import`: a CSV file's rows as new records of one table, all or none. The header row
 * names the fields; an empty cell means "not given", so the field's default applies.
 */
import { RegisterError, type FieldProblem } from '../core/errors';
import { findField, findTable, SYSTEM_COLUMNS, type TableDef } from '../core/schema';
import type { SchemaInfo } from '../service/register';
import { parseCsv, type CsvRecord } from './csv';

export interface CsvRows {
  table: string;
  rows: Record<string, string>[];
  /** The CSV row (header = 1) of each entry of `rows`; blank lines are skipped. */
  csvRows: number[];
}

function tableOf(schema: SchemaInfo, name: string): TableDef {
  const def = findTable({ tables: schema.tables }, name);
  if (!def)
    throw new RegisterError(
      'not-found',
      `There is no table "${name}" in Setup (tables: ${schema.tables.map((t) => t.name).join(', ')})`,
    );
  return def;
}

/** Map the header to field names, listing every column that is not a field of the table. */
function mapColumns(def: TableDef, header: string[]): (string | null)[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  const fields = header.map((raw, i) => {
    const name = raw.trim();
    const column = `Row 1: column ${i + 1}${name ? ` "${name}"` : ''}`;
    if (!name) {
      problems.push({
        field: column,
        message: 'has no name: every column needs a field name in the header row',
      });
      return null;
    }
    const field = findField(def, name);
    if (!field) {
      const system = SYSTEM_COLUMNS.some((s) => s.toLowerCase() === name.toLowerCase());
      problems.push({
        field: column,
        message: system
          ? 'is kept by the register and cannot be imported; remove the column'
          : `is not a field of ${def.name} (fields: ${def.fields.map((f) => f.name).join(', ')})`,
      });
      return null;
    }
    const earlier = seen.get(field.name);
    if (earlier !== undefined)
      problems.push({ field: column, message: `repeats column ${earlier + 1} (${field.name})` });
    seen.set(field.name, i);
    return field.name;
  });
  if (problems.length > 0)
    throw new RegisterError('invalid', `${def.name}: nothing imported, the header row is wrong`, problems);
  return fields;
}

const isBlank = (r: CsvRecord) => r.fields.every((f) => f.trim() === '');

/** Parse the CSV text into rows of field values for `table`. */
export function csvToRows(
  text: string,
  schema: SchemaInfo,
  table: string,
  onProgress?: (done: number, total: number) => void,
): CsvRows {
  const def = tableOf(schema, table);
  const records = parseCsv(text, onProgress);
  const [head, ...body] = records;
  if (!head || isBlank(head))
    throw new RegisterError('invalid', 'The CSV is empty: it needs a header row of field names', []);
  const fields = mapColumns(def, head.fields);
  const rows: Record<string, string>[] = [];
  const csvRows: number[] = [];
  const problems: FieldProblem[] = [];
  for (const rec of body) {
    if (isBlank(rec)) continue;
    const extra = rec.fields.slice(fields.length).filter((f) => f.trim() !== '');
    if (extra.length > 0) {
      problems.push({
        field: `Row ${rec.row}`,
        message: `has ${rec.fields.length} values but the header has ${fields.length} columns`,
      });
      continue;
    }
    const row: Record<string, string> = {};
    fields.forEach((name, i) => {
      const value = rec.fields[i] ?? '';
      if (name && value.trim() !== '') row[name] = value;
    });
    rows.push(row);
    csvRows.push(rec.row);
  }
  if (problems.length > 0) throw new RegisterError('invalid', `${def.name}: nothing imported`, problems);
  return { table: def.name, rows, csvRows };
}

/**
 * Core numbers import problems "Row N" from 2 for the first row it is given; blank CSV lines were
 * not given, so put the CSV's own row numbers back.
 */
export function renumberProblems(problems: FieldProblem[], csvRows: number[]): FieldProblem[] {
  return problems.map((p) => {
    const m = /^Row (\d+)(.*)$/s.exec(p.field);
    const csvRow = m ? csvRows[Number(m[1]) - 2] : undefined;
    return csvRow === undefined ? p : { ...p, field: `Row ${csvRow}${m![2]}` };
  });
}
