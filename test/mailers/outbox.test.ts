/**
 * The outbox mailer: the behaviour suite over the .eml files it writes (parsed with mailparser),
 * then what only a folder of files has to get right: names that sort by time, atomic writes that
 * leave nothing behind when they fail, a daily limit counted from today's files, and files the
 * workbench can list.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMailer, mailerFromEnv, outboxFileName } from '../../src/hosts/local/mail';
import type { OutgoingMail } from '../../src/ports';
import { listOutbox, readOutboxMessage } from '../../src/workbench/outbox';
import { fromRaw, mailerBehaviour, WORLD, type MailerUnderTest } from './mailer-behaviour';

let root: string;
let serial = 0;
const fresh = async (name = 'outbox') => path.join(root, `${name}-${++serial}`);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mailers-outbox-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const emls = async (folder: string) =>
  (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();

async function readAll(folder: string) {
  return Promise.all((await emls(folder)).map(async (f) => fromRaw(await readFile(path.join(folder, f)))));
}

const FROM = 'Carla Díaz <carla@backoffice.example>';

mailerBehaviour('outbox of .eml files', async (): Promise<MailerUnderTest> => {
  const folder = await fresh();
  // Names have one-second resolution, so mails sent within a second sort by their random ID: keep
  // the order in which files appeared instead (the suite looks after every send).
  const seen: string[] = [];
  return {
    mailer: new OutboxMailer({ folder, from: FROM, dailyQuota: 100 }),
    delivered: async () => {
      seen.push(...(await emls(folder)).filter((f) => !seen.includes(f)));
      return Promise.all(seen.map(async (f) => fromRaw(await readFile(path.join(folder, f)))));
    },
    traits: { ids: true, threadingHeaders: true, bccHeader: 'kept', quota: 'counted' },
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

/** A clock that moves one second per reading, from a fixed start. */
function ticking(startIso: string) {
  let t = Date.parse(startIso);
  return () => new Date((t += 1000) - 1000);
}

