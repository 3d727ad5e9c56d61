/**
 * What a host implements. A use case reads whole sheets once (a mail's re-read may ask for only its
 * records' rows, RowFilter), decides in core, and hands back a plan; the host applies it in one batch
 * per table. Apps Script is synchronous; ExcelJS files and
 * the Excel JS API are not, so there are two flavours of the same port.
 */
import type { Plan } from './core/plan';
import type { HostEnv } from './core/records';
import type { TableSnapshot } from './core/table';

export type HostKind = 'memory' | 'local' | 'gas' | 'excel';

interface DocumentBase {
  readonly kind: HostKind;
}

/**
 * A read that needs only some rows of a table: those whose `column` reads as one of `keys` (the IDs
 * of the records a mail is about). A host may return more rows, up to the whole sheet: a decision
 * over a filtered read must be right over a whole one too. Hosts where a whole read is costly (Excel:
 * the 5 MB response limit and the network) read the key column, then just those rows.
 */
export interface RowFilter {
  sheet: string;
  column: string;
  keys: readonly string[];
}

/** Where a person's cursor is in the sheet, in hosts that have a sheet on screen. */
export interface SheetPosition {
  sheet: string;
  /** 1-based sheet row. */
  row: number;
}

export interface SyncDocument extends DocumentBase {
  env(): HostEnv;
  /** Hosts with a sheet on screen: select a row ("Go to row"), and tell where the cursor is. */
  select?(at: SheetPosition): void;
  activeCell?(): SheetPosition | null;
  /** Run `fn` holding the document lock; a lock not had in time is a RegisterError('busy'). */
  withLock<T>(fn: () => T): T;
  sheetNames(): string[];
  /**
   * Whole sheets, header and rows (or, for a filtered sheet, at least the rows its filter wants); a
   * sheet that does not exist is absent from the map.
   */
  read(sheets: readonly string[], filters?: readonly RowFilter[]): Map<string, TableSnapshot>;
  apply(plan: Plan): void;
}

export interface AsyncDocument extends DocumentBase {
  env(): HostEnv;
  select?(at: SheetPosition): Promise<void>;
  activeCell?(): Promise<SheetPosition | null>;
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  sheetNames(): Promise<string[]>;
  read(sheets: readonly string[], filters?: readonly RowFilter[]): Promise<Map<string, TableSnapshot>>;
  apply(plan: Plan): Promise<void>;
}

/** One mail as a mailer sends it: already rendered and checked (core/mail). */
export interface OutgoingMail {
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  /** The plain-text body; always present (HTML mails carry a text alternative). */
  text: string;
  html?: string;
  /** A follow-up: reply in this thread where the mailer can (Gmail thread, Graph reply, References). */
  replyToMessage?: { messageId: string; threadId: string };
}

/** What a mailer knows of a sent mail; '' where it cannot tell (MailApp returns no IDs). */
export interface SentReceipt {
  messageId: string;
  threadId: string;
}

export interface SyncMailer {
  readonly kind: string;
  /** Recipients (To + Cc + Bcc) that may still be sent today; Infinity where there is no quota. */
  remainingQuota(): number;
  send(mail: OutgoingMail): SentReceipt;
}

export interface AsyncMailer {
  readonly kind: string;
  remainingQuota(): Promise<number>;
  send(mail: OutgoingMail): Promise<SentReceipt>;
}
