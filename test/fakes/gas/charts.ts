import type { Doc } from './doc';
import { ChartType, enumName } from './enums';
import { gasError } from './errors';
import { type ChartModel, type RectRef, rectOf } from './model';
import { FakeRange } from './range';
import { Fake, RT, type Runtime, instrument } from './runtime';

type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type EmbeddedChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;

const BUILDER_METHODS = [
  'addRange',
  'build',
  'clearRanges',
  'getChartType',
  'getRanges',
  'removeRange',
  'setChartType',
  'setOption',
  'setPosition',
] as const;
const CHART_METHODS = ['getChartId', 'getContainerInfo', 'getOptions', 'getRanges', 'modify'] as const;

/**
 * Charts are recorded, not drawn: enough to check which ranges, type and options an add-on asks for
 * (https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder).
 */
export class FakeEmbeddedChartBuilder
  extends Fake
  implements Pick<EmbeddedChartBuilder, (typeof BUILDER_METHODS)[number]>
{
  private readonly model: ChartModel;

  constructor(
    rt: Runtime,
    private readonly doc: Doc,
    from?: ChartModel,
  ) {
    super(rt);
    this.model = from
      ? { ...from, ranges: [...from.ranges], options: { ...from.options }, position: { ...from.position } }
      : {
          id: 0,
          chartType: '',
          ranges: [],
          options: {},
          position: { row: 1, col: 1, offsetX: 0, offsetY: 0 },
        };
  }

  addRange(range: GoogleAppsScript.Spreadsheet.Range): EmbeddedChartBuilder {
    this.model.ranges.push(requireRect(range));
    return this.self();
  }

  build(): EmbeddedChart {
    // The reference does not say what build() does without a type; the real service needs one to draw anything.
    if (!this.model.chartType) throw gasError('A chart type must be set before building the chart.');
    const model = { ...this.model, id: this.model.id || this.doc.model.newObjectId() };
    return new FakeEmbeddedChart(this[RT], this.doc, model) as unknown as EmbeddedChart;
  }

  clearRanges(): EmbeddedChartBuilder {
    this.model.ranges.length = 0;
    return this.self();
  }

  getChartType(): GoogleAppsScript.Charts.ChartType {
    return (ChartType as unknown as Record<string, GoogleAppsScript.Charts.ChartType>)[
      this.model.chartType
    ] as GoogleAppsScript.Charts.ChartType;
  }

  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return rangesOf(this[RT], this.doc, this.model.ranges);
  }

  removeRange(range: GoogleAppsScript.Spreadsheet.Range): EmbeddedChartBuilder {
    const rect = requireRect(range);
    const index = this.model.ranges.findIndex((r) => JSON.stringify(r) === JSON.stringify(rect));
    if (index >= 0) this.model.ranges.splice(index, 1);
    return this.self();
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): EmbeddedChartBuilder {
    const name = enumName(type);
    if (!name) throw gasError('Invalid argument: type');
    this.model.chartType = name;
    return this.self();
  }

  setOption(option: string, value: unknown): EmbeddedChartBuilder {
    this.model.options[option] = value;
    return this.self();
  }

  setPosition(
    anchorRowPos: number,
    anchorColPos: number,
    offsetX: number,
    offsetY: number,
  ): EmbeddedChartBuilder {
    this.model.position = { row: anchorRowPos, col: anchorColPos, offsetX, offsetY };
    return this.self();
  }

  private self(): EmbeddedChartBuilder {
    return this as unknown as EmbeddedChartBuilder;
  }
}

export class FakeEmbeddedChart extends Fake implements Pick<EmbeddedChart, (typeof CHART_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly doc: Doc,
    readonly model: ChartModel,
  ) {
    super(rt);
  }

  getChartId(): number | null {
    return this.model.id;
  }

  getContainerInfo(): GoogleAppsScript.Spreadsheet.ContainerInfo {
    const p = this.model.position;
    return {
      getAnchorColumn: () => p.col,
      getAnchorRow: () => p.row,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }

  getOptions(): GoogleAppsScript.Charts.ChartOptions {
    const options = { ...this.model.options };
    return { get: (option: string) => options[option] ?? null };
  }

  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return rangesOf(this[RT], this.doc, this.model.ranges);
  }

  modify(): EmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this[RT], this.doc, this.model) as unknown as EmbeddedChartBuilder;
  }
}

export function chartModelOf(chart: unknown): ChartModel {
  if (chart instanceof FakeEmbeddedChart) return chart.model;
  throw gasError('Invalid argument: chart');
}

function requireRect(range: unknown): RectRef {
  const rect = rectOf(range);
  if (!rect) throw gasError('Invalid argument: range');
  return rect;
}

function rangesOf(rt: Runtime, doc: Doc, rects: RectRef[]): GoogleAppsScript.Spreadsheet.Range[] {
  return rects.flatMap((rect) => {
    const sheet = doc.model.sheetById(rect.sheetId);
    return sheet
      ? [
          new FakeRange(
            rt,
            doc,
            sheet,
            rect.row,
            rect.col,
            rect.numRows,
            rect.numCols,
          ) as unknown as GoogleAppsScript.Spreadsheet.Range,
        ]
      : [];
  });
}

const scope = 'https://www.googleapis.com/auth/spreadsheets.currentonly';
instrument(FakeEmbeddedChartBuilder, {
  name: 'EmbeddedChartBuilder',
  qualified: 'SpreadsheetApp.EmbeddedChartBuilder',
  methods: BUILDER_METHODS,
  access: 'document',
  scope,
});
instrument(FakeEmbeddedChart, {
  name: 'EmbeddedChart',
  qualified: 'SpreadsheetApp.EmbeddedChart',
  methods: CHART_METHODS,
  access: 'document',
  scope,
});
