/**
 * The test's side door into the emulated workbook: seed and read cells, act as a person (typing,
 * deleting a sheet, converting a table to a range), and dump the whole workbook canonically.
 * Nothing here is counted as a sync or a command.
 */
import { formatAddress, parseLocal, type Rect } from './a1';
import {
  bodyRect,
  headerRect,
  SheetModel,
  tableRect,
  WorkbookModel,
  type CellModel,
  type ChartModel,
  type TableModel,
} from './model';
import { afterWrite } from './range';
import { typedInput, type Scalar } from './typed-input';

export interface TableInfo {
  name: string;
  sheet: string;
  address: string;
  columns: string[];
  /** Data rows (0 for a table showing only its empty row). */
  rows: number;
}

export interface SeedOptions {
  /** Top-left cell, default A1. */
  at?: string;
  /** Make the seeded block an Excel table (true: a default name). */
  table?: string | boolean;
}

export class WorkbookInspector {
  constructor(private model: WorkbookModel) {}

  get workbook(): WorkbookModel {
    return this.model;
  }

  private sheetOrThrow(name: string): SheetModel {
    const s = this.model.sheet(name);
    if (!s) throw new Error(`No sheet "${name}"`);
    return s;
  }

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  private grid<V>(sheet: string, at: (cell: CellModel | undefined) => V): V[][] {
    const s = this.sheetOrThrow(sheet);
    const used = s.usedRect(false);
    if (!used) return [];
    const out: V[][] = [];
    for (let r = 0; r <= used.r1; r++) {
      const row: V[] = [];
      for (let c = 0; c <= used.c1; c++) row.push(at(s.cell(r, c)));
      out.push(row);
    }
    return out;
  }

  /** Values from A1 to the bottom-right used cell ('' for blanks). */
  values(sheet: string): Scalar[][] {
    return this.grid(sheet, (c) => c?.v ?? '');
  }

  formulas(sheet: string): string[][] {
    return this.grid(sheet, (c) => c?.f ?? '');
  }

  numberFormats(sheet: string): string[][] {
    return this.grid(sheet, (c) => c?.nf ?? 'General');
  }

  cell(sheet: string, address: string): CellModel | undefined {
    const rect = parseLocal(address);
    const c = this.sheetOrThrow(sheet).cell(rect.r0, rect.c0);
    return c ? { ...c } : undefined;
  }

  sheet(name: string): { visibility: string; frozenRows: number; protected: boolean; charts: number } {
    const s = this.sheetOrThrow(name);
    return {
      visibility: s.visibility,
      frozenRows: s.frozenRows,
      protected: s.protected,
      charts: s.charts.length,
    };
  }

  /** The charts of a sheet as the model keeps them (type, series addresses, title, legend, position, size). */
  charts(sheet: string): ChartModel[] {
    return structuredClone(this.sheetOrThrow(sheet).charts);
  }

  /** Column widths in points that were set, by 0-based column. */
  columnWidths(sheet: string): Map<number, number> {
    return new Map(this.sheetOrThrow(sheet).columnWidths);
  }

  /** A person adding a chart over `address` on `sheet`, anchored at `at` (a cell address). */
  addChart(sheet: string, address: string, at: string, name = 'My chart'): void {
    const s = this.sheetOrThrow(sheet);
    const anchor = parseLocal(at);
    s.charts.push({
      id: this.model.nextId('chart'),
      name,
      chartType: 'ColumnClustered',
      source: formatAddress(s.name, parseLocal(address)),
      seriesBy: 'Auto',
      series: [],
      anchor: { row: anchor.r0, col: anchor.c0 },
    });
  }

  private info(t: TableModel): TableInfo {
    const h = headerRect(t);
    const columns: string[] = [];
    for (let c = h.c0; c <= h.c1; c++) columns.push(String(t.sheet.cell(h.r0, c)?.v ?? ''));
    return {
      name: t.name,
      sheet: t.sheet.name,
      address: formatAddress(t.sheet.name, tableRect(t)),
      columns,
      rows: t.bodyRows,
    };
  }

