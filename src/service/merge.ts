/**
 * Mail merge use cases: preview, the steps of a send run, status, a record's correspondence and
 * resolving a mail left SENDING. Each is a `UseCase` over snapshots; the run's loop (lock, send,
 * lock) lives in merge-driver.ts, the same for every host. Request and result types here are the
 * RPC contract's (JSON only: google.script.run drops Dates and undefined).
 */
import { cellText } from '../core/cells';
import { RegisterError, type FieldProblem } from '../core/errors';
import { CORRESPONDENCE_SHEET, META_SHEET, readMeta } from '../core/logs';
import { describeForecast, forecastQuota, type QuotaForecast } from '../core/mail/quota';
import type { MergeLimits, MergeProblem } from '../core/mail/checks';
import { compileTemplate } from '../core/mail/compile';
import type { RenderedMail } from '../core/mail/render';
import { groupRecords } from '../core/mail/render';
import { parseTemplate, TEMPLATE_FIELD, TEMPLATES_TABLE, type MailTemplate } from '../core/mail/template';
import {
  decideFinish,
  decideMerge,
  decideStep,
  describeProblems,
  ensureLog,
  fingerprint,
  htmlToText,
  isChaseKey,
  mailCells,
  MailHistory,
  MERGE_MARKER_KEY,
  mergeMails,
  mergeRunning,
  parseMarker,
  planPending,
  readCorrespondence,
  selectRecords,
  testKey,
  attemptKey,
  type CorrespondenceRow,
  type FinishResult,
  type MergeMarker,
  type MergeOutlook,
  type NextMail,
  type PlannedMail,
  type RunEnv,
  type SendOutcome,
  type StepVerdict,
} from '../core/merge';
import { emptyPlan, writeFor, type Plan } from '../core/plan';
import { recordAt, tableDef, view, type Snapshots } from '../core/records';
import { findTable, type Schema } from '../core/schema';
import { cellAt, dataRowIndexes } from '../core/table';
import { wallClock } from '../core/time';
import type { OutgoingMail } from '../ports';
import { recordRows } from './row-filter';
import type { UseCase } from './use-case';

// ---------------------------------------------------------------------------------------------
// The contract (rpc-contract.ts names these).

export interface MergeSelectionRequest {
  /** The template's Name in the Templates table (any case). */
  template: string;
  /** Conditions as the list and the CLI write them ('Status=Ordered', 'Amount>=100'): all must hold. */
  where?: string[];
  /** Record IDs of the template's table (the sidebar's selection); with `where`, both must hold. */
  ids?: string[];
}

/** What a send would do with a mail. */
export type MailAction =
  | 'send' // never sent
  | 'retry' // its last attempt FAILED
  | 'continue' // a stopped run left it PENDING
  | 'resend' // sent before; `resend: true` sends it again
  | 'skip-sent' // sent before: left out
  | 'held' // a run died while sending it (SENDING): left out until someone resolves it
  | 'problem'; // has a problem: nothing is sent until fixed, or the row is excluded

export interface MailPreview {
  /** The Correspondence key of the mail (template | record IDs, or | group). */
  key: string;
  recordIds: string[];
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  /** The plain-text body (an HTML mail's text alternative). */
  text: string;
  /** The HTML body, for HTML templates. Render it sandboxed: it is the mail as it will arrive. */
  html?: string;
  action: MailAction;
  problems: MergeProblem[];
}

export interface MergePreviewRequest extends MergeSelectionRequest {
  resend?: boolean;
  excludeProblemRows?: boolean;
  /** The first mail to preview in full, as an index into the selection's mails (default 0). */
  previewFrom?: number;
  /** How many mails to preview in full (default 5, at most 50). */
  previewCount?: number;
}

/** A merge that is running now (the marker in _Register). */
export interface MergeRunInfo {
  template: string;
  by: string;
  /** Start, as wall-clock text in the spreadsheet's time zone (YYYY-MM-DD HH:mm:ss). */
  since: string;
  /** Presumed dead (older than a run can last, or its process is gone): the next merge takes over. */
  stale: boolean;
}

