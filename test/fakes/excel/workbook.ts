/**
 * Excel.Workbook, Excel.Application, worksheets and what hangs off a worksheet
 * (learn.microsoft.com/javascript/api/excel/excel.workbook, .../excel.worksheet,
 * .../excel.worksheetcollection, .../excel.worksheetfreezepanes, .../excel.worksheetprotection).
 */
import { MAX_COLUMNS, MAX_ROWS, type Rect } from './a1';
import { ClientProxy, CollectionProxy, type FakeClientResult } from './context';
import { excelError } from './errors';
import type { SheetModel, WorkbookModel } from './model';
import { FakeChartCollection } from './charts';
import { factories, FakeRange, rangeAt, type RangeTarget } from './range';
import { FakeTableCollection } from './tables';

export class FakeApplication extends ClientProxy<WorkbookModel> {
  protected readonly _className = 'Application';
  protected readonly _scalars = ['calculationMode'] as const;

  protected _read(_t: WorkbookModel, name: string): unknown {
    return name === 'calculationMode' ? 'Automatic' : undefined;
  }

  get calculationMode(): Excel.Application['calculationMode'] {
    return this._get('calculationMode');
  }

  /**
   * Suspends calculation until the next `context.sync()` (learn.microsoft.com/javascript/api/excel/
   * excel.application#excel-excel-application-suspendapicalculationuntilnextsync-member(1); advice in
   * learn.microsoft.com/office/dev/add-ins/excel/performance#suspend-calculation-temporarily). The
   * emulator calculates nothing; the sync records that calculation was suspended.
   */
  suspendApiCalculationUntilNextSync(): void {
    this._call('suspendApiCalculationUntilNextSync', [], () => undefined);
    this.context._calculationSuspended = true;
  }
}

export class FakeWorkbook extends ClientProxy<WorkbookModel> {
  protected readonly _className = 'Workbook';
  protected readonly _scalars = ['name'] as const;

  protected _read(_t: WorkbookModel, name: string): unknown {
    return name === 'name' ? 'Book1.xlsx' : undefined;
  }

  protected override _navigation(name: string): ClientProxy<unknown> | undefined {
    if (name === 'worksheets') return this.worksheets;
    if (name === 'tables') return this.tables;
    if (name === 'application') return this.application;
    return undefined;
  }

  get worksheets(): FakeWorksheetCollection {
    return this._nav(
      'worksheets',
      () =>
        new FakeWorksheetCollection(this.context, {
          parent: this,
          name: 'worksheets',
          resolve: (p) => p as WorkbookModel,
        }),
    );
  }

  get tables(): FakeTableCollection {
    return this._nav(
      'tables',
      () =>
        new FakeTableCollection(this.context, {
          parent: this,
          name: 'tables',
          resolve: (p) => ({ model: p as WorkbookModel, sheet: null }),
        }),
    );
  }

  get application(): FakeApplication {
    return this.context.application as FakeApplication;
  }

  /** The selected range; Excel throws when several ranges are selected (a case the emulator never has). */
  getSelectedRange(): FakeRange {
    return factories.range(this.context, this, 'getSelectedRange', [], (p) => {
      const sel = (p as WorkbookModel).selection;
      return { sheet: sel.sheet, rect: { ...sel.rect } };
    });
  }

  /** The active cell: the top-left cell of the selection (ExcelApi 1.7). */
  getActiveCell(): FakeRange {
    return factories.range(this.context, this, 'getActiveCell', [], (p) => {
      const sel = (p as WorkbookModel).selection;
      return {
        sheet: sel.sheet,
        rect: { r0: sel.rect.r0, c0: sel.rect.c0, r1: sel.rect.r0, c1: sel.rect.c0 },
      };
    });
  }
}

export class FakeWorksheetCollection extends CollectionProxy<WorkbookModel, SheetModel, FakeWorksheet> {
  protected readonly _className = 'WorksheetCollection';
  protected readonly _scalars = [] as const;

  protected _read(): unknown {
    return undefined;
  }
  protected _itemTargets(t: WorkbookModel): SheetModel[] {
    return [...t.sheets];
  }
  protected _makeItem(target: SheetModel): FakeWorksheet {
    return new FakeWorksheet(this.context, { name: 'item', target });
  }

  private _sheet(
    name: string,
    args: unknown[],
    resolve: (wb: WorkbookModel) => SheetModel | null,
  ): FakeWorksheet {
    return new FakeWorksheet(this.context, {
      parent: this,
      name,
      args,
      resolve: (p) => resolve(p as WorkbookModel),
    });
  }

