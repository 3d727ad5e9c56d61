/**
 * Excel.Range and what hangs off it: format/font, data validation (learn.microsoft.com/javascript/api/excel/excel.range).
 */
import {
  cellCount,
  formatAddress,
  MAX_COLUMNS,
  MAX_ROWS,
  overlaps,
  parseLocal,
  splitSheet,
  type Rect,
} from './a1';
import { ClientProxy, RANGE_READ_CELL_LIMIT, type FakeRequestContext } from './context';
import { dimensionMismatch, excelError } from './errors';
import {
  bodyRect,
  headerRect,
  tableRect,
  type SheetModel,
  type ValidationRule,
  type WorkbookModel,
} from './model';
import { formulaInput, typedInput, type Entry } from './typed-input';

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

type RangeProxyFactory = (
  ctx: FakeRequestContext,
  parent: ClientProxy<unknown>,
  name: string,
  args: unknown[],
  resolve: (p: unknown) => RangeTarget | null,
) => FakeRange;

/** Worksheet proxies are made by workbook.ts; this indirection keeps the modules acyclic. */
export const factories: {
  worksheet?: (
    ctx: FakeRequestContext,
    parent: ClientProxy<unknown>,
    name: string,
    resolve: (p: unknown) => SheetModel | null,
  ) => ClientProxy<SheetModel>;
  range: RangeProxyFactory;
} = {
  range: (ctx, parent, name, args, resolve) => new FakeRange(ctx, { parent, name, args, resolve }),
};

function rows(rect: Rect): number {
  return rect.r1 - rect.r0 + 1;
}

function cols(rect: Rect): number {
  return rect.c1 - rect.c0 + 1;
}

function grid<V>(rect: Rect, at: (r: number, c: number) => V): V[][] {
  if (cellCount(rect) > RANGE_READ_CELL_LIMIT) throw excelError('RangeExceedsLimit');
  const out: V[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: V[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) row.push(at(r, c));
    out.push(row);
  }
  return out;
}

/**
 * Every cell of `rect` from a 2D array of the range's size, or one value for the whole range.
 * A mismatch fails with InvalidArgument; null at the property level is refused
 * (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values, "null input for a property").
 */
function eachInput(rect: Rect, input: unknown, put: (r: number, c: number, raw: unknown) => void): void {
  if (input === null || input === undefined)
    throw excelError('InvalidArgument', 'null is not a valid value here.');
  if (!Array.isArray(input)) {
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) put(r, c, input);
    return;
  }
  if (input.length !== rows(rect) || input.some((row) => !Array.isArray(row) || row.length !== cols(rect)))
    throw dimensionMismatch();
  input.forEach((row: unknown[], i) => row.forEach((raw, j) => put(rect.r0 + i, rect.c0 + j, raw)));
}

/** After a write: table headers stay unique text, and a row typed just below a table joins it. */
export function afterWrite(model: WorkbookModel, sheet: SheetModel, rect: Rect): void {
  for (const t of model.tablesOn(sheet)) {
    const h = headerRect(t);
    if (rect.r0 <= h.r0 && rect.r1 >= h.r0 && rect.c0 <= h.c1 && rect.c1 >= h.c0) model.normalizeHeader(t);
    const body = bodyRect(t);
    if (
      t.bodyRows === 0 &&
      rect.r0 <= body.r0 &&
      rect.r1 >= body.r0 &&
      rect.c0 <= body.c1 &&
      rect.c1 >= body.c0
    ) {
      for (let c = body.c0; c <= body.c1; c++) if (sheet.hasValue(sheet.cell(body.r0, c))) t.bodyRows = 1;
    }
    // Writing the rows right below a table extends it (learn.microsoft.com/office/dev/add-ins/excel/
    // performance#importing-data-into-tables: "set values on table.getDataBodyRange() ... The table expands automatically").
    const below = tableRect(t).r1 + 1;
    if (t.bodyRows > 0 && rect.r0 <= below && rect.r1 >= below && rect.c0 <= body.c1 && rect.c1 >= body.c0) {
      let r = below;
      while (r <= rect.r1) {
        let any = false;
        for (let c = body.c0; c <= body.c1; c++) if (sheet.hasValue(sheet.cell(r, c))) any = true;
        if (!any) break;
        t.bodyRows += 1;
        r += 1;
      }
    }
  }
}

