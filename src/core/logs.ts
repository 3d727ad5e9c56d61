/**
 * Sheets the register owns outright: the ID counters, and the two logs it appends to. Their layout
 * is the product's, not the workbook's, so they are defined here rather than in Setup.
 */
import { cellText, type Cell } from './cells';
import { mapHeader, type TableSnapshot } from './table';
import { writeFor, type Plan } from './plan';

export const META_SHEET = '_Register';
export const META_HEADER = ['Key', 'Value'];

export const AUDIT_SHEET = 'Audit';
export const AUDIT_HEADER = ['When', 'Who', 'Table', 'Record ID', 'Action', 'Changes'];

export const CORRESPONDENCE_SHEET = 'Correspondence';
/**
 * One row per mail. Key is the mail's idempotency key (template + record IDs, or + group value; see
 * core/merge/keys.ts): the merge finds a mail's rows by it and writes its state transitions keyed
 * by it, so sorting or inserting rows never points a write at the wrong mail.
 */
export const CORRESPONDENCE_HEADER = [
  'Key',
  'When',
  'Sent by',
  'Template',
  'Record IDs',
  'To',
  'Cc',
  'Bcc',
  'Subject',
  'State',
  'Message ID',
  'Thread ID',
  'Error',
];

export const OWNED_SHEETS: Record<string, string[]> = {
  [META_SHEET]: META_HEADER,
  [AUDIT_SHEET]: AUDIT_HEADER,
  [CORRESPONDENCE_SHEET]: CORRESPONDENCE_HEADER,
};

/** Key/value pairs of the hidden _Register sheet. */
export function readMeta(snapshot: TableSnapshot | undefined): Map<string, Cell> {
  const out = new Map<string, Cell>();
  if (!snapshot) return out;
  const { columns } = mapHeader(META_SHEET, snapshot.header, []);
  const k = columns.get('key');
  const v = columns.get('value');
  if (k === undefined || v === undefined) return out;
  for (const row of snapshot.rows) {
    const key = cellText(row[k]).trim();
    if (key) out.set(key, row[v] ?? '');
  }
  return out;
}

/** Set a meta value in the plan: update the row if the key exists, else append it. */
export function planMeta(
  plan: Plan,
  meta: Map<string, Cell>,
  metaExists: boolean,
  key: string,
  value: Cell,
): void {
  if (!metaExists && !plan.structure.some((s) => s.op === 'createSheet' && s.sheet === META_SHEET))
    plan.structure.push({ op: 'createSheet', sheet: META_SHEET, header: META_HEADER, hidden: true });
  const w = writeFor(plan, META_SHEET, 'Key');
  if (meta.has(key)) w.updates.push({ key, values: { Value: value } });
  else w.appends.push({ Key: key, Value: value });
  meta.set(key, value);
}

/** Append to a log sheet, creating it first when the workbook has none. */
export function planLogAppend(plan: Plan, sheet: string, exists: boolean, row: Record<string, Cell>): void {
  if (!exists && !plan.structure.some((s) => s.op === 'createSheet' && s.sheet === sheet))
    plan.structure.push({ op: 'createSheet', sheet, header: OWNED_SHEETS[sheet]!, hidden: false });
  writeFor(plan, sheet, '').appends.push(row);
}
