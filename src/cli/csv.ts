/**
 * CSV as RFC 4180 describes it: fields separated by commas, records by CRLF (LF or CR alone are
 * accepted too), fields optionally in double quotes, where a quoted field may hold commas, line
 * breaks and quotes written twice (""). A UTF-8 byte order mark, which Excel writes in front of
 * "CSV UTF-8" files, is skipped. Files exported by Excel in locales that use a decimal comma are
 * separated by semicolons instead; the separator is taken from the header line.
 */
import { RegisterError } from '../core/errors';

export interface CsvRecord {
  /** 1-based record number in the file, the header being record 1 (what a spreadsheet shows as the row). */
  row: number;
  fields: string[];
}

/** Comma, unless the header line has semicolons and no comma outside quotes. */
export function detectSeparator(text: string): ',' | ';' {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return commas === 0 && semicolons > 0 ? ';' : ',';
}

const PROGRESS_EVERY = 1 << 16;

function bad(row: number, message: string): RegisterError {
  return new RegisterError('invalid', `The CSV cannot be read: row ${row}: ${message}`, [
    { field: `Row ${row}`, message },
  ]);
}

export function parseCsv(input: string, onProgress?: (done: number, total: number) => void): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = detectSeparator(text);
  const n = text.length;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let row = 1;
  let i = 0;
  let nextReport = PROGRESS_EVERY;
  // Each turn reads one field and the separator or line break after it.
  while (i < n) {
    if (onProgress && i >= nextReport) {
      onProgress(i, n);
      nextReport = i + PROGRESS_EVERY;
    }
    let field: string;
    if (text[i] === '"') {
      // Quoted: runs to the next quote that is not doubled, across separators and line breaks.
      const startRow = row;
      const parts: string[] = [];
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw bad(startRow, 'a quoted field is never closed');
        parts.push(text.slice(from, q));
        if (text[q + 1] !== '"') {
          i = q + 1;
          break;
        }
        parts.push('"');
        from = q + 2;
      }
      field = parts.join('');
      const after = text[i];
      if (after !== undefined && after !== sep && after !== '\n' && after !== '\r')
        throw bad(startRow, 'text after a closing quote (write a quote inside a quoted field as "")');
    } else {
      // Unquoted: up to the separator or the line end. A stray quote inside is kept as it is.
      let end = i;
      while (end < n && text[end] !== sep && text[end] !== '\n' && text[end] !== '\r') end++;
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    const stop = text[i];
    if (stop === sep) {
      i++;
      // A separator at the very end still ends a (last, empty) field.
      if (i === n) fields.push('');
      continue;
    }
    records.push({ row, fields });
    fields = [];
    row++;
    if (stop === '\r') i += text[i + 1] === '\n' ? 2 : 1;
    else if (stop === '\n') i++;
  }
  if (fields.length > 0) records.push({ row, fields });
  onProgress?.(n, n);
  return records;
}
