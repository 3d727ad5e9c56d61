// The task pane's own pages: the help view, the notice dialog of commands.ts, and the page shown when the
// pane is opened outside Excel. Everything is rendered with textContent, never innerHTML (DESIGN.md,
// Security).
//
// The same page serves every ribbon button, told apart by ?view= (manifest.xml). Open register, Mail merge
// (?view=merge), Run chases (?view=chase) and Build summaries (?view=summaries) open the shared sidebar,
// on that view; help and summaries-unavailable are notices.

/** The views the manifest and commands.ts can ask for. */
export type TaskpaneView = 'register' | SidebarView | 'help' | 'summaries-unavailable';

/** The ?view= values that open the shared sidebar on one of its top-level views (sidebar/navigation.ts). */
export const SIDEBAR_VIEWS = ['merge', 'chase', 'summaries'] as const;
export type SidebarView = (typeof SIDEBAR_VIEWS)[number];

/** Whether the view opens the register (the shared sidebar) rather than a notice. */
export function opensRegister(view: TaskpaneView): view is 'register' | SidebarView {
  return view === 'register' || (SIDEBAR_VIEWS as readonly string[]).includes(view);
}

// The sidebar views have no text of their own here: outside Excel they show only their title and the
// "open this page from Excel" line.
const NOTICES: Record<Exclude<TaskpaneView, 'register'>, { title: string; lines: string[] }> = {
  merge: { title: 'Mail merge', lines: [] },
  chase: { title: 'Run chases', lines: [] },
  summaries: { title: 'Build summaries', lines: [] },
  help: {
    title: 'Backoffice Register help',
    lines: [
      'Backoffice Register keeps a structured register (suppliers, orders, contracts and more) in this workbook.',
      'Choose Open register on the Home tab to browse, add and edit records in forms built from the Setup sheet.',
    ],
  },
  'summaries-unavailable': {
    title: 'Build summaries',
    lines: [
      'Summaries are built in the task pane: choose Build summaries on the Home tab, then Build all summaries.',
      'If that button still opens this message, Office is using an older copy of the add-in; it updates on its own.',
    ],
  },
};

/** Reads ?view= from a location search string; anything unknown opens the register. */
export function viewFromSearch(search: string): TaskpaneView {
  const view = new URLSearchParams(search).get('view');
  // hasOwnProperty rather than Object.hasOwn: older Office webviews lack ES2022 built-ins, and esbuild
  // lowers syntax only, never adds polyfills.
  return view !== null && Object.prototype.hasOwnProperty.call(NOTICES, view)
    ? (view as TaskpaneView)
    : 'register';
}

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/**
 * A notice page. `host` is null when Office.onReady finds no Office application (the page opened in a
 * plain browser).
 */
export function renderNotice(root: HTMLElement, view: TaskpaneView, host: string | null): void {
  const notice = view === 'register' ? { title: 'Backoffice Register', lines: [] } : NOTICES[view];
  const main = document.createElement('main');
  main.className = 'notice';
  const heading = document.createElement('h1');
  heading.textContent = notice.title;
  main.append(heading, ...notice.lines.map(paragraph));
  if (host === null)
    main.append(paragraph('Open this page from Excel: Home tab, Backoffice Register group.'));

  // Opened by commands.ts with displayDialogAsync: offer a way back. messageParent is one of the two
  // Office APIs a dialog may call (learn.microsoft.com/office/dev/add-ins/develop/dialog-api-in-office-add-ins).
  if (view === 'summaries-unavailable' && host !== null) {
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.addEventListener('click', () => Office.context.ui.messageParent('close'));
    main.append(close);
  }
  root.replaceChildren(main);
  document.title = notice.title;
}

/** The register could not start (no Excel API, a failed first call): say so in the pane. */
export function renderFailure(root: HTMLElement, message: string): void {
  const main = document.createElement('main');
  main.className = 'notice';
  const heading = document.createElement('h1');
  heading.textContent = 'Backoffice Register';
  main.append(heading, paragraph(`The register could not start: ${message}`));
  root.replaceChildren(main);
}
