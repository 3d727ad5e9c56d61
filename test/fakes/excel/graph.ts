/**
 * A fake Microsoft Graph mail endpoint on 127.0.0.1 (node:http, a random port), for the Excel host's
 * GraphMailer: the three requests it makes, answered the way Graph documents them, every request
 * recorded, and faults on demand.
 *
 * - `POST /v1.0/me/messages` with `Content-Type: text/plain` and a base64 MIME body creates a draft
 *   and answers 201 with the message resource (id, internetMessageId, conversationId, isDraft)
 *   (learn.microsoft.com/graph/api/user-post-messages, MIME example; a body that is not base64 MIME
 *   is "400 Bad request ... Invalid base64 string for MIME content"). Like Exchange, it gives the
 *   message its own Message-ID unless told to keep the one in the MIME (`keepMessageId`).
 * - `POST /v1.0/me/messages/{id}/send` answers 202 Accepted with no body and delivers the draft: its
 *   ID stops resolving (the item moves to Sent Items; learn.microsoft.com/graph/api/message-send),
 *   so a second send of it is 404 ErrorItemNotFound.
 * - `DELETE /v1.0/me/messages/{id}` answers 204 (learn.microsoft.com/graph/api/message-delete).
 * - Without `Authorization: Bearer <a token the fake accepts>`, 401 InvalidAuthenticationToken.
 *
 * What recipients get (`delivered`) is the MIME as sent with the Bcc header removed (RFC 5322 §3.6.3),
 * and the envelope: every To, Cc and Bcc address.
 *
 * Faults (`fault(step, ...)`), consumed one per request of that step, in order:
 * `{ status, retryAfter? }` answers with that status (a Graph error body) and does nothing;
 * `{ drop: 'before' }` closes the connection without doing anything; `{ drop: 'after' }` does the
 * work (creates, or sends) and then closes the connection without answering.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';

export type GraphStep = 'create' | 'send' | 'delete';

export type GraphFault =
  { status: number; retryAfter?: string; code?: string } | { drop: 'before' | 'after' };

export interface GraphRequest {
  method: string;
  path: string;
  step: GraphStep | 'other';
  contentType: string;
  authorization: string;
  body: string;
  /** What the fake did: the status it answered, or 'dropped'. */
  outcome: number | 'dropped';
}

/** What a draft says, read from its MIME when it was created. */
export interface GraphMessageSummary {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
}

export interface GraphDelivery {
  /** The message as read at creation (Bcc included): what the merge tests compare. */
  message: GraphMessageSummary;
  id: string;
  internetMessageId: string;
  conversationId: string;
  /** The MIME as recipients get it (no Bcc header). */
  raw: string;
  /** The MIME as the sender's Sent Items keeps it. */
  sentRaw: string;
  envelope: string[];
}

interface Draft {
  message: GraphMessageSummary;
  id: string;
  internetMessageId: string;
  conversationId: string;
  raw: string;
  envelope: string[];
}

const CRLF = '\r\n';

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return ([] as AddressObject[])
    .concat(field)
    .flatMap((o) => o.value)
    .map((e) => e.address ?? '')
    .filter(Boolean);
}

/** The header block with one header (and its folded lines) removed. */
function withoutHeader(raw: string, name: string): string {
  const end = raw.indexOf(CRLF + CRLF);
  const head = raw.slice(0, end).split(CRLF);
  const kept: string[] = [];
  let dropping = false;
  for (const line of head) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = line.toLowerCase().startsWith(`${name.toLowerCase()}:`);
    if (!dropping) kept.push(line);
  }
  return kept.join(CRLF) + raw.slice(end);
}

function replaceMessageId(raw: string, id: string): string {
  const end = raw.indexOf(CRLF + CRLF);
  const head = raw.slice(0, end);
  const replaced = /^Message-ID:/im.test(head)
    ? head.replace(/^Message-ID:.*$/im, `Message-ID: ${id}`)
    : `${head}${CRLF}Message-ID: ${id}`;
  return replaced + raw.slice(end);
}

export class FakeGraph {
  readonly requests: GraphRequest[] = [];
  readonly delivered: GraphDelivery[] = [];
  readonly drafts = new Map<string, Draft>();
  /** Tokens the fake accepts; a test may revoke one to see a 401. */
  readonly tokens = new Set<string>(['token-1']);
  /** Keep the MIME's Message-ID instead of assigning one, as some Exchange set-ups do. */
  keepMessageId = false;
  private readonly faults = new Map<GraphStep, GraphFault[]>();
  private server: Server | null = null;
  private base = '';
  private seq = 0;

