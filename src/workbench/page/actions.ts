/**
 * The add-on's menu, as buttons: the same actions the Extensions menu offers in Sheets and the ribbon
 * in Excel. Each reports its outcome in the notice area above the grid.
 */
import type { CheckReport } from '../../core/check';
import type { ErrorPayload } from '../../core/errors';
import type { SetupReport } from '../../core/setup';
import type { BuildResult } from '../../core/summary';
import type { ChaseOverview, ChaseRunResult } from '../../service/chase';
import type { SidebarView } from '../api-types';
import { rpc } from './api';
import { el } from './dom';

export type Notice = { kind: 'info' | 'success' | 'error'; title: string; lines?: string[] };

export interface MenuHost {
  openSidebar(view?: SidebarView): void;
  notify(notice: Notice): void;
  busy(label: string | undefined): void;
  refresh(): Promise<void>;
  /** Make a sheet's tab the active one (after refresh(), so new sheets are known). */
  selectSheet(name: string): Promise<void>;
  /** Ask before something leaves the machine (window.confirm on the page). */
  confirm(question: string): boolean;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function errorNotice(title: string, error: ErrorPayload): Notice {
  return {
    kind: 'error',
    title: `${title}: ${error.message}`,
    lines: error.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)),
  };
}

export function validationNotice(report: CheckReport): Notice {
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  const checked = `${plural(report.tables.length, 'table')}, ${plural(rows, 'row')} checked`;
  if (report.problems.length === 0) return { kind: 'success', title: `The register is valid (${checked}).` };
  return {
    kind: 'error',
    title: `${plural(report.problems.length, 'problem')} found (${checked}).`,
    lines: report.problems.map(
      (p) =>
        `${p.table}, row ${p.row}${p.id ? ` (${p.id})` : ''}${p.field ? `, ${p.field}` : ''}: ${p.message}`,
    ),
  };
}

export function setupNotice(report: SetupReport): Notice {
  const lines = [...report.changes, ...report.problems];
  if (report.problems.length > 0)
    return {
      kind: 'error',
      title: `Set up register needs attention (${plural(report.problems.length, 'problem')}).`,
      lines,
    };
  if (report.changes.length === 0)
    return { kind: 'success', title: 'The register is set up: nothing needed changing.' };
  return {
    kind: 'success',
    title: `Set up register made ${plural(report.changes.length, 'change')}.`,
    lines,
  };
}

/** What Build summaries built, as the Apps Script menu's alert says it (addon/gas/entry-points.ts). */
export function summariesNotice(result: BuildResult): Notice {
  const built = result.reports.map(
    (r) =>
      `${r.report}: sheet "${r.sheet}", ${plural(r.rows.length, 'row')}${r.chart ? `, ${r.chart.kind} chart` : ''}`,
  );
  const failed = result.failed.map(
    (f) =>
      `Not built: ${f.report}: ${f.problems.length > 0 ? f.problems.map((p) => `${p.field}: ${p.message}`).join('; ') : f.message}`,
  );
  const total = result.reports.length + result.failed.length;
  if (total === 0)
    return {
      kind: 'info',
      title: 'The Reports table has no reports yet.',
      lines: ['Add a report to the Reports table (the sidebar edits it like any table), then build again.'],
    };
  if (failed.length > 0)
    return {
      kind: 'error',
      title: `Built ${result.reports.length} of ${plural(total, 'summary', 'summaries')} for ${result.today}; ${failed.length} could not be built.`,
      lines: [...failed, ...built],
    };
  return {
    kind: 'success',
    title: `Built ${plural(total, 'summary', 'summaries')} for ${result.today}.`,
    lines: built,
  };
}

const ruleProblem = (p: { rule: string; field?: string; message: string }) =>
  `${p.rule}: ${p.field ? `${p.field}: ` : ''}${p.message}`;

/** Today's chases when none is owed: why each chased record waits, and rules that could not be read. */
export function chaseIdleNotice(overview: ChaseOverview): Notice {
  const lines = [
    ...overview.problems.map((p) => `Rule not read: ${ruleProblem(p)}`),
    ...overview.skipped.map((s) => `${s.rule}: ${s.record}: ${s.reason}`),
  ];
  return {
    kind: overview.problems.length > 0 ? 'error' : 'info',
    title: `No chase mail is due on ${overview.date}.`,
    lines,
  };
}

