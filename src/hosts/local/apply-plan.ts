/**
 * Apply a core `Plan` to an ExcelJS workbook in memory. The caller saves the workbook only when
 * the whole plan applied, so a plan that fails halfway never reaches the file.
 */
import ExcelJS from 'exceljs';
import { cellText, type Cell } from '../../core/cells';
import { RegisterError } from '../../core/errors';
import type { Plan, ReportBlock, StructureOp, TableWrite } from '../../core/plan';
import { reportExtent, reportRewrite } from '../../core/summary/layout';
import { columnLetter } from '../../core/table';
import { fromExcel, writeCell } from './cell-values';
import { chartPng } from './chart-image';
import { collapseValidations, setColumnValidation, shiftValidations, validationBottom } from './validations';

/** A hidden sheet holding dropdown lists too long to write inline in a validation. */
export const LISTS_SHEET = '_Lists';

/**
 * Excel limits an inline list (the quoted formula of a "list" validation) to 255 characters
 * (Microsoft, "Apply data validation to cells": the Source box holds up to 255 characters).
 */
const INLINE_LIST_LIMIT = 255;

function worksheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new RegisterError('internal', `No sheet "${name}" in the workbook`);
  return ws;
}

export interface HeaderIndex {
  /** 1-based column by trimmed, lower-cased header; the first of two equal headers wins. */
  columns: Map<string, number>;
  /** The last column whose header is not empty (0 when the header row is empty). */
  last: number;
}

export function headerIndex(ws: ExcelJS.Worksheet): HeaderIndex {
  const columns = new Map<string, number>();
  let last = 0;
  ws.getRow(1).eachCell((cell, col) => {
    const key = cellText(fromExcel(cell.value)).trim().toLowerCase();
    if (!key) return;
    last = Math.max(last, col);
    if (!columns.has(key)) columns.set(key, col);
  });
  return { columns, last };
}

function columnOf(ws: ExcelJS.Worksheet, index: HeaderIndex, name: string): number {
  const col = index.columns.get(name.trim().toLowerCase());
  if (col === undefined) throw new RegisterError('internal', `${ws.name}: no column "${name}"`);
  return col;
}

function styleHeaderCell(ws: ExcelJS.Worksheet, col: number, text: string): void {
  const cell = ws.getRow(1).getCell(col);
  cell.value = text;
  cell.font = { ...(cell.font ?? {}), bold: true };
  const column = ws.getColumn(col);
  // Width in characters (ExcelJS README, "Columns"); only for columns nobody sized yet.
  if (!column.width) column.width = Math.min(40, Math.max(12, text.length + 4));
}

