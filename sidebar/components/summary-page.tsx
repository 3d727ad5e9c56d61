/**
 * One report on one page: the headline numbers, the chart, the table with its total, the filter in
 * words and the notes, computed now by summaryView (nothing is written); and a button that builds
 * the report's sheet.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ErrorPayload } from '../../src/core/errors';
import type { ReportColumn, SummaryView } from '../../src/core/summary';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import { formatDay, formatReportValue, formatWallClock } from '../data/report-format';
import { SummaryChart } from './summary-chart';

type Loaded =
  { status: 'loading' } | { status: 'ready'; view: SummaryView } | { status: 'failed'; error: ErrorPayload };

interface SummaryPageProps {
  report: string;
  onBack(): void;
}

const numeric = (c: ReportColumn | undefined) => c !== undefined && c.kind !== 'text' && c.kind !== 'date';

export function SummaryPage({ report, onBack }: SummaryPageProps) {
  const { rpc, t } = useSidebar();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [building, setBuilding] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useLayoutEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    let live = true;
    rpc.call('summaryView', { report }).then(
      (view) => live && setLoaded({ status: 'ready', view }),
      (err) => live && setLoaded({ status: 'failed', error: errorPayloadOf(err) }),
    );
    return () => {
      live = false;
    };
  }, [rpc, report, attempt]);

  const build = async () => {
    if (building) return;
    setBuilding(true);
    setNotice({ error: false, text: t.building });
    try {
      const res = await rpc.call('buildSummaries', { report });
      const built = res.reports[0];
      setNotice(built ? { error: false, text: t.builtSheet(built.sheet, built.rows.length) } : null);
      if (built) setLoaded({ status: 'ready', view: built });
    } catch (err) {
      const e = errorPayloadOf(err);
      setNotice({
        error: true,
        text: [e.message, ...e.problems.map((p) => `${p.field}: ${p.message}`)].join(' '),
      });
    } finally {
      setBuilding(false);
    }
  };

  const view = loaded.status === 'ready' ? loaded.view : null;
  return (
    <section class="summary-page" aria-labelledby="summary-title" aria-busy={loaded.status === 'loading'}>
      <header class="form-head">
        <button type="button" class="icon" aria-label={t.back} title={t.back} onClick={onBack}>
          <span aria-hidden="true">‹</span>
        </button>
        <div class="titles">
          <h2 id="summary-title" tabIndex={-1} ref={heading}>
            {report}
          </h2>
          {view && <p class="subtitle">{view.table}</p>}
        </div>
      </header>
      {loaded.status === 'loading' && <p role="status">{t.loading}</p>}
      {loaded.status === 'failed' && (
        <>
          <div role="alert" class="status status-error">
            <p>{loaded.error.message}</p>
            {loaded.error.problems.length > 0 && (
              <ul>
                {loaded.error.problems.map((p, i) => (
                  <li key={i}>
                    {p.field}: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button
            type="button"
            onClick={() => {
              setLoaded({ status: 'loading' });
              setAttempt(attempt + 1);
            }}
          >
            {t.retry}
          </button>
        </>
      )}
      {view && <Report view={view} />}
      {view && (
        <div class="row-actions">
          <button type="button" aria-busy={building || undefined} onClick={build}>
            {t.buildSheet}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite" class={`status${notice?.error ? ' status-error' : ''}`}>
        {notice && <p>{notice.text}</p>}
      </div>
    </section>
  );
}

function Report({ view }: { view: SummaryView }) {
  const { t } = useSidebar();
  const cell = (v: SummaryView['rows'][number][number], i: number) =>
    formatReportValue(v, view.columns[i]?.kind ?? 'text', t);
  const rowHeader = view.columns[0]?.kind === 'text';
  const line = (values: SummaryView['rows'][number]) =>
    values.map((v, i) =>
      i === 0 && rowHeader ? (
        <th key={i} scope="row">
          {cell(v, i)}
        </th>
      ) : (
        <td key={i} class={numeric(view.columns[i]) ? 'num' : undefined}>
          {cell(v, i)}
        </td>
      ),
    );
  return (
    <>
      <p class="meta-line">
        {t.reportFor(formatDay(view.today, t))} ·{' '}
        {t.generatedLine(formatWallClock(view.generated, t), view.generatedBy)}
      </p>
      <p class="help">{view.filter}</p>
      {view.headline.length > 0 && (
        <dl class="headline" aria-label={t.headlineLabel}>
          {view.headline.map((h) => (
            <div key={h.label}>
              <dt>{h.label}</dt>
              <dd>{formatReportValue(h.value, h.kind, t) || '–'}</dd>
            </div>
          ))}
        </dl>
      )}
      {view.chart && (
        <SummaryChart
          chart={view.chart}
          idBase={`summary-${view.id}`}
          categoryKind={view.columns[view.chart.categoryColumn]?.kind ?? 'text'}
          categoryLabel={view.columns[view.chart.categoryColumn]?.label ?? ''}
          seriesKinds={view.chart.seriesColumns.map((c) => view.columns[c]?.kind ?? 'number')}
        />
      )}
      {view.rows.length === 0 ? (
        <p class="help">{t.noRows}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="summary-table-caption" tabIndex={0}>
          <table class="report-table">
            <caption id="summary-table-caption">{t.reportTable(view.matched)}</caption>
            <thead>
              <tr>
                {view.columns.map((c, i) => (
                  <th key={i} scope="col" class={numeric(c) ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r, i) => (
                <tr key={i}>{line(r)}</tr>
              ))}
            </tbody>
            {view.total && (
              <tfoot>
                <tr>{line(view.total)}</tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      {view.notes.length > 0 && (
        <ul class="notes help">
          {view.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}
