// Extension points of the task pane. Filling one in needs no change to taskpane.ts.
//
// - afterOpen: runs once the register is on screen (the sidebar loaded, window.backofficeRpc set). An
//   add-in cannot run on a timer (DESIGN.md, Hosts: Excel), so this is where due chases are offered when
//   the pane opens: chasePlan (read-only) through the same queued Rpc the sidebar uses, and when mails are
//   due a banner above the sidebar ("N chase mails are due today — Review") whose button opens the
//   sidebar's Chase view. Nothing is sent without a click there; the CLI runs chases headless. It must
//   not throw: the pane is already usable, so a failure here is logged, not shown as "the register could
//   not start" (taskpane.ts catches and logs it).
//
// Done elsewhere: mail merge sends through Microsoft Graph (taskpane.ts `mergeServices`, with
// src/hosts/excel/graph-mailer.ts and msal-token.ts); summaries build into Excel sheets with charts
// (src/hosts/excel/report.ts) through the buildSummaries RPC.
import type { ExcelDocument } from '../../src/hosts/excel';
import type { Rpc } from '../../src/service/rpc-contract';
import { pickMessages } from '../../sidebar/i18n';

export interface PaneHooks {
  /** Runs once the register is on screen, e.g. to offer the chases that are due. */
  afterOpen(doc: ExcelDocument, rpc: Rpc): Promise<void>;
}

/** The banner offering today's chases; its button shows the sidebar's Chase tab. Text only. */
export function showChaseBanner(due: number): void {
  const t = pickMessages(window.location.search, navigator.languages ?? [navigator.language]);
  const banner = document.createElement('div');
  banner.className = 'chase-banner';
  banner.setAttribute('role', 'region');
  banner.setAttribute('aria-label', t.tabChase);
  const text = document.createElement('p');
  text.textContent = `${t.chaseMailsDue(due)}.`;
  const review = document.createElement('button');
  review.type = 'button';
  review.textContent = t.chaseReview;
  review.addEventListener('click', () => {
    const tab = document.getElementById('view-tab-chase');
    tab?.click();
    tab?.focus();
    banner.remove();
  });
  banner.append(text, review);
  const app = document.getElementById('app');
  if (app) app.before(banner);
  else document.body.prepend(banner);
}

export const paneHooks: PaneHooks = {
  afterOpen: async (_doc, rpc) => {
    const plan = await rpc.call('chasePlan', {});
    if (plan.mails.length + plan.queued.length > 0) showChaseBanner(plan.mails.length + plan.queued.length);
  },
};