export interface MergePreviewResult {
  template: string;
  table: string;
  /** Mails the selection makes: one per record, or one per group value. */
  mails: number;
  /** Of those, the mails still owed: never sent, FAILED, left PENDING, or (with `resend`) sent before. */
  toSend: number;
  /** Recipients (To + Cc + Bcc, each address once per mail) of the mails to send. */
  recipients: number;
  quota: QuotaForecast;
  /** One line: "12 mails, 15 recipients; 85 of today's quota left: all fit." */
  quotaText: string;
  /** Mails sent before, left out (sent again only with `resend`). */
  alreadySent: number;
  /** Mails held because a run died while sending them: resolve each with mergeResolve. */
  stuck: { key: string; state: string; recordIds: string[] }[];
  /** Every problem of the selection, per record (template-wide problems name every record). */
  problems: MergeProblem[];
  /** Records with a problem among the mails to send: a send refuses unless `excludeProblemRows`. */
  problemRecordIds: string[];
  /** True when a send would refuse because of those problems. */
  blocked: boolean;
  previews: MailPreview[];
  /** Give it to mergeSend: the send refuses if the mails changed since this preview. */
  previewToken: string;
  running: MergeRunInfo | null;
}

export interface MergeSendRequest extends MergeSelectionRequest {
  /** Send again the mails already SENT for the selection (never those held as SENDING). */
  resend?: boolean;
  /** Leave the rows with problems out and send the rest. */
  excludeProblemRows?: boolean;
  /** From mergePreview: refuse (code 'conflict') if what would be sent changed since the preview. */
  previewToken?: string;
}

export interface MergeContinueRequest {
  /** The template whose PENDING mails to send; default the one with the oldest PENDING mail. */
  template?: string;
}

export type MergeStopReason = 'quota' | 'time' | 'taken-over';

export interface MergeSendResult {
  template: string;
  /** Mails this run set out to send. */
  planned: number;
  sent: number;
  failed: number;
  /** The template's mails still PENDING after this run: Continue sends them. */
  pending: number;
  /** Keys of the template's mails held in SENDING: check the Sent folder, then mergeResolve each. */
  stuck: string[];
  /** Set when the run stopped before the end of its mails. */
  stoppedBecause?: MergeStopReason;
  /** Apps Script: a continuation trigger was scheduled ('trigger'), or Continue must be pressed ('manual'). */
  continuation?: 'trigger' | 'manual';
  /** Mails left out as sent before. */
  alreadySent: number;
  /** Record IDs left out for their problems (`excludeProblemRows`). */
  excluded: string[];
  /** Keys of mails whose records changed after the run was planned: sent as the records now read. */
  changed: string[];
  failures: { key: string; recordIds: string[]; error: string }[];
  /** One line for a person. */
  message: string;
}

export interface MergeTestSendRequest {
  template: string;
  /** A record of the template's table; with Group by, its group's mail. */
  id: string;
  /** With Group by: the records the group is taken from (default every record). */
  where?: string[];
}

export interface MergeTestSendResult {
  key: string;
  /** The current user: a test goes to them alone, never to the mail's recipients. */
  sentTo: string;
  subject: string;
  /** Who the real mail would go to. */
  wouldGoTo: { to: string[]; cc: string[]; bcc: string[] };
  /** Problems with the real recipients (a test goes to you, so these do not stop it). */
  problems: MergeProblem[];
}

export interface MergeStatusRequest {
  template?: string;
  /** Most recent rows to return (default 200, at most 2,000). */
  limit?: number;
}

export interface MergeStatusResult {
  /** Rows, most recent first. */
  rows: CorrespondenceRow[];
  total: number;
  counts: { PENDING: number; SENDING: number; SENT: number; FAILED: number; other: number };
  running: MergeRunInfo | null;
}

