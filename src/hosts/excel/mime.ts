/**
 * An outgoing mail as an RFC 5322 / MIME message, for Microsoft Graph's MIME upload (browser code: no
 * Node APIs). Graph creates a draft from MIME when the request body is the message in base64 with
 * `Content-Type: text/plain` (learn.microsoft.com/graph/outlook-send-mime-message, "Specify request
 * header and MIME message body"; learn.microsoft.com/graph/api/user-post-messages). MIME rather than
 * Graph's JSON message because JSON carries one body, text or HTML, while every other host sends the
 * text and the HTML as alternatives, and because MIME carries In-Reply-To and References, which JSON's
 * `internetMessageHeaders` refuses (only `x-` headers may be set there).
 *
 * - 7-bit clean throughout: header text outside ASCII becomes RFC 2047 encoded words (UTF-8, "B"),
 *   bodies are UTF-8 in base64 lines of 76 characters (RFC 2045 §6.8), lines end in CRLF (RFC 5322 §2.1).
 * - No From: Graph sends as the signed-in mailbox (`/me`), which stamps it.
 * - Bcc is written as a header: Exchange takes the blind copies from it and removes it from what
 *   recipients get (RFC 5322 §3.6.3; the sender's Sent Items copy keeps it).
 * - Without HTML, one text/plain part; with it, multipart/alternative, text first (RFC 2046 §5.1.4).
 */
import type { OutgoingMail } from '../../ports';

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** Base64 of bytes (btoa exists in browsers and in Node 16+). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(i + step, bytes.length)));
  return btoa(binary);
}

export function base64Utf8(text: string): string {
  return base64(encoder.encode(text));
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Header text as encoded words where needed (RFC 2047 §2: at most 75 characters each; 39 bytes of
 * UTF-8 per word keep the first line, after "Subject: ", within RFC 5322's 78; a character's bytes
 * never split across words, §5), folded one word a line.
 */
export function encodeHeaderText(text: string): string {
  if (ASCII_PRINTABLE.test(text) && !/=\?/.test(text)) return text;
  const words: number[][] = [];
  let chunk: number[] = [];
  for (const ch of text) {
    const bytes = [...encoder.encode(ch)];
    if (chunk.length + bytes.length > 39) {
      words.push(chunk.slice());
      chunk = [];
    }
    chunk.push(...bytes);
  }
  if (chunk.length > 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64(Uint8Array.from(w))}?=`).join(`${CRLF} `);
}

/**
 * An address with its domain in IDNA ASCII form (the URL parser's host serialisation, WHATWG URL
 * "domain to ASCII"), so an internationalised domain stays 7-bit in the header.
 */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  if (at < 0 || ASCII_PRINTABLE.test(domain)) return address;
  try {
    return `${address.slice(0, at)}@${new URL(`http://${domain}`).hostname}`;
  } catch {
    return address;
  }
}

/** "To: a@x, b@y" folded after each comma once a line would pass 78 characters (RFC 5322 §2.1.1). */
function addressHeader(name: string, list: readonly string[]): string {
  let out = `${name}: `;
  let line = out.length;
  list.map(asciiAddress).forEach((a, i) => {
    const piece = i < list.length - 1 ? `${a},` : a;
    if (i > 0 && line + 1 + piece.length > 78) {
      out += `${CRLF} `;
      line = 1;
    } else if (i > 0) {
      out += ' ';
      line += 1;
    }
    out += piece;
    line += piece.length;
  });
  return out;
}

function base64Lines(text: string): string {
  return (base64Utf8(text).match(/.{1,76}/g) ?? ['']).join(CRLF);
}

function part(type: 'plain' | 'html', content: string): string {
  return [
    `Content-Type: text/${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(content),
  ].join(CRLF);
}

export interface MimeOptions {
  /** The subject as it goes out ("Re: " already added to a follow-up). */
  subject: string;
  /** Our Message-ID, `<id@domain>`. */
  messageId: string;
  /** In-Reply-To and References of a follow-up (RFC 5322 §3.6.4); absent for a first mail. */
  inReplyTo?: string;
  references?: string[];
  /** The multipart boundary; random unless a test pins it. */
  boundary?: string;
}

/** The message as CRLF text, ready for base64. */
export function composeMime(mail: OutgoingMail, opts: MimeOptions): string {
  const head: string[] = [addressHeader('To', mail.to)];
  if (mail.cc.length > 0) head.push(addressHeader('Cc', mail.cc));
  if (mail.bcc.length > 0) head.push(addressHeader('Bcc', mail.bcc));
  if (mail.replyTo) head.push(`Reply-To: ${asciiAddress(mail.replyTo)}`);
  head.push(`Subject: ${encodeHeaderText(opts.subject)}`, `Message-ID: ${opts.messageId}`);
  if (opts.inReplyTo) head.push(`In-Reply-To: ${opts.inReplyTo}`);
  if (opts.references && opts.references.length > 0)
    head.push(`References: ${opts.references.join(`${CRLF} `)}`);
  head.push('MIME-Version: 1.0');
  if (mail.html === undefined) return [...head, part('plain', mail.text)].join(CRLF) + CRLF;
  const boundary = opts.boundary ?? `=_backoffice_${crypto.randomUUID()}`;
  return (
    [
      ...head,
      'Content-Type: multipart/alternative;',
      ` boundary="${boundary}"`,
      '',
      `--${boundary}`,
      part('plain', mail.text),
      `--${boundary}`,
      part('html', mail.html),
      `--${boundary}--`,
    ].join(CRLF) + CRLF
  );
}
