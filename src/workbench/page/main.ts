/**
 * The workbench page: sheets on the left as a read-only grid with spreadsheet-style tabs at the
 * bottom, the add-on's menu on top, the real sidebar on the right. The grid follows the file: it is
 * redrawn after each menu action and whenever the workbook changes on disk (the sidebar saving, the
 * CLI, Excel), found by polling the file's version.
 */
import './style.css';
import type { MailDestination, SheetPage, SidebarView } from '../api-types';
import { menuButtons, type Notice } from './actions';
import { api } from './api';
import { el, replaceChildren } from './dom';
import { idColumn, renderGrid } from './grid';
import { renderOutbox } from './outbox-view';

const PAGE_SIZE = 500;
const POLL_MS = 2000;
const OUTBOX = Symbol('outbox');
type Tab = string | typeof OUTBOX;
interface RecordRef {
  table: string;
  id: string;
}

const state = {
  tab: undefined as Tab | undefined,
  offset: 0,
  sheetNames: [] as string[],
  /** The page on screen, when a sheet tab is active. */
  page: undefined as SheetPage | undefined,
  /** The selected row of the active sheet, by index among data rows and, where it has one, by ID. */
  selected: undefined as { row: number; id?: string } | undefined,
  outboxCount: 0,
  selectedMessage: undefined as string | undefined,
  mail: 'outbox' as MailDestination,
  versions: { workbook: '', outbox: '' },
};

const title = el('span', { class: 'workbook' });
const status = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
const notice = el('section', { class: 'notice', hidden: true, 'aria-live': 'polite' });
const content = el('main', { class: 'content', tabindex: 0, 'aria-label': 'Sheet' });
const pager = el('div', { class: 'pager' });
// Sheet tabs scroll sideways when there are many; the Outbox tab stays pinned at the right end.
const sheetTabs = el('div', { class: 'sheet-tabs' });
const outboxTab = el('div', { class: 'outbox-tabs' });
const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Sheets' }, sheetTabs, outboxTab);
const sidebarFrame = el('iframe', { src: '/sidebar', title: 'Backoffice Register sidebar', name: 'sidebar' });
const sidebar = el(
  'aside',
  { class: 'sidebar', 'aria-label': 'Sidebar' },
  el(
    'div',
    { class: 'sidebar-bar' },
    el('span', {}, 'Backoffice Register'),
    el(
      'button',
      {
        type: 'button',
        class: 'close',
        'aria-label': 'Close sidebar',
        title: 'Close sidebar',
        onclick: () => (sidebar.hidden = true),
      },
      '×',
    ),
  ),
  sidebarFrame,
);

function notify(n: Notice): void {
  notice.hidden = false;
  notice.className = `notice ${n.kind}`;
  const close = el(
    'button',
    { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => (notice.hidden = true) },
    '×',
  );
  const shown = n.lines?.slice(0, 200) ?? [];
  const more =
    n.lines && n.lines.length > shown.length
      ? el('p', {}, `…and ${n.lines.length - shown.length} more.`)
      : null;
  replaceChildren(
    notice,
    close,
    el('p', { class: 'title' }, n.title),
    shown.length ? el('ul', {}, ...shown.map((l) => el('li', {}, l))) : null,
    more,
  );
}

function renderTabs(): void {
  const tab = (label: string, value: Tab) => {
    const selected = state.tab === value;
    return el(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: 'tab',
        'aria-selected': String(selected),
        tabindex: selected ? 0 : -1,
        onclick: () => void select(value),
      },
      label,
    );
  };
  const scroll = sheetTabs.scrollLeft;
  replaceChildren(sheetTabs, ...state.sheetNames.map((name) => tab(name, name)));
  sheetTabs.scrollLeft = scroll;
  replaceChildren(outboxTab, tab(state.outboxCount ? `Outbox (${state.outboxCount})` : 'Outbox', OUTBOX));
}