export function writeValues(
  model: WorkbookModel,
  target: RangeTarget,
  input: unknown,
  formulas = false,
): void {
  const { sheet, rect } = target;
  const entries: [number, number, Entry][] = [];
  eachInput(rect, input, (r, c, raw) => {
    const format = sheet.cell(r, c)?.nf ?? 'General';
    const entry = formulas ? formulaInput(raw, format) : typedInput(raw, format);
    if (entry) entries.push([r, c, entry]);
  });
  for (const [r, c, entry] of entries) sheet.put(r, c, entry);
  afterWrite(model, sheet, rect);
}

export function writeNumberFormats(target: RangeTarget, input: unknown): void {
  eachInput(target.rect, input, (r, c, raw) => {
    if (raw === null || raw === undefined) return;
    if (typeof raw !== 'string') throw excelError('InvalidArgument', 'A number format must be a string.');
    target.sheet.touch(r, c).nf = raw === '' ? 'General' : raw;
    target.sheet.prune(r, c);
  });
}

export function rangeAt(model: WorkbookModel, sheet: SheetModel, address: string): RangeTarget {
  const { sheet: named, local } = splitSheet(address);
  const on = named === null ? sheet : model.sheet(named);
  if (!on) throw excelError('ItemNotFound', `There is no sheet "${named}".`);
  return { sheet: on, rect: parseLocal(local) };
}

export class FakeRange extends ClientProxy<RangeTarget> {
  protected readonly _className = 'Range';
  protected readonly _scalars = [
    'address',
    'addressLocal',
    'values',
    'formulas',
    'numberFormat',
    'text',
    'rowIndex',
    'columnIndex',
    'rowCount',
    'columnCount',
    'cellCount',
  ] as const;

  private get _model(): WorkbookModel {
    return this.context._model;
  }

  protected _read(t: RangeTarget, name: string): unknown {
    const { sheet, rect } = t;
    switch (name) {
      case 'address':
      case 'addressLocal':
        return formatAddress(sheet.name, rect);
      case 'values':
        return grid(rect, (r, c) => sheet.cell(r, c)?.v ?? '');
      case 'formulas':
        return grid(rect, (r, c) => sheet.cell(r, c)?.f ?? sheet.cell(r, c)?.v ?? '');
      case 'numberFormat':
        return grid(rect, (r, c) => sheet.cell(r, c)?.nf ?? 'General');
      case 'text':
        return grid(rect, (r, c) => String(sheet.cell(r, c)?.v ?? ''));
      case 'rowIndex':
        return rect.r0;
      case 'columnIndex':
        return rect.c0;
      case 'rowCount':
        return rows(rect);
      case 'columnCount':
        return cols(rect);
      case 'cellCount':
        return cellCount(rect);
    }
    return undefined;
  }

  protected override _navigation(name: string): ClientProxy<unknown> | undefined {
    if (name === 'format') return this.format;
    if (name === 'worksheet') return this.worksheet;
    if (name === 'dataValidation') return this.dataValidation;
    return undefined;
  }

  get address(): Excel.Range['address'] {
    return this._get('address');
  }
  get addressLocal(): Excel.Range['addressLocal'] {
    return this._get('addressLocal');
  }
  get values(): Excel.Range['values'] {
    return this._get('values');
  }
  set values(v: Excel.Range['values']) {
    this._set('values', v, (t) => writeValues(this._model, t, v));
  }
  get formulas(): Excel.Range['formulas'] {
    return this._get('formulas');
  }
  set formulas(v: Excel.Range['formulas']) {
    this._set('formulas', v, (t) => writeValues(this._model, t, v, true));
  }
  get numberFormat(): Excel.Range['numberFormat'] {
    return this._get('numberFormat');
  }
  set numberFormat(v: Excel.Range['numberFormat']) {
    this._set('numberFormat', v, (t) => writeNumberFormats(t, v));
  }
  get text(): Excel.Range['text'] {
    return this._get('text');
  }
  get rowIndex(): Excel.Range['rowIndex'] {
    return this._get('rowIndex');
  }
  get columnIndex(): Excel.Range['columnIndex'] {
    return this._get('columnIndex');
  }
  get rowCount(): Excel.Range['rowCount'] {
    return this._get('rowCount');
  }
  get columnCount(): Excel.Range['columnCount'] {
    return this._get('columnCount');
  }
  get cellCount(): Excel.Range['cellCount'] {
    return this._get('cellCount');
  }

  get format(): FakeRangeFormat {
    return this._nav(
      'format',
      () =>
        new FakeRangeFormat(this.context, { parent: this, name: 'format', resolve: (p) => p as RangeTarget }),
    );
  }