/** Sheet names in Excel are unique regardless of case; a second "suppliers" would corrupt the file. */
function assertNewSheetName(wb: ExcelJS.Workbook, name: string): void {
  const clash = wb.worksheets.find((ws) => ws.name.toLowerCase() === name.toLowerCase());
  if (clash) throw new RegisterError('internal', `A sheet named "${clash.name}" already exists`);
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Write a long list onto the hidden `_Lists` sheet (one column per list) and return its range. */
function listRange(wb: ExcelJS.Workbook, key: string, values: string[]): string {
  let ws = wb.getWorksheet(LISTS_SHEET);
  if (!ws) {
    assertNewSheetName(wb, LISTS_SHEET);
    ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  }
  const index = headerIndex(ws);
  const col = index.columns.get(key.toLowerCase()) ?? index.last + 1;
  styleHeaderCell(ws, col, key);
  for (let r = 2; r <= ws.rowCount; r++) {
    const cell = ws.findRow(r)?.findCell(col);
    if (cell) cell.value = null;
  }
  values.forEach((v, i) => writeCell(ws.getRow(i + 2).getCell(col), v));
  const letter = columnLetter(col - 1);
  return `${quoteSheet(LISTS_SHEET)}!$${letter}$2:$${letter}$${Math.max(2, values.length + 1)}`;
}

function listFormula(wb: ExcelJS.Workbook, sheet: string, column: string, values: string[]): string {
  const inline = `"${values.join(',')}"`;
  // In an inline list a comma separates items and a quote ends the literal: such values need a range.
  const needsRange = inline.length > INLINE_LIST_LIMIT || values.some((v) => /[,"]/.test(v));
  return needsRange ? listRange(wb, `${sheet}.${column}`, values) : inline;
}

function dropdown(formula: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Not in the list',
    error: 'Choose a value from the list.',
  };
}

/**
 * Whether columns can be inserted into a sheet without breaking it. ExcelJS's spliceColumns moves
 * cells, styles, widths and defined names, but it does not rewrite formulas that refer to moved
 * cells (in this sheet or another), cannot save shared formulas whose master moved ("Shared Formula
 * master must exist above and or left of clone"), and leaves tables, conditional formats, merges
 * and the auto filter where they were. When any of those is present the new columns go after the
 * last one instead: columns are found by header, so their position is only cosmetic.
 */
function canInsertColumns(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet): boolean {
  const conditional = (ws as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings ?? [];
  if (ws.getTables().length > 0 || conditional.length > 0 || ws.hasMerges || ws.autoFilter) return false;
  const name = ws.name.toLowerCase();
  let blocked = false;
  for (const sheet of wb.worksheets) {
    sheet.eachRow((row) => {
      if (blocked) return;
      row.eachCell((cell) => {
        if (blocked || cell.type !== ExcelJS.ValueType.Formula) return;
        // A formula in this sheet may point at moved cells; in another, only if it names this sheet.
        blocked = sheet === ws || (cell.formula ?? '').toLowerCase().includes(name);
      });
    });
  }
  return !blocked;
}

function applyStructure(wb: ExcelJS.Workbook, op: StructureOp): void {
  switch (op.op) {
    case 'createSheet': {
      assertNewSheetName(wb, op.sheet);
      const ws = wb.addWorksheet(op.sheet, { state: op.hidden ? 'hidden' : 'visible' });
      op.header.forEach((h, i) => styleHeaderCell(ws, i + 1, h));
      return;
    }
    case 'addColumns': {
      const ws = worksheet(wb, op.sheet);
      const index = headerIndex(ws);
      const before = op.before ? index.columns.get(op.before.trim().toLowerCase()) : undefined;
      const at = before !== undefined && canInsertColumns(wb, ws) ? before : undefined;
      if (at === undefined) {
        op.headers.forEach((h, i) => styleHeaderCell(ws, index.last + 1 + i, h));
        return;
      }
      // Insert so that the existing data moves right with its header (ExcelJS README, "Columns":
      // spliceColumns). Data validations are moved here, since spliceColumns leaves them behind.
      collapseValidations(ws);
      ws.spliceColumns(at, 0, ...op.headers.map((h) => [h]));
      shiftValidations(ws, at, op.headers.length);
      op.headers.forEach((h, i) => styleHeaderCell(ws, at + i, h));
      return;
    }
    case 'freezeHeader': {
      const ws = worksheet(wb, op.sheet);
      const current = (ws.views[0] ?? {}) as Partial<ExcelJS.WorksheetViewFrozen>;
      ws.views = [
        {
          ...current,
          state: 'frozen',
          xSplit: current.xSplit ?? 0,
          ySplit: 1,
          topLeftCell: 'A2',
          activeCell: 'A2',
        },
      ];
      return;
    }
    case 'listValidation':
    case 'checkboxValidation': {
      // An .xlsx cell has no checkbox validation: yes/no is a TRUE/FALSE dropdown.
      const values = op.op === 'listValidation' ? op.values : ['TRUE', 'FALSE'];
      const ws = worksheet(wb, op.sheet);
      const col = columnOf(ws, headerIndex(ws), op.column);
      collapseValidations(ws);
      setColumnValidation(ws, col, dropdown(listFormula(wb, op.sheet, op.column, values)));
      return;
    }
    case 'referenceValidation': {
      const ws = worksheet(wb, op.sheet);
      const col = columnOf(ws, headerIndex(ws), op.column);
      const target = wb.getWorksheet(op.target);
      const idCol = (target && headerIndex(target).columns.get('id')) ?? 1;
      const letter = columnLetter(idCol - 1);
      const bottom = validationBottom(target);
      collapseValidations(ws);
      // A list drawn from the target's ID column (ECMA-376 Part 1, 18.3.1.32 dataValidation:
      // formula1 may be a range). Typing a name instead of an ID is allowed by the sidebar and the
      // CLI, which resolve it; in Excel the dropdown offers IDs.
      setColumnValidation(ws, col, {
        ...dropdown(`${quoteSheet(op.target)}!$${letter}$2:$${letter}$${bottom}`),
        errorStyle: 'warning',
        error: `Choose an ID from ${op.target}.`,
      });
      return;
    }
    case 'writeReport':
      writeReport(wb, op);
      return;
    case 'protectColumns':
      // ExcelJS can only protect a whole sheet (worksheet.protect, README "Sheet Protection"), and
      // locking some columns means protecting the sheet, which would stop users sorting, filtering
      // and adding their own columns. Locally the system columns stay unprotected; the register
      // still detects edits through the Version column.
      return;
  }
}

/** Every cell of a worksheet as core cells, row 1 first (ExcelJS rows and cells are 1-based and sparse). */
function sheetGrid(ws: ExcelJS.Worksheet): Cell[][] {
  const values = ws.getSheetValues();
  const grid: Cell[][] = [];
  for (let r = 1; r < values.length; r++) {
    const src = Array.isArray(values[r]) ? (values[r] as unknown[]) : [];
    grid.push(Array.from({ length: Math.max(0, src.length - 1) }, (_, i) => fromExcel(src[i + 1])));
  }
  return grid;
}

type WorksheetImage = ReturnType<ExcelJS.Worksheet['getImages']>[number];

/**
 * A summary sheet: what a person wrote below the previous report moves with it (spliceRows, README
 * "Rows"), the old block is cleared of values and styles, the new one written with its number
 * formats, bold header and total, frozen header and column widths, and its chart drawn as a PNG
 * image (chart-image.ts) that replaces the previous one.
 */
function writeReport(wb: ExcelJS.Workbook, op: Extract<StructureOp, { op: 'writeReport' }>): void {
  let ws = wb.getWorksheet(op.sheet);
  if (!ws) {
    assertNewSheetName(wb, op.sheet);
    ws = wb.addWorksheet(op.sheet);
  }
  const { block } = op;
  const grid = sheetGrid(ws);
  const previous = reportExtent(op.sheet, grid);
  const { shift, clearRows, clearCols } = reportRewrite(previous, grid, block);
  // The report's image is the one anchored in its rows (0-based nativeRow); a person's stays.
  const ours = previous ? ws.getImages().filter((img) => img.range.tl.nativeRow < previous.rows) : [];
  if (shift && shift.count > 0)
    ws.spliceRows(shift.after + 1, 0, ...Array.from({ length: shift.count }, () => [] as unknown[]));
  if (shift && shift.count < 0) ws.spliceRows(shift.after + 1, -shift.count);
  for (let r = 1; r <= clearRows; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= clearCols; c++) {
      const cell = row.findCell(c);
      if (!cell) continue;
      cell.value = null;
      cell.style = {};
    }
  }
  const bold = new Set(block.boldRows);
  block.cells.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    const inTable = r + 1 > block.headerRow && r + 1 <= block.lastTableRow;
    cells.forEach((value, c) => {
      if (value === '' && !inTable) return;
      const cell = row.getCell(c + 1);
      writeCell(cell, value);
      if (inTable) cell.numFmt = block.formats[c]!;
      if (r === 0) cell.font = { bold: true, size: 14 };
      else if (bold.has(r + 1)) cell.font = { bold: true };
    });
  });
  block.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [
    {
      state: 'frozen',
      xSplit: 0,
      ySplit: block.headerRow,
      topLeftCell: `A${block.headerRow + 1}`,
      activeCell: 'A1',
    },
  ];
  placeChart(wb, ws, block, ours);
}