export interface MergeResolveRequest {
  /** The Key of a row in SENDING (or with a state the merge does not know). */
  key: string;
  /** SENT if the mail is in the Sent folder, FAILED if not (a later merge then retries it). */
  state: 'SENT' | 'FAILED';
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Templates and the sheets a merge reads.

const PREVIEW_DEFAULT = 5;
const PREVIEW_MAX = 50;
const STATUS_DEFAULT = 200;
const STATUS_MAX = 2_000;

export function findTemplate(snap: Snapshots, name: string): MailTemplate {
  const def = findTable(snap.schema, TEMPLATES_TABLE);
  if (!def || !snap.tables.has(def.name))
    throw new RegisterError('not-found', 'This register has no Templates table: run Set up register');
  const v = view(snap, def);
  const want = String(name ?? '')
    .trim()
    .toLowerCase();
  const names: string[] = [];
  for (const row of dataRowIndexes(v)) {
    const n = cellText(cellAt(v, row, TEMPLATE_FIELD.name)).trim();
    if (!n) continue;
    if (n.toLowerCase() === want) {
      const rec = recordAt(snap, v, row);
      return parseTemplate(rec.values, rec.id);
    }
    names.push(n);
  }
  throw new RegisterError(
    'not-found',
    `There is no template "${name}" (templates: ${names.length > 0 ? names.join(', ') : 'none yet'})`,
  );
}

export function readTemplate(name: string): UseCase<MailTemplate> {
  return {
    readOnly: true,
    sheets: () => [TEMPLATES_TABLE],
    decide: (snap) => ({ plan: emptyPlan(), result: findTemplate(snap, name) }),
  };
}

/** The template's table, every table its placeholders reach, and their references (for labels). */
export function mergeTables(schema: Schema, template: MailTemplate): string[] {
  const names = new Set<string>();
  const add = (table: string) => {
    const def = findTable(schema, table);
    if (!def || names.has(def.name)) return;
    names.add(def.name);
    for (const f of def.fields)
      if (f.references) names.add(findTable(schema, f.references)?.name ?? f.references);
  };
  add(template.table);
  for (const table of compileTemplate(template, schema).needs.keys()) add(table);
  return [...names];
}

const runSheets = (schema: Schema, template: MailTemplate) => [
  ...mergeTables(schema, template),
  CORRESPONDENCE_SHEET,
  META_SHEET,
];

/** What a stale-marker check needs from the host: it knows whether a run can still be alive. */
export type StaleCheck = (marker: MergeMarker, nowMs: number) => boolean;

/** The run whose marker is under `key` in _Register (a merge's, or a chase run's), if any. */
export function markerInfo(
  snap: Snapshots,
  key: string,
  isStale: StaleCheck,
  nowMs: number,
): MergeRunInfo | null {
  const m = parseMarker(readMeta(snap.tables.get(META_SHEET)).get(key));
  if (!m) return null;
  return {
    template: m.template,
    by: m.by,
    since: m.sinceMs > 0 ? wallClock(m.sinceMs, snap.env.timeZone).replace('T', ' ') : '',
    stale: isStale(m, nowMs),
  };
}

function actionOf(outlook: MergeOutlook, key: string): MailAction {
  const planned = outlook.toSend.find((m) => m.base === key);
  if (planned) return planned.reason === 'new' ? 'send' : planned.reason;
  if (outlook.blocking.some((m) => m.base === key) || outlook.excluded.some((m) => m.base === key))
    return 'problem';
  if (outlook.alreadySent.includes(key)) return 'skip-sent';
  return 'held';
}

/** A rendered mail as a mailer takes it: HTML bodies carry a plain-text alternative. */
export function toOutgoing(mail: RenderedMail): OutgoingMail {
  const out: OutgoingMail = {
    to: [...mail.to],
    cc: [...mail.cc],
    bcc: [...mail.bcc],
    subject: mail.subject,
    text: mail.html ? htmlToText(mail.body) : mail.body,
  };
  if (mail.html) out.html = mail.body;
  if (mail.replyTo) out.replyTo = mail.replyTo;
  return out;
}

const tokenOf = (toSend: readonly PlannedMail[]) =>
  fingerprint(toSend.map((m) => ({ key: m.base, mail: m.mail })));

function problemIds(mails: readonly { problems: MergeProblem[] }[]): string[] {
  const ids = new Set<string>();
  for (const m of mails) for (const p of m.problems) for (const id of p.recordIds) ids.add(id);
  return [...ids];
}

// ---------------------------------------------------------------------------------------------
// Preview.

export function previewMerge(
  req: MergePreviewRequest,
  template: MailTemplate,
  ctx: { remainingQuota: number; limits: MergeLimits; isStale: StaleCheck; nowMs: number },
): UseCase<MergePreviewResult> {
  return {
    readOnly: true,
    sheets: (schema) => runSheets(schema, template),
    decide: (snap) => {
      const records = selectRecords(snap, template.table, req);
      const outlook = decideMerge(snap, template, records, ctx.limits, req);
      const from = Math.max(0, Math.floor(Number(req.previewFrom) || 0));
      const count = Math.min(
        PREVIEW_MAX,
        Math.max(0, Math.floor(Number(req.previewCount ?? PREVIEW_DEFAULT))),
      );
      const previews = outlook.mails.slice(from, from + count).map((m): MailPreview => {
        const out = toOutgoing(m.mail);
        return {
          key: m.base,
          recordIds: m.recordIds,
          to: out.to,
          cc: out.cc,
          bcc: out.bcc,
          ...(out.replyTo ? { replyTo: out.replyTo } : {}),
          subject: out.subject,
          text: out.text,
          ...(out.html !== undefined ? { html: out.html } : {}),
          action: actionOf(outlook, m.base),
          problems: m.problems,
        };
      });
      // Mails with problems are still owed: they count until fixed or excluded.
      const order = new Map(outlook.mails.map((m, i) => [m.base, i]));
      const owed = [...outlook.toSend, ...outlook.blocking].sort(
        (a, b) => order.get(a.base)! - order.get(b.base)!,
      );
      const quota = forecastQuota(
        owed.map((m) => m.mail),
        ctx.remainingQuota,
      );
      return {
        plan: emptyPlan(),
        result: {
          template: template.name,
          table: outlook.table,
          mails: outlook.mails.length,
          toSend: owed.length,
          recipients: quota.recipients,
          quota: { ...quota, remainingQuota: jsonNumber(quota.remainingQuota) },
          quotaText: Number.isFinite(quota.remainingQuota)
            ? describeForecast(quota)
            : `${describeForecast({ ...quota, remainingQuota: 0 }).split(';')[0]}; no daily quota on this mailer.`,
          alreadySent: outlook.alreadySent.length,
          stuck: outlook.stuck,
          problems: outlook.problems,
          problemRecordIds: problemIds(outlook.blocking.length > 0 ? outlook.blocking : outlook.excluded),
          blocked: outlook.blocking.length > 0,
          previews,
          previewToken: tokenOf(outlook.toSend),
          running: markerInfo(snap, MERGE_MARKER_KEY, ctx.isStale, ctx.nowMs),
        },
      };
    },
  };
}

/** JSON has no Infinity (it becomes null): a mailer without a quota reports a very large number. */
function jsonNumber(n: number): number {
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

// ---------------------------------------------------------------------------------------------
// A send run: start, steps, finish.

export interface RunContext {
  runId: string;
  owner: string;
  /** The host's clock reading for this step (never read in core). */
  nowMs: number;
  limits: MergeLimits;
  isStale: StaleCheck;
}

/** One mail the run will send, as the driver carries it between steps. */
export interface MergeJob {
  rowKey: string;
  recordIds: string[];
  mail: RenderedMail;
  recipients: number;
}

export interface StartResult {
  template: MailTemplate;
  jobs: MergeJob[];
  alreadySent: number;
  stuck: string[];
  excluded: string[];
  /** Rows a continuation found it could not send (problems, records gone): marked FAILED. */
  failures: { key: string; recordIds: string[]; error: string }[];
  /** The template's PENDING mails this run leaves alone (another selection's). */
  pendingElsewhere: number;
}

const envOf = (snap: Snapshots, nowMs: number): RunEnv => ({
  nowMs,
  timeZone: snap.env.timeZone,
  user: snap.env.user,
});

function blockingError(outlook: MergeOutlook): RegisterError {
  const problems: FieldProblem[] = [];
  for (const m of outlook.blocking)
    for (const p of m.problems) {
      const field = `${p.recordIds.length > 3 ? `${p.recordIds.slice(0, 3).join(', ')}, …` : p.recordIds.join(', ')} ${p.field}`;
      if (!problems.some((q) => q.field === field && q.message === p.message))
        problems.push({ field, message: p.message });
    }
  const ids = problemIds(outlook.blocking);
  return new RegisterError(
    'invalid',
    `Nothing was sent: ${ids.length === 1 ? '1 record has' : `${ids.length} records have`} problems. Fix them, or leave those rows out (exclude problem rows) and send the rest`,
    problems,
    { problems: outlook.blocking.flatMap((m) => m.problems), problemRecordIds: ids },
  );
}

/** Continue: the records of the template's PENDING mails. */
function pendingSelection(
  snap: Snapshots,
  template: MailTemplate,
): { ids: string[]; rows: CorrespondenceRow[] } {
  const log = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET));
  const t = template.name.toLowerCase();
  const rows = log.rows.filter(
    (r) => r.key && !isChaseKey(r.key) && r.state === 'PENDING' && r.template.toLowerCase() === t,
  );
  const v = view(snap, tableDef(snap.schema, template.table));
  const ids = new Set<string>();
  for (const r of rows) for (const id of r.recordIds) if (v.rowOfId.has(id)) ids.add(id);
  return { ids: [...ids], rows };
}

