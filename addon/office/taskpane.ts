// Excel task pane entry point (bundled to taskpane.js by scripts/build-office.mjs).
//
// Office.js comes from Microsoft's CDN in taskpane.html, before this bundle. Once Office.onReady says the
// pane runs in Excel, the register opens: an ExcelDocument over Excel.run, the service behind
// window.backofficeRpc (the sidebar's in-process bridge, sidebar/bridges/pick.ts), then the shared sidebar
// itself, which is part of this bundle but runs only now, after the bridge exists. Its styles are inlined
// into taskpane.html at build time; data-host="office" gives them the Fluent look.
//
// Other ribbon views (?view=merge, chase, help, and the Build summaries notice) are plain notices.
import { ExcelDocument } from '../../src/hosts/excel';
import { dispatchAsync } from '../../src/service/rpc';
import {
  RpcError,
  type Rpc,
  type RpcMethod,
  type RpcRequest,
  type RpcResult,
} from '../../src/service/rpc-contract';
import { signedInUser } from './identity';
import { renderFailure, renderNotice, viewFromSearch } from './notice';
import { paneHooks } from './pane-hooks';

/**
 * The service as an Rpc: replies unwrapped, errors thrown as RpcError carrying `.payload`. Calls run one
 * after another, as ExcelDocument expects (the sidebar may ask for a list while a save is under way).
 */
export function officeRpc(doc: ExcelDocument): Rpc {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>> {
      const reply = queue.then(() => dispatchAsync(doc, method, request));
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

async function openRegister(root: HTMLElement): Promise<void> {
  if (!Office.context.requirements.isSetSupported('ExcelApi', EXCEL_API))
    throw new Error(`this version of Excel lacks the ExcelApi ${EXCEL_API} requirement set; update Office.`);
  const doc = new ExcelDocument({ run: (batch) => Excel.run(batch), user: signedInUser() });
  (window as unknown as { backofficeRpc?: Rpc }).backofficeRpc = officeRpc(doc);
  root.replaceChildren();
  await import('../../sidebar/main');
  await paneHooks.afterOpen(doc);
}

void Office.onReady(async (info) => {
  const root = document.getElementById('app');
  if (!root) return;
  const view = viewFromSearch(window.location.search);
  // Office.onReady resolves with a null host when the page is opened in a plain browser.
  const host = info.host ?? null;
  if (view !== 'register' || host !== Office.HostType.Excel) {
    renderNotice(root, view, host === null ? null : String(host));
    return;
  }
  try {
    await openRegister(root);
  } catch (e) {
    renderFailure(root, e instanceof Error ? e.message : String(e));
  }
});
