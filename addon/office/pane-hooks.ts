// Extension points of the task pane. Filling one in needs no change to taskpane.ts.
//
// - afterOpen: runs once the register is on screen (the sidebar loaded, window.backofficeRpc set). An
//   add-in cannot run on a timer (DESIGN.md, Hosts: Excel), so this is where due chases are offered when
//   the pane opens: the chase engineer's RPC (e.g. a `chaseDue` method) is called through the same queued
//   Rpc the sidebar uses, and the sidebar shows the offer; the CLI runs chases headless. Until then it
//   does nothing. It must not throw: the pane is already usable, so a failure here is logged, not shown
//   as "the register could not start" (taskpane.ts catches and logs it).
//
// Done elsewhere: mail merge sends through Microsoft Graph (taskpane.ts `mergeServices`, with
// src/hosts/excel/graph-mailer.ts and msal-token.ts); summaries build into Excel sheets with charts
// (src/hosts/excel/report.ts) through the buildSummaries RPC.
import type { ExcelDocument } from '../../src/hosts/excel';
import type { Rpc } from '../../src/service/rpc-contract';

export interface PaneHooks {
  /** Runs once the register is on screen, e.g. to offer the chases that are due. */
  afterOpen(doc: ExcelDocument, rpc: Rpc): Promise<void>;
}

export const paneHooks: PaneHooks = {
  afterOpen: async () => undefined,
};
