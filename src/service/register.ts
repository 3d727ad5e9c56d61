/**
 * The register's use cases: the RPC surface the sidebar calls and the CLI runs. Each is a
 * host-independent `UseCase`; `runSync` / `runAsync` drive it on a host.
 */
import { decideCreateMany, simulate, type BulkResult } from '../core/bulk';
import { checkRegister, type CheckReport } from '../core/check';
import { RegisterError } from '../core/errors';
import { META_SHEET, OWNED_SHEETS } from '../core/logs';
import { emptyPlan, mergeInto } from '../core/plan';
import {
  decideCreate,
  decideUpdate,
  getRecord,
  listRecords,
  tableDef,
  tablesForRecords,
  today,
  view,
  type CreateRequest,
  type ListRequest,
  type ListResult,
  type RecordOut,
  type Snapshots,
  type UpdateRequest,
} from '../core/records';
import { CHASE_RULES_TABLE } from '../core/chase/rules';
import { STARTER_CHASE_RULES, STARTER_CHASE_TEMPLATES } from '../core/chase/starter-rules';
import { STARTER_TEMPLATES } from '../core/mail/starter-templates';
import { TEMPLATES_TABLE } from '../core/mail/template';
import { REPORTS_TABLE } from '../core/summary/reports-table';
import { STARTER_REPORTS } from '../core/summary/starter-reports';
import { sampleData } from '../core/sample';
import { cellText } from '../core/cells';
import { ID_COLUMN, SETUP_SHEET, type FieldDef, type Schema } from '../core/schema';
import { cellAt } from '../core/table';
import { decideSetup, readSchema, setupSheets, type SetupReport } from '../core/setup';
import { starterSetup } from '../core/starter';
import type { TableSnapshot } from '../core/table';
import type { UseCase } from './use-case';

const withMeta = (names: string[]) => [...names, META_SHEET];

export function createRecord(req: CreateRequest): UseCase<RecordOut> {
  return {
    sheets: (s) => withMeta(tablesForRecords(s, req.table)),
    decide: (snap) => decideCreate(snap, req),
  };
}

export function updateRecord(req: UpdateRequest): UseCase<RecordOut> {
  return { sheets: (s) => tablesForRecords(s, req.table), decide: (snap) => decideUpdate(snap, req) };
}

export function importRecords(
  table: string,
  rows: Record<string, unknown>[],
  opts: { onRow?: (done: number, total: number) => void } = {},
): UseCase<BulkResult> {
  return {
    sheets: (s) => withMeta(tablesForRecords(s, table)),
    decide: (snap) => decideCreateMany(snap, table, rows, 2, opts.onRow),
  };
}

export function fetchRecord(req: { table: string; id: string }): UseCase<RecordOut> {
  return {
    readOnly: true,
    sheets: (s) => tablesForRecords(s, req.table),
    decide: (snap) => ({ plan: emptyPlan(), result: getRecord(snap, req.table, req.id) }),
  };
}

export function findRecords(req: ListRequest): UseCase<ListResult> {
  return {
    readOnly: true,
    sheets: (s) => tablesForRecords(s, req.table),
    decide: (snap) => ({ plan: emptyPlan(), result: listRecords(snap, req) }),
  };
}

export function validateRegister(): UseCase<CheckReport> {
  return {
    readOnly: true,
    sheets: (s) => s.tables.map((t) => t.name),
    decide: (snap) => ({ plan: emptyPlan(), result: checkRegister(snap) }),
  };
}

/**
 * "Set up register": create or repair the sheets from Setup. In a workbook without Setup it
 * writes the starter register (`sample` adds the sample data set).
 */
export function setupRegister(opts: { sample?: boolean } = {}): UseCase<SetupReport & Partial<InitResult>> {
  return {
    schemaOptional: true,
    sheets: setupSheets,
    decide: (snap) => {
      if (snap.sheetNames.has(SETUP_SHEET)) return decideSetup(snap.schema, snap.tables);
      const init = decideInit(snap.sheetNames, snap.env, opts.sample ?? false);
      return { plan: init.plan, result: { ...init.result.setup, records: init.result.records } };
    },
  };
}

/** "Go to row": select the record's row in its sheet, found by ID wherever sorting moved it. */
export function selectRecord(req: { table: string; id: string }): UseCase<{ sheet: string; row: number }> {
  return {
    readOnly: true,
    sheets: (s) => [tableDef(s, req.table).name],
    decide: (snap) => {
      const def = tableDef(snap.schema, req.table);
      const index = view(snap, def).rowOfId.get(req.id.trim());
      if (index === undefined)
        throw new RegisterError('not-found', `${def.name}: there is no record ${req.id}`);
      const at = { sheet: def.name, row: index + 2 };
      return { plan: emptyPlan(), result: at, select: at };
    },
  };
}