async function select(tab: Tab): Promise<void> {
  if (tab !== state.tab) {
    state.tab = tab;
    state.offset = 0;
    state.selected = undefined;
    content.scrollTo({ top: 0, left: 0 });
  }
  renderTabs();
  sheetTabs.querySelector('[aria-selected=true]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  await drawContent();
}

function renderPager(sheet: SheetPage | undefined): void {
  if (!sheet || sheet.totalRows <= PAGE_SIZE) return replaceChildren(pager);
  const first = sheet.offset + 2;
  const last = sheet.offset + sheet.rows.length + 1;
  const go = (offset: number) => () => {
    state.offset = offset;
    content.scrollTo({ top: 0 });
    void drawContent();
  };
  const n = (x: number) => x.toLocaleString('en');
  replaceChildren(
    pager,
    el(
      'button',
      { type: 'button', disabled: sheet.offset === 0, onclick: go(Math.max(0, sheet.offset - PAGE_SIZE)) },
      '‹ Previous',
    ),
    el('span', {}, `Rows ${n(first)}–${n(last)} of ${n(sheet.totalRows + 1)}`),
    el(
      'button',
      {
        type: 'button',
        disabled: sheet.offset + PAGE_SIZE >= sheet.totalRows,
        onclick: go(sheet.offset + PAGE_SIZE),
      },
      'Next ›',
    ),
  );
}

/** After a refresh the selected record may have moved (sorted in Excel, a row deleted): follow its ID. */
function followSelection(sheet: SheetPage): void {
  const sel = state.selected;
  if (!sel?.id) return;
  const col = idColumn(sheet);
  const at = sheet.rows.findIndex((r) => String(r[col]) === sel.id);
  if (at >= 0) sel.row = sheet.offset + at;
}

function showSheet(sheet: SheetPage): void {
  state.page = sheet;
  followSelection(sheet);
  renderPager(sheet);
  replaceChildren(content, renderGrid(sheet, state.selected?.row));
}

function showEmptyWorkbook(): void {
  state.page = undefined;
  renderPager(undefined);
  replaceChildren(
    content,
    el(
      'div',
      { class: 'empty' },
      el('p', {}, el('strong', {}, 'This workbook has no sheets yet.')),
      el('p', {}, 'Use Set up register to create the starter register in it.'),
    ),
  );
}

/** Redraws the active tab, keeping the scroll position (a refresh should not jump). */
async function drawContent(): Promise<void> {
  const { scrollTop, scrollLeft } = content;
  try {
    if (state.tab === OUTBOX) {
      const outbox = await api.outbox();
      state.page = undefined;
      state.outboxCount = outbox.messages.length;
      renderPager(undefined);
      replaceChildren(
        content,
        renderOutbox(outbox, state.mail, state.selectedMessage, (file) => {
          state.selectedMessage = file;
          void drawContent();
        }),
      );
    } else if (state.tab === undefined) {
      showEmptyWorkbook();
    } else {
      const { sheets } = await api.sheets({ sheet: state.tab, offset: state.offset, limit: PAGE_SIZE });
      if (!sheets[0]) {
        // The sheet was deleted or renamed meanwhile: fall back to the first one.
        state.tab = undefined;
        return await refresh();
      }
      showSheet(sheets[0]);
    }
    content.scrollTop = scrollTop;
    content.scrollLeft = scrollLeft;
  } catch (err) {
    replaceChildren(content, el('p', { class: 'error empty' }, (err as Error).message));
  }
}

/** Reloads the sheet list (sheets come and go with Set up register) and the active tab. */
async function refresh(): Promise<void> {
  try {
    const [{ sheets }, outbox] = await Promise.all([api.sheets({ limit: 1 }), api.outbox()]);
    state.sheetNames = sheets.map((s) => s.name);
    state.outboxCount = outbox.messages.length;
    if (state.tab !== OUTBOX && (state.tab === undefined || !state.sheetNames.includes(state.tab)))
      state.tab = state.sheetNames.find((n) => n !== 'Setup') ?? state.sheetNames[0];
    renderTabs();
    await drawContent();
  } catch (err) {
    status.textContent = (err as Error).message;
  }
}

async function poll(): Promise<void> {
  try {
    const v = await api.version();
    const changed = v.workbook !== state.versions.workbook || v.outbox !== state.versions.outbox;
    state.versions = v;
    if (changed) await refresh();
    if (status.dataset.offline) {
      delete status.dataset.offline;
      status.textContent = '';
    }
  } catch {
    status.dataset.offline = 'true';
    status.textContent = 'The workbench server is not answering; is it still running?';
  } finally {
    setTimeout(() => void poll(), POLL_MS);
  }
}

function busy(label: string | undefined): void {
  status.textContent = label ?? '';
  document.body.classList.toggle('busy', label !== undefined);
}

function openSidebar(view?: SidebarView): void {
  sidebar.hidden = false;
  // Loading the sidebar again opens it at the requested view, like reopening it in Sheets; New
  // record and Mail merge start in the table of the active sheet.
  const params = new URLSearchParams();
  if (view) params.set('view', view);
  if ((view === 'new' || view === 'merge') && typeof state.tab === 'string') params.set('table', state.tab);
  const query = params.toString();
  sidebarFrame.src = query ? `/sidebar?${query}` : '/sidebar';
  sidebarFrame.focus();
}

/** A sheet's tab, by name, once refresh() has listed it (Build summaries shows its first new sheet). */
async function selectSheet(name: string): Promise<void> {
  if (state.sheetNames.includes(name)) await select(name);
}

function selectRow(row: number): void {
  const sheet = state.page;
  if (!sheet || row < 0 || row >= sheet.totalRows) return;
  if (row < sheet.offset || row >= sheet.offset + sheet.rows.length) return; // another page
  const col = idColumn(sheet);
  const id = col >= 0 ? String(sheet.rows[row - sheet.offset]?.[col] ?? '').trim() : '';
  state.selected = id ? { row, id } : { row };
  for (const tr of content.querySelectorAll('tr.selected')) {
    tr.classList.remove('selected');
    tr.removeAttribute('aria-selected');
  }
  const tr = content.querySelector(`tr[data-row="${row}"]`);
  tr?.classList.add('selected');
  tr?.setAttribute('aria-selected', 'true');
  tr?.scrollIntoView({ block: 'nearest' });
}

content.addEventListener('click', (e) => {
  const tr = (e.target as Element).closest('tr[data-row]');
  if (tr && state.page) selectRow(Number(tr.getAttribute('data-row')));
});
// Up and down move the selection, as in a spreadsheet.
content.addEventListener('keydown', (e) => {
  if (!state.page || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
  e.preventDefault();
  const from = state.selected?.row ?? state.page.offset - 1;
  selectRow(from + (e.key === 'ArrowDown' ? 1 : -1));
});

// Arrow keys move between tabs, as in any tab list.
tabs.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
  const all = [...tabs.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  const at = all.indexOf(document.activeElement as HTMLButtonElement);
  const next = all[(at + (e.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
  next?.click();
  next?.focus();
});

/**
 * Sheet navigation for the sidebar in the iframe (sidebar/navigation.ts, wired up by the script the
 * server adds to the sidebar page): "Go to row" selects a record's row here, and "Open the selected
 * record" reads the row selected here.
 */
const navigation = {
  async selectRecord(ref: RecordRef): Promise<void> {
    const { sheets } = await api.sheets({ sheet: ref.table, limit: PAGE_SIZE, find: ref.id });
    const sheet = sheets[0];
    if (!sheet || sheet.found === undefined) throw new Error(`${ref.id} is not in the sheet "${ref.table}".`);
    state.tab = ref.table;
    state.offset = sheet.offset;
    state.selected = { row: sheet.found, id: ref.id };
    renderTabs();
    showSheet(sheet);
    content.querySelector('tr.selected')?.scrollIntoView({ block: 'center' });
  },
  async selectedRecord(): Promise<RecordRef | null> {
    if (typeof state.tab !== 'string' || !state.selected?.id) return null;
    return { table: state.tab, id: state.selected.id };
  },
};
(window as Window & { backofficeWorkbench?: typeof navigation }).backofficeWorkbench = navigation;

async function boot(): Promise<void> {
  const header = el(
    'header',
    { class: 'topbar' },
    el('span', { class: 'brand' }, 'Backoffice Register'),
    title,
    menuButtons({ openSidebar, notify, busy, refresh, selectSheet, confirm: (q) => window.confirm(q) }),
    status,
  );
  const left = el('div', { class: 'left' }, notice, content, el('footer', { class: 'bottom' }, tabs, pager));
  document.body.append(header, el('div', { class: 'workspace' }, left, sidebar));
  try {
    const info = await api.info();
    title.textContent = info.workbook;
    title.title = info.workbook;
    state.mail = info.mail;
  } catch {
    // the poll below reports a server that is not answering
  }
  await poll();
}

void boot();
