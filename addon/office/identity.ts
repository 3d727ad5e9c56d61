// Who is using the task pane: the email that goes into Owner, "Created by" and "Updated by".
//
// Excel gives an add-in no user identity by itself. The Graph mail signs in through MSAL nested app
// authentication (src/hosts/excel/msal-token.ts), but only at the first send, and the register must not ask
// for a sign-in just to be browsed; so the pane uses the address remembered in this browser (localStorage
// "backoffice.user"), or none, which core accepts (a "=me" default stays empty). Filling it from the MSAL
// account once someone has signed in is a small follow-up.

const STORAGE_KEY = 'backoffice.user';

export function signedInUser(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY)?.trim() ?? '';
  } catch {
    // Storage blocked (private mode, partitioned iframe): no remembered user.
    return '';
  }
}
