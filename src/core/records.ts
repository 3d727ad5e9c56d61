/**
 * Records: create, update, get and list, decided in core over table snapshots. Each decision
 * returns a plan for the host to apply in one batch per table, and the result to show.
 */
import { cellText, isCellDate, type Cell } from './cells';
import { invalid, RegisterError, type FieldProblem } from './errors';
import { AUDIT_SHEET, META_SHEET, planLogAppend, planMeta, readMeta } from './logs';
import { emptyPlan, writeFor, type Plan } from './plan';
import { findField, findTable, ID_COLUMN, type FieldDef, type Schema, type TableDef } from './schema';
import { cellAt, dataRowIndexes, openTable, type TableSnapshot, type TableView } from './table';
import { addDays, wallClock } from './time';
import { cellToValue, isEmptyInput, normalizeValue, valueText, valueToCell, type FieldValue } from './values';

/** Facts about the running host that a decision needs; the clock reading comes in here. */
export interface HostEnv {
  user: string;
  timeZone: string;
  locale: string;
  nowMs: number;
  /** What the host can do beyond the register, e.g. 'navigation' (select rows in the sheet). */
  capabilities?: string[];
}

export interface Snapshots {
  schema: Schema;
  /** The sheets read for this decision, whole. */
  tables: Map<string, TableSnapshot>;
  /** Every sheet in the workbook, read or not (to know whether a log sheet must be created). */
  sheetNames: Set<string>;
  env: HostEnv;
}

export interface RecordOut {
  table: string;
  id: string;
  version: number;
  values: Record<string, FieldValue>;
  /** Display text of reference fields, e.g. { Supplier: 'Acme Ltd' }. */
  labels: Record<string, string>;
  created: string;
  createdBy: string;
  updated: string;
  updatedBy: string;
}

export interface Decision<R> {
  plan: Plan;
  result: R;
}

export function today(env: HostEnv): string {
  return wallClock(env.nowMs, env.timeZone).slice(0, 10);
}

function nowCell(env: HostEnv): Cell {
  return { dateTime: wallClock(env.nowMs, env.timeZone) };
}

export function tableDef(schema: Schema, name: string): TableDef {
  const def = findTable(schema, name);
  if (!def)
    throw new RegisterError(
      'not-found',
      `There is no table "${name}" in Setup (tables: ${schema.tables.map((t) => t.name).join(', ')})`,
    );
  return def;
}

/** The tables a record decision on `table` reads: itself and every table its references point to. */
export function tablesForRecords(schema: Schema, table: string): string[] {
  const def = tableDef(schema, table);
  const names = new Set([def.name]);
  for (const f of def.fields) if (f.references) names.add(f.references);
  return [...names];
}

// Views are built once per snapshot: a list of 10,000 records resolves its references without
// re-indexing the target table for every row.
// A batch (import, sample data) appends rows to its working snapshots as it goes: the index then
// takes in the new rows only, and anything else (a header change, fewer rows) rebuilds it.
const views = new WeakMap<TableSnapshot, { view: TableView; rows: number; header: number; maxId?: number }>();

export function view(snap: Snapshots, def: TableDef): TableView {
  const snapshot = snap.tables.get(def.name);
  const cached = snapshot && views.get(snapshot);
  if (cached && cached.view.def === def && cached.header === snapshot.header.length) {
    if (cached.rows === snapshot.rows.length) return cached.view;
    if (cached.rows < snapshot.rows.length) {
      const idCol = cached.view.columns.get(ID_COLUMN.toLowerCase())!;
      for (let i = cached.rows; i < snapshot.rows.length; i++) {
        const id = cellText(snapshot.rows[i]![idCol]).trim();
        if (id && !cached.view.rowOfId.has(id)) cached.view.rowOfId.set(id, i);
        if (id && cached.maxId !== undefined) cached.maxId = Math.max(cached.maxId, idNumber(def, id));
      }
      cached.rows = snapshot.rows.length;
      return cached.view;
    }
  }
  const v = openTable(def, snapshot);
  views.set(snapshot!, { view: v, rows: snapshot!.rows.length, header: snapshot!.header.length });
  return v;
}

function versionOf(v: TableView, row: number): number {
  const n = Number(cellText(cellAt(v, row, 'Version')));
  return Number.isFinite(n) && n > 0 ? n : 1;
}