/**
 * Step 1, under the lock: refuse while another merge runs; select, render and check; decide each
 * mail from its history; refuse on problems (or leave those rows out); write PENDING rows and the
 * running marker. `continuation` sends the template's PENDING mails only, leaving out (as FAILED,
 * with the reason) any that can no longer be sent: nobody is there to answer a refusal.
 */
export function startMerge(
  req: MergeSendRequest,
  template: MailTemplate,
  ctx: RunContext,
  continuation = false,
): UseCase<StartResult> {
  return {
    sheets: (schema) => runSheets(schema, template),
    decide: (snap) => {
      const running = parseMarker(readMeta(snap.tables.get(META_SHEET)).get(MERGE_MARKER_KEY));
      if (running && running.run !== ctx.runId && !ctx.isStale(running, ctx.nowMs))
        throw mergeRunning(running, snap.env.timeZone);
      const env = envOf(snap, ctx.nowMs);
      let outlook: MergeOutlook;
      const failures: StartResult['failures'] = [];
      const plan = emptyPlan();
      if (continuation) {
        const pending = pendingSelection(snap, template);
        const records = selectRecords(snap, template.table, { ids: pending.ids });
        outlook = decideMerge(snap, template, records, ctx.limits, { excludeProblemRows: true });
        outlook.toSend = outlook.toSend.filter((m) => m.reason === 'continue');
        const continued = new Set(outlook.toSend.map((m) => m.rowKey));
        const w = writeFor(plan, CORRESPONDENCE_SHEET, 'Key');
        for (const row of pending.rows) {
          if (continued.has(row.key)) continue;
          const excluded = outlook.excluded.find((m) => row.recordIds.some((id) => m.recordIds.includes(id)));
          const error = excluded
            ? `Not sent: ${describeProblems(excluded.problems)}`
            : 'Not sent: its records changed (deleted, or moved to another group, or held by an earlier attempt) since the merge was planned; run the merge again';
          w.updates.push({ key: row.key, values: { State: 'FAILED', Error: error } });
          failures.push({ key: row.key, recordIds: row.recordIds, error });
        }
      } else {
        const records = selectRecords(snap, template.table, req);
        outlook = decideMerge(snap, template, records, ctx.limits, req);
        if (req.previewToken !== undefined && req.previewToken !== tokenOf(outlook.toSend))
          throw new RegisterError(
            'conflict',
            'The mails changed since your preview (a record or the template was edited, or another merge sent some): nothing was sent. Preview again, then send.',
          );
        if (outlook.blocking.length > 0) throw blockingError(outlook);
      }
      const result: StartResult = {
        template,
        jobs: outlook.toSend.map((m) => ({
          rowKey: m.rowKey,
          recordIds: m.recordIds,
          mail: m.mail,
          recipients: m.recipients,
        })),
        alreadySent: outlook.alreadySent.length,
        stuck: outlook.stuck.map((s) => s.key),
        excluded: problemIds(outlook.excluded),
        failures,
        pendingElsewhere: 0,
      };
      const mine = new Set([...outlook.toSend.map((m) => m.rowKey), ...failures.map((f) => f.key)]);
      const t = template.name.toLowerCase();
      for (const r of readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)).rows)
        if (
          r.key &&
          !isChaseKey(r.key) &&
          r.state === 'PENDING' &&
          r.template.toLowerCase() === t &&
          !mine.has(r.key)
        )
          result.pendingElsewhere++;
      if (outlook.toSend.length > 0) {
        const marker: MergeMarker = {
          run: ctx.runId,
          template: template.name,
          by: snap.env.user,
          sinceMs: ctx.nowMs,
          owner: ctx.owner,
        };
        mergePlans(plan, planPending(snap, template, outlook.toSend, marker, env));
      }
      return { plan, result };
    },
  };
}

