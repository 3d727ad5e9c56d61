/**
 * What a host implements. A use case reads whole sheets once, decides in core, and hands back a
 * plan; the host applies it in one batch per table. Apps Script is synchronous; ExcelJS files and
 * the Excel JS API are not, so there are two flavours of the same port.
 */
import type { Plan } from './core/plan';
import type { HostEnv } from './core/records';
import type { TableSnapshot } from './core/table';

export type HostKind = 'memory' | 'local' | 'gas' | 'excel';

interface DocumentBase {
  readonly kind: HostKind;
}

export interface SyncDocument extends DocumentBase {
  env(): HostEnv;
  /** Run `fn` holding the document lock; a lock not had in time is a RegisterError('busy'). */
  withLock<T>(fn: () => T): T;
  sheetNames(): string[];
  /** Whole sheets, header and rows; a sheet that does not exist is absent from the map. */
  read(sheets: readonly string[]): Map<string, TableSnapshot>;
  apply(plan: Plan): void;
}

export interface AsyncDocument extends DocumentBase {
  env(): HostEnv;
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  sheetNames(): Promise<string[]>;
  read(sheets: readonly string[]): Promise<Map<string, TableSnapshot>>;
  apply(plan: Plan): Promise<void>;
}
