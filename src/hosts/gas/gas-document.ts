/**
 * The Apps Script host: the register in the open spreadsheet. Every operation reads each sheet it
 * needs with one getValues and writes each table with at most one setValues for updates and one
 * for appends (DESIGN.md, "Snapshot in, plan out"); the benchmarks count these calls.
 */
import { cellText, type Cell } from '../../core/cells';
import { RegisterError } from '../../core/errors';
import type { Plan, ReportChart, StructureOp, TableWrite } from '../../core/plan';
import { reportExtent, reportRewrite, type Extent, type ReportRewrite } from '../../core/summary/layout';
import type { HostEnv } from '../../core/records';
import type { TableSnapshot } from '../../core/table';
import type { SheetPosition, SyncDocument } from '../../ports';
import { fromGas, textForSheets, toGas, type GasValue } from './cells';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

type WriteReport = Extract<StructureOp, { op: 'writeReport' }>;

interface ReportTarget {
  sheet: Sheet | null;
  previous: Extent;
  rewrite: ReportRewrite;
}

/** How long a save waits for another user's save to finish before saying so. */
const LOCK_WAIT_MS = 20_000;

interface ReadSheet {
  sheet: Sheet;
  /** Raw values as read, header first, for writing back the cells a plan does not change. */
  values: GasValue[][];
  /** False when only the header was fetched (a log this operation appends to without reading). */
  full: boolean;
}

export class GasDocument implements SyncDocument {
  readonly kind = 'gas' as const;
  private sheets: Map<string, Sheet> | null = null;
  private readonly reads = new Map<string, ReadSheet>();
  private readonly reportTargets = new Map<object, ReportTarget>();
  private cachedEnv: HostEnv | null = null;

  constructor(private readonly ss: Spreadsheet) {}

  static active(): GasDocument {
    return new GasDocument(SpreadsheetApp.getActiveSpreadsheet());
  }

  env(): HostEnv {
    if (!this.cachedEnv) {
      // getActiveUser is empty for consumer accounts outside the user's own domain; the effective
      // user is the next best name for "Created by" (developers.google.com/apps-script/reference/base/session).
      const user = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail();
      this.cachedEnv = {
        user,
        timeZone: this.ss.getSpreadsheetTimeZone(),
        locale: this.ss.getSpreadsheetLocale(),
        nowMs: Date.now(),
        capabilities: ['navigation'],
      };
    }
    return this.cachedEnv;
  }

  withLock<T>(fn: () => T): T {
    const lock = LockService.getDocumentLock();
    if (!lock.tryLock(LOCK_WAIT_MS))
      throw new RegisterError(
        'busy',
        'Someone else is saving to this register right now; try again in a moment.',
      );
    try {
      this.reads.clear();
      return fn();
    } finally {
      // Commit pending writes before another execution can take the lock and read.
      SpreadsheetApp.flush();
      lock.releaseLock();
      this.reads.clear();
    }
  }

  private sheetMap(): Map<string, Sheet> {
    if (!this.sheets) {
      this.sheets = new Map();
      for (const s of this.ss.getSheets()) this.sheets.set(s.getName(), s);
    }
    return this.sheets;
  }

  /** "Go to row": the sheet comes to the front with the record's row selected. */
  select(at: SheetPosition): void {
    const sheet = this.sheet(at.sheet);
    sheet.activate();
    sheet.setActiveRange(sheet.getRange(at.row, 1, 1, Math.max(sheet.getLastColumn(), 1)));
  }

  /** The cursor of the person using the sidebar (google.script.run runs in their session). */
  activeCell(): SheetPosition | null {
    const range = this.ss.getActiveRange();
    if (!range) return null;
    return { sheet: range.getSheet().getName(), row: range.getRow() };
  }

  sheetNames(): string[] {
    return [...this.sheetMap().keys()];
  }

  read(names: readonly string[]): Map<string, TableSnapshot> {
    const tz = this.env().timeZone;
    const out = new Map<string, TableSnapshot>();
    for (const name of names) {
      const sheet = this.sheetMap().get(name);
      if (!sheet) continue;
      const values = sheet.getDataRange().getValues() as GasValue[][];
      this.reads.set(name, { sheet, values, full: true });
      const [header = [], ...rows] = values;
      out.set(name, {
        name,
        header: header.map((v) => fromGas(v, tz)),
        rows: rows.map((r) => r.map((v) => fromGas(v, tz))),
      });
    }
    return out;
  }

