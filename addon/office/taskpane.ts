// Excel task pane entry point (bundled to taskpane.js by scripts/build-office.mjs).
//
// For now the pane says plainly that the register is not here yet; later work mounts the shared sidebar
// (sidebar/) here with its in-process Rpc bridge. Everything is rendered with textContent, never
// innerHTML (DESIGN.md, Security).
//
// The same page serves every ribbon button, told apart by ?view= (manifest.xml), and the notice dialog
// that commands.ts opens for Build summaries.

/** The views the manifest and commands.ts can ask for. */
export type TaskpaneView = 'register' | 'merge' | 'chase' | 'help' | 'summaries-unavailable';

const VIEWS: Record<TaskpaneView, { title: string; lines: string[] }> = {
  register: {
    title: 'Backoffice Register',
    lines: ['Backoffice Register task pane: the register opens here in a later version.'],
  },
  merge: {
    title: 'Mail merge',
    lines: ['Backoffice Register task pane: mail merge opens here in a later version.'],
  },
  chase: {
    title: 'Run chases',
    lines: ['Backoffice Register task pane: chases open here in a later version.'],
  },
  help: {
    title: 'Backoffice Register help',
    lines: [
      'Backoffice Register keeps a structured register (suppliers, orders, contracts and more) in this workbook.',
      'This is an early version: the register, mail merge and chases open in this pane in a later version.',
    ],
  },
  'summaries-unavailable': {
    title: 'Build summaries',
    lines: [
      'Build summaries is not available in Excel yet. It arrives in a later version of Backoffice Register.',
    ],
  },
};

/** Reads ?view= from a location search string; anything unknown opens the register. */
export function viewFromSearch(search: string): TaskpaneView {
  const view = new URLSearchParams(search).get('view');
  // hasOwnProperty rather than Object.hasOwn: older Office webviews lack ES2022 built-ins, and esbuild
  // lowers syntax only, never adds polyfills.
  return view !== null && Object.prototype.hasOwnProperty.call(VIEWS, view)
    ? (view as TaskpaneView)
    : 'register';
}

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

function render(root: HTMLElement, view: TaskpaneView, host: Office.HostType | null): void {
  const { title, lines } = VIEWS[view];
  const heading = document.createElement('h1');
  heading.textContent = title;
  const children: HTMLElement[] = [heading, ...lines.map(paragraph)];

  // Office.onReady resolves with a null host when the page is opened in a plain browser.
  if (host === null) {
    children.push(paragraph('Open this page from Excel: Home tab, Backoffice Register group.'));
  }

  // Opened by commands.ts with displayDialogAsync: offer a way back. messageParent is one of the two
  // Office APIs a dialog may call (learn.microsoft.com/office/dev/add-ins/develop/dialog-api-in-office-add-ins).
  if (view === 'summaries-unavailable' && host !== null) {
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.addEventListener('click', () => Office.context.ui.messageParent('close'));
    children.push(close);
  }

  root.replaceChildren(...children);
  document.title = title;
}

void Office.onReady((info) => {
  const root = document.getElementById('app');
  if (root) render(root, viewFromSearch(window.location.search), info.host ?? null);
});
