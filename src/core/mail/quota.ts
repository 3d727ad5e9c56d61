/**
 * Quota forecast before a run (DESIGN.md, Exactly-once mail): hosts count every recipient of a
 * message against the daily quota, To + Cc + Bcc, so a mail to three people costs three.
 */
import { recipientCount } from './addresses';
import type { RenderedMail } from './render';

export interface QuotaForecast {
  mails: number;
  /** Recipients of all mails, counted per mail (one address twice in a mail counts once). */
  recipients: number;
  remainingQuota: number;
  /** Mails that can be sent, in order, before the next one would exceed the remaining quota. */
  mailsThatFit: number;
  recipientsThatFit: number;
  fitsAll: boolean;
}

/**
 * Forecast a run in the order it would send: it stops at the first mail that does not fit, so the
 * rest stays PENDING for the next run (a smaller mail later in the list is not sent out of turn).
 */
export function forecastQuota(
  mails: readonly Pick<RenderedMail, 'to' | 'cc' | 'bcc'>[],
  remainingQuota: number,
): QuotaForecast {
  const remaining = Math.max(0, Math.floor(remainingQuota));
  let recipients = 0;
  let mailsThatFit = 0;
  let recipientsThatFit = 0;
  let stopped = false;
  for (const mail of mails) {
    const n = recipientCount(mail);
    recipients += n;
    if (stopped) continue;
    if (recipientsThatFit + n > remaining) stopped = true;
    else {
      mailsThatFit++;
      recipientsThatFit += n;
    }
  }
  return {
    mails: mails.length,
    recipients,
    remainingQuota: remaining,
    mailsThatFit,
    recipientsThatFit,
    fitsAll: mailsThatFit === mails.length,
  };
}

/** One line for the sidebar and the CLI: "12 mails, 15 recipients; 85 of today's quota left: all fit." */
export function describeForecast(f: QuotaForecast): string {
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const head = `${plural(f.mails, 'mail')}, ${plural(f.recipients, 'recipient')}; ${f.remainingQuota.toLocaleString('en-US')} of today's quota left`;
  return f.fitsAll
    ? `${head}: all fit.`
    : `${head}: ${plural(f.mailsThatFit, 'mail')} fit today; the rest wait for the next run.`;
}
