/**
 * The SMTP mailer against a real SMTP server on loopback (the smtp-server package): what the server
 * receives (envelope and data) is parsed with mailparser and put through the behaviour suite, then
 * the server is made to refuse, to show a refusal comes back once, with the server's words.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpMailer, SmtpSendError, mailerFromEnv } from '../../src/hosts/local/mail';
import type { OutgoingMail } from '../../src/ports';
import { fromRaw, mailerBehaviour, type MailerUnderTest } from './mailer-behaviour';

interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

/** What the server does with the next transactions: accept, or refuse at RCPT TO or after DATA. */
type Mode = { kind: 'accept' } | { kind: 'refuse'; at: 'rcpt' | 'data'; code: number; text: string };

const received: Received[] = [];
let attempts = 0;
let mode: Mode = { kind: 'accept' };
let server: SMTPServer;
let url: string;

function refusal(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    // No STARTTLS on loopback: nodemailer would otherwise upgrade and reject the self-signed certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (mode.kind === 'refuse' && mode.at === 'rcpt') return callback(refusal(mode.code, mode.text));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      attempts++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (mode.kind === 'refuse' && mode.at === 'data') return callback(refusal(mode.code, mode.text));
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  url = `smtp://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const FROM = 'Carla Díaz <carla@backoffice.example>';

mailerBehaviour('SMTP (smtp-server on loopback)', async (): Promise<MailerUnderTest> => {
  mode = { kind: 'accept' };
  const start = received.length;
  return {
    mailer: new SmtpMailer({ url, from: FROM }),
    delivered: () => Promise.all(received.slice(start).map((r) => fromRaw(r.raw, r.rcptTo))),
    traits: { ids: true, threadingHeaders: true, bccHeader: 'removed', quota: 'unlimited' },
  };
});

const mail: OutgoingMail = {
  to: ['orders@acme-industrial.example'],
  cc: ['finance@backoffice.example'],
  bcc: ['audit@backoffice.example'],
  subject: 'PO-0001',
  text: 'Body',
};

describe('SmtpMailer specifics', () => {
  it('sends from the configured sender, with a Message-ID in its domain, and Bcc only in the envelope', async () => {
    mode = { kind: 'accept' };
    const receipt = await new SmtpMailer({ url, from: FROM }).send(mail);
    const last = received.at(-1)!;
    expect(last.mailFrom).toBe('carla@backoffice.example');
    expect([...last.rcptTo].sort()).toEqual([
      'audit@backoffice.example',
      'finance@backoffice.example',
      'orders@acme-industrial.example',
    ]);
    const raw = last.raw.toString('latin1');
    expect(raw).not.toMatch(/^bcc:/im);
    expect(receipt.messageId).toMatch(/^<[0-9a-f-]{36}@backoffice\.example>$/);
    const parsed = await fromRaw(last.raw);
    expect(parsed.messageId).toBe(receipt.messageId);
    expect(raw).toMatch(/^From: =\?UTF-8\?Q\?Carla_D=C3=ADaz\?= <carla@backoffice\.example>/m);
  });

  for (const [at, code, text, temporary] of [
    ['rcpt', 451, '4.7.1 Too many messages, slow down', true],
    ['data', 452, '4.3.1 Insufficient system storage', true],
    ['data', 554, '5.7.1 Message rejected as spam', false],
  ] as const)
    it(`a ${code} at ${at.toUpperCase()} is an error with the server's text, tried once`, async () => {
      mode = { kind: 'refuse', at, code, text };
      const before = { attempts, received: received.length };
      const error = await new SmtpMailer({ url, from: FROM }).send(mail).then(
        () => undefined,
        (e: unknown) => e,
      );
      mode = { kind: 'accept' };
      expect(error).toBeInstanceOf(SmtpSendError);
      const e = error as SmtpSendError;
      expect(e.message).toContain(text);
      expect(e.message).toMatch(/^Mail not sent: /);
      expect(e.responseCode).toBe(code);
      expect(e.temporary).toBe(temporary);
      expect(received.length).toBe(before.received);
      // Never retried inside send: a refusal at RCPT never reaches DATA; one at DATA is one DATA.
      expect(attempts - before.attempts).toBe(at === 'rcpt' ? 0 : 1);
    });

  it('a server that is not there is a temporary connection error', async () => {
    const closed = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const { port } = closed.server.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await new SmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM })
      .send(mail)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpSendError);
    expect((error as SmtpSendError).temporary).toBe(true);
    expect((error as SmtpSendError).message).toMatch(/connection to the SMTP server failed/);
  });

  it('mailerFromEnv picks SMTP for --smtp, or for BACKOFFICE_SMTP_URL', () => {
    const opts = { workbook: '/tmp/register.xlsx', from: FROM };
    expect(mailerFromEnv({ ...opts, smtpUrl: url }, {}).kind).toBe('smtp');
    expect(mailerFromEnv(opts, { BACKOFFICE_SMTP_URL: url }).kind).toBe('smtp');
    expect(mailerFromEnv(opts, {}).kind).toBe('outbox');
  });
});
