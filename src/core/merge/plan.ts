/**
 * The decisions of a merge run, each over snapshots read under the document lock (DESIGN.md,
 * Exactly-once mail). A run is: `decideMerge` + `planPending` once (which mails, PENDING rows, the
 * running marker), then per mail `decideStep` (the previous mail's outcome and the next mail's
 * SENDING, one write), then `decideFinish`. Sending happens between the steps, outside the lock.
 */
import { cellText, type Cell } from '../cells';
import { CORRESPONDENCE_HEADER, CORRESPONDENCE_SHEET, META_SHEET, planMeta, readMeta } from '../logs';
import { recipientCount } from '../mail/addresses';
import { checkMail, checkMerge, type MergeLimits, type MergeProblem } from '../mail/checks';
import { compileTemplate } from '../mail/compile';
import { MailRenderer, type RenderedMail } from '../mail/render';
import { mergeContext } from '../mail/resolver';
import type { MailTemplate } from '../mail/template';
import { emptyPlan, writeFor, type Plan } from '../plan';
import { recordAt, tableDef, view, type RecordOut, type Snapshots } from '../records';
import { wallClock } from '../time';
import {
  MailHistory,
  readCorrespondence,
  type CorrespondenceLog,
  type CorrespondenceRow,
} from './correspondence';
import { attemptKey, isChaseKey, mailKey } from './keys';
import { formatMarker, MERGE_MARKER_KEY, parseMarker, type MergeMarker } from './marker';

/** One mail of a merge, with the key that makes it exactly-once. */
export interface MergeMail {
  base: string;
  recordIds: string[];
  mail: RenderedMail;
  recipients: number;
  problems: MergeProblem[];
}

/** Why a mail is sent: first time, after a FAILED attempt, a PENDING row left by a stopped run, on request. */
export type SendReason = 'new' | 'retry' | 'continue' | 'resend';

export interface PlannedMail extends MergeMail {
  /** The Correspondence row it is written to: the PENDING row it continues, or a new attempt's key. */
  rowKey: string;
  reason: SendReason;
}

export interface MergeOutlook {
  table: string;
  /** Every mail the selection makes (one per record, or per group). */
  mails: MergeMail[];
  /** The mails a send would send now, in order. */
  toSend: PlannedMail[];
  /** Keys whose mail was sent already (left out unless `resend`). */
  alreadySent: string[];
  /** Rows in SENDING (a run died mid-send) or with a state we do not know: never sent again by themselves. */
  stuck: { key: string; state: string; recordIds: string[] }[];
  /** Every problem of the selection, template-wide ones first. */
  problems: MergeProblem[];
  /** Mails left out of `toSend` because they have problems (only with `excludeProblemRows`). */
  excluded: MergeMail[];
  /** Mails to send that have problems: a send refuses while this is not empty. */
  blocking: MergeMail[];
}

export interface MergeOptions {
  resend?: boolean;
  excludeProblemRows?: boolean;
}

/** Render and check every mail of a selection, and key each one. */
export function mergeMails(
  snap: Snapshots,
  template: MailTemplate,
  records: readonly RecordOut[],
  limits: MergeLimits,
): { mails: MergeMail[]; problems: MergeProblem[] } {
  const check = checkMerge(template, records, mergeContext(snap), limits);
  const groupBy = compileTemplate(template, snap.schema).groupBy;
  const byId = new Map(records.map((r) => [r.id, r]));
  const mails = check.mails.map((mail): MergeMail => {
    const first = byId.get(mail.recordIds[0] ?? '');
    const base = mailKey(
      template.name,
      mail.recordIds,
      groupBy && first ? { field: groupBy, value: first.values[groupBy.name] ?? null } : undefined,
    );
    // Template-wide problems name every record, so they reach every mail this way too.
    const own = new Set(mail.recordIds);
    const problems = check.problems.filter((p) => p.recordIds.some((id) => own.has(id)));
    return { base, recordIds: mail.recordIds, mail, recipients: recipientCount(mail), problems };
  });
  return { mails, problems: check.problems };
}

/**
 * What a send would do with each mail, from its history in Correspondence. The rules, in order:
 * any SENDING attempt (or a state we cannot read) holds the mail for review; a PENDING last attempt
 * is continued (it records an earlier decision to send, a resend included); a SENT attempt skips it
 * unless `resend`; otherwise (never tried, or FAILED) it is sent as a new attempt.
 */
