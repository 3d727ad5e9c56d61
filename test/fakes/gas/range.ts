import { columnLetters, formatA1 } from './a1';
import type { Doc } from './doc';
import { gasError, signatureError } from './errors';
import { RECT, type CellStyle, type RectRef, type SheetModel } from './model';
import { effectiveFormat } from './range-values';
import { FakeProtection, newProtection } from './protection';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { FakeSheet } from './sheet';
import { FakeDataValidation, ruleFromValidation } from './validation';

type Range = GoogleAppsScript.Spreadsheet.Range;

const RANGE_METHODS = [
  'activate',
  'canEdit',
  'clear',
  'clearContent',
  'clearDataValidations',
  'clearFormat',
  'clearNote',
  'getA1Notation',
  'getBackground',
  'getBackgrounds',
  'getCell',
  'getColumn',
  'getDataValidation',
  'getDataValidations',
  'getDisplayValue',
  'getDisplayValues',
  'getFontStyle',
  'getFontWeight',
  'getFontWeights',
  'getFormula',
  'getFormulas',
  'getGridId',
  'getHeight',
  'getHorizontalAlignment',
  'getLastColumn',
  'getLastRow',
  'getNote',
  'getNotes',
  'getNumColumns',
  'getNumRows',
  'getNumberFormat',
  'getNumberFormats',
  'getRow',
  'getRowIndex',
  'getSheet',
  'getValue',
  'getValues',
  'getWidth',
  'getWrap',
  'insertCheckboxes',
  'isBlank',
  'offset',
  'protect',
  'setBackground',
  'setBackgrounds',
  'setBorder',
  'setDataValidation',
  'setDataValidations',
  'setFontColor',
  'setFontSize',
  'setFontStyle',
  'setFontWeight',
  'setFontWeights',
  'setFormula',
  'setFormulas',
  'setHorizontalAlignment',
  'setNote',
  'setNumberFormat',
  'setNumberFormats',
  'setValue',
  'setValues',
  'setVerticalAlignment',
  'setWrap',
] as const;

export interface RangeShape {
  /** Made from 'A:B' (whole columns) or '1:2' (whole rows); kept for getA1Notation(). */
  wholeColumns?: boolean;
  wholeRows?: boolean;
}

/**
 * https://developers.google.com/apps-script/reference/spreadsheet/range — 1-based, rectangular, values as 2-D arrays
 * indexed by row then column. Like the real service, a Range is a handle: it reads the sheet when asked.
 */
