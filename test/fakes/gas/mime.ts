/**
 * Just enough RFC 5322 / MIME to read what an add-on hands to Gmail.Users.Messages.send: headers with RFC 2047
 * encoded-words, text/plain and text/html bodies, multipart/alternative and multipart/mixed, base64 and
 * quoted-printable transfer encodings, UTF-8 and Latin-1 charsets.
 */
export interface ParsedMessage {
  headers: { name: string; value: string }[];
  text?: string;
  html?: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

export interface Address {
  name: string;
  address: string;
}

export function header(msg: ParsedMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  return msg.headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** Parses raw message bytes. */
export function parseMessage(raw: Buffer): ParsedMessage {
  const msg: ParsedMessage = { headers: [], attachments: [] };
  parseEntity(raw.toString('latin1'), msg, true);
  return msg;
}

function splitHeadersBody(entity: string): { headers: { name: string; value: string }[]; body: string } {
  const match = /\r?\n\r?\n/.exec(entity);
  const head = match ? entity.slice(0, match.index) : entity;
  const body = match ? entity.slice(match.index + match[0].length) : '';
  const headers: { name: string; value: string }[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  // Header bytes may be raw UTF-8 (RFC 6532); then RFC 2047 encoded-words.
  return {
    headers: headers.map((h) => ({
      name: h.name,
      value: decodeWords(Buffer.from(h.value, 'latin1').toString('utf8')),
    })),
    body,
  };
}

function parseEntity(entity: string, msg: ParsedMessage, top: boolean): void {
  const { headers, body } = splitHeadersBody(entity);
  if (top) msg.headers = headers;
  const get = (name: string): string => headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  const type = parseParams(get('content-type') || 'text/plain; charset=us-ascii');
  const mime = type.value.toLowerCase();
  if (mime.startsWith('multipart/')) {
    const boundary = type.params.boundary;
    if (!boundary) return;
    for (const part of splitMultipart(body, boundary)) parseEntity(part, msg, false);
    return;
  }
  const bytes = decodeTransfer(body, get('content-transfer-encoding').toLowerCase());
  const disposition = parseParams(get('content-disposition'));
  const filename = disposition.params.filename ?? type.params.name;
  if (disposition.value.toLowerCase() === 'attachment' || (filename && !mime.startsWith('text/'))) {
    msg.attachments.push({ filename: filename ?? '', contentType: mime, size: bytes.length });
    return;
  }
  const text = decodeCharset(bytes, type.params.charset ?? 'us-ascii');
  if (mime === 'text/html' && msg.html === undefined) msg.html = text;
  else if (mime === 'text/plain' && msg.text === undefined) msg.text = text;
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  let current: string[] | null = null;
  for (const line of lines) {
    if (line.trimEnd() === delimiter || line.trimEnd() === `${delimiter}--`) {
      if (current) parts.push(current.join('\r\n'));
      current = line.trimEnd().endsWith('--') ? null : [];
      continue;
    }
    current?.push(line);
  }
  return parts;
}

function parseParams(value: string): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const [first = '', ...rest] = splitOutsideQuotes(value, ';');
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    let v = piece.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[piece.slice(0, eq).trim().toLowerCase()] = v;
  }
  return { value: first.trim(), params };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\' && quoted) {
      current += ch + text.charAt(i + 1);
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '<') angle++;
    if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    if (ch === separator && !quoted && angle === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function decodeTransfer(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body.replace(/\r?\n$/, ''), 'latin1');
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft.charAt(i);
    const hex = soft.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes).subarray(0, trailingNewline(bytes));
}

function trailingNewline(bytes: number[]): number {
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end--;
  if (bytes[end - 1] === 0x0d) end--;
  return end;
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase() === 'us-ascii' ? 'utf-8' : charset).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** RFC 2047: =?charset?B?...?= and =?charset?Q?...?=; whitespace between adjacent encoded-words is dropped. */
export function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?[^?]*\?=)/g, '$1')
    .replace(word, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      return decodeCharset(bytes, charset);
    });
}

/** Splits an address list ("A" <a@x>, b@y, "Last, First" <c@z>) into name and address. */
export function parseAddressList(value: string | undefined): Address[] {
  if (!value || !value.trim()) return [];
  return splitOutsideQuotes(value, ',')
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const angle = /^(.*)<([^>]*)>\s*$/.exec(piece);
      if (angle)
        return {
          name: (angle[1] ?? '')
            .trim()
            .replace(/^"(.*)"$/, '$1')
            .replace(/\\(.)/g, '$1'),
          address: (angle[2] ?? '').trim(),
        };
      return { name: '', address: piece };
    });
}

export function isValidAddress(address: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(address);
}
