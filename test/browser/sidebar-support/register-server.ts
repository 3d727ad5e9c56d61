/**
 * A tiny HTTP host for the built sidebar: GET serves the one HTML file, `POST /rpc/<method>` runs
 * the real service over an in-memory register (the reply shape the workbench will use), and
 * `POST /gas/<method>` answers with the JSON *string* Apps Script's `rpc(method, payloadJson)`
 * returns, for the fake google.script.run. Every call is logged, to count round trips per action.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryDocument } from '../../../src/hosts/memory/memory-document';
import { setupRegister } from '../../../src/service/register';
import { dispatchSync, type MergeServices } from '../../../src/service/rpc';
import type { SyncMailer } from '../../../src/ports';
import { runSync } from '../../../src/service/use-case';

export const TODAY = '2026-03-29';
export const USER = 'anna.ferri@backoffice.example';

export function sampleRegister(): MemoryDocument {
  const doc = new MemoryDocument(() => ({
    user: USER,
    timeZone: 'Europe/Rome',
    locale: 'en_US',
    nowMs: Date.parse(`${TODAY}T10:00:00Z`),
  }));
  runSync(doc, setupRegister({ sample: true }));
  return doc;
}

/**
 * The sample register plus the field types the starter lacks (URL, yes/no, multiple choice) on
 * Suppliers, added to Setup the way staff would and repaired with Set up register.
 */
export function registerWithEveryType(): MemoryDocument {
  const doc = sampleRegister();
  const setup = doc.tables.get('Setup')!;
  const header = setup.header.map(String);
  const row = (cells: Record<string, string>) => header.map((h) => cells[h] ?? '');
  setup.rows.push(
    row({ Table: 'Suppliers', Field: 'Website', Type: 'URL' }),
    row({ Table: 'Suppliers', Field: 'Preferred', Type: 'yes/no', Help: 'Offered first when ordering' }),
    row({
      Table: 'Suppliers',
      Field: 'Regions',
      Type: 'multiple choice',
      Required: 'yes',
      Choices: 'North, South, East, West',
    }),
  );
  runSync(doc, setupRegister());
  return doc;
}

export interface RegisterServer {
  url: string;
  doc: MemoryDocument;
  /** Methods called since the last `calls.length = 0`, in order. */
  calls: string[];
  /** Call the service directly, as another user's edit would. */
  call<T = unknown>(method: string, body: object): T;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Mail for the server: `mailer()` as it is at each call, on a fake clock stopped at `now`. */
export function fakeMail(now: number, mailer: () => SyncMailer): () => MergeServices<SyncMailer> {
  return () => ({
    mailer: mailer(),
    runtime: { clock: () => now, startedAtMs: now, budgetMs: 5 * 60_000, owner: 'memory' },
  });
}

/**
 * `merge` hands the mail merge methods a mailer and runtime (fake clock, quota), called per request
 * so a test can change them between calls; without it those methods answer "No mailer".
 */
export async function startRegisterServer(
  html: string,
  options: { merge?: () => MergeServices<SyncMailer> } = {},
): Promise<RegisterServer> {
  const state = { doc: sampleRegister(), calls: [] as string[] };
  const dispatch = (method: string, body: string) => dispatchSync(state.doc, method, body, options.merge?.());
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rpc = /^\/(rpc|gas)\/([A-Za-z]+)$/.exec(url.pathname);
    if (req.method === 'POST' && rpc) {
      const body = await readBody(req);
      state.calls.push(rpc[2]!);
      const reply = dispatch(rpc[2]!, body);
      // Apps Script's rpc() returns the reply as a string; google.script.run hands that string over.
      const payload = rpc[1] === 'gas' ? JSON.stringify(reply) : reply;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(payload);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get doc() {
      return state.doc;
    },
    set doc(d: MemoryDocument) {
      state.doc = d;
    },
    calls: state.calls,
    call<T>(method: string, body: object): T {
      const reply = JSON.parse(dispatch(method, JSON.stringify(body)));
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as T;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