  /** A new sheet, named SheetN when no name is given; a taken name fails with ItemAlreadyExists. */
  add(...[name]: Parameters<Excel.WorksheetCollection['add']>): FakeWorksheet {
    return this._sheet('add', [name], (wb) => wb.addSheet(name));
  }

  getItem(...[key]: Parameters<Excel.WorksheetCollection['getItem']>): FakeWorksheet {
    return this._sheet('getItem', [key], (wb) => {
      const s = wb.sheet(key);
      if (!s) throw excelError('ItemNotFound', `The worksheet "${key}" doesn't exist.`);
      return s;
    });
  }

  getItemOrNullObject(...[key]: Parameters<Excel.WorksheetCollection['getItemOrNullObject']>): FakeWorksheet {
    return this._sheet('getItemOrNullObject', [key], (wb) => wb.sheet(key) ?? null);
  }

  getActiveWorksheet(): FakeWorksheet {
    return this._sheet('getActiveWorksheet', [], (wb) => wb.active);
  }

  getCount(): FakeClientResult<number> {
    return this._result('getCount', [], (wb) => wb.sheets.length);
  }
}

export class FakeWorksheet extends ClientProxy<SheetModel> {
  protected readonly _className = 'Worksheet';
  protected readonly _scalars = ['name', 'visibility', 'position', 'id'] as const;

  private get _model(): WorkbookModel {
    return this.context._model;
  }

  protected _read(t: SheetModel, name: string): unknown {
    switch (name) {
      case 'name':
        return t.name;
      case 'visibility':
        return t.visibility;
      case 'position':
        return this._model.sheets.indexOf(t);
      case 'id':
        return t.id;
    }
    return undefined;
  }

  protected override _navigation(name: string): ClientProxy<unknown> | undefined {
    if (name === 'tables') return this.tables;
    if (name === 'freezePanes') return this.freezePanes;
    if (name === 'protection') return this.protection;
    if (name === 'charts') return this.charts;
    return undefined;
  }

  get name(): Excel.Worksheet['name'] {
    return this._get('name');
  }
  set name(v: Excel.Worksheet['name']) {
    this._set('name', v, (t) => {
      this._model.checkSheetName(v, t);
      t.name = v;
    });
  }
  get visibility(): Excel.Worksheet['visibility'] {
    return this._get('visibility');
  }
  /** A workbook keeps at least one visible sheet. */
  set visibility(v: Excel.Worksheet['visibility']) {
    this._set('visibility', v, (t) => {
      const value = String(v) as SheetModel['visibility'];
      if (!['Visible', 'Hidden', 'VeryHidden'].includes(value)) throw excelError('InvalidArgument');
      if (
        value !== 'Visible' &&
        this._model.sheets.filter((s) => s.visibility === 'Visible' && s !== t).length === 0
      )
        throw excelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      t.visibility = value;
      if (value !== 'Visible' && this._model.active === t)
        this._model.active = this._model.sheets.find((s) => s.visibility === 'Visible')!;
    });
  }
  get position(): Excel.Worksheet['position'] {
    return this._get('position');
  }
  get id(): Excel.Worksheet['id'] {
    return this._get('id');
  }

  get tables(): FakeTableCollection {
    return this._nav(
      'tables',
      () =>
        new FakeTableCollection(this.context, {
          parent: this,
          name: 'tables',
          resolve: (p) => ({ model: this._model, sheet: p as SheetModel }),
        }),
    );
  }

  get freezePanes(): FakeFreezePanes {
    return this._nav(
      'freezePanes',
      () =>
        new FakeFreezePanes(this.context, {
          parent: this,
          name: 'freezePanes',
          resolve: (p) => p as SheetModel,
        }),
    );
  }

  get protection(): FakeWorksheetProtection {
    return this._nav(
      'protection',
      () =>
        new FakeWorksheetProtection(this.context, {
          parent: this,
          name: 'protection',
          resolve: (p) => p as SheetModel,
        }),
    );
  }

  get charts(): FakeChartCollection {
    return this._nav(
      'charts',
      () =>
        new FakeChartCollection(this.context, {
          parent: this,
          name: 'charts',
          resolve: (p) => p as SheetModel,
        }),
    );
  }

