import { GasException } from './errors';
import type { Outbox } from './mail';
import { type ParsedMessage, header, parseAddressList, parseMessage } from './mime';
import { Fake, RT, type Runtime, instrument } from './runtime';

type GmailMessage = GoogleAppsScript.Gmail.Schema.Message;
type MessagesCollection = GoogleAppsScript.Gmail.Collection.Users.MessagesCollection;
type ThreadsCollection = GoogleAppsScript.Gmail.Collection.Users.ThreadsCollection;

/** The Gmail advanced service as the script sees it: `Gmail.Users.Messages` and `Gmail.Users.Threads`. */
export interface FakeGmail {
  Users: {
    Messages: Pick<MessagesCollection, 'send' | 'get'>;
    Threads: Pick<ThreadsCollection, 'get'>;
  };
}

interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  raw: string;
  parsed: ParsedMessage;
  rfcMessageId: string;
}

/** The signed-in user's mailbox: messages sent through the API, by ID and by thread. */
export class Mailbox {
  readonly messages = new Map<string, StoredMessage>();
  readonly threads = new Map<string, string[]>();
  private counter = 0x18c2a4b5c6d0;

  nextId(): string {
    this.counter += 0x1f3;
    return this.counter.toString(16).padStart(16, '0');
  }
}

/**
 * Advanced-service failures surface as GoogleJsonResponseException with
 * "API call to gmail.users.messages.send failed with error: <API message>".
 */
function apiError(method: string, code: number, message: string): GasException {
  const error = new GasException(
    `API call to gmail.users.${method} failed with error: ${message}`,
    'GoogleJsonResponseException',
  );
  Object.assign(error, { details: { code, message } });
  return error;
}

const MESSAGES_METHODS = ['get', 'send'] as const;
const THREADS_METHODS = ['get'] as const;

/** https://developers.google.com/gmail/api/reference/rest/v1/users.messages */
export class FakeGmailMessages
  extends Fake
  implements Pick<MessagesCollection, (typeof MESSAGES_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly outbox: Outbox,
    private readonly mailbox: Mailbox,
  ) {
    super(rt);
  }

  get(userId: string, id: string, optionalArgs?: object): GmailMessage {
    checkUser(this[RT], userId, 'messages.get');
    const message = this.mailbox.messages.get(String(id));
    if (!message) throw apiError('messages.get', 404, 'Requested entity was not found.');
    const args = (optionalArgs ?? {}) as { format?: string; metadataHeaders?: string[] };
    return toResource(message, args.format ?? 'full', args.metadataHeaders);
  }

  /**
   * Sends `raw` (a base64url RFC 822 message) "to the recipients in the To, Cc, and Bcc headers". Threading follows
   * https://developers.google.com/gmail/api/guides/threads: a message joins `threadId` only if the thread exists, the
   * References or In-Reply-To header names a message in it, and the Subject matches; otherwise it starts a new thread.
   * An unknown threadId is rejected ("Invalid thread_id value", the API's 400 message).
   *
   * Quota: charged to the same recipient counter as MailApp so a run can forecast one number. The real limits differ:
   * the Gmail API has its own per-user quota units (https://developers.google.com/gmail/api/reference/quota) and Gmail's
   * sending limits apply (https://support.google.com/a/answer/166852); Apps Script's "Email recipients per day" row
   * covers MailApp/GmailApp.
   */
  send(resource: GmailMessage, userId: string): GmailMessage {
    const user = checkUser(this[RT], userId, 'messages.send');
    if (!resource || typeof resource.raw !== 'string' || resource.raw === '') {
      throw apiError(
        'messages.send',
        400,
        "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
      );
    }
    // The API takes base64url; standard base64 decodes too.
    const bytes = Buffer.from(resource.raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    const parsed = parseMessage(bytes);
    const to = parseAddressList(header(parsed, 'To')).map((a) => a.address);
    const cc = parseAddressList(header(parsed, 'Cc')).map((a) => a.address);
    const bcc = parseAddressList(header(parsed, 'Bcc')).map((a) => a.address);
    if (to.length + cc.length + bcc.length === 0)
      throw apiError('messages.send', 400, 'Recipient address required');
    if (
      resource.threadId !== undefined &&
      resource.threadId !== null &&
      !this.mailbox.threads.has(resource.threadId)
    ) {
      throw apiError('messages.send', 400, 'Invalid thread_id value');
    }
    this.outbox.charge(user, to.length + cc.length + bcc.length, (message) =>
      apiError('messages.send', 429, message),
    );

    const id = this.mailbox.nextId();
    const subject = header(parsed, 'Subject') ?? '';
    const inReplyTo = header(parsed, 'In-Reply-To');
    const references = header(parsed, 'References');
    const threadId =
      this.joinThread(resource.threadId ?? undefined, subject, `${inReplyTo ?? ''} ${references ?? ''}`) ??
      id;
    const rfcMessageId = header(parsed, 'Message-ID') ?? `<${id}.emulator@mail.gmail.com>`;
    const stored: StoredMessage = {
      id,
      threadId,
      labelIds: ['SENT'],
      internalDate: this[RT].clock.now(),
      raw: resource.raw,
      parsed,
      rfcMessageId,
    };
    this.mailbox.messages.set(id, stored);
    this.mailbox.threads.set(threadId, [...(this.mailbox.threads.get(threadId) ?? []), id]);
    const from = parseAddressList(header(parsed, 'From'))[0];
    this.outbox.sent.push({
      via: 'Gmail',
      at: stored.internalDate,
      from: from?.address ?? user,
      name: from?.name || undefined,
      to,
      cc,
      bcc,
      subject,
      body: parsed.text ?? '',
      htmlBody: parsed.html,
      replyTo: header(parsed, 'Reply-To'),
      attachments: parsed.attachments.map((a) => a.filename),
      messageId: id,
      threadId,
      rfcMessageId,
      inReplyTo,
      references,
      raw: resource.raw,
    });
    return { id, threadId, labelIds: ['SENT'] };
  }

  private joinThread(threadId: string | undefined, subject: string, referenced: string): string | undefined {
    if (!threadId) return undefined;
    const members = (this.mailbox.threads.get(threadId) ?? []).map((m) => this.mailbox.messages.get(m));
    const first = members[0];
    if (!first) return undefined;
    const refersToThread = members.some((m) => m && referenced.includes(m.rfcMessageId));
    const sameSubject = baseSubject(header(first.parsed, 'Subject') ?? '') === baseSubject(subject);
    return refersToThread && sameSubject ? threadId : undefined;
  }
}

