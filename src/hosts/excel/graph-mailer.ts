/**
 * Mail from the Excel task pane through Microsoft Graph, as the signed-in person (browser code: `fetch`
 * only). Each mail is two steps, so that the receipt can name the message (DESIGN.md, Exactly-once mail):
 *
 *   1. create: `POST /me/messages` with the message as MIME (mime.ts) makes a draft and answers
 *      201 with its `id` and `internetMessageId` (learn.microsoft.com/graph/api/user-post-messages);
 *   2. send: `POST /me/messages/{id}/send` answers 202 Accepted and moves the draft to Sent Items
 *      (learn.microsoft.com/graph/api/message-send).
 *
 * `sendMail` would do it in one request but answers 202 with no body, so no ID
 * (learn.microsoft.com/graph/api/user-sendmail). A follow-up carries In-Reply-To and References to the
 * earlier mail's Message-ID in its MIME (`replyToMessage.messageId` semantics, as SMTP and the outbox
 * do): no lookup of the earlier mail in the mailbox, and the same IDs whichever host sent it. Graph's
 * `createReply` (learn.microsoft.com/graph/api/message-createreply) would need the earlier mail's Graph
 * item ID, which changes when a draft moves to Sent Items, and a search of the mailbox by Message-ID to
 * find it; and the reply it drafts is addressed to the earlier mail's sender, ourselves, so every field
 * would be patched anyway. The Correspondence log keeps RFC 5322 Message-IDs, as on every host.
 *
 * Throttling (learn.microsoft.com/graph/throttling, "Best practices to handle throttling"): a 429, or a
 * 503, is answered by waiting the Retry-After seconds (or, without one, an exponential backoff) and
 * retrying the same step, a bounded number of times. Never a duplicate:
 * - create is retried only after a refusal (429/503/401), when no draft was made; a create that may
 *   have reached Graph unanswered is not retried (a stray draft at worst, never a sent mail);
 * - send is retried only after a refusal; once a send is accepted (202) there is nothing to retry; a
 *   send whose outcome is unknown (the connection failed after the request left, a 5xx other than
 *   503, a timeout) throws an error with `uncertain: true`, so the merge keeps the row SENDING for
 *   review (src/service/merge-driver.ts). A sent draft leaves Drafts, so a retried send of the same
 *   draft answering 404 means an earlier attempt may have gone: uncertain too.
 *
 * The quota (remainingQuota): Exchange Online lets a mailbox send to 10,000 recipients a day
 * (learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/
 * exchange-online-limits, "Sending limits": recipient rate limit), counting To, Cc and Bcc, over a
 * rolling 24 hours. Graph offers no way to read what is left, so the figure is that limit minus the
 * recipients this pane sent in the last 24 hours; mail sent from Outlook or elsewhere is not known, and
 * a mailbox over its limit makes Exchange refuse the send, which stops the run like any failed send.
 */
import { RegisterError } from '../../core/errors';
import {
  assertSendable,
  followUpSubject,
  MESSAGE_ID,
  threadIdFor,
  threadingHeaders,
} from '../../core/mail/sendable';
import type { AsyncMailer, OutgoingMail, SentReceipt } from '../../ports';
import { base64Utf8, composeMime } from './mime';

/** Delegated permissions the mail needs (docs/excel.md): drafts need Mail.ReadWrite, sending Mail.Send. */
export const GRAPH_MAIL_SCOPES: readonly string[] = ['Mail.ReadWrite', 'Mail.Send'];
export const GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
/** Exchange Online's recipient rate limit, per mailbox and 24 hours. */
export const EXCHANGE_DAILY_RECIPIENTS = 10_000;
/** Retries of one step after a 429 or 503, before the mail is given up as not sent. */
export const MAX_RETRIES = 5;
/** A Retry-After longer than this is not waited for: the run stops with the mail not sent. */
export const MAX_WAIT_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export type GetToken = (scopes: readonly string[], opts?: { forceRefresh?: boolean }) => Promise<string>;

export interface GraphMailerOptions {
  /** An access token for `scopes` (msal-token.ts in the task pane; a fake in tests). */
  getToken: GetToken;
  /** Default https://graph.microsoft.com/v1.0. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** How the mailer waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  maxRetries?: number;
  /** A request with no answer after this long is abandoned (a send then counts as uncertain). */
  timeoutMs?: number;
  /** Default EXCHANGE_DAILY_RECIPIENTS; a tenant may set a lower limit. */
  dailyRecipientLimit?: number;
  /** The right-hand side of our Message-IDs (RFC 5322 §3.6.4); Exchange may replace them. */
  messageIdDomain?: string;
  newId?: () => string;
}

