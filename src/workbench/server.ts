/**
 * The local workbench behind `npm start`: the workbook's sheets as a read-only grid, the add-on's menu
 * actions, the real sidebar in an iframe talking to `dispatchAsync` over `POST /rpc/<method>`, and the
 * outbox of mail written as .eml files. node:http only, loopback only.
 *
 * Every RPC call gets the local host's mailer and merge runtime, so a merge or chase run started
 * here is the same run as `backoffice merge` or `backoffice chase`: its mails land in the outbox (or
 * go out through SMTP), and a CLI run on the same workbook is refused while this one's marker is
 * live, and vice versa.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { defaultOutbox, localMergeRuntime, mailerFromEnv } from '../hosts/local';
import type { AsyncDocument, AsyncMailer } from '../ports';
import { dispatchAsync } from '../service/rpc';
import type {
  InfoResponse,
  MailDestination,
  OutboxResponse,
  SheetsResponse,
  VersionResponse,
} from './api-types';
import { buildPage, buildSidebar, PAGE_CSP, pageHtml, projectRoot } from './assets';
import { hostAllowed, HttpError, readJsonBody, sameSite, send, sendError, sendJson } from './http';
import { listOutbox, outboxVersion, readOutboxMessage } from './outbox';
import { serializeLocks } from './serial-document';
import { sidebarPage, sidebarView } from './sidebar-page';
import { openWorkbookDocument } from './workbook-document';
import { fileVersion, WorkbookView } from './workbook-view';

export interface WorkbenchOptions {
  workbook: string;
  /** 0 picks a free port (tests). Default 8080. */
  port?: number;
  /** Default 127.0.0.1: the workbench edits a file on this machine and has no login. */
  host?: string;
  /** Where the local mail host writes .eml files; default `outbox/` beside the workbook. */
  outbox?: string;
  /** The register document; default the local .xlsx host over `workbook`. */
  document?: AsyncDocument;
}

export interface Workbench {
  url: string;
  /** Where mail goes, for the startup message: the outbox folder, or SMTP. */
  mail: { destination: MailDestination; outbox: string };
  close(): Promise<void>;
}

const RPC_PATH = /^\/rpc\/([A-Za-z][A-Za-z0-9]*)$/;

export async function startWorkbench(opts: WorkbenchOptions): Promise<Workbench> {
  const workbook = path.resolve(opts.workbook);
  const outbox = path.resolve(opts.outbox ?? defaultOutbox(workbook));
  const bindHost = opts.host ?? '127.0.0.1';
  // A user who deliberately binds to a name (not a wildcard) can reach the workbench by that name.
  const extraHostNames = ['0.0.0.0', '::', ''].includes(bindHost) ? [] : [bindHost.toLowerCase()];
  const doc = serializeLocks(opts.document ?? openWorkbookDocument(workbook));
  const view = new WorkbookView(workbook);
  // Made once: a bad BACKOFFICE_DAILY_QUOTA stops `npm start` with its message rather than failing
  // every merge later, and an SMTP mailer keeps its connection settings for the server's lifetime.
  const mailer: AsyncMailer = mailerFromEnv({
    workbook,
    from: doc.env().user,
    smtpUrl: process.env.BACKOFFICE_SMTP_URL,
    outbox,
  });
  const mail: MailDestination = mailer.kind === 'smtp' ? 'smtp' : 'outbox';
  // No time budget: a local run is not cut at 6 minutes; the sidebar follows it with mergeStatus.
  const runtime = localMergeRuntime();

  const root = projectRoot();
  const [page, sidebarHtml] = await Promise.all([buildPage(root), buildSidebarOrExplain(root)]);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) sendError(res, err.status, err.message);
      else {
        console.error('workbench:', err);
        if (!res.headersSent)
          sendError(res, 500, 'The workbench could not answer this request; see its console.');
        else res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, extraHostNames))
      return sendError(res, 403, 'The workbench only answers to localhost');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname;

    if (req.method === 'POST') {
      if (!sameSite(req, extraHostNames)) return sendError(res, 403, 'Requests from other sites are refused');
      const rpc = RPC_PATH.exec(route);
      if (!rpc) return sendError(res, 404, `No such endpoint: POST ${route}`);
      const body = await readJsonBody(req);
      // Domain errors (unknown method, invalid record, conflict) are {ok:false} with 200, as on every bridge.
      return sendJson(res, 200, await dispatchAsync(doc, rpc[1]!, body, { mailer, runtime }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, `${req.method} is not supported`, { Allow: 'GET, HEAD, POST' });

    switch (route) {
      case '/':
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          pageHtml(`${path.basename(workbook)} - Backoffice Register`),
          {
            'Content-Security-Policy': PAGE_CSP,
          },
        );
      case '/workbench.js':
        return send(res, 200, 'text/javascript; charset=utf-8', page.js);
      case '/workbench.css':
        return send(res, 200, 'text/css; charset=utf-8', page.css);
      case '/sidebar': {
        const view = sidebarView(url.searchParams.get('view'));
        const table = url.searchParams.get('table') ?? undefined;
        const sidebar = sidebarPage(sidebarHtml, { view, table });
        return send(res, 200, 'text/html; charset=utf-8', sidebar.html, {
          'Content-Security-Policy': sidebar.csp,
        });
      }
      case '/api/info': {
        const info: InfoResponse = { workbook: path.basename(workbook), outbox, mail };
        return sendJson(res, 200, info);
      }
      case '/api/version': {
        const version: VersionResponse = {
          workbook: await fileVersion(workbook),
          outbox: await outboxVersion(outbox),
        };
        return sendJson(res, 200, version);
      }
      case '/api/sheets': {
        const sheets = await view.page({
          sheet: url.searchParams.get('sheet') ?? undefined,
          offset: numberParam(url, 'offset'),
          limit: numberParam(url, 'limit'),
          find: url.searchParams.get('find') ?? undefined,
        });
        const reply: SheetsResponse = { sheets };
        return sendJson(res, 200, reply);
      }
      case '/api/outbox': {
        const reply: OutboxResponse = { folder: outbox, messages: await listOutbox(outbox) };
        return sendJson(res, 200, reply);
      }
      case '/api/outbox/message': {
        const message = await readOutboxMessage(outbox, url.searchParams.get('file') ?? '');
        return message ? sendJson(res, 200, message) : sendError(res, 404, 'No such message in the outbox');
      }
      case '/favicon.ico':
        res.writeHead(204).end();
        return;
      default:
        return sendError(res, 404, `No such page: ${route}`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    bindHost === '127.0.0.1' || bindHost === '::1' || extraHostNames.length === 0 ? 'localhost' : bindHost;
  return {
    url: `http://${shownHost}:${port}`,
    mail: { destination: mail, outbox },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections (the polling page) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function numberParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new HttpError(400, `${name} must be a number of rows, 0 or more`);
  return n;
}

/** A sidebar that does not build should not take the grid down with it: the iframe says what broke. */
async function buildSidebarOrExplain(root: string): Promise<string> {
  try {
    return await buildSidebar(root);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // esbuild has already printed the details; one line says what it means for the workbench.
    console.error('workbench: the sidebar did not build; the sidebar pane shows why. The grid still works.');
    const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sidebar</title></head><body><p>The sidebar did not build:</p><pre style="white-space:pre-wrap">${escaped}</pre></body></html>`;
  }
}