/** Append `b`'s writes to `a`, structure first, keeping one batch per table. */
function mergePlans(a: Plan, b: Plan): void {
  a.structure.push(...b.structure);
  for (const w of b.writes) {
    const t = writeFor(a, w.table, w.keyColumn);
    t.updates.push(...w.updates);
    t.appends.push(...w.appends);
  }
}

export function stepMerge(
  template: MailTemplate,
  ctx: RunContext,
  done: SendOutcome | undefined,
  next: NextMail,
): UseCase<StepVerdict> {
  return {
    sheets: (schema) => runSheets(schema, template),
    filters: (schema) => recordRows(schema, template.table, next.recordIds, runSheets(schema, template)),
    decide: (snap) => {
      const { plan, verdict } = decideStep({
        snap,
        template,
        runId: ctx.runId,
        limits: ctx.limits,
        env: envOf(snap, ctx.nowMs),
        next,
        ...(done ? { done } : {}),
      });
      return { plan, result: verdict! };
    },
  };
}

export function finishMerge(
  template: MailTemplate,
  ctx: RunContext,
  done?: SendOutcome,
): UseCase<FinishResult> {
  return {
    sheets: () => [CORRESPONDENCE_SHEET, META_SHEET],
    decide: (snap) => decideFinish(snap, template, ctx.runId, envOf(snap, ctx.nowMs), done),
  };
}

