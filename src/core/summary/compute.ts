/**
 * Compute a report over a table snapshot: filter, group, measure, total, sort. One pass over the
 * rows with one accumulator per group and measure, so 100,000 rows take milliseconds, not seconds.
 * The result is plain JSON (dates as `YYYY-MM-DD` strings, typed by their column), shared by the
 * sheet layout, the sidebar's summary view and the CLI.
 */
import type { Cell } from '../cells';
import { diffDays } from '../time';
import type { FieldValue } from '../values';
import { dateBounds, nextPeriod, startOf, textOf, clauseTest, type Clause, type ClauseInput } from './filter';
import type { ChartKind, GroupSpec, MeasureSpec, ReportSpec } from './definition';
import type { Source } from './source';

export type ColumnKind = 'text' | 'count' | 'number' | 'currency' | 'date' | 'days';
export type ReportValue = string | number | null;

export interface ReportColumn {
  label: string;
  kind: ColumnKind;
}

export interface ChartData {
  kind: ChartKind;
  title: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  /** Several series of one whole (the columns of the second group) stack. */
  stacked: boolean;
  /** 0-based columns of the table the chart plots: categories, then each series. */
  categoryColumn: number;
  seriesColumns: number[];
}

export interface Headline {
  label: string;
  value: ReportValue;
  kind: ColumnKind;
}

export interface ReportTable {
  layout: 'list' | 'crosstab' | 'single';
  columns: ReportColumn[];
  rows: ReportValue[][];
  total: ReportValue[] | null;
  /** Records that passed the filter. */
  matched: number;
  headline: Headline[];
  chart: ChartData | null;
  /** Things the reader should know: mixed currencies, why there is no chart. */
  notes: string[];
}

export const EMPTY_LABEL = '(empty)';
export const NO_DATE_LABEL = '(no date)';
export const NOT_DUE_LABEL = 'Not yet due';
/** Date buckets filled in between the bounds; more than this and only buckets with data show. */
const MAX_FILLED_BUCKETS = 400;

// ---------------------------------------------------------------------------------------------
// Groups

type Order = [rank: number, value: number | string];

interface GroupInfo {
  label: string;
  order: Order;
}

interface Grouper {
  spec: GroupSpec;
  key(row: Cell[]): string;
  info: Map<string, GroupInfo>;
  /** Called once the data is seen: add the buckets a complete axis shows even when empty. */
  complete(asColumns: boolean): void;
}

function compareOrder(a: Order, b: Order): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  const x = a[1];
  const y = b[1];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const s = String(x);
  const t = String(y);
  return s < t ? -1 : s > t ? 1 : 0;
}

function bucketLabel(unit: string, start: string): string {
  switch (unit) {
    case 'week':
      return `Week of ${start}`;
    case 'month':
      return start.slice(0, 7);
    case 'quarter':
      return `${start.slice(0, 4)} Q${(Number(start.slice(5, 7)) + 2) / 3}`;
    case 'year':
      return start.slice(0, 4);
    default:
      return start;
  }
}

const isYmd = (v: FieldValue): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

