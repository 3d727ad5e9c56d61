/**
 * Every Apps Script entry point, and nothing else: the build generates a top-level function for
 * each export here (menus, triggers and google.script.run find functions by top-level name).
 */
import { RegisterError } from '../../src/core/errors';
import { GasDocument } from '../../src/hosts/gas/gas-document';
import { dispatchSync } from '../../src/service/rpc';
import { runContinuation } from './merge-host';
import { activeServices, chaseReport, runChaseDaily } from './chase-host';
import type { ChaseRunResult, ChaseScheduleStatus } from '../../src/service/chase';
import { selectedRecord, setupRegister } from '../../src/service/register';
import { buildSummaries } from '../../src/service/summary';
import { runSync } from '../../src/service/use-case';
import { MENU_ITEMS, SIDEBAR_FILE, SIDEBAR_TITLE } from './menu';

/**
 * Runs in AuthMode.NONE when the add-on is installed but not yet used in this document: only the
 * menu may be built, no service that needs authorization is touched
 * (developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle).
 */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item.caption, item.functionName);
  }
  menu.addToUi();
}

/** An editor add-on's onInstall runs once on install; it builds the menu the first onOpen missed. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** The one server function behind google.script.run: JSON in, JSON out, errors as data. */
export function rpc(method: string, payloadJson: string): string {
  // First thing: a merge's time budget counts from the start of the execution.
  const startedAtMs = Date.now();
  const doc = GasDocument.active();
  return dispatchSync(doc, method, payloadJson, activeServices(startedAtMs));
}

/**
 * The one-off trigger a merge schedules when it stops before the time limit: it sends what the run
 * left PENDING, and schedules another if it has to stop again. A failure is thrown, so it shows
 * as a failed execution in the Apps Script dashboard.
 */
export function mergeContinue(e?: { triggerUid?: string }): void {
  const startedAtMs = Date.now();
  const reply = runContinuation(e, startedAtMs, (doc, services, template) =>
    dispatchSync(doc, 'mergeContinue', JSON.stringify({ template }), services),
  );
  if (reply === null) return;
  const parsed = JSON.parse(reply) as {
    ok: boolean;
    value?: { message: string };
    error?: { message: string };
  };
  if (!parsed.ok) throw new Error(`Mail merge could not continue: ${parsed.error?.message ?? reply}`);
  console.log(parsed.value?.message ?? reply);
}

/** Attribute values for <html>: IDs and table names are ours, but escape them all the same. */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function showSidebar(startView: string, record?: { table: string; id: string }): void {
  // The sidebar reads its first view from <html data-view data-table data-id>.
  const html = HtmlService.createHtmlOutputFromFile(SIDEBAR_FILE);
  const target = record ? ` data-table="${attr(record.table)}" data-id="${attr(record.id)}"` : '';
  const content = html
    .getContent()
    .replace('<html', `<html data-host="gas" data-view="${attr(startView)}"${target}`);
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(content).setTitle(SIDEBAR_TITLE));
}

/** Opening the sidebar on a record's row opens that record. */
export function menuOpenSidebar(): void {
  let selected: { table: string; id: string } | null = null;
  try {
    selected = runSync(GasDocument.active(), selectedRecord());
  } catch {
    // No register yet, or a sheet being repaired: the list opens and says what is wrong.
  }
  if (selected) showSidebar('record', selected);
  else showSidebar('list');
}

export function menuNewRecord(): void {
  showSidebar('new');
}

export function menuMailMerge(): void {
  showSidebar('merge');
}

/** Run today's chases now (their PENDING mails first), and show what went out. */
export function menuRunChasesNow(): void {
  const startedAtMs = Date.now();
  const ui = SpreadsheetApp.getUi();
  const reply = JSON.parse(
    dispatchSync(GasDocument.active(), 'chaseRun', '{}', activeServices(startedAtMs)),
  ) as { ok: boolean; value?: ChaseRunResult; error?: { message: string } };
  ui.alert(
    'Run chases now',
    reply.ok ? chaseReport(reply.value!) : (reply.error?.message ?? 'Something went wrong.'),
    ui.ButtonSet.OK,
  );
}