/**
 * Continue without a template: the one whose PENDING mail is oldest in Correspondence. A chase's
 * PENDING rows are not a merge's: the chase run continues them (service/chase-driver.ts).
 */
export function oldestPendingTemplate(): UseCase<string | null> {
  return {
    readOnly: true,
    sheets: () => [CORRESPONDENCE_SHEET],
    decide: (snap) => {
      const row = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)).rows.find(
        (r) => r.key && !isChaseKey(r.key) && r.state === 'PENDING',
      );
      return { plan: emptyPlan(), result: row?.template ?? null };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Test send: one mail, to the current user only, logged under a test key.

export interface TestStart {
  rowKey: string;
  mail: RenderedMail;
  real: RenderedMail;
  problems: MergeProblem[];
}

const RECIPIENT_FIELDS = new Set(['To', 'Cc', 'Bcc']);

export function startTestSend(
  req: MergeTestSendRequest,
  template: MailTemplate,
  ctx: RunContext,
): UseCase<TestStart> {
  return {
    sheets: (schema) => runSheets(schema, template),
    decide: (snap) => {
      const user = snap.env.user;
      if (!user)
        throw new RegisterError(
          'usage',
          'A test goes to you, but this host does not know your email address',
        );
      const [record] = selectRecords(snap, template.table, { ids: [req.id] });
      const groupBy = compileTemplate(template, snap.schema).groupBy;
      let records = [record!];
      if (groupBy) {
        const pool = selectRecords(snap, template.table, req.where ? { where: req.where } : {});
        if (!pool.some((r) => r.id === record!.id)) pool.push(record!);
        records = groupRecords(pool, groupBy).find((g) => g.some((r) => r.id === record!.id)) ?? records;
      }
      const { mails } = mergeMails(snap, template, records, ctx.limits);
      const m = mails[0]!;
      const blocking = m.problems.filter((p) => !RECIPIENT_FIELDS.has(p.field));
      if (blocking.length > 0)
        throw new RegisterError(
          'invalid',
          `Not sent: the mail for ${m.recordIds.join(', ')} has problems`,
          blocking.map((p) => ({ field: p.field, message: p.message })),
          { problems: blocking },
        );
      const mail: RenderedMail = {
        ...m.mail,
        to: [user],
        cc: [],
        bcc: [],
        subject: `[Test] ${m.mail.subject}`,
      };
      const history = new MailHistory(readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)));
      const base = testKey(m.base);
      const rowKey = attemptKey(base, history.nextAttempt(base));
      const plan = emptyPlan();
      ensureLog(plan, readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)));
      writeFor(plan, CORRESPONDENCE_SHEET, 'Key').appends.push({
        Key: rowKey,
        ...mailCells(mail, template.name, 'SENDING', envOf(snap, ctx.nowMs)),
      });
      return { plan, result: { rowKey, mail, real: m.mail, problems: m.problems } };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Status, a record's correspondence, resolving a held mail.