  tables(): TableInfo[] {
    return this.model.tables.map((t) => this.info(t));
  }

  table(name: string): TableInfo | undefined {
    const t = this.model.table(name);
    return t ? this.info(t) : undefined;
  }

  /** Data body values of a table (its empty row left out). */
  tableRows(name: string): Scalar[][] {
    const t = this.model.table(name);
    if (!t) throw new Error(`No table "${name}"`);
    if (t.bodyRows === 0) return [];
    const b = bodyRect(t);
    const out: Scalar[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row: Scalar[] = [];
      for (let c = b.c0; c <= b.c1; c++) row.push(t.sheet.cell(r, c)?.v ?? '');
      out.push(row);
    }
    return out;
  }

  /** The data validation rule of one cell, as set through the API. */
  validation(sheet: string, address: string): Record<string, unknown> | undefined {
    const rect = parseLocal(address);
    return this.sheetOrThrow(sheet).validationAt(rect.r0, rect.c0)?.rule;
  }

  addSheet(name: string): void {
    this.model.addSheet(name);
  }

  /** A person deleting a sheet (its tables go with it). */
  deleteSheet(name: string): void {
    this.model.deleteSheet(this.sheetOrThrow(name));
  }

  /** A person converting a table to a plain range (Table Design > Convert to Range). */
  convertToRange(table: string): void {
    this.model.tables = this.model.tables.filter((t) => t.name.toLowerCase() !== table.toLowerCase());
  }

  /** A person typing `value` into one cell: typed input, table headers kept unique. */
  type(sheet: string, address: string, value: Scalar): void {
    const s = this.sheetOrThrow(sheet);
    const rect = parseLocal(address);
    const entry = typedInput(value, s.cell(rect.r0, rect.c0)?.nf ?? 'General');
    if (entry) s.put(rect.r0, rect.c0, entry);
    afterWrite(this.model, s, rect);
  }

  /** Write a block of typed input (and optionally make it a table), creating the sheet if needed. */
  seed(sheet: string, rows: unknown[][], opts: SeedOptions = {}): void {
    const s = this.model.sheet(sheet) ?? this.model.addSheet(sheet);
    const at = parseLocal(opts.at ?? 'A1');
    rows.forEach((row, i) =>
      row.forEach((value, j) => {
        const entry = typedInput(value, s.cell(at.r0 + i, at.c0 + j)?.nf ?? 'General');
        if (entry) s.put(at.r0 + i, at.c0 + j, entry);
      }),
    );
    if (opts.table) {
      const width = Math.max(...rows.map((r) => r.length));
      const name = typeof opts.table === 'string' ? opts.table : `Table${this.model.tables.length + 1}`;
      this.model.checkTableName(name);
      const t: TableModel = {
        id: name,
        name,
        sheet: s,
        r0: at.r0,
        c0: at.c0,
        width,
        bodyRows: rows.length - 1,
      };
      this.model.tables.push(t);
      this.model.normalizeHeader(t);
    }
  }

  /**
   * Append rows straight into a table's model (fast, for large fixtures): raw values, no typed input;
   * `formats` gives a number format per column.
   */
  appendTableRows(name: string, rows: Scalar[][], formats: (string | undefined)[] = []): void {
    const t = this.model.table(name);
    if (!t) throw new Error(`No table "${name}"`);
    let r = t.r0 + 1 + t.bodyRows;
    for (const row of rows) {
      row.forEach((v, j) => {
        const cell = t.sheet.touch(r, t.c0 + j);
        cell.v = v;
        if (formats[j]) cell.nf = formats[j];
      });
      r++;
    }
    t.bodyRows += rows.length;
  }