  get dataValidation(): FakeDataValidation {
    return this._nav(
      'dataValidation',
      () =>
        new FakeDataValidation(this.context, {
          parent: this,
          name: 'dataValidation',
          resolve: (p) => p as RangeTarget,
        }),
    );
  }

  get worksheet(): ClientProxy<SheetModel> {
    return this._nav('worksheet', () =>
      factories.worksheet!(this.context, this, 'worksheet', (p) => (p as RangeTarget).sheet),
    );
  }

  private _sub(name: string, args: unknown[], make: (t: RangeTarget) => Rect | null): FakeRange {
    return factories.range(this.context, this, name, args, (p) => {
      const t = p as RangeTarget;
      const rect = make(t);
      return rect ? { sheet: t.sheet, rect } : null;
    });
  }

  private static inGrid(rect: Rect): Rect {
    if (
      rect.r0 < 0 ||
      rect.c0 < 0 ||
      rect.r1 >= MAX_ROWS ||
      rect.c1 >= MAX_COLUMNS ||
      rect.r0 > rect.r1 ||
      rect.c0 > rect.c1
    )
      throw excelError('InvalidArgument', 'The range would be outside the worksheet.');
    return rect;
  }

  // Ranges relative to this one (learn.microsoft.com/javascript/api/excel/excel.range, getCell, getRow,
  // getColumn, getOffsetRange, getResizedRange; the same as Graph's workbookRange resizedRange,
  // learn.microsoft.com/graph/api/workbookrange-resizedrange): indexes are 0-based from the range's
  // top-left cell; getResizedRange moves only the bottom-right corner, by deltaRows and deltaColumns.
  // A result outside the sheet fails the sync with InvalidArgument (inGrid).
  getCell(...[row, column]: Parameters<Excel.Range['getCell']>): FakeRange {
    return this._sub('getCell', [row, column], (t) =>
      FakeRange.inGrid({
        r0: t.rect.r0 + row,
        c0: t.rect.c0 + column,
        r1: t.rect.r0 + row,
        c1: t.rect.c0 + column,
      }),
    );
  }

  getResizedRange(...[deltaRows, deltaColumns]: Parameters<Excel.Range['getResizedRange']>): FakeRange {
    return this._sub('getResizedRange', [deltaRows, deltaColumns], (t) =>
      FakeRange.inGrid({ ...t.rect, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns }),
    );
  }

  getOffsetRange(...[rowOffset, columnOffset]: Parameters<Excel.Range['getOffsetRange']>): FakeRange {
    return this._sub('getOffsetRange', [rowOffset, columnOffset], (t) =>
      FakeRange.inGrid({
        r0: t.rect.r0 + rowOffset,
        r1: t.rect.r1 + rowOffset,
        c0: t.rect.c0 + columnOffset,
        c1: t.rect.c1 + columnOffset,
      }),
    );
  }

  getRow(...[row]: Parameters<Excel.Range['getRow']>): FakeRange {
    return this._sub('getRow', [row], (t) =>
      FakeRange.inGrid({ ...t.rect, r0: t.rect.r0 + row, r1: t.rect.r0 + row }),
    );
  }

  getColumn(...[column]: Parameters<Excel.Range['getColumn']>): FakeRange {
    return this._sub('getColumn', [column], (t) =>
      FakeRange.inGrid({ ...t.rect, c0: t.rect.c0 + column, c1: t.rect.c0 + column }),
    );
  }

  getLastRow(): FakeRange {
    return this._sub('getLastRow', [], (t) => ({ ...t.rect, r0: t.rect.r1 }));
  }

  getLastColumn(): FakeRange {
    return this._sub('getLastColumn', [], (t) => ({ ...t.rect, c0: t.rect.c1 }));
  }

  getUsedRange(...[valuesOnly]: Parameters<Excel.Range['getUsedRange']>): FakeRange {
    return this._sub('getUsedRange', [valuesOnly], (t) => {
      const used = t.sheet.usedRect(valuesOnly === true, t.rect);
      if (!used) throw excelError('ItemNotFound');
      return used;
    });
  }

  getUsedRangeOrNullObject(...[valuesOnly]: Parameters<Excel.Range['getUsedRangeOrNullObject']>): FakeRange {
    return this._sub('getUsedRangeOrNullObject', [valuesOnly], (t) =>
      t.sheet.usedRect(valuesOnly === true, t.rect),
    );
  }