const COUNTED = ['PENDING', 'SENDING', 'SENT', 'FAILED'] as const;

export function mergeStatus(
  req: MergeStatusRequest,
  ctx: { isStale: StaleCheck; nowMs: number },
): UseCase<MergeStatusResult> {
  return {
    readOnly: true,
    sheets: () => [CORRESPONDENCE_SHEET, META_SHEET],
    decide: (snap) => {
      const t = req.template?.trim().toLowerCase();
      const all = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)).rows.filter(
        (r) => !t || r.template.toLowerCase() === t,
      );
      const counts = { PENDING: 0, SENDING: 0, SENT: 0, FAILED: 0, other: 0 };
      for (const r of all) {
        const s = (COUNTED as readonly string[]).includes(r.state)
          ? (r.state as (typeof COUNTED)[number])
          : 'other';
        counts[s]++;
      }
      const limit = Math.min(
        STATUS_MAX,
        Math.max(1, Math.floor(Number(req.limit ?? STATUS_DEFAULT)) || STATUS_DEFAULT),
      );
      return {
        plan: emptyPlan(),
        result: {
          rows: all.slice(-limit).reverse(),
          total: all.length,
          counts,
          running: markerInfo(snap, MERGE_MARKER_KEY, ctx.isStale, ctx.nowMs),
        },
      };
    },
  };
}

export function recordCorrespondence(req: {
  id: string;
}): UseCase<{ id: string; rows: CorrespondenceRow[] }> {
  return {
    readOnly: true,
    sheets: () => [CORRESPONDENCE_SHEET],
    decide: (snap) => {
      const id = String(req.id ?? '')
        .trim()
        .toLowerCase();
      const rows = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET))
        .rows.filter((r) => r.recordIds.some((x) => x.toLowerCase() === id))
        .reverse();
      return { plan: emptyPlan(), result: { id: String(req.id ?? '').trim(), rows } };
    },
  };
}

/**
 * After review: a mail held in SENDING (a run died while sending it) becomes SENT (it is in the
 * Sent folder) or FAILED (it is not; a later merge retries it). Nothing else can be resolved.
 */
export function resolveMail(req: MergeResolveRequest, nowMs: number): UseCase<CorrespondenceRow> {
  return {
    sheets: () => [CORRESPONDENCE_SHEET],
    decide: (snap) => {
      if (req.state !== 'SENT' && req.state !== 'FAILED')
        throw new RegisterError(
          'usage',
          'state must be SENT (the mail is in the Sent folder) or FAILED (it is not)',
        );
      const row = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)).rows.find(
        (r) => r.key === req.key,
      );
      if (!row) throw new RegisterError('not-found', `Correspondence has no mail with the key "${req.key}"`);
      if (['PENDING', 'SENT', 'FAILED'].includes(row.state))
        throw new RegisterError(
          'usage',
          `${req.key} is ${row.state}: only a mail held in SENDING (or with an unknown state) needs resolving`,
        );
      const note = `Resolved as ${req.state} by ${snap.env.user || 'someone'} at ${wallClock(nowMs, snap.env.timeZone).replace('T', ' ')}${req.note ? `: ${req.note}` : ''}`;
      const plan = emptyPlan();
      const error = row.error ? `${row.error}\n${note}` : note;
      writeFor(plan, CORRESPONDENCE_SHEET, 'Key').updates.push({
        key: row.key,
        values: { State: req.state, Error: error },
      });
      return { plan, result: { ...row, state: req.state, error } };
    },
  };
}
