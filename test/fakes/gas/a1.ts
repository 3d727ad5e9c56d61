import { gasError } from './errors';

/** A parsed A1 reference. Missing bounds mean "to the edge of the sheet" ('A:A', '3:3', 'A2:B'). */
export interface A1Ref {
  sheetName?: string;
  startRow?: number;
  startCol?: number;
  endRow?: number;
  endCol?: number;
}

export function columnLetters(col: number): string {
  let n = col;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const CELL = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

function parseCell(text: string): { row?: number; col?: number } | null {
  const m = CELL.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  return {
    col: m[1] ? lettersToColumn(m[1]) : undefined,
    row: m[2] ? Number(m[2]) : undefined,
  };
}

/** Parses 'A1', 'A1:B2', 'A:A', '1:1', 'A2:B', "'My sheet'!A1:B2". Throws "Range not found" like Apps Script. */
export function parseA1(text: string): A1Ref {
  let rest = text.trim();
  let sheetName: string | undefined;
  const bang = rest.lastIndexOf('!');
  if (bang >= 0) {
    const raw = rest.slice(0, bang);
    rest = rest.slice(bang + 1);
    sheetName = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  }
  const [a, b, extra] = rest.split(':');
  if (a === undefined || extra !== undefined) throw gasError('Range not found');
  const start = parseCell(a);
  const end = b === undefined ? start : parseCell(b);
  if (!start || !end) throw gasError('Range not found');
  if (b === undefined && (start.row === undefined || start.col === undefined))
    throw gasError('Range not found');
  const ref: A1Ref = { sheetName };
  ref.startRow = start.row ?? (end.row === undefined ? undefined : 1);
  ref.startCol = start.col ?? (end.col === undefined ? undefined : 1);
  ref.endRow = end.row;
  ref.endCol = end.col;
  if (start.row === undefined && end.row === undefined) ref.startRow = undefined;
  if (start.col === undefined && end.col === undefined) ref.startCol = undefined;
  return ref;
}

export function formatA1(row: number, col: number, numRows: number, numCols: number): string {
  const start = `${columnLetters(col)}${row}`;
  if (numRows === 1 && numCols === 1) return start;
  return `${start}:${columnLetters(col + numCols - 1)}${row + numRows - 1}`;
}

/** Sheet names that need quoting in A1 references are wrapped in single quotes, as Sheets does. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
