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

export interface OutboxMessage {
  file: string;
  date: string;
  from: string;
  to: string;
  subject: string;
}

export interface OutboxResponse {
  folder: string;
  messages: OutboxMessage[];
}

export interface OutboxMessageDetail extends OutboxMessage {
  cc: string;
  /** The first text/plain part, decoded; empty when the message has none. */
  text: string;
}