function grouper(spec: GroupSpec, source: Source, filter: Clause[], today: string): Grouper {
  const read = source.reader(spec.field);
  const info = new Map<string, GroupInfo>();
  const field = spec.field;
  if (spec.kind === 'age') {
    const buckets = spec.buckets;
    buckets.forEach((b, i) => info.set(b.label, { label: b.label, order: [0, i] }));
    const cache = new Map<string, string>();
    return {
      spec,
      info,
      key(row) {
        const v = read(row);
        if (!isYmd(v)) {
          info.set(NO_DATE_LABEL, { label: NO_DATE_LABEL, order: [1, 0] });
          return NO_DATE_LABEL;
        }
        let k = cache.get(v);
        if (k === undefined) {
          const days = diffDays(v, today);
          k = days < 0 ? NOT_DUE_LABEL : buckets.find((b) => days >= b.from && days <= b.to)!.label;
          cache.set(v, k);
        }
        if (k === NOT_DUE_LABEL && !info.has(k)) info.set(k, { label: k, order: [-1, 0] });
        return k;
      },
      complete() {},
    };
  }
  if (spec.kind === 'date') {
    const unit = spec.unit;
    const cache = new Map<string, string>();
    return {
      spec,
      info,
      key(row) {
        const v = read(row);
        if (!isYmd(v)) {
          info.set(NO_DATE_LABEL, { label: NO_DATE_LABEL, order: [1, 0] });
          return NO_DATE_LABEL;
        }
        let k = cache.get(v);
        if (k === undefined) {
          k = startOf(unit, v);
          cache.set(v, k);
          if (!info.has(k)) info.set(k, { label: bucketLabel(unit, k), order: [0, k] });
        }
        return k;
      },
      complete() {
        // A month-by-month report shows every month in its range, empty ones as zero.
        const seen = [...info.keys()].filter((k) => k !== NO_DATE_LABEL).sort();
        const bounds = dateBounds(filter, field);
        const first = bounds.from ? startOf(unit, bounds.from) : seen[0];
        let last = bounds.to ? startOf(unit, bounds.to) : seen[seen.length - 1];
        if (bounds.from && !bounds.to) {
          const now = startOf(unit, today);
          if (!last || now > last) last = now;
        }
        if (!first || !last) return;
        const keys: string[] = [];
        for (let k = first; k <= last && keys.length <= MAX_FILLED_BUCKETS; k = nextPeriod(unit, k))
          keys.push(k);
        if (keys.length > MAX_FILLED_BUCKETS) return;
        for (const k of keys) if (!info.has(k)) info.set(k, { label: bucketLabel(unit, k), order: [0, k] });
      },
    };
  }
  // A plain field: choices keep the order Setup gives them, numbers sort as numbers.
  const choiceIndex = new Map(field.choices.map((c, i) => [c.toLowerCase(), i]));
  const numeric = field.type === 'number' || field.type === 'currency';
  return {
    spec,
    info,
    key(row) {
      const v = read(row);
      let label = textOf(v);
      if (field.references && typeof v === 'string' && v) label = source.label(field, v);
      if (label === '') {
        if (!info.has(EMPTY_LABEL)) info.set(EMPTY_LABEL, { label: EMPTY_LABEL, order: [2, 0] });
        return EMPTY_LABEL;
      }
      if (!info.has(label)) {
        const ci = choiceIndex.get(label.toLowerCase());
        const order: Order =
          ci !== undefined ? [0, ci] : numeric && typeof v === 'number' ? [1, v] : [1, label.toLowerCase()];
        info.set(label, { label, order });
      }
      return label;
    },
    complete(asColumns) {
      // Columns of a choice show every choice, so the layout stays the same from week to week.
      if (asColumns && field.type === 'choice')
        field.choices.forEach((c, i) => {
          if (!info.has(c)) info.set(c, { label: c, order: [0, i] });
        });
    },
  };
}

function orderedKeys(g: Grouper): string[] {
  return [...g.info.entries()].sort((a, b) => compareOrder(a[1].order, b[1].order)).map(([k]) => k);
}

// ---------------------------------------------------------------------------------------------
// Measures

interface Acc {
  n: number;
  sum: number;
  best: number | string | null;
}

const newAcc = (): Acc => ({ n: 0, sum: 0, best: null });

interface Measurer {
  spec: MeasureSpec;
  kind: ColumnKind;
  /** The row's contribution, read once per row and added to every accumulator it belongs to. */
  read(row: Cell[]): number | string | null | boolean;
  add(acc: Acc, v: number | string | null | boolean): void;
  value(acc: Acc): ReportValue;
}

function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