describe('OutboxMailer specifics', () => {
  it('creates the folder, writes one CRLF .eml named by UTC time and ID, From and Date set', async () => {
    const folder = path.join(await fresh(), 'nested', 'outbox');
    const mailer = new OutboxMailer({
      folder,
      from: FROM,
      now: () => new Date('2026-03-29T00:59:58Z'),
      newId: () => '1a2b3c4d-0000-4000-8000-000000000000',
    });
    const receipt = await mailer.send(mail);
    expect(receipt.messageId).toBe('<1a2b3c4d-0000-4000-8000-000000000000@backoffice-register.local>');
    expect(await readdir(folder)).toEqual(['20260329-005958-1a2b3c4d.eml']);
    const raw = await readFile(path.join(folder, '20260329-005958-1a2b3c4d.eml'));
    const text = raw.toString('latin1');
    expect(text).not.toMatch(/[^\r]\n/); // RFC 5322 §2.1: CRLF only
    expect(text).toMatch(/^Date: Sun, 29 Mar 2026 00:59:58 \+0000\r$/m);
    // 7-bit clean: non-ASCII travels as encoded words and quoted-printable/base64, never raw bytes.
    expect([...raw].every((b) => b < 0x80)).toBe(true);
    const parsed = await fromRaw(raw);
    expect(parsed.from).toBe('carla@backoffice.example');
    expect(parsed.messageId).toBe(receipt.messageId);
  });

  it('names sort in sending order, also across a daylight-saving change', async () => {
    const folder = await fresh();
    // Europe/Rome's clocks go forward at 01:00 UTC on 2026-03-29; the names are UTC, so no jump.
    const mailer = new OutboxMailer({ folder, from: FROM, now: ticking('2026-03-29T00:59:58Z') });
    const receipts = [];
    for (let i = 0; i < 4; i++) receipts.push(await mailer.send({ ...mail, subject: `Mail ${i}` }));
    const names = await emls(folder);
    expect(names).toHaveLength(4);
    expect((await readAll(folder)).map((m) => m.subject)).toEqual(['Mail 0', 'Mail 1', 'Mail 2', 'Mail 3']);
    expect(new Set(receipts.map((r) => r.messageId)).size).toBe(4);
    expect(outboxFileName(new Date('2026-12-31T23:59:59.999Z'), 'ABCDEF12-3456')).toBe(
      '20261231-235959-abcdef12.eml',
    );
  });

  it('two mails in the same second get two files', async () => {
    const folder = await fresh();
    const mailer = new OutboxMailer({ folder, from: FROM, now: () => new Date('2026-01-05T09:00:00Z') });
    await Promise.all([mailer.send(mail), mailer.send(mail)]);
    expect(await emls(folder)).toHaveLength(2);
  });

  it('throws, writing nothing, when the outbox cannot be created (a file is in the way)', async () => {
    const blocker = await fresh('blocker');
    await writeFile(blocker, 'not a folder');
    const mailer = new OutboxMailer({ folder: path.join(blocker, 'outbox'), from: FROM });
    await expect(mailer.send(mail)).rejects.toThrow(/Mail not sent: could not write .* (ENOTDIR|EEXIST)/);
    expect(await readFile(blocker, 'utf8')).toBe('not a folder');
  });

  it('throws and leaves no partial or temporary file when the final rename fails', async () => {
    const folder = await fresh();
    const now = () => new Date('2026-01-05T09:00:00Z');
    const newId = () => 'deadbeef-0000-4000-8000-000000000000';
    // A directory where the file should land makes rename(2) fail after the data is written.
    await mkdir(path.join(folder, outboxFileName(now(), newId())), { recursive: true });
    await writeFile(path.join(folder, 'keep.eml'), 'x');
    const mailer = new OutboxMailer({ folder, from: FROM, now, newId });
    await expect(mailer.send(mail)).rejects.toThrow(
      /Mail not sent: could not write 20260105-090000-deadbeef\.eml/,
    );
    expect((await readdir(folder)).sort()).toEqual(['20260105-090000-deadbeef.eml', 'keep.eml']);
    expect(await readdir(path.join(folder, '20260105-090000-deadbeef.eml'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('throws when the outbox folder is read-only', async () => {
    const { chmod } = await import('node:fs/promises');
    const folder = await fresh();
    await mkdir(folder);
    await chmod(folder, 0o555);
    try {
      await expect(new OutboxMailer({ folder, from: FROM }).send(mail)).rejects.toThrow(/EACCES|EPERM/);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await chmod(folder, 0o755);
    }
  });

  describe('daily limit', () => {
    it('is Infinity unless configured', async () => {
      const mailer = new OutboxMailer({ folder: await fresh(), from: FROM });
      expect(await mailer.remainingQuota()).toBe(Infinity);
      await mailer.send(mail);
      expect(await mailer.remainingQuota()).toBe(Infinity);
    });

    it("counts To + Cc + Bcc of today's files only, and refuses a mail over it", async () => {
      const folder = await fresh();
      let now = new Date(2026, 0, 5, 9, 0, 0); // local time: "today" is the person's day
      const mailer = new OutboxMailer({ folder, from: FROM, dailyQuota: 7, now: () => now });
      expect(await mailer.remainingQuota()).toBe(7);
      await mailer.send(mail); // 3
      // Files written by another run, or by hand, count too; yesterday's do not.
      await writeFile(
        path.join(folder, outboxFileName(new Date(2026, 0, 5, 8, 0, 0), 'aaaaaaaa')),
        'To: "Rossi, Anna" <anna@acme.example>, b@acme.example\r\nSubject: x\r\n\r\nBody\r\n',
      );
      await writeFile(
        path.join(folder, outboxFileName(new Date(2026, 0, 4, 23, 0, 0), 'bbbbbbbb')),
        'To: a@acme.example\r\n\r\n',
      );
      await writeFile(path.join(folder, 'notes.eml'), 'To: a@acme.example\r\n\r\n'); // not ours: not counted
      expect(await mailer.remainingQuota()).toBe(2);
      await expect(mailer.send(mail)).rejects.toThrow(/would exceed today's limit of 7/);
      await mailer.send({ ...mail, cc: [], bcc: [] });
      expect(await mailer.remainingQuota()).toBe(1);
      now = new Date(2026, 0, 6, 0, 0, 1);
      expect(await mailer.remainingQuota()).toBe(7);
      await mailer.send(mail);
      expect(await mailer.remainingQuota()).toBe(4);
    });

    it('comes from BACKOFFICE_DAILY_QUOTA through mailerFromEnv; a bad value is an error', async () => {
      const workbook = path.join(await fresh('wb'), 'register.xlsx');
      const mailer = mailerFromEnv({ workbook, from: FROM }, { BACKOFFICE_DAILY_QUOTA: '5' });
      expect(mailer.kind).toBe('outbox');
      expect(await mailer.remainingQuota()).toBe(5);
      await mailer.send(mail);
      expect(await mailer.remainingQuota()).toBe(2);
      expect((mailer as OutboxMailer).folder).toBe(path.join(path.dirname(workbook), 'outbox'));
      expect(await emls(path.join(path.dirname(workbook), 'outbox'))).toHaveLength(1);
      expect(() => mailerFromEnv({ workbook, from: FROM }, { BACKOFFICE_DAILY_QUOTA: 'ten' })).toThrow(
        /whole number/,
      );
      const elsewhere = await fresh('elsewhere');
      const custom = mailerFromEnv({ workbook, from: FROM, outbox: elsewhere }, {}) as OutboxMailer;
      expect(custom.folder).toBe(elsewhere);
      expect(await custom.remainingQuota()).toBe(Infinity);
    });
  });

  it("the workbench's outbox view lists and previews what it writes", async () => {
    const folder = await fresh();
    await new OutboxMailer({ folder, from: FROM }).send(mail);
    const [listed] = await listOutbox(folder);
    expect(listed).toMatchObject({ subject: WORLD.subject, to: 'orders@acme-industrial.example' });
    const detail = await readOutboxMessage(folder, listed!.file);
    expect(detail?.text.replace(/\n+$/, '')).toBe(WORLD.text);
  });
});
