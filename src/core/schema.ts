/**
 * The register describes itself: the `Setup` sheet lists every field of every table. This module
 * turns that sheet (a plain table snapshot) into a typed schema, or into a list of problems that
 * name the Setup row and column to fix.
 */
import { cellText, type Cell } from './cells';
import type { FieldProblem } from './errors';

export const SETUP_SHEET = 'Setup';
export const SETUP_HEADER = [
  'Table',
  'Field',
  'Type',
  'Required',
  'Choices',
  'References',
  'Default',
  'Rules',
  'Help',
  'Confidential',
  'ID prefix',
] as const;

export const FIELD_TYPES = [
  'text',
  'long text',
  'number',
  'currency',
  'date',
  'email',
  'phone',
  'URL',
  'choice',
  'multiple choice',
  'yes/no',
  'reference',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Columns the register owns on every table, in order: ID first, the rest last. */
export const ID_COLUMN = 'ID';
export const SYSTEM_TAIL = ['Created', 'Created by', 'Updated', 'Updated by', 'Version'] as const;
export const SYSTEM_COLUMNS: readonly string[] = [ID_COLUMN, ...SYSTEM_TAIL];

export interface FieldRules {
  unique: boolean;
  uniquePer?: string;
  min?: number;
  max?: number;
  notBefore?: string;
  notAfter?: string;
  display: boolean;
  /** An email field that holds a list of addresses. */
  list: boolean;
}

export interface FieldDef {
  table: string;
  name: string;
  type: FieldType;
  required: boolean;
  choices: string[];
  references?: string;
  default?: string;
  rules: FieldRules;
  help: string;
  confidential: boolean;
}

export interface TableDef {
  name: string;
  prefix: string;
  fields: FieldDef[];
  displayField: string;
}

export interface Schema {
  tables: TableDef[];
}

export function findTable(schema: Schema, name: string): TableDef | undefined {
  const key = name.trim().toLowerCase();
  return schema.tables.find((t) => t.name.toLowerCase() === key);
}

export function findField(table: TableDef, name: string): FieldDef | undefined {
  const key = name.trim().toLowerCase();
  return table.fields.find((f) => f.name.toLowerCase() === key);
}

/** The header a table's sheet should have, in order. */
export function expectedHeader(table: TableDef): string[] {
  return [ID_COLUMN, ...table.fields.map((f) => f.name), ...SYSTEM_TAIL];
}

const TYPE_ALIASES: Record<string, FieldType> = Object.fromEntries([
  ...FIELD_TYPES.map((t) => [t.toLowerCase(), t]),
  ['longtext', 'long text'],
  ['multiline', 'long text'],
  ['yes no', 'yes/no'],
  ['yesno', 'yes/no'],
  ['boolean', 'yes/no'],
  ['checkbox', 'yes/no'],
  ['multiple choices', 'multiple choice'],
  ['multi choice', 'multiple choice'],
  ['money', 'currency'],
  ['link', 'URL'],
  ['ref', 'reference'],
]);

export function parseFieldType(text: string): FieldType | undefined {
  return TYPE_ALIASES[text.trim().toLowerCase()];
}

export function parseYesNo(v: Cell | undefined): boolean {
  if (typeof v === 'boolean') return v;
  return /^(y|yes|true|x|1|✓)$/i.test(cellText(v).trim());
}

/** Choices are written comma-separated in Setup: "Goods, Services, Other". */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseRules(text: string, where: string, problems: FieldProblem[]): FieldRules {
  const rules: FieldRules = { unique: false, display: false, list: false };
  for (const raw of text.split(';')) {
    const rule = raw.trim();
    if (!rule) continue;
    let m: RegExpExecArray | null;
    if (/^unique$/i.test(rule)) rules.unique = true;
    else if ((m = /^unique per (.+)$/i.exec(rule))) rules.uniquePer = m[1]!.trim();
    else if ((m = /^min(?:imum)? (-?\d+(?:\.\d+)?)$/i.exec(rule))) rules.min = Number(m[1]);
    else if ((m = /^max(?:imum)? (-?\d+(?:\.\d+)?)$/i.exec(rule))) rules.max = Number(m[1]);
    else if (/^not negative$/i.test(rule)) rules.min = 0;
    else if ((m = /^not before (.+)$/i.exec(rule))) rules.notBefore = m[1]!.trim();
    else if ((m = /^not after (.+)$/i.exec(rule))) rules.notAfter = m[1]!.trim();
    else if (/^display$/i.test(rule)) rules.display = true;
    else if (/^list$/i.test(rule)) rules.list = true;
    else
      problems.push({
        field: where,
        message: `unknown rule "${rule}" (known: unique; unique per <field>; min <n>; max <n>; not negative; not before <field>; not after <field>; display; list)`,
      });
  }
  return rules;
}

const NAME_FORBIDDEN = /[{}.[\]]/;

export interface SetupRow {
  /** 1-based sheet row, for messages. */
  row: number;
  cells: Record<(typeof SETUP_HEADER)[number], Cell>;
}

/** Parse Setup rows (already mapped by header) into a schema. Problems name "Setup row N". */
export function parseSchema(rows: SetupRow[]): { schema: Schema; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const tables: TableDef[] = [];
  const byName = new Map<string, TableDef>();

  for (const { row, cells } of rows) {
    const tableName = cellText(cells.Table).trim();
    const fieldName = cellText(cells.Field).trim();
    const where = `Setup row ${row}`;
    if (!tableName && !fieldName) continue;
    if (!tableName) {
      problems.push({ field: where, message: 'Table is empty' });
      continue;
    }
    if (NAME_FORBIDDEN.test(tableName)) {
      problems.push({ field: where, message: `Table "${tableName}" must not contain { } . [ ]` });
      continue;
    }
    let table = byName.get(tableName.toLowerCase());
    if (!table) {
      table = { name: tableName, prefix: '', fields: [], displayField: '' };
      byName.set(tableName.toLowerCase(), table);
      tables.push(table);
    }
    const prefix = cellText(cells['ID prefix']).trim();
    if (prefix) {
      if (!/^[A-Z][A-Z0-9]{0,7}$/.test(prefix))
        problems.push({
          field: where,
          message: `ID prefix "${prefix}" must be 1-8 capital letters or digits`,
        });
      else if (table.prefix && table.prefix !== prefix)
        problems.push({
          field: where,
          message: `${tableName} has two ID prefixes: ${table.prefix} and ${prefix}`,
        });
      else table.prefix = prefix;
    }
    if (!fieldName) {
      problems.push({ field: where, message: 'Field is empty' });
      continue;
    }
    if (NAME_FORBIDDEN.test(fieldName)) {
      problems.push({ field: where, message: `Field "${fieldName}" must not contain { } . [ ]` });
      continue;
    }
    if (SYSTEM_COLUMNS.some((s) => s.toLowerCase() === fieldName.toLowerCase())) {
      problems.push({
        field: where,
        message: `"${fieldName}" is a system column; choose another field name`,
      });
      continue;
    }
    if (table.fields.some((f) => f.name.toLowerCase() === fieldName.toLowerCase())) {
      problems.push({ field: where, message: `${tableName} lists the field "${fieldName}" twice` });
      continue;
    }
    const typeText = cellText(cells.Type).trim() || 'text';
    const type = parseFieldType(typeText);
    if (!type) {
      problems.push({
        field: where,
        message: `unknown type "${typeText}" for ${tableName}.${fieldName} (known: ${FIELD_TYPES.join(', ')})`,
      });
      continue;
    }
    const choices = splitList(cellText(cells.Choices));
    if ((type === 'choice' || type === 'multiple choice') && choices.length === 0)
      problems.push({
        field: where,
        message: `${tableName}.${fieldName} is a ${type} field with no Choices`,
      });
    const references = cellText(cells.References).trim();
    if (type === 'reference' && !references)
      problems.push({
        field: where,
        message: `${tableName}.${fieldName} is a reference with no References table`,
      });
    const def = cellText(cells.Default).trim();
    const field: FieldDef = {
      table: tableName,
      name: fieldName,
      type,
      required: parseYesNo(cells.Required),
      choices,
      rules: parseRules(cellText(cells.Rules), where, problems),
      help: cellText(cells.Help).trim(),
      confidential: parseYesNo(cells.Confidential),
    };
    if (references) field.references = references;
    if (def) field.default = def;
    table.fields.push(field);
  }

  for (const table of tables) {
    if (!table.prefix)
      problems.push({
        field: `Setup: ${table.name}`,
        message: `${table.name} has no ID prefix (column "ID prefix")`,
      });
    const display = table.fields.find((f) => f.rules.display) ?? table.fields[0];
    table.displayField = display ? display.name : ID_COLUMN;
    for (const field of table.fields) {
      if (field.references) {
        const target = byName.get(field.references.toLowerCase());
        if (!target)
          problems.push({
            field: `Setup: ${table.name}.${field.name}`,
            message: `references "${field.references}", which is not a table in Setup`,
          });
        else field.references = target.name;
      }
      for (const other of [field.rules.notBefore, field.rules.notAfter, field.rules.uniquePer]) {
        if (other && !findField(table, other))
          problems.push({
            field: `Setup: ${table.name}.${field.name}`,
            message: `a rule names "${other}", which is not a field of ${table.name}`,
          });
      }
    }
  }
  const prefixes = new Map<string, string>();
  for (const t of tables) {
    const clash = t.prefix && prefixes.get(t.prefix);
    if (clash)
      problems.push({ field: `Setup: ${t.name}`, message: `ID prefix ${t.prefix} is also used by ${clash}` });
    if (t.prefix) prefixes.set(t.prefix, t.name);
  }
  return { schema: { tables }, problems };
}

/** One Setup row by column name: how the product's own configuration tables describe their fields. */
export type SetupRowSpec = Record<(typeof SETUP_HEADER)[number], string>;

/** A Setup row for `table.field` of `type`; every other column empty unless given. */
export function setupRow(
  table: string,
  field: string,
  type: string,
  more: Partial<SetupRowSpec> = {},
): SetupRowSpec {
  const row = Object.fromEntries(SETUP_HEADER.map((h) => [h, ''])) as SetupRowSpec;
  return { ...row, Table: table, Field: field, Type: type, ...more };
}

/** Setup rows as cells, in the Setup sheet's column order. */
export function setupCells(rows: readonly SetupRowSpec[]): string[][] {
  return rows.map((r) => SETUP_HEADER.map((h) => r[h]));
}
