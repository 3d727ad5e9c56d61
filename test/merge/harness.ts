/**
 * One merge harness per host, so the behaviour suites run the same requests on the memory host, the
 * real Apps Script bundle in the emulator and the local .xlsx host (the Excel host's is in
 * test/excel/harness.ts): merge-behaviour.ts, and test/chase/chase-behaviour.ts, since a chase run
 * is a merge run of chase mails.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cellText } from '../../src/core/cells';
import type { ErrorPayload } from '../../src/core/errors';
import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import { localMergeRuntime, openLocalDocument } from '../../src/hosts/local';
import type { OutgoingMail } from '../../src/ports';
import type { MergeRuntime } from '../../src/service/merge-driver';
import { importRecords } from '../../src/service/register';
import { runAsync, runSync } from '../../src/service/use-case';
import { dispatchAsync, dispatchSync } from '../../src/service/rpc';
import { loadBundle, type GasBundle } from '../gas/bundle-harness';
import { FakeAsyncMailer, FakeMailer } from './fake-mailer';
import { USER, START } from './fixtures';

export interface Reply {
  ok: boolean;
  value?: unknown;
  error?: ErrorPayload;
}

export interface Sent {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  /** The Message-ID a follow-up answers (In-Reply-To), where the mailer threads. */
  inReplyTo?: string;
}

export interface MergeHarness {
  name: string;
  call(method: string, request: unknown): Promise<Reply>;
  delivered(): Sent[];
  /** Runs `fn` just before the k-th send attempt counted from now; it may edit the sheet or call in. */
  beforeSend(k: number, fn: () => unknown): void;
  /** The k-th send attempt from now fails (the mailer throws). */
  failSend(k: number): void;
  setQuota(n: number): void;
  /** Let this much time pass, as the sends of a run would take it. */
  advance(ms: number): void;
  /** Each send takes this long (fake time). */
  sendTakes(ms: number): void;
  /** Add records (through the register, all at once where the host allows). */
  seed(table: string, rows: Record<string, unknown>[]): Promise<void>;
  /** Edit one cell the way a person would, not through the register; the row is found by `keyColumn`. */
  editCell(sheet: string, id: string, column: string, value: string, keyColumn?: string): Promise<void>;
  /** Reverse the data rows of a sheet (a person sorting it). */
  reverseRows(sheet: string): Promise<void>;
  /** Every row of a sheet, header first, as text. */
  sheet(name: string): Promise<string[][]>;
  close(): Promise<void>;
}

export { USER, START } from './fixtures';

export type HarnessFactory = () => Promise<MergeHarness>;

/** What a fake mailer delivered, as the suites compare it. */
const sentOf = (m: OutgoingMail): Sent => ({
  to: m.to,
  cc: m.cc,
  bcc: m.bcc,
  subject: m.subject,
  body: m.text,
  inReplyTo: m.replyToMessage?.messageId,
});

/** Send hooks shared by the fake mailers; counts are relative to when the hook was set. */
class Hooks {
  private readonly at = new Map<number, (() => unknown)[]>();
  constructor(private readonly attempts: () => number) {}
  add(k: number, fn: () => unknown) {
    const n = this.attempts() + k;
    this.at.set(n, [...(this.at.get(n) ?? []), fn]);
  }
  take(n: number) {
    const fns = this.at.get(n) ?? [];
    this.at.delete(n);
    return fns;
  }
}

/** The memory harness, with its document, mailer and clock for tests that wrap them. */
export type MemoryHarness = MergeHarness & { doc: MemoryDocument; mailer: FakeMailer; now(): number };