  /** Selects the range in the Excel UI (and brings its sheet to the front). */
  select(): void {
    this._call('select', [], (t) => {
      this._model.active = t.sheet;
      this._model.selection = { sheet: t.sheet, rect: { ...t.rect } };
    });
  }

  /**
   * Cells inserted at the range, the cells in its columns moving down (Range.insert, ExcelApi 1.1;
   * learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-insert-member(1)). Returns the
   * range of the new cells. Whole rows move tables below them and grow a table they cut through; a
   * partial range that would move part of a table fails as Excel refuses it ("The operation is attempting
   * to shift cells in a table on your worksheet"). Only "Down" is emulated.
   */
  insert(...[shift]: Parameters<Excel.Range['insert']>): FakeRange {
    return factories.range(this.context, this, 'insert', [shift], (p) => {
      const t = p as RangeTarget;
      if (String(shift) !== 'Down')
        throw excelError('NotImplemented', 'The emulator inserts with "Down" only.');
      const { rect, sheet } = t;
      const n = rect.r1 - rect.r0 + 1;
      const whole = rect.c0 === 0 && rect.c1 === MAX_COLUMNS - 1;
      for (const table of this._model.tablesOn(sheet)) {
        const tr = tableRect(table);
        if (tr.r1 < rect.r0 || tr.c1 < rect.c0 || tr.c0 > rect.c1) continue;
        if (!whole) throw tableShift();
        if (table.r0 >= rect.r0) table.r0 += n;
        else if (table.bodyRows > 0) table.bodyRows += n;
      }
      const used = sheet.usedRect(false);
      if (used && used.r1 + n >= MAX_ROWS)
        throw excelError('InvalidOperation', 'Cells would be pushed off the sheet.');
      sheet.shiftDown(rect.r0, n, rect.c0, rect.c1);
      sheet.moveChartsDown(rect.r0, n, rect.c0, rect.c1);
      return { sheet, rect: { ...rect } };
    });
  }

  /**
   * The range's cells removed, the cells below in its columns moving up (Range.delete, ExcelApi 1.1).
   * Whole rows move tables below up, shrink a table whose data rows they cross and remove a table they
   * cover; taking a table's header row but not its data, or part of a table in a partial range, fails.
   * Only "Up" is emulated.
   */
  delete(...[shift]: Parameters<Excel.Range['delete']>): void {
    this._call('delete', [shift], (t) => {
      if (String(shift) !== 'Up') throw excelError('NotImplemented', 'The emulator deletes with "Up" only.');
      const { rect, sheet } = t;
      const n = rect.r1 - rect.r0 + 1;
      const whole = rect.c0 === 0 && rect.c1 === MAX_COLUMNS - 1;
      for (const table of this._model.tablesOn(sheet)) {
        const tr = tableRect(table);
        if (tr.r1 < rect.r0 || tr.c1 < rect.c0 || tr.c0 > rect.c1) continue;
        if (!whole) throw tableShift();
        if (table.r0 > rect.r1) table.r0 -= n;
        else if (table.r0 >= rect.r0 && tr.r1 <= rect.r1)
          this._model.tables = this._model.tables.filter((x) => x !== table);
        else if (table.r0 >= rect.r0)
          throw excelError('InvalidOperation', "The emulator does not delete a table's header row alone.");
        else table.bodyRows = Math.max(0, table.bodyRows - (Math.min(rect.r1, tr.r1) - rect.r0 + 1));
      }
      sheet.deleteUp(rect);
    });
  }

  clear(...[applyTo]: Parameters<Excel.Range['clear']>): void {
    this._call('clear', [applyTo], (t) => {
      const what = String(applyTo ?? 'All');
      for (let r = t.rect.r0; r <= t.rect.r1; r++) {
        const row = t.sheet.rows.get(r);
        if (!row) continue;
        for (const c of [...row.keys()]) {
          if (c < t.rect.c0 || c > t.rect.c1) continue;
          const cell = row.get(c)!;
          if (what === 'All' || what === 'Contents') {
            cell.v = '';
            delete cell.f;
            delete cell.qp;
          }
          if (what === 'All' || what === 'Formats') {
            delete cell.nf;
            delete cell.bold;
            delete cell.size;
          }
          t.sheet.prune(r, c);
        }
      }
      afterWrite(this._model, t.sheet, t.rect);
    });
  }
}

function tableShift() {
  return excelError(
    'InvalidOperation',
    'This operation is not allowed. The operation is attempting to shift cells in a table on your worksheet.',
  );
}