export function decideMerge(
  snap: Snapshots,
  template: MailTemplate,
  records: readonly RecordOut[],
  limits: MergeLimits,
  opts: MergeOptions = {},
): MergeOutlook {
  const { mails, problems } = mergeMails(snap, template, records, limits);
  const history = new MailHistory(readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)));
  const outlook: MergeOutlook = {
    table: tableDef(snap.schema, template.table).name,
    mails,
    toSend: [],
    alreadySent: [],
    stuck: [],
    problems,
    excluded: [],
    blocking: [],
  };
  for (const m of mails) {
    const attempts = history.attempts(m.base, template.name);
    const unsure = attempts.find(
      (a) => a.row.state !== 'SENT' && a.row.state !== 'FAILED' && a.row.state !== 'PENDING',
    );
    if (unsure) {
      outlook.stuck.push({ key: unsure.row.key, state: unsure.row.state, recordIds: unsure.row.recordIds });
      continue;
    }
    const last = attempts[attempts.length - 1];
    const sent = attempts.some((a) => a.row.state === 'SENT');
    let planned: PlannedMail;
    if (last?.row.state === 'PENDING') planned = { ...m, rowKey: last.row.key, reason: 'continue' };
    else if (sent && !opts.resend) {
      outlook.alreadySent.push(m.base);
      continue;
    } else
      planned = {
        ...m,
        rowKey: attemptKey(m.base, history.nextAttempt(m.base)),
        reason: sent ? 'resend' : last ? 'retry' : 'new',
      };
    if (planned.problems.length === 0) outlook.toSend.push(planned);
    else if (opts.excludeProblemRows) outlook.excluded.push(m);
    else outlook.blocking.push(m);
  }
  return outlook;
}

const cellNow = (nowMs: number, timeZone: string): Cell => ({ dateTime: wallClock(nowMs, timeZone) });

/** The cells of a mail's row: who, what, to whom. */
export function mailCells(
  mail: RenderedMail,
  template: string,
  state: string,
  env: { nowMs: number; timeZone: string; user: string },
): Record<string, Cell> {
  return {
    When: cellNow(env.nowMs, env.timeZone),
    'Sent by': env.user,
    Template: template,
    'Record IDs': mail.recordIds.join(', '),
    To: mail.to.join(', '),
    Cc: mail.cc.join(', '),
    Bcc: mail.bcc.join(', '),
    Subject: mail.subject,
    State: state,
    'Message ID': '',
    'Thread ID': '',
    Error: '',
  };
}

/** Create Correspondence, or add the columns an older one lacks (Key), before rows are written to it. */
export function ensureLog(plan: Plan, log: CorrespondenceLog): void {
  if (!log.exists)
    plan.structure.push({
      op: 'createSheet',
      sheet: CORRESPONDENCE_SHEET,
      header: [...CORRESPONDENCE_HEADER],
    });
  else if (log.missing.length > 0)
    plan.structure.push({ op: 'addColumns', sheet: CORRESPONDENCE_SHEET, headers: log.missing });
}

export interface RunEnv {
  nowMs: number;
  timeZone: string;
  user: string;
}

/**
 * Step 1's write: a PENDING row for every mail to send (a continued row is refreshed with what it
 * will now say) and the running marker, in one plan.
 */
export function planPending(
  snap: Snapshots,
  template: MailTemplate,
  toSend: readonly PlannedMail[],
  marker: MergeMarker,
  env: RunEnv,
): Plan {
  const plan = emptyPlan();
  const log = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET));
  ensureLog(plan, log);
  const w = writeFor(plan, CORRESPONDENCE_SHEET, 'Key');
  for (const m of toSend) {
    const cells = mailCells(m.mail, template.name, 'PENDING', env);
    if (m.reason === 'continue') w.updates.push({ key: m.rowKey, values: cells });
    else w.appends.push({ Key: m.rowKey, ...cells });
  }
  const meta = readMeta(snap.tables.get(META_SHEET));
  planMeta(plan, meta, snap.sheetNames.has(META_SHEET), MERGE_MARKER_KEY, formatMarker(marker));
  return plan;
}

/** The result of a send, as the driver hands it to the next step. */
export interface SendOutcome {
  rowKey: string;
  /** What was (or was to be) sent, to log it again should its row have been deleted meanwhile. */
  mail: RenderedMail;
  sent?: { messageId: string; threadId: string };
  error?: string;
  /** The mailer could not tell whether the mail left: it stays SENDING, for review. */
  uncertain?: boolean;
}

