/**
 * Data validation (dropdowns) on ExcelJS worksheets. ExcelJS keeps validations in an untyped
 * `worksheet.dataValidations.model`, keyed by address, and on reading a file it expands every
 * `sqref` range into one entry per cell (lib/xlsx/xform/sheet/data-validations-xform.js). A column
 * validated down to row 10,000 becomes 10,000 entries; writing a range key next to them would
 * produce overlapping validations, which Excel reports as a corrupt file. So before changing
 * validations we fold the per-cell entries back into ranges, and we replace a column's validation
 * rather than adding a second one.
 */
import type ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { columnLetter } from '../../core/table';

type ValidationModel = Record<string, ExcelJS.DataValidation | undefined>;

interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface ValidationsXform {
  prototype: {
    parseClose(this: ValidationsXformThis, name: string): boolean;
    __rangesKept?: boolean;
  };
}

interface ValidationsXformThis {
  model: ValidationModel;
  _address: string;
  _dataValidation: ExcelJS.DataValidation & { operator?: unknown };
}

/**
 * Make ExcelJS keep each `sqref` range as one entry when it reads a sheet, instead of one entry per
 * cell: a register validated down to row 20,000 otherwise costs hundreds of thousands of entries
 * on every read and a long sort on every save. This replaces the `dataValidation` case of
 * `DataValidationsXform.parseClose` (ExcelJS 4.4, lib/xlsx/xform/sheet/data-validations-xform.js)
 * and leaves the others to it. ExcelJS's writer accepts range keys (that is how `add('A1:A9')`
 * works). Only speed depends on this: if the module is not where 4.4 has it, nothing is patched
 * and `collapseValidations` folds the entries before a save.
 */
export function keepValidationRangesOnRead(): boolean {
  let xform: ValidationsXform;
  try {
    xform = createRequire(import.meta.url)(
      'exceljs/lib/xlsx/xform/sheet/data-validations-xform.js',
    ) as ValidationsXform;
  } catch {
    return false;
  }
  const proto = xform.prototype;
  if (typeof proto?.parseClose !== 'function') return false;
  if (proto.__rangesKept) return true;
  const original = proto.parseClose;
  proto.parseClose = function (this: ValidationsXformThis, name: string): boolean {
    if (name !== 'dataValidation' || !this._dataValidation || typeof this._address !== 'string')
      return original.call(this, name);
    const dv = this._dataValidation;
    if (!dv.formulae || dv.formulae.length === 0) {
      delete (dv as Partial<ExcelJS.DataValidation>).formulae;
      delete dv.operator;
    }
    for (const part of this._address.split(/\s+/)) {
      const rect = decodeRect(part);
      if (rect) this.model[encodeRect(rect)] = dv;
    }
    return true;
  };
  proto.__rangesKept = true;
  return true;
}

/** The last row a dropdown covers: row 10,000, or twice the sheet's rows once it is longer than half that. */
export const VALIDATION_ROWS = 10_000;

export function validationBottom(ws: ExcelJS.Worksheet | undefined): number {
  return Math.max(VALIDATION_ROWS, 2 * (ws?.rowCount ?? 0));
}

function modelOf(ws: ExcelJS.Worksheet): ValidationModel {
  return (ws as unknown as { dataValidations: { model: ValidationModel } }).dataValidations.model;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function decodeCell(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(address);
  return m ? { col: columnNumber(m[1]!), row: Number(m[2]) } : undefined;
}

function decodeRect(address: string): Rect | undefined {
  const [a, b = a] = address.split(':');
  const tl = decodeCell(a ?? '');
  const br = decodeCell(b ?? '');
  if (!tl || !br) return undefined;
  return {
    top: Math.min(tl.row, br.row),
    left: Math.min(tl.col, br.col),
    bottom: Math.max(tl.row, br.row),
    right: Math.max(tl.col, br.col),
  };
}

function encodeRect(r: Rect): string {
  const tl = `${columnLetter(r.left - 1)}${r.top}`;
  const br = `${columnLetter(r.right - 1)}${r.bottom}`;
  return tl === br ? tl : `${tl}:${br}`;
}

/**
 * Fold ExcelJS's per-cell entries back into the rectangles they came from. The parser assigns one
 * validation object to every cell of an sqref, so entries sharing an object and filling their
 * bounding box exactly are that range again.
 */
export function collapseValidations(ws: ExcelJS.Worksheet): void {
  const model = modelOf(ws);
  const groups = new Map<ExcelJS.DataValidation, { keys: string[]; rect: Rect }>();
  for (const [key, dv] of Object.entries(model)) {
    if (!dv || key.includes(':')) continue;
    const cell = decodeCell(key);
    if (!cell) continue;
    const g = groups.get(dv);
    if (!g)
      groups.set(dv, {
        keys: [key],
        rect: { top: cell.row, left: cell.col, bottom: cell.row, right: cell.col },
      });
    else {
      g.keys.push(key);
      g.rect.top = Math.min(g.rect.top, cell.row);
      g.rect.bottom = Math.max(g.rect.bottom, cell.row);
      g.rect.left = Math.min(g.rect.left, cell.col);
      g.rect.right = Math.max(g.rect.right, cell.col);
    }
  }
  for (const [dv, { keys, rect }] of groups) {
    const area = (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
    if (keys.length < 2 || area !== keys.length) continue;
    for (const k of keys) delete model[k];
    model[encodeRect(rect)] = dv;
  }
  for (const [key, dv] of Object.entries(model)) if (dv === undefined) delete model[key];
}

/** Remove every validation on `col` from `fromRow` down, keeping the rest of any wider range. */
function clearColumn(model: ValidationModel, col: number, fromRow: number): void {
  for (const [key, dv] of Object.entries(model)) {
    const r = decodeRect(key);
    if (!dv || !r || r.left > col || r.right < col || r.bottom < fromRow) continue;
    delete model[key];
    const pieces: Rect[] = [];
    if (r.left < col) pieces.push({ ...r, right: col - 1 });
    if (r.right > col) pieces.push({ ...r, left: col + 1 });
    if (r.top < fromRow) pieces.push({ top: r.top, bottom: fromRow - 1, left: col, right: col });
    for (const p of pieces) model[encodeRect(p)] = dv;
  }
}

/** Set the one validation of a column, from row 2 down. */
export function setColumnValidation(
  ws: ExcelJS.Worksheet,
  col: number,
  validation: ExcelJS.DataValidation,
): void {
  const model = modelOf(ws);
  clearColumn(model, col, 2);
  model[encodeRect({ top: 2, bottom: validationBottom(ws), left: col, right: col })] = validation;
}

/**
 * Move validations right of an inserted block of columns, as Excel does when a column is inserted
 * (ExcelJS `spliceColumns` moves cells and column widths but leaves validations where they were).
 */
export function shiftValidations(ws: ExcelJS.Worksheet, at: number, count: number): void {
  const model = modelOf(ws);
  const moved: ValidationModel = {};
  for (const [key, dv] of Object.entries(model)) {
    const r = decodeRect(key);
    if (!dv || !r) continue;
    delete model[key];
    const next = { ...r };
    if (r.left >= at) next.left += count;
    if (r.right >= at) next.right += count;
    moved[encodeRect(next)] = dv;
  }
  Object.assign(model, moved);
}

/** Every validation of a sheet as `address -> formula`, for tests and diagnostics. */
export function listValidations(ws: ExcelJS.Worksheet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, dv] of Object.entries(modelOf(ws))) if (dv) out[key] = String(dv.formulae?.[0] ?? '');
  return out;
}
