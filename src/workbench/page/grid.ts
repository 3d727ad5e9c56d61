/**
 * One sheet as a read-only spreadsheet grid: column letters and the header row stay visible while
 * scrolling, rows are numbered as in the sheet (the header is row 1), so "row 7" in a validation
 * message is the row the user sees here.
 */
import { columnLetter } from '../../core/table';
import type { GridCell, SheetPage } from '../api-types';
import { el } from './dom';

/** Beyond this, a cell shows an ellipsis and its full text in a tooltip. */
const TOOLTIP_FROM = 40;

function cell(tag: 'td' | 'th', value: GridCell | undefined): HTMLTableCellElement {
  const text = value === undefined ? '' : String(value);
  const node = el(tag, { class: typeof value === 'number' ? 'num' : undefined }, text);
  if (text.length > TOOLTIP_FROM || text.includes('\n')) node.title = text;
  return node;
}

/** The column holding record IDs, found by header as everywhere in the register; -1 when none. */
export function idColumn(sheet: SheetPage): number {
  return sheet.header.findIndex((h) => String(h).trim().toLowerCase() === 'id');
}

/** `selected`: the index (among data rows) of the highlighted row, if it is on this page. */
export function renderGrid(sheet: SheetPage, selected?: number): HTMLTableElement {
  const width = Math.max(sheet.header.length, ...sheet.rows.map((r) => r.length), 1);
  const columns = Array.from({ length: width }, (_, i) => i);
  const letters = el('tr', { class: 'letters' }, el('th', { class: 'corner', 'aria-hidden': 'true' }));
  for (const i of columns) letters.append(el('th', { scope: 'col', 'aria-hidden': 'true' }, columnLetter(i)));
  const header = el('tr', { class: 'header' }, el('th', { class: 'rownum', scope: 'row' }, '1'));
  for (const i of columns) {
    const th = cell('th', sheet.header[i]);
    th.setAttribute('scope', 'col');
    header.append(th);
  }
  const body = el('tbody');
  sheet.rows.forEach((row, r) => {
    // +2: sheet rows are 1-based and row 1 is the header.
    const index = sheet.offset + r;
    const tr = el(
      'tr',
      {
        'data-row': index,
        class: index === selected ? 'selected' : undefined,
        'aria-selected': index === selected ? 'true' : undefined,
      },
      el('th', { class: 'rownum', scope: 'row' }, String(index + 2)),
    );
    for (const i of columns) tr.append(cell('td', row[i]));
    body.append(tr);
  });
  return el('table', { class: 'grid', 'aria-label': sheet.name }, el('thead', {}, letters, header), body);
}
