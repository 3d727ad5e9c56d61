import { parseA1 } from './a1';
import { FakeEmbeddedChart, FakeEmbeddedChartBuilder, chartModelOf } from './charts';
import type { Doc } from './doc';
import { SheetType, enumName } from './enums';
import { gasError, signatureError } from './errors';
import type { SheetModel } from './model';
import { FakeProtection, newProtection } from './protection';
import { FakeRange, checkBounds } from './range';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { FakeSpreadsheet } from './spreadsheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

const SHEET_METHODS = [
  'activate',
  'appendRow',
  'autoResizeColumn',
  'autoResizeColumns',
  'clear',
  'clearContents',
  'clearFormats',
  'deleteColumn',
  'deleteColumns',
  'deleteRow',
  'deleteRows',
  'getActiveRange',
  'getCharts',
  'getColumnWidth',
  'getDataRange',
  'getFrozenColumns',
  'getFrozenRows',
  'getIndex',
  'getLastColumn',
  'getLastRow',
  'getMaxColumns',
  'getMaxRows',
  'getName',
  'getParent',
  'getProtections',
  'getRange',
  'getSheetId',
  'getSheetName',
  'getSheetValues',
  'getTabColor',
  'getType',
  'hideColumns',
  'hideSheet',
  'insertChart',
  'insertColumnAfter',
  'insertColumnBefore',
  'insertColumnsAfter',
  'insertColumnsBefore',
  'insertRowAfter',
  'insertRowBefore',
  'insertRowsAfter',
  'insertRowsBefore',
  'isColumnHiddenByUser',
  'isSheetHidden',
  'newChart',
  'protect',
  'removeChart',
  'setActiveRange',
  'setColumnWidth',
  'setColumnWidths',
  'setFrozenColumns',
  'setFrozenRows',
  'setName',
  'setTabColor',
  'showColumns',
  'showSheet',
  'updateChart',
] as const;

/** Default column width in pixels of a new sheet. */
const DEFAULT_COLUMN_WIDTH = 100;

/**
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet — a new sheet has 1000 rows and 26 columns;
 * getLastRow()/getLastColumn() are 0 on an empty sheet.
 */
