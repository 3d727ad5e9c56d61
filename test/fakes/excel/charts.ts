/**
 * Excel.ChartCollection, Excel.Chart and the parts of a chart the register sets
 * (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-charts; learn.microsoft.com/javascript/api/excel/excel.chart,
 * .../excel.chartseries, .../excel.charttitle, .../excel.chartlegend). Charts are not drawn: the model
 * keeps what a chart is made of (type, series with the addresses of their values and categories, title,
 * legend, position, size), which is what a test can check.
 *
 * How `add` reads its source into series when they are by column ("Columns"; "Auto" is treated the same,
 * the emulator's choice where Excel guesses from the shape): the first row names the series when its
 * cells are text, and the first column holds the categories when the range has more than one column and
 * that column, below the names, holds text. Every other column is one series.
 */
import { formatAddress, type Rect } from './a1';
import { ClientProxy, CollectionProxy, type FakeClientResult } from './context';
import { excelError } from './errors';
import type { ChartModel, SeriesModel, SheetModel, WorkbookModel } from './model';
import { FakeRange, rangeAt } from './range';

interface ChartTarget {
  sheet: SheetModel;
  chart: ChartModel;
}

interface SeriesTarget extends ChartTarget {
  series: SeriesModel;
}

const isText = (v: unknown) => typeof v === 'string' && v !== '';

/** The series of a chart over `rect`, by column. */
export function seriesOf(sheet: SheetModel, rect: Rect): SeriesModel[] {
  const value = (r: number, c: number) => sheet.cell(r, c)?.v ?? '';
  const width = rect.c1 - rect.c0 + 1;
  let names = rect.r1 > rect.r0;
  for (let c = rect.c0; c <= rect.c1 && names; c++) {
    const v = value(rect.r0, c);
    if (v !== '' && !isText(v)) names = false;
  }
  const first = names ? rect.r0 + 1 : rect.r0;
  let categories = false;
  if (width > 1)
    for (let r = first; r <= rect.r1 && !categories; r++) if (isText(value(r, rect.c0))) categories = true;
  const out: SeriesModel[] = [];
  for (let c = categories ? rect.c0 + 1 : rect.c0; c <= rect.c1; c++)
    out.push({
      name: names ? String(value(rect.r0, c)) : `Series${out.length + 1}`,
      values: formatAddress(sheet.name, { r0: first, r1: rect.r1, c0: c, c1: c }),
      ...(categories
        ? { xValues: formatAddress(sheet.name, { r0: first, r1: rect.r1, c0: rect.c0, c1: rect.c0 }) }
        : {}),
    });
  return out;
}

export class FakeChartCollection extends CollectionProxy<SheetModel, ChartTarget, FakeChart> {
  protected readonly _className = 'ChartCollection';
  protected readonly _scalars = ['count'] as const;

  protected _read(t: SheetModel, name: string): unknown {
    return name === 'count' ? t.charts.length : undefined;
  }
  protected _itemTargets(t: SheetModel): ChartTarget[] {
    return t.charts.map((chart) => ({ sheet: t, chart }));
  }
  protected _makeItem(target: ChartTarget): FakeChart {
    return new FakeChart(this.context, { name: 'item', target });
  }

  get count(): Excel.ChartCollection['count'] {
    return this._get('count');
  }

  /** A chart of `type` over `sourceData` (a Range on any sheet), named "Chart N", on this sheet. */
  add(...[type, sourceData, seriesBy]: Parameters<Excel.ChartCollection['add']>): FakeChart {
    const source = sourceData as unknown;
    return new FakeChart(this.context, {
      parent: this,
      name: 'add',
      args: [type, source, seriesBy ?? 'Auto'],
      resolve: (p) => {
        const sheet = p as SheetModel;
        if (!(source instanceof FakeRange) || !source._target)
          throw excelError('InvalidArgument', 'The chart source must be a range.');
        if (String(seriesBy ?? 'Auto') === 'Rows')
          throw excelError('NotImplemented', 'The emulator reads chart sources by column only.');
        const n = sheet.charts.length + 1;
        const chart: ChartModel = {
          id: this.context._model.nextId('chart'),
          name: `Chart ${n}`,
          chartType: String(type),
          source: formatAddress(source._target.sheet.name, source._target.rect),
          seriesBy: String(seriesBy ?? 'Auto'),
          series: seriesOf(source._target.sheet, source._target.rect),
        };
        sheet.charts.push(chart);
        return { sheet, chart };
      },
    });
  }

