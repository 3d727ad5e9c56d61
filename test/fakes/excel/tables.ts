/**
 * Excel tables (ListObjects): Excel.TableCollection, Excel.Table, rows and columns
 * (learn.microsoft.com/javascript/api/excel/excel.table, learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-tables).
 */
import { parseLocal, splitSheet, type Rect } from './a1';
import { ClientProxy, CollectionProxy, type FakeClientResult } from './context';
import { dimensionMismatch, excelError } from './errors';
import {
  bodyRect,
  headerRect,
  tableRect,
  type SheetModel,
  type TableModel,
  type WorkbookModel,
} from './model';
import { factories, FakeRange, type RangeTarget } from './range';
import { typedInput } from './typed-input';

interface Scope {
  model: WorkbookModel;
  /** null: the workbook's collection; else one worksheet's. */
  sheet: SheetModel | null;
}

function overlapsTable(model: WorkbookModel, sheet: SheetModel, rect: Rect, except?: TableModel): boolean {
  return model.tablesOver(sheet, rect).some((t) => t !== except);
}

/**
 * Other tables below `t` (sharing columns) move down with the rows inserted into `t`.
 */
function shiftTablesBelow(model: WorkbookModel, t: TableModel, at: number, n: number): void {
  for (const other of model.tablesOn(t.sheet)) {
    if (other === t) continue;
    const overlap = other.c0 <= t.c0 + t.width - 1 && t.c0 <= other.c0 + other.width - 1;
    if (overlap && other.r0 >= at) other.r0 += n;
  }
}

/** Write one row of typed input into a table row (what TableRowCollection.add does with `values`). */
function writeRow(t: TableModel, r: number, row: unknown[]): void {
  row.forEach((raw, j) => {
    const entry = typedInput(raw, t.sheet.cell(r, t.c0 + j)?.nf ?? 'General');
    if (entry) t.sheet.put(r, t.c0 + j, entry);
  });
}

export class FakeTableCollection extends CollectionProxy<Scope, TableModel, FakeTable> {
  protected readonly _className = 'TableCollection';
  protected readonly _scalars = ['count'] as const;

  protected _read(t: Scope, name: string): unknown {
    return name === 'count' ? this._itemTargets(t).length : undefined;
  }
  protected _itemTargets(t: Scope): TableModel[] {
    return t.sheet ? t.model.tablesOn(t.sheet) : [...t.model.tables];
  }
  protected _makeItem(target: TableModel): FakeTable {
    return new FakeTable(this.context, { name: 'item', target });
  }

  get count(): Excel.TableCollection['count'] {
    return this._get('count');
  }

  private _table(name: string, args: unknown[], resolve: (s: Scope) => TableModel | null): FakeTable {
    return new FakeTable(this.context, { parent: this, name, args, resolve: (p) => resolve(p as Scope) });
  }

  /**
   * A table over `address` (a Range or an A1 address; without a sheet name, the worksheet of this
   * collection or, for the workbook's, the active sheet). With headers, the first row names the
   * columns; a table of one row gets the empty row people type into. A table cannot overlap another
   * (MergedRangeConflict, application-specific-api-error-handling "Excel-specific error codes").
   */
  add(...[address, hasHeaders]: Parameters<Excel.TableCollection['add']>): FakeTable {
    const source = address as unknown;
    return this._table('add', [source instanceof FakeRange ? source : address, hasHeaders], (scope) => {
      const { model } = scope;
      let sheet: SheetModel;
      let rect: Rect;
      if (source instanceof FakeRange) {
        const target = source._target;
        if (!target) throw excelError('InvalidArgument', 'The source range does not exist.');
        ({ sheet, rect } = target);
      } else {
        const { sheet: named, local } = splitSheet(String(address));
        const on = named !== null ? model.sheet(named) : (scope.sheet ?? model.active);
        if (!on) throw excelError('ItemNotFound', `There is no sheet "${named}".`);
        sheet = on;
        rect = parseLocal(local);
      }
      let r0 = rect.r0;
      const width = rect.c1 - rect.c0 + 1;
      if (!hasHeaders) {
        // Excel puts a header row above the data.
        sheet.shiftDown(rect.r0, 1, rect.c0, rect.c1);
        r0 = rect.r0;
        rect = { ...rect, r1: rect.r1 + 1 };
      }
      if (overlapsTable(model, sheet, rect)) throw excelError('MergedRangeConflict');
      let n = model.tables.length + 1;
      while (model.table(`Table${n}`)) n++;
      const table: TableModel = {
        id: String(n),
        name: `Table${n}`,
        sheet,
        r0,
        c0: rect.c0,
        width,
        bodyRows: rect.r1 - r0,
      };
      model.tables.push(table);
      model.normalizeHeader(table);
      return table;
    });
  }

