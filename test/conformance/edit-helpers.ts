import { cellText, type Cell } from '../../src/core/cells';
import type { Edit } from './bad-input-corpus';

/** Apply a person's hand edit to a header + rows grid (1-based row; row 1 is the header). */
export function editGrid(grid: { header: Cell[]; rows: Cell[][] }, e: Edit): void {
  if ('clear' in e) {
    grid.header = [];
    grid.rows = [];
    return;
  }
  const col = grid.header.findIndex((h) => cellText(h).trim() === e.header);
  if (col < 0) throw new Error(`No column ${e.header}`);
  if (e.row === 1) grid.header[col] = e.to;
  else grid.rows[e.row - 2]![col] = e.to;
}