/**
 * The daily chase trigger (created from Settings): today's chases, then any merge left PENDING.
 * A failure is thrown, so it shows as a failed execution in the Apps Script dashboard.
 */
export function chaseDaily(e?: { triggerUid?: string }): void {
  const startedAtMs = Date.now();
  const outcome = runChaseDaily(e, startedAtMs);
  for (const line of outcome.lines) console.log(line);
  if (outcome.error) throw new Error(outcome.error);
}

/** Build every report of the Reports table into its sheet, and say what was built (and what was not). */
export function menuBuildSummaries(): void {
  alertAfter('Build summaries', () => {
    const result = runSync(GasDocument.active(), buildSummaries());
    const lines = [
      ...result.reports.map(
        (r) =>
          `${r.report}: sheet "${r.sheet}", ${r.rows.length} ${r.rows.length === 1 ? 'row' : 'rows'}${r.chart ? `, ${r.chart.kind} chart` : ''}`,
      ),
      ...result.failed.map(
        (f) =>
          `Not built: ${f.report}: ${f.problems.length > 0 ? f.problems.map((p) => `${p.field}: ${p.message}`).join('; ') : f.message}`,
      ),
    ];
    return lines.length > 0 ? lines.join('\n') : 'The Reports table has no reports yet.';
  });
}

export function menuSettings(): void {
  const ui = SpreadsheetApp.getUi();
  const call = (method: string, request: object) =>
    JSON.parse(
      dispatchSync(GasDocument.active(), method, JSON.stringify(request), activeServices(Date.now())),
    ) as {
      ok: boolean;
      value?: ChaseScheduleStatus;
      error?: { message: string };
    };
  const status = call('chaseScheduleStatus', {});
  if (!status.ok) {
    ui.alert('Settings', status.error?.message ?? 'Something went wrong.', ui.ButtonSet.OK);
    return;
  }
  const s = status.value!;
  if (s.enabled && !s.mine && s.owner) {
    const answer = ui.alert(
      'Daily chases',
      `${s.message}\n\nStop them? (Their trigger is ${s.owner}'s: it removes itself at its next run.)`,
      ui.ButtonSet.YES_NO,
    );
    if (answer !== ui.Button.YES) return;
  } else {
    const answer = ui.alert(
      'Daily chases',
      `${s.message}\n\n${s.enabled ? 'Turn daily chases off?' : 'Turn daily chases on?'}`,
      ui.ButtonSet.YES_NO,
    );
    if (answer !== ui.Button.YES) return;
  }
  const changed = call('chaseSchedule', { enabled: !s.enabled });
  ui.alert(
    'Daily chases',
    changed.ok ? changed.value!.message : (changed.error?.message ?? 'Something went wrong.'),
    ui.ButtonSet.OK,
  );
}

export function menuHelp(): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    'Backoffice Register',
    'Your register lives in this spreadsheet: the Setup sheet lists every table and field. Edit Setup, then choose Set up register to create or repair the sheets. Open sidebar to find, add and edit records with checks.',
    ui.ButtonSet.OK,
  );
}

export function menuSetUpRegister(): void {
  alertAfter('Set up register', () => {
    const report = runSync(GasDocument.active(), setupRegister());
    const lines = [...report.changes, ...report.problems.map((p) => `Problem: ${p}`)];
    return lines.length > 0 ? lines.join('\n') : 'Everything is already set up.';
  });
}

/** Run a menu action and show, in one alert, what it did or what stopped it. */
function alertAfter(title: string, run: () => string): void {
  const ui = SpreadsheetApp.getUi();
  let message: string;
  try {
    message = run();
  } catch (err) {
    message =
      err instanceof RegisterError
        ? err.message
        : `Something went wrong: ${String((err as Error).message ?? err)}`;
  }
  ui.alert(title, message, ui.ButtonSet.OK);
}
