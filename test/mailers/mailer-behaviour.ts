/**
 * One behaviour suite for every mailer (issue 5, "Mailers (one port, one behaviour suite)"): the same
 * mails go through each, and what arrives is read back the way a recipient's side would see it (the
 * emulator's sent list for MailApp; mailparser over the SMTP data or the .eml file), then checked.
 * Where hosts differ by design (MailApp has no IDs or headers to thread with; the outbox keeps Bcc),
 * a trait says so, so every difference is explicit here rather than hidden in a test.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AsyncMailer, OutgoingMail, SentReceipt } from '../../src/ports';

/** A mail as it arrived, in one shape for every mailer. */
export interface Delivered {
  /** Bare address of the sender. */
  from: string;
  to: string[];
  cc: string[];
  /** Who got a blind copy: the emulator's list, the SMTP envelope beyond To and Cc, or the outbox file's header. */
  bcc: string[];
  /** The Bcc header as written in the message; undefined where there is no message to read (MailApp). */
  bccHeader: string[] | undefined;
  replyTo: string | undefined;
  subject: string;
  text: string;
  html: string | undefined;
  /** The top-level MIME type where there is a message to read. */
  contentType: string | undefined;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
}

export interface MailerTraits {
  /** The receipt carries RFC 5322 Message-IDs (MailApp returns none). */
  ids: boolean;
  /** A follow-up carries In-Reply-To / References. */
  threadingHeaders: boolean;
  /** What becomes of Bcc in the message: kept (the sender's copy), removed (delivered), none (no message to read). */
  bccHeader: 'kept' | 'removed' | 'none';
  /** counted: remainingQuota falls by To + Cc + Bcc per mail; unlimited: Infinity. */
  quota: 'counted' | 'unlimited';
}

export interface MailerUnderTest {
  mailer: AsyncMailer;
  /** Every mail that arrived since this harness was made, oldest first. */
  delivered(): Promise<Delivered[]>;
  traits: MailerTraits;
}

/** Text that breaks naive encoders: emoji (with ZWJ and skin tone), accents both composed and decomposed, RTL. */
export const WORLD = {
  subject: 'Ordine PO-0001 — café, Zoë, e\u0301 👩🏽‍💻 ☕ שלום עולם مرحبا',
  text: [
    'Gentile Zoë,',
    '',
    'la consegna è prevista per il 2026-11-24. Grüße, ½ €, naïve, e\u0301 (decomposed).',
    'RTL: שלום עולם — مرحبا بالعالم (123).',
    'Emoji: 👩🏽‍💻 ☕ 🇮🇹',
    '.',
    '.a line that starts with a dot (SMTP dot-stuffing)',
    `A long line: ${'ä'.repeat(600)} end.`,
    '',
    'Grazie',
  ].join('\n'),
  html: '<p>Gentile <b>Zoë</b>,</p><p dir="rtl">שלום עולם — مرحبا</p><p>👩🏽‍💻 ☕ café</p>',
};

const base = (over: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to: ['orders@acme-industrial.example'],
  cc: [],
  bcc: [],
  subject: 'Plain subject',
  text: 'Short body.',
  ...over,
});

const norm = (s: string) => s.replace(/\r\n/g, '\n').replace(/\n+$/, '');
const lower = (list: readonly string[]) => list.map((a) => a.toLowerCase()).sort();