/** https://developers.google.com/gmail/api/reference/rest/v1/users.threads/get */
export class FakeGmailThreads
  extends Fake
  implements Pick<ThreadsCollection, (typeof THREADS_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly mailbox: Mailbox,
  ) {
    super(rt);
  }

  get(userId: string, id: string, optionalArgs?: object): GoogleAppsScript.Gmail.Schema.Thread {
    checkUser(this[RT], userId, 'threads.get');
    const ids = this.mailbox.threads.get(String(id));
    if (!ids) throw apiError('threads.get', 404, 'Requested entity was not found.');
    const args = (optionalArgs ?? {}) as { format?: string; metadataHeaders?: string[] };
    return {
      id: String(id),
      messages: ids.flatMap((m) => {
        const message = this.mailbox.messages.get(m);
        return message ? [toResource(message, args.format ?? 'full', args.metadataHeaders)] : [];
      }),
    };
  }
}

/** userId is "me" or the user's own address; anything else is someone else's mailbox. */
function checkUser(rt: Runtime, userId: string, method: string): string {
  const user = rt.current().user;
  if (userId !== 'me' && userId !== user) throw apiError(method, 403, `Delegation denied for ${user}`);
  return user;
}

/** Reply prefixes do not make a different conversation. */
function baseSubject(subject: string): string {
  return subject
    .replace(/^\s*((re|fw|fwd|aw|r|tr|sv|antw)\s*:\s*)+/i, '')
    .trim()
    .toLowerCase();
}

function toResource(message: StoredMessage, format: string, metadataHeaders?: string[]): GmailMessage {
  const base: GmailMessage = {
    id: message.id,
    threadId: message.threadId,
    labelIds: [...message.labelIds],
    internalDate: String(message.internalDate),
    sizeEstimate: Buffer.from(message.raw, 'base64').length,
    snippet: (message.parsed.text ?? '').slice(0, 200),
  };
  if (format === 'raw') return { ...base, raw: message.raw };
  if (format === 'minimal') return base;
  const wanted = metadataHeaders?.map((h) => h.toLowerCase());
  const headers = message.parsed.headers
    .filter((h) => format !== 'metadata' || !wanted || wanted.includes(h.name.toLowerCase()))
    .map((h) => ({ name: h.name, value: h.value }));
  if (!headers.some((h) => h.name.toLowerCase() === 'message-id')) {
    if (format !== 'metadata' || !wanted || wanted.includes('message-id'))
      headers.push({ name: 'Message-ID', value: message.rfcMessageId });
  }
  return {
    ...base,
    payload: { headers, mimeType: message.parsed.html ? 'multipart/alternative' : 'text/plain' },
  };
}

const scope = 'https://www.googleapis.com/auth/gmail.send';
instrument(FakeGmailMessages, {
  name: 'Gmail.Users.Messages',
  methods: MESSAGES_METHODS,
  access: 'full',
  scope: (method) => (method === 'send' ? scope : 'https://www.googleapis.com/auth/gmail.readonly'),
});
instrument(FakeGmailThreads, {
  name: 'Gmail.Users.Threads',
  methods: THREADS_METHODS,
  access: 'full',
  scope: 'https://www.googleapis.com/auth/gmail.readonly',
});