/** A mail Graph did not send, or may have sent (`uncertain`). */
export class GraphSendError extends Error {
  readonly uncertain: boolean;
  readonly status: number | undefined;
  readonly step: 'sign-in' | 'create' | 'send';

  constructor(
    message: string,
    details: { uncertain: boolean; status?: number; step: GraphSendError['step'] },
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'GraphSendError';
    this.uncertain = details.uncertain;
    this.status = details.status;
    this.step = details.step;
  }
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or
 * unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Backoff without a Retry-After: 1, 2, 4, 8, 16 s, at most 32 s. */
const backoffMs = (retry: number) => Math.min(32_000, 1000 * 2 ** retry);

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** What one HTTP exchange came to. */
type Outcome = { kind: 'answer'; answer: Answer } | { kind: 'lost'; error: unknown };

interface GraphErrorBody {
  error?: { code?: string; message?: string };
}

function graphError(body: string): string {
  try {
    const e = (JSON.parse(body) as GraphErrorBody).error;
    if (e?.code || e?.message) return [e.code, e.message].filter(Boolean).join(': ');
  } catch {
    // Not JSON: the status says enough.
  }
  return body.slice(0, 200);
}

export class GraphMailer implements AsyncMailer {
  readonly kind = 'graph';
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly limit: number;
  private readonly domain: string;
  private readonly newId: () => string;
  /** Recipients sent by this mailer, with when, for the rolling 24 hours of the quota. */
  private readonly ledger: { at: number; recipients: number }[] = [];
  /** A sign-in the person refused: later sends of the same run fail at once instead of asking again. */
  private signInRefused: GraphSendError | null = null;

