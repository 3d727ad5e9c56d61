/**
 * Excel.ChartCollection and Excel.Chart: enough to add a chart over a range and list charts
 * (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-charts). Charts are not drawn.
 */
import { formatAddress } from './a1';
import { ClientProxy, CollectionProxy, type FakeClientResult } from './context';
import { excelError } from './errors';
import type { ChartModel, SheetModel } from './model';
import { FakeRange } from './range';

interface ChartTarget {
  sheet: SheetModel;
  chart: ChartModel;
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

  /** A chart of `type` over `sourceData` (a Range), named "Chart N". */
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
        const n = sheet.charts.length + 1;
        const chart: ChartModel = {
          id: this.context._model.nextId('chart'),
          name: `Chart ${n}`,
          chartType: String(type),
          source: formatAddress(source._target.sheet.name, source._target.rect),
          seriesBy: String(seriesBy ?? 'Auto'),
        };
        sheet.charts.push(chart);
        return { sheet, chart };
      },
    });
  }

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

  getCount(): FakeClientResult<number> {
    return this._result('getCount', [], (t) => t.charts.length);
  }
}

export class FakeChart extends ClientProxy<ChartTarget> {
  protected readonly _className = 'Chart';
  protected readonly _scalars = ['name', 'chartType', 'id'] as const;

  protected _read(t: ChartTarget, name: string): unknown {
    if (name === 'name') return t.chart.name;
    if (name === 'chartType') return t.chart.chartType;
    if (name === 'id') return t.chart.id;
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

  delete(): void {
    this._call('delete', [], (t) => {
      t.sheet.charts = t.sheet.charts.filter((c) => c !== t.chart);
    });
  }
}
