/** The Outbox tab: mail the local host wrote as .eml files, newest first, with a plain-text preview. */
import type { OutboxMessage, OutboxResponse } from '../api-types';
import { api } from './api';
import { el, replaceChildren } from './dom';

function when(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function renderOutbox(
  outbox: OutboxResponse,
  selected: string | undefined,
  onSelect: (file: string) => void,
): HTMLElement {
  if (outbox.messages.length === 0)
    return el(
      'div',
      { class: 'empty' },
      el('p', {}, el('strong', {}, 'The outbox is empty.')),
      el(
        'p',
        {},
        'Mail sent from the register is written here as .eml files, one per message, to open in any mail client.',
      ),
      el('p', { class: 'muted' }, 'Folder: ', el('code', {}, outbox.folder)),
    );
  const rows = outbox.messages.map((m: OutboxMessage) =>
    el(
      'tr',
      { class: m.file === selected ? 'selected' : undefined, tabindex: 0, 'data-file': m.file },
      el('td', { class: 'nowrap' }, when(m.date)),
      el('td', { title: m.to }, m.to),
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
        ...['Date', 'To', 'Subject', 'File'].map((h) => el('th', { scope: 'col' }, h)),
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
  const preview = el('section', { class: 'preview', 'aria-live': 'polite' });
  if (selected) void showMessage(preview, selected);
  return el(
    'div',
    { class: 'outbox-view' },
    el('p', { class: 'muted folder' }, 'Folder: ', el('code', {}, outbox.folder)),
    table,
    preview,
  );
}

async function showMessage(target: HTMLElement, file: string): Promise<void> {
  replaceChildren(target, el('p', { class: 'muted' }, 'Loading…'));
  try {
    const m = await api.message(file);
    const line = (label: string, value: string) =>
      value && el('div', {}, el('span', { class: 'label' }, label), value);
    replaceChildren(
      target,
      el('h2', {}, m.subject || '(no subject)'),
      el(
        'div',
        { class: 'headers' },
        line('From', m.from),
        line('To', m.to),
        line('Cc', m.cc),
        line('Date', when(m.date)),
      ),
      el('pre', {}, m.text || '(This message has no plain-text part.)'),
    );
  } catch (err) {
    replaceChildren(target, el('p', { class: 'error' }, (err as Error).message));
  }
}