  activate(): void {
    this._call('activate', [], (t) => {
      if (t.visibility !== 'Visible')
        throw excelError('InvalidOperation', 'A hidden sheet cannot be activated.');
      this._model.active = t;
      this._model.selection = { sheet: t, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }

  delete(): void {
    this._call('delete', [], (t) => this._model.deleteSheet(t));
  }

  private _range(name: string, args: unknown[], make: (t: SheetModel) => RangeTarget | null): FakeRange {
    return factories.range(this.context, this, name, args, (p) => make(p as SheetModel));
  }

  /** The range at an A1 address, or the whole sheet without one. */
  getRange(...[address]: Parameters<Excel.Worksheet['getRange']>): FakeRange {
    return this._range('getRange', [address], (t) =>
      address === undefined || address === ''
        ? { sheet: t, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLUMNS - 1 } }
        : rangeAt(this._model, t, address),
    );
  }

  getRangeByIndexes(...[row, col, rows, cols]: Parameters<Excel.Worksheet['getRangeByIndexes']>): FakeRange {
    return this._range('getRangeByIndexes', [row, col, rows, cols], (t) => {
      const rect: Rect = { r0: row, c0: col, r1: row + rows - 1, c1: col + cols - 1 };
      if (rows < 1 || cols < 1 || row < 0 || col < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLUMNS)
        throw excelError('InvalidArgument');
      return { sheet: t, rect };
    });
  }

  getCell(...[row, column]: Parameters<Excel.Worksheet['getCell']>): FakeRange {
    return this.getRangeByIndexes(row, column, 1, 1);
  }

  /** A blank sheet's used range is its top-left cell (Worksheet.getUsedRange). */
  getUsedRange(...[valuesOnly]: Parameters<Excel.Worksheet['getUsedRange']>): FakeRange {
    return this._range('getUsedRange', [valuesOnly], (t) => ({
      sheet: t,
      rect: t.usedRect(valuesOnly === true) ?? { r0: 0, c0: 0, r1: 0, c1: 0 },
    }));
  }

  /** A blank sheet gives a null object (Worksheet.getUsedRangeOrNullObject, ExcelApi 1.4). */
  getUsedRangeOrNullObject(
    ...[valuesOnly]: Parameters<Excel.Worksheet['getUsedRangeOrNullObject']>
  ): FakeRange {
    return this._range('getUsedRangeOrNullObject', [valuesOnly], (t) => {
      const rect = t.usedRect(valuesOnly === true);
      return rect ? { sheet: t, rect } : null;
    });
  }
}

factories.worksheet = (ctx, parent, name, resolve) => new FakeWorksheet(ctx, { parent, name, resolve });

export class FakeFreezePanes extends ClientProxy<SheetModel> {
  protected readonly _className = 'WorksheetFreezePanes';
  protected readonly _scalars = [] as const;
  protected _read(): unknown {
    return undefined;
  }

  /** Keeps the top `count` rows in place when scrolling (ExcelApi 1.7). */
  freezeRows(...[count]: Parameters<Excel.WorksheetFreezePanes['freezeRows']>): void {
    this._call('freezeRows', [count], (t) => {
      t.frozenRows = count ?? 1;
    });
  }

  freezeColumns(...[count]: Parameters<Excel.WorksheetFreezePanes['freezeColumns']>): void {
    this._call('freezeColumns', [count], (t) => {
      t.frozenColumns = count ?? 1;
    });
  }

  unfreeze(): void {
    this._call('unfreeze', [], (t) => {
      t.frozenRows = 0;
      t.frozenColumns = 0;
    });
  }

  getLocationOrNullObject(): FakeRange {
    return factories.range(this.context, this, 'getLocationOrNullObject', [], (p) => {
      const t = p as SheetModel;
      if (t.frozenRows === 0 && t.frozenColumns === 0) return null;
      return {
        sheet: t,
        rect: {
          r0: 0,
          c0: 0,
          r1: t.frozenRows > 0 ? t.frozenRows - 1 : MAX_ROWS - 1,
          c1: t.frozenColumns > 0 ? t.frozenColumns - 1 : MAX_COLUMNS - 1,
        },
      };
    });
  }
}

/** Sheet protection flags only: the emulator does not block writes to locked cells (see README). */
export class FakeWorksheetProtection extends ClientProxy<SheetModel> {
  protected readonly _className = 'WorksheetProtection';
  protected readonly _scalars = ['protected'] as const;

  protected _read(t: SheetModel, name: string): unknown {
    return name === 'protected' ? t.protected : undefined;
  }

  get protected(): Excel.WorksheetProtection['protected'] {
    return this._get('protected');
  }

  protect(...[options, password]: Parameters<Excel.WorksheetProtection['protect']>): void {
    this._call('protect', [options ?? null, password ? '***' : null], (t) => {
      if (t.protected) throw excelError('InvalidOperation', 'The sheet is already protected.');
      t.protected = true;
    });
  }

  unprotect(...[password]: Parameters<Excel.WorksheetProtection['unprotect']>): void {
    this._call('unprotect', [password ? '***' : null], (t) => {
      t.protected = false;
    });
  }
}
