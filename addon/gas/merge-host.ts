/**
 * What a mail merge needs from Apps Script beyond the document: the mailer, the execution's clock
 * and budget, and a continuation trigger when a run stops for time. The entry points
 * (entry-points.ts: rpc, mergeContinue) are thin wrappers over this.
 */
import { RegisterError } from '../../src/core/errors';
import { olderThan } from '../../src/core/merge/marker';
import type { Plan } from '../../src/core/plan';
import type { TableSnapshot } from '../../src/core/table';
import { GasDocument } from '../../src/hosts/gas/gas-document';
import { GasMailer } from '../../src/hosts/gas/mailer';
import {
  APPS_SCRIPT_EXECUTION_MS,
  APPS_SCRIPT_SEND_BUDGET_MS,
  type MergeServices,
  type SyncDocument,
  type SyncMailer,
} from '../../src/service/merge-driver';

export const CONTINUE_HANDLER = 'mergeContinue';
/** User property holding what a continuation trigger continues, by the trigger's unique ID. */
const CONTINUE_PROPERTY = 'backoffice.mergeContinue.';
/**
 * One minute: long enough for the stopped execution to end. Add-on time-driven triggers may not
 * *recur* more often than hourly (the emulator refuses `everyMinutes`), but a one-off `after()` is
 * allowed; the add-on may hold one time-driven trigger per document, so when a chase trigger holds
 * it, scheduling fails and the result says Continue must be pressed instead.
 */
const CONTINUE_AFTER_MS = 60_000;

/**
 * The merge services of one execution. `startedAtMs` is read by the entry point at its very top:
 * Apps Script's 6 minutes count from the execution's start, not from the merge's.
 */
export function gasMergeServices(
  startedAtMs: number,
  spreadsheetId: () => string,
): MergeServices<SyncMailer> {
  return {
    mailer: new GasMailer(),
    runtime: {
      clock: () => Date.now(),
      startedAtMs,
      budgetMs: APPS_SCRIPT_SEND_BUDGET_MS,
      owner: 'gas',
      isStale: olderThan(APPS_SCRIPT_EXECUTION_MS),
      scheduleContinuation: (template) => scheduleContinuation(spreadsheetId(), template),
    },
  };
}

function scheduleContinuation(spreadsheetId: string, template: string): boolean {
  try {
    const trigger = ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().after(CONTINUE_AFTER_MS).create();
    // A time-driven add-on trigger runs without the document (no active spreadsheet): remember it.
    PropertiesService.getUserProperties().setProperty(
      CONTINUE_PROPERTY + trigger.getUniqueId(),
      JSON.stringify({ spreadsheetId, template }),
    );
    return true;
  } catch {
    // The add-on's one time-driven trigger in this document is taken, or the 20-trigger quota is full.
    return false;
  }
}

/**
 * The document of a continuation. An add-on's time-driven trigger has no active document, so no
 * document lock (LockService.getDocumentLock() is null) either: it takes the user lock, which
 * serialises this user's own executions. What keeps a second merge out is the running marker in
 * _Register, not the lock; the only other writers of Correspondence, test sends, append rows and
 * never rewrite the ones a run updates by key.
 *
 * Proposal for src/hosts/gas/gas-document.ts: a constructor option for the lock to take (and
 * clearing its read cache on that lock), which would make this wrapper unnecessary.
 */
export class UnboundDocument implements SyncDocument {
  readonly kind = 'gas' as const;

  constructor(private readonly inner: GasDocument) {}

  env() {
    return this.inner.env();
  }

  withLock<T>(fn: () => T): T {
    const lock = LockService.getUserLock();
    if (!lock.tryLock(20_000))
      throw new RegisterError(
        'busy',
        'Another of your executions is saving to this register; try again in a moment.',
      );
    try {
      return fn();
    } finally {
      SpreadsheetApp.flush();
      lock.releaseLock();
    }
  }

  sheetNames(): string[] {
    return this.inner.sheetNames();
  }

  read(sheets: readonly string[]): Map<string, TableSnapshot> {
    return this.inner.read(sheets);
  }

  apply(plan: Plan): void {
    this.inner.apply(plan);
  }
}

/** The continuation trigger's work: forget the one-off trigger, then continue the merge it was for. */
export function runContinuation(
  event: { triggerUid?: string } | undefined,
  startedAtMs: number,
  dispatch: (doc: SyncDocument, services: MergeServices<SyncMailer>, template: string) => string,
): string | null {
  const uid = event?.triggerUid ?? '';
  const props = PropertiesService.getUserProperties();
  const saved = uid ? props.getProperty(CONTINUE_PROPERTY + uid) : null;
  // Delete it first: a fired one-off trigger still counts as the document's time-driven trigger.
  for (const t of ScriptApp.getProjectTriggers())
    if (uid && t.getUniqueId() === uid) ScriptApp.deleteTrigger(t);
  if (uid) props.deleteProperty(CONTINUE_PROPERTY + uid);
  if (!saved) return null;
  const { spreadsheetId, template } = JSON.parse(saved) as { spreadsheetId: string; template: string };
  const active = SpreadsheetApp.getActiveSpreadsheet();
  const doc: SyncDocument = active
    ? new GasDocument(active)
    : new UnboundDocument(new GasDocument(SpreadsheetApp.openById(spreadsheetId)));
  return dispatch(
    doc,
    gasMergeServices(startedAtMs, () => spreadsheetId),
    template,
  );
}
