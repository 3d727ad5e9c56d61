// The task pane page as the add-in's sign-in page (src/hosts/excel/msal-token.ts). taskpane.html is the
// one redirect URI registered for the standard flows (docs/excel.md; Microsoft's NAA guide asks for the page
// that requests tokens), and serves two of them besides the register:
// - the Office dialog fallback: the pane opens taskpane.html?view=auth with displayDialogAsync; the page
//   signs in with MSAL's redirect flow and hands the token back with Office.context.ui.messageParent
//   (learn.microsoft.com/office/dev/add-ins/develop/auth-with-office-dialog-api);
// - the redirect target of an MSAL popup (where Office cannot broker the sign-in, e.g. Excel on the web
//   without nested app authentication): the page passes the response to the pane with MSAL's redirect
//   bridge, which MSAL.js 5 requires of the page a popup lands on.
// The dialog's mode is remembered in sessionStorage, which lasts across the redirects of one window: its
// first load carries ?view=auth, its return from Microsoft's sign-in does not.
import { createStandardPublicClientApplication } from '@azure/msal-browser';
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';
import { GRAPH_MAIL_SCOPES } from '../../src/hosts/excel/graph-mailer';
import { msalConfig, NOT_CONFIGURED, type DialogAnswer } from '../../src/hosts/excel/msal-token';
import { authPageUrl, OFFICE_CLIENT_ID } from './config';

const DIALOG = 'backoffice.auth.dialog';
export const AUTH_VIEW = 'auth';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** An authorization response in the URL: what Microsoft's sign-in redirects back with. */
function hasAuthResponse(loc: Location): boolean {
  const params = new URLSearchParams(`${loc.search.slice(1)}&${loc.hash.slice(1)}`);
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** Whether this load of taskpane.html is a sign-in, not the register. */
export function isAuthPage(loc: Location): boolean {
  if (new URLSearchParams(loc.search).get('view') === AUTH_VIEW) {
    storage()?.setItem(DIALOG, '1');
    return true;
  }
  return storage()?.getItem(DIALOG) === '1' || hasAuthResponse(loc);
}

async function answer(message: DialogAnswer): Promise<void> {
  storage()?.removeItem(DIALOG);
  await Office.onReady();
  Office.context.ui.messageParent(JSON.stringify(message));
}

export async function runAuthPage(say: (text: string) => void): Promise<void> {
  say('Signing in to Microsoft 365…');
  try {
    if (storage()?.getItem(DIALOG) !== '1') {
      await broadcastResponseToMainFrame();
      return;
    }
    if (!OFFICE_CLIENT_ID) return answer({ error: NOT_CONFIGURED });
    const app = await createStandardPublicClientApplication(msalConfig(OFFICE_CLIENT_ID, authPageUrl()));
    const result = await app.handleRedirectPromise();
    if (result)
      return answer({ accessToken: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? null });
    await app.acquireTokenRedirect({ scopes: [...GRAPH_MAIL_SCOPES], prompt: 'select_account' });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    say(`The sign-in could not finish: ${message}`);
    if (storage()?.getItem(DIALOG) === '1') await answer({ error: message });
  }
}
