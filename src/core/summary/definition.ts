/**
 * A row of the Reports table read into a typed, checked report definition. Every problem names the
 * Reports field to fix (Table, Filter, Group by, ...), so the sidebar can show it beside that field
 * and Build summaries can say which report it skipped and why.
 */
import type { FieldProblem } from '../errors';
import { OWNED_SHEETS } from '../logs';
import { SETUP_SHEET, splitList, type FieldDef, type Schema, type TableDef } from '../schema';
import { valueText, type FieldValue } from '../values';
import {
  clauseWords,
  DefinitionError,
  fieldList,
  filterWords,
  leadingField,
  namedFields,
  parseClause,
  parseFilter,
  splitOn,
  type Clause,
  type PeriodUnit,
} from './filter';
import { REPORT_FIELD } from './reports-table';
import { reportTableDef } from './source';

export type ChartKind = 'bar' | 'column' | 'line' | 'pie';
export const CHART_KINDS: readonly ChartKind[] = ['bar', 'column', 'line', 'pie'];

export interface Bucket {
  from: number;
  /** Inclusive; Infinity for the open last bucket ("90+"). */
  to: number;
  label: string;
}

export type GroupSpec =
  | { kind: 'field'; field: FieldDef; label: string }
  | { kind: 'date'; field: FieldDef; unit: PeriodUnit | 'day'; label: string }
  | { kind: 'age'; field: FieldDef; buckets: Bucket[]; label: string };

export type MeasureKind =
  'count' | 'countIf' | 'sum' | 'average' | 'min' | 'max' | 'oldest' | 'newest' | 'daysLate';

export interface MeasureSpec {
  kind: MeasureKind;
  field?: FieldDef;
  where?: Clause;
  label: string;
}

export interface SortKey {
  column: string;
  descending: boolean;
}

export interface ReportSpec {
  id: string;
  name: string;
  table: { def: TableDef; log: boolean };
  filter: Clause[];
  filterText: string;
  groups: GroupSpec[];
  measures: MeasureSpec[];
  sort: SortKey[];
  chart: ChartKind | null;
  sheet: string;
  /** Confidential fields the report names in "Confidential fields allowed" (lower case). */
  allowed: Set<string>;
}

/** The text of each Reports field, read case-insensitively (a script may spell keys its own way). */
export interface ReportRecord {
  id: string;
  name: string;
  table: string;
  filter: string;
  groupBy: string;
  measures: string;
  sort: string;
  chart: string;
  outputSheet: string;
  confidentialAllowed: string;
}

export function reportRecord(values: Record<string, FieldValue>, id = ''): ReportRecord {
  const get = (key: keyof typeof REPORT_FIELD): string => {
    const name = REPORT_FIELD[key];
    if (name in values) return valueText(values[name] ?? null).trim();
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(values))
      if (k.trim().toLowerCase() === lower) return valueText(v).trim();
    return '';
  };
  return {
    id,
    name: get('name'),
    table: get('table'),
    filter: get('filter'),
    groupBy: get('groupBy'),
    measures: get('measures'),
    sort: get('sort'),
    chart: get('chart'),
    outputSheet: get('outputSheet'),
    confidentialAllowed: get('confidentialAllowed'),
  };
}

// ---------------------------------------------------------------------------------------------

/** Excel's rules for a sheet name (the stricter of Excel and Sheets): 31 characters, none of : \ / ? * [ ]. */
export function sheetNameProblem(name: string): string | null {
  if (name.length > 31)
    return `"${name}" is longer than 31 characters, the most a sheet name may have in Excel`;
  if (/[:\\/?*[\]]/.test(name)) return `"${name}" must not contain : \\ / ? * [ or ]`;
  if (/^'|'$/.test(name)) return `"${name}" must not begin or end with an apostrophe`;
  if (name.trim().toLowerCase() === 'history') return '"History" is a name Excel keeps for itself';
  return null;
}

/** Sheets a report must never write over: the register's tables, Setup, its logs and helpers. */
export function reservedSheets(schema: Schema): Set<string> {
  return new Set(
    [...schema.tables.map((t) => t.name), SETUP_SHEET, ...Object.keys(OWNED_SHEETS), '_Lists'].map((n) =>
      n.toLowerCase(),
    ),
  );
}

function findNamed(part: string, fields: FieldDef[], def: TableDef, name: string): FieldDef {
  const key = name.trim().toLowerCase();
  const f = fields.find((x) => x.name.toLowerCase() === key);
  if (!f)
    throw new DefinitionError(
      part,
      `"${name.trim()}" is not a field of ${def.name} (fields: ${fieldList(fields)})`,
    );
  return f;
}

