/**
 * Access tokens for the Graph mail, in the task pane: MSAL nested app authentication (NAA), where Office
 * itself signs the person in and brokers the token, falling back to a sign-in in an Office dialog where
 * NAA is unavailable (learn.microsoft.com/office/dev/add-ins/develop/enable-nested-app-authentication-in-your-add-in;
 * Microsoft's sample Samples/auth/Outlook-Add-in-SSO-NAA follows the same order).
 *
 *   1. `createNestablePublicClientApplication` once (MSAL's "CreatePCA pattern",
 *      learn.microsoft.com/entra/msal/javascript/browser/initialization);
 *   2. `acquireTokenSilent` for the account signed in before, or `ssoSilent` for Office's own account;
 *   3. `acquireTokenPopup` when that needs the person (consent, MFA, a first sign-in);
 *   4. a popup the webview cannot open (`popup_window_error`, Office desktops without NAA) falls back to
 *      the Office dialog: `Office.context.ui.displayDialogAsync` opens the sign-in page (taskpane.html?view=auth,
 *      addon/office/auth-page.ts) from the add-in's own origin, which signs in with MSAL's redirect flow
 *      and answers with `messageParent` (learn.microsoft.com/office/dev/add-ins/develop/auth-with-office-dialog-api).
 *
 * The app registration (docs/excel.md) needs the SPA redirect `brk-multihub://<add-in host>` for NAA, and
 * `https://<add-in host>/taskpane.html` for the standard flows (Excel on the web, the dialog). The client ID
 * comes from the build (OFFICE_CLIENT_ID); without it every token request says how to configure it.
 *
 * This cannot run here beyond unit tests with fakes (test/excel/msal-token.test.ts): there is no Office
 * host and no Microsoft identity platform in the test set-up.
 */
import {
  createNestablePublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { RegisterError } from '../../core/errors';
import type { GetToken } from './graph-mailer';

/** What the dialog page (addon/office/auth.ts) sends back with messageParent. */
export type DialogAnswer = { accessToken: string; expiresOn: number | null } | { error: string };

/** The part of Office the token source uses, so tests can fake it. */
export interface OfficeAuthHost {
  /** `Office.context.requirements.isSetSupported('NestedAppAuth', '1.1')`. */
  nestedAppAuth(): boolean;
  /** Opens `url` in an Office dialog and resolves with the first message it sends. */
  dialog(url: string): Promise<string>;
}

export interface MsalTokenOptions {
  /** The Azure app registration's client ID; '' when the build was not given one. */
  clientId: string;
  /** The sign-in page (taskpane.html on the add-in's origin): the standard flows' redirect, the dialog page. */
  authPageUrl: string;
  office: OfficeAuthHost;
  /** Defaults to MSAL's; tests pass a fake. */
  createPca?: (config: Configuration) => Promise<IPublicClientApplication>;
  now?: () => number;
}

export const NOT_CONFIGURED =
  'Mail from Excel is not set up: build the add-in with OFFICE_CLIENT_ID set to the client ID of your Azure app registration (see docs/excel.md, "Mail through Microsoft Graph").';

/** The MSAL configuration for the task pane. */
export function msalConfig(clientId: string, authPageUrl: string): Configuration {
  return {
    // "common": work or school accounts of any tenant, and personal Microsoft accounts.
    auth: { clientId, authority: 'https://login.microsoftonline.com/common', redirectUri: authPageUrl },
    cache: { cacheLocation: 'localStorage' },
  };
}

const errorCode = (e: unknown) => String((e as { errorCode?: unknown } | null)?.errorCode ?? '');

/** Office's dialog as an OfficeAuthHost, for the task pane. */
export function officeAuthHost(): OfficeAuthHost {
  return {
    nestedAppAuth: () => Office.context.requirements.isSetSupported('NestedAppAuth', '1.1'),
    dialog: (url) =>
      new Promise((resolve, reject) => {
        Office.context.ui.displayDialogAsync(url, { height: 60, width: 30 }, (opened) => {
          if (opened.status === Office.AsyncResultStatus.Failed) {
            reject(new Error(`the sign-in dialog did not open (${opened.error.message})`));
            return;
          }
          const dialog = opened.value;
          dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
            dialog.close();
            if ('message' in arg) resolve(arg.message);
            else reject(new Error(`the sign-in dialog failed (${arg.error})`));
          });
          // 12006: the person closed the dialog (learn.microsoft.com/office/dev/add-ins/develop/dialog-handle-errors-events).
          dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) =>
            reject(
              new Error(
                'error' in arg && arg.error === 12006
                  ? 'the sign-in was cancelled'
                  : 'the sign-in dialog failed',
              ),
            ),
          );
        });
      }),
  };
}

/** A GetToken for GraphMailer. */
export function msalTokenSource(opts: MsalTokenOptions): GetToken {
  const now = opts.now ?? Date.now;
  let pca: Promise<IPublicClientApplication> | null = null;
  let fromDialog: { token: string; expiresOn: number } | null = null;
  const client = () =>
    (pca ??= (opts.createPca ?? createNestablePublicClientApplication)(
      msalConfig(opts.clientId, opts.authPageUrl),
    ));

  const remember = (app: IPublicClientApplication, result: AuthenticationResult) => {
    app.setActiveAccount(result.account);
    return result.accessToken;
  };

  const viaDialog = async (): Promise<string> => {
    const answer = JSON.parse(await opts.office.dialog(`${opts.authPageUrl}?view=auth`)) as DialogAnswer;
    if ('error' in answer) throw new Error(answer.error);
    // Without an expiry, keep it for five minutes: Entra ID access tokens last an hour or more.
    fromDialog = { token: answer.accessToken, expiresOn: answer.expiresOn ?? now() + 5 * 60_000 };
    return answer.accessToken;
  };

  return async (scopes, options) => {
    if (!opts.clientId) throw new RegisterError('usage', NOT_CONFIGURED);
    const force = options?.forceRefresh === true;
    if (fromDialog && !force && fromDialog.expiresOn - 60_000 > now()) return fromDialog.token;
    if (fromDialog) return viaDialog();
    const app = await client();
    const account: AccountInfo | null = app.getActiveAccount() ?? app.getAllAccounts()[0] ?? null;
    try {
      const result = account
        ? await app.acquireTokenSilent({ scopes: [...scopes], account, forceRefresh: force })
        : await app.ssoSilent({ scopes: [...scopes] });
      return remember(app, result);
    } catch {
      // Consent, MFA or a first sign-in: the person has to take part.
    }
    try {
      return remember(app, await app.acquireTokenPopup({ scopes: [...scopes] }));
    } catch (error) {
      if (errorCode(error) !== 'popup_window_error' || opts.office.nestedAppAuth()) throw error;
      return viaDialog();
    }
  };
}