function referenceLabels(
  snap: Snapshots,
  def: TableDef,
  values: Record<string, FieldValue>,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const f of def.fields) {
    const id = values[f.name];
    if (!f.references || typeof id !== 'string' || !id) continue;
    const target = findTable(snap.schema, f.references);
    if (!target || !snap.tables.get(target.name)) continue;
    try {
      const tv = view(snap, target);
      const row = tv.rowOfId.get(id);
      if (row !== undefined) labels[f.name] = cellText(cellAt(tv, row, target.displayField));
    } catch {
      // A broken target sheet only loses the label; the ID still shows.
    }
  }
  return labels;
}

export function recordAt(
  snap: Snapshots,
  v: TableView,
  row: number,
  opts: { confidential?: boolean } = {},
): RecordOut {
  const values: Record<string, FieldValue> = {};
  for (const f of v.def.fields) {
    if (f.confidential && opts.confidential === false) continue;
    values[f.name] = cellToValue(f, cellAt(v, row, f.name));
  }
  return {
    table: v.def.name,
    id: cellText(cellAt(v, row, ID_COLUMN)),
    version: versionOf(v, row),
    values,
    labels: referenceLabels(snap, v.def, values),
    created: cellText(cellAt(v, row, 'Created')),
    createdBy: cellText(cellAt(v, row, 'Created by')),
    updated: cellText(cellAt(v, row, 'Updated')),
    updatedBy: cellText(cellAt(v, row, 'Updated by')),
  };
}

/** Resolve a reference by ID or by the target's display value, case-insensitively. */
export function resolveReference(
  snap: Snapshots,
  field: FieldDef,
  text: string,
): { id?: string; message?: string } {
  const target = tableDef(snap.schema, field.references!);
  const tv = view(snap, target);
  if (tv.rowOfId.has(text.trim())) return { id: text.trim() };
  const key = text.trim().toLowerCase();
  for (const id of tv.rowOfId.keys()) if (id.toLowerCase() === key) return { id };
  const matches: string[] = [];
  for (const [id, row] of tv.rowOfId) {
    if (
      cellText(cellAt(tv, row, target.displayField))
        .trim()
        .toLowerCase() === key
    )
      matches.push(id);
  }
  if (matches.length === 1) return { id: matches[0]! };
  if (matches.length === 0) return { message: `no ${target.name} record matches "${text.trim()}"` };
  return {
    message: `"${text.trim()}" matches ${matches.length} ${target.name} records (${matches.slice(0, 5).join(', ')}); use the ID`,
  };
}

/** Follow `Field` or `Reference.Field` from a record's values. */
function pathValue(
  snap: Snapshots,
  def: TableDef,
  values: Record<string, FieldValue>,
  path: string,
): FieldValue {
  const [head, ...rest] = path.split('.');
  const field = findField(def, head ?? '');
  if (!field) return null;
  const value = values[field.name] ?? null;
  if (rest.length === 0) return value;
  if (!field.references || typeof value !== 'string' || !value) return null;
  const target = tableDef(snap.schema, field.references);
  const tv = view(snap, target);
  const row = tv.rowOfId.get(value);
  if (row === undefined) return null;
  const targetValues: Record<string, FieldValue> = {};
  for (const f of target.fields) targetValues[f.name] = cellToValue(f, cellAt(tv, row, f.name));
  return pathValue(snap, target, targetValues, rest.join('.'));
}

/**
 * Evaluate a Default: a literal, `today`, `today + N`, `me` (the current user), `{Field}`, or a date
 * plus days such as `{Issued on} + {Supplier.Payment terms days}`.
 */
export function evaluateDefault(
  snap: Snapshots,
  def: TableDef,
  field: FieldDef,
  values: Record<string, FieldValue>,
): unknown {
  const expr = field.default?.trim() ?? '';
  if (!expr) return null;
  if (/^me$/i.test(expr)) return snap.env.user || null;
  const term = (t: string): FieldValue => {
    const s = t.trim();
    if (/^today$/i.test(s)) return today(snap.env);
    const brace = /^\{(.+)\}$/.exec(s);
    if (brace) return pathValue(snap, def, values, brace[1]!.trim());
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
  };
  const sum = /^(.+?)\s*\+\s*(.+?)(\s+days?)?$/i.exec(expr);
  if (sum && (/^today$/i.test(sum[1]!.trim()) || sum[1]!.trim().startsWith('{'))) {
    const base = term(sum[1]!);
    const days = Number(term(sum[2]!));
    if (typeof base !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(base) || !Number.isFinite(days)) return null;
    return addDays(base, Math.round(days));
  }
  if (/^today$/i.test(expr) || /^\{.+\}$/.test(expr)) return term(expr);
  return expr;
}

function compareValues(a: FieldValue, b: FieldValue): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

/**
 * Check a whole record against its table's rules. `values` are normalised already; references are
 * resolved here (to IDs) and written back into `values`.
 */