function placeChart(
  wb: ExcelJS.Workbook,
  ws: ExcelJS.Worksheet,
  block: ReportBlock,
  ours: WorksheetImage[],
): void {
  // ExcelJS has no removeImage: a worksheet's images are its private _media list (lib/doc/worksheet.js).
  const remove = (drop: WorksheetImage[]) => {
    const holder = ws as unknown as { _media?: unknown[] };
    if (holder._media && drop.length > 0)
      holder._media = holder._media.filter((m) => !drop.includes(m as WorksheetImage));
  };
  const chart = block.chart;
  if (!chart) {
    remove(ours);
    return;
  }
  const [reuse, ...extra] = ours;
  remove(extra);
  const buffer = chartPng(chart, block.cells);
  // Anchored to cells by both corners (a twoCellAnchor; ECMA-376 Part 1, 20.5.2.33), 0-based and
  // fractional (README, "Add image to a cell range"). Not tl + ext: ExcelJS writes that as a
  // oneCellAnchor carrying editAs, an attribute that element does not have, and strict readers
  // (openpyxl) then drop the picture. The size follows Excel's default cells: 64 x 20 pixels.
  const range = {
    tl: { col: chart.column - 1, row: chart.row - 1 },
    br: { col: chart.column - 1 + chart.width / 64, row: chart.row - 1 + chart.height / 20 },
    editAs: 'oneCell' as const,
  };
  const existing = reuse ? wb.getImage(Number(reuse.imageId)) : undefined;
  if (reuse && existing) {
    // Reuse the media entry, so regenerating does not leave old pictures inside the file.
    Object.assign(existing, { buffer, extension: 'png' });
    (reuse as unknown as { model: unknown }).model = { type: 'image', imageId: reuse.imageId, range };
    return;
  }
  const imageId = wb.addImage({ buffer: buffer as unknown as ExcelJS.Buffer, extension: 'png' });
  // The typings want whole Anchor objects; ExcelJS builds them from { col, row } (lib/doc/anchor.js).
  ws.addImage(imageId, range as unknown as ExcelJS.ImageRange);
}

