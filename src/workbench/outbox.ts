/**
 * The outbox folder as the workbench shows it: one `.eml` file per message written by the local mail
 * host. Only what a list and a preview need is parsed here (headers, the first text/plain and
 * text/html parts); the files themselves stay the record, openable in any mail client.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OutboxMessage, OutboxMessageDetail } from './api-types';

/** A list needs only the headers, which come first: no need to read a large attachment. */
const HEADER_BYTES = 64 * 1024;
/** A preview of a message bigger than this would not be read anyway. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export async function outboxVersion(folder: string): Promise<string> {
  try {
    const files = (await readdir(folder)).filter(isEml).sort();
    const s = await stat(folder);
    return `${Math.trunc(s.mtimeMs)}-${files.length}-${files.at(-1) ?? ''}`;
  } catch {
    return 'missing';
  }
}

const isEml = (name: string) => name.toLowerCase().endsWith('.eml');

export async function listOutbox(folder: string): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isEml);
  } catch {
    return [];
  }
  const messages = await Promise.all(
    names.map(async (file) => {
      try {
        return summary(file, parseHeaders(await readHead(path.join(folder, file))));
      } catch {
        return undefined; // removed between readdir and open
      }
    }),
  );
  // Newest first, as a mail client's Sent folder shows them; a file name breaks ties so the order is stable.
  return messages
    .filter((m): m is OutboxMessage => m !== undefined)
    .sort((a, b) => timeOf(b.date) - timeOf(a.date) || b.file.localeCompare(a.file));
}

/** One message, by the file name the list gave; anything that is not a plain `.eml` name is refused. */
export async function readOutboxMessage(
  folder: string,
  file: string,
): Promise<OutboxMessageDetail | undefined> {
  if (!isEml(file) || path.basename(file) !== file || file.startsWith('.')) return undefined;
  const full = path.join(folder, file);
  try {
    if ((await stat(full)).size > MAX_MESSAGE_BYTES) return undefined;
    const raw = (await readFile(full)).toString('latin1');
    const { headers, body } = splitMessage(raw);
    return {
      ...summary(file, headers),
      bcc: headers.get('bcc') ?? '',
      text: firstPart(headers, body, 'text/plain'),
      html: firstPart(headers, body, 'text/html'),
    };
  } catch {
    return undefined;
  }
}

function timeOf(date: string): number {
  const t = Date.parse(date);
  return Number.isNaN(t) ? 0 : t;
}

function summary(file: string, headers: Map<string, string>): OutboxMessage {
  const rawDate = headers.get('date') ?? '';
  const t = Date.parse(rawDate);
  return {
    file,
    date: Number.isNaN(t) ? rawDate : new Date(t).toISOString(),
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    cc: headers.get('cc') ?? '',
    subject: headers.get('subject') ?? '',
  };
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEADER_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  return { headers: parseHeaders(head), body };
}

/** Files are read as latin1 so that every byte survives until its charset is known. */
const latin1Bytes = (text: string) => Buffer.from(text, 'latin1');

/** RFC 5322 headers: unfold continuation lines, lower-case names, decode RFC 2047 encoded words. */
export function parseHeaders(text: string): Map<string, string> {
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Raw 8-bit header text (RFC 6532) is UTF-8; encoded words are ASCII, so decoding first is safe.
    const value = latin1Bytes(line.slice(colon + 1).trim()).toString('utf8');
    if (!headers.has(name)) headers.set(name, decodeWords(value));
  }
  return headers;
}

/** `=?utf-8?B?...?=` and `=?utf-8?Q?...?=`; whitespace between two encoded words is not part of the text. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?[^?]*\?=)/g, '$1')
    .replace(
      /=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g,
      (whole, charset: string, enc: string, data: string) => {
        const bytes =
          enc.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : latin1Bytes(
                data
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              );
        return decodeCharset(bytes, charset) ?? whole;
      },
    );
}

function decodeCharset(bytes: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return undefined;
  }
}

function param(headerValue: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(headerValue);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeBody(body: string, headers: Map<string, string>): string {
  const transfer = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const charset = param(headers.get('content-type') ?? '', 'charset') ?? 'utf-8';
  let bytes: Buffer;
  if (transfer === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (transfer === 'quoted-printable')
    bytes = latin1Bytes(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    );
  else bytes = latin1Bytes(body);
  return (decodeCharset(bytes, charset) ?? bytes.toString('utf8')).replace(/\r\n/g, '\n');
}

/**
 * Walks multipart/* containers depth-first to the first part of type `wanted` that is the message
 * itself, not an attached file (a .txt or .html attachment is not the body).
 */
function firstPart(
  headers: Map<string, string>,
  body: string,
  wanted: 'text/plain' | 'text/html',
  depth = 0,
): string {
  const type = headers.get('content-type') ?? 'text/plain';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  const attached = /^\s*attachment\b/i.test(headers.get('content-disposition') ?? '');
  if (mime === wanted) return attached ? '' : decodeBody(body, headers);
  const boundary = param(type, 'boundary');
  if (!mime.startsWith('multipart/') || !boundary || depth > 5) return '';
  const parts = body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?\\n?`));
  for (const part of parts.slice(1)) {
    if (!part.trim()) continue;
    const sub = splitMessage(part);
    const found = firstPart(sub.headers, sub.body, wanted, depth + 1);
    if (found) return found;
  }
  return '';
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
