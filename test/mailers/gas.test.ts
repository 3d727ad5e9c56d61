/**
 * The MailApp mailer over the Apps Script emulator. GasMailer is called directly, with the emulated
 * MailApp installed as a global for the length of one execution (the same global the bundle sees in
 * the vm), so the emulator's quota and limits apply exactly as they would to Code.js.
 */
import { describe, expect, it } from 'vitest';
import { GasMailer, mailAppMessage, type GasMailerOptions } from '../../src/hosts/gas/mailer';
import type { OutgoingMail } from '../../src/ports';
import { createGasEnvironment, type GasEnvironment, type GasEnvOptions, type SentMail } from '../fakes/gas';
import { mailerBehaviour, type Delivered, type MailerUnderTest } from './mailer-behaviour';

const globals = globalThis as Record<string, unknown>;

/** Runs fn as one Apps Script execution with MailApp as a global, removed afterwards. */
function inScript<T>(env: GasEnvironment, fn: () => T): T {
  return env.execute(() => {
    const previous = globals.MailApp;
    globals.MailApp = env.globals.MailApp;
    try {
      return fn();
    } finally {
      if (previous === undefined) delete globals.MailApp;
      else globals.MailApp = previous;
    }
  });
}

function gasHarness(envOptions: GasEnvOptions = {}, mailerOptions: GasMailerOptions = {}) {
  const env = createGasEnvironment(envOptions);
  const mailer = new GasMailer(mailerOptions);
  return {
    env,
    mailer,
    send: (mail: OutgoingMail) => inScript(env, () => mailer.send(mail)),
    quota: () => inScript(env, () => mailer.remainingQuota()),
  };
}

const delivered = (m: SentMail): Delivered => ({
  from: m.from,
  to: m.to,
  cc: m.cc,
  bcc: m.bcc,
  bccHeader: undefined,
  replyTo: m.replyTo,
  subject: m.subject,
  text: m.body,
  html: m.htmlBody,
  contentType: undefined,
  messageId: undefined,
  inReplyTo: undefined,
  references: [],
});

mailerBehaviour('Apps Script MailApp (emulator)', async (): Promise<MailerUnderTest> => {
  const h = gasHarness();
  return {
    mailer: {
      kind: h.mailer.kind,
      remainingQuota: async () => h.quota(),
      send: async (mail) => h.send(mail),
    },
    delivered: async () => h.env.mail.map(delivered),
    traits: { ids: false, threadingHeaders: false, bccHeader: 'none', quota: 'counted' },
  };
});

describe('GasMailer specifics', () => {
  it('hands MailApp one sendEmail(message) with comma-joined lists and the sender name', () => {
    const h = gasHarness({}, { senderName: 'Carla Díaz' });
    h.send({
      to: ['a@acme.example', 'b@acme.example'],
      cc: ['c@acme.example'],
      bcc: [],
      replyTo: 'purchasing@backoffice.example',
      subject: 'Hello',
      text: 'Body',
      html: '<p>Body</p>',
    });
    expect(h.env.calls.count('MailApp.sendEmail')).toBe(1);
    expect(h.env.mail[0]).toMatchObject({
      via: 'MailApp',
      from: 'owner@example.com',
      name: 'Carla Díaz',
      to: ['a@acme.example', 'b@acme.example'],
      cc: ['c@acme.example'],
      bcc: [],
      htmlBody: '<p>Body</p>',
    });
    expect(
      mailAppMessage({ to: ['a@acme.example', 'b@acme.example'], cc: [], bcc: [], subject: 's', text: 't' }),
    ).toEqual({ to: 'a@acme.example,b@acme.example', subject: 's', body: 't' });
  });

  it('reads the quota from MailApp.getRemainingDailyQuota', () => {
    const h = gasHarness({ mailQuota: 1500 });
    expect(h.quota()).toBe(1500);
    expect(h.env.calls.count('MailApp.getRemainingDailyQuota')).toBe(1);
  });

  it("surfaces MailApp's own error when the day's quota is spent, and nothing is sent", () => {
    const h = gasHarness({ mailQuota: 2 });
    h.send({ to: ['a@acme.example'], cc: [], bcc: [], subject: 's', text: 't' });
    expect(() =>
      h.send({ to: ['a@acme.example'], cc: ['b@acme.example'], bcc: [], subject: 's', text: 't' }),
    ).toThrow(/too many times/);
    expect(h.env.mail).toHaveLength(1);
    expect(h.quota()).toBe(1);
  });

  it('refuses a sender name with a line break before calling MailApp', () => {
    const h = gasHarness({}, { senderName: 'Carla\r\nBcc: x@evil.example' });
    expect(() => h.send({ to: ['a@acme.example'], cc: [], bcc: [], subject: 's', text: 't' })).toThrow(
      /Mail not sent: Sender name/,
    );
    expect(h.env.calls.count('MailApp.sendEmail')).toBe(0);
  });

  it('refusals never call MailApp at all', () => {
    const h = gasHarness();
    const tooMany = Array.from({ length: 51 }, (_, i) => `r${i}@acme.example`);
    expect(() => h.send({ to: tooMany, cc: [], bcc: [], subject: 's', text: 't' })).toThrow(/51 recipients/);
    expect(() => h.send({ to: [], cc: [], bcc: [], subject: 's', text: 't' })).toThrow(/To is empty/);
    expect(h.env.calls.count('MailApp.*')).toBe(0);
  });
});
