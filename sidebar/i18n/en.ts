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

  // Top-level views
  viewsLabel: 'Views',
  tabRecords: 'Records',
  tabMerge: 'Mail merge',
  tabSummaries: 'Summaries',

  // Mail merge: what to merge
  template: 'Template',
  noTemplatesTable: 'This register has no Templates table: run Set up register to add it.',
  noTemplates: 'No templates yet: add one to the Templates table (Records view).',
  templateInfo: (table: string, html: boolean, groupBy: string) =>
    `Merges ${table} · ${html ? 'HTML' : 'plain text'}${groupBy ? ` · one mail per ${groupBy}` : ''}`,
  unknownTemplateTable: 'The template names a table this register does not have: fix its Table field.',
  recordsLegend: 'Records',
  selectAll: (table: string) => `All records of ${table}`,
  selectMatching: 'Those matching a search',
  selectIds: 'Only these record IDs',
  searchLabel: 'Search the records',
  useListSearch: (query: string) => `Use the records list's search “${query}”`,
  idsLabel: 'Record IDs',
  idsPlaceholder: 'PO-0001, PO-0007',
  recordsSelected: (n: number, all: number) =>
    n === all ? `${count(n)} ${n === 1 ? 'record' : 'records'}.` : `${count(n)} of ${count(all)} records.`,
  noRecordsSelected: 'No records selected.',
  unknownIds: (table: string, ids: string[]) =>
    `${table} has no record ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}.`,
  preview: 'Preview',
  previewing: 'Preparing the preview…',

  // Mail merge: the preview
  mailsLine: (mails: number, recipients: number) =>
    mails === 0
      ? 'No mails to send.'
      : `${count(mails)} ${mails === 1 ? 'mail' : 'mails'} to send, ${count(recipients)} ${recipients === 1 ? 'recipient' : 'recipients'}`,
  inSelection: (mails: number) => `The selection makes ${count(mails)} ${mails === 1 ? 'mail' : 'mails'}.`,
  quotaLine: (recipients: number, remaining: number, fitsAll: boolean, fit: number, mails: number) =>
    fitsAll
      ? `Uses ${count(recipients)} of the ${count(remaining)} ${remaining === 1 ? 'recipient' : 'recipients'} left in today's mail quota.`
      : `Only ${count(fit)} of ${count(mails)} mails fit in today's quota (${count(remaining)} ${remaining === 1 ? 'recipient' : 'recipients'} left): the rest wait for Continue.`,
  noQuota: 'This mailer has no daily quota.',
  runningLine: (template: string, by: string, since: string, stale: boolean) =>
    stale
      ? `A merge of “${template}” by ${by || 'someone'} since ${since} seems to have stopped: sending takes over from it.`
      : `A merge of “${template}” by ${by || 'someone'} is running since ${since}: wait for it to finish.`,
  alreadySentLine: (n: number) =>
    `${count(n)} ${n === 1 ? 'mail was' : 'mails were'} sent before and ${n === 1 ? 'is' : 'are'} left out.`,
  nothingNew: (n: number) =>
    `Nothing new to send: ${n === 1 ? 'the mail' : `all ${count(n)} mails`} of this selection ${n === 1 ? 'was' : 'were'} sent before.`,
  sendAgain: 'Send again…',
  resendQuestion: (n: number) =>
    `Send ${n === 1 ? 'that mail' : `those ${count(n)} mails`} again? Their recipients have ${n === 1 ? 'it' : 'them'} already.`,
  resendConfirm: 'Yes, send again',
  resendOn: 'Mails sent before are included: they will be sent again.',
  resendOff: 'Leave them out',
  problemsTitle: (n: number) => (n === 1 ? 'A problem in 1 record' : `Problems in ${count(n)} records`),
  problemsIntro:
    'Nothing is sent while a selected record has a problem. Open the record to fix it, or leave those records out.',
  moreRecords: (n: number) => `+${count(n)} more`,
  moreProblems: (n: number) => `…and ${count(n)} more.`,
  excludeProblems: (n: number) =>
    n === 1
      ? 'Leave out the record with a problem and send the rest'
      : `Leave out the ${count(n)} records with problems and send the rest`,
  blockedHint: 'Fix the problems, or leave those records out, to send.',
  previousMail: 'Previous mail',
  nextMail: 'Next mail',
  mailOf: (i: number, n: number) => `Mail ${count(i)} of ${count(n)}`,
  mailTo: 'To',
  mailCc: 'Cc',
  mailBcc: 'Bcc',
  mailReplyTo: 'Reply-To',
  mailSubject: 'Subject',
  mailRecords: 'Records',
  mailBody: 'Mail body, as it will arrive',
  actionSend: 'Will be sent',
  actionRetry: 'Will be sent again: the last attempt failed',
  actionContinue: 'Will be sent: a stopped run left it waiting',
  actionResend: 'Will be sent again',
  actionSkip: 'Sent before: left out',
  actionHeld: 'Held for review (SENDING): left out',
  actionProblem: 'Has a problem: not sent',

  // Mail merge: test and send
  testSend: 'Send a test to me',
  testSending: 'Sending the test…',
  testSent: (to: string, subject: string) => `Test sent to ${to}: “${subject}”.`,
  realRecipients: 'The real mail:',
  sendButton: (n: number) => (n === 1 ? 'Send 1 mail' : `Send ${count(n)} mails`),
  sendAgainButton: (n: number) => (n === 1 ? 'Send 1 mail again' : `Send ${count(n)} mails again`),
  sendProgress: 'Sending progress',
  sendingProgress: (done: number, total: number) =>
    total > 0 && done > 0 ? `Sending… ${count(done)} of ${count(total)} done.` : 'Sending…',

  // Mail merge: the result
  nothingSent: 'Nothing was sent.',
  sentLine: (sent: number, planned: number) =>
    `Sent ${count(sent)} of ${count(planned)} ${planned === 1 ? 'mail' : 'mails'}.`,
  failedLine: (n: number) => `${count(n)} ${n === 1 ? 'mail' : 'mails'} failed:`,
  stoppedQuota: (n: number) =>
    `Stopped: today's mail quota is used up. ${count(n)} ${n === 1 ? 'mail waits' : 'mails wait'}: Continue sends them once the quota resets (within 24 hours).`,
  stoppedTime: (n: number, trigger: boolean) =>
    trigger
      ? `Stopped before the time limit: ${count(n)} ${n === 1 ? 'mail continues' : 'mails continue'} by ${n === 1 ? 'itself' : 'themselves'} in a minute or so.`
      : `Stopped before the time limit: ${count(n)} ${n === 1 ? 'mail waits' : 'mails wait'} for Continue.`,
  stoppedTakenOver: 'Stopped: another merge took over this one.',
  pendingOther: (n: number) =>
    `${count(n)} other ${n === 1 ? 'mail' : 'mails'} of this template wait for Continue.`,
  excludedLine: (ids: string[]) => `Left out for their problems: ${ids.join(', ')}.`,
  changedLine: (n: number) =>
    `${count(n)} ${n === 1 ? 'mail was' : 'mails were'} sent as ${n === 1 ? 'its records read' : 'their records read'} at sending (edited after the preview).`,
  continueSend: (n: number) => `Continue (${count(n)})`,
  continuing: 'Continuing…',
  previewAgain: 'Preview again',
  stuckTitle: (n: number) => (n === 1 ? '1 mail held in SENDING' : `${count(n)} mails held in SENDING`),
  stuckIntro:
    'A run stopped while sending these, so each may or may not have left. Look for it in your Sent folder, then say which: a mail marked not sent goes with the next merge.',
  markSent: 'It was sent',
  markFailed: 'It was not sent',
  resolvedAs: (sent: boolean): string =>
    sent ? 'Marked as sent.' : 'Marked as not sent: the next merge sends it.',

  // A record's correspondence
  correspondence: 'Correspondence',
  noCorrespondence: 'No mail about this record yet.',
  stateSent: 'Sent',
  stateFailed: 'Failed',
  statePending: 'Waiting',
  stateSending: 'Sending',

  // Summaries
  noReportsTable: 'This register has no Reports table: run Set up register to add it.',
  noReports: 'No reports yet: add one to the Reports table (Records view).',
  reportsLabel: 'Reports',
  buildAll: 'Build all summaries',
  building: 'Building…',
  builtLine: (n: number) => (n === 1 ? 'Built 1 summary sheet:' : `Built ${count(n)} summary sheets:`),
  builtReport: (report: string, sheet: string, rows: number) =>
    `${report}: sheet “${sheet}”, ${count(rows)} ${rows === 1 ? 'row' : 'rows'}`,
  notBuilt: (report: string) => `Not built: ${report}:`,
  buildSheet: 'Build this sheet',
  builtSheet: (sheet: string, rows: number) =>
    `Sheet “${sheet}” built: ${count(rows)} ${rows === 1 ? 'row' : 'rows'}.`,
  chartNamed: (chart: string) => `${chart} chart`,
  reportFor: (day: string) => `Figures for ${day}`,
  generatedLine: (when: string, by: string) => `computed ${when}${by ? ` for ${by}` : ''}`,
  headlineLabel: 'Headline figures',
  reportTable: (matched: number) => `From ${count(matched)} ${matched === 1 ? 'record' : 'records'}`,
  noRows: 'No records match this report.',
  chartTitle: (title: string, kind: string) => `${title} (${kind})`,
  chartKinds: { bar: 'bar chart', column: 'column chart', line: 'line chart', pie: 'pie chart' },
  chartData: 'Chart data as a table',
  chartCategory: 'Category',
  chartFirst: (shown: number, all: number) =>
    `The chart shows the first ${count(shown)} of ${count(all)} rows.`,
  legend: 'Legend',

  // Chases
  tabChase: 'Chases',
  chaseToday: (date: string) => `Chases today, ${date}`,
  chaseRefresh: 'Refresh',
  chaseNoMails: 'No chase mails are due today.',
  chaseMailsDue: (n: number) =>
    n === 1 ? '1 chase mail is due today' : `${count(n)} chase mails are due today`,
  chaseStep: (rule: string, step: number) => `${rule}, step ${step}`,
  chaseTo: 'To',
  chaseRecords: 'Records',
  chaseRun: 'Run chases now',
  chaseConfirm: (n: number) => (n === 1 ? 'Send 1 chase mail now?' : `Send ${count(n)} chase mails now?`),
  chaseSend: (n: number) => (n === 1 ? 'Send 1 mail' : `Send ${count(n)} mails`),
  chaseRunning: 'Sending chases…',
  chaseBusy: (who: string) => `A chase run is under way (${who}).`,
  chaseResult: (sent: number, planned: number) =>
    planned === 0
      ? 'No chase mail was due.'
      : `Sent ${count(sent)} of ${count(planned)} chase ${planned === 1 ? 'mail' : 'mails'}.`,
  chasePending: (n: number) => `${count(n)} ${n === 1 ? 'mail waits' : 'mails wait'} for the next run.`,
  chaseStopped: (why: string) => `Stopped: ${why}.`,
  chaseWithdrawn: 'Left out at sending:',
  chaseProblems: 'Rules that cannot run until fixed:',
  chaseWaiting: (n: number) => `Waiting (${count(n)})`,
  chaseRecent: (n: number) => `Sent recently (${count(n)})`,
  chaseNone: 'None.',
  chaseStuck: (n: number) => `Stuck (${count(n)})`,
  chaseStuckIntro:
    'Mails held in SENDING may or may not have left: look in the Sent folder, then say which. Failed mails are tried again on the next run.',
  chasePausedTitle: (n: number) => `Paused (${count(n)})`,
  chasePause: 'Pause chasing',
  chasePauseOf: (id: string) => `Pause chasing ${id}`,
  chasing: 'Chasing',
  chaseNotChased: 'No chase rule covers this table.',
  chaseSchedule: 'Schedule',
  chaseDaily: 'Run chases every day',
  chaseScheduleAt: (hour: number, zone: string) => `At ${String(hour).padStart(2, '0')}:00 (${zone}).`,
  chaseOwner: (owner: string, mine: boolean) =>
    `Runs as ${owner}${mine ? ' (you)' : ''}: mail goes from that mailbox.`,
  chaseReview: 'Review',
};

export type Messages = typeof en;