export class FakeSheet extends Fake implements Pick<Sheet, (typeof SHEET_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly doc: Doc,
    readonly model: SheetModel,
  ) {
    super(rt);
  }

  activate(): Sheet {
    const s = this.live();
    this.doc.model.activeSheetId = s.id;
    return this.self();
  }

  /**
   * "Appends a row to the bottom of the data region in the sheet. If a cell's content begins with =, it's interpreted
   * as a formula." The sheet grows when the row (or its width) does not fit.
   */
  appendRow(rowContents: unknown[]): Sheet {
    if (!Array.isArray(rowContents)) throw signatureError('SpreadsheetApp.Sheet.appendRow', [rowContents]);
    const s = this.live();
    const row = s.lastRow() + 1;
    if (row > s.maxRows) s.maxRows = row;
    if (rowContents.length > s.maxCols) s.maxCols = rowContents.length;
    if (rowContents.length > 0) this.doc.writeValues(s, row, 1, [rowContents]);
    return this.self();
  }

  autoResizeColumn(columnPosition: number): Sheet {
    return this.autoResizeColumns(columnPosition, 1);
  }

  /** Widths follow the longest displayed text (about 7 px a character), a stand-in for font metrics. */
  autoResizeColumns(startColumn: number, numColumns: number): Sheet {
    const s = this.live();
    const display = this.doc.readDisplay(s, 1, startColumn, Math.max(1, s.lastRow()), numColumns);
    for (let c = 0; c < numColumns; c++) {
      const longest = Math.max(0, ...display.map((line) => (line[c] ?? '').length));
      s.columnWidths.set(startColumn + c, Math.max(21, longest * 7 + 10));
    }
    return this.self();
  }

  clear(options?: { formatOnly?: boolean; contentsOnly?: boolean }): Sheet {
    const s = this.live();
    this.checkSheetEditable();
    const all = !options || !(options.formatOnly || options.contentsOnly);
    if (all || options?.contentsOnly) this.doc.clearContent(s, 1, 1, s.maxRows, s.maxCols);
    if (all || options?.formatOnly) this.doc.clearFormat(s, 1, 1, s.maxRows, s.maxCols);
    return this.self();
  }

  clearContents(): Sheet {
    return this.clear({ contentsOnly: true });
  }

  clearFormats(): Sheet {
    return this.clear({ formatOnly: true });
  }

  deleteColumn(columnPosition: number): Sheet {
    this.deleteColumns(columnPosition, 1);
    return this.self();
  }

  deleteColumns(columnPosition: number, howMany: number): void {
    const s = this.live();
    this.checkSheetEditable();
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > s.maxCols) {
      throw gasError('Those columns are out of bounds.');
    }
    const deletedUnfrozen = columnPosition + howMany - 1 - Math.max(columnPosition - 1, s.frozenCols);
    if (s.maxCols - s.frozenCols - Math.max(0, deletedUnfrozen) <= 0) {
      throw gasError('Sorry, it is not possible to delete all non-frozen columns.');
    }
    for (const grid of s.allGrids()) grid.deleteCols(columnPosition, howMany);
    s.maxCols -= howMany;
  }

  deleteRow(rowPosition: number): Sheet {
    this.deleteRows(rowPosition, 1);
    return this.self();
  }

  /**
   * The messages are the service's as users report them ("Those rows are out of bounds.", "Sorry, it is not possible
   * to delete all non-frozen rows."); the reference does not list them.
   */
  deleteRows(rowPosition: number, howMany: number): void {
    const s = this.live();
    this.checkSheetEditable();
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > s.maxRows) {
      throw gasError('Those rows are out of bounds.');
    }
    const deletedUnfrozen = rowPosition + howMany - 1 - Math.max(rowPosition - 1, s.frozenRows);
    if (s.maxRows - s.frozenRows - Math.max(0, deletedUnfrozen) <= 0) {
      throw gasError('Sorry, it is not possible to delete all non-frozen rows.');
    }
    for (const grid of s.allGrids()) grid.deleteRows(rowPosition, howMany);
    s.maxRows -= howMany;
  }

  getActiveRange(): Range | null {
    const sel = this.doc.model.selection;
    if (!sel || sel.sheetId !== this.model.id) return null;
    return this.range(sel.row, sel.col, sel.numRows, sel.numCols);
  }

  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    return this.live().charts.map(
      (c) =>
        new FakeEmbeddedChart(this[RT], this.doc, c) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChart,
    );
  }

  getColumnWidth(columnPosition: number): number {
    return this.live().columnWidths.get(columnPosition) ?? DEFAULT_COLUMN_WIDTH;
  }

  /** "Returns a Range corresponding to the dimensions in which data is present"; A1 on an empty sheet. */
  getDataRange(): Range {
    const s = this.live();
    return this.range(1, 1, Math.max(1, s.lastRow()), Math.max(1, s.lastCol()));
  }

  getFrozenColumns(): number {
    return this.live().frozenCols;
  }

  getFrozenRows(): number {
    return this.live().frozenRows;
  }

  getIndex(): number {
    return this.doc.model.sheets.indexOf(this.live()) + 1;
  }

  getLastColumn(): number {
    return this.live().lastCol();
  }

  getLastRow(): number {
    return this.live().lastRow();
  }

  getMaxColumns(): number {
    return this.live().maxCols;
  }

  getMaxRows(): number {
    return this.live().maxRows;
  }

  getName(): string {
    return this.live().name;
  }

  getParent(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return new FakeSpreadsheet(this[RT], this.doc) as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
  }

  getProtections(
    type: GoogleAppsScript.Spreadsheet.ProtectionType,
  ): GoogleAppsScript.Spreadsheet.Protection[] {
    const s = this.live();
    const name = enumName(type);
    return this.doc.model.protections
      .filter((p) => !p.removed && p.sheetId === s.id && p.type === name)
      .map(
        (p) =>
          new FakeProtection(this[RT], this.doc, p) as unknown as GoogleAppsScript.Spreadsheet.Protection,
      );
  }

  getRange(rowOrA1: number | string, column?: number, numRows?: number, numColumns?: number): Range {
    const s = this.live();
    if (typeof rowOrA1 === 'string' && column === undefined)
      return rangeFromA1(this[RT], this.doc, s, rowOrA1);
    const args = [rowOrA1, column, numRows, numColumns].filter((a) => a !== undefined);
    if (args.some((a) => typeof a !== 'number' || Number.isNaN(a)) || column === undefined) {
      throw signatureError('SpreadsheetApp.Sheet.getRange', args);
    }
    const [row, col, nr, nc] = [rowOrA1 as number, column, numRows ?? 1, numColumns ?? 1].map(Math.trunc) as [
      number,
      number,
      number,
      number,
    ];
    checkBounds(s, row, col, nr, nc);
    return this.range(row, col, nr, nc);
  }

  getSheetId(): number {
    return this.live().id;
  }

  getSheetName(): string {
    return this.live().name;
  }

  /** -1 for numRows/numColumns means "to the last row/column with data". */
  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): unknown[][] {
    const s = this.live();
    const nr = numRows === -1 ? s.lastRow() - startRow + 1 : numRows;
    const nc = numColumns === -1 ? s.lastCol() - startColumn + 1 : numColumns;
    checkBounds(s, startRow, startColumn, nr, nc);
    return this.doc.readValues(s, startRow, startColumn, nr, nc);
  }

  getTabColor(): string | null {
    return this.live().tabColor;
  }

  getType(): GoogleAppsScript.Spreadsheet.SheetType {
    return SheetType.GRID;
  }

  hideColumns(columnIndex: number, numColumns = 1): void {
    const s = this.live();
    for (let c = columnIndex; c < columnIndex + numColumns; c++) s.hiddenColumns.add(c);
  }

  /** Sheets keeps at least one sheet visible (the message is the Sheets UI's; the reference is silent). */
  hideSheet(): Sheet {
    const s = this.live();
    if (!s.hidden && this.doc.model.sheets.filter((x) => !x.hidden).length <= 1) {
      throw gasError("You can't hide all the sheets in a document.");
    }
    s.hidden = true;
    if (this.doc.model.activeSheetId === s.id) {
      this.doc.model.activeSheetId = (this.doc.model.sheets.find((x) => !x.hidden) ?? s).id;
    }
    return this.self();
  }

  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const s = this.live();
    const model = chartModelOf(chart);
    if (!s.charts.some((c) => c.id === model.id)) s.charts.push(model);
  }

  insertColumnAfter(afterPosition: number): Sheet {
    return this.insertColumnsAfter(afterPosition, 1);
  }

  insertColumnBefore(beforePosition: number): Sheet {
    return this.insertColumnsBefore(beforePosition, 1);
  }

  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    return this.insertColumnsAt(afterPosition + 1, howMany);
  }

  insertColumnsBefore(beforePosition: number, howMany: number): Sheet {
    return this.insertColumnsAt(beforePosition, howMany);
  }

  insertRowAfter(afterPosition: number): Sheet {
    return this.insertRowsAfter(afterPosition, 1);
  }

  insertRowBefore(beforePosition: number): Sheet {
    return this.insertRowsBefore(beforePosition, 1);
  }

  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    return this.insertRowsAt(afterPosition + 1, howMany);
  }

  insertRowsBefore(beforePosition: number, howMany: number): Sheet {
    return this.insertRowsAt(beforePosition, howMany);
  }

  isColumnHiddenByUser(columnPosition: number): boolean {
    return this.live().hiddenColumns.has(columnPosition);
  }

  isSheetHidden(): boolean {
    return this.live().hidden;
  }

  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    this.live();
    return new FakeEmbeddedChartBuilder(
      this[RT],
      this.doc,
    ) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
  }

  /** One sheet protection per sheet: protecting a protected sheet returns its existing protection. */
  protect(): GoogleAppsScript.Spreadsheet.Protection {
    const s = this.live();
    const existing = this.doc.model.protections.find(
      (p) => !p.removed && p.type === 'SHEET' && p.sheetId === s.id,
    );
    const model =
      existing ??
      newProtection(
        this.doc,
        'SHEET',
        { sheetId: s.id, row: 1, col: 1, numRows: s.maxRows, numCols: s.maxCols },
        s.id,
      );
    return new FakeProtection(
      this[RT],
      this.doc,
      model,
    ) as unknown as GoogleAppsScript.Spreadsheet.Protection;
  }

  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const s = this.live();
    const model = chartModelOf(chart);
    const index = s.charts.findIndex((c) => c.id === model.id);
    if (index >= 0) s.charts.splice(index, 1);
  }

  setActiveRange(range: Range): Range {
    return range.activate();
  }

  setColumnWidth(columnPosition: number, width: number): Sheet {
    this.live().columnWidths.set(columnPosition, width);
    return this.self();
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): Sheet {
    const s = this.live();
    for (let c = startColumn; c < startColumn + numColumns; c++) s.columnWidths.set(c, width);
    return this.self();
  }

  setFrozenColumns(columns: number): void {
    const s = this.live();
    if (columns < 0 || columns >= s.maxCols) throw gasError('Invalid argument: columns');
    s.frozenCols = columns;
  }

  setFrozenRows(rows: number): void {
    const s = this.live();
    if (rows < 0 || rows >= s.maxRows) throw gasError('Invalid argument: rows');
    s.frozenRows = rows;
  }

  setName(name: string): Sheet {
    const s = this.live();
    const other = this.doc.model.sheetByName(name);
    if (other && other !== s) throw duplicateSheetName(name);
    s.name = String(name);
    return this.self();
  }

  setTabColor(color: string | null): Sheet {
    this.live().tabColor = color;
    return this.self();
  }

  showColumns(columnIndex: number, numColumns = 1): void {
    const s = this.live();
    for (let c = columnIndex; c < columnIndex + numColumns; c++) s.hiddenColumns.delete(c);
  }

  showSheet(): Sheet {
    this.live().hidden = false;
    return this.self();
  }

  updateChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const s = this.live();
    const model = chartModelOf(chart);
    const index = s.charts.findIndex((c) => c.id === model.id);
    if (index < 0) throw gasError('The chart is not in this sheet.');
    s.charts[index] = model;
  }

  private insertRowsAt(before: number, howMany: number): Sheet {
    const s = this.live();
    this.checkSheetEditable();
    if (before < 1 || before > s.maxRows + 1 || howMany < 1) throw gasError('Those rows are out of bounds.');
    for (const grid of s.allGrids()) grid.insertRows(before, howMany);
    s.maxRows += howMany;
    return this.self();
  }

  private insertColumnsAt(before: number, howMany: number): Sheet {
    const s = this.live();
    this.checkSheetEditable();
    if (before < 1 || before > s.maxCols + 1 || howMany < 1)
      throw gasError('Those columns are out of bounds.');
    for (const grid of s.allGrids()) grid.insertCols(before, howMany);
    s.maxCols += howMany;
    return this.self();
  }

  /** Structural changes need edit rights on the whole sheet. */
  private checkSheetEditable(): void {
    const s = this.model;
    this.doc.checkEditable(s, 1, 1, s.maxRows, s.maxCols);
  }

  private range(row: number, col: number, numRows: number, numCols: number): Range {
    return new FakeRange(this[RT], this.doc, this.model, row, col, numRows, numCols) as unknown as Range;
  }

  private live(): SheetModel {
    return this.doc.live(this.model);
  }

  private self(): Sheet {
    return this as unknown as Sheet;
  }
}

