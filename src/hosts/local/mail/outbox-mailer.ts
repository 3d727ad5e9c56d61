/**
 * The default local mailer: every mail becomes one RFC 5322 `.eml` file in an outbox folder
 * (default `outbox/` beside the workbook), openable in any mail client and listed by the workbench.
 * Nothing leaves the machine, so a register can be tried, tested and demonstrated without a server.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import type { AsyncMailer, OutgoingMail, SentReceipt } from '../../../ports';
import {
  assertSendable,
  composeMessage,
  composerOptions,
  MAX_RECIPIENTS_PER_MESSAGE,
  newMessageId,
  threadIdFor,
} from './outgoing';

export interface OutboxMailerOptions {
  /** The folder the .eml files go to; created on the first send when missing. */
  folder: string;
  /** The From address (and display name), e.g. `Carla Díaz <carla@example.com>`. */
  from: string;
  /**
   * Recipients (To + Cc + Bcc) the outbox accepts per local day, counted from today's files; no
   * limit when absent. Lets a rehearsal behave like the real quota (BACKOFFICE_DAILY_QUOTA).
   */
  dailyQuota?: number;
  maxRecipientsPerMessage?: number;
  /** The clock and the ID source; tests pin them. */
  now?: () => Date;
  newId?: () => string;
}

/** `20250106-080000-1a2b3c4d.eml`: the UTC time of sending, then the start of the Message-ID's UUID. */
const OUR_FILE = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[0-9a-z]+\.eml$/i;
/** The header block ends within this; our headers are a few hundred bytes even with 50 recipients. */
const HEADER_BYTES = 64 * 1024;

export class OutboxMailer implements AsyncMailer {
  readonly kind = 'outbox';
  readonly folder: string;
  private readonly now: () => Date;
  private readonly newId: () => string;
  /** Recipients already written today, so a run does not rescan the folder for every mail. */
  private usage: { dayStart: number; used: number } | undefined;

  constructor(private readonly options: OutboxMailerOptions) {
    this.folder = path.resolve(options.folder);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  async remainingQuota(): Promise<number> {
    const limit = this.options.dailyQuota;
    if (limit === undefined) return Infinity;
    // Always rescan here: this is the forecast before a run, and files may have been added or removed.
    this.usage = await this.scanToday();
    return Math.max(0, limit - this.usage.used);
  }

  async send(mail: OutgoingMail): Promise<SentReceipt> {
    assertSendable(mail, {
      maxRecipients: this.options.maxRecipientsPerMessage ?? MAX_RECIPIENTS_PER_MESSAGE,
    });
    const recipients = mail.to.length + mail.cc.length + mail.bcc.length;
    await this.charge(recipients);

    const id = this.newId();
    const date = this.now();
    const messageId = newMessageId(undefined, id);
    // Bcc is kept: this file is the sender's copy, what a mail client files under Sent, and it is
    // not delivered to anyone. RFC 5322 §3.6.3 has Bcc removed from the copies recipients get; the
    // sender's record keeping it is how the quota counts Bcc and how a person checks who was copied.
    const raw = await composeMessage(
      composerOptions(mail, { from: this.options.from, messageId, date }),
      true,
    );
    await this.writeAtomically(fileName(date, id), raw);
    if (this.usage) this.usage.used += recipients;
    return { messageId, threadId: threadIdFor(mail.replyToMessage, messageId) };
  }

  /**
   * Temp file in the same folder, flushed to disk, then renamed: rename within one file system is
   * atomic (POSIX rename(2); MoveFileEx on Windows), so the outbox holds a whole message or none, even
   * if the process dies mid-write. The temp name starts with a dot and does not end in .eml, so
   * neither the workbench list nor the quota count ever reads a partial file. On failure the temp
   * file is removed and the error is thrown: the mail was not sent.
   */
  private async writeAtomically(name: string, raw: Buffer): Promise<void> {
    const target = path.join(this.folder, name);
    const temp = path.join(this.folder, `.${name}.${process.pid}.tmp`);
    let created = false;
    try {
      await mkdir(this.folder, { recursive: true });
      const handle = await open(temp, 'wx');
      created = true;
      try {
        await handle.writeFile(raw);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      if (created) await rm(temp, { force: true }).catch(() => undefined);
      throw new Error(
        `Mail not sent: could not write ${name} to the outbox ${this.folder}: ${reason(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** A configured daily limit is enforced at send time too, as MailApp refuses a mail over its quota. */
  private async charge(recipients: number): Promise<void> {
    const limit = this.options.dailyQuota;
    if (limit === undefined) return;
    const dayStart = localDayStart(this.now());
    if (!this.usage || this.usage.dayStart !== dayStart) this.usage = await this.scanToday();
    if (this.usage.used + recipients > limit)
      throw new Error(
        `Mail not sent: ${recipients} recipients would exceed today's limit of ${limit} (BACKOFFICE_DAILY_QUOTA); ${Math.max(0, limit - this.usage.used)} left.`,
      );
  }

  /** Recipients (To + Cc + Bcc headers) of the outbox files written since local midnight. */
  private async scanToday(): Promise<{ dayStart: number; used: number }> {
    const dayStart = localDayStart(this.now());
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { dayStart, used: 0 };
      throw error;
    }
    let used = 0;
    for (const name of names) {
      const sentAt = fileTime(name);
      if (sentAt === undefined || sentAt < dayStart) continue;
      try {
        used += countRecipients(await readHead(path.join(this.folder, name)));
      } catch {
        // Removed between readdir and open: it no longer counts.
      }
    }
    return { dayStart, used };
  }
}

/** File names are in UTC so that they sort by time across daylight-saving changes. */
export function fileName(date: Date, id: string): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${id.replace(/-/g, '').slice(0, 8).toLowerCase()}.eml`;
}

function fileTime(name: string): number | undefined {
  const m = OUR_FILE.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** "Today" is the person's day, in the machine's time zone, as a daily quota is felt. */
function localDayStart(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Addresses in the To, Cc and Bcc headers; group syntax and quoted names are the address parser's job. */
export function countRecipients(head: string): number {
  const end = /\r?\n\r?\n/.exec(head);
  const unfolded = (end ? head.slice(0, end.index) : head).replace(/\r?\n[ \t]+/g, ' ');
  let count = 0;
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^(to|cc|bcc)\s*:(.*)$/i.exec(line);
    if (m) count += flatten(addressparser(m[2] ?? '')).length;
  }
  return count;
}

function flatten(list: ReturnType<typeof addressparser>): string[] {
  return list.flatMap((entry) => ('group' in entry && entry.group ? flatten(entry.group) : [entry.address]));
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code} (${e.message})` : String(error);
}
