/**
 * The `backoffice` commands. Each runs one use case from src/service on the local .xlsx host and
 * prints its result for a person, or as JSON with --json.
 */
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { RegisterError } from '../core/errors';
import type { RecordOut } from '../core/records';
import { openLocalDocument } from '../hosts/local';
import {
  createRecord,
  describeSchema,
  fetchRecord,
  findRecords,
  importRecords,
  setupRegister,
  updateRecord,
  validateRegister,
} from '../service/register';
import { buildSummaries } from '../service/summary';
import { runAsync } from '../service/use-case';
import { alignedTable, listValue, plural, recordDetails } from './format';
import { csvToRows, renumberProblems } from './import-csv';
import { EXIT_OK, EXIT_PROBLEMS, headline, line, printJson, type CliIo } from './io';
import { chaseCommand } from './chase';
import { mergeCommand } from './merge';
import { ProgressBar } from './progress';
import { summaryText } from './summary-format';
import { existingRegister, resolveFile, text, usage } from './args';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  io: CliIo;
  args: string[];
  opts: OptionValues;
  json: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** For help: the value's placeholder and what it does. */
  arg?: string;
  help: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Positional arguments, all required, in order. */
  positionals: string[];
  options: Record<string, OptionSpec>;
  /** Extra help lines. */
  notes?: string[];
  run(ctx: CommandContext): Promise<number>;
}

function positiveInteger(opts: OptionValues, name: string): number | undefined {
  const v = text(opts, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1)
    throw usage(`--${name} must be a whole number of 1 or more, not "${v}"`);
  return Number(v);
}