export function chaseNotice(result: ChaseRunResult): Notice {
  const lines = [
    ...result.failures.map((f) => `Failed: ${f.key}: ${f.error}`),
    ...result.stuck.map((k) => `Held in SENDING: ${k}`),
    ...result.problems.map((p) => `Rule not read: ${ruleProblem(p)}`),
    ...result.withdrawn.map((w) => `Left out: ${w.records.join(', ')}: ${w.reason}`),
    ...result.sentMails.map(
      (m) =>
        `${m.rule}${m.step ? `, step ${m.step}` : ''}: ${m.subject} (to ${m.to}; ${m.records.join(', ')})`,
    ),
  ];
  const trouble =
    result.failed > 0 || result.stuck.length > 0 || result.problems.length > 0 || result.pending > 0;
  return { kind: trouble ? 'error' : result.sent > 0 ? 'success' : 'info', title: result.message, lines };
}

async function run(host: MenuHost, label: string, action: () => Promise<Notice>): Promise<void> {
  host.busy(label);
  try {
    host.notify(await action());
  } finally {
    host.busy(undefined);
    await host.refresh();
  }
}

export function menuButtons(host: MenuHost): HTMLElement {
  const button = (label: string, onClick: () => void) =>
    el('button', { type: 'button', onclick: onClick }, label);
  return el(
    'nav',
    { class: 'menu', 'aria-label': 'Register menu' },
    button('Open sidebar', () => host.openSidebar()),
    button('New record', () => host.openSidebar('new')),
    button('Set up register', () =>
      run(host, 'Setting up the register…', async () => {
        const r = await rpc('setupRegister', {});
        return r.ok ? setupNotice(r.value) : errorNotice('Set up register failed', r.error);
      }),
    ),
    button('Validate register', () =>
      run(host, 'Validating the register…', async () => {
        const r = await rpc('validateRegister', {});
        return r.ok ? validationNotice(r.value) : errorNotice('Validate register failed', r.error);
      }),
    ),
    el('span', { class: 'sep', 'aria-hidden': 'true' }),
    // The merge itself (template, records, preview, test, send) is the sidebar's view, as in Sheets.
    button('Mail merge', () => host.openSidebar('merge')),
    button('Run chases now', () => void runChases(host)),
    button('Build summaries', () => void buildSummaries(host)),
  );
}

/**
 * Chase mails go to suppliers (or out through SMTP) with no preview of their own, so the button
 * first reads today's plan (chasePlan: read-only) and asks before sending what it owes.
 */
async function runChases(host: MenuHost): Promise<void> {
  host.busy("Reading today's chases…");
  const plan = await rpc('chasePlan', {}).finally(() => host.busy(undefined));
  if (!plan.ok) return host.notify(errorNotice('Run chases failed', plan.error));
  const { mails, queued, date } = plan.value;
  const owed = mails.length + queued.length;
  if (owed === 0) return host.notify(chaseIdleNotice(plan.value));
  const records = mails.reduce((n, m) => n + m.records.length, 0);
  const question =
    `Send ${plural(owed, 'chase mail')} for ${date} now` +
    (records > 0 ? `, about ${plural(records, 'record')}` : '') +
    (queued.length > 0 ? ` (${queued.length} left by an earlier run)` : '') +
    '?';
  if (!host.confirm(question))
    return host.notify({ kind: 'info', title: 'No chase mail was sent.', lines: [question] });
  await run(host, 'Sending chases…', async () => {
    const r = await rpc('chaseRun', {});
    return r.ok ? chaseNotice(r.value) : errorNotice('Run chases failed', r.error);
  });
}

/**
 * Builds every report into its sheet, then shows the first one in the grid (its tab is new) and the
 * sidebar's summaries view, where each report reads as one page with its chart: the grid shows cells,
 * not the chart image the .xlsx holds.
 */
async function buildSummaries(host: MenuHost): Promise<void> {
  host.busy('Building summaries…');
  let built: BuildResult | undefined;
  try {
    const reply = await rpc('buildSummaries', {});
    if (reply.ok) built = reply.value;
    host.notify(reply.ok ? summariesNotice(reply.value) : errorNotice('Build summaries failed', reply.error));
  } finally {
    host.busy(undefined);
    await host.refresh();
  }
  const first = built?.reports[0];
  if (first) await host.selectSheet(first.sheet);
  if (built) host.openSidebar('summaries');
}
