/**
 * A computed report as the rows of its sheet, and how a host finds what it wrote there last time.
 *
 *   1  Title                                   (bold, larger)
 *   2  Generated 2026-03-29 11:30 by ...       (and "figures as of ..." when the day was given)
 *   3  Purchase Orders where ...               (the filter in words)
 *   4  notes (mixed currencies, no chart), if any
 *      (blank)
 *   H  header row                              (bold; frozen with everything above it)
 *      rows ...                                (number and date formats per column)
 *   T  Total                                   (bold)
 *      (blank rows, so the chart beside the table never covers the notes below)
 *   N  End of report. ...                      (the marker)
 *
 * Everything from row 1 to the marker is the report's and is rewritten on every build; what a
 * person writes below the marker moves up or down with it and is never touched. A sheet without a
 * marker that holds anything is not a report sheet, and is refused rather than overwritten.
 */
import { cellText, type Cell } from '../cells';
import { RegisterError } from '../errors';
import type { ReportBlock, ReportChart } from '../plan';
import type { ColumnKind, ReportTable, ReportValue } from './compute';
import type { ReportSpec } from './definition';

export const END_MARKER = 'End of report.';
export const END_MARKER_TEXT = `${END_MARKER} Build summaries rewrites everything above this line; notes written below it are kept.`;
export const NO_RECORDS = 'No records match.';

export const CHART_WIDTH_PX = 600;
export const CHART_HEIGHT_PX = 320;
/** Rows a chart of CHART_HEIGHT_PX covers at the default row height of 21 px (Sheets) / 20 px (Excel). */
const CHART_ROWS = Math.ceil(CHART_HEIGHT_PX / 20) + 1;

/** Number format codes that Sheets and Excel both read the same way. */
export const FORMATS: Record<ColumnKind, string> = {
  text: '@',
  count: '#,##0',
  days: '#,##0',
  number: '#,##0.##',
  currency: '#,##0.00',
  date: 'yyyy-mm-dd',
};

function formatFor(kind: ColumnKind, values: ReportValue[]): string {
  // "#,##0.##" leaves a dangling point on whole numbers; use it only when there are fractions.
  if (kind === 'number')
    return values.every((v) => typeof v !== 'number' || Number.isInteger(v)) ? '#,##0' : '#,##0.00';
  return FORMATS[kind];
}

export function valueCell(kind: ColumnKind, v: ReportValue): Cell {
  if (v === null) return '';
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v };
  return v;
}

export interface GeneratedBy {
  /** Wall-clock `YYYY-MM-DDTHH:mm:ss` in the register's time zone. */
  at: string;
  by: string;
  /** The day the figures are for, when it is not the day of `at`. */
  asOf?: string;
}

export function generatedLine(g: GeneratedBy): string {
  const when = g.at.slice(0, 16).replace('T', ' ');
  return `Generated ${when}${g.by ? ` by ${g.by}` : ''}${g.asOf && g.asOf !== g.at.slice(0, 10) ? `; figures as of ${g.asOf}` : ''}`;
}

function textWidth(c: Cell, kind: ColumnKind): number {
  if (typeof c === 'number') {
    const fixed = kind === 'currency' || kind === 'number' ? c.toFixed(2) : String(Math.round(c));
    return fixed.length + Math.floor(fixed.split('.')[0]!.length / 3);
  }
  return cellText(c).length;
}

