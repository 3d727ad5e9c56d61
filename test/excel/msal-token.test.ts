/**
 * The task pane's token source for the Graph mail (src/hosts/excel/msal-token.ts) with a fake MSAL client
 * and a fake Office: the order silent -> popup -> Office dialog, the clear message when the build has no
 * client ID, and the MSAL configuration. The real sign-in (Office brokering it, Microsoft's identity
 * platform) cannot run here; this is what can be checked without them.
 */
import type {
  AccountInfo,
  AuthenticationResult,
  Configuration,
  IPublicClientApplication,
} from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { assertClientId } from '../../scripts/build-office.mjs';
import { GRAPH_MAIL_SCOPES } from '../../src/hosts/excel/graph-mailer';
import {
  msalConfig,
  msalTokenSource,
  NOT_CONFIGURED,
  type OfficeAuthHost,
} from '../../src/hosts/excel/msal-token';

const CLIENT = '0b8f1a2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
const PAGE = 'https://addin.example.com/taskpane.html';
const ACCOUNT = { username: 'anna@contoso.example', homeAccountId: 'h', localAccountId: 'l' } as AccountInfo;

type Step = 'silent' | 'sso' | 'popup';

/** An MSAL client whose answers a test scripts: a token, or an error with an errorCode. */
function fakeMsal(script: Partial<Record<Step, string | { errorCode: string }>>, signedIn = false) {
  const calls: { step: Step; request: unknown }[] = [];
  const configs: Configuration[] = [];
  let active: AccountInfo | null = signedIn ? ACCOUNT : null;
  const answer = async (step: Step, request: unknown): Promise<AuthenticationResult> => {
    calls.push({ step, request });
    const a = script[step];
    if (a === undefined || typeof a !== 'string')
      throw Object.assign(new Error(a?.errorCode ?? 'interaction_required'), { errorCode: a?.errorCode });
    return { accessToken: a, account: ACCOUNT, expiresOn: null } as unknown as AuthenticationResult;
  };
  const app = {
    getActiveAccount: () => active,
    getAllAccounts: () => (active ? [active] : []),
    setActiveAccount: (a: AccountInfo | null) => (active = a),
    acquireTokenSilent: (r: unknown) => answer('silent', r),
    ssoSilent: (r: unknown) => answer('sso', r),
    acquireTokenPopup: (r: unknown) => answer('popup', r),
  } as unknown as IPublicClientApplication;
  return {
    calls,
    configs,
    steps: () => calls.map((c) => c.step),
    createPca: async (config: Configuration) => {
      configs.push(config);
      return app;
    },
  };
}

function fakeOffice(dialogAnswers: string[], naa = false): OfficeAuthHost & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    nestedAppAuth: () => naa,
    dialog: async (url) => {
      opened.push(url);
      const next = dialogAnswers.shift();
      if (next === undefined) throw new Error('the sign-in was cancelled');
      return next;
    },
  };
}

describe('msalTokenSource', () => {
  it('says how to set mail up when the build has no client ID, before touching MSAL', async () => {
    const msal = fakeMsal({ silent: 't' });
    const get = msalTokenSource({
      clientId: '',
      authPageUrl: PAGE,
      office: fakeOffice([]),
      createPca: msal.createPca,
    });
    await expect(get(GRAPH_MAIL_SCOPES)).rejects.toThrow(NOT_CONFIGURED);
    expect(msal.configs).toEqual([]);
  });

  it('asks Office for its account silently first (ssoSilent), then uses the account it got', async () => {
    const msal = fakeMsal({ sso: 'first', silent: 'second' });
    const get = msalTokenSource({
      clientId: CLIENT,
      authPageUrl: PAGE,
      office: fakeOffice([]),
      createPca: msal.createPca,
    });
    expect(await get(GRAPH_MAIL_SCOPES)).toBe('first');
    expect(await get(GRAPH_MAIL_SCOPES, { forceRefresh: true })).toBe('second');
    expect(msal.steps()).toEqual(['sso', 'silent']);
    expect(msal.calls[1]!.request).toEqual({
      scopes: [...GRAPH_MAIL_SCOPES],
      account: ACCOUNT,
      forceRefresh: true,
    });
    expect(msal.configs).toEqual([msalConfig(CLIENT, PAGE)]);
    expect(msal.configs[0]!.auth.redirectUri).toBe(PAGE);
  });

  it('asks the person (popup, brokered by Office under NAA) when the silent way needs them', async () => {
    const msal = fakeMsal({ silent: { errorCode: 'interaction_required' }, popup: 'interactive' }, true);
    const get = msalTokenSource({
      clientId: CLIENT,
      authPageUrl: PAGE,
      office: fakeOffice([]),
      createPca: msal.createPca,
    });
    expect(await get(GRAPH_MAIL_SCOPES)).toBe('interactive');
    expect(msal.steps()).toEqual(['silent', 'popup']);
  });

  it('falls back to the Office dialog where a popup cannot open and NAA is unavailable, and keeps its token', async () => {
    let now = 1_000_000;
    const msal = fakeMsal({
      sso: { errorCode: 'no_account_error' },
      popup: { errorCode: 'popup_window_error' },
    });
    const office = fakeOffice([JSON.stringify({ accessToken: 'from-dialog', expiresOn: now + 3_600_000 })]);
    const get = msalTokenSource({
      clientId: CLIENT,
      authPageUrl: PAGE,
      office,
      createPca: msal.createPca,
      now: () => now,
    });
    expect(await get(GRAPH_MAIL_SCOPES)).toBe('from-dialog');
    expect(office.opened).toEqual([`${PAGE}?view=auth`]);
    expect(await get(GRAPH_MAIL_SCOPES)).toBe('from-dialog');
    expect(office.opened).toHaveLength(1);
    // Near its expiry, or refused by Graph (forceRefresh), the dialog is asked again.
    now += 3_600_000;
    await expect(get(GRAPH_MAIL_SCOPES)).rejects.toThrow('the sign-in was cancelled');
    expect(office.opened).toHaveLength(2);
  });

  it("passes on the dialog's error, and does not use the dialog where NAA should have worked", async () => {
    const msal = fakeMsal({ sso: { errorCode: 'x' }, popup: { errorCode: 'popup_window_error' } });
    const office = fakeOffice([JSON.stringify({ error: 'AADSTS65001: consent required' })]);
    const get = msalTokenSource({ clientId: CLIENT, authPageUrl: PAGE, office, createPca: msal.createPca });
    await expect(get(GRAPH_MAIL_SCOPES)).rejects.toThrow('AADSTS65001');
    const naa = fakeOffice([], true);
    const msal2 = fakeMsal({ sso: { errorCode: 'x' }, popup: { errorCode: 'popup_window_error' } });
    const get2 = msalTokenSource({
      clientId: CLIENT,
      authPageUrl: PAGE,
      office: naa,
      createPca: msal2.createPca,
    });
    await expect(get2(GRAPH_MAIL_SCOPES)).rejects.toThrow('popup_window_error');
    expect(naa.opened).toEqual([]);
  });
});

describe('OFFICE_CLIENT_ID at build time', () => {
  it('takes a GUID, or nothing (mail not set up), and refuses anything else before building', () => {
    expect(assertClientId(` ${CLIENT} `)).toBe(CLIENT);
    expect(assertClientId('')).toBe('');
    expect(assertClientId(undefined)).toBe('');
    expect(() => assertClientId('my-app')).toThrow(/OFFICE_CLIENT_ID must be the Application \(client\) ID/);
  });
});
