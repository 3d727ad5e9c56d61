/**
 * The workbook behind the emulated API: sheets of sparse cells, Excel tables (ListObjects), data
 * validation areas, frozen panes, protection flags and charts. The proxy objects of the API read and
 * change this model only while a `context.sync()` runs; tests read it directly through the inspector.
 */
import { MAX_COLUMNS, MAX_ROWS, overlaps, subtract, type Rect } from './a1';
import { excelError } from './errors';
import type { Entry, Scalar } from './typed-input';

export interface CellModel {
  v: Scalar;
  f?: string;
  /** Typed behind an apostrophe (Excel's "quote prefix"). */
  qp?: boolean;
  nf?: string;
  bold?: boolean;
  /** Font size in points, where set (RangeFont.size). */
  size?: number;
}

export interface ValidationRule {
  type: string;
  rule: Record<string, unknown>;
  errorAlert?: Record<string, unknown>;
  prompt?: Record<string, unknown>;
  ignoreBlanks?: boolean;
}

export interface ValidationArea {
  rect: Rect;
  rule: ValidationRule;
}

/** A chart series: its name and the addresses of its values and categories (X values). */
export interface SeriesModel {
  name: string;
  values: string;
  xValues?: string;
}

export interface ChartModel {
  id: string;
  name: string;
  chartType: string;
  source: string;
  seriesBy: string;
  series: SeriesModel[];
  title?: string;
  legendVisible?: boolean;
  /** The top-left cell (0-based) once placed with setPosition; it moves with inserted and deleted rows. */
  anchor?: { row: number; col: number };
  /** Points. */
  width?: number;
  height?: number;
}

export class SheetModel {
  readonly id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  readonly rows = new Map<number, Map<number, CellModel>>();
  validations: ValidationArea[] = [];
  frozenRows = 0;
  frozenColumns = 0;
  protected = false;
  charts: ChartModel[] = [];
  /** Column widths in points, where set (RangeFormat.columnWidth). */
  columnWidths = new Map<number, number>();

  constructor(id: string, name: string) {
    this.id = id;
    this.name = name;
  }

  cell(r: number, c: number): CellModel | undefined {
    return this.rows.get(r)?.get(c);
  }

  /** The cell, created when missing. */
  touch(r: number, c: number): CellModel {
    let row = this.rows.get(r);
    if (!row) {
      row = new Map();
      this.rows.set(r, row);
    }
    let cell = row.get(c);
    if (!cell) {
      cell = { v: '' };
      row.set(c, cell);
    }
    return cell;
  }

  /** Store what typed input produced; a General cell takes the number format the input implies. */
  put(r: number, c: number, entry: Entry): void {
    const cell = this.touch(r, c);
    cell.v = entry.v;
    if (entry.f === undefined) delete cell.f;
    else cell.f = entry.f;
    if (entry.qp) cell.qp = true;
    else delete cell.qp;
    if (entry.nf && (cell.nf === undefined || cell.nf === 'General')) cell.nf = entry.nf;
    this.prune(r, c);
  }

  /** Forget a cell that holds nothing and has no format. */
  prune(r: number, c: number): void {
    const cell = this.cell(r, c);
    if (!cell) return;
    if (
      cell.v === '' &&
      cell.f === undefined &&
      !cell.qp &&
      (cell.nf ?? 'General') === 'General' &&
      !cell.bold &&
      cell.size === undefined
    ) {
      this.rows.get(r)!.delete(c);
      if (this.rows.get(r)!.size === 0) this.rows.delete(r);
    }
  }

  hasValue(cell: CellModel | undefined): boolean {
    return !!cell && (cell.v !== '' || cell.f !== undefined);
  }

  /**
   * The used range: the smallest rectangle holding every cell with a value or, unless `valuesOnly`,
   * formatting (Worksheet.getUsedRange, learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-getusedrange-member(1)).
   */
  usedRect(valuesOnly: boolean, within?: Rect): Rect | null {
    let out: Rect | null = null;
    for (const [r, row] of this.rows) {
      if (within && (r < within.r0 || r > within.r1)) continue;
      for (const [c, cell] of row) {
        if (within && (c < within.c0 || c > within.c1)) continue;
        if (valuesOnly && !this.hasValue(cell)) continue;
        if (!out) out = { r0: r, r1: r, c0: c, c1: c };
        else {
          if (r < out.r0) out.r0 = r;
          if (r > out.r1) out.r1 = r;
          if (c < out.c0) out.c0 = c;
          if (c > out.c1) out.c1 = c;
        }
      }
    }
    return out;
  }

