/**
 * The outbox list and preview over .eml files as nodemailer writes them (the local mail host's
 * composer): encoded-word subjects, multipart/alternative bodies, quoted-printable text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWords, listOutbox, readOutboxMessage } from '../../src/workbench/outbox';

let folder: string;

async function compose(mail: SendMailOptions): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(mail);
  return info.message as Buffer;
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'outbox-'));
  const older = await compose({
    from: 'Carla Díaz <carla@backoffice.example>',
    to: 'orders@acme-industrial.example',
    cc: 'finance@backoffice.example',
    subject: 'Sollecito: ordine PO-0001 — consegna prevista',
    text: 'Gentile Maria,\n\nla consegna è prevista per il 2026-11-24. Può confermare?\n\nGrazie',
    html: '<p>Gentile Maria,</p><p>la consegna è prevista per il 2026-11-24.</p>',
    date: new Date('2026-11-20T08:00:00Z'),
  });
  const newer = await compose({
    from: 'carla@backoffice.example',
    to: 'dispatch@brightline.example',
    subject: 'Plain subject',
    text: 'Short.',
    date: new Date('2026-11-22T08:00:00Z'),
  });
  await writeFile(path.join(folder, 'older.eml'), older);
  await writeFile(path.join(folder, 'newer.eml'), newer);
  await writeFile(path.join(folder, 'notes.txt'), 'not a message');
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('outbox', () => {
  it('lists .eml files newest first with decoded headers', async () => {
    const list = await listOutbox(folder);
    expect(list.map((m) => m.file)).toEqual(['newer.eml', 'older.eml']);
    expect(list[1]).toMatchObject({
      date: '2026-11-20T08:00:00.000Z',
      from: 'Carla Díaz <carla@backoffice.example>',
      to: 'orders@acme-industrial.example',
      subject: 'Sollecito: ordine PO-0001 — consegna prevista',
    });
  });

  it('previews the text part of a multipart message', async () => {
    const message = await readOutboxMessage(folder, 'older.eml');
    expect(message?.cc).toBe('finance@backoffice.example');
    expect(message?.text.trim()).toBe(
      'Gentile Maria,\n\nla consegna è prevista per il 2026-11-24. Può confermare?\n\nGrazie',
    );
  });

  it('reads only plain .eml names inside the folder', async () => {
    expect(await readOutboxMessage(folder, '../older.eml')).toBeUndefined();
    expect(await readOutboxMessage(folder, 'notes.txt')).toBeUndefined();
    expect(await readOutboxMessage(folder, 'missing.eml')).toBeUndefined();
  });

  it('is empty for a folder that does not exist yet', async () => {
    expect(await listOutbox(path.join(folder, 'nope'))).toEqual([]);
  });

  it('decodes RFC 2047 words, joining adjacent ones', () => {
    expect(decodeWords('=?UTF-8?Q?Caf=C3=A9?= =?UTF-8?B?IGNvbiBsYXR0ZQ==?=')).toBe('Café con latte');
    expect(decodeWords('Re: =?iso-8859-1?q?caf=E9?= today')).toBe('Re: café today');
  });
});