export const memoryHarness = async (startMs = START): Promise<MemoryHarness> => {
  let now = startMs;
  let sendMs = 0;
  const doc = new MemoryDocument(() => ({
    user: USER,
    timeZone: 'Europe/Rome',
    locale: 'en_US',
    nowMs: now,
  }));
  const mailer = new FakeMailer(100);
  const hooks = new Hooks(() => mailer.attempts);
  const failing = new Set<number>();
  const realSend = mailer.send.bind(mailer);
  mailer.send = (mail) => {
    const n = mailer.attempts + 1;
    for (const fn of hooks.take(n)) void fn();
    now += sendMs;
    if (failing.delete(n)) {
      mailer.attempts++;
      throw new Error('Mail server said no');
    }
    return realSend(mail);
  };
  const runtime = (): Partial<MergeRuntime> => ({
    clock: () => now,
    startedAtMs: now,
    budgetMs: 5 * 60_000,
    owner: 'memory',
  });
  return {
    doc,
    mailer,
    now: () => now,
    name: 'memory',
    call: async (method, request) =>
      JSON.parse(dispatchSync(doc, method, JSON.stringify(request), { mailer, runtime: runtime() })),
    delivered: () => mailer.delivered.map(sentOf),
    beforeSend: (k, fn) => hooks.add(k, fn),
    failSend: (k) => failing.add(mailer.attempts + k),
    setQuota: (n) => (mailer.quota = n),
    advance: (ms) => (now += ms),
    sendTakes: (ms) => (sendMs = ms),
    seed: async (table, rows) => {
      runSync(doc, importRecords(table, rows));
    },
    editCell: async (sheet, id, column, value, keyColumn = 'ID') => {
      const t = doc.tables.get(sheet)!;
      const header = t.header.map(cellText);
      const row = t.rows.find((r) => cellText(r[header.indexOf(keyColumn)]) === id)!;
      row[header.indexOf(column)] = value;
    },
    reverseRows: async (sheet) => {
      doc.tables.get(sheet)!.rows.reverse();
    },
    sheet: async (name) => {
      const t = doc.tables.get(name)!;
      return [t.header.map(cellText), ...t.rows.map((r) => r.map(cellText))];
    },
    close: async () => undefined,
  };
};

/** The real Code.js in the emulator: GasMailer over the emulated MailApp, the bundle's own wiring. */
export function gasHarnessOn(gas: GasBundle, name = 'Apps Script bundle'): MergeHarness {
  const ss = gas.env.spreadsheet;
  const real = gas.env.globals.MailApp as GoogleAppsScript.Mail.MailApp;
  let attempts = 0;
  let sendMs = 0;
  const hooks = new Hooks(() => attempts);
  const failing = new Set<number>();
  (gas.context as Record<string, unknown>).MailApp = {
    getRemainingDailyQuota: () => real.getRemainingDailyQuota(),
    sendEmail: (message: GoogleAppsScript.Mail.MailAdvancedParameters) => {
      const n = ++attempts;
      for (const fn of hooks.take(n)) void fn();
      gas.env.clock.advance(sendMs);
      if (failing.delete(n)) throw new Error('Mail server said no');
      return real.sendEmail(message);
    },
  };
  let quotaOffset = 0;
  const text = (rows: unknown[][]) =>
    rows.map((r) =>
      r.map((c) =>
        c instanceof Date || Object.prototype.toString.call(c) === '[object Date]' ? String(c) : String(c),
      ),
    );
  return {
    name,
    call: async (method, request) => gas.rpc(method, request),
    delivered: () =>
      gas.env.mail.map((m) => ({ to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, body: m.body })),
    beforeSend: (k, fn) => hooks.add(k, fn),
    failSend: (k) => failing.add(attempts + k),
    setQuota: (n) => {
      // The emulator's quota is fixed at creation: spend or refund it by shifting what it reports.
      const remaining = real.getRemainingDailyQuota() + quotaOffset;
      quotaOffset += n - remaining;
      (gas.context as { MailApp: { getRemainingDailyQuota: () => number } }).MailApp.getRemainingDailyQuota =
        () => real.getRemainingDailyQuota() + quotaOffset;
    },
    advance: (ms) => gas.env.clock.advance(ms),
    sendTakes: (ms) => (sendMs = ms),
    seed: async (table, rows) => {
      for (const values of rows) {
        const r = gas.rpc('createRecord', { table, values });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
      }
    },
    editCell: async (sheet, id, column, value, keyColumn = 'ID') =>
      gas.env.execute(() => {
        const s = ss.getSheetByName(sheet)!;
        const values = s.getDataRange().getValues();
        const header = values[0]!.map(String);
        const row = values.findIndex((r, i) => i > 0 && String(r[header.indexOf(keyColumn)]) === id);
        s.getRange(row + 1, header.indexOf(column) + 1).setValue(value);
      }),
    reverseRows: async (sheet) =>
      gas.env.execute(() => {
        const s = ss.getSheetByName(sheet)!;
        const values = s.getDataRange().getValues();
        const rows = values.slice(1).reverse();
        if (rows.length > 0) s.getRange(2, 1, rows.length, values[0]!.length).setValues(rows);
      }),
    sheet: async (sheetName) => text(ss.read(sheetName)),
    close: async () => undefined,
  };
}

