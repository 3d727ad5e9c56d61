/**
 * The local host's mailers: an outbox folder of .eml files by default, SMTP when a URL is given
 * (DESIGN.md, Hosts: Local).
 */
import path from 'node:path';
import { RegisterError } from '../../../core/errors';
import type { AsyncMailer } from '../../../ports';
import { OutboxMailer } from './outbox-mailer';
import { SmtpMailer } from './smtp-mailer';

export { OutboxMailer, fileName as outboxFileName, type OutboxMailerOptions } from './outbox-mailer';
export { SmtpMailer, SmtpSendError, type SmtpMailerOptions } from './smtp-mailer';
export { MAX_RECIPIENTS_PER_MESSAGE, followUpSubject } from './outgoing';

export interface MailerEnvOptions {
  /** The workbook path; the outbox defaults to `outbox/` beside it. */
  workbook: string;
  /** `--smtp URL`; BACKOFFICE_SMTP_URL when absent. */
  smtpUrl?: string;
  /** The sender: the register user unless configured otherwise. */
  from: string;
  /** The outbox folder, when not beside the workbook. */
  outbox?: string;
}

/** The default outbox folder for a workbook, as the workbench shows it (src/workbench/server.ts). */
export function defaultOutbox(workbook: string): string {
  return path.join(path.dirname(path.resolve(workbook)), 'outbox');
}

/**
 * SMTP when a URL is given (the option first, then BACKOFFICE_SMTP_URL), else the outbox. A daily
 * recipient limit for the outbox comes from BACKOFFICE_DAILY_QUOTA (a whole number; unset or empty
 * means no limit); anything else there is an error, not a silently unlimited run.
 */
export function mailerFromEnv(
  opts: { workbook: string; smtpUrl?: string; from: string; outbox?: string },
  env: NodeJS.ProcessEnv = process.env,
): AsyncMailer {
  const url = opts.smtpUrl?.trim() || env.BACKOFFICE_SMTP_URL?.trim();
  if (url) return new SmtpMailer({ url, from: opts.from });
  const quota = env.BACKOFFICE_DAILY_QUOTA?.trim();
  if (quota && !/^\d+$/.test(quota))
    throw new RegisterError(
      'usage',
      `BACKOFFICE_DAILY_QUOTA must be a whole number of recipients per day, not "${quota}".`,
    );
  return new OutboxMailer({
    folder: path.resolve(opts.outbox ?? defaultOutbox(opts.workbook)),
    from: opts.from,
    ...(quota ? { dailyQuota: Number(quota) } : {}),
  });
}
