/**
 * Small HTTP helpers for the workbench server (node:http only: a handful of routes do not need a
 * framework). The workbench edits a file on this machine, so every request must come from this
 * machine's browser, on behalf of a page this server served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorPayload } from '../core/errors';

export const JSON_BODY_LIMIT = 1024 * 1024;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header ("localhost:8080" -> "localhost", "[::1]:80" -> "[::1]"). */
function hostName(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host.trim().toLowerCase());
  return m ? m[1]! : '';
}

/**
 * DNS rebinding: a web page on evil.example can point its own name at 127.0.0.1 and then read this
 * server as same-origin. Its requests still carry `Host: evil.example`, so only loopback names pass.
 */
export function hostAllowed(req: IncomingMessage, extraNames: readonly string[] = []): boolean {
  return isAllowedHost(req.headers.host ?? '', extraNames);
}

function isAllowedHost(host: string, extraNames: readonly string[]): boolean {
  const name = hostName(host);
  return LOOPBACK_NAMES.has(name) || extraNames.includes(name);
}

/**
 * Cross-site request forgery: any web page can make the browser POST to localhost. Browsers send
 * Origin on every cross-origin POST and Sec-Fetch-Site on every request, so a request that says it
 * came from another site is refused; a request with neither header comes from a script, not a page.
 */
export function sameSite(req: IncomingMessage, extraNames: readonly string[] = []): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.host === (req.headers.host ?? '').toLowerCase() && isAllowedHost(url.host, extraNames);
  } catch {
    return false;
  }
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** Transport problems answer in the RPC reply shape, so the sidebar shows them like any other error. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const error: ErrorPayload = { code: status >= 500 ? 'internal' : 'usage', message, problems: [] };
  sendJson(res, status, { ok: false, error }, headers);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request body as JSON: `{}` when empty; an HttpError (400, 413, 415) when it cannot be used. */
export async function readJsonBody(req: IncomingMessage, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new HttpError(413, `The request body is larger than ${Math.round(limit / 1024)} KB`);
  if (declared > limit) {
    req.resume(); // discard it, so the connection can carry the reply
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep draining past the limit instead of cutting the connection: the client then reads the 413.
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw tooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  // Checked after reading: a form or text/plain POST is what a cross-site page could send unpreflighted.
  if (type !== 'application/json')
    throw new HttpError(415, 'Send the request as JSON (Content-Type: application/json)');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `The request body is not valid JSON (${(err as Error).message})`);
  }
}
