/**
 * The Outbox tab: mail the local host wrote as .eml files, newest first; a message opens below the
 * list as a mail client shows it. Its HTML part is somebody's markup (a template, merged values), so
 * it goes into a sandboxed iframe's `srcdoc`, never into this page: no scripts, no forms, an opaque
 * origin that cannot reach the workbench, and the page's CSP inherited (no remote images).
 */
import type { MailDestination, OutboxMessage, OutboxMessageDetail, OutboxResponse } from '../api-types';
import { api } from './api';
import { el, replaceChildren } from './dom';

type BodyMode = 'html' | 'text';

/**
 * Messages by file name. An .eml file is written once (by rename) and never changed, so a message
 * read once stays right, and the list redrawing as new mail arrives does not refetch the open one.
 */
const messages = new Map<string, Promise<OutboxMessageDetail>>();
/** Plain text or HTML: the reader's choice, kept while they move between messages. */
let mode: BodyMode = 'html';

function when(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function emptyOutbox(outbox: OutboxResponse, mail: MailDestination): HTMLElement {
  const where =
    mail === 'smtp'
      ? 'Mail from this register goes out through SMTP (BACKOFFICE_SMTP_URL), so it is not written here; only .eml files put in this folder show.'
      : 'Mail sent from the register (Mail merge) is written here as .eml files, one per message, to open in any mail client.';
  return el(
    'div',
    { class: 'empty' },
    el('p', {}, el('strong', {}, 'The outbox is empty.')),
    el('p', {}, where),
    el('p', { class: 'muted' }, 'Folder: ', el('code', {}, outbox.folder)),
  );
}

export function renderOutbox(
  outbox: OutboxResponse,
  mail: MailDestination,
  selected: string | undefined,
  onSelect: (file: string) => void,
): HTMLElement {
  if (outbox.messages.length === 0) return emptyOutbox(outbox, mail);
  const rows = outbox.messages.map((m: OutboxMessage) =>
    el(
      'tr',
      {
        class: m.file === selected ? 'selected' : undefined,
        'aria-selected': m.file === selected ? 'true' : undefined,
        tabindex: 0,
        'data-file': m.file,
      },
      el('td', { class: 'nowrap' }, when(m.date)),
      el('td', { title: m.to }, m.to),
      el('td', { title: m.cc }, m.cc),
      el('td', { title: m.subject }, m.subject),
      el('td', { class: 'muted', title: m.file }, m.file),
    ),
  );
  const table = el(
    'table',
    { class: 'grid outbox', 'aria-label': 'Outbox' },
    el(
      'thead',
      {},
      el(
        'tr',
        { class: 'header' },
        ...['Date', 'To', 'Cc', 'Subject', 'File'].map((h) => el('th', { scope: 'col' }, h)),
      ),
    ),
    el('tbody', {}, ...rows),
  );
  const pick = (e: Event) => {
    const row = (e.target as Element).closest('tr[data-file]');
    if (row && (e.type === 'click' || (e as KeyboardEvent).key === 'Enter'))
      onSelect(row.getAttribute('data-file')!);
  };
  table.addEventListener('click', pick);
  table.addEventListener('keydown', pick);
  const preview = el('section', { class: 'preview', 'aria-live': 'polite', 'aria-label': 'Message' });
  if (selected) void showMessage(preview, selected);
  else
    preview.append(el('p', { class: 'muted hint' }, 'Choose a message to read it, as its recipients will.'));
  return el(
    'div',
    { class: 'outbox-view' },
    el('p', { class: 'muted folder' }, 'Folder: ', el('code', {}, outbox.folder)),
    table,
    preview,
  );
}

function message(file: string): Promise<OutboxMessageDetail> {
  let m = messages.get(file);
  if (!m) {
    m = api.message(file);
    // A failure (the file was removed) is not remembered: the next look asks again.
    m.catch(() => messages.delete(file));
    messages.set(file, m);
  }
  return m;
}

async function showMessage(target: HTMLElement, file: string): Promise<void> {
  replaceChildren(target, el('p', { class: 'muted' }, 'Loading…'));
  try {
    const m = await message(file);
    const line = (label: string, value: string) =>
      value && el('div', {}, el('span', { class: 'label' }, label), value);
    const body = el('div', { class: 'body' });
    const drawBody = () => replaceChildren(body, mode === 'html' && m.html ? htmlFrame(m.html) : textBody(m));
    const switcher = m.html ? bodySwitch(drawBody) : null;
    drawBody();
    replaceChildren(
      target,
      el('h2', {}, m.subject || '(no subject)'),
      el(
        'div',
        { class: 'headers' },
        line('From', m.from),
        line('To', m.to),
        line('Cc', m.cc),
        line('Bcc', m.bcc),
        line('Date', when(m.date)),
      ),
      switcher,
      body,
    );
  } catch (err) {
    replaceChildren(target, el('p', { class: 'error' }, (err as Error).message));
  }
}

/** HTML or plain text, for a message that has both; pressing one redraws the body. */
function bodySwitch(redraw: () => void): HTMLElement {
  const buttons = (['html', 'text'] as const).map((value) =>
    el(
      'button',
      { type: 'button', 'data-mode': value, 'aria-pressed': String(mode === value) },
      value === 'html' ? 'HTML' : 'Plain text',
    ),
  );
  for (const b of buttons)
    b.addEventListener('click', () => {
      mode = b.dataset.mode === 'text' ? 'text' : 'html';
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === b));
      redraw();
    });
  return el('div', { class: 'switch', role: 'group', 'aria-label': 'Show the message as' }, ...buttons);
}

function textBody(m: OutboxMessageDetail): HTMLElement {
  return el('pre', {}, m.text || '(This message has no plain-text part.)');
}

/**
 * `sandbox` with no permissions: no script runs, no form submits, no popup opens, and the frame's
 * origin is opaque, so the markup cannot read or drive this page. `srcdoc` is set as a property:
 * the markup is the frame's document, parsed there, never into ours.
 */
function htmlFrame(html: string): HTMLIFrameElement {
  const frame = el('iframe', {
    class: 'mail-html',
    sandbox: '',
    referrerpolicy: 'no-referrer',
    title: 'The message as HTML',
  });
  frame.srcdoc = html;
  return frame;
}