  /** The first chart of that name (ChartCollection.getItem); none is ItemNotFound. */
  getItem(...[name]: Parameters<Excel.ChartCollection['getItem']>): FakeChart {
    return new FakeChart(this.context, {
      parent: this,
      name: 'getItem',
      args: [name],
      resolve: (p) => {
        const sheet = p as SheetModel;
        const chart = sheet.charts.find((c) => c.name === name);
        if (!chart) throw excelError('ItemNotFound');
        return { sheet, chart };
      },
    });
  }

  /** The chart at a zero-based position in the collection (ChartCollection.getItemAt). */
  getItemAt(...[index]: Parameters<Excel.ChartCollection['getItemAt']>): FakeChart {
    return new FakeChart(this.context, {
      parent: this,
      name: 'getItemAt',
      args: [index],
      resolve: (p) => {
        const sheet = p as SheetModel;
        const chart = sheet.charts[index];
        if (!chart) throw excelError('ItemNotFound');
        return { sheet, chart };
      },
    });
  }

  getCount(): FakeClientResult<number> {
    return this._result('getCount', [], (t) => t.charts.length);
  }
}

export class FakeChart extends ClientProxy<ChartTarget> {
  protected readonly _className = 'Chart';
  protected readonly _scalars = ['name', 'chartType', 'id', 'width', 'height'] as const;

  protected _read(t: ChartTarget, name: string): unknown {
    if (name === 'name') return t.chart.name;
    if (name === 'chartType') return t.chart.chartType;
    if (name === 'id') return t.chart.id;
    // Excel's default chart is 360 x 216 points (5 x 3 inches).
    if (name === 'width') return t.chart.width ?? 360;
    if (name === 'height') return t.chart.height ?? 216;
    return undefined;
  }

  protected override _navigation(name: string): ClientProxy<unknown> | undefined {
    if (name === 'title') return this.title;
    if (name === 'legend') return this.legend;
    if (name === 'series') return this.series;
    return undefined;
  }

  get name(): Excel.Chart['name'] {
    return this._get('name');
  }
  set name(v: Excel.Chart['name']) {
    this._set('name', v, (t) => {
      t.chart.name = v;
    });
  }
  get chartType(): Excel.Chart['chartType'] {
    return this._get('chartType');
  }
  get width(): Excel.Chart['width'] {
    return this._get('width');
  }
  /** Points. */
  set width(v: Excel.Chart['width']) {
    this._set('width', v, (t) => {
      if (!(v > 0)) throw excelError('InvalidArgument');
      t.chart.width = v;
    });
  }
  get height(): Excel.Chart['height'] {
    return this._get('height');
  }
  set height(v: Excel.Chart['height']) {
    this._set('height', v, (t) => {
      if (!(v > 0)) throw excelError('InvalidArgument');
      t.chart.height = v;
    });
  }

  get title(): FakeChartTitle {
    return this._nav(
      'title',
      () =>
        new FakeChartTitle(this.context, { parent: this, name: 'title', resolve: (p) => p as ChartTarget }),
    );
  }

  get legend(): FakeChartLegend {
    return this._nav(
      'legend',
      () =>
        new FakeChartLegend(this.context, { parent: this, name: 'legend', resolve: (p) => p as ChartTarget }),
    );
  }

  get series(): FakeChartSeriesCollection {
    return this._nav(
      'series',
      () =>
        new FakeChartSeriesCollection(this.context, {
          parent: this,
          name: 'series',
          resolve: (p) => p as ChartTarget,
        }),
    );
  }

  /**
   * Places the chart's top-left corner on `startCell` (a Range or an address on the chart's sheet); with
   * `endCell`, sized to cover it (Chart.setPosition, ExcelApi 1.1).
   */
  setPosition(...[startCell, endCell]: Parameters<Excel.Chart['setPosition']>): void {
    const arg = (v: unknown) => (v instanceof FakeRange ? { ref: v._id } : v);
    this._call('setPosition', [arg(startCell), endCell === undefined ? null : arg(endCell)], (t) => {
      const start = cellOf(startCell, t.sheet, this.context._model);
      t.chart.anchor = { row: start.r0, col: start.c0 };
      if (endCell !== undefined) {
        const end = cellOf(endCell, t.sheet, this.context._model);
        t.chart.width = (end.c1 - start.c0 + 1) * 48;
        t.chart.height = (end.r1 - start.r0 + 1) * 15;
      }
    });
  }

