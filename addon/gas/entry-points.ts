/**
 * Every Apps Script entry point, and nothing else: the build generates a top-level function for
 * each export here (menus, triggers and google.script.run find functions by top-level name).
 */
import { RegisterError } from '../../src/core/errors';
import { GasDocument } from '../../src/hosts/gas/gas-document';
import { dispatchSync } from '../../src/service/rpc';
import { selectedRecord, setupRegister } from '../../src/service/register';
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
  return dispatchSync(GasDocument.active(), method, payloadJson);
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

function notYet(feature: string): void {
  SpreadsheetApp.getUi().alert(
    feature,
    `${feature} is not available yet in this version of Backoffice Register. The register, its forms and Set up register work now.`,
    SpreadsheetApp.getUi().ButtonSet.OK,
  );
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
  notYet('Mail merge');
}

export function menuRunChasesNow(): void {
  notYet('Supplier chases');
}

export function menuBuildSummaries(): void {
  notYet('Summary sheets');
}

export function menuSettings(): void {
  notYet('Settings');
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
  const ui = SpreadsheetApp.getUi();
  try {
    const report = runSync(GasDocument.active(), setupRegister());
    const lines = [...report.changes, ...report.problems.map((p) => `Problem: ${p}`)];
    ui.alert(
      'Set up register',
      lines.length > 0 ? lines.join('\n') : 'Everything is already set up.',
      ui.ButtonSet.OK,
    );
  } catch (err) {
    const message =
      err instanceof RegisterError
        ? err.message
        : `Something went wrong: ${String((err as Error).message ?? err)}`;
    ui.alert('Set up register', message, ui.ButtonSet.OK);
  }
}
