// Excel task pane entry point (bundled to taskpane.js by scripts/build-office.mjs).
//
// Office.js comes from Microsoft's CDN in taskpane.html, before this bundle. Once Office.onReady says the
// pane runs in Excel, the register opens: an ExcelDocument over Excel.run, the service behind
// window.backofficeRpc (the sidebar's in-process bridge, sidebar/bridges/pick.ts), then the shared sidebar
// itself, which is part of this bundle but runs only now, after the bridge exists. Its styles are inlined
// into taskpane.html at build time; data-host="office" gives them the Fluent look.
//
// Mail merge sends through Microsoft Graph (src/hosts/excel/graph-mailer.ts) with a token from MSAL nested
// app authentication (src/hosts/excel/msal-token.ts); the merge methods get that mailer and the Excel
// runtime (src/hosts/excel/merge-runtime.ts) with every call. The sign-in happens at the first send, not
// when the pane opens: browsing the register never asks for it.
//
// Mail merge (?view=merge), Run chases (?view=chase) and Build summaries (?view=summaries) open the same
// sidebar on that view: <html data-view> is set before the sidebar starts, as the workbench does
// (sidebar/navigation.ts startView). ?view=help and the notice of commands.ts are plain notices.
import { ExcelDocument, excelMergeRuntime, GraphMailer } from '../../src/hosts/excel';
import { msalTokenSource, officeAuthHost } from '../../src/hosts/excel/msal-token';
import type { AsyncMailer, MergeServices } from '../../src/service/merge-driver';
import { dispatchAsync } from '../../src/service/rpc';
import {
  RpcError,
  type Rpc,
  type RpcMethod,
  type RpcRequest,
  type RpcResult,
} from '../../src/service/rpc-contract';
import { isAuthPage, runAuthPage } from './auth-page';
import { authPageUrl, OFFICE_CLIENT_ID } from './config';
import { signedInUser } from './identity';
import { opensRegister, renderFailure, renderNotice, viewFromSearch, type SidebarView } from './notice';
import { paneHooks } from './pane-hooks';

/**
 * The service as an Rpc: replies unwrapped, errors thrown as RpcError carrying `.payload`. Calls run one
 * after another, as ExcelDocument expects (the sidebar may ask for a list while a save is under way), and
 * as the merge runtime's ownership of this pane's runs assumes. `merge` gives the merge methods their
 * mailer and runtime, fresh for every call (a run's start time is the call's).
 */
export function officeRpc(doc: ExcelDocument, merge: () => MergeServices<AsyncMailer> = () => ({})): Rpc {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>> {
      const reply = queue.then(() => dispatchAsync(doc, method, request, merge()));
      queue = reply.catch(() => undefined);
      return reply.then((r) => {
        if (r.ok) return r.value as RpcResult<M>;
        throw new RpcError(r.error);
      });
    },
  };
}

/**
 * The Excel API set the register needs (data validation): manifest.xml declares it, so Office offers the
 * add-in only where it works; the check covers a page opened some other way
 * (learn.microsoft.com/office/dev/add-ins/develop/specify-api-requirements-runtime).
 */
const EXCEL_API = '1.8';

/** One ID per pane session (sessionStorage lasts across reloads of this pane, not across panes). */
function paneId(): string {
  const key = 'backoffice.pane';
  try {
    let id = window.sessionStorage.getItem(key);
    if (!id) window.sessionStorage.setItem(key, (id = crypto.randomUUID()));
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

/** The mailer and runtime of the merge methods: Graph mail as the signed-in person. */
export function mergeServices(): () => MergeServices<AsyncMailer> {
  const mailer = new GraphMailer({
    getToken: msalTokenSource({
      clientId: OFFICE_CLIENT_ID,
      authPageUrl: authPageUrl(),
      office: officeAuthHost(),
    }),
  });
  const runtime = excelMergeRuntime(paneId());
  return () => ({ mailer, runtime: { ...runtime } });
}

async function openRegister(root: HTMLElement, view: SidebarView | null): Promise<void> {
  if (!Office.context.requirements.isSetSupported('ExcelApi', EXCEL_API))
    throw new Error(`this version of Excel lacks the ExcelApi ${EXCEL_API} requirement set; update Office.`);
  const doc = new ExcelDocument({ run: (batch) => Excel.run(batch), user: signedInUser() });
  const rpc = officeRpc(doc, mergeServices());
  (window as unknown as { backofficeRpc?: Rpc }).backofficeRpc = rpc;
  root.replaceChildren();
  if (view !== null) document.documentElement.dataset.view = view;
  await import('../../sidebar/main');
  // The register is usable now: a failing hook (an offer of due chases) is logged, not shown as a failure.
  await paneHooks.afterOpen(doc, rpc).catch((e: unknown) => console.warn('Backoffice Register:', e));
}

function say(root: HTMLElement, text: string): void {
  const p = document.createElement('p');
  p.textContent = text;
  const main = document.createElement('main');
  main.className = 'notice';
  main.append(p);
  root.replaceChildren(main);
}

void Office.onReady(async (info) => {
  const root = document.getElementById('app');
  if (!root) return;
  // The page is also the sign-in page of the Graph mail (auth-page.ts): a dialog, or an MSAL popup's return.
  if (isAuthPage(window.location)) return runAuthPage((text) => say(root, text));
  const view = viewFromSearch(window.location.search);
  // Office.onReady resolves with a null host when the page is opened in a plain browser.
  const host = info.host ?? null;
  if (!opensRegister(view) || host !== Office.HostType.Excel) {
    renderNotice(root, view, host === null ? null : String(host));
    return;
  }
  try {
    await openRegister(root, view === 'register' ? null : view);
  } catch (e) {
    renderFailure(root, e instanceof Error ? e.message : String(e));
  }
});
