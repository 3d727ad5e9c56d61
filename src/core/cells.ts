/**
 * The cell model shared by every host. Hosts convert their native values at the boundary:
 * Apps Script and Excel Dates become `{ date }` (midnight) or `{ dateTime }` (wall time in the
 * spreadsheet's time zone); empty cells become ''. Core never sees a JavaScript Date, so a date
 * typed as 2026-03-29 stays 2026-03-29 in every time zone.
 */
export type CellDate = { date: string };
export type CellDateTime = { dateTime: string };
export type Cell = string | number | boolean | CellDate | CellDateTime;

export function isCellDate(v: unknown): v is CellDate {
  return typeof v === 'object' && v !== null && typeof (v as CellDate).date === 'string';
}

export function isCellDateTime(v: unknown): v is CellDateTime {
  return typeof v === 'object' && v !== null && typeof (v as CellDateTime).dateTime === 'string';
}

export function isEmptyCell(v: Cell | undefined): boolean {
  return v === undefined || v === '' || (typeof v === 'string' && v.trim() === '');
}

/** Cells compare by content, so a rewritten but unchanged value is not reported as a change. */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  if (isEmptyCell(a) && isEmptyCell(b)) return true;
  if (isCellDate(a) || isCellDate(b)) return isCellDate(a) && isCellDate(b) && a.date === b.date;
  if (isCellDateTime(a) || isCellDateTime(b))
    return isCellDateTime(a) && isCellDateTime(b) && a.dateTime === b.dateTime;
  return a === b;
}

/** A short text form, for messages, audit entries and the CLI. */
export function cellText(v: Cell | undefined): string {
  if (v === undefined) return '';
  if (isCellDate(v)) return v.date;
  if (isCellDateTime(v)) return v.dateTime.replace('T', ' ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

/**
 * Text that a spreadsheet or a CSV reader would turn into a formula or a command
 * (DESIGN.md, Security): a leading =, +, -, @, tab, CR or LF.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r\n]/.test(text);
}
