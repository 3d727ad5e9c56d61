/**
 * The last checks every mailer makes before a mail leaves (a second line of defence behind
 * checkMerge), and how a follow-up reads on every host. One copy, used by the Apps Script and the
 * local mailers alike.
 */
import { RegisterError } from '../errors';
import { isEmail } from '../values';

/**
 * The recipients (To + Cc + Bcc) one mail may carry. Apps Script allows 50 (developers.google.com/
 * apps-script/guides/services/quotas); every host keeps the same figure so a merge checked on one
 * host sends on every host. RFC 5321 §4.5.3.1.8 only promises 100 RCPT per SMTP transaction.
 */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

const LINE_BREAK = /[\r\n]/;
const REPLY_PREFIX = /^re\s*:/i;

/** The parts of a mail these checks read (structurally the OutgoingMail port). */
export interface SendableMail {
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  replyTo?: string;
  subject: string;
  replyToMessage?: unknown;
}

/** Refuses, before anything is written or sent, a mail core's checks should already have stopped. */
export function assertSendable(
  mail: SendableMail,
  opts: { maxRecipients?: number; senderName?: string } = {},
): void {
  const max = opts.maxRecipients ?? MAX_RECIPIENTS_PER_MESSAGE;
  const refuse = (field: string, message: string): never => {
    throw new RegisterError('invalid', `Mail not sent: ${field} ${message}`, [{ field, message }]);
  };
  if (mail.to.length === 0) refuse('To', 'is empty; a mail needs at least one To address.');
  // A CR or LF in a header is how header injection starts (an extra Bcc: line); refuse, never fold.
  if (LINE_BREAK.test(mail.subject)) refuse('Subject', 'contains a line break; a subject must be one line.');
  if (opts.senderName !== undefined && LINE_BREAK.test(opts.senderName))
    refuse('Sender name', 'contains a line break; a name must be one line.');
  const recipients = mail.to.length + mail.cc.length + mail.bcc.length;
  if (recipients > max)
    refuse('To', `has ${recipients} recipients with Cc and Bcc, over the ${max} one mail may carry.`);
  const fields: [string, readonly string[]][] = [
    ['To', mail.to],
    ['Cc', mail.cc],
    ['Bcc', mail.bcc],
    ['Reply-To', mail.replyTo ? [mail.replyTo] : []],
  ];
  // One bare address per entry: "a@x, b@y" in one entry would silently become two recipients.
  for (const [field, list] of fields)
    for (const address of list) if (!isEmail(address)) refuse(field, `"${address}" is not an email address.`);
}

/**
 * A follow-up reads as a reply on every host: "Re: " before the subject unless it is there already.
 * MailApp can do nothing else to thread; a supplier should not see a chase differ by where it was
 * sent from. Mail clients that thread by subject (Gmail among them) strip the prefix first.
 */
export function followUpSubject(mail: SendableMail): string {
  if (!mail.replyToMessage || REPLY_PREFIX.test(mail.subject)) return mail.subject;
  return `Re: ${mail.subject}`;
}

/** RFC 5322 §3.6.4 msg-id, as we write and accept it: `<left@right>`, no spaces or brackets inside. */
export const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/** The mail a follow-up answers (ports.ts, OutgoingMail.replyToMessage). */
interface RepliedTo {
  messageId: string;
  threadId: string;
}

/**
 * In-Reply-To and References for a follow-up (RFC 5322 §3.6.4): the parent's Message-ID, and the
 * chain from the thread's first message to the parent. We keep only the first and the parent (a
 * receipt carries no more), which is the shortened form mail clients accept: the root still ties
 * every message to one thread. IDs that are not RFC 5322 msg-ids (a Gmail API ID, '' from MailApp)
 * are left out rather than written as headers no client could match.
 */
export function threadingHeaders(replyTo: RepliedTo | undefined): {
  inReplyTo?: string;
  references?: string[];
} {
  if (!replyTo) return {};
  const parent = MESSAGE_ID.test(replyTo.messageId) ? replyTo.messageId : undefined;
  const root = MESSAGE_ID.test(replyTo.threadId) ? replyTo.threadId : undefined;
  const references = [...new Set([root, parent].filter((id): id is string => id !== undefined))];
  if (references.length === 0) return {};
  return { ...(parent ? { inReplyTo: parent } : {}), references };
}

/** The thread a sent mail belongs to: the first message's Message-ID (ports.ts, SentReceipt). */
export function threadIdFor(replyTo: RepliedTo | undefined, messageId: string): string {
  const root = replyTo?.threadId;
  return root && MESSAGE_ID.test(root) ? root : messageId;
}
