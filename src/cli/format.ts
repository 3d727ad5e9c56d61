/** Text layouts for people: aligned tables, one record's fields, problem lists. */
import type { RecordOut } from '../core/records';
import { valueText, type FieldValue } from '../core/values';

/** One line per cell: line breaks shown as ↵ so a row stays a row. */
function flat(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ↵ ').replace(/\t/g, ' ');
}

function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

export interface TableLayout {
  /** Fit the table into this many columns (a terminal); without it nothing is cut. */
  width?: number;
  /** The widest a cell may be before it is cut with … (terminal only). */
  maxCell?: number;
}

export interface Table {
  text: string;
  /** Columns left out because the terminal is too narrow for them. */
  hidden: string[];
}

/** A column is not narrowed below this (dates and amounts stay whole); the first never is. */
const MIN_COLUMN = 12;

export function alignedTable(header: string[], rows: string[][], layout: TableLayout = {}): Table {
  let cells = [header, ...rows].map((r) => header.map((_, i) => flat(r[i] ?? '')));
  let widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const fitted = layout.maxCell !== undefined || layout.width !== undefined;
  if (layout.maxCell !== undefined) widths = widths.map((w) => Math.min(w, layout.maxCell!));
  let shown = header.length;
  if (layout.width !== undefined) {
    const limit = layout.width;
    const mins = widths.map((w, i) => (i === 0 ? w : Math.min(w, MIN_COLUMN)));
    const total = (ws: number[], n: number) => ws.slice(0, n).reduce((a, b) => a + b, 0) + 2 * (n - 1);
    // Leave out columns from the right while even their narrowest does not fit...
    while (shown > 2 && total(mins, shown) > limit) shown--;
    widths = widths.slice(0, shown);
    // ...then narrow the widest column, one character at a time, until the table fits.
    while (total(widths, shown) > limit) {
      let widest = -1;
      for (let i = 0; i < shown; i++)
        if (widths[i]! > mins[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      if (widest < 0) break;
      widths[widest]!--;
    }
    cells = cells.map((r) => r.slice(0, shown));
  }
  const text = cells
    .map((r) =>
      r
        .map((c, i) => (fitted ? truncate(c, widths[i]!) : c).padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return { text, hidden: header.slice(shown) };
}

/** A field's value as a person reads it: a reference shows the record it points to. */
export function displayValue(rec: RecordOut, field: string): string {
  const value: FieldValue = rec.values[field] ?? null;
  const label = rec.labels[field];
  const text = valueText(value);
  return label ? `${text} (${label})` : text;
}

/** Reference fields show their label alone in lists, where space is short. */
export function listValue(rec: RecordOut, field: string): string {
  return rec.labels[field] ?? valueText(rec.values[field] ?? null);
}

export function recordDetails(rec: RecordOut): string {
  const names = Object.keys(rec.values);
  const pad = Math.max(10, ...names.map((n) => n.length)) + 2;
  const lines = [`${rec.table} ${rec.id} (version ${rec.version})`];
  for (const name of names) {
    const [first = '', ...more] = displayValue(rec, name).split(/\r\n|\r|\n/);
    lines.push(`  ${name.padEnd(pad)}${first}`);
    for (const m of more) lines.push(`  ${''.padEnd(pad)}${m}`);
  }
  lines.push(`  ${'Created'.padEnd(pad)}${rec.created}${rec.createdBy ? ` by ${rec.createdBy}` : ''}`);
  lines.push(`  ${'Updated'.padEnd(pad)}${rec.updated}${rec.updatedBy ? ` by ${rec.updatedBy}` : ''}`);
  return lines.join('\n');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
