/**
 * The Correspondence sheet read as mail rows, and each mail's history found by its key. The sheet
 * is the merge's state: PENDING -> SENDING -> SENT | FAILED, one row per attempt (keys.ts).
 */
import { cellText, type Cell } from '../cells';
import { CORRESPONDENCE_HEADER, CORRESPONDENCE_SHEET } from '../logs';
import { mapHeader, type TableSnapshot } from '../table';
import { splitAttempt } from './keys';

export const MAIL_STATES = ['PENDING', 'SENDING', 'SENT', 'FAILED'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/** One row of Correspondence, as text: what the sidebar lists and what the merge decides on. */
export interface CorrespondenceRow {
  key: string;
  when: string;
  sentBy: string;
  template: string;
  recordIds: string[];
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  /** As written in the sheet; anything but the four states is treated as "needs review". */
  state: string;
  messageId: string;
  threadId: string;
  error: string;
}

export interface CorrespondenceLog {
  rows: CorrespondenceRow[];
  /** Columns of CORRESPONDENCE_HEADER the sheet lacks (an older register has no Key column). */
  missing: string[];
  exists: boolean;
}

const FIELDS: [keyof CorrespondenceRow, string][] = [
  ['key', 'Key'],
  ['when', 'When'],
  ['sentBy', 'Sent by'],
  ['template', 'Template'],
  ['to', 'To'],
  ['cc', 'Cc'],
  ['bcc', 'Bcc'],
  ['subject', 'Subject'],
  ['state', 'State'],
  ['messageId', 'Message ID'],
  ['threadId', 'Thread ID'],
  ['error', 'Error'],
];

export function splitIds(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readCorrespondence(snapshot: TableSnapshot | undefined): CorrespondenceLog {
  if (!snapshot) return { rows: [], missing: [...CORRESPONDENCE_HEADER], exists: false };
  const { columns, missing } = mapHeader(CORRESPONDENCE_SHEET, snapshot.header, CORRESPONDENCE_HEADER);
  const at = (row: Cell[], header: string) => {
    const i = columns.get(header.toLowerCase());
    return i === undefined ? '' : cellText(row[i]).trim();
  };
  const rows: CorrespondenceRow[] = [];
  for (const r of snapshot.rows) {
    const row = { recordIds: splitIds(at(r, 'Record IDs')) } as CorrespondenceRow;
    for (const [name, header] of FIELDS) (row[name] as string) = at(r, header);
    if (row.key === '' && row.template === '' && row.subject === '' && row.state === '') continue;
    rows.push(row);
  }
  return { rows, missing, exists: true };
}

export function isMailState(s: string): s is MailState {
  return (MAIL_STATES as readonly string[]).includes(s);
}

/**
 * A mail's rows by key. A row is filed under its own key and, when the key ends in " #n", under the
 * key without it too: a group value that happens to end in " #5" then also counts as an attempt of
 * its shorter neighbour. That errs towards "already sent" (a mail held back), never towards a
 * duplicate.
 */
export class MailHistory {
  private readonly byBase = new Map<string, { row: CorrespondenceRow; attempt: number }[]>();
  readonly byKey = new Map<string, CorrespondenceRow>();

  constructor(readonly log: CorrespondenceLog) {
    for (const row of log.rows) {
      if (!row.key) continue;
      if (!this.byKey.has(row.key)) this.byKey.set(row.key, row);
      this.file(row.key, row, 1);
      const split = splitAttempt(row.key);
      if (split) this.file(split.base, row, split.attempt);
    }
  }

  private file(base: string, row: CorrespondenceRow, attempt: number): void {
    let list = this.byBase.get(base);
    if (!list) this.byBase.set(base, (list = []));
    list.push({ row, attempt });
  }

  /** Every attempt of a mail, oldest first; the template must match too (case-insensitively). */
  attempts(base: string, template: string): { row: CorrespondenceRow; attempt: number }[] {
    const t = template.trim().toLowerCase();
    return (this.byBase.get(base) ?? [])
      .filter((a) => a.row.template.toLowerCase() === t)
      .sort((a, b) => a.attempt - b.attempt);
  }

  /** The number for a new attempt: one more than any row filed under the base, whatever its template. */
  nextAttempt(base: string): number {
    let max = 0;
    for (const a of this.byBase.get(base) ?? []) max = Math.max(max, a.attempt);
    // A key taken by any row (whatever it is filed under) is never reused: writes are keyed by it.
    let n = max + 1;
    while (this.byKey.has(n <= 1 ? base : `${base} #${n}`)) n++;
    return n;
  }
}