instrument(FakeSheet, {
  name: 'Sheet',
  qualified: 'SpreadsheetApp.Sheet',
  methods: SHEET_METHODS,
  access: 'document',
  scope: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
});

/** The service's message for a clashing name (sheet names are unique regardless of case). */
export function duplicateSheetName(name: string): Error {
  return gasError(`A sheet with the name "${name}" already exists. Please enter another name.`);
}

/** Resolves 'A1', 'A:B', "'Sheet name'!A1:C3" against a default sheet. */
export function rangeFromA1(rt: Runtime, doc: Doc, defaultSheet: SheetModel, a1: string): Range {
  const ref = parseA1(a1);
  const sheet = ref.sheetName !== undefined ? doc.model.sheetByName(ref.sheetName) : defaultSheet;
  if (!sheet) throw gasError('Range not found');
  const wholeColumns = ref.startRow === undefined;
  const wholeRows = ref.startCol === undefined;
  let row = ref.startRow ?? 1;
  let col = ref.startCol ?? 1;
  let endRow = ref.endRow ?? sheet.maxRows;
  let endCol = ref.endCol ?? sheet.maxCols;
  if (endRow < row) [row, endRow] = [endRow, row];
  if (endCol < col) [col, endCol] = [endCol, col];
  checkBounds(sheet, row, col, endRow - row + 1, endCol - col + 1);
  return new FakeRange(rt, doc, sheet, row, col, endRow - row + 1, endCol - col + 1, {
    wholeColumns,
    wholeRows,
  }) as unknown as Range;
}