export function checkRecord(
  snap: Snapshots,
  v: TableView,
  values: Record<string, FieldValue>,
  selfId: string | null,
  problems: FieldProblem[],
  opts: { unique?: boolean } = {},
): void {
  const def = v.def;
  const has = (name: string) => problems.some((p) => p.field === name);
  for (const f of def.fields) {
    const value = values[f.name] ?? null;
    if (isEmptyInput(value)) {
      if (f.required && !has(f.name)) problems.push({ field: f.name, message: 'is required' });
      continue;
    }
    if (f.type === 'reference' && typeof value === 'string') {
      const r = resolveReference(snap, f, value);
      if (r.id) values[f.name] = r.id;
      else problems.push({ field: f.name, message: r.message! });
    }
  }
  for (const f of def.fields) {
    if (has(f.name)) continue;
    const value = values[f.name] ?? null;
    if (value === null) continue;
    const { rules } = f;
    if (typeof value === 'number') {
      if (rules.min !== undefined && value < rules.min)
        problems.push({
          field: f.name,
          message: rules.min === 0 ? 'must not be negative' : `must be at least ${rules.min}`,
        });
      else if (rules.max !== undefined && value > rules.max)
        problems.push({ field: f.name, message: `must be at most ${rules.max}` });
    }
    for (const [other, sign, words] of [
      [rules.notBefore, -1, 'before'],
      [rules.notAfter, 1, 'after'],
    ] as const) {
      if (!other) continue;
      const otherField = findField(def, other)!;
      const cmp = compareValues(value, values[otherField.name] ?? null);
      if (cmp !== null && Math.sign(cmp) === sign)
        problems.push({ field: f.name, message: `must not be ${words} ${otherField.name}` });
    }
    if ((rules.unique || rules.uniquePer) && opts.unique !== false) {
      const per = rules.uniquePer ? findField(def, rules.uniquePer)! : null;
      const mine = valueText(value).trim().toLowerCase();
      const myScope = per ? valueText(values[per.name] ?? null).toLowerCase() : '';
      for (const row of dataRowIndexes(v)) {
        const id = cellText(cellAt(v, row, ID_COLUMN));
        if (id === selfId) continue;
        if (
          cellText(cellAt(v, row, f.name))
            .trim()
            .toLowerCase() !== mine
        )
          continue;
        if (per && cellText(cellAt(v, row, per.name)).toLowerCase() !== myScope) continue;
        problems.push({
          field: f.name,
          message: `"${valueText(value)}" is already used by ${id || 'another row'}${per ? ` for the same ${per.name}` : ''}`,
        });
        break;
      }
    }
  }
}

/** Normalise the fields a person supplied; unknown fields are problems, not silently dropped. */
function normalizeInput(
  def: TableDef,
  input: Record<string, unknown>,
  problems: FieldProblem[],
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push({ field: '', message: 'the data must be an object of field: value' });
    return out;
  }
  for (const [key, raw] of Object.entries(input)) {
    const field = findField(def, key);
    if (!field) {
      const system = ['id', 'created', 'created by', 'updated', 'updated by', 'version'].includes(
        key.trim().toLowerCase(),
      );
      problems.push({
        field: key,
        message: system
          ? 'is kept by the register and cannot be set'
          : `is not a field of ${def.name} (fields: ${def.fields.map((f) => f.name).join(', ')})`,
      });
      continue;
    }
    if (isEmptyInput(raw)) {
      out[field.name] = null;
      continue;
    }
    const n = normalizeValue(field, raw);
    if (n.ok) out[field.name] = n.value;
    else problems.push({ field: field.name, message: n.message });
  }
  return out;
}

function formatId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

function idNumber(def: TableDef, id: string): number {
  const m = id.startsWith(`${def.prefix}-`) ? /^\d+$/.exec(id.slice(def.prefix.length + 1)) : null;
  return m ? Number(m[0]) : 0;
}

/** The highest ID number in the table, kept up to date with the view's index. */
function highestIdNumber(v: TableView): number {
  const scan = () => {
    let max = 0;
    for (const id of v.rowOfId.keys()) max = Math.max(max, idNumber(v.def, id));
    return max;
  };
  const entry = views.get(v.snapshot);
  if (!entry || entry.view !== v) return scan();
  entry.maxId ??= scan();
  return entry.maxId;
}