  /** Cells in columns c0..c1 from row `at` down move `n` rows down (a table growing over them). */
  shiftDown(at: number, n: number, c0: number, c1: number): void {
    const rows = [...this.rows.keys()].filter((r) => r >= at).sort((a, b) => b - a);
    for (const r of rows) {
      const row = this.rows.get(r)!;
      for (const c of [...row.keys()]) {
        if (c < c0 || c > c1) continue;
        if (r + n >= MAX_ROWS) throw excelError('InvalidOperation', 'Cells would be pushed off the sheet.');
        const cell = row.get(c)!;
        row.delete(c);
        let dest = this.rows.get(r + n);
        if (!dest) {
          dest = new Map();
          this.rows.set(r + n, dest);
        }
        dest.set(c, cell);
      }
      if (row.size === 0) this.rows.delete(r);
    }
    for (const v of this.validations) {
      if (v.rect.c0 < c0 || v.rect.c1 > c1) continue;
      if (v.rect.r0 >= at) v.rect = { ...v.rect, r0: v.rect.r0 + n, r1: v.rect.r1 + n };
      else if (v.rect.r1 >= at) v.rect = { ...v.rect, r1: Math.min(MAX_ROWS - 1, v.rect.r1 + n) };
    }
  }

  /** Cells in rows r0..r1 from column `at` rightwards move `n` columns right (a table column inserted). */
  shiftRight(at: number, n: number, r0: number, r1: number): void {
    for (const [r, row] of this.rows) {
      if (r < r0 || r > r1) continue;
      const cols = [...row.keys()].filter((c) => c >= at).sort((a, b) => b - a);
      for (const c of cols) {
        if (c + n >= MAX_COLUMNS)
          throw excelError('InvalidOperation', 'Cells would be pushed off the sheet.');
        row.set(c + n, row.get(c)!);
        row.delete(c);
      }
    }
    for (const v of this.validations) {
      if (v.rect.r0 < r0 || v.rect.r1 > r1) continue;
      if (v.rect.c0 >= at) v.rect = { ...v.rect, c0: v.rect.c0 + n, c1: v.rect.c1 + n };
    }
  }

  /**
   * The cells of `rect` removed and the cells below it in its columns moved up (Range.delete with
   * DeleteShiftDirection.up); validation areas and chart anchors follow.
   */
  deleteUp(rect: Rect): void {
    const n = rect.r1 - rect.r0 + 1;
    const rows = [...this.rows.keys()].filter((r) => r >= rect.r0).sort((a, b) => a - b);
    for (const r of rows) {
      const row = this.rows.get(r)!;
      for (const c of [...row.keys()]) {
        if (c < rect.c0 || c > rect.c1) continue;
        const cell = row.get(c)!;
        row.delete(c);
        if (r <= rect.r1) continue;
        let dest = this.rows.get(r - n);
        if (!dest) {
          dest = new Map();
          this.rows.set(r - n, dest);
        }
        dest.set(c, cell);
      }
      if (row.size === 0) this.rows.delete(r);
    }
    this.validations = this.validations.flatMap((v) => {
      if (v.rect.c0 < rect.c0 || v.rect.c1 > rect.c1 || v.rect.r1 < rect.r0) return [v];
      if (v.rect.r0 > rect.r1) return [{ ...v, rect: { ...v.rect, r0: v.rect.r0 - n, r1: v.rect.r1 - n } }];
      const r0 = Math.min(v.rect.r0, rect.r0);
      const r1 = v.rect.r1 <= rect.r1 ? rect.r0 - 1 : v.rect.r1 - n;
      return r1 < r0 ? [] : [{ ...v, rect: { ...v.rect, r0, r1 } }];
    });
    for (const chart of this.charts)
      if (chart.anchor && chart.anchor.col >= rect.c0 && chart.anchor.col <= rect.c1) {
        if (chart.anchor.row > rect.r1) chart.anchor = { ...chart.anchor, row: chart.anchor.row - n };
        else if (chart.anchor.row >= rect.r0) chart.anchor = { ...chart.anchor, row: rect.r0 };
      }
  }

  /** Chart anchors in columns c0..c1 from row `at` down move `n` rows down (cells inserted above them). */
  moveChartsDown(at: number, n: number, c0: number, c1: number): void {
    for (const chart of this.charts)
      if (chart.anchor && chart.anchor.row >= at && chart.anchor.col >= c0 && chart.anchor.col <= c1)
        chart.anchor = { ...chart.anchor, row: chart.anchor.row + n };
  }

  clearValidation(rect: Rect): void {
    this.validations = this.validations.flatMap((v) =>
      subtract(v.rect, rect).map((piece) => ({ rect: piece, rule: v.rule })),
    );
  }

  setValidation(rect: Rect, rule: ValidationRule): void {
    this.clearValidation(rect);
    this.validations.push({ rect: { ...rect }, rule });
  }

  validationAt(r: number, c: number): ValidationRule | undefined {
    for (let i = this.validations.length - 1; i >= 0; i--) {
      const v = this.validations[i]!;
      if (r >= v.rect.r0 && r <= v.rect.r1 && c >= v.rect.c0 && c <= v.rect.c1) return v.rule;
    }
    return undefined;
  }
}

/**
 * An Excel table. Its header row is `r0`; its data body the `bodyRows` rows below. A table with no
 * data rows still shows one empty row under the header (the row a person types into), which
 * `TableRowCollection.add` fills first; `getDataBodyRange` of such a table is that row.
 */