const BUCKET = /^(\d+)\s*(?:-|–|to)\s*(\d+)$|^(\d+)\s*\+$|^(?:over|>)\s*(\d+)$/i;

export function parseBuckets(text: string): Bucket[] {
  const out: Bucket[] = [];
  for (const piece of splitOn(text, /,/)) {
    const m = BUCKET.exec(piece);
    if (!m)
      throw new DefinitionError(
        'Group by',
        `"${piece}" is not a range of days; write buckets like 0-30, 31-60, 61-90, 90+`,
      );
    const prev = out[out.length - 1];
    let bucket: Bucket;
    if (m[1] !== undefined) bucket = { from: Number(m[1]), to: Number(m[2]), label: `${m[1]}-${m[2]}` };
    else {
      const n = Number(m[3] ?? m[4]);
      // "90+" after "61-90" means over 90, as ageing reports write it; "over 90" always does.
      const from = m[4] !== undefined || (prev && prev.to === n) ? n + 1 : n;
      bucket = { from, to: Infinity, label: m[3] !== undefined ? `${n}+` : `over ${n}` };
    }
    if (bucket.to < bucket.from) throw new DefinitionError('Group by', `"${piece}" ends before it starts`);
    if (prev) {
      if (prev.to === Infinity)
        throw new DefinitionError('Group by', `"${prev.label}" is open-ended, so it must be the last bucket`);
      if (bucket.from !== prev.to + 1)
        throw new DefinitionError(
          'Group by',
          `buckets must follow each other without gaps or overlaps: "${prev.label}" then "${piece}" (next should start at ${prev.to + 1})`,
        );
    } else if (bucket.from !== 0)
      throw new DefinitionError('Group by', `the first bucket should start at 0 days, not ${bucket.from}`);
    out.push(bucket);
  }
  if (out.length === 0)
    throw new DefinitionError('Group by', 'list the buckets, e.g. 0-30, 31-60, 61-90, 90+');
  const last = out[out.length - 1]!;
  if (last.to !== Infinity) out.push({ from: last.to + 1, to: Infinity, label: `${last.to + 1}+` });
  return out;
}

const BUCKET_PIECE = /^\s*(\d+\s*(-|–|to)\s*\d+|\d+\s*\+|(over|>)\s*\d+)\s*$/i;

/** Group terms are separated by ";" or by commas (the commas inside a bucket list stay with it). */
function groupPieces(text: string): string[] {
  if (text.includes(';')) return splitOn(text, /;/);
  const out: string[] = [];
  for (const piece of splitOn(text, /,/)) {
    if (BUCKET_PIECE.test(piece) && out.length > 0) out[out.length - 1] += `, ${piece}`;
    else out.push(piece);
  }
  return out;
}

export function parseGroups(def: TableDef, log: boolean, text: string): GroupSpec[] {
  const fields = namedFields(def, log);
  const groups: GroupSpec[] = [];
  for (const piece of groupPieces(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^days\s+(?:past|since|late|overdue)\s+(.+?)\s+in\s+(.+)$/i.exec(piece))) {
      const field = findNamed('Group by', fields, def, m[1]!);
      if (field.type !== 'date')
        throw new DefinitionError('Group by', `days past needs a date field; ${field.name} is ${field.type}`);
      groups.push({ kind: 'age', field, buckets: parseBuckets(m[2]!), label: `Days past ${field.name}` });
    } else if ((m = /^(.+?)\s+by\s+(day|week|month|quarter|year)$/i.exec(piece))) {
      const field = findNamed('Group by', fields, def, m[1]!);
      const unit = m[2]!.toLowerCase() as PeriodUnit | 'day';
      if (field.type !== 'date')
        throw new DefinitionError(
          'Group by',
          `"${piece}": only a date field can be grouped by ${unit}; ${field.name} is ${field.type}`,
        );
      groups.push({ kind: 'date', field, unit, label: `${field.name} (${unit})` });
    } else if (/^days\s+(past|since|late|overdue)\b/i.test(piece)) {
      throw new DefinitionError(
        'Group by',
        `"${piece}": write days past <date field> in 0-30, 31-60, 61-90, 90+`,
      );
    } else {
      const field = findNamed('Group by', fields, def, piece);
      groups.push({ kind: 'field', field, label: field.name });
    }
  }
  if (groups.length > 2)
    throw new DefinitionError(
      'Group by',
      `at most two groups (rows, then columns); this names ${groups.length}`,
    );
  return groups;
}