  getItem(...[key]: Parameters<Excel.TableCollection['getItem']>): FakeTable {
    return this._table('getItem', [key], (s) => {
      const t = this._itemTargets(s).find((x) => x.name.toLowerCase() === key.toLowerCase());
      if (!t) throw excelError('ItemNotFound', `The table "${key}" doesn't exist.`);
      return t;
    });
  }

  getItemOrNullObject(...[key]: Parameters<Excel.TableCollection['getItemOrNullObject']>): FakeTable {
    return this._table(
      'getItemOrNullObject',
      [key],
      (s) => this._itemTargets(s).find((x) => x.name.toLowerCase() === key.toLowerCase()) ?? null,
    );
  }

  getItemAt(...[index]: Parameters<Excel.TableCollection['getItemAt']>): FakeTable {
    return this._table('getItemAt', [index], (s) => {
      const t = this._itemTargets(s)[index];
      if (!t) throw excelError('ItemNotFound');
      return t;
    });
  }

  getCount(): FakeClientResult<number> {
    return this._result('getCount', [], (s) => this._itemTargets(s).length);
  }
}

export class FakeTable extends ClientProxy<TableModel> {
  protected readonly _className = 'Table';
  protected readonly _scalars = ['name', 'id', 'showHeaders'] as const;

  private get _model(): WorkbookModel {
    return this.context._model;
  }

  protected _read(t: TableModel, name: string): unknown {
    if (name === 'name') return t.name;
    if (name === 'id') return t.id;
    if (name === 'showHeaders') return true;
    return undefined;
  }

  protected override _navigation(name: string): ClientProxy<unknown> | undefined {
    if (name === 'rows') return this.rows;
    if (name === 'columns') return this.columns;
    if (name === 'worksheet') return this.worksheet;
    return undefined;
  }

  get name(): Excel.Table['name'] {
    return this._get('name');
  }
  set name(v: Excel.Table['name']) {
    this._set('name', v, (t) => {
      this._model.checkTableName(v, t);
      t.name = v;
    });
  }
  get id(): Excel.Table['id'] {
    return this._get('id');
  }

  get rows(): FakeTableRowCollection {
    return this._nav(
      'rows',
      () =>
        new FakeTableRowCollection(this.context, {
          parent: this,
          name: 'rows',
          resolve: (p) => p as TableModel,
        }),
    );
  }
  get columns(): FakeTableColumnCollection {
    return this._nav(
      'columns',
      () =>
        new FakeTableColumnCollection(this.context, {
          parent: this,
          name: 'columns',
          resolve: (p) => p as TableModel,
        }),
    );
  }
  get worksheet(): ClientProxy<SheetModel> {
    return this._nav('worksheet', () =>
      factories.worksheet!(this.context, this, 'worksheet', (p) => (p as TableModel).sheet),
    );
  }

  private _range(name: string, rect: (t: TableModel) => Rect): FakeRange {
    return factories.range(this.context, this, name, [], (p) => {
      const t = p as TableModel;
      return { sheet: t.sheet, rect: rect(t) } satisfies RangeTarget;
    });
  }

