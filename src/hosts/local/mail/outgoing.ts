/**
 * What the two local mailers (the .eml outbox and SMTP) share: the last checks before a mail leaves,
 * the follow-up's subject and threading headers, Message-IDs, and the MIME message itself, composed
 * by nodemailer's MailComposer so both write byte-for-byte the same kind of message.
 */
import { randomUUID } from 'node:crypto';
import MailComposer, { type MailComposerOptions } from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../../../ports';

import { followUpSubject, threadingHeaders } from '../../../core/mail/sendable';

export {
  MAX_RECIPIENTS_PER_MESSAGE,
  assertSendable,
  followUpSubject,
  threadIdFor,
  threadingHeaders,
} from '../../../core/mail/sendable';

/** Where generated Message-IDs live when the sender's domain is unknown (the outbox never leaves the machine). */
export const LOCAL_MESSAGE_ID_DOMAIN = 'backoffice-register.local';

/** `<uuid@domain>`: a UUID is unique without coordination (RFC 5322 §3.6.4 asks for world-uniqueness). */
export function newMessageId(domain = LOCAL_MESSAGE_ID_DOMAIN, id: string = randomUUID()): string {
  return `<${id}@${domain}>`;
}

export interface Envelope {
  from: string;
  messageId: string;
  date: Date;
}

/** MailComposer's input for a mail: the same fields for the outbox and SMTP. */
export function composerOptions(mail: OutgoingMail, envelope: Envelope): MailComposerOptions {
  const options: MailComposerOptions = {
    from: envelope.from,
    to: mail.to,
    subject: followUpSubject(mail),
    messageId: envelope.messageId,
    date: envelope.date,
    // Without HTML, a single text/plain part; with it, multipart/alternative with the text first:
    // RFC 2046 §5.1.4 puts the preferred (richest) alternative last.
    text: mail.text,
    ...threadingHeaders(mail.replyToMessage),
  };
  if (mail.cc.length > 0) options.cc = mail.cc;
  if (mail.bcc.length > 0) options.bcc = mail.bcc;
  if (mail.replyTo) options.replyTo = mail.replyTo;
  if (mail.html !== undefined) options.html = mail.html;
  return options;
}

/**
 * The RFC 5322 message as bytes. CRLF line ends (RFC 5322 §2.1), non-ASCII header text as RFC 2047
 * encoded words and bodies as UTF-8 in quoted-printable or base64 (MailComposer picks whichever is
 * shorter), so the file is 7-bit clean and any mail client opens it. Bcc stays in the headers when
 * `keepBcc` is set: the outbox file is the sender's copy (see outbox-mailer.ts).
 */
export async function composeMessage(options: MailComposerOptions, keepBcc: boolean): Promise<Buffer> {
  const node = new MailComposer({ ...options, newline: 'win' }).compile();
  node.keepBcc = keepBcc;
  return node.build();
}