/** The record under the person's cursor, or null when the cursor is not on a record's row. */
export function selectedRecord(): UseCase<{ table: string; id: string } | null> {
  return {
    readOnly: true,
    needsCursor: true,
    sheets: (s, cursor) => (cursor && s.tables.some((t) => t.name === cursor.sheet) ? [cursor.sheet] : []),
    decide: (snap, cursor) => {
      const def = cursor ? snap.schema.tables.find((t) => t.name === cursor.sheet) : undefined;
      if (!cursor || !def || cursor.row < 2 || !snap.tables.has(def.name))
        return { plan: emptyPlan(), result: null };
      const v = view(snap, def);
      const id = cellText(cellAt(v, cursor.row - 2, ID_COLUMN)).trim();
      return { plan: emptyPlan(), result: id && v.rowOfId.has(id) ? { table: def.name, id } : null };
    },
  };
}

/** What the sidebar needs to draw its forms: tables, fields, and who and when it is. */
export interface SchemaInfo {
  tables: { name: string; prefix: string; displayField: string; fields: FieldDef[] }[];
  user: string;
  today: string;
  timeZone: string;
  locale: string;
  /** What the host offers beyond records, e.g. 'navigation' ("Go to row", "Open selected row"). */
  capabilities: string[];
}

export function describeSchema(): UseCase<SchemaInfo> {
  return {
    readOnly: true,
    sheets: () => [],
    decide: (snap) => ({
      plan: emptyPlan(),
      result: {
        tables: snap.schema.tables.map((t) => ({
          name: t.name,
          prefix: t.prefix,
          displayField: t.displayField,
          fields: t.fields,
        })),
        user: snap.env.user,
        today: today(snap.env),
        timeZone: snap.env.timeZone,
        locale: snap.env.locale,
        capabilities: snap.env.capabilities ?? [],
      },
    }),
  };
}

export interface InitResult {
  setup: SetupReport;
  records: Record<string, number>;
}

/**
 * Write the starter register into a workbook that has no Setup sheet yet: Setup, every table,
 * the logs and, with `sample`, the sample data set, as one plan.
 */
export function decideInit(sheetNames: Set<string>, env: Snapshots['env'], sample: boolean) {
  if (sheetNames.has(SETUP_SHEET))
    throw new RegisterError(
      'usage',
      'This workbook already has a Setup sheet: use Set up register to repair it.',
    );
  const starter = starterSetup();
  const setupSnap: TableSnapshot = { name: SETUP_SHEET, header: starter.header, rows: starter.rows };
  const schema: Schema = readSchema(setupSnap);
  const tables = new Map<string, TableSnapshot>();
  const work: Snapshots = { schema, tables, sheetNames: new Set(sheetNames), env };
  const plan = emptyPlan();
  const step = (p: ReturnType<typeof emptyPlan>) => {
    simulate(work, p);
    mergeInto(plan, p);
  };
  step({
    structure: [
      { op: 'createSheet', sheet: SETUP_SHEET, header: starter.header },
      { op: 'freezeHeader', sheet: SETUP_SHEET },
    ],
    writes: [
      {
        table: SETUP_SHEET,
        keyColumn: '',
        updates: [],
        appends: starter.rows.map((r) => Object.fromEntries(starter.header.map((h, i) => [h, r[i] ?? '']))),
      },
    ],
  });
  const clash = [...schema.tables.map((t) => t.name), ...Object.keys(OWNED_SHEETS)].filter((n) =>
    sheetNames.has(n),
  );
  if (clash.length > 0)
    throw new RegisterError(
      'usage',
      `This workbook already has sheets named ${clash.join(', ')}: start the register in a new workbook, or rename them.`,
    );
  const setup = decideSetup(schema, new Map());
  step(setup.plan);
  const records: Record<string, number> = {};
  // Templates are configuration, not sample data: every new register gets the starter ones.
  const templates = decideCreateMany(
    work,
    TEMPLATES_TABLE,
    [...STARTER_TEMPLATES, ...STARTER_CHASE_TEMPLATES].map((t) => ({ ...t })),
  );
  step(templates.plan);
  records[TEMPLATES_TABLE] = templates.result.ids.length;
  // Chase rules too; they name templates seeded just above, so they come after them.
  const chaseRules = decideCreateMany(
    work,
    CHASE_RULES_TABLE,
    STARTER_CHASE_RULES.map((r) => ({ ...r })),
  );
  step(chaseRules.plan);
  records[CHASE_RULES_TABLE] = chaseRules.result.ids.length;
  // Reports are configuration too: the starter summaries come with every new register.
  const reports = decideCreateMany(
    work,
    REPORTS_TABLE,
    STARTER_REPORTS.map((r) => ({ ...r })),
  );
  step(reports.plan);
  records[REPORTS_TABLE] = reports.result.ids.length;
  if (sample) {
    for (const { table, rows } of sampleData(today(env))) {
      const d = decideCreateMany(work, table, rows);
      step(d.plan);
      records[table] = d.result.ids.length;
    }
  }
  return { plan, result: { setup: setup.result, records } };
}