/** The last row holding a visible value (a formula showing '' counts as empty); 1 = header only. */
export function lastRowWithValues(ws: ExcelJS.Worksheet): number {
  for (let r = ws.rowCount; r >= 2; r--) {
    const row = ws.findRow(r);
    if (!row || !row.hasValues) continue;
    let seen = false;
    row.eachCell((cell) => {
      if (!seen && cellText(fromExcel(cell.value)).trim() !== '') seen = true;
    });
    if (seen) return r;
  }
  return 1;
}

function applyWrite(wb: ExcelJS.Workbook, w: TableWrite): void {
  if (w.updates.length === 0 && w.appends.length === 0) return;
  const ws = worksheet(wb, w.table);
  const index = headerIndex(ws);
  const setRow = (rowNumber: number, values: Record<string, Cell>) => {
    const row = ws.getRow(rowNumber);
    for (const [name, value] of Object.entries(values)) {
      const col = columnOf(ws, index, name);
      // Appending '' leaves the cell as it is (it may carry the user's formatting).
      if (value === '' && row.findCell(col) === undefined) continue;
      writeCell(row.getCell(col), value);
    }
  };
  if (w.updates.length > 0) {
    const keyCol = columnOf(ws, index, w.keyColumn);
    const rowOfKey = new Map<string, number>();
    for (let r = 2; r <= ws.rowCount; r++) {
      const key = cellText(fromExcel(ws.findRow(r)?.findCell(keyCol)?.value)).trim();
      if (key && !rowOfKey.has(key)) rowOfKey.set(key, r);
    }
    for (const u of w.updates) {
      const r = rowOfKey.get(u.key.trim());
      if (r === undefined) throw new RegisterError('not-found', `${w.table}: row ${u.key} disappeared`);
      setRow(r, u.values);
    }
  }
  let next = lastRowWithValues(ws) + 1;
  for (const a of w.appends) setRow(next++, a);
}

/** Apply every structure change, then every table's writes, to the workbook in memory. */
export function applyPlanToWorkbook(wb: ExcelJS.Workbook, plan: Plan): void {
  for (const op of plan.structure) applyStructure(wb, op);
  for (const w of plan.writes) applyWrite(wb, w);
}
