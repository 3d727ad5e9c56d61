/**
 * Summary sheets in Excel (the plan's `writeReport`, core/summary/layout.ts): a report occupies rows 1
 * to its "End of report." marker; what a person wrote below moves with it; one chart beside it.
 *
 * Read (one sync for every report sheet of the plan, before anything is written): the sheet's used
 * range (values only) and the names of its charts. From these, core says where the previous report
 * ended (`reportExtent`, which refuses a sheet that is not a summary sheet) and how to rewrite it
 * (`reportRewrite`). Every report sheet is checked before the write, so one refusal writes nothing.
 *
 * Write (queued with the rest of the plan, so one sync unless the plan passes the payload budget):
 * - a missing sheet is added at the end (WorksheetCollection.add);
 * - the report's previous chart is deleted: it is the one named REPORT_CHART (Excel gives a chart no
 *   cell anchor to tell it apart from a person's own, so the name does); a person's charts stay;
 * - rows are inserted after, or deleted from, the old block so what is below moves with it
 *   (Range.insert / Range.delete on whole rows, learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-insert-member(1));
 * - the old block is cleared of values and formats (Range.clear("All")), then the new one written:
 *   values (text behind an apostrophe, never a formula: cells.ts), the number formats, bold header and
 *   total rows, the title bold at 14 pt, the header frozen (freezePanes.freezeRows, ExcelApi 1.7), and
 *   the column widths (RangeFormat.columnWidth, in points);
 * - the chart: `worksheet.charts.add(type, range, "Columns")` over the category and series columns
 *   from the header row (series names) to the last data row (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-charts),
 *   placed with setPosition at its top-left cell and sized in points; a single series whose column is
 *   not next to the categories is added over its own column, with the categories set as its X values
 *   (ChartSeries.setXAxisValues, ExcelApi 1.7).
 * Values are written in row chunks sized to the payload budget, so a very long report still goes out.
 */
import type { Cell } from '../../core/cells';
import { RegisterError } from '../../core/errors';
import type { ReportChart, StructureOp } from '../../core/plan';
import { reportExtent, reportRewrite, type Extent, type ReportRewrite } from '../../core/summary/layout';
import { jsonBytes } from './bytes';
import { fromExcel, GENERAL, toExcel, type ExcelScalar } from './cells';
import { a1, columnLetter } from './names';
import type { Pending } from './read';

export type WriteReport = Extract<StructureOp, { op: 'writeReport' }>;

/** The name of the chart a report owns on its sheet. */
export const REPORT_CHART = 'Backoffice report chart';
/** Points per pixel (72 points an inch, 96 pixels an inch). */
const PT_PER_PX = 0.75;
const TITLE_POINTS = 14;

type ChartTypeName = Parameters<Excel.ChartCollection['add']>[0] & string;

const CHART_TYPES: Record<ReportChart['type'], [plain: ChartTypeName, stacked: ChartTypeName]> = {
  bar: ['BarClustered', 'BarStacked'],
  column: ['ColumnClustered', 'ColumnStacked'],
  line: ['Line', 'Line'],
  pie: ['Pie', 'Pie'],
};

/** What a report's sheet holds before the write, and how to turn it into the new report. */
export interface ReportTarget {
  /** The sheet's actual name, or null when it is to be created. */
  sheet: string | null;
  previous: Extent;
  rewrite: ReportRewrite;
  /** Indexes (in the sheet's chart collection) of the report's own charts, highest first. */
  ownCharts: number[];
}

/** Queue the read of a report's sheet; `finish` computes its target (and may refuse the sheet). */
export function queueReportRead(
  ctx: Excel.RequestContext,
  op: WriteReport,
  actual: string | undefined,
): Pending<ReportTarget> {
  if (!actual)
    return {
      finish: () => ({
        sheet: null,
        previous: null,
        rewrite: reportRewrite(null, [], op.block),
        ownCharts: [],
      }),
    };
  const ws = ctx.workbook.worksheets.getItem(actual);
  const used = ws.getUsedRangeOrNullObject(true).load('values,rowIndex,columnIndex');
  const charts = ws.charts.load('items/name');
  return {
    finish: () => {
      const grid: Cell[][] = [];
      if (!used.isNullObject)
        used.values.forEach((row, i) => {
          grid[used.rowIndex + i] = [
            ...new Array<Cell>(used.columnIndex).fill(''),
            ...row.map((v) => fromExcel(v)),
          ];
        });
      const dense = Array.from(grid, (r) => r ?? []);
      const previous = reportExtent(op.sheet, dense);
      return {
        sheet: actual,
        previous,
        rewrite: reportRewrite(previous, dense, op.block),
        ownCharts: charts.items
          .map((c, i) => (c.name === REPORT_CHART ? i : -1))
          .filter((i) => i >= 0)
          .reverse(),
      };
    },
  };
}

