import { gasError, signatureError } from './errors';
import { isValidAddress, parseAddressList } from './mime';
import { Fake, RT, type Runtime, instrument } from './runtime';

export interface SentMail {
  via: 'MailApp' | 'Gmail';
  at: number;
  from: string;
  /** Bare addresses. */
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  replyTo?: string;
  name?: string;
  noReply?: boolean;
  attachments: string[];
  /** Gmail only: the API's message and thread IDs, the RFC 822 Message-ID and threading headers, the raw input. */
  messageId?: string;
  threadId?: string;
  rfcMessageId?: string;
  inReplyTo?: string;
  references?: string;
  raw?: string;
}

/**
 * From https://developers.google.com/apps-script/guides/services/quotas: "Email recipients per day: 100 / day"
 * (consumer accounts; 1,500 for Workspace), "Email recipients per message: 50 / msg", "Email body size: 200 KB / msg";
 * "Quotas are per user and reset 24 hours after the first request".
 */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;
export const MAX_BODY_BYTES = 200 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The sent mail log and the per-user daily recipient quota, shared by MailApp and the Gmail advanced service. */
export class Outbox {
  readonly sent: SentMail[] = [];
  private readonly usage = new Map<string, { since: number; used: number }>();

  constructor(
    private readonly rt: Runtime,
    readonly dailyLimit: number,
  ) {}

  remaining(user: string): number {
    return this.dailyLimit - this.window(user).used;
  }

  /** Checks the per-message and daily limits, then charges the recipients. Messages over the quota are not sent. */
  charge(user: string, recipients: number, fail: (message: string) => Error = gasError): void {
    if (recipients > MAX_RECIPIENTS_PER_MESSAGE) throw fail('Limit Exceeded: Email Recipients Per Message.');
    const window = this.window(user);
    if (window.used + recipients > this.dailyLimit)
      throw fail('Service invoked too many times for one day: email.');
    if (window.used === 0) window.since = this.rt.clock.now();
    window.used += recipients;
  }

  private window(user: string): { since: number; used: number } {
    let window = this.usage.get(user);
    const now = this.rt.clock.now();
    if (!window || (window.used > 0 && now - window.since >= DAY_MS)) {
      window = { since: now, used: 0 };
      this.usage.set(user, window);
    }
    return window;
  }
}

const MAILAPP_METHODS = ['getRemainingDailyQuota', 'sendEmail'] as const;

/** https://developers.google.com/apps-script/reference/mail/mail-app */
export class FakeMailApp
  extends Fake
  implements Pick<GoogleAppsScript.Mail.MailApp, (typeof MAILAPP_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly outbox: Outbox,
  ) {
    super(rt);
  }

  /** "Returns the number of remaining emails a user can send for the rest of the day" (recipients, not messages). */
  getRemainingDailyQuota(): number {
    return this.outbox.remaining(this[RT].current().user);
  }

  /**
   * sendEmail(message), (recipient, subject, body), (recipient, subject, body, options), (to, replyTo, subject,
   * body). To, Cc and Bcc are comma-separated lists; every address counts against the recipient quota.
   */
  sendEmail(...args: unknown[]): void {
    const message = normalize(args);
    const to = addresses(message.to);
    const cc = addresses(message.cc);
    const bcc = addresses(message.bcc);
    const total = to.length + cc.length + bcc.length;
    if (total === 0) throw gasError('Failed to send email: no recipient');
    for (const field of ['body', 'htmlBody'] as const) {
      if (Buffer.byteLength(message[field] ?? '') > MAX_BODY_BYTES)
        throw gasError('Limit Exceeded: Email Body Size.');
    }
    const user = this[RT].current().user;
    this.outbox.charge(user, total);
    this.outbox.sent.push({
      via: 'MailApp',
      at: this[RT].clock.now(),
      from: user,
      to,
      cc,
      bcc,
      subject: message.subject ?? '',
      body: message.body ?? '',
      htmlBody: message.htmlBody,
      replyTo: message.replyTo,
      name: message.name,
      noReply: message.noReply,
      attachments: (message.attachments ?? []).map(attachmentName),
    });
  }
}

type Message = GoogleAppsScript.Mail.MailAdvancedParameters;

function normalize(args: unknown[]): Message {
  const [a, b, c, d] = args;
  if (args.length === 1 && typeof a === 'object' && a !== null) return a as Message;
  if (typeof a === 'string' && typeof b === 'string' && typeof c === 'string') {
    if (args.length === 3) return { to: a, subject: b, body: c };
    if (args.length === 4 && typeof d === 'string') return { to: a, replyTo: b, subject: c, body: d };
    if (args.length === 4 && typeof d === 'object' && d !== null)
      return { ...(d as Message), to: a, subject: b, body: c };
  }
  throw signatureError('MailApp.sendEmail', args);
}

/** "Invalid email: x" is the service's message for an address it cannot parse. */
function addresses(list: string | undefined): string[] {
  return parseAddressList(list).map(({ address }) => {
    if (!isValidAddress(address)) throw gasError(`Invalid email: ${address}`);
    return address;
  });
}

function attachmentName(blob: unknown): string {
  const source = blob as { getBlob?: () => { getName(): string | null } } | null;
  return source?.getBlob?.().getName() ?? '';
}

instrument(FakeMailApp, {
  name: 'MailApp',
  methods: MAILAPP_METHODS,
  access: 'full',
  scope: 'https://www.googleapis.com/auth/script.send_mail',
});