  /** A person sorting a table's rows into reverse order (Data > Sort): cells move with their formats. */
  reverseTableRows(name: string): void {
    const t = this.model.table(name);
    if (!t) throw new Error(`No table "${name}"`);
    const first = t.r0 + 1;
    const last = t.r0 + t.bodyRows;
    const taken = new Map<number, Map<number, CellModel>>();
    for (let r = first; r <= last; r++) {
      const row = t.sheet.rows.get(r);
      const cells = new Map<number, CellModel>();
      for (let c = t.c0; c < t.c0 + t.width; c++) {
        const cell = row?.get(c);
        if (cell) cells.set(c, cell);
        row?.delete(c);
      }
      taken.set(r, cells);
    }
    for (let r = first; r <= last; r++) {
      const from = taken.get(first + last - r)!;
      if (from.size === 0) continue;
      let row = t.sheet.rows.get(r);
      if (!row) t.sheet.rows.set(r, (row = new Map()));
      for (const [c, cell] of from) row.set(c, cell);
    }
    for (let r = first; r <= last; r++) if (t.sheet.rows.get(r)?.size === 0) t.sheet.rows.delete(r);
  }

  /** A person selecting cells. */
  select(sheet: string, address: string): void {
    const s = this.sheetOrThrow(sheet);
    this.model.active = s;
    this.model.selection = { sheet: s, rect: parseLocal(address) };
  }

  selection(): { sheet: string; address: string } {
    const { sheet, rect } = this.model.selection;
    return { sheet: sheet.name, address: formatAddress(sheet.name, rect) };
  }

  activeSheet(): string {
    return this.model.active.name;
  }

  formulaCount(): number {
    return this.model.formulaCount();
  }

  /** Everything in the workbook, canonically: equal strings mean nothing changed. */
  dump(): string {
    return JSON.stringify(exportState(this.model));
  }
}

interface SheetState {
  name: string;
  visibility: SheetModel['visibility'];
  frozenRows: number;
  frozenColumns: number;
  protected: boolean;
  cells: [number, number, CellModel][];
  validations: { rect: Rect; rule: SheetModel['validations'][number]['rule'] }[];
  charts: SheetModel['charts'];
  columnWidths?: [number, number][];
}

export interface WorkbookState {
  sheets: SheetState[];
  tables: (Omit<TableModel, 'sheet'> & { sheet: string })[];
  active: string;
  selection: { sheet: string; rect: Rect };
}

export function exportState(model: WorkbookModel): WorkbookState {
  return {
    sheets: model.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      frozenRows: s.frozenRows,
      frozenColumns: s.frozenColumns,
      protected: s.protected,
      cells: [...s.rows.entries()]
        .sort(([a], [b]) => a - b)
        .flatMap(([r, row]) =>
          [...row.entries()]
            .sort(([a], [b]) => a - b)
            .map(([c, cell]) => [r, c, { ...cell }] as [number, number, CellModel]),
        ),
      validations: s.validations.map((v) => ({ rect: { ...v.rect }, rule: v.rule })),
      charts: s.charts.map((c) => structuredClone(c)),
      columnWidths: [...s.columnWidths.entries()].sort(([a], [b]) => a - b),
    })),
    tables: model.tables.map((t) => ({ ...t, sheet: t.sheet.name })),
    active: model.active.name,
    selection: { sheet: model.selection.sheet.name, rect: { ...model.selection.rect } },
  };
}

export function importState(state: WorkbookState): WorkbookModel {
  const model = new WorkbookModel();
  model.sheets = [];
  for (const s of state.sheets) {
    const sheet = new SheetModel(model.nextId('sheet'), s.name);
    sheet.visibility = s.visibility;
    sheet.frozenRows = s.frozenRows;
    sheet.frozenColumns = s.frozenColumns;
    sheet.protected = s.protected;
    for (const [r, c, cell] of s.cells) Object.assign(sheet.touch(r, c), cell);
    sheet.validations = s.validations.map((v) => ({ rect: { ...v.rect }, rule: v.rule }));
    sheet.charts = s.charts.map((c) => structuredClone({ ...c, series: c.series ?? [] }));
    sheet.columnWidths = new Map(s.columnWidths ?? []);
    model.sheets.push(sheet);
  }
  const byName = (n: string) => model.sheet(n)!;
  model.tables = state.tables.map((t) => ({ ...t, sheet: byName(t.sheet) }));
  model.active = byName(state.active);
  model.selection = { sheet: byName(state.selection.sheet), rect: { ...state.selection.rect } };
  return model;
}