export class FakeRangeFormat extends ClientProxy<RangeTarget> {
  protected readonly _className = 'RangeFormat';
  protected readonly _scalars = ['columnWidth'] as const;

  /** Default column width in points where none was set: 8.43 characters of Calibri 11, 64 px. */
  static readonly DEFAULT_COLUMN_WIDTH = 48;

  /** The width shared by the range's columns, or null where they differ (RangeFormat.columnWidth). */
  protected _read(t: RangeTarget, name: string): unknown {
    if (name !== 'columnWidth') return undefined;
    let width: number | null | undefined;
    const last = Math.min(t.rect.c1, t.rect.c0 + 1000);
    for (let c = t.rect.c0; c <= last; c++) {
      const w = t.sheet.columnWidths.get(c) ?? FakeRangeFormat.DEFAULT_COLUMN_WIDTH;
      if (width === undefined) width = w;
      else if (width !== w) return null;
    }
    return width ?? null;
  }

  get columnWidth(): Excel.RangeFormat['columnWidth'] {
    return this._get('columnWidth');
  }
  /** Sets the width of every column of the range, in points (ExcelApi 1.2). */
  set columnWidth(v: Excel.RangeFormat['columnWidth']) {
    this._set('columnWidth', v, (t) => {
      if (typeof v !== 'number' || !(v >= 0)) throw excelError('InvalidArgument');
      for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.columnWidths.set(c, v);
    });
  }
  protected override _navigation(name: string): ClientProxy<unknown> | undefined {
    return name === 'font' ? this.font : undefined;
  }
  get font(): FakeRangeFont {
    return this._nav(
      'font',
      () => new FakeRangeFont(this.context, { parent: this, name: 'font', resolve: (p) => p as RangeTarget }),
    );
  }
}

export class FakeRangeFont extends ClientProxy<RangeTarget> {
  protected readonly _className = 'RangeFont';
  protected readonly _scalars = ['bold', 'size'] as const;

  /** Default font size: Calibri 11. */
  static readonly DEFAULT_SIZE = 11;

  /** Uniform across the range, or null where cells differ (excel-add-ins-blank-null-values, "null property values in the response"). */
  protected _read(t: RangeTarget, name: string): unknown {
    if (name !== 'bold' && name !== 'size') return undefined;
    let seen: boolean | number | undefined;
    for (let r = t.rect.r0; r <= t.rect.r1; r++)
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        const cell = t.sheet.cell(r, c);
        const b = name === 'bold' ? (cell?.bold ?? false) : (cell?.size ?? FakeRangeFont.DEFAULT_SIZE);
        if (seen === undefined) seen = b;
        else if (seen !== b) return null;
      }
    return seen ?? (name === 'bold' ? false : FakeRangeFont.DEFAULT_SIZE);
  }

  get size(): Excel.RangeFont['size'] {
    return this._get('size');
  }
  set size(v: Excel.RangeFont['size']) {
    this._set('size', v, (t) => {
      if (typeof v !== 'number' || v < 1 || v > 409) throw excelError('InvalidArgument');
      for (let r = t.rect.r0; r <= t.rect.r1; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          if (v === FakeRangeFont.DEFAULT_SIZE) {
            const cell = t.sheet.cell(r, c);
            if (cell) {
              delete cell.size;
              t.sheet.prune(r, c);
            }
          } else t.sheet.touch(r, c).size = v;
        }
    });
  }

  get bold(): Excel.RangeFont['bold'] {
    return this._get('bold');
  }
  set bold(v: Excel.RangeFont['bold']) {
    this._set('bold', v, (t) => {
      if (typeof v !== 'boolean') throw excelError('InvalidArgument');
      for (let r = t.rect.r0; r <= t.rect.r1; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          if (v) t.sheet.touch(r, c).bold = true;
          else if (t.sheet.cell(r, c)) {
            delete t.sheet.cell(r, c)!.bold;
            t.sheet.prune(r, c);
          }
        }
    });
  }
}

const RULE_TYPES: Record<string, string> = {
  wholeNumber: 'WholeNumber',
  decimal: 'Decimal',
  textLength: 'TextLength',
  date: 'Date',
  time: 'Time',
  list: 'List',
  custom: 'Custom',
};

/**
 * Range.dataValidation (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-data-validation):
 * a rule holds exactly one of its seven properties; a list's source is a comma-separated string or a
 * range; `clear()` removes validation from the overlapping cells only. Validation is checked when a
 * person types into a cell, never for values written through the API ("data validation is triggered
 * only if the user directly enters a value into a cell"), so the emulator stores rules and does not
 * enforce them.
 */