  getRange(): FakeRange {
    return this._range('getRange', tableRect);
  }
  getHeaderRowRange(): FakeRange {
    return this._range('getHeaderRowRange', headerRect);
  }
  /** The data rows; for a table without data, the one empty row below the header. */
  getDataBodyRange(): FakeRange {
    return this._range('getDataBodyRange', bodyRect);
  }

  /** The table goes, its cells stay (ExcelApi 1.2). */
  convertToRange(): FakeRange {
    return factories.range(this.context, this, 'convertToRange', [], (p) => {
      const t = p as TableModel;
      this._model.tables = this._model.tables.filter((x) => x !== t);
      return { sheet: t.sheet, rect: tableRect(t) };
    });
  }

  delete(): void {
    this._call('delete', [], (t) => {
      const rect = tableRect(t);
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) {
          const cell = t.sheet.cell(r, c);
          if (cell) {
            cell.v = '';
            delete cell.f;
            delete cell.qp;
            t.sheet.prune(r, c);
          }
        }
      this._model.tables = this._model.tables.filter((x) => x !== t);
    });
  }
}

interface RowTarget {
  table: TableModel;
  index: number;
}

function rowRect(t: RowTarget): Rect {
  const r = t.table.r0 + 1 + t.index;
  return { r0: r, r1: r, c0: t.table.c0, c1: t.table.c0 + t.table.width - 1 };
}

export class FakeTableRowCollection extends CollectionProxy<TableModel, RowTarget, FakeTableRow> {
  protected readonly _className = 'TableRowCollection';
  protected readonly _scalars = ['count'] as const;

  protected _read(t: TableModel, name: string): unknown {
    return name === 'count' ? t.bodyRows : undefined;
  }
  protected _itemTargets(t: TableModel): RowTarget[] {
    return Array.from({ length: t.bodyRows }, (_, index) => ({ table: t, index }));
  }
  protected _makeItem(target: RowTarget): FakeTableRow {
    return new FakeTableRow(this.context, { name: 'item', target });
  }

  get count(): Excel.TableRowCollection['count'] {
    return this._get('count');
  }

  /**
   * Adds rows at `index` (null or -1: at the end), shifting what is below down. An empty table's
   * blank row takes the first one. New rows take the number formats of the row above, and data
   * validation applied to the whole column grows with them. `values` are typed input, like Range.values.
   * Returns the top new row (TableRowCollection.add, learn.microsoft.com/javascript/api/excel/excel.tablerowcollection#excel-excel-tablerowcollection-add-member(1)).
   */
  add(...[index, values, alwaysInsert]: Parameters<Excel.TableRowCollection['add']>): FakeTableRow {
    return new FakeTableRow(this.context, {
      parent: this,
      name: 'add',
      args: [index ?? null, values ?? null, alwaysInsert ?? null],
      resolve: (p) => {
        const t = p as TableModel;
        const grid: unknown[][] =
          values === undefined || values === null
            ? [Array.from({ length: t.width }, () => '')]
            : Array.isArray(values)
              ? (values as unknown[][])
              : [Array.from({ length: t.width }, () => values)];
        if (grid.length === 0 || grid.some((row) => !Array.isArray(row) || row.length !== t.width))
          throw dimensionMismatch();
        const pos = index === undefined || index === null || index === -1 ? t.bodyRows : index;
        if (pos < 0 || pos > t.bodyRows)
          throw excelError('InvalidArgument', `Row index ${index} is outside the table.`);
        const n = grid.length;
        const c1 = t.c0 + t.width - 1;
        const first = t.r0 + 1 + pos;
        // An empty table's blank row takes the first new row; the others are inserted below it.
        const base = t.bodyRows === 0 ? first + 1 : first;
        const inserted = t.bodyRows === 0 ? n - 1 : n;
        const atEnd = pos === t.bodyRows;
        if (inserted > 0) {
          t.sheet.shiftDown(base, inserted, t.c0, c1);
          shiftTablesBelow(this.context._model, t, base, inserted);
          // New rows take the number formats of the row above (below, when added at the top) ...
          const donor = base > t.r0 + 1 ? base - 1 : base + inserted;
          for (let i = 0; i < inserted; i++)
            for (let c = t.c0; c <= c1; c++) {
              const nf = t.sheet.cell(donor, c)?.nf;
              if (nf && nf !== 'General') t.sheet.touch(base + i, c).nf = nf;
            }
          // ... and validation set on a whole column grows with the table.
          if (atEnd)
            for (const v of t.sheet.validations)
              if (v.rect.c0 >= t.c0 && v.rect.c1 <= c1 && v.rect.r1 === base - 1 && v.rect.r0 > t.r0)
                v.rect = { ...v.rect, r1: v.rect.r1 + inserted };
        }
        t.bodyRows += n;
        grid.forEach((row, i) => writeRow(t, first + i, row));
        return { table: t, index: pos };
      },
    });
  }

