/**
 * What chases need from Apps Script beyond the document: the daily installable trigger (created and
 * removed from Settings), its handler's work, and a one-off continuation when a run stops before
 * the time limit. The entry points (entry-points.ts: rpc, chaseDaily, menuRunChasesNow,
 * menuSettings) are thin wrappers over this.
 *
 * One timer per document. An add-on may hold one time-driven trigger per user per document
 * (developers.google.com/workspace/add-ons/concepts/editor-triggers), so the daily chase trigger
 * and a merge's one-off continuation trigger cannot both exist. Hence: the daily handler also
 * continues any merge left PENDING; a run of its own that stops for time continues through a
 * one-off trigger of this same handler when one can be made (else with the next daily run); and
 * turning the schedule on while a merge continues by itself is refused with that explanation.
 *
 * A time-driven trigger runs without the document (no active spreadsheet), so each trigger's
 * spreadsheet ID is kept in the user's properties under the trigger's ID, and the register is
 * reopened by ID (the `spreadsheets` scope in appsscript.json is there for this).
 */
import { RegisterError } from '../../src/core/errors';
import { GasDocument } from '../../src/hosts/gas/gas-document';
import { readScheduleInfo, type ChaseRunResult } from '../../src/service/chase';
import type { ChaseScheduler, ChaseServices } from '../../src/service/chase-driver';
import type { MergeSendResult } from '../../src/service/merge';
import { oldestPendingTemplate } from '../../src/service/merge';
import type { MergeServices, SyncDocument, SyncMailer } from '../../src/service/merge-driver';
import { dispatchSync } from '../../src/service/rpc';
import { runSync } from '../../src/service/use-case';
import { CONTINUE_HANDLER, gasMergeServices, UnboundDocument } from './merge-host';

export const CHASE_HANDLER = 'chaseDaily';
/** User property holding a chase trigger's spreadsheet (and whether it is a one-off), by trigger ID. */
const CHASE_PROPERTY = 'backoffice.chaseDaily.';
/** As for a merge's continuation (merge-host.ts): long enough for the stopped execution to end. */
const CONTINUE_AFTER_MS = 60_000;

interface TriggerNote {
  spreadsheetId: string;
  /** A one-off continuation, not the daily schedule. */
  once?: boolean;
}

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

function note(uid: string): TriggerNote | null {
  const saved = PropertiesService.getUserProperties().getProperty(CHASE_PROPERTY + uid);
  if (!saved) return null;
  try {
    return JSON.parse(saved) as TriggerNote;
  } catch {
    return null;
  }
}

function remember(uid: string, n: TriggerNote): void {
  PropertiesService.getUserProperties().setProperty(CHASE_PROPERTY + uid, JSON.stringify(n));
}

/** Delete a trigger of this user by ID, and its note. */
function forget(uid: string): void {
  for (const t of ScriptApp.getProjectTriggers()) if (t.getUniqueId() === uid) ScriptApp.deleteTrigger(t);
  PropertiesService.getUserProperties().deleteProperty(CHASE_PROPERTY + uid);
}

function messageOf(err: unknown): string {
  const m = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : String(err);
}

/** The daily trigger, as Settings turns it on and off: this user's, in this spreadsheet. */
export class GasChaseScheduler implements ChaseScheduler {
  /** The spreadsheet, fetched when first needed: most RPC calls never touch the schedule. */
  constructor(private readonly spreadsheet: () => Spreadsheet) {}

  private get ss(): Spreadsheet {
    return this.spreadsheet();
  }

  triggers(): string[] {
    return ScriptApp.getUserTriggers(this.ss)
      .filter((t) => t.getHandlerFunction() === CHASE_HANDLER)
      .map((t) => t.getUniqueId());
  }

  create(hour: number, timeZone: string): string {
    let trigger: GoogleAppsScript.Script.Trigger;
    try {
      trigger = ScriptApp.newTrigger(CHASE_HANDLER)
        .timeBased()
        .everyDays(1)
        .atHour(hour)
        .inTimezone(timeZone)
        .create();
    } catch (err) {
      const merging = ScriptApp.getUserTriggers(this.ss).some(
        (t) => t.getHandlerFunction() === CONTINUE_HANDLER,
      );
      throw new RegisterError(
        'busy',
        merging
          ? 'A mail merge is continuing by itself in this spreadsheet, and an add-on may keep only one timer per spreadsheet: turn daily chases on once the merge has finished (a few minutes).'
          : `The daily chase trigger could not be created: ${messageOf(err)}`,
      );
    }
    const uid = trigger.getUniqueId();
    remember(uid, { spreadsheetId: this.ss.getId() });
    return uid;
  }

  remove(uid: string): void {
    forget(uid);
  }
}

/** A one-off run of the chase handler in a minute, to continue a run that stopped for time. */
function scheduleContinuation(spreadsheetId: string): boolean {
  try {
    const trigger = ScriptApp.newTrigger(CHASE_HANDLER).timeBased().after(CONTINUE_AFTER_MS).create();
    remember(trigger.getUniqueId(), { spreadsheetId, once: true });
    return true;
  } catch {
    // The document's one timer is the daily trigger (or the 20-trigger quota is full): the next
    // daily run continues instead.
    return false;
  }
}

/**
 * The services of one execution for the merge and chase methods. `ss` is the open spreadsheet (the
 * sidebar, a menu); a trigger has only the ID, and no scheduler (it never turns schedules on).
 */