export function reportBlock(spec: ReportSpec, t: ReportTable, g: GeneratedBy): ReportBlock {
  const width = t.columns.length;
  const line = (first: Cell): Cell[] => [first, ...new Array<Cell>(width - 1).fill('')];
  const cells: Cell[][] = [line(spec.name), line(generatedLine(g)), line(spec.filterText)];
  for (const n of t.notes) cells.push(line(n));
  cells.push(line(''));
  const headerRow = cells.length + 1;
  cells.push(t.columns.map((c) => c.label));
  const kinds = t.columns.map((c) => c.kind);
  const dataRows = t.rows.map((r) => r.map((v, i) => valueCell(kinds[i]!, v)));
  if (dataRows.length === 0) cells.push(line(NO_RECORDS));
  else cells.push(...dataRows);
  const lastDataRow = cells.length;
  if (t.total) cells.push(t.total.map((v, i) => valueCell(kinds[i]!, v)));
  const lastTableRow = cells.length;
  const boldRows = [headerRow, ...(t.total ? [lastTableRow] : [])];

  let chart: ReportChart | undefined;
  if (t.chart) {
    chart = {
      type: t.chart.kind,
      title: t.chart.title,
      categoryColumn: t.chart.categoryColumn + 1,
      seriesColumns: t.chart.seriesColumns.map((c) => c + 1),
      firstRow: headerRow,
      lastRow: lastDataRow,
      stacked: t.chart.stacked,
      row: headerRow,
      column: width + 2,
      width: CHART_WIDTH_PX,
      height: CHART_HEIGHT_PX,
    };
    while (cells.length < headerRow + CHART_ROWS) cells.push(line(''));
  }
  cells.push(line(''));
  cells.push(line(END_MARKER_TEXT));

  const formats = kinds.map((k, i) =>
    formatFor(
      k,
      t.rows.map((r) => r[i]!),
    ),
  );
  const widths = kinds.map((k, i) =>
    Math.min(
      48,
      Math.max(8, ...cells.slice(headerRow - 1, lastTableRow).map((r) => textWidth(r[i]!, k) + 2)),
    ),
  );
  return { cells, headerRow, lastTableRow, formats, boldRows, widths, ...(chart ? { chart } : {}) };
}

// ---------------------------------------------------------------------------------------------
// What was there before

export type Extent = { rows: number; cols: number } | null;

const filled = (c: Cell | undefined) => c !== undefined && cellText(c).trim() !== '';

/**
 * The block a previous build left in a sheet (its rows down to the marker, and the width of its
 * widest run of cells from column A), or null for a sheet with nothing in it. A sheet that holds
 * something but no marker is not a report sheet: refused, naming the sheet.
 */
export function reportExtent(sheet: string, grid: Cell[][]): Extent {
  let marker = -1;
  for (let r = 0; r < grid.length; r++)
    if (cellText(grid[r]?.[0]).trim().startsWith(END_MARKER)) {
      marker = r;
      break;
    }
  if (marker < 0) {
    if (grid.some((row) => row.some(filled)))
      throw new RegisterError(
        'usage',
        `The sheet "${sheet}" is not a summary sheet (it has no "${END_MARKER}" line), so Build summaries will not write over it. Choose another Output sheet for the report, or delete or rename that sheet.`,
      );
    return null;
  }
  let cols = 1;
  for (let r = 0; r <= marker; r++) {
    const row = grid[r] ?? [];
    let run = 0;
    while (run < row.length && filled(row[run])) run++;
    cols = Math.max(cols, run);
  }
  return { rows: marker + 1, cols };
}

/**
 * How to turn the old block into the new one: rows to insert after (or delete from) the old block
 * so that what lies below moves with it, then the rectangle to clear before writing.
 */
export interface ReportRewrite {
  /** count > 0: insert `count` rows after row `after`; count < 0: delete -count rows from row `after + 1`. */
  shift: { after: number; count: number } | null;
  clearRows: number;
  clearCols: number;
}

export function reportRewrite(previous: Extent, grid: Cell[][], block: ReportBlock): ReportRewrite {
  const rows = block.cells.length;
  const width = block.formats.length;
  if (!previous) return { shift: null, clearRows: rows, clearCols: width };
  const below = grid.slice(previous.rows).some((row) => row.some(filled));
  const diff = rows - previous.rows;
  if (below && diff !== 0)
    return {
      shift: diff > 0 ? { after: previous.rows, count: diff } : { after: rows, count: diff },
      clearRows: rows,
      clearCols: Math.max(width, previous.cols),
    };
  return { shift: null, clearRows: Math.max(rows, previous.rows), clearCols: Math.max(width, previous.cols) };
}
