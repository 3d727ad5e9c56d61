/**
 * A core `Plan` as Excel API commands, grouped into steps with their request size, so a plan goes
 * out in one `context.sync()` unless it is larger than the payload budget (see `ExcelDocument.apply`).
 *
 * - createSheet: a worksheet, its header (bold) made an Excel table, the header row frozen.
 * - addColumns: table columns (TableColumnCollection.add with a name, ExcelApi 1.4) where `before`
 *   says; on a plain sheet, header cells after the last one.
 * - freezeHeader: WorksheetFreezePanes.freezeRows (ExcelApi 1.7); a plain sheet whose header is
 *   complete becomes a table again ("Set up register" repairs it).
 * - list/checkbox/reference validation: a dropdown over the column's data body
 *   (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-data-validation, "List validation rule
 *   type"); a list longer than the 255 characters an inline source holds, or with commas or quotes in
 *   a value, goes to the hidden `_Lists` sheet. A yes/no field is a TRUE/FALSE list. A reference
 *   offers the IDs of the target table through INDIRECT of a structured reference, so it follows the
 *   table as it grows; data validation only checks what people type, never API writes.
 * - writeReport (summary sheets): report.ts, from the report sheets' targets read before the write.
 * - protectColumns: nothing. Excel protects whole sheets only (WorksheetProtection.protect); a
 *   protected sheet stops people sorting and filtering and stops table rows being added, so the
 *   system columns stay editable and edits are caught through the Version column instead.
 * - updates: each run of adjacent changed cells of a row is one range write, so cells the plan does
 *   not change (a person's own columns, their formulas) are never rewritten.
 * - appends: TableRowCollection.add with every row at once (learn.microsoft.com/office/dev/add-ins/
 *   excel/performance, "Importing data into tables"), then the number formats the new cells need.
 */
import { cellText, type Cell } from '../../core/cells';
import { RegisterError } from '../../core/errors';
import type { Plan, StructureOp, TableWrite } from '../../core/plan';
import { jsonBytes } from './bytes';
import { GENERAL, toExcel, type ExcelScalar, type ExcelWrite } from './cells';
import { columnIndex, type Layout, type WorkbookMap } from './layout';
import { a1, columnLetter, MAX_ROWS, quoteSheet, tableNameFor } from './names';
import { reportSteps, type ReportTarget, type WriteReport } from './report';

/** A hidden sheet holding dropdown lists too long to write inline in a validation. */
export const LISTS_SHEET = '_Lists';
const INLINE_LIST_LIMIT = 255;
/** What one command costs in a request besides its data (ids, names, JSON punctuation). */
const COMMAND_BYTES = 200;

/** Proxies of the sheets and tables a write touches, made once per run. */
export class Proxies {
  private readonly sheets = new Map<string, Excel.Worksheet>();
  private readonly tables = new Map<string, Excel.Table>();

  constructor(readonly ctx: Excel.RequestContext) {}

  sheet(name: string): Excel.Worksheet {
    const key = name.toLowerCase();
    let ws = this.sheets.get(key);
    if (!ws) {
      ws = this.ctx.workbook.worksheets.getItem(name);
      this.sheets.set(key, ws);
    }
    return ws;
  }

  table(name: string): Excel.Table {
    const key = name.toLowerCase();
    let t = this.tables.get(key);
    if (!t) {
      t = this.ctx.workbook.tables.getItem(name);
      this.tables.set(key, t);
    }
    return t;
  }

  adopt(sheet: string, ws: Excel.Worksheet): void {
    this.sheets.set(sheet.toLowerCase(), ws);
  }

  adoptTable(name: string, t: Excel.Table): void {
    this.tables.set(name.toLowerCase(), t);
  }
}

export interface Step {
  /** Estimated request bytes. */
  bytes: number;
  /** Cells written. */
  cells: number;
  queue(px: Proxies): void;
}

const textValue = (s: string): ExcelScalar => toExcel(s, undefined).value;

type ErrorAlert = Excel.DataValidationErrorAlert;

export class StepBuilder {
  readonly steps: Step[] = [];
  private readonly taken: Set<string>;

  constructor(
    private readonly layouts: Map<string, Layout>,
    map: WorkbookMap,
    private readonly budget: number,
    private readonly reports: ReadonlyMap<WriteReport, ReportTarget> = new Map(),
  ) {
    this.taken = new Set(map.tableNames);
  }

  private add(bytes: number, cells: number, queue: (px: Proxies) => void): void {
    this.steps.push({ bytes: bytes + COMMAND_BYTES, cells, queue });
  }