/** The next mail, as step 1 planned it. */
export interface NextMail {
  rowKey: string;
  recordIds: string[];
  planned: RenderedMail;
  /** Recipients today's quota still allows: a mail that now needs more stays PENDING. */
  quotaLeft: number;
}

export type StepVerdict =
  | {
      send: true;
      mail: RenderedMail;
      changed: boolean;
      /**
       * The row now SENDING, when it is not the planned one: a chase mail some of whose records left
       * the chase since it was planned is logged under the key of what is really sent.
       */
      rowKey?: string;
    }
  | {
      send: false;
      /** `withdrawn`: no longer owed (a chase whose records left it); its row is FAILED with the reason. */
      reason: 'not-pending' | 'problems' | 'records-gone' | 'marker-lost' | 'quota' | 'withdrawn';
      message: string;
    };

export interface StepInput {
  snap: Snapshots;
  template: MailTemplate;
  runId: string;
  limits: MergeLimits;
  env: RunEnv;
  done?: SendOutcome;
  next?: NextMail;
}

const MAX_ERROR_CHARS = 2_000;

function clip(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

export function describeProblems(problems: readonly MergeProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

/** Write a sent mail's outcome: SENT with IDs, FAILED with the error, or a note on a SENDING row. */
export function planOutcome(
  plan: Plan,
  rows: Map<string, CorrespondenceRow>,
  template: string,
  done: SendOutcome,
  env: RunEnv,
): void {
  const w = writeFor(plan, CORRESPONDENCE_SHEET, 'Key');
  const values: Record<string, Cell> = done.sent
    ? {
        State: 'SENT',
        When: cellNow(env.nowMs, env.timeZone),
        'Message ID': done.sent.messageId,
        'Thread ID': done.sent.threadId,
        Error: '',
      }
    : done.uncertain
      ? {
          Error: clip(
            `Not known whether it was sent: ${done.error ?? ''}. Check the Sent folder, then set State to SENT or FAILED.`,
          ),
        }
      : { State: 'FAILED', Error: clip(done.error ?? 'not sent') };
  // A row deleted by hand mid-run is written again: a sent mail is never left unlogged.
  if (rows.has(done.rowKey)) w.updates.push({ key: done.rowKey, values });
  else w.appends.push({ Key: done.rowKey, ...mailCells(done.mail, template, 'SENDING', env), ...values });
}

/**
 * One step of the run, under the lock: log the previous mail's outcome, then check the next mail is
 * still ours to send (its row PENDING, the marker ours), re-render it from the records as they are
 * now and re-check it. A mail whose records changed is sent as they now read (an edited address
 * gets the mail, the old one never does); one that now has a problem is FAILED, not sent.
 */
export function decideStep(input: StepInput): { plan: Plan; verdict?: StepVerdict } {
  const { snap, template, env } = input;
  const plan = emptyPlan();
  const log = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET));
  const rows = new Map<string, CorrespondenceRow>();
  for (const r of log.rows) if (r.key && !rows.has(r.key)) rows.set(r.key, r);
  if (input.done) {
    ensureLog(plan, log);
    planOutcome(plan, rows, template.name, input.done, env);
  }
  const next = input.next;
  if (!next) return { plan };
  const marker = parseMarker(readMeta(snap.tables.get(META_SHEET)).get(MERGE_MARKER_KEY));
  if (marker?.run !== input.runId)
    return {
      plan,
      verdict: {
        send: false,
        reason: 'marker-lost',
        message: 'Another merge took over this run (it was presumed dead); stopping without sending more.',
      },
    };
  const row = rows.get(next.rowKey);
  if (!row || row.state !== 'PENDING')
    return {
      plan,
      verdict: {
        send: false,
        reason: 'not-pending',
        message: `${next.rowKey} is ${row ? row.state || 'blank' : 'no longer in Correspondence'}, not PENDING: left alone`,
      },
    };
  const update = (values: Record<string, Cell>) =>
    writeFor(plan, CORRESPONDENCE_SHEET, 'Key').updates.push({ key: next.rowKey, values });
  const fail = (
    reason: 'problems' | 'records-gone',
    message: string,
  ): { plan: Plan; verdict: StepVerdict } => {
    update({ State: 'FAILED', When: cellNow(env.nowMs, env.timeZone), Error: clip(message) });
    return { plan, verdict: { send: false, reason, message } };
  };
  let records: RecordOut[];
  try {
    const v = view(snap, tableDef(snap.schema, template.table));
    records = next.recordIds.flatMap((id) => {
      const at = v.rowOfId.get(id);
      return at === undefined ? [] : [recordAt(snap, v, at)];
    });
  } catch (e) {
    return fail('records-gone', `Not sent: ${(e as Error).message}`);
  }
  if (records.length === 0)
    return fail(
      'records-gone',
      `Not sent: ${next.recordIds.join(', ')} ${next.recordIds.length === 1 ? 'is' : 'are'} no longer in ${template.table}`,
    );
  const now = { ...snap, env: { ...snap.env, nowMs: env.nowMs } };
  const renderer = new MailRenderer(template, mergeContext(now));
  const { mail, notes } = renderer.render(records);
  const problems: MergeProblem[] = [
    ...renderer.compiled.problems.map((p) => ({
      recordIds: mail.recordIds,
      field: p.field,
      message: p.message,
    })),
    ...notes,
    ...checkMail(mail, input.limits, { toTemplate: template.to }),
  ];
  if (problems.length > 0)
    return fail(
      'problems',
      `Not sent, it changed since the merge was planned: ${describeProblems(problems)}`,
    );
  if (recipientCount(mail) > next.quotaLeft)
    return {
      plan,
      verdict: {
        send: false,
        reason: 'quota',
        message: "Today's mail quota does not allow this mail: it stays PENDING",
      },
    };
  update(mailCells(mail, template.name, 'SENDING', env));
  return { plan, verdict: { send: true, mail, changed: !sameMail(mail, next.planned) } };
}

