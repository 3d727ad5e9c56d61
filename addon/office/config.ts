// What the build tells the add-in (scripts/build-office.mjs replaces these names through esbuild's `define`).
//
// - __OFFICE_CLIENT_ID__: the client ID of the Azure app registration the Graph mail signs in with
//   (OFFICE_CLIENT_ID at build time; docs/excel.md). '' when the build was not given one: the register
//   works, and sending mail says how to set it up.
//
// Outside a build (type checks, unit tests) the names are undeclared globals: `typeof` reads them safely.

declare const __OFFICE_CLIENT_ID__: string | undefined;

export const OFFICE_CLIENT_ID: string =
  typeof __OFFICE_CLIENT_ID__ === 'string' ? __OFFICE_CLIENT_ID__.trim() : '';

/**
 * The sign-in page: taskpane.html on the add-in's own origin, without query or fragment (the redirect URI
 * registered in Azure must match exactly; auth-page.ts).
 */
export function authPageUrl(): string {
  return new URL('taskpane.html', window.location.href).href.replace(/[?#].*$/, '');
}