  private layout(sheet: string): Layout {
    const l = this.layouts.get(sheet.toLowerCase());
    if (!l) throw new RegisterError('internal', `There is no sheet "${sheet}"`);
    return l;
  }

  private newTableName(sheet: string): string {
    const name = tableNameFor(sheet, this.taken);
    this.taken.add(name.toLowerCase());
    return name;
  }

  /** A header written at the top of `ws` and made a table. */
  private tableOver(
    px: Proxies,
    ws: Excel.Worksheet,
    name: string,
    header: string[],
    bodyRows: number,
  ): void {
    const head = ws.getRange(a1(0, 0, 1, header.length));
    if (header.length > 0) {
      head.values = [header.map(textValue)];
      head.format.font.bold = true;
    }
    const t = ws.tables.add(bodyRows > 0 ? ws.getRange(a1(0, 0, bodyRows + 1, header.length)) : head, true);
    t.name = name;
    px.adoptTable(name, t);
  }

  structure(op: StructureOp): void {
    switch (op.op) {
      case 'createSheet': {
        const table = this.newTableName(op.sheet);
        const header = [...op.header];
        this.layouts.set(op.sheet.toLowerCase(), {
          sheet: op.sheet,
          table,
          headerRow: 0,
          left: 0,
          header: header.map((h) => h.trim()),
          rows: [],
          formats: [],
          bodyRows: 0,
          donor: null,
        });
        this.add(jsonBytes(header) * 2, header.length, (px) => {
          const ws = px.ctx.workbook.worksheets.add(op.sheet);
          px.adopt(op.sheet, ws);
          this.tableOver(px, ws, table, header, 0);
          ws.freezePanes.freezeRows(1);
          if (op.hidden) ws.visibility = 'Hidden';
        });
        return;
      }
      case 'addColumns':
        return this.addColumns(op.sheet, op.headers, op.before);
      case 'freezeHeader': {
        const l = this.layout(op.sheet);
        this.add(0, 0, (px) => px.sheet(l.sheet).freezePanes.freezeRows(l.headerRow + 1));
        this.ensureTable(l);
        return;
      }
      case 'listValidation': {
        const inline = op.values.join(',');
        const source =
          inline.length <= INLINE_LIST_LIMIT && !op.values.some((v) => /[,"]/.test(v))
            ? inline
            : this.listRange(`${op.sheet}.${op.column}`, op.values);
        return this.validation(op.sheet, op.column, source, {
          showAlert: true,
          style: 'Stop',
          title: 'Not in the list',
          message: 'Choose a value from the list.',
        });
      }
      case 'checkboxValidation':
        return this.validation(op.sheet, op.column, 'TRUE,FALSE', {
          showAlert: true,
          style: 'Stop',
          title: 'Yes or no',
          message: 'Choose TRUE or FALSE.',
        });
      case 'referenceValidation': {
        const target = this.layouts.get(op.target.toLowerCase());
        const id = target ? columnIndex(target, 'ID') : -1;
        if (!target || id < 0) return;
        const letter = columnLetter(target.left + id);
        const source = target.table
          ? `=INDIRECT("${target.table}[${target.header[id]}]")`
          : `=${quoteSheet(target.sheet)}!$${letter}$${target.headerRow + 2}:$${letter}$${MAX_ROWS}`;
        return this.validation(op.sheet, op.column, source, {
          showAlert: true,
          style: 'Warning',
          title: 'Not an ID',
          message: `Choose an ID from ${op.target}.`,
        });
      }
      case 'protectColumns':
        return;
      case 'writeReport':
        return this.report(op);
      default: {
        const unknown: never = op;
        throw new RegisterError('internal', `Unknown change ${(unknown as StructureOp).op}`);
      }
    }
  }

  private report(op: WriteReport): void {
    const target = this.reports.get(op);
    if (!target)
      throw new RegisterError('internal', `Report sheet "${op.sheet}" was not read before the write`);
    const name = target.sheet ?? op.sheet;
    if (!target.sheet)
      this.add(jsonBytes(name), 0, (px) => {
        // Added at the end of the tabs (WorksheetCollection.add), so the order a person chose stays.
        px.adopt(name, px.ctx.workbook.worksheets.add(name));
      });
    for (const step of reportSteps(op, target, this.budget))
      this.add(step.bytes, step.cells, (px) => step.queue(() => px.sheet(name)));
  }

  private addColumns(sheet: string, headers: string[], before?: string): void {
    const l = this.layout(sheet);
    if (l.table) {
      const table = l.table;
      const at = before ? columnIndex(l, before) : -1;
      headers.forEach((h, i) => {
        const index = at >= 0 ? at + i : l.header.length;
        l.header.splice(index, 0, h.trim());
        l.rows?.forEach((r) => r.splice(index, 0, ''));
        l.formats?.forEach((f) => f.splice(index, 0, GENERAL));
        l.donor?.splice(index, 0, GENERAL);
        this.add(jsonBytes(h), 1, (px) => {
          px.table(table).columns.add(at >= 0 ? index : undefined, undefined, h);
        });
      });
      this.add(0, 0, (px) => {
        px.table(table).getHeaderRowRange().format.font.bold = true;
      });
      return;
    }
    if (l.header.length === 0 && l.bodyRows === 0) {
      // An emptied sheet: the header, made a table.
      const table = this.newTableName(l.sheet);
      l.table = table;
      l.header = headers.map((h) => h.trim());
      this.add(jsonBytes(headers) * 2, headers.length, (px) =>
        this.tableOver(px, px.sheet(l.sheet), table, headers, 0),
      );
      return;
    }
    // A plain sheet keeps its layout: new columns go after the last header (columns are found by name).
    const start = l.header.length;
    l.header.push(...headers.map((h) => h.trim()));
    this.add(jsonBytes(headers), headers.length, (px) => {
      const range = px.sheet(l.sheet).getRange(a1(l.headerRow, l.left + start, 1, headers.length));
      range.values = [headers.map(textValue)];
      range.format.font.bold = true;
    });
  }

  /** A plain register sheet with a complete, unique header becomes a table over its rows. */
  private ensureTable(l: Layout): void {
    if (l.table || l.header.length === 0) return;
    const keys = l.header.map((h) => h.toLowerCase());
    if (keys.some((k) => k === '') || new Set(keys).size !== keys.length) return;
    const table = this.newTableName(l.sheet);
    l.table = table;
    l.donor = l.formats?.[l.formats.length - 1]?.slice(0, l.header.length) ?? null;
    const rows = l.bodyRows;
    const width = l.header.length;
    this.add(0, 0, (px) => {
      const ws = px.sheet(l.sheet);
      const t = ws.tables.add(ws.getRange(a1(l.headerRow, l.left, rows + 1, width)), true);
      t.name = table;
      px.adoptTable(table, t);
    });
  }

  /** Write a long list onto the hidden `_Lists` sheet (one column per list) and return its range. */
  private listRange(key: string, values: string[]): string {
    let lists = this.layouts.get(LISTS_SHEET.toLowerCase());
    if (!lists) {
      lists = {
        sheet: LISTS_SHEET,
        table: null,
        headerRow: 0,
        left: 0,
        header: [],
        rows: [],
        bodyRows: 0,
        donor: null,
      };
      this.layouts.set(LISTS_SHEET.toLowerCase(), lists);
      this.add(0, 0, (px) => {
        const ws = px.ctx.workbook.worksheets.add(LISTS_SHEET);
        px.adopt(LISTS_SHEET, ws);
        ws.visibility = 'Hidden';
      });
    }
    let j = columnIndex(lists, key);
    if (j < 0) {
      j = lists.header.length;
      lists.header.push(key);
    }
    const letter = columnLetter(j);
    const col = j;
    this.add(jsonBytes(values), values.length + 1, (px) => {
      const ws = px.sheet(LISTS_SHEET);
      ws.getRange(a1(0, col)).values = [[textValue(key)]];
      ws.getRange(`${letter}2:${letter}${MAX_ROWS}`).clear('Contents');
      if (values.length > 0)
        ws.getRange(a1(1, col, values.length, 1)).values = values.map((v) => [textValue(v)]);
    });
    return `=${quoteSheet(LISTS_SHEET)}!$${letter}$2:$${letter}$${Math.max(2, values.length + 1)}`;
  }

  private validation(sheet: string, column: string, source: string, errorAlert: ErrorAlert): void {
    const l = this.layout(sheet);
    const j = columnIndex(l, column);
    if (j < 0) throw new RegisterError('internal', `${sheet}: no column "${column}"`);
    const letter = columnLetter(l.left + j);
    this.add(jsonBytes(source) + 200, 0, (px) => {
      const range = l.table
        ? px.table(l.table).columns.getItemAt(j).getDataBodyRange()
        : px.sheet(l.sheet).getRange(`${letter}${l.headerRow + 2}:${letter}${MAX_ROWS}`);
      range.dataValidation.clear();
      range.dataValidation.rule = { list: { inCellDropDown: true, source } };
      range.dataValidation.errorAlert = errorAlert;
    });
  }

  write(w: TableWrite): void {
    if (w.updates.length === 0 && w.appends.length === 0) return;
    const l = this.layout(w.table);
    const colOf = (name: string) => {
      const j = columnIndex(l, name);
      if (j < 0) throw new RegisterError('internal', `${w.table}: no column "${name}"`);
      return j;
    };
    if (w.updates.length > 0) this.updates(l, w, colOf);
    if (w.appends.length > 0) this.appends(l, w, colOf);
  }

  private updates(l: Layout, w: TableWrite, colOf: (name: string) => number): void {
    if (!l.rows) throw new RegisterError('internal', `${w.table}: updated without being read`);
    const keyCol = colOf(w.keyColumn);
    const rowOfKey = new Map<string, number>();
    l.rows.forEach((row, i) => {
      const key = cellText(row[keyCol]).trim();
      if (key && !rowOfKey.has(key)) rowOfKey.set(key, i);
    });
    for (const u of w.updates) {
      const i = rowOfKey.get(u.key.trim());
      if (i === undefined)
        throw new RegisterError('not-found', `${w.table}: ${u.key} is no longer in the sheet`);
      const changes = Object.entries(u.values)
        .map(([name, value]) => ({ j: colOf(name), value: value as Cell }))
        .sort((a, b) => a.j - b.j);
      let run: { j: number; write: ExcelWrite }[] = [];
      const flush = () => {
        if (run.length === 0) return;
        const cells = run;
        run = [];
        const values = [cells.map((c) => c.write.value)];
        const formats = [cells.map((c) => c.write.format)];
        const row = l.headerRow + 1 + i;
        const col = l.left + cells[0]!.j;
        this.add(jsonBytes(values) + jsonBytes(formats), cells.length, (px) => {
          const range = px.sheet(l.sheet).getRange(a1(row, col, 1, cells.length));
          range.values = values;
          if (formats[0]!.some((f) => f !== null)) range.numberFormat = formats;
        });
      };
      for (const { j, value } of changes) {
        const current = l.formats?.[i]?.[j];
        const write = toExcel(value, current);
        if (run.length > 0 && run[run.length - 1]!.j !== j - 1) flush();
        run.push({ j, write });
        l.rows[i]![j] = value;
        if (l.formats?.[i] && write.format) l.formats[i]![j] = write.format;
      }
      flush();
    }
  }

  private appends(l: Layout, w: TableWrite, colOf: (name: string) => number): void {
    const width = l.header.length;
    const cells = w.appends.map((a) => {
      const row = new Array<Cell>(width).fill('');
      for (const [name, value] of Object.entries(a)) row[colOf(name)] = value as Cell;
      return row;
    });
    const writes = cells.map((row) =>
      row.map((cell, j) => toExcel(cell, l.table ? (l.donor?.[j] ?? undefined) : undefined)),
    );
    // Chunks of at most half the budget, so a large append fills syncs without passing the limit.
    const chunks: ExcelWrite[][][] = [];
    let chunk: ExcelWrite[][] = [];
    let bytes = 0;
    for (const row of writes) {
      const b = jsonBytes(row.map((c) => c.value)) + jsonBytes(row.map((c) => c.format));
      if (chunk.length > 0 && bytes + b > this.budget / 2) {
        chunks.push(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(row);
      bytes += b;
    }
    if (chunk.length > 0) chunks.push(chunk);
    let first = l.headerRow + 1 + l.bodyRows;
    for (const part of chunks) {
      const values = part.map((row) => row.map((c) => c.value));
      const formats = part.map((row) => row.map((c) => c.format));
      const needsFormats = formats.some((row) => row.some((f) => f !== null));
      const size = jsonBytes(values) + (needsFormats ? jsonBytes(formats) : 0);
      const table = l.table;
      const at = first;
      this.add(size, part.length * width, (px) => {
        if (table) {
          const added = px.table(table).rows.add(undefined, values);
          if (needsFormats) added.getRange().getResizedRange(values.length - 1, 0).numberFormat = formats;
        } else {
          const range = px.sheet(l.sheet).getRange(a1(at, l.left, values.length, width));
          range.values = values;
          if (needsFormats) range.numberFormat = formats;
        }
      });
      first += part.length;
    }
    l.bodyRows += cells.length;
    l.rows?.push(...cells);
  }
}

export function planSteps(
  plan: Plan,
  layouts: Map<string, Layout>,
  map: WorkbookMap,
  budget: number,
  reports: ReadonlyMap<WriteReport, ReportTarget> = new Map(),
): Step[] {
  const builder = new StepBuilder(layouts, map, budget, reports);
  for (const op of plan.structure) builder.structure(op);
  for (const w of plan.writes) builder.write(w);
  return builder.steps;
}
