/**
 * Build summaries: read the Reports table, compute each report over its table's snapshot, and plan
 * one `writeReport` per report sheet. Decided in core over snapshots (DESIGN.md, Snapshot in, plan
 * out); the host writes each sheet in one batch.
 */
import { RegisterError, invalid, type FieldProblem } from '../errors';
import { emptyPlan, type Plan } from '../plan';
import { recordAt, tableDef, today as todayOf, view, type Snapshots } from '../records';
import { isValidYmd, wallClock } from '../time';
import { findField } from '../schema';
import { dataRowIndexes } from '../table';
import { computeReport, type ChartData, type Headline, type ReportColumn, type ReportValue } from './compute';
import { fieldsUsed, parseReport, reportRecord, type ReportRecord, type ReportSpec } from './definition';
import { reportBlock } from './layout';
import { REPORT_FIELD, REPORTS_TABLE } from './reports-table';
import { LOG_TABLES, openSource } from './source';

export * from './compute';
export * from './definition';
export * from './filter';
export * from './layout';
export * from './reports-table';
export * from './source';

/** A report as the sidebar's one-page view and the CLI show it: JSON only. */
export interface SummaryView {
  /** The report's record ID in the Reports table. */
  id: string;
  report: string;
  table: string;
  sheet: string;
  /** The day the figures are for. */
  today: string;
  /** Wall-clock `YYYY-MM-DDTHH:mm:ss` in the register's time zone, and who asked. */
  generated: string;
  generatedBy: string;
  /** The filter in words. */
  filter: string;
  notes: string[];
  headline: Headline[];
  layout: 'list' | 'crosstab' | 'single';
  columns: ReportColumn[];
  rows: ReportValue[][];
  total: ReportValue[] | null;
  /** Records that passed the filter. */
  matched: number;
  chart: ChartData | null;
}

export interface SummaryRequest {
  /** A report's Name (any case) or ID; absent: every report. */
  report?: string;
  /** The day to compute the figures for, `YYYY-MM-DD`; default today in the register's time zone. */
  today?: string;
}

export interface FailedReport {
  report: string;
  id: string;
  message: string;
  problems: FieldProblem[];
}

export interface BuildResult {
  today: string;
  reports: SummaryView[];
  failed: FailedReport[];
}

/** The sheets a summary reads: every table (a report may name any of them) and the logs. */
export function summarySheets(schema: Snapshots['schema']): string[] {
  return [...schema.tables.map((t) => t.name), ...LOG_TABLES];
}

function reportDay(snap: Snapshots, day: string | undefined): string {
  if (day === undefined || day === '') return todayOf(snap.env);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isValidYmd(day))
    throw new RegisterError('usage', `"${day}" is not a day; write it as YYYY-MM-DD, e.g. 2026-03-29`);
  return day;
}

function reportRecords(snap: Snapshots): ReportRecord[] {
  const def = snap.schema.tables.find((t) => t.name.toLowerCase() === REPORTS_TABLE.toLowerCase());
  if (!def)
    throw new RegisterError(
      'schema',
      `This register has no ${REPORTS_TABLE} table in Setup; add it (see the starter register) to define summaries.`,
    );
  // A register made before reports had fields has a Reports table with only Name: say what to add.
  const missing = [REPORT_FIELD.table, REPORT_FIELD.measures].filter((f) => !findField(def, f));
  if (missing.length > 0)
    throw new RegisterError(
      'schema',
      `The ${REPORTS_TABLE} table in Setup has no ${missing.join(' or ')} field. Add its fields to Setup (${Object.values(REPORT_FIELD).join(', ')}; a new register shows how), then Set up register.`,
    );
  const v = view(snap, tableDef(snap.schema, def.name));
  return dataRowIndexes(v)
    .map((row) => recordAt(snap, v, row))
    .filter((r) => r.id)
    .map((r) => reportRecord(r.values, r.id));
}

function pick(records: ReportRecord[], wanted: string | undefined): ReportRecord[] {
  if (wanted === undefined || wanted.trim() === '') return records;
  const key = wanted.trim().toLowerCase();
  const found = records.filter((r) => r.name.toLowerCase() === key || r.id.toLowerCase() === key);
  if (found.length === 0)
    throw new RegisterError(
      'not-found',
      `There is no report "${wanted}" (reports: ${records.map((r) => r.name).join(', ') || 'none yet'})`,
    );
  return found.slice(0, 1);
}

interface Computed {
  spec: ReportSpec;
  view: SummaryView;
}

function compute(snap: Snapshots, rec: ReportRecord, day: string): Computed {
  const { spec, problems } = parseReport(rec, snap.schema, day);
  if (!spec) throw invalid(problems, `Report "${rec.name || rec.id}"`);
  const needed = fieldsUsed(spec).map((u) => u.field);
  const source = openSource(
    spec.name,
    snap.schema,
    spec.table,
    snap.tables,
    needed,
    (display) => !display.confidential || spec.allowed.has(display.name.toLowerCase()),
  );
  const t = computeReport(spec, source, day);
  const generated = wallClock(snap.env.nowMs, snap.env.timeZone);
  return {
    spec,
    view: {
      id: spec.id,
      report: spec.name,
      table: spec.table.def.name,
      sheet: spec.sheet,
      today: day,
      generated,
      generatedBy: snap.env.user,
      filter: spec.filterText,
      notes: t.notes,
      headline: t.headline,
      layout: t.layout,
      columns: t.columns,
      rows: t.rows,
      total: t.total,
      matched: t.matched,
      chart: t.chart,
    },
  };
}

function failure(rec: ReportRecord, e: unknown): FailedReport {
  if (!(e instanceof RegisterError)) throw e;
  return { report: rec.name || rec.id, id: rec.id, message: e.message, problems: e.problems };
}

/**
 * Build every report (or the one named): a broken definition is reported and skipped, the others
 * still build. Asked for one report, its problem is the error.
 */
export function decideSummaries(
  snap: Snapshots,
  req: SummaryRequest = {},
): { plan: Plan; result: BuildResult } {
  const day = reportDay(snap, req.today);
  const records = pick(reportRecords(snap), req.report);
  const plan = emptyPlan();
  const result: BuildResult = { today: day, reports: [], failed: [] };
  const sheets = new Map<string, string>();
  for (const rec of records) {
    let built: Computed;
    try {
      built = compute(snap, rec, day);
      const other = sheets.get(built.spec.sheet.toLowerCase());
      if (other)
        throw invalid(
          [
            {
              field: 'Output sheet',
              message: `"${built.spec.sheet}" is also the sheet of the report "${other}"`,
            },
          ],
          `Report "${built.spec.name}"`,
        );
    } catch (e) {
      if (req.report) throw e;
      result.failed.push(failure(rec, e));
      continue;
    }
    sheets.set(built.spec.sheet.toLowerCase(), built.spec.name);
    const g = { at: built.view.generated, by: snap.env.user, asOf: day };
    plan.structure.push({
      op: 'writeReport',
      sheet: built.spec.sheet,
      block: reportBlock(built.spec, built.view, g),
    });
    result.reports.push(built.view);
  }
  return { plan, result };
}

/** One report, computed but not written: the sidebar's summary view. */
export function summaryView(snap: Snapshots, req: SummaryRequest & { report: string }): SummaryView {
  const day = reportDay(snap, req.today);
  const [rec] = pick(reportRecords(snap), req.report);
  return compute(snap, rec!, day).view;
}
