/**
 * Summaries: the reports of the Reports table, "Build all" (every report into its sheet, one
 * round trip), and each report's one-page view. The list stays mounted under an open report, so
 * Back returns to the very row that opened it.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BuildResult } from '../../src/core/summary';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';
import { tableNamed } from '../data/merge';
import { useTableList } from '../data/store';
import { SummaryPage } from './summary-page';

/** The Reports table (src/core/summary/reports-table.ts), as a plain string. */
const REPORTS = 'Reports';

interface ReportRow {
  id: string;
  name: string;
  table: string;
  chart: string;
}

export function SummariesView() {
  const { rpc, schema, store, t } = useSidebar();
  const reportsTable = tableNamed(schema, REPORTS);
  const list = useTableList(store, reportsTable?.name);
  const reports = useMemo<ReportRow[]>(() => {
    if (list?.status !== 'ready') return [];
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
    return list.records
      .map(({ record: r }) => ({
        id: r.id,
        name: text(r.values.Name),
        table: text(r.values.Table),
        chart: text(r.values.Chart),
      }))
      .filter((r) => r.name !== '')
      .reverse(); // Latest first in the store; reports read best in the sheet's order.
  }, [list]);
  const [open, setOpen] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const [built, setBuilt] = useState<BuildResult | null>(null);
  const [error, setError] = useState('');
  const opener = useRef<HTMLElement | null>(null);

  // Back from a report: focus the row that opened it (it was hidden, never unmounted).
  useLayoutEffect(() => {
    if (open === null && opener.current?.isConnected) opener.current.focus();
  }, [open]);

  const buildAll = async () => {
    if (building) return;
    setBuilding(true);
    setError('');
    setBuilt(null);
    try {
      setBuilt(await rpc.call('buildSummaries', {}));
    } catch (err) {
      setError(errorPayloadOf(err).message);
    } finally {
      setBuilding(false);
    }
  };

  if (!reportsTable) return <p class="status status-error">{t.noReportsTable}</p>;
  return (
    <section class="summaries-view" aria-labelledby="summaries-title">
      <h2 id="summaries-title" class="visually-hidden">
        {t.tabSummaries}
      </h2>
      <div hidden={open !== null}>
        <div class="row-actions">
          <button type="button" class="primary" aria-busy={building || undefined} onClick={buildAll}>
            {building ? t.building : t.buildAll}
          </button>
        </div>
        <div role="status" aria-live="polite" class={`status${error ? ' status-error' : ''}`}>
          {error && <p>{error}</p>}
          {built && <BuildSummary result={built} />}
        </div>
        {list?.status === 'failed' ? (
          <>
            <p class="status status-error">{list.error.message}</p>
            <button type="button" onClick={() => store.load(reportsTable.name)}>
              {t.retry}
            </button>
          </>
        ) : list?.status !== 'ready' ? (
          <p class="help">{t.loading}</p>
        ) : reports.length === 0 ? (
          <p class="help">{t.noReports}</p>
        ) : (
          <ul class="report-list" aria-label={t.reportsLabel}>
            {reports.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  class="row"
                  onClick={(e) => {
                    opener.current = e.currentTarget;
                    setOpen(r.name);
                  }}
                >
                  <span class="row-title">{r.name}</span>
                  <span class="row-meta">
                    {[r.table, r.chart && !/^none$/i.test(r.chart) ? t.chartNamed(r.chart) : '']
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {open !== null && <SummaryPage key={open} report={open} onBack={() => setOpen(null)} />}
    </section>
  );
}

function BuildSummary({ result }: { result: BuildResult }) {
  const { t } = useSidebar();
  return (
    <>
      <p>{t.builtLine(result.reports.length)}</p>
      <ul>
        {result.reports.map((r) => (
          <li key={r.id}>{t.builtReport(r.report, r.sheet, r.rows.length)}</li>
        ))}
        {result.failed.map((f) => (
          <li key={f.id} class="error">
            {t.notBuilt(f.report)}{' '}
            {f.problems.length > 0 ? f.problems.map((p) => `${p.field}: ${p.message}`).join('; ') : f.message}
          </li>
        ))}
      </ul>
    </>
  );
}