export class FakeRange extends Fake implements Pick<Range, (typeof RANGE_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly doc: Doc,
    private readonly sheet: SheetModel,
    private readonly row: number,
    private readonly col: number,
    private readonly numRows: number,
    private readonly numCols: number,
    private readonly shape: RangeShape = {},
  ) {
    super(rt);
  }

  [RECT](): RectRef {
    return {
      sheetId: this.sheet.id,
      row: this.row,
      col: this.col,
      numRows: this.numRows,
      numCols: this.numCols,
    };
  }

  activate(): Range {
    this.doc.live(this.sheet);
    this.doc.model.activeSheetId = this.sheet.id;
    this.doc.model.selection = this[RECT]();
    return this.self();
  }

  canEdit(): boolean {
    return this.doc.canEdit(this.sheet, this.row, this.col, this.numRows, this.numCols);
  }

  /** "Clears the range of contents and formats"; the options pick parts (reference/spreadsheet/range#clear(Object)). */
  clear(options?: {
    commentsOnly?: boolean;
    contentsOnly?: boolean;
    formatOnly?: boolean;
    validationsOnly?: boolean;
    skipFilteredRows?: boolean;
  }): Range {
    const s = this.live();
    this.checkEditable();
    const all =
      !options ||
      !(options.commentsOnly || options.contentsOnly || options.formatOnly || options.validationsOnly);
    if (all || options?.contentsOnly)
      this.doc.clearContent(s, this.row, this.col, this.numRows, this.numCols);
    if (all || options?.formatOnly) this.doc.clearFormat(s, this.row, this.col, this.numRows, this.numCols);
    if (options?.validationsOnly) s.validations.clear(this.row, this.col, this.numRows, this.numCols);
    if (options?.commentsOnly) s.notes.clear(this.row, this.col, this.numRows, this.numCols);
    return this.self();
  }

  clearContent(): Range {
    const s = this.live();
    this.checkEditable();
    this.doc.clearContent(s, this.row, this.col, this.numRows, this.numCols);
    return this.self();
  }

  clearDataValidations(): Range {
    const s = this.live();
    this.checkEditable();
    s.validations.clear(this.row, this.col, this.numRows, this.numCols);
    return this.self();
  }

  clearFormat(): Range {
    const s = this.live();
    this.checkEditable();
    this.doc.clearFormat(s, this.row, this.col, this.numRows, this.numCols);
    return this.self();
  }

  clearNote(): Range {
    const s = this.live();
    s.notes.clear(this.row, this.col, this.numRows, this.numCols);
    return this.self();
  }

  getA1Notation(): string {
    const lastCol = columnLetters(this.col + this.numCols - 1);
    if (this.shape.wholeColumns) return `${columnLetters(this.col)}:${lastCol}`;
    if (this.shape.wholeRows) return `${this.row}:${this.row + this.numRows - 1}`;
    return formatA1(this.row, this.col, this.numRows, this.numCols);
  }

  getBackground(): string {
    return this.styleAt(0, 0).background ?? '#ffffff';
  }

  getBackgrounds(): string[][] {
    return this.map((r, c) => this.styleAt(r, c).background ?? '#ffffff');
  }

  getCell(row: number, column: number): Range {
    if (row < 1 || column < 1 || row > this.numRows || column > this.numCols)
      throw gasError('Cell reference out of range');
    return this.sub(this.row + row - 1, this.col + column - 1, 1, 1);
  }

  getColumn(): number {
    return this.col;
  }

  getDataValidation(): GoogleAppsScript.Spreadsheet.DataValidation | null {
    const rule = this.live().validations.get(this.row, this.col);
    return rule ? new FakeDataValidation(this[RT], rule) : null;
  }

  getDataValidations(): (GoogleAppsScript.Spreadsheet.DataValidation | null)[][] {
    const s = this.live();
    return this.map((r, c) => {
      const rule = s.validations.get(this.row + r, this.col + c);
      return rule ? new FakeDataValidation(this[RT], rule) : null;
    });
  }

  getDisplayValue(): string {
    return this.doc.readDisplay(this.live(), this.row, this.col, 1, 1)[0]?.[0] ?? '';
  }

  getDisplayValues(): string[][] {
    return this.doc.readDisplay(this.live(), this.row, this.col, this.numRows, this.numCols);
  }

  getFontStyle(): GoogleAppsScript.Spreadsheet.FontStyle {
    return (this.styleAt(0, 0).fontStyle ?? 'normal') as GoogleAppsScript.Spreadsheet.FontStyle;
  }

  getFontWeight(): GoogleAppsScript.Spreadsheet.FontWeight {
    return (this.styleAt(0, 0).fontWeight ?? 'normal') as GoogleAppsScript.Spreadsheet.FontWeight;
  }

  getFontWeights(): GoogleAppsScript.Spreadsheet.FontWeight[][] {
    return this.map(
      (r, c) => (this.styleAt(r, c).fontWeight ?? 'normal') as GoogleAppsScript.Spreadsheet.FontWeight,
    );
  }

  getFormula(): string {
    return this.live().formulas.get(this.row, this.col) ?? '';
  }

  getFormulas(): string[][] {
    const s = this.live();
    return this.map((r, c) => s.formulas.get(this.row + r, this.col + c) ?? '');
  }

  getGridId(): number {
    return this.sheet.id;
  }

  getHeight(): number {
    return this.numRows;
  }

  getHorizontalAlignment(): string {
    return this.styleAt(0, 0).horizontalAlignment ?? 'general';
  }

  getLastColumn(): number {
    return this.col + this.numCols - 1;
  }

  /** The range's end row, not the sheet's last row with content. */
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }

  getNote(): string {
    return this.live().notes.get(this.row, this.col) ?? '';
  }

  getNotes(): string[][] {
    const s = this.live();
    return this.map((r, c) => s.notes.get(this.row + r, this.col + c) ?? '');
  }

  getNumColumns(): number {
    return this.numCols;
  }

  getNumRows(): number {
    return this.numRows;
  }

  getNumberFormat(): string {
    return effectiveFormat(this.live().formats.get(this.row, this.col));
  }

  getNumberFormats(): string[][] {
    const s = this.live();
    return this.map((r, c) => effectiveFormat(s.formats.get(this.row + r, this.col + c)));
  }

  getRow(): number {
    return this.row;
  }

  getRowIndex(): number {
    return this.row;
  }

  getSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    return new FakeSheet(this[RT], this.doc, this.live()) as unknown as GoogleAppsScript.Spreadsheet.Sheet;
  }

  getValue(): unknown {
    return this.doc.readValues(this.live(), this.row, this.col, 1, 1)[0]?.[0] ?? '';
  }

  getValues(): unknown[][] {
    return this.doc.readValues(this.live(), this.row, this.col, this.numRows, this.numCols);
  }

  getWidth(): number {
    return this.numCols;
  }

  getWrap(): boolean {
    return this.styleAt(0, 0).wrap ?? false;
  }

  /** "Inserts checkboxes ... configured with true for checked and false for unchecked. Sets ... all cells to false." */
  insertCheckboxes(checkedValue?: unknown, uncheckedValue?: unknown): Range {
    const s = this.live();
    this.checkEditable();
    const args =
      checkedValue === undefined
        ? []
        : uncheckedValue === undefined
          ? [checkedValue]
          : [checkedValue, uncheckedValue];
    const rule = { criteria: 'CHECKBOX', args, allowInvalid: false, helpText: '' };
    this.forEach((r, c) => s.validations.set(r, c, rule));
    const unchecked = args.length === 2 ? uncheckedValue : false;
    this.doc.writeValues(
      s,
      this.row,
      this.col,
      this.map(() => unchecked),
      false,
    );
    return this.self();
  }

  isBlank(): boolean {
    const s = this.live();
    let blank = true;
    s.values.forEachIn(this.row, this.col, this.numRows, this.numCols, () => (blank = false));
    s.formulas.forEachIn(this.row, this.col, this.numRows, this.numCols, () => (blank = false));
    return blank;
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    const row = this.row + rowOffset;
    const col = this.col + columnOffset;
    const nr = numRows ?? this.numRows;
    const nc = numColumns ?? this.numCols;
    checkBounds(this.live(), row, col, nr, nc);
    return this.sub(row, col, nr, nc);
  }

  protect(): GoogleAppsScript.Spreadsheet.Protection {
    const s = this.live();
    const model = newProtection(this.doc, 'RANGE', this[RECT](), s.id);
    return new FakeProtection(
      this[RT],
      this.doc,
      model,
    ) as unknown as GoogleAppsScript.Spreadsheet.Protection;
  }

  setBackground(color: string | null): Range {
    return this.style(() => ({ background: color }));
  }

  setBackgrounds(color: (string | null)[][]): Range {
    this.checkShape(color, 'setBackgrounds');
    return this.style((r, c) => ({ background: color[r]?.[c] ?? null }));
  }

  setBorder(
    top: boolean | null,
    left: boolean | null,
    bottom: boolean | null,
    right: boolean | null,
    vertical: boolean | null,
    horizontal: boolean | null,
    color?: string | null,
    style?: GoogleAppsScript.Spreadsheet.BorderStyle | null,
  ): Range {
    const border = JSON.stringify({
      top,
      left,
      bottom,
      right,
      vertical,
      horizontal,
      color,
      style: String(style ?? ''),
    });
    return this.style(() => ({ border }));
  }

  setDataValidation(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): Range {
    const model = ruleFromValidation(rule);
    const s = this.live();
    this.checkEditable();
    this.forEach((r, c) => s.validations.set(r, c, model ?? undefined));
    return this.self();
  }

  setDataValidations(rules: (GoogleAppsScript.Spreadsheet.DataValidation | null)[][]): Range {
    this.checkShape(rules, 'setDataValidations');
    const models = rules.map((line) => line.map(ruleFromValidation));
    const s = this.live();
    this.checkEditable();
    this.forEach((r, c) => s.validations.set(r, c, models[r - this.row]?.[c - this.col] ?? undefined));
    return this.self();
  }

  setFontColor(color: string | null): Range {
    return this.style(() => ({ fontColor: color }));
  }

  setFontSize(size: number): Range {
    return this.style(() => ({ fontSize: size }));
  }

  setFontStyle(fontStyle: GoogleAppsScript.Spreadsheet.FontStyle | null): Range {
    return this.style(() => ({ fontStyle }));
  }

  setFontWeight(fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null): Range {
    return this.style(() => ({ fontWeight }));
  }

  setFontWeights(fontWeights: (GoogleAppsScript.Spreadsheet.FontWeight | null)[][]): Range {
    this.checkShape(fontWeights, 'setFontWeights');
    return this.style((r, c) => ({ fontWeight: fontWeights[r]?.[c] ?? null }));
  }

  setFormula(formula: string): Range {
    if (typeof formula !== 'string') throw signatureError('SpreadsheetApp.Range.setFormula', [formula]);
    return this.setValue(formula);
  }

  setFormulas(formulas: string[][]): Range {
    this.checkShape(formulas, 'setFormulas');
    this.doc.writeValues(this.live(), this.row, this.col, formulas);
    return this.self();
  }

  setHorizontalAlignment(alignment: 'left' | 'center' | 'normal' | 'right' | null): Range {
    return this.style(() => ({ horizontalAlignment: alignment }));
  }

  setNote(note: string | null): Range {
    const s = this.live();
    this.forEach((r, c) => s.notes.set(r, c, note ? String(note) : undefined));
    return this.self();
  }

  setNumberFormat(numberFormat: string): Range {
    const s = this.live();
    this.checkEditable();
    this.forEach((r, c) => s.formats.set(r, c, String(numberFormat)));
    return this.self();
  }

  setNumberFormats(numberFormats: string[][]): Range {
    this.checkShape(numberFormats, 'setNumberFormats');
    const s = this.live();
    this.checkEditable();
    this.forEach((r, c) => s.formats.set(r, c, String(numberFormats[r - this.row]?.[c - this.col] ?? '')));
    return this.self();
  }

  /** Sets every cell of the range to the value (reference/spreadsheet/range#setValue(Object)). */
  setValue(value: unknown): Range {
    if (Array.isArray(value)) throw signatureError('SpreadsheetApp.Range.setValue', [value]);
    const rows = Array.from({ length: this.numRows }, () => new Array<unknown>(this.numCols).fill(value));
    this.doc.writeValues(this.live(), this.row, this.col, rows);
    return this.self();
  }

  /**
   * "The dimensions of the values must match the dimensions of the range"; the messages are the service's own, e.g.
   * "The number of rows in the data does not match the number of rows in the range. The data has 1 but the range
   * has 2." (reference/spreadsheet/range#setValues(Object)).
   */
  setValues(values: unknown[][]): Range {
    this.checkShape(values, 'setValues');
    this.doc.writeValues(this.live(), this.row, this.col, values);
    return this.self();
  }

  setVerticalAlignment(alignment: 'top' | 'middle' | 'bottom' | null): Range {
    return this.style(() => ({ verticalAlignment: alignment }));
  }

  setWrap(isWrapEnabled: boolean): Range {
    return this.style(() => ({ wrap: Boolean(isWrapEnabled) }));
  }

  /** Test-side view of the recorded formatting of the top-left cell (not an Apps Script method). */
  styleAt(r: number, c: number): CellStyle {
    return this.sheet.styles.get(this.row + r, this.col + c) ?? {};
  }

  private self(): Range {
    return this as unknown as Range;
  }

  private live(): SheetModel {
    return this.doc.live(this.sheet);
  }

  private checkEditable(): void {
    this.doc.checkEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
  }

  private sub(row: number, col: number, numRows: number, numCols: number): Range {
    return new FakeRange(this[RT], this.doc, this.sheet, row, col, numRows, numCols) as unknown as Range;
  }

  private map<T>(fn: (r: number, c: number) => T): T[][] {
    return Array.from({ length: this.numRows }, (_, r) =>
      Array.from({ length: this.numCols }, (_, c) => fn(r, c)),
    );
  }

  private forEach(fn: (row: number, col: number) => void): void {
    for (let r = this.row; r < this.row + this.numRows; r++)
      for (let c = this.col; c < this.col + this.numCols; c++) fn(r, c);
  }

  private style(patch: (r: number, c: number) => CellStyle): Range {
    this.doc.setStyle(this.live(), this.row, this.col, this.numRows, this.numCols, patch);
    return this.self();
  }

  private checkShape(values: unknown, method: string): void {
    if (!Array.isArray(values) || values.some((line) => !Array.isArray(line))) {
      throw signatureError(`SpreadsheetApp.Range.${method}`, [values]);
    }
    if (values.length !== this.numRows) {
      throw gasError(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`,
      );
    }
    for (const line of values as unknown[][]) {
      if (line.length !== this.numCols) {
        throw gasError(
          `The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.numCols}.`,
        );
      }
    }
  }
}

instrument(FakeRange, {
  name: 'Range',
  qualified: 'SpreadsheetApp.Range',
  methods: RANGE_METHODS,
  access: 'document',
  scope: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
});

/**
 * The service's messages for bad coordinates, e.g. getRange(0, 1): "The starting row of the range is too small."
 * and past the grid: "The coordinates of the range are outside the dimensions of the sheet."
 */
export function checkBounds(
  sheet: SheetModel,
  row: number,
  col: number,
  numRows: number,
  numCols: number,
): void {
  if (row < 1) throw gasError('The starting row of the range is too small.');
  if (col < 1) throw gasError('The starting column of the range is too small.');
  if (numRows < 1) throw gasError('The number of rows in the range must be at least 1.');
  if (numCols < 1) throw gasError('The number of columns in the range must be at least 1.');
  if (row + numRows - 1 > sheet.maxRows || col + numCols - 1 > sheet.maxCols) {
    throw gasError('The coordinates of the range are outside the dimensions of the sheet.');
  }
}
