import { parseA1 } from './a1';
import type { Doc } from './doc';
import { DataValidationCriteria, ProtectionType, SheetType, enumName } from './enums';
import { gasError } from './errors';
import { type SheetModel, SheetModel as SheetModelClass, type SpreadsheetModel } from './model';
import { FakeProtection } from './protection';
import { FakeRange } from './range';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { FakeUser } from './session';
import { FakeSheet, duplicateSheetName, rangeFromA1 } from './sheet';
import { isKnownZone } from './timezone';
import { FakeUi, type UiState } from './ui';
import { FakeDataValidationBuilder } from './validation';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

const SPREADSHEET_METHODS = [
  'addEditor',
  'appendRow',
  'deleteSheet',
  'getActiveRange',
  'getActiveSheet',
  'getDataRange',
  'getEditors',
  'getId',
  'getLastColumn',
  'getLastRow',
  'getName',
  'getNumSheets',
  'getOwner',
  'getProtections',
  'getRange',
  'getSheetById',
  'getSheetByName',
  'getSheetId',
  'getSheetName',
  'getSheets',
  'getSpreadsheetLocale',
  'getSpreadsheetTimeZone',
  'getUrl',
  'insertSheet',
  'rename',
  'setActiveRange',
  'setActiveSheet',
  'setSpreadsheetLocale',
  'setSpreadsheetTimeZone',
  'toast',
] as const;

const APP_METHODS = [
  'flush',
  'getActive',
  'getActiveRange',
  'getActiveSheet',
  'getActiveSpreadsheet',
  'getUi',
  'newDataValidation',
  'openById',
  'openByUrl',
  'setActiveRange',
  'setActiveSheet',
] as const;

const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.currentonly';

/**
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet. Besides the Apps Script methods it has
 * uncounted helpers (seed, read, ...) for tests to set up and inspect the document.
 */
export class FakeSpreadsheet extends Fake implements Pick<Spreadsheet, (typeof SPREADSHEET_METHODS)[number]> {
  constructor(
    rt: Runtime,
    readonly doc: Doc,
  ) {
    super(rt);
  }

  get model(): SpreadsheetModel {
    return this.doc.model;
  }

  addEditor(emailOrUser: string | GoogleAppsScript.Base.User): Spreadsheet {
    const email = typeof emailOrUser === 'string' ? emailOrUser : emailOrUser.getEmail();
    if (!this.model.editors.includes(email)) this.model.editors.push(email);
    return this.self();
  }

  appendRow(rowContents: unknown[]): Sheet {
    return this.activeSheetApi().appendRow(rowContents);
  }

  /** Sheets keeps at least one sheet: deleting the last one fails (message as in the Sheets UI; reference silent). */
  deleteSheet(sheet: Sheet): void {
    const model = sheetModelOf(sheet);
    if (model.deleted) throw gasError(`Sheet ${model.name} has been deleted.`);
    if (this.model.sheets.length <= 1) throw gasError("You can't remove all the sheets in a document.");
    this.doc.checkEditable(model, 1, 1, model.maxRows, model.maxCols);
    this.model.sheets.splice(this.model.sheets.indexOf(model), 1);
    model.deleted = true;
    for (const p of this.model.protections) if (p.sheetId === model.id) p.removed = true;
    if (this.model.activeSheetId === model.id)
      this.model.activeSheetId = (this.model.sheets[0] as SheetModel).id;
    if (this.model.selection?.sheetId === model.id) this.model.selection = null;
  }

  getActiveRange(): Range | null {
    const sel = this.model.selection;
    const sheet = sel ? this.model.sheetById(sel.sheetId) : undefined;
    if (!sel || !sheet) return null;
    return new FakeRange(
      this[RT],
      this.doc,
      sheet,
      sel.row,
      sel.col,
      sel.numRows,
      sel.numCols,
    ) as unknown as Range;
  }

  /**
   * "The active sheet in a spreadsheet is the sheet that is being displayed in the spreadsheet UI." Without a UI
   * (time-driven triggers) there is no displayed sheet; the first sheet is returned, as observed.
   */
  getActiveSheet(): Sheet {
    return this.sheetApi(this.activeModel());
  }

  getDataRange(): Range {
    return this.activeSheetApi().getDataRange();
  }

  getEditors(): GoogleAppsScript.Base.User[] {
    return this.model.editors.map(
      (email) => new FakeUser(this[RT], email) as unknown as GoogleAppsScript.Base.User,
    );
  }

  getId(): string {
    return this.model.id;
  }

  getLastColumn(): number {
    return this.activeModel().lastCol();
  }

  getLastRow(): number {
    return this.activeModel().lastRow();
  }

  getName(): string {
    return this.model.name;
  }

  getNumSheets(): number {
    return this.model.sheets.length;
  }

  getOwner(): GoogleAppsScript.Base.User | null {
    return new FakeUser(this[RT], this.model.owner) as unknown as GoogleAppsScript.Base.User;
  }

