import type { Doc } from './doc';
import { ProtectionType } from './enums';
import { gasError } from './errors';
import { type ProtectionModel, type RectRef, rectOf } from './model';
import { FakeRange } from './range';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { FakeUser } from './session';

type Protection = GoogleAppsScript.Spreadsheet.Protection;

const PROTECTION_METHODS = [
  'addEditor',
  'addEditors',
  'canDomainEdit',
  'canEdit',
  'getDescription',
  'getEditors',
  'getProtectionType',
  'getRange',
  'getUnprotectedRanges',
  'isWarningOnly',
  'remove',
  'removeEditor',
  'removeEditors',
  'setDescription',
  'setDomainEdit',
  'setRange',
  'setUnprotectedRanges',
  'setWarningOnly',
] as const;

export function newProtection(
  doc: Doc,
  type: 'RANGE' | 'SHEET',
  rect: RectRef,
  sheetId: number,
): ProtectionModel {
  const model: ProtectionModel = {
    id: doc.model.newObjectId(),
    type,
    sheetId,
    rect,
    description: '',
    warningOnly: false,
    editors: null,
    domainEdit: false,
    unprotected: [],
    removed: false,
  };
  doc.model.protections.push(model);
  return model;
}

/**
 * https://developers.google.com/apps-script/reference/spreadsheet/protection — "The owner of the spreadsheet is always
 * able to edit protected ranges and sheets"; until the editors are changed they mirror the spreadsheet's.
 */
export class FakeProtection extends Fake implements Pick<Protection, (typeof PROTECTION_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly doc: Doc,
    readonly model: ProtectionModel,
  ) {
    super(rt);
  }

  addEditor(emailOrUser: string | GoogleAppsScript.Base.User): Protection {
    return this.addEditors([emailOf(emailOrUser)]);
  }

  addEditors(emailAddresses: string[]): Protection {
    const editors = this.materialize();
    for (const email of emailAddresses.map(emailOf)) if (!editors.includes(email)) editors.push(email);
    return this.self();
  }

  canDomainEdit(): boolean {
    return this.model.domainEdit;
  }

  canEdit(): boolean {
    const user = this.doc.user();
    return user === this.doc.model.owner || this.model.editors === null || this.model.editors.includes(user);
  }

  getDescription(): string {
    return this.model.description;
  }

  getEditors(): GoogleAppsScript.Base.User[] {
    const emails = this.model.editors ?? this.doc.model.editors;
    const all = emails.includes(this.doc.model.owner) ? emails : [this.doc.model.owner, ...emails];
    return all.map((email) => new FakeUser(this[RT], email) as unknown as GoogleAppsScript.Base.User);
  }

  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    return ProtectionType[this.model.type];
  }

  getRange(): GoogleAppsScript.Spreadsheet.Range {
    return this.rangeOf(this.model.rect);
  }

  getUnprotectedRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return this.model.unprotected.map((rect) => this.rangeOf(rect));
  }

  isWarningOnly(): boolean {
    return this.model.warningOnly;
  }

  remove(): void {
    if (!this.canEdit()) throw gasError('You do not have permission to remove this protection.');
    this.model.removed = true;
  }

  removeEditor(emailOrUser: string | GoogleAppsScript.Base.User): Protection {
    return this.removeEditors([emailOf(emailOrUser)]);
  }

  /** The owner cannot be removed; everyone else can, including the user running the script. */
  removeEditors(emailAddresses: (string | GoogleAppsScript.Base.User)[]): Protection {
    const remove = new Set(emailAddresses.map(emailOf));
    remove.delete(this.doc.model.owner);
    this.model.editors = this.materialize().filter((email) => !remove.has(email));
    return this.self();
  }

  setDescription(description: string): Protection {
    this.model.description = String(description);
    return this.self();
  }

  setDomainEdit(editable: boolean): Protection {
    this.model.domainEdit = Boolean(editable);
    return this.self();
  }

  setRange(range: GoogleAppsScript.Spreadsheet.Range): Protection {
    const rect = rectOf(range);
    if (!rect) throw gasError('Invalid argument: range');
    if (this.model.type === 'SHEET') throw gasError('Cannot set the range of a sheet protection.');
    this.model.rect = rect;
    return this.self();
  }

  setUnprotectedRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]): Protection {
    if (this.model.type !== 'SHEET')
      throw gasError('Unprotected ranges can only be set on a sheet protection.');
    this.model.unprotected = ranges.map((r) => {
      const rect = rectOf(r);
      if (!rect) throw gasError('Invalid argument: ranges');
      return rect;
    });
    return this.self();
  }

  setWarningOnly(warningOnly: boolean): Protection {
    this.model.warningOnly = Boolean(warningOnly);
    return this.self();
  }

  private materialize(): string[] {
    if (this.model.editors === null) this.model.editors = [...this.doc.model.editors];
    return this.model.editors;
  }

  private rangeOf(rect: RectRef): GoogleAppsScript.Spreadsheet.Range {
    const sheet = this.doc.model.sheetById(rect.sheetId);
    if (!sheet) throw gasError('The sheet of this protection has been deleted.');
    return new FakeRange(
      this[RT],
      this.doc,
      sheet,
      rect.row,
      rect.col,
      rect.numRows,
      rect.numCols,
    ) as unknown as GoogleAppsScript.Spreadsheet.Range;
  }

  private self(): Protection {
    return this as unknown as Protection;
  }
}

function emailOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const getEmail = (value as { getEmail?: () => string } | null)?.getEmail;
  if (typeof getEmail === 'function') return getEmail.call(value);
  throw gasError('Invalid argument: emailAddress');
}

instrument(FakeProtection, {
  name: 'Protection',
  qualified: 'SpreadsheetApp.Protection',
  methods: PROTECTION_METHODS,
  access: 'document',
  scope: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
});