export function mailerBehaviour(name: string, make: () => Promise<MailerUnderTest>): void {
  describe(`mailer behaviour: ${name}`, () => {
    let m: MailerUnderTest;
    beforeEach(async () => {
      m = await make();
    });

    async function sendOne(mail: OutgoingMail): Promise<{ receipt: SentReceipt; got: Delivered }> {
      const before = (await m.delivered()).length;
      const receipt = await m.mailer.send(mail);
      const all = await m.delivered();
      expect(all.length, 'exactly one mail arrives per send').toBe(before + 1);
      return { receipt, got: all.at(-1)! };
    }

    it('a plain-text mail: To and Cc, UTF-8 subject and body intact, one text/plain part', async () => {
      const mail = base({
        to: ['orders@acme-industrial.example', 'anna@acme-industrial.example'],
        cc: ['finance@backoffice.example'],
        subject: WORLD.subject,
        text: WORLD.text,
      });
      const { got } = await sendOne(mail);
      expect(lower(got.to)).toEqual(lower(mail.to));
      expect(got.cc).toEqual(mail.cc);
      expect(got.subject).toBe(WORLD.subject);
      expect(norm(got.text)).toBe(norm(WORLD.text));
      expect(got.html).toBeUndefined();
      if (got.contentType !== undefined) expect(got.contentType).toBe('text/plain');
    });

    it('an HTML mail carries the text and the HTML as alternatives', async () => {
      const { got } = await sendOne(base({ subject: WORLD.subject, text: WORLD.text, html: WORLD.html }));
      expect(norm(got.text)).toBe(norm(WORLD.text));
      expect(norm(got.html ?? '')).toBe(WORLD.html);
      if (got.contentType !== undefined) expect(got.contentType).toBe('multipart/alternative');
    });

    it('Bcc recipients get the mail; the header follows the host (RFC 5322 §3.6.3)', async () => {
      const { got } = await sendOne(
        base({ cc: ['cc@backoffice.example'], bcc: ['audit@backoffice.example'] }),
      );
      expect(got.bcc).toEqual(['audit@backoffice.example']);
      if (m.traits.bccHeader === 'kept') expect(got.bccHeader).toEqual(['audit@backoffice.example']);
      if (m.traits.bccHeader === 'removed') expect(got.bccHeader).toEqual([]);
      if (m.traits.bccHeader === 'none') expect(got.bccHeader).toBeUndefined();
    });

    it('Reply-To is set when given and absent otherwise', async () => {
      const { got } = await sendOne(base({ replyTo: 'purchasing@backoffice.example' }));
      expect(got.replyTo).toBe('purchasing@backoffice.example');
      const { got: plain } = await sendOne(base());
      expect(plain.replyTo).toBeUndefined();
    });

    it('the receipt names the message and starts a thread (or says it cannot)', async () => {
      const { receipt, got } = await sendOne(base());
      if (m.traits.ids) {
        expect(receipt.messageId).toMatch(/^<[^<>\s@]+@[^<>\s@]+>$/);
        expect(got.messageId).toBe(receipt.messageId);
        expect(receipt.threadId).toBe(receipt.messageId);
      } else expect(receipt).toEqual({ messageId: '', threadId: '' });
    });

    it('a follow-up reads as a reply: "Re: " once, and threading headers where the host has them', async () => {
      const first = await sendOne(base({ subject: 'Delivery overdue: PO-0001' }));
      const replyToMessage = first.receipt.messageId
        ? first.receipt
        : { messageId: '<root@mail.example>', threadId: '<root@mail.example>' };
      const second = await sendOne(base({ subject: 'Delivery overdue: PO-0001', replyToMessage }));
      expect(second.got.subject).toBe('Re: Delivery overdue: PO-0001');
      const third = await sendOne(base({ subject: 'RE: Delivery overdue: PO-0001', replyToMessage }));
      expect(third.got.subject).toBe('RE: Delivery overdue: PO-0001');
      if (m.traits.threadingHeaders) {
        expect(second.got.inReplyTo).toBe(replyToMessage.messageId);
        expect(second.got.references).toEqual([replyToMessage.threadId]);
        expect(second.receipt.threadId).toBe(replyToMessage.threadId);
        expect(second.receipt.messageId).not.toBe(replyToMessage.messageId);
        // A third in the chain: the root first, then the parent.
        const next = { messageId: second.receipt.messageId, threadId: second.receipt.threadId };
        const fourth = await sendOne(base({ subject: 'Final notice: PO-0001', replyToMessage: next }));
        expect(fourth.got.inReplyTo).toBe(next.messageId);
        expect(fourth.got.references).toEqual([next.threadId, next.messageId]);
        expect(fourth.receipt.threadId).toBe(next.threadId);
      } else {
        expect(second.got.inReplyTo).toBeUndefined();
        expect(second.receipt).toEqual({ messageId: '', threadId: '' });
      }
    });

    it('an ordinary mail has no threading headers', async () => {
      const { got } = await sendOne(base());
      expect(got.inReplyTo).toBeUndefined();
      expect(got.references).toEqual([]);
    });

    it('quota counts To + Cc + Bcc', async () => {
      const before = await m.mailer.remainingQuota();
      await sendOne(base({ cc: ['cc@backoffice.example'], bcc: ['audit@backoffice.example'] }));
      const after = await m.mailer.remainingQuota();
      if (m.traits.quota === 'counted') expect(before - after).toBe(3);
      else expect([before, after]).toEqual([Infinity, Infinity]);
    });

    const refused: [string, OutgoingMail][] = [
      [
        'more than 50 recipients',
        base({
          to: Array.from({ length: 30 }, (_, i) => `to${i}@acme.example`),
          cc: Array.from({ length: 15 }, (_, i) => `cc${i}@acme.example`),
          bcc: Array.from({ length: 6 }, (_, i) => `bcc${i}@acme.example`),
        }),
      ],
      ['a CR/LF in the subject', base({ subject: 'Hello\r\nBcc: victim@evil.example' })],
      ['a bare LF in the subject', base({ subject: 'Hello\nthere' })],
      ['an empty To', base({ to: [], cc: ['cc@backoffice.example'] })],
      ['two addresses in one entry', base({ to: ['a@acme.example, b@acme.example'] })],
    ];
    for (const [what, mail] of refused)
      it(`refuses ${what} without sending anything or using quota`, async () => {
        const before = await m.mailer.remainingQuota();
        const sent = (await m.delivered()).length;
        await expect(m.mailer.send(mail)).rejects.toThrow(/Mail not sent/);
        expect((await m.delivered()).length).toBe(sent);
        expect(await m.mailer.remainingQuota()).toBe(before);
      });

    it('50 recipients exactly are fine', async () => {
      const { got } = await sendOne(
        base({ to: Array.from({ length: 50 }, (_, i) => `to${i}@acme.example`), subject: 'Fifty' }),
      );
      expect(got.to).toHaveLength(50);
    });
  });
}