  getProtections(
    type: GoogleAppsScript.Spreadsheet.ProtectionType,
  ): GoogleAppsScript.Spreadsheet.Protection[] {
    const name = enumName(type);
    return this.model.protections
      .filter((p) => !p.removed && p.type === name)
      .map(
        (p) =>
          new FakeProtection(this[RT], this.doc, p) as unknown as GoogleAppsScript.Spreadsheet.Protection,
      );
  }

  /** "Returns the range as specified in A1 notation"; without a sheet name, on the active sheet. */
  getRange(a1Notation: string): Range {
    if (typeof a1Notation !== 'string') throw gasError('Range not found');
    return rangeFromA1(this[RT], this.doc, this.activeModel(), a1Notation);
  }

  getSheetById(id: number): Sheet | null {
    const sheet = this.model.sheetById(id);
    return sheet ? this.sheetApi(sheet) : null;
  }

  /** null when absent; matched regardless of case, like Sheets' unique sheet names (observed). */
  getSheetByName(name: string): Sheet | null {
    const sheet = this.model.sheetByName(String(name));
    return sheet ? this.sheetApi(sheet) : null;
  }

  getSheetId(): number {
    return this.activeModel().id;
  }

  getSheetName(): string {
    return this.activeModel().name;
  }

  getSheets(): Sheet[] {
    return this.model.sheets.map((s) => this.sheetApi(s));
  }

  getSpreadsheetLocale(): string {
    return this.model.locale;
  }

