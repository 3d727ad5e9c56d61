/**
 * The filter language of a report, in the words staff write in the Reports table:
 *
 *   Status in Ordered, Partially delivered; Expected delivery < today
 *   Status != Paid; Owner is not empty; Ordered on >= start of month - 11 months; When in this month
 *
 * Conditions are joined by ";" (or a line break) and must all hold. Each is checked against the
 * table's fields when the report is built, so a misspelt field or choice is a message that names
 * it, never an empty report. Dates are `YYYY-MM-DD` strings (DESIGN.md, Dates) compared as text.
 */
import type { FieldDef, TableDef } from '../schema';
import { addDays, daysInMonth, isValidYmd, parseYmd, weekday } from '../time';
import type { FieldValue } from '../values';
import { idField } from './source';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Clause =
  | { kind: 'in'; field: FieldDef; values: string[]; negate: boolean }
  | { kind: 'empty'; field: FieldDef; negate: boolean }
  | { kind: 'contains'; field: FieldDef; value: string; negate: boolean }
  | { kind: 'compare'; field: FieldDef; op: CompareOp; value: number | string; shown: string }
  | { kind: 'range'; field: FieldDef; from: string; to: string; shown: string };

/** A problem in one part of a definition; `part` is the Reports field to fix. */
export class DefinitionError extends Error {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Dates: `2026-03-29`, `today`, `today - 30`, `start of month - 11 months`, `start of year`, ...

export type PeriodUnit = 'week' | 'month' | 'quarter' | 'year';

const pad = (n: number) => String(n).padStart(2, '0');

export function addMonths(ymd: string, months: number): string {
  const p = parseYmd(ymd)!;
  const index = p.y * 12 + (p.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(Math.min(p.d, daysInMonth(y, m)))}`;
}

/** The first day of the week (Monday, ISO 8601), month, quarter or year that holds `ymd`. */
export function startOf(unit: PeriodUnit | 'day', ymd: string): string {
  const p = parseYmd(ymd)!;
  const y = String(p.y).padStart(4, '0');
  switch (unit) {
    case 'day':
      return ymd;
    case 'week':
      return addDays(ymd, -((weekday(ymd) + 6) % 7));
    case 'month':
      return `${y}-${pad(p.m)}-01`;
    case 'quarter':
      return `${y}-${pad(p.m - ((p.m - 1) % 3))}-01`;
    case 'year':
      return `${y}-01-01`;
  }
}

/** The day after the period that starts at `start`. */
export function nextPeriod(unit: PeriodUnit | 'day', start: string): string {
  if (unit === 'day') return addDays(start, 1);
  if (unit === 'week') return addDays(start, 7);
  return addMonths(start, unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
}

const UNIT = /^(day|week|month|quarter|year)s?$/i;

/** Evaluate a date expression; null when the text is not one. */
export function evalDate(text: string, today: string): string | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return isValidYmd(t) ? t : null;
  const m = /^(today|start of (week|month|quarter|year))(?: ?([+-]) ?(\d+)(?: ?([a-z]+))?)?$/i.exec(t);
  if (!m) return null;
  const base = m[2] ? startOf(m[2].toLowerCase() as PeriodUnit, today) : today;
  if (!m[3]) return base;
  const n = Number(m[4]) * (m[3] === '-' ? -1 : 1);
  const unitText = m[5] ?? 'days';
  const unit = UNIT.exec(unitText)?.[1]?.toLowerCase();
  if (!unit) return null;
  if (unit === 'day') return addDays(base, n);
  if (unit === 'week') return addDays(base, 7 * n);
  return addMonths(base, unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n);
}

const DATE_HELP = 'write YYYY-MM-DD, today, today - 30, start of month, start of month - 11 months, ...';

// ---------------------------------------------------------------------------------------------
// Parsing

/** Split on a separator, trimming and dropping empties. */
export function splitOn(text: string, sep: RegExp): string[] {
  return text
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Every field a report may name: the table's fields and, for register tables, ID. */
export function namedFields(def: TableDef, log: boolean): FieldDef[] {
  return log ? def.fields : [idField(def.name), ...def.fields];
}

/**
 * The field a text starts with, longest name first ("Due on" before "Due"), followed by the end or
 * a space or operator. Returns the field and what follows it.
 */
export function leadingField(fields: FieldDef[], text: string): { field: FieldDef; rest: string } | null {
  const lower = text.toLowerCase();
  const sorted = [...fields].sort((a, b) => b.name.length - a.name.length);
  for (const field of sorted) {
    const name = field.name.toLowerCase();
    if (!lower.startsWith(name)) continue;
    const rest = text.slice(name.length);
    if (rest === '' || /^[\s=!<>~]/.test(rest)) return { field, rest: rest.trim() };
  }
  return null;
}

export function fieldList(fields: FieldDef[]): string {
  return fields.map((f) => f.name).join(', ');
}

function isDateField(f: FieldDef): boolean {
  return f.type === 'date';
}

function isNumberField(f: FieldDef): boolean {
  return f.type === 'number' || f.type === 'currency';
}

/** Check a literal against a choice field's choices, returning the choice as Setup spells it. */
function choiceValue(part: string, field: FieldDef, value: string): string {
  if (field.type !== 'choice' && field.type !== 'multiple choice') return value;
  const match = field.choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (!match)
    throw new DefinitionError(
      part,
      `"${value}" is not a choice of ${field.name} (choices: ${field.choices.join(', ')})`,
    );
  return match;
}

function yesNo(part: string, field: FieldDef, value: string): string {
  if (/^(yes|y|true|x|1)$/i.test(value)) return 'Yes';
  if (/^(no|n|false|0)$/i.test(value)) return 'No';
  throw new DefinitionError(part, `${field.name} is yes/no; "${value}" is neither`);
}

/**
 * Parse one condition. `part` names the Reports field it came from (Filter, or Measures for
 * `count if`), for messages.
 */
export function parseClause(part: string, def: TableDef, log: boolean, text: string, today: string): Clause {
  const fields = namedFields(def, log);
  const lead = leadingField(fields, text);
  if (!lead) {
    const name =
      /^(.+?)(?:\s+(?:not\s+in|in|is|contains)\b|\s*(?:!=|<=|>=|=|<|>|~))/i.exec(text)?.[1] ?? text;
    throw new DefinitionError(
      part,
      `"${name.trim()}" is not a field of ${def.name} (fields: ${fieldList(fields)})`,
    );
  }
  const { field, rest } = lead;
  const where = `"${text}"`;
  let m: RegExpExecArray | null;
  if ((m = /^is\s+(not\s+)?(empty|blank)$/i.exec(rest))) return { kind: 'empty', field, negate: !!m[1] };
  if (isDateField(field) && (m = /^(?:is\s+)?in\s+this\s+(week|month|quarter|year)$/i.exec(rest))) {
    const unit = m[1]!.toLowerCase() as PeriodUnit;
    const from = startOf(unit, today);
    return { kind: 'range', field, from, to: addDays(nextPeriod(unit, from), -1), shown: `this ${unit}` };
  }
  if ((m = /^(not\s+in|in|is\s+one\s+of|is\s+none\s+of)\s+(.+)$/i.exec(rest))) {
    const negate = /^(not|is\s+none)/i.test(m[1]!);
    const values = splitOn(m[2]!, /,/).map((v) => textValue(part, field, v, where));
    return { kind: 'in', field, values, negate };
  }
  if ((m = /^(not\s+contains|contains|~)\s*(.+)$/i.exec(rest)))
    return { kind: 'contains', field, value: m[2]!.trim(), negate: /^not/i.test(m[1]!) };
  m = /^(!=|<>|<=|>=|=|<|>|is\s+not|is)\s*(.+)$/i.exec(rest);
  if (!m)
    throw new DefinitionError(
      part,
      `${where} is not a condition; write ${field.name} = value (or != < <= > >=), ${field.name} in A, B, or ${field.name} is empty`,
    );
  const opText = m[1]!.toLowerCase().replace(/\s+/g, ' ');
  const op: CompareOp =
    opText === 'is' ? '=' : opText === 'is not' || opText === '<>' ? '!=' : (opText as CompareOp);
  const raw = m[2]!.trim();
  if (isDateField(field)) {
    const date = evalDate(raw, today);
    if (date === null) throw new DefinitionError(part, `${where}: "${raw}" is not a date (${DATE_HELP})`);
    return { kind: 'compare', field, op, value: date, shown: /^\d{4}-/.test(raw) ? '' : raw };
  }
  if (isNumberField(field)) {
    const n = Number(raw.replace(/,/g, ''));
    if (raw === '' || !Number.isFinite(n))
      throw new DefinitionError(part, `${where}: ${field.name} is a number; "${raw}" is not`);
    return { kind: 'compare', field, op, value: n, shown: '' };
  }
  if (op === '=' || op === '!=')
    return { kind: 'in', field, values: [textValue(part, field, raw, where)], negate: op === '!=' };
  return { kind: 'compare', field, op, value: raw, shown: '' };
}

function textValue(part: string, field: FieldDef, value: string, where: string): string {
  if (isDateField(field)) {
    throw new DefinitionError(
      part,
      `${where}: ${field.name} is a date; compare it with < <= > >= (e.g. ${field.name} < today) or write ${field.name} in this month`,
    );
  }
  if (field.type === 'yes/no') return yesNo(part, field, value);
  return choiceValue(part, field, value);
}

/** Parse a whole filter: conditions joined by ";" or line breaks. */
export function parseFilter(def: TableDef, log: boolean, text: string, today: string): Clause[] {
  return splitOn(text, /[;\n]/).map((c) => parseClause('Filter', def, log, c, today));
}

// ---------------------------------------------------------------------------------------------
// Evaluating

/** How a clause reads a row: the typed value, and the label of a reference (for name matching). */
export interface ClauseInput {
  value: FieldValue;
  label: string;
}

export function textOf(v: FieldValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

function isYmd(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
}

export function clauseTest(c: Clause): (input: ClauseInput) => boolean {
  switch (c.kind) {
    case 'empty':
      return ({ value }) => (value === null || (Array.isArray(value) && value.length === 0)) !== c.negate;
    case 'in': {
      const wanted = new Set(c.values.map((v) => v.toLowerCase()));
      const yesNoField = c.field.type === 'yes/no';
      return ({ value, label }) => {
        let hit: boolean;
        if (Array.isArray(value)) hit = value.some((v) => wanted.has(v.toLowerCase()));
        else if (yesNoField) hit = wanted.has(value === true ? 'yes' : 'no');
        else
          hit = wanted.has(textOf(value).toLowerCase()) || (label !== '' && wanted.has(label.toLowerCase()));
        return hit !== c.negate;
      };
    }
    case 'contains': {
      const needle = c.value.toLowerCase();
      return ({ value, label }) =>
        (textOf(value).toLowerCase().includes(needle) || label.toLowerCase().includes(needle)) !== c.negate;
    }
    case 'range':
      return ({ value }) => isYmd(value) && value >= c.from && value <= c.to;
    case 'compare': {
      const { op, value: target } = c;
      const cmp =
        typeof target === 'number'
          ? (v: FieldValue) => (typeof v === 'number' ? v - target : NaN)
          : isDateField(c.field)
            ? (v: FieldValue) => (isYmd(v) ? (v < target ? -1 : v > target ? 1 : 0) : NaN)
            : (v: FieldValue) => {
                const t = textOf(v).toLowerCase();
                const w = target.toLowerCase();
                return t === '' ? NaN : t < w ? -1 : t > w ? 1 : 0;
              };
      return ({ value }) => {
        const d = cmp(value);
        if (Number.isNaN(d)) return op === '!=';
        switch (op) {
          case '=':
            return d === 0;
          case '!=':
            return d !== 0;
          case '<':
            return d < 0;
          case '<=':
            return d <= 0;
          case '>':
            return d > 0;
          case '>=':
            return d >= 0;
        }
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// In words, for the sheet's third line and the sidebar

function orList(values: string[], negate: boolean): string {
  if (values.length === 1) return `${negate ? 'is not' : 'is'} ${values[0]}`;
  if (values.length === 2 && !negate) return `is ${values[0]} or ${values[1]}`;
  return `${negate ? 'is none of' : 'is one of'} ${values.join(', ')}`;
}

export function clauseWords(c: Clause): string {
  const name = c.field.name;
  switch (c.kind) {
    case 'empty':
      return `${name} is ${c.negate ? 'not empty' : 'empty'}`;
    case 'in':
      return `${name} ${orList(c.values, c.negate)}`;
    case 'contains':
      return `${name} ${c.negate ? 'does not contain' : 'contains'} "${c.value}"`;
    case 'range':
      return `${name} is in ${c.shown} (${c.from} to ${c.to})`;
    case 'compare': {
      const date = isDateField(c.field);
      const words: Record<CompareOp, string> = date
        ? {
            '=': 'is',
            '!=': 'is not',
            '<': 'is before',
            '<=': 'is on or before',
            '>': 'is after',
            '>=': 'is on or after',
          }
        : typeof c.value === 'number'
          ? {
              '=': 'is',
              '!=': 'is not',
              '<': 'is less than',
              '<=': 'is at most',
              '>': 'is more than',
              '>=': 'is at least',
            }
          : {
              '=': 'is',
              '!=': 'is not',
              '<': 'comes before',
              '<=': 'is at most',
              '>': 'comes after',
              '>=': 'is at least',
            };
      const value =
        typeof c.value === 'number' ? c.value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : c.value;
      return `${name} ${words[c.op]} ${value}${c.shown ? ` (${c.shown})` : ''}`;
    }
  }
}

export function filterWords(table: string, clauses: Clause[]): string {
  if (clauses.length === 0) return `All records of ${table}`;
  return `${table} where ${clauses.map(clauseWords).join(' and ')}`;
}

/** The bounds a filter puts on a date field: where a month-by-month report starts and ends. */
export function dateBounds(clauses: Clause[], field: FieldDef): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const c of clauses) {
    if (c.field.name !== field.name) continue;
    if (c.kind === 'range') {
      out.from = c.from;
      out.to = c.to;
    } else if (c.kind === 'compare' && typeof c.value === 'string') {
      if (c.op === '>=' || c.op === '=') out.from = c.value;
      if (c.op === '>') out.from = addDays(c.value, 1);
      if (c.op === '<=' || c.op === '=') out.to = c.value;
      if (c.op === '<') out.to = addDays(c.value, -1);
    }
  }
  return out;
}