const MEASURE_START =
  /^(count|sum|total|average|avg|mean|min|minimum|max|maximum|oldest|earliest|newest|latest|days\s+(?:late|past|since|overdue))\b/i;

/** Measures are separated by commas; a comma inside `count if Status in A, B` stays with it. */
function measurePieces(text: string): string[] {
  const out: string[] = [];
  for (const piece of splitOn(text, /[,\n;]/)) {
    if (!MEASURE_START.test(piece) && out.length > 0) out[out.length - 1] += `, ${piece}`;
    else out.push(piece);
  }
  return out;
}

function isNumeric(f: FieldDef): boolean {
  return f.type === 'number' || f.type === 'currency';
}

export function parseMeasures(def: TableDef, log: boolean, text: string, today: string): MeasureSpec[] {
  const fields = namedFields(def, log);
  const out: MeasureSpec[] = [];
  for (const whole of measurePieces(text || 'count')) {
    const as = /^(.*\S)\s+as\s+(.+)$/i.exec(whole);
    const piece = as ? as[1]! : whole;
    const label = as ? as[2]!.trim() : '';
    let m: RegExpExecArray | null;
    let spec: MeasureSpec;
    if (/^count$/i.test(piece)) spec = { kind: 'count', label: 'Count' };
    else if ((m = /^count\s+(?:if|where)\s+(.+)$/i.exec(piece))) {
      const where = parseClause('Measures', def, log, m[1]!, today);
      spec = { kind: 'countIf', where, label: `Count where ${clauseWords(where)}` };
    } else if ((m = /^(sum|total|average|avg|mean|min|minimum|max|maximum)(?:\s+(.+))?$/i.exec(piece))) {
      const word = m[1]!.toLowerCase();
      const kind: MeasureKind =
        word === 'sum' || word === 'total'
          ? 'sum'
          : word.startsWith('min')
            ? 'min'
            : word.startsWith('max')
              ? 'max'
              : 'average';
      let field: FieldDef;
      if (m[2]) field = findNamed('Measures', fields, def, m[2]);
      else {
        const numeric = fields.filter(isNumeric);
        if (numeric.length !== 1)
          throw new DefinitionError(
            'Measures',
            `"${piece}" needs a field, e.g. ${word} ${numeric[0]?.name ?? 'Amount'}${numeric.length > 1 ? ` (number fields: ${fieldList(numeric)})` : ''}`,
          );
        field = numeric[0]!;
      }
      const dateOk = kind === 'min' || kind === 'max';
      if (!isNumeric(field) && !(dateOk && field.type === 'date'))
        throw new DefinitionError(
          'Measures',
          `"${piece}": ${field.name} is ${field.type}; ${word} needs a number${dateOk ? ' or date' : ''} field`,
        );
      const words = { sum: 'Total', average: 'Average', min: 'Min', max: 'Max' } as Record<
        MeasureKind,
        string
      >;
      spec = { kind, field, label: `${words[kind]} ${field.name}` };
    } else if (
      (m = /^(oldest|earliest|newest|latest|days\s+(?:late|past|since|overdue))\s+(.+)$/i.exec(piece))
    ) {
      const word = m[1]!.toLowerCase();
      const field = findNamed('Measures', fields, def, m[2]!);
      if (field.type !== 'date')
        throw new DefinitionError(
          'Measures',
          `"${piece}": ${field.name} is ${field.type}; ${word} needs a date field`,
        );
      const kind: MeasureKind = word.startsWith('days')
        ? 'daysLate'
        : /oldest|earliest/.test(word)
          ? 'oldest'
          : 'newest';
      const text = kind === 'daysLate' ? 'Days past' : kind === 'oldest' ? 'Oldest' : 'Newest';
      spec = { kind, field, label: `${text} ${field.name}` };
    } else {
      const lead = leadingField(fields, piece);
      throw new DefinitionError(
        'Measures',
        `"${piece}" is not a measure; use count, count if <condition>, sum <field>, average <field>, min <field>, max <field>, oldest <date field>, newest <date field>, days late <date field>${lead ? ` (e.g. sum ${lead.field.name})` : ''}`,
      );
    }
    if (label) spec.label = label;
    out.push(spec);
  }
  return out;
}

export function parseSort(text: string): SortKey[] {
  return splitOn(text, /[,;]/).map((piece) => {
    const m = /^(.+?)(?:\s+(asc|ascending|desc|descending))?$/i.exec(piece)!;
    return { column: m[1]!.trim(), descending: /^desc/i.test(m[2] ?? '') };
  });
}

