import { formatA1 } from './a1';
import { gasError } from './errors';
import { type LocaleInfo, localeInfo } from './locale';
import { type CellStyle, type RectRef, type SheetModel, type SpreadsheetModel, rectContains } from './model';
import {
  type Scalar,
  type ValueContext,
  type WrittenCell,
  displayValue,
  interpretInput,
  readValue,
} from './range-values';
import type { Runtime } from './runtime';
import { type Zone, resolveZone } from './timezone';
import { violates } from './validation';

/**
 * "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you
 * need to edit." — what Sheets and Apps Script report when the executing user is not an editor of a protected range.
 */
export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/** The bound spreadsheet as the services see it: model plus the runtime's clock, user and realm. */
export class Doc {
  constructor(
    readonly rt: Runtime,
    readonly model: SpreadsheetModel,
  ) {}

  zone(): Zone {
    return resolveZone(this.model.timeZone);
  }

  locale(): LocaleInfo {
    return localeInfo(this.model.locale);
  }

  user(): string {
    return this.rt.current().user;
  }

  live(sheet: SheetModel): SheetModel {
    if (sheet.deleted) throw gasError(`Sheet ${sheet.name} has been deleted.`);
    return sheet;
  }

  readValues(
    sheet: SheetModel,
    row: number,
    col: number,
    numRows: number,
    numCols: number,
  ): (Scalar | Date)[][] {
    const zone = this.zone();
    const makeDate = (ms: number): Date => this.rt.newDate(ms);
    const out: (Scalar | Date)[][] = [];
    for (let r = 0; r < numRows; r++) {
      const line: (Scalar | Date)[] = new Array<Scalar | Date>(numCols);
      for (let c = 0; c < numCols; c++) {
        line[c] = readValue(
          sheet.values.get(row + r, col + c),
          sheet.formats.get(row + r, col + c),
          zone,
          makeDate,
        );
      }
      out.push(line);
    }
    return out;
  }

  readDisplay(sheet: SheetModel, row: number, col: number, numRows: number, numCols: number): string[][] {
    const locale = this.locale();
    const out: string[][] = [];
    for (let r = 0; r < numRows; r++) {
      const line: string[] = [];
      for (let c = 0; c < numCols; c++) {
        line.push(
          displayValue(sheet.values.get(row + r, col + c), sheet.formats.get(row + r, col + c), locale),
        );
      }
      out.push(line);
    }
    return out;
  }

  /** Writes values as typed input (see interpretInput), after the checks Sheets applies to the whole write. */
  writeValues(
    sheet: SheetModel,
    row: number,
    col: number,
    rows: readonly (readonly unknown[])[],
    checks = true,
  ): void {
    const zone = this.zone();
    const locale = this.locale();
    const now = this.rt.clock.now();
    // One context object, re-pointed per cell: 100,000-row writes should not allocate one per cell.
    const ctx: ValueContext = { zone, locale, now, cellFormat: undefined };
    const written: WrittenCell[][] = rows.map((line, r) =>
      line.map((raw, c) => {
        ctx.cellFormat = sheet.formats.get(row + r, col + c);
        return interpretInput(raw, ctx);
      }),
    );
    const width = Math.max(0, ...rows.map((line) => line.length));
    if (checks) {
      this.checkEditable(sheet, row, col, rows.length, width);
      this.checkValidation(sheet, row, col, written);
    }
    written.forEach((line, r) =>
      line.forEach((cell, c) => {
        sheet.values.set(row + r, col + c, cell.value);
        sheet.formulas.set(row + r, col + c, cell.formula);
        if (cell.format !== undefined) sheet.formats.set(row + r, col + c, cell.format);
      }),
    );
  }

  clearContent(sheet: SheetModel, row: number, col: number, numRows: number, numCols: number): void {
    sheet.values.clear(row, col, numRows, numCols);
    sheet.formulas.clear(row, col, numRows, numCols);
  }

  clearFormat(sheet: SheetModel, row: number, col: number, numRows: number, numCols: number): void {
    sheet.formats.clear(row, col, numRows, numCols);
    sheet.styles.clear(row, col, numRows, numCols);
  }

  setStyle(
    sheet: SheetModel,
    row: number,
    col: number,
    numRows: number,
    numCols: number,
    patch: (r: number, c: number) => CellStyle,
  ): void {
    this.checkEditable(sheet, row, col, numRows, numCols);
    for (let r = row; r < row + numRows; r++) {
      for (let c = col; c < col + numCols; c++) {
        sheet.styles.set(r, c, { ...sheet.styles.get(r, c), ...patch(r - row, c - col) });
      }
    }
  }

  /**
   * Protected ranges apply to scripts too: a script runs as the executing user, and the owner can always edit
   * (https://developers.google.com/apps-script/reference/spreadsheet/protection). Warning-only protections do not block.
   */
  canEdit(
    sheet: SheetModel,
    row: number,
    col: number,
    numRows: number,
    numCols: number,
    user = this.user(),
  ): boolean {
    if (user === this.model.owner) return true;
    for (const p of this.model.protections) {
      if (p.removed || p.warningOnly || p.editors === null || p.editors.includes(user)) continue;
      if (!intersects(p.rect, sheet.id, row, col, numRows, numCols)) continue;
      if (p.type === 'RANGE' || p.unprotected.length === 0) return false;
      for (let r = row; r < row + numRows; r++) {
        for (let c = col; c < col + numCols; c++) {
          if (
            rectContains(p.rect, sheet.id, r, c) &&
            !p.unprotected.some((u) => rectContains(u, sheet.id, r, c))
          ) {
            return false;
          }
        }
      }
    }
    return true;
  }

  checkEditable(sheet: SheetModel, row: number, col: number, numRows: number, numCols: number): void {
    if (!this.canEdit(sheet, row, col, numRows, numCols)) throw gasError(PROTECTED_MESSAGE);
  }

  /**
   * Strict rules (allowInvalid false) reject script writes too: Apps Script reports "The data you entered in cell B2
   * violates the data validation rules set on this cell." Clearing a cell is always allowed.
   */
  private checkValidation(sheet: SheetModel, row: number, col: number, written: WrittenCell[][]): void {
    const ctx = {
      locale: this.locale(),
      zone: this.zone(),
      listFromRect: (rect: RectRef): string[] => {
        const source = this.model.sheetById(rect.sheetId);
        return source ? this.readDisplay(source, rect.row, rect.col, rect.numRows, rect.numCols).flat() : [];
      },
    };
    written.forEach((line, r) =>
      line.forEach((cell, c) => {
        const rule = sheet.validations.get(row + r, col + c);
        if (!rule || rule.allowInvalid || cell.value === undefined) return;
        const format = cell.format ?? sheet.formats.get(row + r, col + c);
        if (violates(rule, cell.value, format, ctx)) {
          throw gasError(
            `The data you entered in cell ${formatA1(row + r, col + c, 1, 1)} violates the data validation rules set on this cell.`,
          );
        }
      }),
    );
  }
}

function intersects(
  rect: RectRef,
  sheetId: number,
  row: number,
  col: number,
  numRows: number,
  numCols: number,
): boolean {
  return (
    rect.sheetId === sheetId &&
    row < rect.row + rect.numRows &&
    rect.row < row + numRows &&
    col < rect.col + rect.numCols &&
    rect.col < col + numCols
  );
}
