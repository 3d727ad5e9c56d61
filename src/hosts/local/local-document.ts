/**
 * The local host: a register in an .xlsx file, read and written with ExcelJS, guarded by a lock
 * file. Each operation reads the file once; a change is applied to the workbook in memory and
 * saved by writing a temporary file and renaming it over the original.
 */
import type ExcelJS from 'exceljs';
import os from 'node:os';
import path from 'node:path';
import { cellText, type Cell } from '../../core/cells';
import { RegisterError } from '../../core/errors';
import type { Plan } from '../../core/plan';
import type { HostEnv } from '../../core/records';
import type { TableSnapshot } from '../../core/table';
import type { AsyncDocument } from '../../ports';
import { applyPlanToWorkbook } from './apply-plan';
import { fromExcel } from './cell-values';
import { acquireLock } from './file-lock';
import {
  currentStamp,
  emptyWorkbook,
  loadWorkbook,
  sameStamp,
  saveWorkbook,
  type LoadedWorkbook,
} from './workbook-file';

export interface LocalDocumentOptions {
  /** The current user's email (Owner and Created by); default BACKOFFICE_USER, then user@localhost.localdomain. */
  user?: string;
  /** IANA time zone for "today" and timestamps; default BACKOFFICE_TZ, then the system's. */
  timeZone?: string;
  locale?: string;
  /** How long to wait for another program's lock before giving up (default 10 s). */
  lockTimeoutMs?: number;
  now?: () => number;
  /** Start from an empty workbook: the first apply replaces whatever the file held. */
  replace?: boolean;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** `name@localhost.localdomain`, with the characters an address cannot hold replaced. */
function defaultUser(): string {
  let name = 'user';
  try {
    name = os.userInfo().username || name;
  } catch {
    // No passwd entry (some containers): keep "user".
  }
  const local = name.replace(/[^A-Za-z0-9._+-]/g, '.').replace(/^\.+|\.+$/g, '') || 'user';
  return `${local}@localhost.localdomain`;
}

function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    throw new RegisterError(
      'usage',
      `"${timeZone}" is not a time zone (use an IANA name such as Europe/Rome; see BACKOFFICE_TZ)`,
    );
  }
}

function toCells(values: unknown, width: number): Cell[] {
  // ExcelJS row values are 1-based and sparse (README, "Rows": row.values).
  const src = Array.isArray(values) ? values : [];
  const out = new Array<Cell>(Math.max(width, src.length - 1)).fill('');
  for (let i = 1; i < src.length; i++) out[i - 1] = fromExcel(src[i]);
  return out;
}

const isBlank = (row: Cell[]) => row.every((c) => cellText(c).trim() === '');

/** A worksheet as a snapshot: row 1 is the header, rows 2 to the last non-blank row the data. */
export function snapshotOf(ws: ExcelJS.Worksheet): TableSnapshot {
  const values = ws.getSheetValues();
  const header = toCells(values[1], 0);
  while (header.length > 0 && cellText(header[header.length - 1]).trim() === '') header.pop();
  const rows: Cell[][] = [];
  for (let r = 2; r < values.length; r++) rows.push(toCells(values[r], header.length));
  while (rows.length > 0 && isBlank(rows[rows.length - 1]!)) rows.pop();
  return { name: ws.name, header, rows };
}

export class LocalDocument implements AsyncDocument {
  readonly kind = 'local' as const;
  readonly file: string;
  readonly lockPath: string;
  /** File loads and saves, as the benchmarks count service calls on other hosts. */
  readonly counts = { loads: 0, saves: 0 };
  private readonly user: string;
  private readonly timeZone: string;
  private readonly locale: string;
  private readonly lockTimeoutMs: number;
  private readonly now: () => number;
  private replacing: boolean;
  private cached: LoadedWorkbook | undefined;
  private lockDepth = 0;
  /** Under the lock, the workbook read by this operation is kept whatever happens to the file. */
  private pinned = false;

  constructor(file: string, opts: LocalDocumentOptions = {}) {
    this.file = path.resolve(file);
    this.lockPath = `${this.file}.lock`;
    this.user = opts.user ?? process.env.BACKOFFICE_USER ?? defaultUser();
    this.timeZone = checkTimeZone(
      opts.timeZone ?? process.env.BACKOFFICE_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
    this.locale = opts.locale ?? 'en_US';
    this.lockTimeoutMs = opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    this.replacing = opts.replace ?? false;
  }

  env(): HostEnv {
    return { user: this.user, timeZone: this.timeZone, locale: this.locale, nowMs: this.now() };
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (this.lockDepth > 0) return fn();
    const lock = await acquireLock(this.lockPath, {
      timeoutMs: this.lockTimeoutMs,
      name: path.basename(this.file),
    });
    this.lockDepth++;
    this.pinned = false;
    try {
      return await fn();
    } finally {
      this.lockDepth--;
      this.pinned = false;
      await lock.release();
    }
  }

  async sheetNames(): Promise<string[]> {
    const { workbook } = await this.load();
    return workbook.worksheets.map((ws) => ws.name);
  }

  async read(sheets: readonly string[]): Promise<Map<string, TableSnapshot>> {
    const { workbook } = await this.load();
    const out = new Map<string, TableSnapshot>();
    for (const name of sheets) {
      const ws = workbook.getWorksheet(name);
      if (ws) out.set(name, snapshotOf(ws));
    }
    return out;
  }

  async apply(plan: Plan): Promise<void> {
    if (this.lockDepth === 0) return this.withLock(() => this.apply(plan));
    const loaded = await this.load();
    // Whatever happens next, the copy in memory no longer matches the version it was read from.
    this.cached = undefined;
    applyPlanToWorkbook(loaded.workbook, plan);
    const stamp = await saveWorkbook(this.file, loaded.workbook, loaded.stamp);
    this.counts.saves++;
    this.replacing = false;
    // The workbook in memory is now what the file holds: the next read need not parse it again.
    this.cached = { workbook: loaded.workbook, stamp };
    this.pinned = this.lockDepth > 0;
  }

  /**
   * The workbook for the current operation, read once. A copy in memory is reused while the file
   * on disk is still the version it came from (same inode, size and modification time). Under
   * the lock the first one is kept for the whole operation: the plan is decided on it, and the
   * save refuses to overwrite a file that changed meanwhile.
   */
  private async load(): Promise<LoadedWorkbook> {
    if (this.cached && this.pinned) return this.cached;
    const stamp = await currentStamp(this.file);
    if (!this.cached || !sameStamp(this.cached.stamp, stamp)) {
      if (this.replacing) this.cached = { workbook: emptyWorkbook(), stamp };
      else {
        this.counts.loads++;
        this.cached = await loadWorkbook(this.file);
      }
    }
    this.pinned = this.lockDepth > 0;
    return this.cached;
  }
}

export function openLocalDocument(file: string, opts: LocalDocumentOptions = {}): LocalDocument {
  return new LocalDocument(file, opts);
}
