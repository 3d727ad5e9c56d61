/**
 * What a mail merge needs to know about the Excel host beyond the document and the mailer: who owns a
 * run, and when another run's "merge running" marker (core/merge/marker.ts) belongs to a run that is
 * gone. Typed structurally, like the local host's: hosts do not import the service layer.
 *
 * - Owner: `excel:<id>`, one ID per task pane session. The pane runs one call at a time (taskpane.ts
 *   queues them), so when a merge starts in a pane, a marker with that pane's own ID is left by a run of
 *   this pane that ended without clearing it: stale at once.
 * - Apps Script markers (`gas`): no run outlives its 6-minute execution.
 * - Anything else (another person's pane, the CLI, the workbench): the pane cannot see whether that run
 *   is alive, and a run from Excel is long (Exchange Online sends at most 30 messages a minute per
 *   mailbox: learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/
 *   exchange-online-limits, "Sending limits"), so its marker is taken over only after an hour. Taking
 *   over never duplicates a mail (a row in SENDING is never resent); it only stops the other run.
 * - No time budget: a task pane has no execution limit; the run lasts while the pane is open.
 */
import { olderThan, type MergeMarker } from '../../core/merge/marker';

const APPS_SCRIPT_EXECUTION_MS = 6 * 60 * 1000;
export const FOREIGN_MARKER_MAX_AGE_MS = 60 * 60 * 1000;

export interface ExcelMergeRuntime {
  owner: string;
  isStale: (marker: MergeMarker, nowMs: number) => boolean;
}

export function excelMergeRuntime(paneId: string): ExcelMergeRuntime {
  const owner = `excel:${paneId}`;
  const gas = olderThan(APPS_SCRIPT_EXECUTION_MS);
  const foreign = olderThan(FOREIGN_MARKER_MAX_AGE_MS);
  return {
    owner,
    isStale: (m, nowMs) => (m.owner === owner ? true : m.owner === 'gas' ? gas(m, nowMs) : foreign(m, nowMs)),
  };
}
