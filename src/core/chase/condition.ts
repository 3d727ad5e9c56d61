/**
 * `Open when`: the condition under which a record still needs chasing. A record that stops meeting
 * it stops being chased at once, so the grammar is small and every mistake is named precisely:
 *
 *     Status in Ordered, Partially delivered
 *     Status not in Delivered, Cancelled
 *     Status = Approved; Paid on is empty        (clauses joined with ";" must all hold)
 *     Owner != anna@example.com
 *     Delivered on is not empty
 *
 * Values compare case-insensitively, as conditions do everywhere else (records.ts `parseCondition`,
 * which has no `in` and no `is empty`, so chase keeps its own parser rather than changing that one).
 * Choice and yes/no values are checked against the field, so a typo cannot silently stop a chase.
 */
import { findField, ID_COLUMN, type FieldDef, type TableDef } from '../schema';
import { closestName } from '../mail/suggest';
import { isEmptyInput, valueText, type FieldValue } from '../values';

export type OpenTest =
  { field: string; op: 'in' | 'not in'; values: string[] } | { field: string; op: 'empty' | 'not empty' };

export interface OpenCondition {
  text: string;
  tests: OpenTest[];
}

/** A record as the chase sees it: its ID, field values and, optionally, reference labels. */
export interface ChaseRecord {
  id: string;
  values: Record<string, FieldValue>;
  labels?: Record<string, string>;
}

const OPERATORS: { re: RegExp; op: OpenTest['op'] | '=' | '!=' }[] = [
  { re: /^is\s+not\s+empty$/i, op: 'not empty' },
  { re: /^is\s+empty$/i, op: 'empty' },
  { re: /^not\s+in\s+(.+)$/i, op: 'not in' },
  { re: /^in\s+(.+)$/i, op: 'in' },
  { re: /^!=\s*(.+)$/, op: '!=' },
  { re: /^=\s*(.+)$/, op: '=' },
];

const YES = ['yes', 'y', 'true', '1', 'x'];
const NO = ['no', 'n', 'false', '0'];

/** The field a clause starts with: the longest field name that is a prefix, so "Paid on" beats "Paid". */
function leadingField(
  def: TableDef,
  clause: string,
): { name: string; field?: FieldDef; rest: string } | null {
  const lower = clause.toLowerCase();
  const names = [ID_COLUMN, ...def.fields.map((f) => f.name)].sort((a, b) => b.length - a.length);
  for (const name of names) {
    if (!lower.startsWith(name.toLowerCase())) continue;
    const rest = clause.slice(name.length);
    if (rest !== '' && !/^[\s=!]/.test(rest)) continue;
    return { name, field: findField(def, name), rest: rest.trim() };
  }
  return null;
}

function canonicalValue(field: FieldDef | undefined, value: string, problems: string[]): string {
  if (!field) return value;
  if (field.type === 'choice' || field.type === 'multiple choice') {
    const match = field.choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (match) return match;
    const suggestion = closestName(value, field.choices);
    problems.push(
      `"${value}" is not a choice of ${field.table}.${field.name}${suggestion ? `; did you mean ${suggestion}?` : ''} (choices: ${field.choices.join(', ')})`,
    );
    return value;
  }
  if (field.type === 'yes/no') {
    const lower = value.toLowerCase();
    if (YES.includes(lower)) return 'Yes';
    if (NO.includes(lower)) return 'No';
    problems.push(`${field.table}.${field.name} is yes or no, not "${value}"`);
  }
  return value;
}

function parseClause(def: TableDef, clause: string, problems: string[]): OpenTest | null {
  const lead = leadingField(def, clause);
  if (!lead) {
    const head = /^(.+?)(?:\s+(?:not\s+in|in|is)\b|\s*!?=)/i.exec(clause)?.[1]?.trim() ?? clause;
    const suggestion = closestName(
      head,
      def.fields.map((f) => f.name),
    );
    problems.push(
      `"${clause}" does not start with a field of ${def.name}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
    );
    return null;
  }
  for (const { re, op } of OPERATORS) {
    const m = re.exec(lead.rest);
    if (!m) continue;
    if (op === 'empty' || op === 'not empty') return { field: lead.name, op };
    const raw = m[1]!.trim();
    const values = (op === 'in' || op === 'not in' ? raw.split(',') : [raw])
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0) {
      problems.push(`"${clause}" names no value`);
      return null;
    }
    const before = problems.length;
    const canonical = values.map((v) => canonicalValue(lead.field, v, problems));
    if (problems.length > before) return null;
    return { field: lead.name, op: op === '=' ? 'in' : op === '!=' ? 'not in' : op, values: canonical };
  }
  problems.push(
    `"${clause}": after ${lead.name} write "in A, B", "not in A, B", "= A", "!= A", "is empty" or "is not empty"`,
  );
  return null;
}

/** Parse an `Open when` text against its table; problems are whole sentences for the user. */
export function parseOpenWhen(
  def: TableDef,
  text: string,
): { condition?: OpenCondition; problems: string[] } {
  const problems: string[] = [];
  const clauses = text
    .split(/[;\n]/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (clauses.length === 0)
    return { problems: ['is empty: say which records still need chasing, e.g. Status in Ordered'] };
  const tests: OpenTest[] = [];
  for (const clause of clauses) {
    const test = parseClause(def, clause, problems);
    if (test) tests.push(test);
  }
  return problems.length > 0 ? { problems } : { condition: { text: text.trim(), tests }, problems };
}

/** The texts a value matches as: its own text and, for a reference, the label shown for it. */
function valueTexts(record: ChaseRecord, field: string): string[] {
  if (field === ID_COLUMN) return [record.id.toLowerCase()];
  const value: FieldValue = record.values[field] ?? null;
  if (Array.isArray(value)) return value.map((v) => v.toLowerCase());
  const out = [valueText(value).toLowerCase()];
  const label = record.labels?.[field];
  if (label) out.push(label.toLowerCase());
  return out;
}

type CompiledTest =
  | { field: string; kind: 'empty'; negate: boolean }
  | { field: string; kind: 'in'; negate: boolean; set: Set<string> };

/** Compiled once per run: lower-cased value sets, so 100,000 records cost a set lookup each. */
export function compileOpenWhen(condition: OpenCondition): (record: ChaseRecord) => boolean {
  const tests: CompiledTest[] = condition.tests.map((t) =>
    t.op === 'in' || t.op === 'not in'
      ? {
          field: t.field,
          kind: 'in',
          negate: t.op === 'not in',
          set: new Set(t.values.map((v) => v.toLowerCase())),
        }
      : { field: t.field, kind: 'empty', negate: t.op === 'not empty' },
  );
  const holds = (t: CompiledTest, record: ChaseRecord): boolean => {
    if (t.kind === 'empty')
      return t.field === ID_COLUMN ? record.id.trim() === '' : isEmptyInput(record.values[t.field] ?? null);
    return valueTexts(record, t.field).some((v) => t.set.has(v));
  };
  return (record) => tests.every((t) => holds(t, record) !== t.negate);
}
