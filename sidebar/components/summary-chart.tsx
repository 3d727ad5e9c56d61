/**
 * A report's chart as inline SVG, drawn from the chart data core computes for the sheet's chart:
 * bar (horizontal), column, line or pie, stacked where the series are parts of one whole. No chart
 * library: a few shapes are enough at 300 px and cost a few KB. The picture is one image with a
 * title; its numbers are also a table (a disclosure under it), for screen readers and for anyone
 * who wants the exact figures.
 */
import type { ChartData, ColumnKind } from '../../src/core/summary';
import { useSidebar } from '../context';
import { formatCompact, formatNumber, formatReportValue } from '../data/report-format';
import type { Messages } from '../i18n';

const W = 300;
/** Series and slices take colours c0..c11 (styles.css), so each host's palette can differ. */
const COLOURS = 12;
/** More categories than this and the chart would be a smear: it shows the first ones, and says so. */
const MAX_CATEGORIES = 40;

interface ChartProps {
  chart: ChartData;
  /** Kind of each series' column, for its numbers; and of the category column. */
  seriesKinds: ColumnKind[];
  categoryKind: ColumnKind;
  /** The category column's heading ("Supplier"), for the data table. */
  categoryLabel: string;
  idBase: string;
}

interface Shape {
  categories: string[];
  series: { name: string; values: number[] }[];
  kinds: ColumnKind[];
}

/** Ticks at 1, 2, 2.5 or 5 times a power of ten, covering [lo, hi] and always 0. */
export function ticks(lo: number, hi: number, count = 4): number[] {
  const min = Math.min(0, lo);
  const max = Math.max(0, hi);
  const span = max - min || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw - 1e-12)!;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= Math.ceil(max / step) * step + step / 2; v += step)
    out.push(Math.round(v / step) * step);
  return out;
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const colour = (i: number) => `c${i % COLOURS}`;

/** Per category, the extent of its bars: stacked parts add up (positives up, negatives down). */
function extent(shape: Shape, stacked: boolean): [number, number] {
  let lo = 0;
  let hi = 0;
  shape.categories.forEach((_, c) => {
    let pos = 0;
    let neg = 0;
    for (const s of shape.series) {
      const v = s.values[c]!;
      if (stacked) {
        if (v >= 0) pos += v;
        else neg += v;
      } else {
        pos = Math.max(pos, v);
        neg = Math.min(neg, v);
      }
    }
    hi = Math.max(hi, pos);
    lo = Math.min(lo, neg);
  });
  return [lo, hi];
}

interface Bar {
  series: number;
  category: number;
  /** Where the bar starts and ends along the value axis, and its place across it (0..1 of the band). */
  from: number;
  to: number;
  offset: number;
  thickness: number;
}

/** Bars of every series in every category, stacked or side by side, as fractions to place. */
function layoutBars(shape: Shape, stacked: boolean): Bar[] {
  const bars: Bar[] = [];
  const n = shape.series.length;
  const band = 0.72;
  shape.categories.forEach((_, c) => {
    let pos = 0;
    let neg = 0;
    shape.series.forEach((s, i) => {
      const v = s.values[c]!;
      if (stacked) {
        const from = v >= 0 ? pos : neg;
        if (v >= 0) pos += v;
        else neg += v;
        bars.push({ series: i, category: c, from, to: from + v, offset: (1 - band) / 2, thickness: band });
      } else {
        const thickness = band / n;
        bars.push({
          series: i,
          category: c,
          from: 0,
          to: v,
          offset: (1 - band) / 2 + i * thickness,
          thickness,
        });
      }
    });
  });
  return bars.filter((b) => b.to !== b.from);
}

function label(shape: Shape, bar: { series: number; category: number }, t: Messages): string {
  const s = shape.series[bar.series]!;
  const value = formatNumber(s.values[bar.category]!, shape.kinds[bar.series] ?? 'number', t);
  return `${shape.categories[bar.category]} · ${s.name}: ${value}`;
}