  /** The Graph base URL to give GraphMailer, e.g. http://127.0.0.1:PORT/v1.0. */
  get url(): string {
    return this.base;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  fault(step: GraphStep, ...faults: GraphFault[]): void {
    this.faults.set(step, [...(this.faults.get(step) ?? []), ...faults]);
  }

  /** Requests of one step. */
  of(step: GraphStep): GraphRequest[] {
    return this.requests.filter((r) => r.step === step);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = req.method ?? 'GET';
    const send = /^\/v1\.0\/me\/messages\/([^/]+)\/send$/.exec(path);
    const item = /^\/v1\.0\/me\/messages\/([^/]+)$/.exec(path);
    const step: GraphRequest['step'] =
      method === 'POST' && path === '/v1.0/me/messages'
        ? 'create'
        : method === 'POST' && send
          ? 'send'
          : method === 'DELETE' && item
            ? 'delete'
            : 'other';
    const record: GraphRequest = {
      method,
      path,
      step,
      contentType: String(req.headers['content-type'] ?? ''),
      authorization: String(req.headers.authorization ?? ''),
      body,
      outcome: 0,
    };
    this.requests.push(record);
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record.outcome = status;
      res.writeHead(
        status,
        json === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      );
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const drop = () => {
      record.outcome = 'dropped';
      req.socket.destroy();
    };
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      answer(status, { error: { code, message, innerError: { 'request-id': randomUUID() } } }, headers);

    const token = record.authorization.replace(/^Bearer /, '');
    if (!this.tokens.has(token))
      return fail(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    const fault = step === 'other' ? undefined : this.faults.get(step)?.shift();
    if (fault && 'status' in fault)
      return fail(
        fault.status,
        fault.code ?? (fault.status === 429 ? 'ApplicationThrottled' : 'ServiceUnavailable'),
        fault.status === 429 ? 'Application is over its MailboxConcurrency limit.' : 'Try again later.',
        fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter },
      );
    if (fault && fault.drop === 'before') return drop();

    if (step === 'create') {
      if (!record.contentType.startsWith('text/plain'))
        return fail(415, 'UnsupportedMediaType', 'The fake takes MIME drafts only.');
      const raw = Buffer.from(body, 'base64').toString('utf8');
      if (!/\r\n\r\n/.test(raw) || Buffer.from(raw, 'utf8').toString('base64') !== body.replace(/\s/g, ''))
        return fail(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
      const parsed = await simpleParser(raw);
      const id = `AAMkAD${++this.seq}${randomUUID().replace(/-/g, '')}=`;
      const internetMessageId = this.keepMessageId
        ? (parsed.messageId ?? `<${randomUUID()}@fake.prod.outlook.com>`)
        : `<FAKE${this.seq}${randomUUID().slice(0, 8).toUpperCase()}@fake.prod.outlook.com>`;
      const parent = [...this.delivered].find((d) => d.internetMessageId === parsed.inReplyTo);
      const draft: Draft = {
        message: {
          to: addresses(parsed.to),
          cc: addresses(parsed.cc),
          bcc: addresses(parsed.bcc),
          subject: parsed.subject ?? '',
          text: (parsed.text ?? '').replace(/\r\n/g, '\n').replace(/\n$/, ''),
        },
        id,
        internetMessageId,
        conversationId: parent?.conversationId ?? `AAQk${randomUUID().replace(/-/g, '')}`,
        raw: replaceMessageId(raw, internetMessageId),
        envelope: [...addresses(parsed.to), ...addresses(parsed.cc), ...addresses(parsed.bcc)],
      };
      this.drafts.set(id, draft);
      if (fault?.drop === 'after') return drop();
      return answer(201, {
        id,
        internetMessageId,
        conversationId: draft.conversationId,
        isDraft: true,
        subject: parsed.subject ?? '',
      });
    }
    if (step === 'send' || step === 'delete') {
      const id = decodeURIComponent((send ?? item)![1]!);
      const draft = this.drafts.get(id);
      if (!draft) return fail(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      this.drafts.delete(id);
      if (step === 'send')
        this.delivered.push({
          message: draft.message,
          id,
          internetMessageId: draft.internetMessageId,
          conversationId: draft.conversationId,
          raw: withoutHeader(draft.raw, 'Bcc'),
          sentRaw: draft.raw,
          envelope: draft.envelope,
        });
      if (fault?.drop === 'after') return drop();
      return answer(step === 'send' ? 202 : 204);
    }
    return fail(400, 'BadRequest', `The fake does not answer ${method} ${path}.`);
  }
}