export function gasChaseServices(
  startedAtMs: number,
  spreadsheet: { id: () => string; ss?: () => Spreadsheet },
  scheduled = false,
): MergeServices<SyncMailer> & ChaseServices {
  return {
    ...gasMergeServices(startedAtMs, spreadsheet.id),
    ...(spreadsheet.ss ? { scheduler: new GasChaseScheduler(spreadsheet.ss) } : {}),
    scheduled,
    scheduleContinuation: () => scheduleContinuation(spreadsheet.id()),
  };
}

/** The sidebar's and the menus' services, over the active spreadsheet (fetched only when needed). */
export function activeServices(startedAtMs: number): MergeServices<SyncMailer> & ChaseServices {
  let ss: Spreadsheet | undefined;
  const active = () => (ss ??= SpreadsheetApp.getActiveSpreadsheet());
  return gasChaseServices(startedAtMs, { id: () => active().getId(), ss: active });
}

function documentFor(spreadsheetId: string): SyncDocument {
  const active = SpreadsheetApp.getActiveSpreadsheet();
  return active
    ? new GasDocument(active)
    : new UnboundDocument(new GasDocument(SpreadsheetApp.openById(spreadsheetId)));
}

export interface DailyOutcome {
  lines: string[];
  /** Set when something failed: the handler throws it, so it shows in the executions dashboard. */
  error?: string;
  chase?: ChaseRunResult;
}

/**
 * The chase trigger's work. A daily trigger that is no longer the one the document records (the
 * schedule was turned off, or on by someone else) removes itself and does nothing; a one-off
 * continuation removes itself first. Then: today's chases (their PENDING mails first, Send at hour
 * not checked again: the trigger's hour is the schedule), then any merge left PENDING, while time
 * remains. Runs are idempotent: a second run on the same day sends nothing new.
 */
export function runChaseDaily(event: { triggerUid?: string } | undefined, startedAtMs: number): DailyOutcome {
  const uid = event?.triggerUid ?? '';
  if (!uid)
    return { lines: [], error: 'chaseDaily runs from its trigger; use Run chases now from the menu.' };
  const n = note(uid);
  if (!n) {
    forget(uid);
    return { lines: ['This chase trigger belongs to no register any more: it was removed.'] };
  }
  if (n.once) forget(uid);
  const doc = documentFor(n.spreadsheetId);
  if (!n.once) {
    const record = runSync(doc, readScheduleInfo()).record;
    if (record?.uid !== uid) {
      forget(uid);
      return {
        lines: [
          record
            ? `Daily chases now run as ${record.owner}: this trigger was removed.`
            : 'Daily chases were turned off for this spreadsheet: this trigger was removed.',
        ],
      };
    }
  }
  const services = gasChaseServices(startedAtMs, { id: () => n.spreadsheetId }, true);
  const out: DailyOutcome = { lines: [] };
  const chase = JSON.parse(dispatchSync(doc, 'chaseRun', '{}', services)) as {
    ok: boolean;
    value?: ChaseRunResult;
    error?: { message: string };
  };
  if (!chase.ok) {
    out.error = `Chases could not run: ${chase.error?.message ?? 'unknown error'}`;
    return out;
  }
  out.chase = chase.value!;
  out.lines.push(chase.value!.message);
  if (chase.value!.stoppedBecause) return out;
  // The daily trigger holds the document's one timer, so a merge that stopped for time could not
  // schedule its own continuation: this run continues it, one template at a time.
  const seen = new Set<string>();
  for (;;) {
    const template = runSync(doc, oldestPendingTemplate());
    if (!template || seen.has(template.toLowerCase())) break;
    seen.add(template.toLowerCase());
    const merge = JSON.parse(dispatchSync(doc, 'mergeContinue', JSON.stringify({ template }), services)) as {
      ok: boolean;
      value?: MergeSendResult;
      error?: { message: string };
    };
    if (!merge.ok) {
      out.error = `Mail merge "${template}" could not continue: ${merge.error?.message ?? 'unknown error'}`;
      break;
    }
    out.lines.push(`Mail merge "${template}": ${merge.value!.message}`);
    if (merge.value!.stoppedBecause) break;
  }
  return out;
}

/** What "Run chases now" shows: the run's summary, then each mail that went out. */
export function chaseReport(result: ChaseRunResult, max = 25): string {
  const lines = [result.message];
  const later = result.plan.skipped.filter((s) => s.reason.includes('(Send at hour)'));
  if (later.length > 0)
    lines.push(
      `${later.length} ${later.length === 1 ? 'record waits' : 'records wait'} for the Send at hour: ${later[0]!.reason}.`,
    );
  for (const m of result.sentMails.slice(0, max))
    lines.push(
      `- ${m.rule}, step ${m.step ?? '?'}: to ${m.to}${m.cc ? ` (cc ${m.cc})` : ''}: ${m.records.join(', ')}`,
    );
  if (result.sentMails.length > max)
    lines.push(`... and ${result.sentMails.length - max} more (see Correspondence).`);
  for (const f of result.failures.slice(0, 5)) lines.push(`Failed: ${f.recordIds.join(', ')}: ${f.error}`);
  for (const w of result.withdrawn.slice(0, 5)) lines.push(`Left out: ${w.records.join(', ')}: ${w.reason}`);
  return lines.join('\n');
}