export interface TableModel {
  id: string;
  name: string;
  sheet: SheetModel;
  r0: number;
  c0: number;
  width: number;
  bodyRows: number;
}

export function tableRect(t: TableModel): Rect {
  return { r0: t.r0, c0: t.c0, r1: t.r0 + Math.max(t.bodyRows, 1), c1: t.c0 + t.width - 1 };
}

export function headerRect(t: TableModel): Rect {
  return { r0: t.r0, c0: t.c0, r1: t.r0, c1: t.c0 + t.width - 1 };
}

export function bodyRect(t: TableModel): Rect {
  return { r0: t.r0 + 1, c0: t.c0, r1: t.r0 + Math.max(t.bodyRows, 1), c1: t.c0 + t.width - 1 };
}

export class WorkbookModel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  active: SheetModel;
  selection: { sheet: SheetModel; rect: Rect };
  private seq = 0;

  constructor() {
    this.active = this.addSheet('Sheet1');
    this.selection = { sheet: this.active, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `{${prefix}-${String(this.seq).padStart(4, '0')}}`;
  }

  sheet(name: string): SheetModel | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key);
  }

  /**
   * Sheet names: at most 31 characters, none of : \ / ? * [ ], not blank, not starting or ending
   * with an apostrophe, unique regardless of case (support.microsoft.com, "Rename a worksheet").
   */
  checkSheetName(name: string, except?: SheetModel): void {
    if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name) || /^'|'$/.test(name) || name.trim() === '')
      throw excelError('InvalidArgument', `"${name}" is not a valid sheet name.`);
    const clash = this.sheet(name);
    if (clash && clash !== except) throw excelError('ItemAlreadyExists');
  }

  addSheet(name?: string): SheetModel {
    let n = this.sheets.length + 1;
    let chosen = name;
    while (chosen === undefined) {
      const candidate = `Sheet${n++}`;
      if (!this.sheet(candidate)) chosen = candidate;
    }
    this.checkSheetName(chosen);
    const sheet = new SheetModel(this.nextId('sheet'), chosen);
    this.sheets.push(sheet);
    return sheet;
  }

  deleteSheet(sheet: SheetModel): void {
    const visible = this.sheets.filter((s) => s.visibility === 'Visible');
    if (visible.length === 1 && visible[0] === sheet)
      throw excelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.tables = this.tables.filter((t) => t.sheet !== sheet);
    if (this.active === sheet) this.active = this.sheets.find((s) => s.visibility === 'Visible')!;
    if (this.selection.sheet === sheet)
      this.selection = { sheet: this.active, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  }

  table(name: string): TableModel | undefined {
    const key = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === key);
  }

  tablesOn(sheet: SheetModel): TableModel[] {
    return this.tables.filter((t) => t.sheet === sheet);
  }

  /**
   * Table names start with a letter, underscore or backslash, hold letters, digits, periods and
   * underscores, are at most 255 characters, cannot look like a cell reference and are unique in the
   * workbook regardless of case (support.microsoft.com, "Rename an Excel table").
   */
  checkTableName(name: string, except?: TableModel): void {
    const bad =
      !/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) ||
      name.length > 255 ||
      /^[A-Za-z]{1,3}\d+$/.test(name) ||
      /^[RrCc]$/.test(name) ||
      /^R\d*C\d*$/i.test(name);
    if (bad) throw excelError('InvalidArgument', `"${name}" is not a valid table name.`);
    const clash = this.table(name);
    if (clash && clash !== except)
      throw excelError('ItemAlreadyExists', `A table named "${name}" already exists.`);
  }

  /** Table column names: text, never blank ("Column1"), unique in the table regardless of case ("Email2"). */
  normalizeHeader(t: TableModel): void {
    const seen = new Set<string>();
    for (let i = 0; i < t.width; i++) {
      const cell = t.sheet.touch(t.r0, t.c0 + i);
      let name = cell.v === '' ? '' : String(cell.v === true ? 'TRUE' : cell.v === false ? 'FALSE' : cell.v);
      if (cell.f !== undefined) delete cell.f;
      if (name.trim() === '') {
        let k = i + 1;
        while (seen.has(`column${k}`)) k++;
        name = `Column${k}`;
      }
      if (seen.has(name.toLowerCase())) {
        let k = 2;
        while (seen.has(`${name}${k}`.toLowerCase())) k++;
        name = `${name}${k}`;
      }
      seen.add(name.toLowerCase());
      cell.v = name;
    }
  }

  /** Tables a rectangle overlaps. */
  tablesOver(sheet: SheetModel, rect: Rect): TableModel[] {
    return this.tablesOn(sheet).filter((t) => overlaps(tableRect(t), rect));
  }

  formulaCount(): number {
    let n = 0;
    for (const s of this.sheets)
      for (const row of s.rows.values()) for (const c of row.values()) if (c.f) n++;
    return n;
  }

  cellTotal(): number {
    let n = 0;
    for (const s of this.sheets) n += [...s.rows.values()].reduce((a, r) => a + r.size, 0);
    return n;
  }
}