function HorizontalBars({ shape, stacked }: { shape: Shape; stacked: boolean }) {
  const { t } = useSidebar();
  const [lo, hi] = extent(shape, stacked);
  const marks = ticks(lo, hi);
  const min = marks[0]!;
  const max = marks[marks.length - 1]!;
  const left = 96;
  const right = W - 10;
  const row = stacked || shape.series.length === 1 ? 20 : 8 + 8 * shape.series.length;
  const top = 4;
  const height = top + row * shape.categories.length + 20;
  const x = (v: number) => left + ((v - min) / (max - min)) * (right - left);
  return (
    <>
      {marks.map((m) => (
        <g key={m}>
          <line class={m === 0 ? 'axis' : 'grid'} x1={x(m)} x2={x(m)} y1={top} y2={height - 18} />
          <text x={x(m)} y={height - 6} text-anchor="middle">
            {formatCompact(m, t)}
          </text>
        </g>
      ))}
      {shape.categories.map((c, i) => (
        <text key={i} x={left - 4} y={top + row * i + row / 2 + 3} text-anchor="end">
          {shorten(c, 16)}
        </text>
      ))}
      {layoutBars(shape, stacked).map((b) => (
        <rect
          key={`${b.series}-${b.category}`}
          class={colour(b.series)}
          x={x(Math.min(b.from, b.to))}
          width={Math.abs(x(b.to) - x(b.from))}
          y={top + row * (b.category + b.offset)}
          height={row * b.thickness}
        >
          <title>{label(shape, b, t)}</title>
        </rect>
      ))}
    </>
  );
}