  getItemAt(...[index]: Parameters<Excel.TableRowCollection['getItemAt']>): FakeTableRow {
    return new FakeTableRow(this.context, {
      parent: this,
      name: 'getItemAt',
      args: [index],
      resolve: (p) => {
        const t = p as TableModel;
        if (index < 0 || index >= t.bodyRows) throw excelError('ItemNotFound');
        return { table: t, index };
      },
    });
  }

  getCount(): FakeClientResult<number> {
    return this._result('getCount', [], (t) => t.bodyRows);
  }
}

export class FakeTableRow extends ClientProxy<RowTarget> {
  protected readonly _className = 'TableRow';
  protected readonly _scalars = ['index', 'values'] as const;

  protected _read(t: RowTarget, name: string): unknown {
    if (name === 'index') return t.index;
    if (name === 'values') {
      const rect = rowRect(t);
      const row: unknown[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) row.push(t.table.sheet.cell(rect.r0, c)?.v ?? '');
      return [row];
    }
    return undefined;
  }

  get index(): Excel.TableRow['index'] {
    return this._get('index');
  }
  get values(): Excel.TableRow['values'] {
    return this._get('values');
  }

  getRange(): FakeRange {
    return factories.range(this.context, this, 'getRange', [], (p) => {
      const t = p as RowTarget;
      return { sheet: t.table.sheet, rect: rowRect(t) };
    });
  }
}

interface ColumnTarget {
  table: TableModel;
  index: number;
}

function columnName(t: ColumnTarget): string {
  return String(t.table.sheet.cell(t.table.r0, t.table.c0 + t.index)?.v ?? '');
}

function columnRect(t: ColumnTarget, part: 'all' | 'header' | 'body'): Rect {
  const c = t.table.c0 + t.index;
  const all = tableRect(t.table);
  const r0 = part === 'body' ? all.r0 + 1 : all.r0;
  const r1 = part === 'header' ? all.r0 : all.r1;
  return { r0, r1, c0: c, c1: c };
}

export class FakeTableColumnCollection extends CollectionProxy<TableModel, ColumnTarget, FakeTableColumn> {
  protected readonly _className = 'TableColumnCollection';
  protected readonly _scalars = ['count'] as const;

  protected _read(t: TableModel, name: string): unknown {
    return name === 'count' ? t.width : undefined;
  }
  protected _itemTargets(t: TableModel): ColumnTarget[] {
    return Array.from({ length: t.width }, (_, index) => ({ table: t, index }));
  }
  protected _makeItem(target: ColumnTarget): FakeTableColumn {
    return new FakeTableColumn(this.context, { name: 'item', target });
  }

  get count(): Excel.TableColumnCollection['count'] {
    return this._get('count');
  }

