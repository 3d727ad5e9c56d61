/**
 * The Excel host: the register in the open workbook, through the Excel JavaScript API
 * (DESIGN.md, "Hosts"). Written to the API's rules:
 *
 * - Reads: every sheet an operation needs is loaded with one batch and one `context.sync()`; there is
 *   never a sync in a loop (learn.microsoft.com/office/dev/add-ins/concepts/correlated-objects-pattern).
 *   An operation costs: one sync for the sheet and table names, one to read Setup, one to read the
 *   tables it needs, one to write (read-only operations: three; building summaries: one more, to read
 *   the report sheets before the write, report.ts). These do not grow with rows. A read may ask for only
 *   some rows of a table (a mail's records, before it is sent): a table measured larger than 256 KB is
 *   then read as its header, its key column and those rows, three more syncs (filtered-read.ts).
 * - Payload: Excel on the web caps a request and a response at 5 MB (RequestPayloadSizeLimitExceeded /
 *   ResponsePayloadSizeLimitExceeded; learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-
 *   and-performance-optimization#excel-add-ins). A response's size is known only once Excel sends it, so
 *   a read goes out whole unless sizes remembered from earlier reads say it would pass the budget (4 MB,
 *   headroom under the limit); when it is too large, or Excel refuses it, the read is paged: one sync
 *   for the extent of each sheet, then pages of rows sized to the budget, one sync per group of pages
 *   that fits (learn.microsoft.com/office/dev/add-ins/excel/performance#payload-size-limit-best-practices:
 *   split only once the limit is reached). A write is measured before it is sent, and split into
 *   several syncs only when it is larger than the budget.
 * - Writes: the whole plan in one sync, with calculation suspended until that sync when it writes many
 *   cells (Application.suspendApiCalculationUntilNextSync, learn.microsoft.com/office/dev/add-ins/excel/
 *   performance#suspend-calculation-temporarily).
 * - Locking: Excel gives add-ins no document lock, so `withLock` just runs the operation; two people
 *   editing one record are told apart by the record's Version (an edit based on an older version is a
 *   conflict). A co-author who sorts a table between this operation's read and its write (a fraction of a
 *   second) could make the write land on the wrong row; there is no API to make the two atomic.
 * - One operation at a time: the per-operation state below (the names of sheets and tables, the layouts
 *   read) belongs to the operation that loaded it, so callers run operations one after another (the task
 *   pane queues its RPC calls; Excel runs batches one at a time anyway).
 * - Time zone: an Excel workbook has no time zone (its dates are serials, see cells.ts), so "today" and
 *   timestamps use the time zone of the computer the task pane runs on (Intl), unless one is given.
 */
import { RegisterError } from '../../core/errors';
import { AUDIT_SHEET, CORRESPONDENCE_SHEET } from '../../core/logs';
import type { Plan } from '../../core/plan';
import type { HostEnv } from '../../core/records';
import type { TableSnapshot } from '../../core/table';
import type { AsyncDocument, RowFilter, SheetPosition } from '../../ports';
import { readFiltered } from './filtered-read';
import { actualSheet, registerTable, type Layout, type WorkbookMap } from './layout';
import { a1 } from './names';
import {
  finishPaged,
  queueExtent,
  queueFull,
  queueHeader,
  queuePage,
  type Extent,
  type Page,
  type Pending,
  type SheetRead,
} from './read';
import { queueReportRead, type ReportTarget, type WriteReport } from './report';
import { LISTS_SHEET, planSteps, Proxies, type Step } from './write-plan';

/** `Excel.run`, or the emulator's. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelDocumentOptions {
  run: ExcelRun;
  /** The signed-in person's email (Owner, Created by); the task pane gets it from Office. */
  user: string;
  /** IANA time zone; default the browser's (Intl). */
  timeZone?: string;
  /** Locale as core expects it (en_US); default from the browser's language. */
  locale?: string;
  now?: () => number;
  /** Bytes a request or response may carry; default 4 MB, under Excel on the web's 5 MB. */
  payloadBudgetBytes?: number;
  /**
   * A row filter is applied to a table whose whole read, as measured by an earlier read of this
   * document, is larger than this; smaller tables are read whole. Default 256 KB.
   */
  filterAboveBytes?: number;
}