/** Column and line charts share their axes: categories across, values up. */
function VerticalChart({ shape, stacked, line }: { shape: Shape; stacked: boolean; line: boolean }) {
  const { t } = useSidebar();
  const [lo, hi] = extent(shape, stacked && !line);
  const marks = ticks(lo, hi);
  const min = marks[0]!;
  const max = marks[marks.length - 1]!;
  const left = 44;
  const right = W - 6;
  const top = 8;
  const plot = 140;
  const n = shape.categories.length;
  const band = (right - left) / n;
  const longest = Math.max(...shape.categories.map((c) => c.length));
  const slanted = longest * 6 > band;
  const y = (v: number) => top + plot - ((v - min) / (max - min)) * plot;
  const cx = (c: number) => left + band * (c + 0.5);
  return (
    <>
      {marks.map((m) => (
        <g key={m}>
          <line class={m === 0 ? 'axis' : 'grid'} x1={left} x2={right} y1={y(m)} y2={y(m)} />
          <text x={left - 4} y={y(m) + 3} text-anchor="end">
            {formatCompact(m, t)}
          </text>
        </g>
      ))}
      {shape.categories.map((c, i) =>
        slanted ? (
          <text
            key={i}
            x={cx(i)}
            y={top + plot + 10}
            text-anchor="end"
            transform={`rotate(-45 ${cx(i)} ${top + plot + 10})`}
          >
            {shorten(c, 10)}
          </text>
        ) : (
          <text key={i} x={cx(i)} y={top + plot + 14} text-anchor="middle">
            {c}
          </text>
        ),
      )}
      {line
        ? shape.series.map((s, i) => (
            <g key={i} class={colour(i)}>
              <polyline
                class="line"
                points={s.values.map((v, c) => `${cx(c).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
              />
              {s.values.map((v, c) => (
                <circle key={c} cx={cx(c)} cy={y(v)} r={2.5}>
                  <title>{label(shape, { series: i, category: c }, t)}</title>
                </circle>
              ))}
            </g>
          ))
        : layoutBars(shape, stacked).map((b) => (
            <rect
              key={`${b.series}-${b.category}`}
              class={colour(b.series)}
              x={left + band * (b.category + b.offset)}
              width={band * b.thickness}
              y={y(Math.max(b.from, b.to))}
              height={Math.abs(y(b.to) - y(b.from))}
            >
              <title>{label(shape, b, t)}</title>
            </rect>
          ))}
    </>
  );
}

/** Pie: the first series, positive values only (a slice cannot be negative). */
function Pie({ shape }: { shape: Shape }) {
  const { t } = useSidebar();
  const values = shape.series[0]!.values.map((v) => Math.max(0, v));
  const total = values.reduce((a, b) => a + b, 0);
  const cx = W / 2;
  const cy = 86;
  const r = 78;
  let angle = -Math.PI / 2;
  const point = (a: number) => `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
  return (
    <>
      {values.map((v, i) => {
        if (v <= 0 || total <= 0) return null;
        const share = v / total;
        const from = angle;
        angle += share * 2 * Math.PI;
        const title = <title>{label(shape, { series: 0, category: i }, t)}</title>;
        if (share > 0.9999)
          return (
            <circle key={i} class={colour(i)} cx={cx} cy={cy} r={r}>
              {title}
            </circle>
          );
        return (
          <path
            key={i}
            class={`${colour(i)} slice`}
            d={`M ${cx} ${cy} L ${point(from)} A ${r} ${r} 0 ${share > 0.5 ? 1 : 0} 1 ${point(angle)} Z`}
          >
            {title}
          </path>
        );
      })}
    </>
  );
}

function heightOf(chart: ChartData, shape: Shape): number {
  if (chart.kind === 'pie') return 172;
  if (chart.kind === 'bar') {
    const row = chart.stacked || shape.series.length === 1 ? 20 : 8 + 8 * shape.series.length;
    return 4 + row * shape.categories.length + 20;
  }
  const slanted = Math.max(...shape.categories.map((c) => c.length)) * 6 > (W - 50) / shape.categories.length;
  return 8 + 140 + (slanted ? 56 : 20);
}

export function SummaryChart({ chart, seriesKinds, categoryKind, categoryLabel, idBase }: ChartProps) {
  const { t } = useSidebar();
  const shown = Math.min(chart.categories.length, MAX_CATEGORIES);
  const shape: Shape = {
    categories: chart.categories.slice(0, shown).map((c) => formatReportValue(c, categoryKind, t) || t.empty),
    series: chart.series.map((s) => ({ name: s.name, values: s.values.slice(0, shown).map((v) => v ?? 0) })),
    kinds: seriesKinds,
  };
  if (shape.categories.length === 0 || shape.series.length === 0) return null;
  const height = heightOf(chart, shape);
  const titleId = `${idBase}-chart-title`;
  const legend =
    chart.kind === 'pie'
      ? shape.categories.map((c, i) => ({ name: c, i }))
      : shape.series.length > 1
        ? shape.series.map((s, i) => ({ name: s.name, i }))
        : [];
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${W} ${height}`} width="100%" height={height}>
        <title id={titleId}>{t.chartTitle(chart.title, t.chartKinds[chart.kind])}</title>
        {chart.kind === 'pie' ? (
          <Pie shape={shape} />
        ) : chart.kind === 'bar' ? (
          <HorizontalBars shape={shape} stacked={chart.stacked} />
        ) : (
          <VerticalChart shape={shape} stacked={chart.stacked} line={chart.kind === 'line'} />
        )}
      </svg>
      {legend.length > 0 && (
        <ul class="legend" aria-label={t.legend}>
          {legend.map((l) => (
            <li key={l.i}>
              <span class={`swatch ${colour(l.i)}`} aria-hidden="true" />
              {l.name}
            </li>
          ))}
        </ul>
      )}
      {shown < chart.categories.length && (
        <figcaption class="help">{t.chartFirst(shown, chart.categories.length)}</figcaption>
      )}
      <details class="chart-data">
        <summary>{t.chartData}</summary>
        <div class="table-scroll" role="region" aria-label={t.chartData} tabIndex={0}>
          <table class="report-table">
            <thead>
              <tr>
                <th scope="col">{categoryLabel || t.chartCategory}</th>
                {chart.series.map((s, i) => (
                  <th key={i} scope="col" class="num">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.categories.map((c, row) => (
                <tr key={row}>
                  <th scope="row">{formatReportValue(c, categoryKind, t) || t.empty}</th>
                  {chart.series.map((s, i) => (
                    <td key={i} class="num">
                      {s.values[row] === null
                        ? ''
                        : formatNumber(s.values[row]!, seriesKinds[i] ?? 'number', t)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