  constructor(private readonly options: GraphMailerOptions) {
    this.base = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.maxRetries = options.maxRetries ?? MAX_RETRIES;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.limit = options.dailyRecipientLimit ?? EXCHANGE_DAILY_RECIPIENTS;
    this.domain = options.messageIdDomain ?? 'backoffice-register.local';
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  /**
   * The daily limit minus what this pane sent in the last 24 hours (see above). Called before every
   * run, so it also forgets a refused sign-in: a new run asks again.
   */
  async remainingQuota(): Promise<number> {
    this.signInRefused = null;
    const since = this.now() - DAY_MS;
    while (this.ledger.length > 0 && this.ledger[0]!.at <= since) this.ledger.shift();
    return Math.max(0, this.limit - this.ledger.reduce((n, e) => n + e.recipients, 0));
  }

  async send(mail: OutgoingMail): Promise<SentReceipt> {
    assertSendable(mail);
    const recipients = mail.to.length + mail.cc.length + mail.bcc.length;
    const ours = `<${this.newId()}@${this.domain}>`;
    const mime = composeMime(mail, {
      subject: followUpSubject(mail),
      messageId: ours,
      ...threadingHeaders(mail.replyToMessage),
    });
    const draft = await this.create(base64Utf8(mime));
    await this.sendDraft(draft.id);
    this.ledger.push({ at: this.now(), recipients });
    // Exchange's Message-ID is the one recipients see; ours is what we asked for.
    const messageId =
      draft.internetMessageId && MESSAGE_ID.test(draft.internetMessageId) ? draft.internetMessageId : ours;
    return { messageId, threadId: threadIdFor(mail.replyToMessage, messageId) };
  }

  private async token(forceRefresh = false): Promise<string> {
    if (this.signInRefused) throw this.signInRefused;
    try {
      return await this.options.getToken(GRAPH_MAIL_SCOPES, forceRefresh ? { forceRefresh } : undefined);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const refused = new GraphSendError(
        `Mail not sent: signing in to Microsoft 365 for mail failed (${reason}).`,
        { uncertain: false, step: 'sign-in' },
        error,
      );
      // A configuration error (no client ID) is a RegisterError: the same on every try.
      this.signInRefused = refused;
      throw error instanceof RegisterError ? error : refused;
    }
  }

  /** One request; a lost connection or a timeout is an outcome, not an exception. */
  private async exchange(
    method: string,
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<Outcome> {
    const token = await this.token();
    return this.exchangeWith(token, method, path, body, contentType);
  }

  private async exchangeWith(
    token: string,
    method: string,
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<Outcome> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      if (contentType) headers['Content-Type'] = contentType;
      const res = await this.fetch(`${this.base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: abort.signal,
      });
      return { kind: 'answer', answer: { status: res.status, headers: res.headers, body: await res.text() } };
    } catch (error) {
      return { kind: 'lost', error };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A step with its retries: 429/503 wait and go again, a 401 gets a fresh token once. Returns the
   * final answer (any status) or the lost exchange; `attempts` counts requests made.
   */
  private async withRetries(
    method: string,
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<{ outcome: Outcome; attempts: number }> {
    let retries = 0;
    let refreshed = false;
    let attempts = 0;
    let token = await this.token();
    for (;;) {
      attempts++;
      const outcome = await this.exchangeWith(token, method, path, body, contentType);
      if (outcome.kind === 'lost') return { outcome, attempts };
      const { status, headers } = outcome.answer;
      if (status === 401 && !refreshed) {
        refreshed = true;
        token = await this.token(true);
        continue;
      }
      if ((status === 429 || status === 503) && retries < this.maxRetries) {
        const wait = retryAfterMs(headers.get('Retry-After'), this.now()) ?? backoffMs(retries);
        if (wait > MAX_WAIT_MS) return { outcome, attempts };
        retries++;
        await this.sleep(wait);
        continue;
      }
      return { outcome, attempts };
    }
  }

  private async create(mime: string): Promise<{ id: string; internetMessageId: string }> {
    const { outcome } = await this.withRetries('POST', '/me/messages', mime, 'text/plain');
    if (outcome.kind === 'lost')
      throw new GraphSendError(
        `Mail not sent: the connection to Microsoft Graph failed while the draft was being saved (${errorText(outcome.error)}); nothing was sent (an unsent draft may be left in Drafts).`,
        { uncertain: false, step: 'create' },
        outcome.error,
      );
    const { status, body } = outcome.answer;
    if (status !== 201 && status !== 200)
      throw new GraphSendError(`Mail not sent: ${refusal(status, body, 'saving the draft')}`, {
        uncertain: false,
        status,
        step: 'create',
      });
    const message = JSON.parse(body) as { id?: unknown; internetMessageId?: unknown };
    if (typeof message.id !== 'string' || message.id === '')
      throw new GraphSendError('Mail not sent: Microsoft Graph saved the draft but returned no ID.', {
        uncertain: false,
        status,
        step: 'create',
      });
    return {
      id: message.id,
      internetMessageId: typeof message.internetMessageId === 'string' ? message.internetMessageId : '',
    };
  }

  private async sendDraft(id: string): Promise<void> {
    const path = `/me/messages/${encodeURIComponent(id)}/send`;
    const { outcome, attempts } = await this.withRetries('POST', path);
    if (outcome.kind === 'lost')
      throw new GraphSendError(
        `Mail may have been sent: the connection to Microsoft Graph failed after the send was requested (${errorText(outcome.error)}). Check Sent Items before sending it again.`,
        { uncertain: true, step: 'send' },
        outcome.error,
      );
    const { status, body } = outcome.answer;
    if (status === 202 || status === 200 || status === 204) return;
    const uncertain = (status >= 500 && status !== 503) || (status === 404 && attempts > 1);
    if (uncertain)
      throw new GraphSendError(
        `Mail may have been sent: ${refusal(status, body, 'sending')}. Check Sent Items before sending it again.`,
        { uncertain: true, status, step: 'send' },
      );
    // Refused (throttled past the retries, or a 4xx): not sent. The draft goes, so Drafts stays clean.
    await this.discard(id);
    throw new GraphSendError(`Mail not sent: ${refusal(status, body, 'sending')}`, {
      uncertain: false,
      status,
      step: 'send',
    });
  }

  /** Best effort: a draft that will not be sent is deleted (learn.microsoft.com/graph/api/message-delete). */
  private async discard(id: string): Promise<void> {
    await this.exchange('DELETE', `/me/messages/${encodeURIComponent(id)}`).catch(() => undefined);
  }
}

function refusal(status: number, body: string, what: string): string {
  const said = graphError(body);
  const throttled = status === 429 || status === 503;
  return `Microsoft Graph answered ${status}${throttled ? ' (throttled, still after the retries)' : ''} when ${what}${said ? `: ${said}` : ''}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