function sameMail(a: RenderedMail, b: RenderedMail): boolean {
  return (
    a.to.join(',') === b.to.join(',') &&
    a.cc.join(',') === b.cc.join(',') &&
    a.bcc.join(',') === b.bcc.join(',') &&
    (a.replyTo ?? '') === (b.replyTo ?? '') &&
    a.subject === b.subject &&
    a.body === b.body
  );
}

export interface FinishResult {
  /** PENDING rows of the template still waiting (a stopped run; sent by Continue). */
  pending: string[];
  /** SENDING rows of the template, for review. */
  stuck: string[];
}

/** The run's last write: the last mail's outcome, and the marker cleared if it is still ours. */
export function decideFinish(
  snap: Snapshots,
  template: MailTemplate,
  runId: string,
  env: RunEnv,
  done?: SendOutcome,
): { plan: Plan; result: FinishResult } {
  const plan = emptyPlan();
  const log = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET));
  const rows = new Map<string, CorrespondenceRow>();
  for (const r of log.rows) if (r.key && !rows.has(r.key)) rows.set(r.key, r);
  if (done) {
    ensureLog(plan, log);
    planOutcome(plan, rows, template.name, done, env);
  }
  const meta = readMeta(snap.tables.get(META_SHEET));
  if (parseMarker(meta.get(MERGE_MARKER_KEY))?.run === runId)
    planMeta(plan, meta, snap.sheetNames.has(META_SHEET), MERGE_MARKER_KEY, '');
  const states = latestStates(log.rows, template.name);
  if (done) states.set(done.rowKey, done.sent ? 'SENT' : done.uncertain ? 'SENDING' : 'FAILED');
  const pending: string[] = [];
  const stuck: string[] = [];
  for (const [key, state] of states) {
    if (state === 'PENDING') pending.push(key);
    else if (state === 'SENDING') stuck.push(key);
  }
  return { plan, result: { pending, stuck } };
}

/** The state of each merge row of a template, by row key (a chase's rows are the chase's business). */
export function latestStates(rows: readonly CorrespondenceRow[], template: string): Map<string, string> {
  const t = template.trim().toLowerCase();
  const out = new Map<string, string>();
  for (const r of rows)
    if (r.key && !isChaseKey(r.key) && r.template.toLowerCase() === t && !out.has(r.key))
      out.set(r.key, r.state);
  return out;
}

/** The text of a cell in the run's timestamp format, for results. */
export function whenText(nowMs: number, timeZone: string): string {
  return cellText(cellNow(nowMs, timeZone));
}
