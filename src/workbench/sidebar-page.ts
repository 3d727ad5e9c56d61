/**
 * The sidebar bundle as the workbench serves it: the same HTML the add-on ships, told that it runs
 * in the workbench, which view to open, and given the sheet-navigation capability the grid provides.
 */
import { createHash } from 'node:crypto';
import type { SidebarView } from './api-types';

export interface SidebarPage {
  html: string;
  /** Content-Security-Policy for the sidebar: its inline scripts are allowed by hash, nothing else. */
  csp: string;
}

/**
 * The views the sidebar opens on request: 'new' (New record), 'merge' (Mail merge), 'summaries'
 * (Build summaries). Anything else in a query string opens the default view: only these reach the page.
 */
export const SIDEBAR_VIEWS: readonly SidebarView[] = ['new', 'merge', 'summaries'];

export function sidebarView(value: string | null): SidebarView | undefined {
  return SIDEBAR_VIEWS.find((v) => v === value);
}

export interface SidebarLaunch {
  view?: SidebarView;
  /** The sheet active in the grid, so New record (or a merge) starts in that table. */
  table?: string;
}

/**
 * `window.backofficeSheet` (sidebar/navigation.ts) for a sidebar inside the workbench page: the
 * grid in the parent frame (same origin) selects rows and knows the selected one. Defined before
 * the bundle runs, because the sidebar decides at start whether to offer "Go to row".
 */
const NAVIGATION_SCRIPT = `(function () {
  var host;
  try { host = window.parent !== window ? window.parent.backofficeWorkbench : undefined; } catch (e) { host = undefined; }
  if (!host) return;
  window.backofficeSheet = {
    selectRecord: function (ref) { return Promise.resolve(host.selectRecord({ table: String(ref.table), id: String(ref.id) })); },
    selectedRecord: function () { return Promise.resolve(host.selectedRecord()); }
  };
})();`;

const escapeAttribute = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sidebarPage(html: string, launch: SidebarLaunch = {}): SidebarPage {
  // data-host: which bridge (coordinated with the sidebar; it also infers the host from window globals).
  let attrs = ' data-host="workbench"';
  if (launch.view) attrs += ` data-view="${escapeAttribute(launch.view)}"`;
  if (launch.table) attrs += ` data-table="${escapeAttribute(launch.table)}"`;
  let out = /<html\b/i.test(html)
    ? html.replace(/<html\b/i, (m) => `${m}${attrs}`)
    : `<html${attrs}>${html}</html>`;
  const nav = `<script>${NAVIGATION_SCRIPT}</script>`;
  out = /<\/head>/i.test(out) ? out.replace(/<\/head>/i, (m) => `${nav}${m}`) : `${nav}${out}`;
  const hashes = [...out.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
  const csp = [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    // Preact sets style attributes and the bundle inlines its stylesheet.
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
  return { html: out, csp };
}