export function parseChart(text: string): ChartKind | null {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'none') return null;
  const kind = CHART_KINDS.find((k) => k === t || `${k} chart` === t);
  if (!kind)
    throw new DefinitionError('Chart', `"${text}" is not a chart; choose None, Bar, Column, Line or Pie`);
  return kind;
}

/** The fields a report reads, for the column check and the confidentiality rule. */
export function fieldsUsed(
  spec: Pick<ReportSpec, 'filter' | 'groups' | 'measures'>,
): { part: string; field: FieldDef }[] {
  return [
    ...spec.filter.map((c) => ({ part: 'Filter', field: c.field })),
    ...spec.groups.map((g) => ({ part: 'Group by', field: g.field })),
    ...spec.measures.flatMap((m) => [
      ...(m.field ? [{ part: 'Measures', field: m.field }] : []),
      ...(m.where ? [{ part: 'Measures', field: m.where.field }] : []),
    ]),
  ];
}

/**
 * Parse and check one report. Problems are collected per part, so one look at the Reports row shows
 * everything to fix; the spec is null when there is any.
 */
export function parseReport(
  rec: ReportRecord,
  schema: Schema,
  today: string,
): { spec: ReportSpec | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const attempt = <T>(part: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DefinitionError) problems.push({ field: e.part || part, message: e.message });
      else throw e;
      return undefined;
    }
  };
  if (!rec.name) problems.push({ field: REPORT_FIELD.name, message: 'is required' });
  const table = rec.table ? reportTableDef(schema, rec.table) : undefined;
  if (!rec.table) problems.push({ field: REPORT_FIELD.table, message: 'is required' });
  else if (!table)
    problems.push({
      field: REPORT_FIELD.table,
      message: `"${rec.table}" is not a table of this register (tables: ${[...schema.tables.map((t) => t.name), 'Correspondence', 'Audit'].join(', ')})`,
    });
  const chart = attempt('Chart', () => parseChart(rec.chart));
  const sheet = rec.outputSheet || rec.name;
  const sheetProblem = sheet ? sheetNameProblem(sheet) : null;
  if (sheetProblem) problems.push({ field: REPORT_FIELD.outputSheet, message: sheetProblem });
  else if (sheet && reservedSheets(schema).has(sheet.toLowerCase()))
    problems.push({
      field: REPORT_FIELD.outputSheet,
      message: `"${sheet}" is a sheet of the register itself; choose another sheet for the report`,
    });
  if (!table) return { spec: null, problems };

  const { def, log } = table;
  const filter = attempt('Filter', () => parseFilter(def, log, rec.filter, today)) ?? [];
  const groups = attempt('Group by', () => parseGroups(def, log, rec.groupBy)) ?? [];
  const measures = attempt('Measures', () => parseMeasures(def, log, rec.measures, today)) ?? [];
  const sort = parseSort(rec.sort);
  const allowed = new Set(splitList(rec.confidentialAllowed).map((s) => s.toLowerCase()));
  for (const name of allowed)
    if (!def.fields.some((f) => f.name.toLowerCase() === name))
      problems.push({
        field: REPORT_FIELD.confidentialAllowed,
        message: `"${name}" is not a field of ${def.name}`,
      });
  const seen = new Set<string>();
  for (const { part, field } of fieldsUsed({ filter, groups, measures })) {
    if (!field.confidential || allowed.has(field.name.toLowerCase()) || seen.has(field.name)) continue;
    seen.add(field.name);
    problems.push({
      field: part,
      message: `${field.name} is confidential; name it in "Confidential fields allowed" to use it in this report`,
    });
  }
  const labels = [...groups.map((g) => g.label), ...measures.map((m) => m.label)];
  const dup = labels.find((l, i) => labels.findIndex((x) => x.toLowerCase() === l.toLowerCase()) !== i);
  if (dup)
    problems.push({
      field: REPORT_FIELD.measures,
      message: `two columns are called "${dup}"; rename one with "as"`,
    });
  const crosstab = groups.length === 2 && measures.length === 1;
  const sortable = [...labels, ...(crosstab ? ['Total'] : [])];
  for (const key of sort)
    if (!sortable.some((l) => l.toLowerCase() === key.column.toLowerCase()))
      problems.push({
        field: REPORT_FIELD.sort,
        message: `"${key.column}" is not a column of this report (columns: ${sortable.join(', ')})`,
      });
  if (problems.length > 0) return { spec: null, problems };
  return {
    spec: {
      id: rec.id,
      name: rec.name,
      table: { def, log },
      filter,
      filterText: filterWords(def.name, filter),
      groups,
      measures,
      sort,
      chart: chart ?? null,
      sheet,
      allowed,
    },
    problems,
  };
}