  private _column(
    name: string,
    args: unknown[],
    resolve: (t: TableModel) => ColumnTarget | null,
  ): FakeTableColumn {
    return new FakeTableColumn(this.context, {
      parent: this,
      name,
      args,
      resolve: (p) => resolve(p as TableModel),
    });
  }

  private static find(t: TableModel, key: number | string): ColumnTarget | null {
    for (let index = 0; index < t.width; index++) {
      const target = { table: t, index };
      if (
        typeof key === 'number' ? index + 1 === key : columnName(target).toLowerCase() === key.toLowerCase()
      )
        return target;
    }
    return null;
  }

  /**
   * A new column at `index` (null or -1: at the end), cells of the table's rows to its right moving
   * right; `name` heads it (ExcelApi 1.4), else ColumnN. `values`, when given, runs from the header
   * down through every row of the table.
   */
  add(...[index, values, name]: Parameters<Excel.TableColumnCollection['add']>): FakeTableColumn {
    return this._column('add', [index ?? null, values ?? null, name ?? null], (t) => {
      const pos = index === undefined || index === null || index === -1 ? t.width : index;
      if (pos < 0 || pos > t.width)
        throw excelError('InvalidArgument', `Column index ${index} is outside the table.`);
      const rect = tableRect(t);
      const height = rect.r1 - rect.r0 + 1;
      if (values !== undefined && values !== null && Array.isArray(values) && values.length !== height)
        throw dimensionMismatch();
      const c = t.c0 + pos;
      t.sheet.shiftRight(c, 1, rect.r0, rect.r1);
      t.width += 1;
      if (Array.isArray(values))
        values.forEach((row, i) => writeRow({ ...t, c0: c, width: 1 }, rect.r0 + i, row as unknown[]));
      if (name !== undefined && name !== null) t.sheet.touch(t.r0, c).v = name;
      this.context._model.normalizeHeader(t);
      return { table: t, index: pos };
    });
  }

  getItem(...[key]: Parameters<Excel.TableColumnCollection['getItem']>): FakeTableColumn {
    return this._column('getItem', [key], (t) => {
      const found = FakeTableColumnCollection.find(t, key);
      if (!found) throw excelError('ItemNotFound', `The column "${key}" doesn't exist.`);
      return found;
    });
  }

  getItemOrNullObject(
    ...[key]: Parameters<Excel.TableColumnCollection['getItemOrNullObject']>
  ): FakeTableColumn {
    return this._column('getItemOrNullObject', [key], (t) => FakeTableColumnCollection.find(t, key));
  }

  getItemAt(...[index]: Parameters<Excel.TableColumnCollection['getItemAt']>): FakeTableColumn {
    return this._column('getItemAt', [index], (t) => {
      if (index < 0 || index >= t.width) throw excelError('ItemNotFound');
      return { table: t, index };
    });
  }
}

export class FakeTableColumn extends ClientProxy<ColumnTarget> {
  protected readonly _className = 'TableColumn';
  protected readonly _scalars = ['name', 'index', 'id'] as const;

  protected _read(t: ColumnTarget, name: string): unknown {
    if (name === 'name') return columnName(t);
    if (name === 'index') return t.index;
    if (name === 'id') return t.index + 1;
    return undefined;
  }

  get name(): Excel.TableColumn['name'] {
    return this._get('name');
  }
  get index(): Excel.TableColumn['index'] {
    return this._get('index');
  }

  private _range(name: string, part: 'all' | 'header' | 'body'): FakeRange {
    return factories.range(this.context, this, name, [], (p) => {
      const t = p as ColumnTarget;
      return { sheet: t.table.sheet, rect: columnRect(t, part) };
    });
  }

  getRange(): FakeRange {
    return this._range('getRange', 'all');
  }
  getHeaderRowRange(): FakeRange {
    return this._range('getHeaderRowRange', 'header');
  }
  getDataBodyRange(): FakeRange {
    return this._range('getDataBodyRange', 'body');
  }
}