  apply(plan: Plan): void {
    // Every report sheet is checked before anything is written: a sheet that is not a summary
    // sheet refuses the whole plan, not the reports after some were already written.
    this.reportTargets.clear();
    for (const op of plan.structure)
      if (op.op === 'writeReport') this.reportTargets.set(op, this.reportTarget(op));
    for (const op of plan.structure) this.applyStructure(op);
    for (const w of plan.writes) this.applyWrite(w);
  }

  private sheet(name: string): Sheet {
    const s = this.sheetMap().get(name);
    if (!s) throw new RegisterError('internal', `There is no sheet "${name}"`);
    return s;
  }

  /** The header row as it is now (after any structure change of this plan). */
  private header(name: string): string[] {
    const read = this.reads.get(name);
    if (read) return (read.values[0] ?? []).map((v) => cellText(fromGas(v, 'UTC')).trim());
    const sheet = this.sheet(name);
    const width = sheet.getLastColumn();
    const header = width === 0 ? [] : (sheet.getRange(1, 1, 1, width).getValues()[0] as GasValue[]);
    this.reads.set(name, { sheet, values: [header], full: false });
    return header.map((v) => cellText(fromGas(v, 'UTC')).trim());
  }

  private column(name: string, header: string): number {
    const i = this.header(name).findIndex((h) => h.toLowerCase() === header.toLowerCase());
    if (i < 0) throw new RegisterError('internal', `${name}: no column "${header}"`);
    return i + 1;
  }