export const gasHarness: HarnessFactory = async () => {
  const gas = loadBundle({ user: USER, now: START, mailQuota: 100_000 });
  const h = gasHarnessOn(gas);
  h.setQuota(100);
  return h;
};

export const localHarness = async (startMs = START): Promise<MergeHarness> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'merge-'));
  const file = path.join(dir, 'register.xlsx');
  let now = startMs;
  let sendMs = 0;
  const inner = new FakeMailer(100);
  const mailer = new FakeAsyncMailer(inner);
  const hooks = new Hooks(() => inner.attempts);
  const failing = new Set<number>();
  const realSend = inner.send.bind(inner);
  mailer.send = async (mail) => {
    const n = inner.attempts + 1;
    for (const fn of hooks.take(n)) await fn();
    now += sendMs;
    if (failing.delete(n)) {
      inner.attempts++;
      throw new Error('Mail server said no');
    }
    return realSend(mail);
  };
  const doc = () =>
    openLocalDocument(file, { user: USER, timeZone: 'Europe/Rome', now: () => now, lockTimeoutMs: 2_000 });
  const workbook = async (edit: (wb: ExcelJS.Workbook) => void) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    edit(wb);
    await wb.xlsx.writeFile(file);
  };
  return {
    name: 'local .xlsx',
    call: (method, request) =>
      dispatchAsync(doc(), method, request, {
        mailer,
        // The CLI's runtime: this process owns the marker, and is alive.
        runtime: localMergeRuntime({ clock: () => now, startedAtMs: now, budgetMs: 5 * 60_000 }),
      }),
    delivered: () => inner.delivered.map(sentOf),
    beforeSend: (k, fn) => hooks.add(k, fn),
    failSend: (k) => failing.add(inner.attempts + k),
    setQuota: (n) => (inner.quota = n),
    advance: (ms) => (now += ms),
    sendTakes: (ms) => (sendMs = ms),
    seed: async (table, rows) => {
      await runAsync(doc(), importRecords(table, rows));
    },
    editCell: (sheet, id, column, value, keyColumn = 'ID') =>
      workbook((wb) => {
        const ws = wb.getWorksheet(sheet)!;
        const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
        ws.eachRow((row, n) => {
          if (n > 1 && cellTextOf(row.getCell(header.indexOf(keyColumn)).value) === id)
            row.getCell(header.indexOf(column)).value = value;
        });
      }),
    reverseRows: (sheet) =>
      workbook((wb) => {
        const ws = wb.getWorksheet(sheet)!;
        const rows: unknown[][] = [];
        ws.eachRow((row, n) => {
          if (n > 1) rows.push((row.values as unknown[]).slice(1));
        });
        rows.reverse().forEach((values, i) => {
          const row = ws.getRow(i + 2);
          values.forEach((v, c) => (row.getCell(c + 1).value = (v ?? null) as ExcelJS.CellValue));
        });
      }),
    sheet: async (name) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const out: string[][] = [];
      wb.getWorksheet(name)!.eachRow((row) =>
        out.push((row.values as unknown[]).slice(1).map((v) => cellTextOf(v))),
      );
      return out;
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

function cellTextOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null && 'richText' in v)
    return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  return String(v);
}
