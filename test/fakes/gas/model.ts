import { Grid } from './grid';
import type { Scalar } from './range-values';

/** Formatting the emulator records (and tests can inspect) but does not render. */
export interface CellStyle {
  fontWeight?: string | null;
  fontStyle?: string | null;
  fontColor?: string | null;
  fontSize?: number;
  background?: string | null;
  horizontalAlignment?: string | null;
  verticalAlignment?: string | null;
  wrap?: boolean;
  border?: string;
}

export interface RectRef {
  sheetId: number;
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

/** A data validation rule as stored on cells; `args` are what DataValidation.getCriteriaValues() returns. */
export interface RuleModel {
  readonly criteria: string;
  readonly args: readonly unknown[];
  readonly allowInvalid: boolean;
  readonly helpText: string;
  /** For VALUE_IN_RANGE: where the allowed values live. */
  readonly source?: RectRef;
}

export interface ProtectionModel {
  readonly id: number;
  readonly type: 'RANGE' | 'SHEET';
  sheetId: number;
  rect: RectRef;
  description: string;
  warningOnly: boolean;
  /**
   * null until the script changes the editors: "Until the script actually changes the list of editors for the range
   * ..., the permissions mirror those of the spreadsheet itself" (reference/spreadsheet/range#protect()).
   */
  editors: string[] | null;
  domainEdit: boolean;
  unprotected: RectRef[];
  removed: boolean;
}

export interface ChartModel {
  readonly id: number;
  chartType: string;
  ranges: RectRef[];
  options: Record<string, unknown>;
  position: { row: number; col: number; offsetX: number; offsetY: number };
}

export class SheetModel {
  name: string;
  readonly id: number;
  hidden = false;
  maxRows = 1000;
  maxCols = 26;
  frozenRows = 0;
  frozenCols = 0;
  tabColor: string | null = null;
  readonly values = new Grid<Scalar>();
  readonly formulas = new Grid<string>();
  readonly formats = new Grid<string>();
  readonly validations = new Grid<RuleModel>();
  readonly styles = new Grid<CellStyle>();
  readonly notes = new Grid<string>();
  readonly columnWidths = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  readonly charts: ChartModel[] = [];
  deleted = false;

  constructor(id: number, name: string) {
    this.id = id;
    this.name = name;
  }

  /** Getters for the content grids, which decide getLastRow/getLastColumn (formats alone do not count). */
  lastRow(): number {
    return Math.max(this.values.lastRow(), this.formulas.lastRow());
  }

  lastCol(): number {
    return Math.max(this.values.lastCol(), this.formulas.lastCol());
  }

  allGrids(): Grid<unknown>[] {
    return [this.values, this.formulas, this.formats, this.validations, this.styles, this.notes];
  }
}

export class SpreadsheetModel {
  readonly id: string;
  name: string;
  timeZone: string;
  locale: string;
  readonly owner: string;
  readonly editors: string[];
  readonly sheets: SheetModel[] = [];
  activeSheetId: number;
  selection: RectRef | null;
  readonly protections: ProtectionModel[] = [];
  readonly toasts: { message: string; title: string; timeoutSeconds: number | null }[] = [];
  private nextSheetId = 1_000_000_001;
  private nextObjectId = 1;

  constructor(opts: { id: string; name: string; timeZone: string; locale: string; owner: string }) {
    this.id = opts.id;
    this.name = opts.name;
    this.timeZone = opts.timeZone;
    this.locale = opts.locale;
    this.owner = opts.owner;
    this.editors = [opts.owner];
    // A new spreadsheet has one sheet, "Sheet1", with gid 0.
    const first = new SheetModel(0, 'Sheet1');
    this.sheets.push(first);
    this.activeSheetId = 0;
    this.selection = { sheetId: 0, row: 1, col: 1, numRows: 1, numCols: 1 };
  }

  newSheetId(): number {
    return this.nextSheetId++;
  }

  newObjectId(): number {
    return this.nextObjectId++;
  }

  sheetById(id: number): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /** Sheet names are unique regardless of case in Sheets ("Sheet1" and "sheet1" cannot coexist). */
  sheetByName(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  activeSheet(): SheetModel {
    return this.sheetById(this.activeSheetId) ?? (this.sheets[0] as SheetModel);
  }
}

export function rectContains(rect: RectRef, sheetId: number, row: number, col: number): boolean {
  return (
    rect.sheetId === sheetId &&
    row >= rect.row &&
    row < rect.row + rect.numRows &&
    col >= rect.col &&
    col < rect.col + rect.numCols
  );
}

/** Lets other modules read a FakeRange's rectangle without importing range.ts (which imports them). */
export const RECT = Symbol('gas-range-rect');

export function rectOf(range: unknown): RectRef | undefined {
  const fn = (range as { [RECT]?: () => RectRef } | null)?.[RECT];
  return typeof fn === 'function' ? fn.call(range) : undefined;
}
