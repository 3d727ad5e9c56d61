// Who is using the task pane: the email that goes into Owner, "Created by" and "Updated by".
//
// Excel gives an add-in no user identity by itself: the signed-in account's email comes from Microsoft
// Entra ID, through MSAL nested app authentication (@azure/msal-browser), the same sign-in the Graph mail
// needs (issue #8; later work, not wired yet). Until then the pane uses the address remembered in this
// browser (localStorage "backoffice.user"), or none, which core accepts (a "=me" default stays empty).

const STORAGE_KEY = 'backoffice.user';

export function signedInUser(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY)?.trim() ?? '';
  } catch {
    // Storage blocked (private mode, partitioned iframe): no remembered user.
    return '';
  }
}