export const DEFAULT_PAYLOAD_BUDGET = 4_000_000;
/**
 * A filtered read costs three syncs where reading the table along with the others costs none more
 * (filtered-read.ts), so it pays only for a large table: at 256 KB, about 650 rows of the starter
 * Purchase Orders table. A table this document has not read yet counts as small: the run's first
 * read of it is whole, and measures it.
 */
export const DEFAULT_FILTER_ABOVE = 256_000;
/** Writes of at least this many cells suspend calculation until their sync. */
export const LARGE_WRITE_CELLS = 1_000;

/** Sheets a plan may append to without reading them: their headers come with every read. */
const APPEND_ONLY_SHEETS = [AUDIT_SHEET, CORRESPONDENCE_SHEET, LISTS_SHEET];

const PAYLOAD_ERRORS = new Set([
  'RequestPayloadSizeLimitExceeded',
  'ResponsePayloadSizeLimitExceeded',
  'RangeExceedsLimit',
]);

function isPayloadError(e: unknown): boolean {
  return PAYLOAD_ERRORS.has(String((e as { code?: unknown } | null)?.code ?? ''));
}

/** Errors Excel raises when the workbook changed under an operation (a co-author deleted a sheet or a table). */
const CHANGED_UNDER_US = new Set([
  'ItemNotFound',
  'InvalidReference',
  'InsertDeleteConflict',
  'InvalidBinding',
]);

/**
 * An error from Excel.run as the register reports it. Excel's errors carry a `code` and a localized
 * `message` not meant for people (learn.microsoft.com/office/dev/add-ins/testing/application-specific-
 * api-error-handling, "API errors"): the code decides what the person is told.
 */
export function fromExcelError(e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof RegisterError || typeof code !== 'string') return e;
  if (CHANGED_UNDER_US.has(code))
    return new RegisterError(
      'busy',
      'The workbook changed while the register was working on it; try again in a moment.',
      [],
      {
        excel: code,
      },
    );
  const message = e instanceof Error ? e.message : String(e);
  return new RegisterError('internal', `Excel could not do this (${code}): ${message}`, [], { excel: code });
}

function defaultLocale(): string {
  const lang = typeof navigator !== 'undefined' ? navigator.language : 'en-US';
  return (lang || 'en-US').replace('-', '_');
}

export class ExcelDocument implements AsyncDocument {
  readonly kind = 'excel' as const;
  private readonly run: ExcelRun;
  private readonly user: string;
  private readonly timeZone: string;
  private readonly locale: string;
  private readonly now: () => number;
  private readonly budget: number;
  private readonly filterAbove: number;
  /** Names of sheets and tables, loaded when an operation starts (sheetNames). */
  private map: WorkbookMap | null = null;
  /** Layouts of the sheets read by the current operation, by lower-cased name. */
  private layouts = new Map<string, Layout>();
  /** Where each sheet's header row was at its last read, for "Go to row" (kept across operations). */
  private readonly headerRows = new Map<string, number>();
  /** Bytes per row of each sheet at its last read, to page a read before Excel refuses it. */
  private readonly rowBytes = new Map<string, { bytesPerRow: number; rows: number }>();

  constructor(opts: ExcelDocumentOptions) {
    const run = opts.run;
    this.run = (batch) =>
      run(batch).catch((e: unknown) => {
        throw isPayloadError(e) ? e : fromExcelError(e);
      });
    this.user = opts.user;
    this.timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.locale = opts.locale ?? defaultLocale();
    this.now = opts.now ?? Date.now;
    this.budget = opts.payloadBudgetBytes ?? DEFAULT_PAYLOAD_BUDGET;
    this.filterAbove = opts.filterAboveBytes ?? DEFAULT_FILTER_ABOVE;
  }

