/**
 * Mail over SMTP with nodemailer (`--smtp URL` or BACKOFFICE_SMTP_URL), e.g.
 * `smtps://user:password@smtp.example.com` or `smtp://relay.example.com:587` (nodemailer.com/smtp:
 * `smtp://` upgrades with STARTTLS when the server offers it, `smtps://` is TLS from the start).
 *
 * One attempt per `send`: an SMTP error, temporary (4xx) or not, comes back as an error carrying the
 * server's own text. Retrying here could deliver a mail twice (the server may have accepted the data
 * before the connection dropped), so whether to try again is the merge driver's call, made with the
 * record's SENDING state in hand.
 */
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { AsyncMailer, OutgoingMail, SentReceipt } from '../../../ports';
import {
  assertSendable,
  composerOptions,
  LOCAL_MESSAGE_ID_DOMAIN,
  MAX_RECIPIENTS_PER_MESSAGE,
  newMessageId,
  threadIdFor,
} from './outgoing';

export interface SmtpMailerOptions {
  /** The SMTP URL, credentials included (nodemailer.com/smtp, "connection url"). */
  url: string;
  from: string;
  maxRecipientsPerMessage?: number;
  now?: () => Date;
}

/** What went wrong talking to the server, with what the server said. */
export class SmtpSendError extends Error {
  /** The SMTP reply code when the server answered (RFC 5321 §4.2): 4xx is temporary, 5xx permanent. */
  readonly responseCode: number | undefined;
  /** A 4xx reply, or a connection or timeout error: the same mail may succeed later. */
  readonly temporary: boolean;
  /** The SMTP command the server refused (MAIL FROM, RCPT TO, DATA), when known. */
  readonly command: string | undefined;

  constructor(
    message: string,
    details: { responseCode?: number; temporary: boolean; command?: string },
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'SmtpSendError';
    this.responseCode = details.responseCode;
    this.temporary = details.temporary;
    this.command = details.command;
  }
}

export class SmtpMailer implements AsyncMailer {
  readonly kind = 'smtp';
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;
  private readonly domain: string;
  private readonly now: () => Date;

  constructor(private readonly options: SmtpMailerOptions) {
    this.transport = nodemailer.createTransport(options.url);
    this.domain = senderDomain(options.from);
    this.now = options.now ?? (() => new Date());
  }

  /** An SMTP server announces no quota; a provider's limit shows up as a refused send, which stops the run. */
  async remainingQuota(): Promise<number> {
    return Infinity;
  }

  async send(mail: OutgoingMail): Promise<SentReceipt> {
    assertSendable(mail, {
      maxRecipients: this.options.maxRecipientsPerMessage ?? MAX_RECIPIENTS_PER_MESSAGE,
    });
    // The Message-ID is ours, made before sending, so the receipt names the message even when the
    // server's reply does not (RFC 5321 gives no way to learn an ID the server assigned). Its domain
    // is the sender's, as RFC 5322 §3.6.4 suggests for the right-hand side.
    const messageId = newMessageId(this.domain);
    // Bcc goes only into the envelope (RCPT TO), never into the transmitted headers: RFC 5322 §3.6.3's
    // first way, which nodemailer's SMTP transport follows (nodemailer.com/smtp/envelope).
    const message = composerOptions(mail, { from: this.options.from, messageId, date: this.now() });
    let info: { messageId?: string };
    try {
      info = await this.transport.sendMail(message);
    } catch (error) {
      throw smtpError(error);
    }
    const sentId = info.messageId || messageId;
    return { messageId: sentId, threadId: threadIdFor(mail.replyToMessage, sentId) };
  }

  /** Closes pooled connections (a `?pool=true` URL); a plain transport holds none between sends. */
  close(): void {
    this.transport.close();
  }
}

function senderDomain(from: string): string {
  const address = addressparser(from).find((a) => a.address)?.address ?? '';
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return address.includes('@') && /^[a-z0-9.-]+$/i.test(domain)
    ? domain.toLowerCase()
    : LOCAL_MESSAGE_ID_DOMAIN;
}

/** Transient by nodemailer's own rule (errors.isTransientError): a 4xx reply, or the connection failing. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS']);

function smtpError(error: unknown): SmtpSendError {
  const e = (error ?? {}) as {
    message?: string;
    code?: string;
    responseCode?: number;
    response?: string;
    command?: string;
  };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const temporary =
    responseCode !== undefined
      ? responseCode >= 400 && responseCode < 500
      : TRANSIENT_CODES.has(e.code ?? '');
  const said = e.response?.trim() || e.message || String(error);
  const what =
    responseCode !== undefined
      ? `the SMTP server refused the mail${e.command ? ` at ${e.command}` : ''} (${temporary ? 'temporary' : 'permanent'} error): ${said}`
      : `the connection to the SMTP server failed (${e.code ?? 'error'}): ${said}`;
  return new SmtpSendError(
    `Mail not sent: ${what}`,
    {
      temporary,
      ...(responseCode !== undefined ? { responseCode } : {}),
      ...(e.command ? { command: e.command } : {}),
    },
    error,
  );
}
