/**
 * Every string of the sidebar's interface, in English. Field and table names come from the
 * workbook's Setup sheet and are shown as they are; messages about values come from core
 * (src/core/values.ts), shared with the server, in English.
 */
const count = (n: number) => n.toLocaleString('en-US');

export const en = {
  lang: 'en',
  /** BCP 47 locale for numbers and money shown in lists. */
  locale: 'en-US',
  appName: 'Backoffice Register',
  loading: 'Loading…',
  loadingTable: (table: string) => `Loading ${table}…`,
  loadFailed: 'The register could not be loaded.',
  retry: 'Try again',
  table: 'Table',
  find: 'Find',
  findPlaceholder: 'Name, ID, amount, date…',
  newRecord: 'New record',
  openSelectedRow: 'Open selected row',
  noSelectedRecord: 'The selected row is not a record of the register.',
  listSummary: (shown: number, matching: number, all: number, query: boolean) =>
    query
      ? matching === 0
        ? 'No records match.'
        : shown < matching
          ? `${count(matching)} match; showing the first ${count(shown)}. Type more to narrow.`
          : `${count(matching)} of ${count(all)} match.`
      : all === 0
        ? 'No records yet.'
        : shown < all
          ? `${count(all)} records; showing the latest ${count(shown)}.`
          : `${count(all)} ${all === 1 ? 'record' : 'records'}.`,
  newTitle: (table: string) => `New ${table} record`,
  back: 'Back',
  goToRow: 'Go to row',
  save: 'Save',
  saving: 'Saving…',
  saved: (id: string) => `Saved ${id}.`,
  nothingToSave: 'Nothing has changed.',
  cancel: 'Cancel',
  close: 'Close',
  requiredMessage: 'is required',
  requiredHint: 'Required',
  defaultHint: (expression: string) => `If left empty: ${expression}`,
  confidential: 'Confidential',
  choose: 'Choose…',
  noMatch: 'No match',
  openReference: (label: string) => `Open ${label}`,
  pickerCount: (n: number) => `${count(n)} ${n === 1 ? 'match' : 'matches'}`,
  fixProblems: (n: number) => (n === 1 ? 'Fix the field marked below.' : `Fix the ${n} fields marked below.`),
  versionLine: (version: number, updated: string, by: string) =>
    `Version ${version}${updated ? ` · updated ${updated}` : ''}${by ? ` by ${by}` : ''}`,
  discardQuestion: 'Discard your changes?',
  discard: 'Discard',
  keepEditing: 'Keep editing',
  conflictTitle: 'Someone else changed this record',
  conflictIntro: 'Choose, field by field, which value to keep. Nothing is saved until you say so.',
  yours: 'Yours',
  theirs: 'Theirs',
  keepMine: 'Keep mine',
  takeTheirs: 'Take theirs',
  empty: '(empty)',
  alsoChanged: 'They also changed (taken as theirs):',
  saveChoices: 'Save with these choices',
  takeAllTheirs: 'Take all theirs',
  tookTheirs: 'Showing their version; your changes were set aside.',
  yes: 'Yes',
  no: 'No',
};

export type Messages = typeof en;