function measurer(spec: MeasureSpec, source: Source, today: string): Measurer {
  const field = spec.field;
  const read = field ? source.reader(field) : () => null;
  const numberKind: ColumnKind = field?.type === 'currency' ? 'currency' : 'number';
  const places = field?.type === 'currency' ? 2 : 6;
  switch (spec.kind) {
    case 'count':
      return { spec, kind: 'count', read: () => true, add: (a) => void a.n++, value: (a) => a.n };
    case 'countIf': {
      const where = spec.where!;
      const readWhere = source.reader(where.field);
      const test = clauseTest(where);
      const input: ClauseInput = { value: null, label: '' };
      const ref = where.field.references ? where.field : null;
      return {
        spec,
        kind: 'count',
        read(row) {
          input.value = readWhere(row);
          input.label = ref && typeof input.value === 'string' ? source.label(ref, input.value) : '';
          return test(input);
        },
        add: (a, v) => {
          if (v === true) a.n++;
        },
        value: (a) => a.n,
      };
    }
    case 'sum':
    case 'average':
      return {
        spec,
        kind: numberKind,
        read: (row) => {
          const v = read(row);
          return typeof v === 'number' ? v : null;
        },
        add: (a, v) => {
          if (typeof v === 'number') {
            a.sum += v;
            a.n++;
          }
        },
        value: (a) => (spec.kind === 'sum' ? round(a.sum, places) : a.n > 0 ? round(a.sum / a.n, 2) : null),
      };
    case 'min':
    case 'max':
    case 'oldest':
    case 'newest': {
      const low = spec.kind === 'min' || spec.kind === 'oldest';
      const date = field?.type === 'date';
      return {
        spec,
        kind: date ? 'date' : numberKind,
        read: (row) => {
          const v = read(row);
          return date ? (isYmd(v) ? v : null) : typeof v === 'number' ? v : null;
        },
        add: (a, v) => {
          if (v === null || typeof v === 'boolean') return;
          if (a.best === null || (low ? v < a.best : v > a.best)) a.best = v;
        },
        value: (a) => a.best,
      };
    }
    case 'daysLate': {
      const cache = new Map<string, number>();
      return {
        spec,
        kind: 'days',
        read: (row) => {
          const v = read(row);
          if (!isYmd(v)) return null;
          let d = cache.get(v);
          if (d === undefined) {
            d = diffDays(v, today);
            cache.set(v, d);
          }
          return d;
        },
        add: (a, v) => {
          if (typeof v === 'number' && (a.best === null || v > (a.best as number))) a.best = v;
        },
        value: (a) => (a.best === null ? null : Math.max(0, a.best as number)),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------

const isNumberKind = (k: ColumnKind) => k === 'count' || k === 'number' || k === 'currency' || k === 'days';

function compareValues(a: ReportValue, b: ReportValue): number {
  if (a === null || b === null) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const s = String(a).toLowerCase();
  const t = String(b).toLowerCase();
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Mixed currencies added together are a trap: say so, unless the report separates them. */
function currencyNote(spec: ReportSpec, source: Source, rows: Cell[][]): string | null {
  const money = spec.measures.some(
    (m) => m.field?.type === 'currency' && ['sum', 'average', 'min', 'max'].includes(m.kind),
  );
  const currency = spec.table.def.fields.find((f) => f.name.toLowerCase() === 'currency');
  if (!money || !currency || spec.groups.some((g) => g.field.name === currency.name)) return null;
  const read = source.reader(currency);
  const seen = new Set<string>();
  for (const row of rows) {
    const c = textOf(read(row));
    if (c) seen.add(c);
    if (seen.size > 4) break;
  }
  if (seen.size < 2) return null;
  return `Amounts in ${[...seen].sort().join(', ')} are added as they are: filter on ${currency.name} or group by it to keep them apart.`;
}

export function computeReport(spec: ReportSpec, source: Source, today: string): ReportTable {
  // Filter.
  const tests = spec.filter.map((c) => {
    const read = source.reader(c.field);
    const test = clauseTest(c);
    const ref = c.field.references ? c.field : null;
    const input: ClauseInput = { value: null, label: '' };
    return (row: Cell[]) => {
      input.value = read(row);
      input.label = ref && typeof input.value === 'string' ? source.label(ref, input.value) : '';
      return test(input);
    };
  });
  const matched: Cell[][] = [];
  for (const row of source.rows) {
    let ok = true;
    for (const t of tests)
      if (!t(row)) {
        ok = false;
        break;
      }
    if (ok) matched.push(row);
  }

  const groupers = spec.groups.map((g) => grouper(g, source, spec.filter, today));
  const measurers = spec.measures.map((m) => measurer(m, source, today));
  const layout: ReportTable['layout'] =
    groupers.length === 0 ? 'single' : groupers.length === 2 && measurers.length === 1 ? 'crosstab' : 'list';

  const grand = measurers.map(newAcc);
  const byGroup = new Map<string, Acc[]>();
  const byColumn = new Map<string, Acc[]>();
  const accsFor = (map: Map<string, Acc[]>, key: string) => {
    let a = map.get(key);
    if (!a) {
      a = measurers.map(newAcc);
      map.set(key, a);
    }
    return a;
  };
  const values: (number | string | null | boolean)[] = new Array(measurers.length);
  const cells = new Map<string, Map<string, Acc[]>>();
  const add = (accs: Acc[]) => {
    for (let i = 0; i < measurers.length; i++) measurers[i]!.add(accs[i]!, values[i]!);
  };
  for (const row of matched) {
    for (let i = 0; i < measurers.length; i++) values[i] = measurers[i]!.read(row);
    add(grand);
    if (layout === 'list')
      add(
        accsFor(
          byGroup,
          groupers.length === 1 ? groupers[0]!.key(row) : groupers.map((g) => g.key(row)).join('\u0001'),
        ),
      );
    else if (layout === 'crosstab') {
      const r = groupers[0]!.key(row);
      const c = groupers[1]!.key(row);
      add(accsFor(byGroup, r));
      add(accsFor(byColumn, c));
      let inner = cells.get(r);
      if (!inner) cells.set(r, (inner = new Map()));
      add(accsFor(inner, c));
    }
  }
  groupers.forEach((g, i) => g.complete(layout === 'crosstab' && i === 1));

  const notes: string[] = [];
  const note = currencyNote(spec, source, matched);
  if (note) notes.push(note);

  let columns: ReportColumn[];
  let rows: { order: Order[]; cells: ReportValue[] }[] = [];
  let total: ReportValue[] | null;
  const headline: Headline[] = [];
  if (layout === 'single') {
    columns = measurers.map((m) => ({ label: m.spec.label, kind: m.kind }));
    rows = [{ order: [], cells: measurers.map((m, i) => m.value(grand[i]!)) }];
    total = null;
    measurers.forEach((m, i) =>
      headline.push({ label: m.spec.label, value: rows[0]!.cells[i]!, kind: m.kind }),
    );
  } else if (layout === 'list') {
    columns = [
      ...groupers.map((g) => ({ label: g.spec.label, kind: 'text' as ColumnKind })),
      ...measurers.map((m) => ({ label: m.spec.label, kind: m.kind })),
    ];
    const keys = [...byGroup.keys()];
    // Axes that are complete by nature (age buckets, months in range) show empty groups too.
    if (groupers.length === 1 && groupers[0]!.spec.kind !== 'field')
      for (const k of groupers[0]!.info.keys()) if (!byGroup.has(k)) keys.push(k);
    rows = keys.map((key) => {
      const parts = key.split('\u0001');
      const accs = byGroup.get(key) ?? measurers.map(newAcc);
      return {
        order: parts.map((p, i) => groupers[i]!.info.get(p)!.order),
        cells: [
          ...parts.map((p, i) => groupers[i]!.info.get(p)!.label),
          ...measurers.map((m, i) => m.value(accs[i]!)),
        ],
      };
    });
    total = ['Total', ...groupers.slice(1).map(() => null), ...measurers.map((m, i) => m.value(grand[i]!))];
    measurers.forEach((m, i) =>
      headline.push({ label: m.spec.label, value: total![groupers.length + i]!, kind: m.kind }),
    );
  } else {
    const [rg, cg] = groupers as [Grouper, Grouper];
    const m = measurers[0]!;
    const colKeys = orderedKeys(cg);
    columns = [
      { label: rg.spec.label, kind: 'text' },
      ...colKeys.map((k) => ({ label: cg.info.get(k)!.label, kind: m.kind })),
      { label: 'Total', kind: m.kind },
    ];
    const empty = newAcc();
    const rowKeys = [...byGroup.keys()];
    if (rg.spec.kind !== 'field') for (const k of rg.info.keys()) if (!byGroup.has(k)) rowKeys.push(k);
    rows = rowKeys.map((r) => ({
      order: [rg.info.get(r)!.order],
      cells: [
        rg.info.get(r)!.label,
        ...colKeys.map((c) => m.value(cells.get(r)?.get(c)?.[0] ?? empty)),
        m.value(byGroup.get(r)?.[0] ?? empty),
      ],
    }));
    total = ['Total', ...colKeys.map((c) => m.value(byColumn.get(c)?.[0] ?? empty)), m.value(grand[0]!)];
    if (colKeys.length <= 6)
      colKeys.forEach((c, i) =>
        headline.push({ label: cg.info.get(c)!.label, value: total![i + 1]!, kind: m.kind }),
      );
    headline.push({
      label: colKeys.length <= 6 ? 'Total' : m.spec.label,
      value: total[total.length - 1]!,
      kind: m.kind,
    });
  }

  // Sort: the keys the report names, then the groups' own order.
  const colIndex = (label: string) => columns.findIndex((c) => c.label.toLowerCase() === label.toLowerCase());
  const keys = spec.sort.map((k) => ({ index: colIndex(k.column), desc: k.descending }));
  rows.sort((a, b) => {
    for (const k of keys) {
      if (k.index < 0) continue;
      let d: number;
      if (k.index < groupers.length && layout !== 'single')
        d = compareOrder(a.order[k.index]!, b.order[k.index]!);
      else {
        const x = a.cells[k.index]!;
        const y = b.cells[k.index]!;
        // Empty values go last whichever way the column is sorted.
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
          continue;
        }
        d = compareValues(x, y);
      }
      if (d !== 0) return k.desc ? -d : d;
    }
    for (let i = 0; i < a.order.length; i++) {
      const d = compareOrder(a.order[i]!, b.order[i]!);
      if (d !== 0) return d;
    }
    return 0;
  });

  const table: ReportTable = {
    layout,
    columns,
    rows: rows.map((r) => r.cells),
    total,
    matched: matched.length,
    headline,
    chart: null,
    notes,
  };
  table.chart = chartData(spec, table, notes);
  return table;
}

function chartData(spec: ReportSpec, t: ReportTable, notes: string[]): ChartData | null {
  const kind = spec.chart;
  if (!kind) return null;
  let seriesColumns: number[];
  if (t.layout === 'single' || (t.layout === 'list' && spec.groups.length > 1)) {
    notes.push('No chart: a chart needs one group (or two groups with one measure).');
    return null;
  }
  if (t.layout === 'crosstab') {
    const last = t.columns.length - 1;
    seriesColumns = kind === 'pie' ? [last] : Array.from({ length: last - 1 }, (_, i) => i + 1);
  } else {
    const first = t.columns.findIndex((c, i) => i >= spec.groups.length && isNumberKind(c.kind));
    if (first < 0) {
      notes.push('No chart: the report has no number column to plot.');
      return null;
    }
    seriesColumns = [first];
  }
  if (t.rows.length === 0) {
    notes.push('No chart: no records match.');
    return null;
  }
  const num = (v: ReportValue) => (typeof v === 'number' ? v : null);
  return {
    kind,
    title: spec.name,
    categories: t.rows.map((r) => String(r[0] ?? '')),
    series: seriesColumns.map((c) => ({ name: t.columns[c]!.label, values: t.rows.map((r) => num(r[c]!)) })),
    stacked: t.layout === 'crosstab' && kind !== 'pie' && kind !== 'line',
    categoryColumn: 0,
    seriesColumns,
  };
}
