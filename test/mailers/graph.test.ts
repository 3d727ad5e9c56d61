/**
 * The Excel host's Graph mailer against a fake Microsoft Graph on loopback (test/fakes/excel/graph.ts):
 * the one mailer behaviour suite over what recipients get, then Graph's own faults: a 429 storm
 * (Retry-After honoured, one draft, one send), 503s, an expired token, a connection lost after the
 * send left (uncertain, never sent twice), refusals (not sent, draft removed), and the quota.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXCHANGE_DAILY_RECIPIENTS,
  GRAPH_MAIL_SCOPES,
  GraphMailer,
  GraphSendError,
  MAX_RETRIES,
  retryAfterMs,
  type GraphMailerOptions,
} from '../../src/hosts/excel/graph-mailer';
import { composeMime, encodeHeaderText } from '../../src/hosts/excel/mime';
import type { OutgoingMail } from '../../src/ports';
import { FakeGraph } from '../fakes/excel/graph';
import { fromRaw, mailerBehaviour, WORLD, type MailerUnderTest } from './mailer-behaviour';

let graph: FakeGraph;

beforeAll(async () => {
  graph = await new FakeGraph().start();
});
afterAll(() => graph.close());

/** A mailer on the fake, with a sleep that records and returns at once. */
function mailer(over: Partial<GraphMailerOptions> = {}) {
  const waits: number[] = [];
  const scopes: (readonly string[])[] = [];
  const m = new GraphMailer({
    baseUrl: graph.url,
    getToken: async (s) => {
      scopes.push(s);
      return 'token-1';
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...over,
  });
  return { m, waits, scopes };
}

mailerBehaviour('Microsoft Graph (fake endpoint on loopback)', async (): Promise<MailerUnderTest> => {
  const start = graph.delivered.length;
  return {
    mailer: mailer().m,
    delivered: () => Promise.all(graph.delivered.slice(start).map((d) => fromRaw(d.raw, d.envelope))),
    traits: { ids: true, threadingHeaders: true, bccHeader: 'removed', quota: 'counted' },
  };
});

const mail: OutgoingMail = {
  to: ['orders@acme-industrial.example'],
  cc: ['finance@backoffice.example'],
  bcc: ['audit@backoffice.example'],
  subject: WORLD.subject,
  text: WORLD.text,
  html: WORLD.html,
};

/** Requests made from now on, for one test. */
function since() {
  const n = graph.requests.length;
  const d = graph.delivered.length;
  return {
    requests: () => graph.requests.slice(n),
    steps: () => graph.requests.slice(n).map((r) => `${r.step}:${r.outcome}`),
    delivered: () => graph.delivered.slice(d),
  };
}

describe('GraphMailer specifics', () => {
  it('creates a MIME draft, then sends it: two requests, the ID is the one Exchange gave', async () => {
    const { m, scopes } = mailer();
    const t = since();
    const receipt = await m.send(mail);
    expect(t.steps()).toEqual(['create:201', 'send:202']);
    const [create, send] = t.requests();
    expect(create).toMatchObject({ method: 'POST', path: '/v1.0/me/messages', contentType: 'text/plain' });
    expect(create!.authorization).toBe('Bearer token-1');
    expect(send!.path).toMatch(/^\/v1\.0\/me\/messages\/AAMkAD[^/]+\/send$/);
    const [sent] = t.delivered();
    expect(receipt).toEqual({ messageId: sent!.internetMessageId, threadId: sent!.internetMessageId });
    expect(receipt.messageId).toMatch(/@fake\.prod\.outlook\.com>$/);
    // Recipients do not see the Bcc; the sender's copy keeps it; the envelope delivers it.
    expect(sent!.raw).not.toMatch(/^Bcc:/im);
    expect(sent!.sentRaw).toMatch(/^Bcc: audit@backoffice\.example\r$/m);
    expect(sent!.envelope).toContain('audit@backoffice.example');
    expect(scopes[0]).toEqual(GRAPH_MAIL_SCOPES);
    expect(graph.drafts.size).toBe(0);
  });

  it('keeps our Message-ID when Exchange keeps it', async () => {
    graph.keepMessageId = true;
    try {
      const { m } = mailer({ messageIdDomain: 'backoffice.example', newId: () => 'fixed-id-1' });
      const receipt = await m.send({ ...mail, bcc: [] });
      expect(receipt.messageId).toBe('<fixed-id-1@backoffice.example>');
      expect((await fromRaw(graph.delivered.at(-1)!.raw)).messageId).toBe(receipt.messageId);
    } finally {
      graph.keepMessageId = false;
    }
  });

  it('a 429 storm: waits each Retry-After and retries the same step; one draft, one send, one mail', async () => {
    const { m, waits } = mailer();
    const t = since();
    graph.fault('create', { status: 429, retryAfter: '3' }, { status: 429, retryAfter: '7' });
    graph.fault('send', { status: 429, retryAfter: '2' }, { status: 503, retryAfter: '1' }, { status: 429 });
    const receipt = await m.send(mail);
    expect(t.steps()).toEqual([
      'create:429',
      'create:429',
      'create:201',
      'send:429',
      'send:503',
      'send:429',
      'send:202',
    ]);
    // Retry-After in seconds; the one 429 without it backs off exponentially (third retry: 4 s).
    expect(waits).toEqual([3000, 7000, 2000, 1000, 4000]);
    expect(t.delivered()).toHaveLength(1);
    expect(receipt.messageId).toBe(t.delivered()[0]!.internetMessageId);
    expect(graph.drafts.size).toBe(0);
  });

  it('a storm longer than the retries: not sent, the draft removed, nothing delivered', async () => {
    const { m, waits } = mailer();
    const t = since();
    graph.fault('send', ...Array.from({ length: MAX_RETRIES + 1 }, () => ({ status: 429, retryAfter: '1' })));
    const error = await m.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphSendError);
    expect(error).toMatchObject({ uncertain: false, status: 429, step: 'send' });
    expect((error as Error).message).toMatch(/^Mail not sent: Microsoft Graph answered 429 \(throttled/);
    expect(waits).toHaveLength(MAX_RETRIES);
    expect(t.steps().filter((s) => s.startsWith('send'))).toHaveLength(MAX_RETRIES + 1);
    expect(t.steps().at(-1)).toBe('delete:204');
    expect(t.delivered()).toEqual([]);
    expect(graph.drafts.size).toBe(0);
  });

  it('a Retry-After longer than five minutes is not waited for', async () => {
    const { m, waits } = mailer();
    const t = since();
    graph.fault('create', { status: 429, retryAfter: '3600' });
    await expect(m.send(mail)).rejects.toMatchObject({ uncertain: false, step: 'create', status: 429 });
    expect(waits).toEqual([]);
    expect(t.steps()).toEqual(['create:429']);
  });

  it('a connection lost after the send left: uncertain, and never sent again', async () => {
    const { m, waits } = mailer();
    const t = since();
    graph.fault('send', { drop: 'after' });
    const error = await m.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphSendError);
    expect(error).toMatchObject({ uncertain: true, step: 'send' });
    expect((error as Error).message).toMatch(/^Mail may have been sent: .*Check Sent Items/);
    expect(t.steps()).toEqual(['create:201', 'send:dropped']);
    expect(t.delivered()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('a connection lost before the send was done is just as uncertain (the mailer cannot tell)', async () => {
    const { m } = mailer();
    const t = since();
    graph.fault('send', { drop: 'before' });
    await expect(m.send(mail)).rejects.toMatchObject({ uncertain: true });
    expect(t.steps()).toEqual(['create:201', 'send:dropped']);
    expect(t.delivered()).toHaveLength(0);
    // The draft is left for the person to check: deleting it could hide a mail that is on its way.
    expect(graph.drafts.size).toBe(1);
    graph.drafts.clear();
  });

  it('a 503 whose send had gone through: the retry finds no draft (404), which is uncertain', async () => {
    // The first send is done, its answer lost behind a gateway that says 503; the retry meets a moved item.
    const gateway: typeof fetch = (input, init) =>
      fetch(input, init).catch(() => new Response('{}', { status: 503 }));
    const { m } = mailer({ fetch: gateway });
    const t = since();
    graph.fault('send', { drop: 'after' });
    const error = await m.send(mail).catch((e: unknown) => e);
    expect(error).toMatchObject({ uncertain: true, status: 404, step: 'send' });
    expect(t.steps()).toEqual(['create:201', 'send:dropped', 'send:404']);
    expect(t.delivered()).toHaveLength(1);
  });

  it('a lost create is not retried and not uncertain: nothing was sent', async () => {
    const { m } = mailer();
    const t = since();
    graph.fault('create', { drop: 'after' });
    const error = await m.send(mail).catch((e: unknown) => e);
    expect(error).toMatchObject({ uncertain: false, step: 'create' });
    expect((error as Error).message).toMatch(/^Mail not sent: .*an unsent draft may be left in Drafts/);
    expect(t.steps()).toEqual(['create:dropped']);
    expect(t.delivered()).toEqual([]);
    graph.drafts.clear();
  });

  it('a 5xx other than 503 on send is uncertain; a 4xx is a refusal and the draft goes', async () => {
    const { m } = mailer();
    graph.fault('send', { status: 500, code: 'InternalServerError' });
    await expect(m.send(mail)).rejects.toMatchObject({ uncertain: true, status: 500 });
    graph.drafts.clear();
    const t = since();
    graph.fault('send', { status: 400, code: 'ErrorInvalidRecipients' });
    const error = await m.send(mail).catch((e: unknown) => e);
    expect(error).toMatchObject({ uncertain: false, status: 400 });
    expect((error as Error).message).toContain('ErrorInvalidRecipients');
    expect(t.steps()).toEqual(['create:201', 'send:400', 'delete:204']);
    expect(graph.drafts.size).toBe(0);
  });

  it('an expired token is refreshed once and the same step retried', async () => {
    let n = 0;
    const forced: boolean[] = [];
    const { m } = mailer({
      getToken: async (_s, opts) => {
        forced.push(opts?.forceRefresh === true);
        return ++n === 1 ? 'expired' : 'token-1';
      },
    });
    const t = since();
    await m.send({ ...mail, bcc: [] });
    expect(t.steps()).toEqual(['create:401', 'create:201', 'send:202']);
    expect(forced).toEqual([false, true, false]);
  });

  it('a refused sign-in fails this send and the rest of the run without asking again; a new run asks', async () => {
    let asked = 0;
    const { m } = mailer({
      getToken: async () => {
        asked++;
        throw new Error('user_cancelled: User cancelled the flow.');
      },
    });
    const t = since();
    await expect(m.send(mail)).rejects.toMatchObject({ uncertain: false, step: 'sign-in' });
    await expect(m.send(mail)).rejects.toThrow(/^Mail not sent: signing in to Microsoft 365/);
    expect(asked).toBe(1);
    expect(t.requests()).toEqual([]);
    await m.remainingQuota();
    await expect(m.send(mail)).rejects.toThrow(/user_cancelled/);
    expect(asked).toBe(2);
  });

  it("quota: Exchange Online's 10,000 recipients a day, less what this pane sent in the last 24 hours", async () => {
    let now = Date.parse('2026-03-30T08:00:00Z');
    const { m } = mailer({ now: () => now });
    expect(await m.remainingQuota()).toBe(EXCHANGE_DAILY_RECIPIENTS);
    await m.send(mail);
    expect(await m.remainingQuota()).toBe(EXCHANGE_DAILY_RECIPIENTS - 3);
    now += 24 * 60 * 60_000 + 1;
    expect(await m.remainingQuota()).toBe(EXCHANGE_DAILY_RECIPIENTS);
    const { m: low } = mailer({ dailyRecipientLimit: 2 });
    expect(await low.remainingQuota()).toBe(2);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-30T08:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 30 Mar 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('the MIME the Graph mailer uploads', () => {
  it('is 7-bit, CRLF, with encoded words, base64 parts and threading headers', () => {
    const raw = composeMime(
      { ...mail, replyTo: 'buyer@bücher.example', replyToMessage: { messageId: '<b@x>', threadId: '<a@x>' } },
      {
        subject: `Re: ${WORLD.subject}`,
        messageId: '<m@backoffice.example>',
        inReplyTo: '<b@x>',
        references: ['<a@x>', '<b@x>'],
        boundary: 'B',
      },
    );
    expect([...raw].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).toMatch(/^Reply-To: buyer@xn--bcher-kva\.example\r$/m);
    expect(raw).toMatch(/^In-Reply-To: <b@x>\r$/m);
    expect(raw).toMatch(/^References: <a@x>\r\n <b@x>\r$/m);
    expect(raw).toContain('Content-Type: multipart/alternative;\r\n boundary="B"');
    expect(raw.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(encodeHeaderText('Plain subject')).toBe('Plain subject');
    expect(encodeHeaderText('=?x?=')).toMatch(/^=\?UTF-8\?B\?/);
  });
});