function auditChanges(
  def: TableDef,
  before: Record<string, FieldValue>,
  after: Record<string, FieldValue>,
): string {
  const parts: string[] = [];
  for (const f of def.fields) {
    const a = valueText(before[f.name] ?? null);
    const b = valueText(after[f.name] ?? null);
    if (a === b) continue;
    // Confidential values (salaries, personal data) are never copied into the log.
    parts.push(
      f.confidential
        ? `${f.name}: (confidential, changed)`
        : `${f.name}: ${a || '(empty)'} → ${b || '(empty)'}`,
    );
  }
  return parts.join('\n').slice(0, 30_000);
}

function audit(
  snap: Snapshots,
  plan: Plan,
  table: string,
  id: string,
  action: string,
  changes: string,
): void {
  planLogAppend(plan, AUDIT_SHEET, snap.sheetNames.has(AUDIT_SHEET), {
    When: nowCell(snap.env),
    Who: snap.env.user,
    Table: table,
    'Record ID': id,
    Action: action,
    Changes: changes,
  });
}

export interface CreateRequest {
  table: string;
  values: Record<string, unknown>;
}

export function decideCreate(snap: Snapshots, req: CreateRequest): Decision<RecordOut> {
  const def = tableDef(snap.schema, req.table);
  const v = view(snap, def);
  const problems: FieldProblem[] = [];
  const values = normalizeInput(def, req.values, problems);
  for (const f of def.fields) {
    if (f.name in values || !f.default) continue;
    const d = evaluateDefault(snap, def, f, values);
    if (isEmptyInput(d)) continue;
    const n = normalizeValue(f, d);
    if (n.ok) values[f.name] = n.value;
    else problems.push({ field: f.name, message: `its default "${f.default}" ${n.message}` });
  }
  checkRecord(snap, v, values, null, problems);
  if (problems.length > 0) throw invalid(problems, `${def.name}: not saved`);

  const plan = emptyPlan();
  const meta = readMeta(snap.tables.get(META_SHEET));
  const counterKey = `next ${def.prefix}`;
  const stored = Number(cellText(meta.get(counterKey)));
  const n = Math.max(Number.isFinite(stored) ? stored : 0, highestIdNumber(v) + 1, 1);
  const id = formatId(def.prefix, n);
  planMeta(plan, meta, snap.sheetNames.has(META_SHEET), counterKey, n + 1);

  const row: Record<string, Cell> = { [ID_COLUMN]: id };
  for (const f of def.fields) row[f.name] = valueToCell(f, values[f.name] ?? null);
  const now = nowCell(snap.env);
  Object.assign(row, {
    Created: now,
    'Created by': snap.env.user,
    Updated: now,
    'Updated by': snap.env.user,
    Version: 1,
  });
  writeFor(plan, def.name).appends.push(row);
  audit(snap, plan, def.name, id, 'create', auditChanges(def, {}, values));

  const result: RecordOut = {
    table: def.name,
    id,
    version: 1,
    values: Object.fromEntries(def.fields.map((f) => [f.name, values[f.name] ?? null])),
    labels: {},
    created: cellText(now),
    createdBy: snap.env.user,
    updated: cellText(now),
    updatedBy: snap.env.user,
  };
  result.labels = referenceLabels(snap, def, result.values);
  return { plan, result };
}

export interface UpdateRequest {
  table: string;
  id: string;
  values: Record<string, unknown>;
  /** The Version the edit was based on; omitted only by scripts that accept last-writer-wins. */
  version?: number;
}

export function decideUpdate(snap: Snapshots, req: UpdateRequest): Decision<RecordOut> {
  const def = tableDef(snap.schema, req.table);
  const v = view(snap, def);
  const row = v.rowOfId.get(req.id.trim());
  if (row === undefined) throw new RegisterError('not-found', `${def.name}: there is no record ${req.id}`);
  const current = recordAt(snap, v, row);
  if (req.version !== undefined && req.version !== current.version)
    throw new RegisterError(
      'conflict',
      `${def.name} ${current.id} was changed by ${current.updatedBy || 'someone else'} at ${current.updated} (version ${current.version}; your edit was based on version ${req.version}). Compare and save again.`,
      [],
      { current },
    );
  const problems: FieldProblem[] = [];
  const changes = normalizeInput(def, req.values, problems);
  const values = { ...current.values, ...changes };
  checkRecord(snap, v, values, current.id, problems);
  if (problems.length > 0) throw invalid(problems, `${def.name} ${current.id}: not saved`);

  const plan = emptyPlan();
  const cells: Record<string, Cell> = {};
  for (const f of def.fields) {
    if (!(f.name in changes)) continue;
    const cell = valueToCell(f, values[f.name] ?? null);
    const old = cellAt(v, row, f.name);
    const same = isCellDate(cell)
      ? isCellDate(old) && old.date === cell.date
      : valueText(current.values[f.name] ?? null) === valueText(values[f.name] ?? null);
    if (!same) cells[f.name] = cell;
  }
  if (Object.keys(cells).length === 0) return { plan, result: current };
  const now = nowCell(snap.env);
  Object.assign(cells, { Updated: now, 'Updated by': snap.env.user, Version: current.version + 1 });
  writeFor(plan, def.name).updates.push({ key: current.id, values: cells });
  audit(snap, plan, def.name, current.id, 'update', auditChanges(def, current.values, values));
  const result: RecordOut = {
    ...current,
    values,
    version: current.version + 1,
    updated: cellText(now),
    updatedBy: snap.env.user,
  };
  result.labels = referenceLabels(snap, def, values);
  return { plan, result };
}