export class FakeDataValidation extends ClientProxy<RangeTarget> {
  protected readonly _className = 'DataValidation';
  protected readonly _scalars = ['rule', 'type', 'ignoreBlanks', 'errorAlert', 'prompt'] as const;

  /** The one rule of every cell of the range: undefined for none, null when cells differ. */
  private _uniform(t: RangeTarget): ValidationRule | undefined | null {
    const areas = t.sheet.validations.filter((v) => overlaps(v.rect, t.rect));
    if (areas.length === 0) return undefined;
    const last = areas[areas.length - 1]!;
    const r = last.rect;
    if (r.r0 <= t.rect.r0 && r.r1 >= t.rect.r1 && r.c0 <= t.rect.c0 && r.c1 >= t.rect.c1) return last.rule;
    if (cellCount(t.rect) > 100_000) return null;
    let first: ValidationRule | undefined | null = null;
    let started = false;
    for (let row = t.rect.r0; row <= t.rect.r1; row++)
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        const rule = t.sheet.validationAt(row, c);
        if (!started) {
          first = rule;
          started = true;
        } else if (rule !== first) return null;
      }
    return first;
  }

  protected _read(t: RangeTarget, name: string): unknown {
    const rule = this._uniform(t);
    switch (name) {
      case 'type':
        return rule === null ? 'Inconsistent' : rule === undefined ? 'None' : rule.type;
      case 'rule':
        return rule ? structuredClone(rule.rule) : {};
      case 'ignoreBlanks':
        return rule ? (rule.ignoreBlanks ?? true) : true;
      case 'errorAlert':
        return rule?.errorAlert ?? null;
      case 'prompt':
        return rule?.prompt ?? null;
    }
    return undefined;
  }

  get type(): Excel.DataValidation['type'] {
    return this._get('type');
  }
  get rule(): Excel.DataValidation['rule'] {
    return this._get('rule');
  }
  set rule(v: Excel.DataValidation['rule']) {
    // A Range given as a list source travels as a reference to its proxy.
    const source = v.list?.source as unknown;
    const plain =
      source instanceof FakeRange ? { ...v, list: { ...v.list!, source: `ref:${source._id}` } } : v;
    this._set('rule', structuredClone(plain), (t) => {
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (keys.length !== 1 || !RULE_TYPES[keys[0]!])
        throw excelError('InvalidArgument', 'A data validation rule must have exactly one rule type.');
      const rule = structuredClone(plain) as Record<string, unknown>;
      if (source instanceof FakeRange) {
        const st = source._target;
        if (!st) throw excelError('InvalidArgument', 'The list source range does not exist.');
        rule.list = { ...v.list!, source: `=${formatAddress(st.sheet.name, st.rect, true)}` };
      }
      t.sheet.setValidation(t.rect, { type: RULE_TYPES[keys[0]!]!, rule });
    });
  }
  get ignoreBlanks(): Excel.DataValidation['ignoreBlanks'] {
    return this._get('ignoreBlanks');
  }
  set ignoreBlanks(v: Excel.DataValidation['ignoreBlanks']) {
    this._set('ignoreBlanks', v, (t) => this._update(t, (rule) => (rule.ignoreBlanks = v)));
  }
  get errorAlert(): Excel.DataValidation['errorAlert'] {
    return this._get('errorAlert');
  }
  set errorAlert(v: Excel.DataValidation['errorAlert']) {
    this._set('errorAlert', v, (t) => this._update(t, (rule) => (rule.errorAlert = { ...v })));
  }
  get prompt(): Excel.DataValidation['prompt'] {
    return this._get('prompt');
  }
  set prompt(v: Excel.DataValidation['prompt']) {
    this._set('prompt', v, (t) => this._update(t, (rule) => (rule.prompt = { ...v })));
  }

  /** Alert, prompt and blanks belong to the rule of the range; set them after the rule. */
  private _update(t: RangeTarget, change: (rule: ValidationRule) => void): void {
    const rule = this._uniform(t);
    if (!rule) throw excelError('InvalidOperation', 'Set the rule of the range first.');
    const copy: ValidationRule = { ...rule };
    change(copy);
    t.sheet.setValidation(t.rect, copy);
  }

  clear(): void {
    this._call('clear', [], (t) => t.sheet.clearValidation(t.rect));
  }
}