  delete(): void {
    this._call('delete', [], (t) => {
      t.sheet.charts = t.sheet.charts.filter((c) => c !== t.chart);
    });
  }
}

function cellOf(v: unknown, sheet: SheetModel, model: WorkbookModel): Rect {
  if (v instanceof FakeRange && v._target) return v._target.rect;
  if (typeof v === 'string') return rangeAt(model, sheet, v).rect;
  throw excelError('InvalidArgument', 'A chart position is a range or an address.');
}

export class FakeChartTitle extends ClientProxy<ChartTarget> {
  protected readonly _className = 'ChartTitle';
  protected readonly _scalars = ['text', 'visible'] as const;

  protected _read(t: ChartTarget, name: string): unknown {
    if (name === 'text') return t.chart.title ?? '';
    if (name === 'visible') return t.chart.title !== undefined;
    return undefined;
  }
  get text(): Excel.ChartTitle['text'] {
    return this._get('text');
  }
  set text(v: Excel.ChartTitle['text']) {
    this._set('text', v, (t) => {
      t.chart.title = String(v);
    });
  }
}

export class FakeChartLegend extends ClientProxy<ChartTarget> {
  protected readonly _className = 'ChartLegend';
  protected readonly _scalars = ['visible'] as const;

  protected _read(t: ChartTarget, name: string): unknown {
    return name === 'visible' ? (t.chart.legendVisible ?? true) : undefined;
  }
  get visible(): Excel.ChartLegend['visible'] {
    return this._get('visible');
  }
  set visible(v: Excel.ChartLegend['visible']) {
    this._set('visible', v, (t) => {
      t.chart.legendVisible = v === true;
    });
  }
}

export class FakeChartSeriesCollection extends CollectionProxy<ChartTarget, SeriesTarget, FakeChartSeries> {
  protected readonly _className = 'ChartSeriesCollection';
  protected readonly _scalars = ['count'] as const;

  protected _read(t: ChartTarget, name: string): unknown {
    return name === 'count' ? t.chart.series.length : undefined;
  }
  protected _itemTargets(t: ChartTarget): SeriesTarget[] {
    return t.chart.series.map((series) => ({ ...t, series }));
  }
  protected _makeItem(target: SeriesTarget): FakeChartSeries {
    return new FakeChartSeries(this.context, { name: 'item', target });
  }
  get count(): Excel.ChartSeriesCollection['count'] {
    return this._get('count');
  }

  getItemAt(...[index]: Parameters<Excel.ChartSeriesCollection['getItemAt']>): FakeChartSeries {
    return new FakeChartSeries(this.context, {
      parent: this,
      name: 'getItemAt',
      args: [index],
      resolve: (p) => {
        const t = p as ChartTarget;
        const series = t.chart.series[index];
        if (!series) throw excelError('ItemNotFound');
        return { ...t, series };
      },
    });
  }
}

export class FakeChartSeries extends ClientProxy<SeriesTarget> {
  protected readonly _className = 'ChartSeries';
  protected readonly _scalars = ['name'] as const;

  protected _read(t: SeriesTarget, name: string): unknown {
    return name === 'name' ? t.series.name : undefined;
  }
  get name(): Excel.ChartSeries['name'] {
    return this._get('name');
  }

  /** The categories of the series (ChartSeries.setXAxisValues, ExcelApi 1.7). */
  setXAxisValues(...[sourceData]: Parameters<Excel.ChartSeries['setXAxisValues']>): void {
    const source = sourceData as unknown;
    this._call('setXAxisValues', [source instanceof FakeRange ? { ref: source._id } : source], (t) => {
      if (!(source instanceof FakeRange) || !source._target)
        throw excelError('InvalidArgument', 'The X values must be a range.');
      t.series.xValues = formatAddress(source._target.sheet.name, source._target.rect);
    });
  }
}
