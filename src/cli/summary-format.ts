/** How `backoffice summary` prints a built report for a person: headline, then the table. */
import type { ColumnKind, ReportValue, SummaryView } from '../core/summary';
import { alignedTable, type TableLayout } from './format';

export function reportValueText(kind: ColumnKind, v: ReportValue): string {
  if (v === null) return '';
  if (typeof v !== 'number') return v;
  if (kind === 'currency')
    return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function summaryText(view: SummaryView, layout: TableLayout = {}): string {
  const kinds = view.columns.map((c) => c.kind);
  const row = (r: ReportValue[]) => r.map((v, i) => reportValueText(kinds[i]!, v));
  const rows = view.rows.map(row);
  if (view.total) rows.push(row(view.total));
  return [
    `${view.report} (sheet "${view.sheet}")`,
    view.filter,
    ...view.notes.map((n) => `Note: ${n}`),
    view.headline.map((h) => `${h.label}: ${reportValueText(h.kind, h.value) || '-'}`).join(' · '),
    '',
    alignedTable(
      view.columns.map((c) => c.label),
      rows,
      layout,
    ).text,
    ...(view.rows.length === 0 ? ['No records match.'] : []),
  ].join('\n');
}
