/**
 * The Apps Script mailer: MailApp, the one mail service the add-on's `script.send_mail` scope allows
 * (docs/deploy.md, scope table). MailApp sends as the user without reading their mailbox, which is
 * why it was chosen over GmailApp or the Gmail advanced service; the price is that it returns no
 * message or thread ID and cannot reply inside a thread.
 */
import { assertSendable, followUpSubject, MAX_RECIPIENTS_PER_MESSAGE } from '../../core/mail/sendable';
import type { OutgoingMail, SentReceipt, SyncMailer } from '../../ports';

/**
 * "Email recipients per message: 50 / msg" (developers.google.com/apps-script/guides/services/quotas);
 * MailApp counts To, Cc and Bcc alike.
 */
export const GAS_MAX_RECIPIENTS_PER_MESSAGE = MAX_RECIPIENTS_PER_MESSAGE;

export { followUpSubject };

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
  assertSendable(mail, { senderName: options.senderName });
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