  private applyStructure(op: StructureOp): void {
    switch (op.op) {
      case 'createSheet': {
        const sheet = this.ss.insertSheet(op.sheet);
        this.sheetMap().set(op.sheet, sheet);
        const range = sheet.getRange(1, 1, 1, op.header.length);
        range.setValues([op.header.map(textForSheets)]);
        range.setFontWeight('bold');
        sheet.setFrozenRows(1);
        if (op.hidden) sheet.hideSheet();
        this.reads.set(op.sheet, { sheet, values: [[...op.header]], full: true });
        return;
      }
      case 'addColumns': {
        const sheet = this.sheet(op.sheet);
        const header = this.header(op.sheet);
        const used = header.reduce((last, h, i) => (h ? i + 1 : last), 0);
        let at = used + 1;
        if (op.before) {
          at = this.column(op.sheet, op.before);
          sheet.insertColumnsBefore(at, op.headers.length);
        } else if (used + op.headers.length > sheet.getMaxColumns()) {
          sheet.insertColumnsAfter(sheet.getMaxColumns(), used + op.headers.length - sheet.getMaxColumns());
        }
        const range = sheet.getRange(1, at, 1, op.headers.length);
        range.setValues([op.headers.map(textForSheets)]);
        range.setFontWeight('bold');
        // Forget the cached read: columns moved.
        this.reads.delete(op.sheet);
        return;
      }
      case 'freezeHeader':
        this.sheet(op.sheet).setFrozenRows(1);
        return;
      case 'listValidation':
      case 'checkboxValidation':
      case 'referenceValidation': {
        const sheet = this.sheet(op.sheet);
        const col = this.column(op.sheet, op.column);
        const rows = Math.max(sheet.getMaxRows() - 1, 1);
        const builder = SpreadsheetApp.newDataValidation();
        if (op.op === 'listValidation') builder.requireValueInList(op.values, true).setAllowInvalid(false);
        // A checkbox holds TRUE/FALSE: what a yes/no field is written as.
        else if (op.op === 'checkboxValidation') builder.requireCheckbox();
        else {
          const target = this.sheet(op.target);
          const idCol = this.column(op.target, 'ID');
          builder
            .requireValueInRange(target.getRange(2, idCol, Math.max(target.getMaxRows() - 1, 1), 1), true)
            .setAllowInvalid(true)
            .setHelpText(`An ID from ${op.target}; the sidebar finds records by name.`);
        }
        sheet.getRange(2, col, rows, 1).setDataValidation(builder.build());
        return;
      }
      case 'writeReport':
        this.writeReport(op, this.reportTargets.get(op) ?? this.reportTarget(op));
        return;
      case 'protectColumns': {
        // Warning-only: a script runs as the person using it, so a hard protection would also stop
        // the add-on's own writes for anyone not listed as an editor of the range.
        const sheet = this.sheet(op.sheet);
        for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE))
          if (p.getDescription() === op.description) p.remove();
        const rows = sheet.getMaxRows();
        for (const c of op.columns) {
          const col = this.column(op.sheet, c);
          sheet.getRange(1, col, rows, 1).protect().setDescription(op.description).setWarningOnly(true);
        }
        return;
      }
    }
  }

  /** The sheet a report goes to, what a previous build left there (one getValues), and how to rewrite it. */
  private reportTarget(op: WriteReport): ReportTarget {
    const sheet = this.sheetMap().get(op.sheet);
    if (!sheet) return { sheet: null, previous: null, rewrite: reportRewrite(null, [], op.block) };
    const tz = this.env().timeZone;
    const grid = (sheet.getDataRange().getValues() as GasValue[][]).map((r) => r.map((v) => fromGas(v, tz)));
    const previous = reportExtent(op.sheet, grid);
    return { sheet, previous, rewrite: reportRewrite(previous, grid, op.block) };
  }

  /**
   * A summary sheet in one batch: the rows a person wrote below the report move with it
   * (insertRowsAfter / deleteRows), the old block is cleared of values and formats (Range.clear:
   * "Clears the range of contents and formats"), then one setValues for the whole block, one
   * setNumberFormats for the table, one setFontWeights. Calls do not grow with the rows.
   */
  private writeReport(op: WriteReport, target: ReportTarget): void {
    const tz = this.env().timeZone;
    const { block } = op;
    const rows = block.cells.length;
    const width = block.formats.length;
    let sheet = target.sheet;
    if (!sheet) {
      // At the end, so the tabs a person arranged stay where they are (insertSheet(name, index)).
      sheet = this.ss.insertSheet(op.sheet, this.ss.getSheets().length);
      this.sheetMap().set(op.sheet, sheet);
    }
    this.reads.delete(op.sheet);
    // The report's chart is the one anchored in its rows; a person's chart below is theirs.
    if (target.previous)
      for (const chart of sheet.getCharts())
        if (chart.getContainerInfo().getAnchorRow() <= target.previous.rows) sheet.removeChart(chart);
    const { shift, clearRows, clearCols } = target.rewrite;
    if (shift && shift.count > 0) sheet.insertRowsAfter(shift.after, shift.count);
    if (shift && shift.count < 0) sheet.deleteRows(shift.after + 1, -shift.count);
    const maxRows = sheet.getMaxRows();
    if (maxRows < clearRows) sheet.insertRowsAfter(maxRows, clearRows - maxRows);
    const maxCols = sheet.getMaxColumns();
    const needCols = Math.max(clearCols, block.chart ? block.chart.column : 0);
    if (maxCols < needCols) sheet.insertColumnsAfter(maxCols, needCols - maxCols);
    sheet.getRange(1, 1, clearRows, clearCols).clear();
    const all = sheet.getRange(1, 1, rows, width);
    all.setValues(block.cells.map((r) => r.map((c) => toGas(c, tz))));
    const tableRows = block.lastTableRow - block.headerRow;
    if (tableRows > 0)
      sheet
        .getRange(block.headerRow + 1, 1, tableRows, width)
        .setNumberFormats(Array.from({ length: tableRows }, () => [...block.formats]));
    const bold = new Set([1, ...block.boldRows]);
    all.setFontWeights(
      block.cells.map((_, r) => block.formats.map(() => (bold.has(r + 1) ? 'bold' : 'normal'))),
    );
    sheet.getRange(1, 1).setFontSize(14);
    sheet.setFrozenRows(block.headerRow);
    // About 7 px a character at the default font, plus padding (as autoResizeColumns measures).
    block.widths.forEach((w, i) => sheet.setColumnWidth(i + 1, Math.round(w * 7 + 10)));
    if (block.chart) sheet.insertChart(this.reportChart(sheet, block.chart));
  }

  /**
   * An embedded chart over the report's own cells (developers.google.com/apps-script/reference/
   * spreadsheet/embedded-chart-builder): the category column and the series columns as ranges,
   * the header row naming the series.
   */
  private reportChart(sheet: Sheet, chart: ReportChart): GoogleAppsScript.Spreadsheet.EmbeddedChart {
    const types = {
      bar: Charts.ChartType.BAR,
      column: Charts.ChartType.COLUMN,
      line: Charts.ChartType.LINE,
      pie: Charts.ChartType.PIE,
    };
    const height = chart.lastRow - chart.firstRow + 1;
    const columns = [chart.categoryColumn, ...chart.seriesColumns];
    const contiguous = columns.every((c, i) => c === chart.categoryColumn + i);
    let builder = sheet.newChart().setChartType(types[chart.type]);
    if (contiguous)
      builder = builder.addRange(
        sheet.getRange(chart.firstRow, chart.categoryColumn, height, columns.length),
      );
    else for (const c of columns) builder = builder.addRange(sheet.getRange(chart.firstRow, c, height, 1));
    builder = builder
      .setPosition(chart.row, chart.column, 0, 0)
      .setOption('title', chart.title)
      .setOption('width', chart.width)
      .setOption('height', chart.height);
    if (chart.stacked) builder = builder.setOption('isStacked', true);
    if (chart.seriesColumns.length === 1 && chart.type !== 'pie')
      builder = builder.setOption('legend', { position: 'none' });
    return builder.build();
  }

  private applyWrite(w: TableWrite): void {
    if (w.updates.length === 0 && w.appends.length === 0) return;
    const tz = this.env().timeZone;
    const header = this.header(w.table);
    const colOf = (name: string) => {
      const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
      if (i < 0) throw new RegisterError('internal', `${w.table}: no column "${name}"`);
      return i;
    };
    const read = this.reads.get(w.table)!;
    const sheet = read.sheet;
    if (w.updates.length > 0) this.writeUpdates(w, read, colOf, tz);
    if (w.appends.length > 0) {
      const width = header.reduce((last, h, i) => (h ? i + 1 : last), 0);
      const rows = w.appends.map((a) => {
        const row: GasValue[] = new Array<GasValue>(width).fill('');
        for (const [name, value] of Object.entries(a)) row[colOf(name)] = toGas(value, tz);
        return row;
      });
      // Below the last row with content: where a full read (getDataRange) ended, or else getLastRow.
      const first = read.full ? read.values.length + 1 : sheet.getLastRow() + 1;
      const last = first + rows.length - 1;
      const maxRows = sheet.getMaxRows();
      // Grow the grid with room to spare, so the next saves need no insert.
      if (last > maxRows) sheet.insertRowsAfter(maxRows, last - maxRows + 100);
      sheet.getRange(first, 1, rows.length, width).setValues(rows);
      if (read.full) read.values.push(...rows);
    }
  }

  /**
   * All updated cells of a table in one setValues: the rectangle from the first to the last changed
   * row and column. Cells inside it that the plan does not change are written back as read, and
   * formulas as formulas (one getFormulas), so a person's own columns survive.
   */
  private writeUpdates(w: TableWrite, read: ReadSheet, colOf: (name: string) => number, tz: string): void {
    const keyCol = colOf(w.keyColumn);
    const rowOfKey = new Map<string, number>();
    read.values.forEach((r, i) => {
      if (i === 0) return;
      const k = cellText(fromGas(r[keyCol], tz));
      if (!rowOfKey.has(k)) rowOfKey.set(k, i);
    });
    const changes: { row: number; col: number; value: GasValue }[] = [];
    for (const u of w.updates) {
      const row = rowOfKey.get(u.key);
      if (row === undefined)
        throw new RegisterError('not-found', `${w.table}: ${u.key} is no longer in the sheet`);
      for (const [name, value] of Object.entries(u.values))
        changes.push({ row, col: colOf(name), value: toGas(value as Cell, tz) });
    }
    const top = Math.min(...changes.map((c) => c.row));
    const bottom = Math.max(...changes.map((c) => c.row));
    const left = Math.min(...changes.map((c) => c.col));
    const right = Math.max(...changes.map((c) => c.col));
    const range = read.sheet.getRange(top + 1, left + 1, bottom - top + 1, right - left + 1);
    const changed = new Map(changes.map((c) => [`${c.row}:${c.col}`, c.value]));
    const needsKeep = (bottom - top + 1) * (right - left + 1) > changed.size;
    const formulas = needsKeep ? range.getFormulas() : [];
    const values: GasValue[][] = [];
    for (let r = top; r <= bottom; r++) {
      const row: GasValue[] = [];
      for (let c = left; c <= right; c++) {
        const mine = changed.get(`${r}:${c}`);
        if (mine !== undefined) row.push(mine);
        else {
          const formula = formulas[r - top]?.[c - left];
          const old = read.values[r]?.[c] ?? '';
          row.push(formula ? formula : typeof old === 'string' ? textForSheets(old) : old);
        }
      }
      values.push(row);
    }
    range.setValues(values);
    for (const c of changes) read.values[c.row]![c.col] = c.value;
  }
}