  getSpreadsheetTimeZone(): string {
    return this.model.timeZone;
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.model.id}/edit`;
  }

  /**
   * insertSheet(), (index), (name), (name, index), with options: "The new sheet becomes the active sheet"; the index
   * is 0-based. Duplicate names fail with the service's message.
   */
  insertSheet(...args: unknown[]): Sheet {
    const rest = [...args];
    const name = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const index = typeof rest[0] === 'number' ? (rest.shift() as number) : this.model.sheets.length;
    if (rest.length > 0 && (rest[0] as { template?: unknown } | undefined)?.template !== undefined) {
      throw gasError('insertSheet with a template is not emulated.');
    }
    if (index < 0 || index > this.model.sheets.length) throw gasError(`Invalid argument: sheetIndex`);
    let sheetName = name;
    if (sheetName === undefined) {
      let n = this.model.sheets.length + 1;
      while (this.model.sheetByName(`Sheet${n}`)) n++;
      sheetName = `Sheet${n}`;
    }
    if (this.model.sheetByName(sheetName)) throw duplicateSheetName(sheetName);
    const sheet = new SheetModelClass(this.model.newSheetId(), sheetName);
    this.model.sheets.splice(index, 0, sheet);
    this.model.activeSheetId = sheet.id;
    return this.sheetApi(sheet);
  }

  rename(newName: string): void {
    this.model.name = String(newName);
  }

  setActiveRange(range: Range): Range {
    return range.activate();
  }

  setActiveSheet(sheet: Sheet): Sheet {
    const model = sheetModelOf(sheet);
    this.doc.live(model);
    this.model.activeSheetId = model.id;
    return sheet;
  }

  setSpreadsheetLocale(locale: string): void {
    this.model.locale = String(locale);
  }

  /** Cells keep their wall-clock serials: the same cell reads back as a different instant afterwards. */
  setSpreadsheetTimeZone(timezone: string): void {
    if (!isKnownZone(timezone)) throw gasError('Invalid argument: timezone');
    this.model.timeZone = timezone;
  }

  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    this.model.toasts.push({
      message: String(msg),
      title: title ?? '',
      timeoutSeconds: timeoutSeconds ?? null,
    });
  }

  // ---- Test helpers: not Apps Script methods, not counted, no authorization checks. ----

  /** Writes rows as typed input into a sheet (created if missing), growing it as needed. */
  seed(sheetName: string, rows: unknown[][], at: { row?: number; col?: number } = {}): void {
    const sheet = this.model.sheetByName(sheetName) ?? this.addSheetModel(sheetName);
    const row = at.row ?? 1;
    const col = at.col ?? 1;
    const width = Math.max(0, ...rows.map((r) => r.length));
    sheet.maxRows = Math.max(sheet.maxRows, row + rows.length - 1);
    sheet.maxCols = Math.max(sheet.maxCols, col + width - 1);
    this.doc.writeValues(sheet, row, col, rows, false);
  }

  /** A formula with the value it should read back as (the emulator does not compute formulas). */
  seedFormula(sheetName: string, a1: string, formula: string, value: string | number | boolean): void {
    const sheet = this.requireSheet(sheetName);
    const ref = parseA1(a1);
    const row = ref.startRow ?? 1;
    const col = ref.startCol ?? 1;
    sheet.formulas.set(row, col, formula);
    sheet.values.set(row, col, value);
  }

  /** getDataRange().getValues() of a sheet, without counting. */
  read(sheetName: string): unknown[][] {
    const s = this.requireSheet(sheetName);
    return s.lastRow() === 0 ? [] : this.doc.readValues(s, 1, 1, s.lastRow(), s.lastCol());
  }

  readDisplay(sheetName: string): string[][] {
    const s = this.requireSheet(sheetName);
    return s.lastRow() === 0 ? [] : this.doc.readDisplay(s, 1, 1, s.lastRow(), s.lastCol());
  }

  readFormulas(sheetName: string): string[][] {
    const s = this.requireSheet(sheetName);
    return Array.from({ length: s.lastRow() }, (_, r) =>
      Array.from({ length: s.lastCol() }, (_, c) => s.formulas.get(r + 1, c + 1) ?? ''),
    );
  }

  /** The raw sheet model (frozen rows, widths, validations, styles, charts...) for assertions. */
  sheetModel(sheetName: string): SheetModel {
    return this.requireSheet(sheetName);
  }

  /** Shares the spreadsheet with another user (they become an editor, not the owner). */
  addCollaborator(email: string): void {
    if (!this.model.editors.includes(email)) this.model.editors.push(email);
  }

  private addSheetModel(name: string): SheetModel {
    const sheet = new SheetModelClass(this.model.newSheetId(), name);
    this.model.sheets.push(sheet);
    return sheet;
  }

  private requireSheet(name: string): SheetModel {
    const sheet = this.model.sheetByName(name);
    if (!sheet) throw new Error(`FakeSpreadsheet: no sheet named ${name}`);
    return sheet;
  }

  private activeModel(): SheetModel {
    if (!this[RT].current().hasUi) return this.model.sheets[0] as SheetModel;
    return this.model.activeSheet();
  }

  private activeSheetApi(): FakeSheet {
    return new FakeSheet(this[RT], this.doc, this.activeModel());
  }

  private sheetApi(sheet: SheetModel): Sheet {
    return new FakeSheet(this[RT], this.doc, sheet) as unknown as Sheet;
  }

  private self(): Spreadsheet {
    return this as unknown as Spreadsheet;
  }
}

instrument(FakeSpreadsheet, {
  name: 'Spreadsheet',
  qualified: 'SpreadsheetApp.Spreadsheet',
  methods: SPREADSHEET_METHODS,
  access: 'document',
  scope: SHEETS_SCOPE,
});

/** https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app */
export class FakeSpreadsheetApp
  extends Fake
  implements
    Pick<
      GoogleAppsScript.Spreadsheet.SpreadsheetApp,
      (typeof APP_METHODS)[number] | 'ProtectionType' | 'DataValidationCriteria' | 'SheetType'
    >
{
  readonly ProtectionType = ProtectionType;
  readonly DataValidationCriteria = DataValidationCriteria;
  readonly SheetType = SheetType;

  constructor(
    rt: Runtime,
    private readonly doc: Doc,
    private readonly ui: UiState,
  ) {
    super(rt);
  }

  /** Counted only: the emulator applies writes immediately, so there is nothing pending to flush. */
  flush(): void {}

  getActive(): Spreadsheet {
    return this.getActiveSpreadsheet();
  }

  getActiveRange(): Range {
    return this.active()?.getActiveRange() as Range;
  }

  getActiveSheet(): Sheet {
    return this.active()?.getActiveSheet() as Sheet;
  }

  /**
   * null without an active document: standalone scripts, and executions without a container such as an add-on's
   * time-driven trigger (the add-on's script is not bound to the file).
   */
  getActiveSpreadsheet(): Spreadsheet {
    return this.active() as unknown as Spreadsheet;
  }

  getUi(): GoogleAppsScript.Base.Ui {
    return new FakeUi(this[RT], this.ui) as unknown as GoogleAppsScript.Base.Ui;
  }

  newDataValidation(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return new FakeDataValidationBuilder(
      this[RT],
    ) as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  /** Only the emulated document exists; other IDs fail with the service's generic error. */
  openById(id: string): Spreadsheet {
    if (id !== this.doc.model.id) {
      throw gasError(
        'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
      );
    }
    return new FakeSpreadsheet(this[RT], this.doc) as unknown as Spreadsheet;
  }

  openByUrl(url: string): Spreadsheet {
    const id = /\/d\/([^/]+)/.exec(String(url))?.[1];
    if (id !== this.doc.model.id) {
      throw gasError(
        'Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.',
      );
    }
    return new FakeSpreadsheet(this[RT], this.doc) as unknown as Spreadsheet;
  }

  setActiveRange(range: Range): Range {
    return range.activate();
  }

  setActiveSheet(sheet: Sheet): Sheet {
    return (this.active() as FakeSpreadsheet).setActiveSheet(sheet);
  }

  private active(): FakeSpreadsheet | null {
    return this[RT].current().container ? new FakeSpreadsheet(this[RT], this.doc) : null;
  }
}

instrument(FakeSpreadsheetApp, {
  name: 'SpreadsheetApp',
  methods: APP_METHODS,
  access: (method) =>
    method === 'getUi'
      ? 'ui'
      : method === 'newDataValidation'
        ? 'open'
        : method === 'openById' || method === 'openByUrl'
          ? 'full'
          : 'document',
  scope: (method) =>
    method.startsWith('open') ? 'https://www.googleapis.com/auth/spreadsheets' : SHEETS_SCOPE,
});

function sheetModelOf(sheet: unknown): SheetModel {
  if (sheet instanceof FakeSheet) return sheet.model;
  throw gasError('Invalid argument: sheet');
}
