/**
 * The add-on's menu, as buttons: the same actions the Extensions menu offers in Sheets and the ribbon
 * in Excel. Each reports its outcome in the notice area above the grid.
 */
import type { CheckReport } from '../../core/check';
import type { ErrorPayload } from '../../core/errors';
import type { SetupReport } from '../../core/setup';
import { rpc } from './api';
import { el } from './dom';

export type Notice = { kind: 'info' | 'success' | 'error'; title: string; lines?: string[] };

export interface MenuHost {
  openSidebar(view?: 'new'): void;
  notify(notice: Notice): void;
  busy(label: string | undefined): void;
  refresh(): Promise<void>;
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

async function run(host: MenuHost, label: string, action: () => Promise<Notice>): Promise<void> {
  host.busy(label);
  try {
    host.notify(await action());
  } finally {
    host.busy(undefined);
    await host.refresh();
  }
}

/** Menu actions whose use cases do not exist yet: the button says so rather than pretending. */
const notYet = (feature: string): Notice => ({
  kind: 'info',
  title: `${feature} is not available yet.`,
  lines: [
    'The menu item is here so the workbench matches the add-on; it will work once the feature is built.',
  ],
});

export function menuButtons(host: MenuHost): HTMLElement {
  const button = (label: string, onClick: () => void) =>
    el('button', { type: 'button', onclick: onClick }, label);
  const soon = (label: string, feature: string) =>
    el(
      'button',
      {
        type: 'button',
        class: 'soon',
        title: 'Not available yet',
        onclick: () => host.notify(notYet(feature)),
      },
      label,
    );
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
    soon('Mail merge', 'Mail merge'),
    soon('Run chases now', 'Running chases'),
    soon('Build summaries', 'Building summaries'),
  );
}