/** One unit of the write, with its request size: the plan writer groups these into syncs. */
export interface ReportStep {
  bytes: number;
  cells: number;
  queue(ws: () => Excel.Worksheet): void;
}

/** The write of one report, as steps in order. `budget` bounds each chunk of values. */
export function reportSteps(op: WriteReport, target: ReportTarget, budget: number): ReportStep[] {
  const { block } = op;
  const rows = block.cells.length;
  const width = block.formats.length;
  if (width === 0 || rows === 0) throw new RegisterError('internal', `Report "${op.sheet}" has no cells`);
  const steps: ReportStep[] = [];
  const { shift, clearRows, clearCols } = target.rewrite;

  // The structure: old chart out, rows moved, old block cleared.
  steps.push({
    bytes: 300 + target.ownCharts.length * 100,
    cells: clearRows * clearCols,
    queue: (ws) => {
      const sheet = ws();
      for (const i of target.ownCharts) sheet.charts.getItemAt(i).delete();
      if (shift && shift.count > 0)
        sheet.getRange(`${shift.after + 1}:${shift.after + shift.count}`).insert('Down');
      if (shift && shift.count < 0)
        sheet.getRange(`${shift.after + 1}:${shift.after - shift.count}`).delete('Up');
      sheet.getRange(a1(0, 0, clearRows, clearCols)).clear('All');
    },
  });

  // The cells, in chunks of rows.
  const inTable = (r: number) => r + 1 > block.headerRow && r + 1 <= block.lastTableRow;
  const values: ExcelScalar[][] = [];
  const formats: string[][] = [];
  block.cells.forEach((row, r) => {
    const writes = row.map((cell) => toExcel(cell, undefined));
    values.push(writes.map((w) => w.value));
    formats.push(writes.map((w, c) => (inTable(r) ? block.formats[c]! : (w.format ?? GENERAL))));
  });
  const rowBytes = (r: number) => jsonBytes(values[r]) + jsonBytes(formats[r]);
  let start = 0;
  while (start < rows) {
    let end = start;
    let bytes = 0;
    while (end < rows && (end === start || bytes + rowBytes(end) <= budget / 2)) bytes += rowBytes(end++);
    const from = start;
    const part = { values: values.slice(from, end), formats: formats.slice(from, end) };
    steps.push({
      bytes,
      cells: part.values.length * width,
      queue: (ws) => {
        const range = ws().getRange(a1(from, 0, part.values.length, width));
        range.values = part.values;
        range.numberFormat = part.formats;
      },
    });
    start = end;
  }

  // Bold rows, title size, frozen header, widths, chart.
  steps.push({
    bytes: 400 + width * 80 + (block.chart ? 600 : 0),
    cells: 0,
    queue: (ws) => {
      const sheet = ws();
      const title = sheet.getRange('A1');
      title.format.font.bold = true;
      title.format.font.size = TITLE_POINTS;
      for (const r of block.boldRows) sheet.getRange(a1(r - 1, 0, 1, width)).format.font.bold = true;
      sheet.freezePanes.freezeRows(block.headerRow);
      // About 7 px a character at the default font, plus padding (as the Apps Script host sets them).
      block.widths.forEach((w, c) => {
        const letter = columnLetter(c);
        sheet.getRange(`${letter}:${letter}`).format.columnWidth = Math.round(w * 7 + 10) * PT_PER_PX;
      });
      if (block.chart) addChart(sheet, block.chart);
    },
  });
  return steps;
}

function addChart(sheet: Excel.Worksheet, c: ReportChart): void {
  const height = c.lastRow - c.firstRow + 1;
  const columns = [c.categoryColumn, ...c.seriesColumns];
  const contiguous = columns.every((col, i) => col === c.categoryColumn + i);
  const type = CHART_TYPES[c.type][c.stacked ? 1 : 0];
  let chart: Excel.Chart;
  if (contiguous || c.seriesColumns.length !== 1) {
    const span = Math.max(...columns) - c.categoryColumn + 1;
    chart = sheet.charts.add(
      type,
      sheet.getRange(a1(c.firstRow - 1, c.categoryColumn - 1, height, span)),
      'Columns',
    );
  } else {
    const series = c.seriesColumns[0]!;
    chart = sheet.charts.add(type, sheet.getRange(a1(c.firstRow - 1, series - 1, height, 1)), 'Columns');
    chart.series
      .getItemAt(0)
      .setXAxisValues(sheet.getRange(a1(c.firstRow, c.categoryColumn - 1, height - 1, 1)));
  }
  chart.name = REPORT_CHART;
  chart.title.text = c.title;
  chart.legend.visible = c.seriesColumns.length > 1 || c.type === 'pie';
  chart.setPosition(a1(c.row - 1, c.column - 1));
  chart.width = c.width * PT_PER_PX;
  chart.height = c.height * PT_PER_PX;
}
