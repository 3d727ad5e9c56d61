/**
 * The JSON the workbench server sends its own page (the sidebar has its own contract, `RpcContract`).
 * Cells arrive as display text or numbers, already formatted by the server: the page only lays them out.
 */
export type GridCell = string | number;

export interface SheetPage {
  name: string;
  header: GridCell[];
  rows: GridCell[][];
  /** Index of the first row in `rows` among the sheet's data rows (0 = the row below the header). */
  offset: number;
  totalRows: number;
  /** With `?find=<ID>`: the index (among data rows) of that record's row, when the sheet has it. */
  found?: number;
}

export interface SheetsResponse {
  sheets: SheetPage[];
}

export interface VersionResponse {
  /** Changes whenever the workbook file changes (mtime and size); 'missing' before it exists. */
  workbook: string;
  /** Changes whenever a message is added to or removed from the outbox folder. */
  outbox: string;
}

/** Where mail from the register goes: `.eml` files in the outbox folder, or out through SMTP. */
export type MailDestination = 'outbox' | 'smtp';

export interface InfoResponse {
  workbook: string;
  outbox: string;
  mail: MailDestination;
}

/** The sidebar views a menu button can open (the sidebar reads them from `<html data-view>`). */
export type SidebarView = 'new' | 'merge' | 'summaries';

export interface OutboxMessage {
  file: string;
  date: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
}

export interface OutboxResponse {
  folder: string;
  messages: OutboxMessage[];
}

export interface OutboxMessageDetail extends OutboxMessage {
  /** The sender's copy keeps Bcc (see the outbox mailer), so the preview can show who was copied. */
  bcc: string;
  /** The first text/plain part, decoded; empty when the message has none. */
  text: string;
  /**
   * The first text/html part, decoded; empty when none. Untrusted markup: the page shows it only in
   * a sandboxed iframe, never in its own document.
   */
  html: string;
}