  env(): HostEnv {
    return {
      user: this.user,
      timeZone: this.timeZone,
      locale: this.locale,
      nowMs: this.now(),
      capabilities: ['navigation'],
    };
  }

  /** Excel has no document lock for add-ins: conflicts are caught by Version (see above). */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  /** Sheet names, and every table with its sheet: one sync, at the start of each operation. */
  async sheetNames(): Promise<string[]> {
    this.map = await this.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      const tables = ctx.workbook.tables.load('items/name,items/worksheet/name');
      await ctx.sync();
      const tablesOf = new Map<string, string[]>();
      for (const t of tables.items) {
        const key = t.worksheet.name.toLowerCase();
        tablesOf.set(key, [...(tablesOf.get(key) ?? []), t.name]);
      }
      return {
        sheets: sheets.items.map((s) => s.name),
        tablesOf,
        tableNames: new Set(tables.items.map((t) => t.name.toLowerCase())),
      };
    });
    this.layouts = new Map();
    return [...this.map.sheets];
  }

  private async workbookMap(): Promise<WorkbookMap> {
    if (!this.map) await this.sheetNames();
    return this.map!;
  }

  /**
   * Whole sheets in one sync (paged when too large); then the large tables with a row filter, only
   * their wanted rows (filtered-read.ts). A filtered table's layout is not kept: a plan that writes to
   * it reads its header first, like any sheet it did not read.
   */
  async read(
    sheets: readonly string[],
    filters: readonly RowFilter[] = [],
  ): Promise<Map<string, TableSnapshot>> {
    const map = await this.workbookMap();
    const narrow = filters.filter((f) => {
      const known = this.rowBytes.get(f.sheet.toLowerCase());
      return (
        sheets.includes(f.sheet) &&
        actualSheet(map, f.sheet) === f.sheet &&
        registerTable(map, f.sheet) !== null &&
        known !== undefined &&
        known.bytesPerRow * known.rows > this.filterAbove
      );
    });
    const whole = sheets.filter((s) => !narrow.some((f) => f.sheet === s));
    const out = await this.readWholeSheets(map, whole);
    const filtered = await readFiltered(this.run, narrow, (s) => registerTable(map, s)!, this.budget);
    for (const [name, snapshot] of filtered) out.set(name, snapshot);
    return out;
  }

  private async readWholeSheets(
    map: WorkbookMap,
    sheets: readonly string[],
  ): Promise<Map<string, TableSnapshot>> {
    const wanted = sheets.filter((s) => actualSheet(map, s) === s);
    // The headers of the logs and lists a plan may append to without reading them come along.
    const extras = APPEND_ONLY_SHEETS.map((s) => actualSheet(map, s)).filter(
      (s): s is string => s !== undefined && !wanted.includes(s) && !this.layouts.has(s.toLowerCase()),
    );
    const estimate = wanted.reduce((n, s) => {
      const known = this.rowBytes.get(s.toLowerCase());
      return n + (known ? known.bytesPerRow * known.rows : 0);
    }, 0);
    let reads: Map<string, SheetRead> | null = wanted.length + extras.length === 0 ? new Map() : null;
    if (!reads && estimate <= this.budget) {
      try {
        reads = await this.readWhole(map, wanted, extras);
      } catch (e) {
        if (!isPayloadError(e)) throw e;
      }
    }
    if (!reads) reads = await this.readPaged(map, wanted, extras);
    const out = new Map<string, TableSnapshot>();
    for (const [name, read] of reads) {
      this.layouts.set(name.toLowerCase(), read.layout);
      this.headerRows.set(name.toLowerCase(), read.layout.headerRow);
      out.set(name, read.snapshot);
      if (read.size.rows > 0) this.rowBytes.set(name.toLowerCase(), read.size);
    }
    return out;
  }

  /** One sync: every wanted sheet whole, and the headers of the extras. */
  private async readWhole(
    map: WorkbookMap,
    wanted: string[],
    extras: string[],
  ): Promise<Map<string, SheetRead>> {
    return this.run(async (ctx) => {
      const full = wanted.map((s) => [s, queueFull(ctx, map, s)] as const);
      const headers = extras.map((s) => [s, queueHeader(ctx, map, s)] as const);
      await ctx.sync();
      for (const [s, p] of headers) this.layouts.set(s.toLowerCase(), p.finish());
      return new Map(full.map(([s, p]) => [s, p.finish()]));
    });
  }

  /**
   * A read too large for one response: one sync for each sheet's extent (and the extras' headers),
   * then pages of rows, grouped so each sync stays within the budget. A group Excel still refuses is
   * split in two, down to a single row.
   */
  private async readPaged(
    map: WorkbookMap,
    wanted: string[],
    extras: string[],
  ): Promise<Map<string, SheetRead>> {
    return this.run(async (ctx) => {
      const extents = wanted.map((s) => queueExtent(ctx, map, s));
      const headers = extras.map((s) => [s, queueHeader(ctx, map, s)] as const);
      await ctx.sync();
      for (const [s, p] of headers) this.layouts.set(s.toLowerCase(), p.finish());
      const done: Extent[] = extents.map((p) => p.finish());
      const pagesOf = new Map<string, Page[]>();
      const queue: Page[][] = [];
      let group: Page[] = [];
      let groupBytes = 0;
      for (const extent of done) {
        const pages: Page[] = [];
        pagesOf.set(extent.sheet, pages);
        if (!extent.block) continue;
        const perRow = this.rowBytes.get(extent.sheet.toLowerCase())?.bytesPerRow ?? extent.block.cols * 48;
        const rowsPerPage = Math.max(1, Math.floor(this.budget / 2 / perRow));
        for (let r = 0; r < extent.block.rows; r += rowsPerPage) {
          const rows = Math.min(rowsPerPage, extent.block.rows - r);
          const page: Page = {
            sheet: extent.sheet,
            r0: extent.block.r0 + r,
            c0: extent.block.c0,
            rows,
            cols: extent.block.cols,
          };
          pages.push(page);
          if (group.length > 0 && groupBytes + rows * perRow > this.budget) {
            queue.push(group);
            group = [];
            groupBytes = 0;
          }
          group.push(page);
          groupBytes += rows * perRow;
        }
      }
      if (group.length > 0) queue.push(group);
      while (queue.length > 0) {
        const next = queue.shift()!;
        const pending: Pending<void>[] = next.map((page) => queuePage(ctx, page));
        try {
          await ctx.sync();
          for (const p of pending) p.finish();
        } catch (e) {
          if (!isPayloadError(e)) throw e;
          queue.unshift(...this.split(next, pagesOf));
        }
      }
      return new Map(done.map((extent) => [extent.sheet, finishPaged(extent, pagesOf.get(extent.sheet)!)]));
    });
  }

  /** Halve a refused group of pages (or its one page), keeping each sheet's pages in order. */
  private split(group: Page[], pagesOf: Map<string, Page[]>): Page[][] {
    if (group.length > 1) {
      const half = Math.ceil(group.length / 2);
      return [group.slice(0, half), group.slice(half)];
    }
    const page = group[0]!;
    if (page.rows === 1)
      throw new RegisterError('internal', `${page.sheet}: one row is larger than Excel can send`);
    const top = Math.ceil(page.rows / 2);
    const a: Page = { ...page, rows: top };
    const b: Page = { ...page, r0: page.r0 + top, rows: page.rows - top };
    const pages = pagesOf.get(page.sheet)!;
    pages.splice(pages.indexOf(page), 1, a, b);
    return [[a], [b]];
  }

  async apply(plan: Plan): Promise<void> {
    const map = await this.workbookMap();
    // Sheets the plan changes but did not read: their headers, and the report sheets a summary rewrites
    // (report.ts), in one extra sync before the write; none when the plan needs neither.
    const touched = new Set<string>();
    const reportOps = plan.structure.filter((o): o is WriteReport => o.op === 'writeReport');
    for (const op of plan.structure)
      if (op.op !== 'createSheet' && op.op !== 'writeReport') touched.add(op.sheet);
    for (const w of plan.writes) touched.add(w.table);
    const created = new Set(
      plan.structure.filter((o) => o.op === 'createSheet').map((o) => o.sheet.toLowerCase()),
    );
    const missing = [...touched]
      .map((s) => actualSheet(map, s))
      .filter(
        (s): s is string =>
          s !== undefined && !this.layouts.has(s.toLowerCase()) && !created.has(s.toLowerCase()),
      );
    const reports = new Map<WriteReport, ReportTarget>();
    if (missing.length > 0 || reportOps.length > 0) {
      const found = await this.run(async (ctx) => {
        const pending = missing.map((s) => [s, queueHeader(ctx, map, s)] as const);
        const targets = reportOps.map(
          (op) => [op, queueReportRead(ctx, op, actualSheet(map, op.sheet))] as const,
        );
        await ctx.sync();
        // Every report sheet is checked before anything is written: one that is not a summary sheet
        // refuses the whole plan (core/summary/layout.ts, reportExtent).
        for (const [op, p] of targets) reports.set(op, p.finish());
        return pending.map(([s, p]) => [s.toLowerCase(), p.finish()] as const);
      });
      for (const [k, l] of found) this.layouts.set(k, l);
    }
    const steps = planSteps(plan, this.layouts, map, this.budget, reports);
    // The workbook is about to change: the next operation reads it afresh.
    this.map = null;
    this.layouts = new Map();
    if (steps.length === 0) return;
    await this.run(async (ctx) => {
      const px = new Proxies(ctx);
      for (const group of this.groups(steps)) {
        if (group.reduce((n, s) => n + s.cells, 0) >= LARGE_WRITE_CELLS)
          ctx.application.suspendApiCalculationUntilNextSync();
        for (const step of group) step.queue(px);
        await ctx.sync();
      }
    });
  }

  /** Steps in groups of at most the budget: one group, hence one sync, unless the plan is larger. */
  private groups(steps: Step[]): Step[][] {
    const out: Step[][] = [];
    let group: Step[] = [];
    let bytes = 0;
    for (const step of steps) {
      if (group.length > 0 && bytes + step.bytes > this.budget) {
        out.push(group);
        group = [];
        bytes = 0;
      }
      group.push(step);
      bytes += step.bytes;
    }
    if (group.length > 0) out.push(group);
    return out;
  }

  /** "Go to row": the sheet comes to the front with the record's row selected. */
  async select(at: SheetPosition): Promise<void> {
    const headerRow = this.headerRows.get(at.sheet.toLowerCase()) ?? 0;
    const layout = this.layouts.get(at.sheet.toLowerCase());
    const left = layout?.left ?? 0;
    const width = Math.max(layout?.header.length ?? 1, 1);
    await this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(at.sheet);
      ws.activate();
      ws.getRange(a1(headerRow + at.row - 1, left, 1, width)).select();
      await ctx.sync();
    });
  }

  /**
   * The cell the person has selected: row 1 is the register table's header row (the sheet's row 1
   * for the tables this host creates).
   */
  async activeCell(): Promise<SheetPosition | null> {
    const found = await this.run(async (ctx) => {
      const cell = ctx.workbook.getActiveCell().load('rowIndex');
      const ws = cell.worksheet.load('name');
      await ctx.sync();
      return { sheet: ws.name, rowIndex: cell.rowIndex };
    });
    const headerRow = this.headerRows.get(found.sheet.toLowerCase()) ?? 0;
    return { sheet: found.sheet, row: found.rowIndex - headerRow + 1 };
  }
}