export function getRecord(snap: Snapshots, table: string, id: string): RecordOut {
  const def = tableDef(snap.schema, table);
  const v = view(snap, def);
  const row = v.rowOfId.get(id.trim());
  if (row === undefined) {
    const key = id.trim().toLowerCase();
    const other = [...v.rowOfId.keys()].find((k) => k.toLowerCase() === key);
    if (other) return recordAt(snap, v, v.rowOfId.get(other)!);
    throw new RegisterError('not-found', `${def.name}: there is no record ${id}`);
  }
  return recordAt(snap, v, row);
}

export interface Condition {
  field: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | '~';
  value: string;
}

/** Parse `Field=value`, `Field!=value`, `Amount>=100`, `Name~acme` (contains). */
export function parseCondition(def: TableDef, text: string): Condition {
  const m = /^\s*([^=!<>~]+?)\s*(!=|<=|>=|=|<|>|~)\s*(.*)$/.exec(text);
  if (!m)
    throw new RegisterError('usage', `"${text}" is not a condition; write Field=value (or != < <= > >= ~)`);
  const name = m[1]!;
  const field = name.toLowerCase() === 'id' ? ID_COLUMN : findField(def, name)?.name;
  if (!field)
    throw new RegisterError(
      'usage',
      `"${name}" is not a field of ${def.name} (fields: ${def.fields.map((f) => f.name).join(', ')})`,
    );
  return { field, op: m[2] as Condition['op'], value: m[3]!.trim() };
}

function matches(rec: RecordOut, c: Condition): boolean {
  const raw = c.field === ID_COLUMN ? rec.id : (rec.values[c.field] ?? null);
  const text = valueText(raw);
  const label = rec.labels[c.field] ?? '';
  const want = c.value.toLowerCase();
  if (c.op === '~') return text.toLowerCase().includes(want) || label.toLowerCase().includes(want);
  if (c.op === '=' || c.op === '!=') {
    const eq = text.toLowerCase() === want || label.toLowerCase() === want;
    return c.op === '=' ? eq : !eq;
  }
  const num = Number(c.value);
  const cmp =
    typeof raw === 'number' && Number.isFinite(num)
      ? raw - num
      : text === ''
        ? NaN
        : text < c.value
          ? -1
          : text > c.value
            ? 1
            : 0;
  if (Number.isNaN(cmp)) return false;
  return c.op === '<' ? cmp < 0 : c.op === '<=' ? cmp <= 0 : c.op === '>' ? cmp > 0 : cmp >= 0;
}

export interface ListRequest {
  table: string;
  where?: string[];
  /** Free text matched against every non-confidential field and the ID. */
  query?: string;
  limit?: number;
}

export interface ListResult {
  table: string;
  total: number;
  records: RecordOut[];
}

/** List records; confidential fields are left out of lists (they show only in an opened record). */
export function listRecords(snap: Snapshots, req: ListRequest): ListResult {
  const def = tableDef(snap.schema, req.table);
  const v = view(snap, def);
  const conditions = (req.where ?? []).map((w) => parseCondition(def, w));
  const q = req.query?.trim().toLowerCase() ?? '';
  const out: RecordOut[] = [];
  let total = 0;
  for (const row of dataRowIndexes(v)) {
    const rec = recordAt(snap, v, row, { confidential: false });
    if (!rec.id) continue;
    if (!conditions.every((c) => matches(rec, c))) continue;
    if (q) {
      const hay = [rec.id, ...Object.values(rec.values).map(valueText), ...Object.values(rec.labels)]
        .join('\u0001')
        .toLowerCase();
      if (!hay.includes(q)) continue;
    }
    total++;
    if (req.limit === undefined || out.length < req.limit) out.push(rec);
  }
  return { table: def.name, total, records: out };
}