/** --data: a JSON object of field: value. */
function jsonData(opts: OptionValues): Record<string, unknown> {
  const raw = text(opts, 'data');
  if (raw === undefined)
    throw usage(`--data is required: the record's fields as JSON, e.g. --data '{"Name": "Acme"}'`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw usage(
      `--data is not valid JSON (${(e as Error).message}); write it like --data '{"Name": "Acme", "Due on": "2026-04-30"}'`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw usage(`--data must be a JSON object of field: value, like '{"Name": "Acme"}'`);
  return data as Record<string, unknown>;
}

function printRecord(ctx: CommandContext, rec: RecordOut): void {
  if (ctx.json) printJson(ctx.io, rec);
  else line(ctx.io.stdout, recordDetails(rec));
}

const init: Command = {
  name: 'init',
  summary: 'Create a new register (the starter tables; --sample adds example records)',
  positionals: ['file.xlsx'],
  options: {
    sample: { type: 'boolean', help: 'add the sample data set: suppliers, orders, invoices, ...' },
    force: { type: 'boolean', help: 'replace an existing file (the old one is kept as <file>.bak)' },
  },
  async run(ctx) {
    const file = resolveFile(ctx, ctx.args[0]!);
    const exists = existsSync(file);
    if (exists && ctx.opts.force !== true)
      throw usage(
        `${ctx.args[0]} already exists; to replace it with a new register add --force (the old file is kept as ${ctx.args[0]}.bak)`,
      );
    if (exists) await copyFile(file, `${file}.bak`);
    const doc = openLocalDocument(file, { ...ctx.io.document, replace: exists });
    const result = await runAsync(doc, setupRegister({ sample: ctx.opts.sample === true }));
    const sheets = await doc.sheetNames();
    const records = result.records ?? {};
    if (ctx.json) {
      printJson(ctx.io, { file, sheets, changes: result.changes, problems: result.problems, records });
      return EXIT_OK;
    }
    line(
      ctx.io.stdout,
      `Created ${ctx.args[0]}: a new register with ${plural(sheets.length, 'sheet')}: ${sheets.join(', ')}.`,
    );
    if (exists) line(ctx.io.stdout, `The previous file is kept as ${ctx.args[0]}.bak.`);
    const counts = Object.entries(records).filter(([, n]) => n > 0);
    if (counts.length > 0)
      line(
        ctx.io.stdout,
        `Records: ${counts.map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}.`,
      );
    return EXIT_OK;
  },
};

const setup: Command = {
  name: 'setup',
  summary: "Create or repair the register's sheets from its Setup sheet",
  positionals: ['file.xlsx'],
  options: {},
  notes: [
    'Repair only adds: it never deletes a column, a row or a value. A missing file becomes a new, empty register.',
  ],
  async run(ctx) {
    const doc = openLocalDocument(resolveFile(ctx, ctx.args[0]!), ctx.io.document);
    const report = await runAsync(doc, setupRegister());
    if (ctx.json) printJson(ctx.io, { changes: report.changes, problems: report.problems });
    else {
      if (report.changes.length === 0) line(ctx.io.stdout, 'Nothing to change: every sheet matches Setup.');
      for (const c of report.changes) line(ctx.io.stdout, `Changed: ${c}`);
      for (const p of report.problems) line(ctx.io.stdout, `Problem: ${p}`);
    }
    return report.problems.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

const validate: Command = {
  name: 'validate',
  summary: 'Check every record against the rules in Setup; lists problems by table, ID and field',
  positionals: ['file.xlsx'],
  options: {},
  notes: ['Exits with 1 when there are problems. Reads only; fixes nothing.'],
  async run(ctx) {
    const report = await runAsync(existingRegister(ctx), validateRegister());
    if (ctx.json) {
      printJson(ctx.io, report);
      return report.problems.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    }
    const out = ctx.io.stdout;
    const tables = [
      ...new Set([...report.tables.map((t) => t.table), ...report.problems.map((p) => p.table)]),
    ];
    for (const table of tables) {
      const rows = report.tables.find((t) => t.table === table)?.rows;
      const problems = report.problems.filter((p) => p.table === table);
      const size = rows === undefined ? 'cannot be read' : plural(rows, 'record');
      line(
        out,
        `${table}: ${size}, ${problems.length === 0 ? 'no problems' : plural(problems.length, 'problem')}`,
      );
      for (const p of problems) {
        const where = p.id ? `${p.id} (row ${p.row})` : p.row > 1 ? `row ${p.row}` : 'header';
        line(out, `  ${where}  ${p.field ? `${p.field}: ` : ''}${p.message}`);
      }
    }
    const total = report.problems.length;
    line(out, total === 0 ? 'No problems found.' : `${plural(total, 'problem')} found.`);
    return total > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

const add: Command = {
  name: 'add',
  summary: 'Add a record; prints its new ID',
  positionals: ['file.xlsx', 'table'],
  options: {
    data: { type: 'string', arg: '<json>', help: `the fields as a JSON object, dates as YYYY-MM-DD` },
  },
  notes: [
    `Example: backoffice add register.xlsx Suppliers --data '{"Name": "Acme", "Email": "orders@acme.example"}'`,
  ],
  async run(ctx) {
    const data = jsonData(ctx.opts);
    const rec = await runAsync(existingRegister(ctx), createRecord({ table: ctx.args[1]!, values: data }));
    if (ctx.json) printJson(ctx.io, rec);
    else line(ctx.io.stdout, rec.id);
    return EXIT_OK;
  },
};

const update: Command = {
  name: 'update',
  summary: 'Change fields of a record',
  positionals: ['file.xlsx', 'table', 'id'],
  options: {
    data: { type: 'string', arg: '<json>', help: 'the fields to change, as a JSON object' },
    version: {
      type: 'string',
      arg: '<n>',
      help: 'the version your change is based on: refused if the record changed since (recommended in scripts)',
    },
  },
  async run(ctx) {
    const data = jsonData(ctx.opts);
    const version = positiveInteger(ctx.opts, 'version');
    const rec = await runAsync(
      existingRegister(ctx),
      updateRecord({
        table: ctx.args[1]!,
        id: ctx.args[2]!,
        values: data,
        ...(version !== undefined ? { version } : {}),
      }),
    );
    if (ctx.json) printJson(ctx.io, rec);
    else line(ctx.io.stdout, `${rec.id} is at version ${rec.version}.`);
    return EXIT_OK;
  },
};

const get: Command = {
  name: 'get',
  summary: 'Show one record',
  positionals: ['file.xlsx', 'table', 'id'],
  options: {},
  async run(ctx) {
    printRecord(
      ctx,
      await runAsync(existingRegister(ctx), fetchRecord({ table: ctx.args[1]!, id: ctx.args[2]! })),
    );
    return EXIT_OK;
  },
};

const list: Command = {
  name: 'list',
  summary: 'List records, filtered and searched (confidential fields are left out)',
  positionals: ['file.xlsx', 'table'],
  options: {
    where: {
      type: 'string',
      multiple: true,
      arg: "'Field=value'",
      help: 'keep records where a field matches (= != < <= > >=, ~ contains); repeat to combine',
    },
    search: { type: 'string', arg: '<text>', help: 'keep records that contain the text in any field' },
    limit: { type: 'string', arg: '<n>', help: 'show at most n records' },
  },
  async run(ctx) {
    const where = (ctx.opts.where as string[] | undefined) ?? [];
    const limit = positiveInteger(ctx.opts, 'limit');
    const query = text(ctx.opts, 'search');
    const result = await runAsync(
      existingRegister(ctx),
      findRecords({
        table: ctx.args[1]!,
        where,
        ...(query !== undefined ? { query } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
    );
    if (ctx.json) {
      printJson(ctx.io, result.records);
      return EXIT_OK;
    }
    if (result.records.length === 0) {
      line(ctx.io.stdout, `No ${result.table} records${where.length > 0 || query ? ' match' : ''}.`);
      return EXIT_OK;
    }
    const fields = Object.keys(result.records[0]!.values);
    const rows = result.records.map((r) => [r.id, ...fields.map((f) => listValue(r, f))]);
    const layout = ctx.io.isTTY ? { width: ctx.io.columns ?? 100, maxCell: 32 } : {};
    const table = alignedTable(['ID', ...fields], rows, layout);
    line(ctx.io.stdout, table.text);
    if (table.hidden.length > 0)
      line(ctx.io.stdout, `(not shown: ${table.hidden.join(', ')}; widen the terminal, or use --json)`);
    if (result.total > result.records.length)
      line(
        ctx.io.stdout,
        `(${result.records.length.toLocaleString('en-US')} of ${plural(result.total, 'record')})`,
      );
    return EXIT_OK;
  },
};

const importCsv: Command = {
  name: 'import',
  summary: 'Add records from a CSV file, all or none',
  positionals: ['file.xlsx', 'table', 'file.csv'],
  options: {},
  notes: [
    'The CSV (RFC 4180; UTF-8, a BOM is fine) has a header row of field names. An empty cell takes',
    "the field's default. Any bad row means nothing is imported, and every problem is listed.",
  ],
  async run(ctx) {
    const doc = existingRegister(ctx);
    const csvFile = path.resolve(ctx.io.cwd ?? process.cwd(), ctx.args[2]!);
    let csv: string;
    try {
      csv = await readFile(csvFile, 'utf8');
    } catch (e) {
      throw usage(
        `Cannot read ${ctx.args[2]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
    }
    const bar = new ProgressBar(ctx.io.stderr, ctx.io.stderrIsTTY ?? ctx.io.isTTY);
    try {
      const schema = await runAsync(doc, describeSchema());
      bar.phase('Parsing', csv.length);
      const parsed = csvToRows(csv, schema, ctx.args[1]!, (done) => bar.update(done));
      bar.phase('Validating', parsed.rows.length);
      const useCase = importRecords(parsed.table, parsed.rows, { onRow: (done) => bar.update(done) });
      const result = await runAsync(doc, {
        ...useCase,
        // The bar ends when the decision is made; what follows is the save.
        decide: (snap) => {
          const decision = useCase.decide(snap);
          bar.phase('Saving', 0);
          return decision;
        },
      }).catch((e: unknown) => {
        if (!(e instanceof RegisterError) || e.code !== 'invalid') throw e;
        throw new RegisterError(
          'invalid',
          headline(e),
          renumberProblems(e.problems, parsed.csvRows),
          e.details,
        );
      });
      bar.finish();
      if (ctx.json) printJson(ctx.io, { table: result.table, count: result.ids.length, ids: result.ids });
      else if (result.ids.length === 0)
        line(ctx.io.stdout, `Nothing to import: ${ctx.args[2]} has no rows below its header.`);
      else
        line(
          ctx.io.stdout,
          `Imported ${plural(result.ids.length, 'record')} into ${result.table} (${result.ids[0]}${result.ids.length > 1 ? ` to ${result.ids[result.ids.length - 1]}` : ''}).`,
        );
      return EXIT_OK;
    } finally {
      bar.finish();
    }
  },
};

const summary: Command = {
  name: 'summary',
  summary: 'Build the summary sheets defined in the Reports table (all of them, or one)',
  positionals: ['file.xlsx'],
  options: {
    report: { type: 'string', arg: '<name>', help: 'build only this report (its Name or ID)' },
    today: {
      type: 'string',
      arg: '<YYYY-MM-DD>',
      help: 'compute the figures as of this day (default: today)',
    },
  },
  notes: [
    'Each report is written to its Output sheet, replacing what the last build wrote there; notes written',
    'below the "End of report." line are kept. Exits with 1 when a report could not be built.',
  ],
  async run(ctx) {
    const report = text(ctx.opts, 'report');
    const today = text(ctx.opts, 'today');
    const result = await runAsync(
      existingRegister(ctx),
      buildSummaries({
        ...(report !== undefined ? { report } : {}),
        ...(today !== undefined ? { today } : {}),
      }),
    );
    if (ctx.json) printJson(ctx.io, result);
    else {
      const layout = ctx.io.isTTY ? { width: ctx.io.columns ?? 100, maxCell: 32 } : {};
      for (const view of result.reports) line(ctx.io.stdout, `${summaryText(view, layout)}\n`);
      for (const f of result.failed) {
        line(ctx.io.stdout, `Not built: ${f.report}${f.problems.length > 0 ? ':' : `: ${f.message}`}`);
        for (const p of f.problems) line(ctx.io.stdout, `  ${p.field ? `${p.field}: ` : ''}${p.message}`);
      }
      line(
        ctx.io.stdout,
        `Built ${plural(result.reports.length, 'report')} as of ${result.today}${result.failed.length > 0 ? `; ${result.failed.length} could not be built` : ''}.`,
      );
    }
    return result.failed.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

export const COMMANDS: Command[] = [
  init,
  setup,
  validate,
  add,
  update,
  get,
  list,
  importCsv,
  summary,
  mergeCommand,
  chaseCommand,
];
