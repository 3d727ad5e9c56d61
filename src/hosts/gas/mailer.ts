/**
 * The Apps Script mailer: MailApp, the one mail service the add-on's `script.send_mail` scope allows
 * (docs/deploy.md, scope table). MailApp sends as the user without reading their mailbox, which is
 * why it was chosen over GmailApp or the Gmail advanced service; the price is that it returns no
 * message or thread ID and cannot reply inside a thread.
 */
import { RegisterError } from '../../core/errors';
import { isEmail } from '../../core/values';
import type { OutgoingMail, SentReceipt, SyncMailer } from '../../ports';

/**
 * "Email recipients per message: 50 / msg" (developers.google.com/apps-script/guides/services/quotas);
 * MailApp counts To, Cc and Bcc alike. The same figure as core's APPS_SCRIPT_MAIL_LIMITS.
 */
export const GAS_MAX_RECIPIENTS_PER_MESSAGE = 50;

const LINE_BREAK = /[\r\n]/;
const REPLY_PREFIX = /^re\s*:/i;

export interface GasMailerOptions {
  /** The sender's display name; MailApp's default is the user's own name. */
  senderName?: string;
}

export class GasMailer implements SyncMailer {
  readonly kind = 'gas-mailapp';

  constructor(private readonly options: GasMailerOptions = {}) {}

  /**
   * "Returns the number of recipients you can send emails to for the rest of the day. The returned
   * value is valid for the current execution and might vary between executions."
   * (developers.google.com/apps-script/reference/mail/mail-app#getRemainingDailyQuota())
   */
  remainingQuota(): number {
    return MailApp.getRemainingDailyQuota();
  }

  send(mail: OutgoingMail): SentReceipt {
    const message = mailAppMessage(mail, this.options);
    // sendEmail(message) returns void (developers.google.com/apps-script/reference/mail/mail-app#sendEmail(Object)):
    // MailApp gives no message or thread ID, so a SENT row records '' for both (ports.ts, SentReceipt).
    MailApp.sendEmail(message);
    return { messageId: '', threadId: '' };
  }
}

/**
 * The sendEmail(message) argument for a mail, after refusing what must never reach MailApp: it is a
 * second line of defence behind core's checks (core/mail/checks.ts), so a bug upstream fails loudly
 * here instead of sending a mangled mail or burning quota on a message MailApp would reject.
 */
export function mailAppMessage(
  mail: OutgoingMail,
  options: GasMailerOptions = {},
): GoogleAppsScript.Mail.MailAdvancedParameters {
  assertSendable(mail, options.senderName);
  const message: GoogleAppsScript.Mail.MailAdvancedParameters = {
    // "a comma-separated list of email addresses" for to, cc and bcc (MailAdvancedParameters).
    to: mail.to.join(','),
    subject: followUpSubject(mail),
    body: mail.text,
  };
  if (mail.cc.length > 0) message.cc = mail.cc.join(',');
  if (mail.bcc.length > 0) message.bcc = mail.bcc.join(',');
  if (mail.replyTo) message.replyTo = mail.replyTo;
  // "if set, devices capable of rendering HTML will use it instead of the required body argument".
  if (mail.html !== undefined) message.htmlBody = mail.html;
  if (options.senderName) message.name = options.senderName;
  return message;
}

/**
 * MailApp cannot put a mail into an existing thread (it takes no In-Reply-To or References and has
 * no reply method), so a follow-up is marked the way a person's reply is: "Re: " before the subject.
 * Gmail ignores that prefix when it groups by subject, so the recipient still sees one conversation
 * where the subjects otherwise match.
 */
export function followUpSubject(mail: OutgoingMail): string {
  if (!mail.replyToMessage || REPLY_PREFIX.test(mail.subject)) return mail.subject;
  return `Re: ${mail.subject}`;
}

function assertSendable(mail: OutgoingMail, senderName: string | undefined): void {
  const refuse = (field: string, message: string): never => {
    throw new RegisterError('invalid', `Mail not sent: ${field} ${message}`, [{ field, message }]);
  };
  if (mail.to.length === 0) refuse('To', 'is empty; a mail needs at least one To address.');
  if (LINE_BREAK.test(mail.subject)) refuse('Subject', 'contains a line break; a subject must be one line.');
  if (senderName !== undefined && LINE_BREAK.test(senderName))
    refuse('Sender name', 'contains a line break; a name must be one line.');
  const recipients = mail.to.length + mail.cc.length + mail.bcc.length;
  if (recipients > GAS_MAX_RECIPIENTS_PER_MESSAGE)
    refuse(
      'To',
      `has ${recipients} recipients with Cc and Bcc, over the ${GAS_MAX_RECIPIENTS_PER_MESSAGE} Apps Script allows on one message.`,
    );
  const fields: [string, readonly string[]][] = [
    ['To', mail.to],
    ['Cc', mail.cc],
    ['Bcc', mail.bcc],
    ['Reply-To', mail.replyTo ? [mail.replyTo] : []],
  ];
  // One bare address per entry: a comma inside one would silently add recipients once joined.
  for (const [field, list] of fields)
    for (const address of list) if (!isEmail(address)) refuse(field, `"${address}" is not an email address.`);
}
