/**
 * "Set up register": create or repair every table's sheet from the schema. Repair only adds:
 * it never deletes a column, a row or a value, and never touches a column it does not know.
 */
import { cellText } from './cells';
import { RegisterError } from './errors';
import { OWNED_SHEETS, META_SHEET } from './logs';
import { emptyPlan, type Plan } from './plan';
import {
  expectedHeader,
  parseSchema,
  SETUP_HEADER,
  SETUP_SHEET,
  SYSTEM_COLUMNS,
  SYSTEM_TAIL,
  type Schema,
  type SetupRow,
} from './schema';
import { mapHeader, type TableSnapshot } from './table';

/** Read the Setup sheet into a schema; a broken Setup is an error that lists every problem. */
export function readSchema(setup: TableSnapshot | undefined): Schema {
  if (!setup)
    throw new RegisterError(
      'schema',
      'This workbook has no Setup sheet: create the register first (Set up register, or backoffice init).',
    );
  const { columns, missing } = mapHeader(SETUP_SHEET, setup.header, ['Table', 'Field', 'Type']);
  if (missing.length > 0)
    throw new RegisterError(
      'schema',
      `Setup: the header row is missing ${missing.map((m) => `"${m}"`).join(', ')}`,
    );
  const rows: SetupRow[] = setup.rows.map((row, i) => {
    const cells = {} as SetupRow['cells'];
    for (const name of SETUP_HEADER) {
      const col = columns.get(name.toLowerCase());
      cells[name] = col === undefined ? '' : (row[col] ?? '');
    }
    return { row: i + 2, cells };
  });
  const { schema, problems } = parseSchema(rows);
  if (problems.length > 0)
    throw new RegisterError(
      'schema',
      `Setup has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  return schema;
}

export interface SetupReport {
  changes: string[];
  problems: string[];
}

/** Every sheet the setup decision reads: Setup, each table and the sheets the register owns. */
export function setupSheets(schema: Schema): string[] {
  return [...schema.tables.map((t) => t.name), ...Object.keys(OWNED_SHEETS)];
}

export function decideSetup(
  schema: Schema,
  tables: Map<string, TableSnapshot>,
): { plan: Plan; result: SetupReport } {
  const plan = emptyPlan();
  const changes: string[] = [];
  const problems: string[] = [];

  const ensure = (sheet: string, header: string[], hidden: boolean, before?: string) => {
    const snap = tables.get(sheet);
    if (!snap || (snap.header.every((c) => cellText(c).trim() === '') && snap.rows.length === 0)) {
      if (!snap) plan.structure.push({ op: 'createSheet', sheet, header, hidden });
      else plan.structure.push({ op: 'addColumns', sheet, headers: header });
      changes.push(`${sheet}: created with columns ${header.join(', ')}`);
      return true;
    }
    let mapped;
    try {
      mapped = mapHeader(sheet, snap.header, header);
    } catch (e) {
      problems.push((e as Error).message);
      return false;
    }
    if (mapped.missing.length > 0) {
      if (snap.header.every((c) => cellText(c).trim() === ''))
        problems.push(`${sheet}: the header row is empty but the sheet has data; add the header row by hand`);
      else {
        const fields = mapped.missing.filter((m) => !SYSTEM_TAIL.includes(m as (typeof SYSTEM_TAIL)[number]));
        const system = mapped.missing.filter((m) => SYSTEM_TAIL.includes(m as (typeof SYSTEM_TAIL)[number]));
        const beforeExists = before && mapped.columns.has(before.toLowerCase());
        if (fields.length > 0)
          plan.structure.push({
            op: 'addColumns',
            sheet,
            headers: fields,
            ...(beforeExists ? { before } : {}),
          });
        if (system.length > 0) plan.structure.push({ op: 'addColumns', sheet, headers: system });
        changes.push(
          `${sheet}: added ${mapped.missing.length === 1 ? 'column' : 'columns'} ${mapped.missing.join(', ')}`,
        );
      }
    }
    return true;
  };

  for (const table of schema.tables) {
    if (!ensure(table.name, expectedHeader(table), false, SYSTEM_TAIL[0])) continue;
    plan.structure.push({ op: 'freezeHeader', sheet: table.name });
    for (const f of table.fields) {
      if (f.type === 'choice')
        plan.structure.push({ op: 'listValidation', sheet: table.name, column: f.name, values: f.choices });
      if (f.type === 'yes/no')
        plan.structure.push({ op: 'checkboxValidation', sheet: table.name, column: f.name });
      if (f.type === 'reference' && f.references)
        plan.structure.push({
          op: 'referenceValidation',
          sheet: table.name,
          column: f.name,
          target: f.references,
        });
    }
    plan.structure.push({
      op: 'protectColumns',
      sheet: table.name,
      columns: [...SYSTEM_COLUMNS],
      description: 'Backoffice Register system columns: edit records through the sidebar',
    });
  }
  for (const [sheet, header] of Object.entries(OWNED_SHEETS)) {
    if (ensure(sheet, header, sheet === META_SHEET) && sheet !== META_SHEET)
      plan.structure.push({ op: 'freezeHeader', sheet });
  }
  return { plan, result: { changes, problems } };
}
