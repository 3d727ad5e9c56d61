/**
 * Shared fixtures for the summary tests: the sample register at a fixed moment, on the memory host,
 * and the exact tables each starter report must produce there (expected.ts).
 */
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import { dispatchSync } from '../../src/service/rpc';

/** 2026-03-29 11:30 in Rome (the day DST starts), as the conformance suite uses. */
export const FIXED = {
  timeZone: 'Europe/Rome',
  nowMs: Date.parse('2026-03-29T09:30:00Z'),
  user: 'anna.ferri@backoffice.example',
};
export const TODAY = '2026-03-29';

export function memoryRegister(opts: { sample?: boolean } = { sample: true }): {
  doc: MemoryDocument;
  call<T = unknown>(method: string, request: unknown): T;
  reply(
    method: string,
    request: unknown,
  ): {
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string; problems: { field: string; message: string }[] };
  };
} {
  const doc = new MemoryDocument(() => ({ ...FIXED, locale: 'en_US' }));
  const reply = (method: string, request: unknown) =>
    JSON.parse(dispatchSync(doc, method, JSON.stringify(request)));
  const call = <T>(method: string, request: unknown): T => {
    const r = reply(method, request);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  call('setupRegister', { sample: opts.sample === true });
  return { doc, call, reply };
}

/** A sheet cell in the form of expected.ts: dates as text, empty as null. */
export function plain(cell: unknown): string | number | null {
  if (cell === '' || cell === null || cell === undefined) return null;
  if (typeof cell === 'object' && cell !== null && 'date' in cell) return (cell as { date: string }).date;
  if (Object.prototype.toString.call(cell) === '[object Date]') {
    const d = cell as Date;
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }
  return cell as string | number;
}

/**
 * The report table of a sheet: from the header row (its first cell is `firstLabel`) to the Total
 * row, without the "No records match." line, every cell through `plain`.
 */
export function sheetTable(grid: unknown[][], firstLabel: string, width: number): unknown[][] {
  const rows = grid.map((r) => Array.from({ length: width }, (_, i) => plain(r[i])));
  const start = rows.findIndex((r) => r[0] === firstLabel);
  if (start < 0) throw new Error(`no header row starting with "${firstLabel}"`);
  const end = rows.findIndex((r, i) => i > start && r[0] === 'Total');
  return rows.slice(start, end + 1).filter((r) => r[0] !== 'No records match.');
}