/** mailparser's view of a raw message, in the suite's shape; `envelope` adds the SMTP RCPT TO list. */
export async function fromRaw(raw: Buffer | string, envelope?: string[]): Promise<Delivered> {
  const p: ParsedMail = await simpleParser(raw);
  const to = addresses(p.to);
  const cc = addresses(p.cc);
  const bccHeader = addresses(p.bcc);
  const visible = new Set([...to, ...cc].map((a) => a.toLowerCase()));
  const bcc = envelope ? envelope.filter((a) => !visible.has(a.toLowerCase())) : bccHeader;
  const contentType = p.headers.get('content-type') as { value: string } | undefined;
  const refs = p.references === undefined ? [] : ([] as string[]).concat(p.references);
  return {
    from: addresses(p.from)[0] ?? '',
    to,
    cc,
    bcc,
    bccHeader,
    replyTo: addresses(p.replyTo)[0],
    subject: p.subject ?? '',
    text: p.text ?? '',
    html: p.html === false ? undefined : p.html,
    contentType: contentType?.value ?? 'text/plain',
    messageId: p.messageId,
    inReplyTo: p.inReplyTo,
    references: refs,
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return ([] as AddressObject[])
    .concat(field)
    .flatMap((o) => o.value)
    .flatMap((e) => (e.group ? e.group : [e]))
    .map((e) => e.address ?? '')
    .filter((a) => a !== '');
}
