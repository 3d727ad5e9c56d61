/**
 * The three kinds of locked step of a chase run, as use cases for the merge's send loop
 * (merge-driver.ts `sendJobs`): start (plan today's mails and write them PENDING), step (re-check
 * one mail against the register as it is now and mark it SENDING), finish (log the last outcome,
 * clear the running marker). Between steps the loop sends, outside the lock, exactly as a merge
 * does: PENDING -> SENDING (flushed before the send) -> SENT or FAILED, at most one mail in SENDING.
 *
 * What a chase adds to a merge's step: the re-check is the chase's own rule, not the template's.
 * Each record of the mail must still be open, not paused, and due for the same step against the
 * same due date; records that left the chase are left out (the mail is then logged under the key of
 * what really goes), and a mail left with none is withdrawn (FAILED, "Withdrawn: ..."), not sent.
 */
import { cellText, type Cell } from '../core/cells';
import {
  CHASE_RULES_TABLE,
  chaseMailKey,
  chaseRunJson,
  parseChaseKey,
  renderChaseRun,
  type ChaseRuleProblem,
  type ChaseRunJson,
  type ChaseTag,
  type PlannedChaseMail,
  type RenderedChaseMail,
} from '../core/chase';
import { CORRESPONDENCE_SHEET, META_SHEET, planMeta, readMeta } from '../core/logs';
import { addressList, recipientCount } from '../core/mail/addresses';
import { mergeContext } from '../core/mail/resolver';
import type { RenderedMail } from '../core/mail/render';
import { TEMPLATES_TABLE } from '../core/mail/template';
import {
  attemptKey,
  ensureLog,
  formatMarker,
  isChaseKey,
  mailCells,
  MailHistory,
  parseMarker,
  planOutcome,
  readCorrespondence,
  type CorrespondenceRow,
  type FinishResult,
  type RunEnv,
  type SendOutcome,
  type StepVerdict,
} from '../core/merge';
import { emptyPlan, writeFor, type Plan } from '../core/plan';
import type { Snapshots } from '../core/records';
import { findTable, type Schema } from '../core/schema';
import { wallClock } from '../core/time';
import {
  baseOf,
  CHASE_MARKER_KEY,
  chaseMarker,
  chaseRunning,
  chaseSheets,
  logOut,
  planToday,
  reachableTables,
  readChaseWorld,
  runClock,
  WITHDRAWN_PREFIX,
  type ChaseLogOut,
  type ChaseRunRequest,
} from './chase';
import type { RunContext } from './merge';
import type { SendJob } from './merge-driver';
import { recordRows } from './row-filter';
import type { UseCase } from './use-case';

export interface ChaseRunContext extends RunContext {
  /** Check Send at hour against the run's hour (a run by hand, the CLI); a scheduled run does not. */
  applyHour: boolean;
}

/** One chase mail the run sends, as the loop carries it between steps. */
export interface ChaseJob extends SendJob {
  ruleKey: string;
  /** The rule's table when the mail was planned: a rule moved to another table withdraws it. */
  table: string;
  template: string;
  items: ChaseTag['items'];
  /** The row key without its attempt suffix: the mail's identity (core/chase/state.ts). */
  base: string;
}

export interface ChaseStart {
  date: string;
  /** Added to the host's clock for this run's timestamps: a run for another day is logged on that day. */
  offsetMs: number;
  plan: ChaseRunJson;
  jobs: ChaseJob[];
  /** Of the jobs, PENDING mails an earlier run left. */
  continued: number;
  problems: ChaseRuleProblem[];
  /** Rule keys to names, for the run's report. */
  ruleNames: [string, string][];
  /** Chase mails held in SENDING by an interrupted run, for review. */
  stuck: string[];
}

const clip = (text: string) => (text.length > 2_000 ? `${text.slice(0, 1_999)}…` : text);

const cellNow = (env: RunEnv): Cell => ({ dateTime: wallClock(env.nowMs, env.timeZone) });

function rowsByKey(rows: readonly CorrespondenceRow[]): Map<string, CorrespondenceRow> {
  const out = new Map<string, CorrespondenceRow>();
  for (const r of rows) if (r.key && !out.has(r.key)) out.set(r.key, r);
  return out;
}

/** A PENDING row as a job: what the row says is enough to forecast it; the step re-renders it. */
function continuedJob(row: CorrespondenceRow, tables: ReadonlyMap<string, string>): ChaseJob | null {
  const tag = parseChaseKey(row.key);
  if (!tag) return null;
  const mail: RenderedMail = {
    to: addressList(row.to),
    cc: addressList(row.cc),
    bcc: addressList(row.bcc),
    subject: row.subject,
    body: '',
    html: false,
    recordIds: row.recordIds,
  };
  return {
    rowKey: row.key,
    recordIds: row.recordIds,
    mail,
    recipients: recipientCount(mail),
    ruleKey: tag.rule,
    table: tables.get(tag.rule) ?? '',
    template: row.template,
    items: tag.items,
    base: baseOf(row.key),
  };
}

function withNow(snap: Snapshots, nowMs: number): Snapshots {
  return { ...snap, env: { ...snap.env, nowMs } };
}

/**
 * Step 1, under the lock (read-only for a dry run): refuse while another chase run is live; plan
 * and render today's mails; take over the PENDING mails a stopped run left; write today's mails
 * PENDING and the running marker, in one write.
 */
export function startChase(req: ChaseRunRequest, ctx: ChaseRunContext): UseCase<ChaseStart> {
  const dryRun = req.dryRun === true;
  return {
    ...(dryRun ? { readOnly: true } : {}),
    sheets: chaseSheets,
    decide: (snap) => {
      const meta = readMeta(snap.tables.get(META_SHEET));
      const running = parseMarker(meta.get(CHASE_MARKER_KEY));
      if (!dryRun && running && running.run !== ctx.runId && !ctx.isStale(running, ctx.nowMs))
        throw chaseRunning(running, snap.env.timeZone);
      const clock = runClock(ctx.nowMs, snap.env.timeZone, req.today, ctx.applyHour);
      const now = withNow(snap, clock.nowMs);
      const world = readChaseWorld(now);
      const today = planToday(now, world, clock.date, clock.hour, ctx.limits);
      const start: ChaseStart = {
        date: clock.date,
        offsetMs: clock.nowMs - ctx.nowMs,
        plan: chaseRunJson(today.rendered.plan),
        jobs: [],
        continued: 0,
        problems: world.problems,
        ruleNames: world.rules.map((r) => [r.key, r.name]),
        stuck: world.rows
          .filter((r) => r.key && isChaseKey(r.key) && !['PENDING', 'SENT', 'FAILED'].includes(r.state))
          .map((r) => r.key),
      };
      const plan = emptyPlan();
      if (dryRun) return { plan, result: start };

      const tables = new Map(world.rules.map((r) => [r.key, r.table.name]));
      for (const row of world.rows)
        if (row.key && isChaseKey(row.key) && row.state === 'PENDING') {
          const job = continuedJob(row, tables);
          if (job) start.jobs.push(job);
        }
      start.continued = start.jobs.length;
      const env: RunEnv = { nowMs: clock.nowMs, timeZone: snap.env.timeZone, user: snap.env.user };
      const history = new MailHistory(readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)));
      const w = writeFor(plan, CORRESPONDENCE_SHEET, 'Key');
      for (const { planned, mail } of today.rendered.mails) {
        const base = chaseMailKey(planned);
        const rowKey = attemptKey(base, history.nextAttempt(base));
        w.appends.push({ Key: rowKey, ...mailCells(mail, planned.template, 'PENDING', env) });
        start.jobs.push({
          rowKey,
          recordIds: mail.recordIds,
          mail,
          recipients: recipientCount(mail),
          ruleKey: planned.ruleKey,
          table: tables.get(planned.ruleKey) ?? '',
          template: planned.template,
          items: planned.items.map((i) => ({ id: i.id, step: i.step, due: i.due })),
          base,
        });
      }
      if (start.jobs.length > 0) {
        // A host applies structure before writes: the sheet exists before its rows are appended.
        ensureLog(plan, readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)));
        planMeta(
          plan,
          meta,
          snap.sheetNames.has(META_SHEET),
          CHASE_MARKER_KEY,
          formatMarker(chaseMarker(ctx.runId, snap.env.user, ctx.nowMs, ctx.owner)),
        );
      }
      return { plan, result: start };
    },
  };
}

/** What a chase step adds to the merge's verdict. */
export interface ChaseVerdictInfo {
  /** The template of the mail now SENDING, for logging its outcome. */
  template?: string;
  /** A follow-up's previous message, to reply in its thread where the mailer can. */
  reply?: { messageId: string; threadId: string };
  /** Records left out of the planned mail (or the whole mail), and why. */
  withdrawn?: { key: string; records: string[]; reason: string };
}

export type ChaseVerdict = StepVerdict & ChaseVerdictInfo;

function sameMail(a: RenderedMail, b: RenderedMail): boolean {
  const list = (x: readonly string[]) => x.map((s) => s.toLowerCase()).join(',');
  return (
    list(a.to) === list(b.to) &&
    list(a.cc) === list(b.cc) &&
    list(a.bcc) === list(b.bcc) &&
    a.subject === b.subject
  );
}

export interface StepInput {
  job: ChaseJob;
  done?: SendOutcome;
  /** The template of the mail `done` reports on (its row is re-created from it if deleted by hand). */
  doneTemplate: string;
  quotaLeft: number;
  date: string;
  offsetMs: number;
}

/**
 * One step, under the lock: log the previous mail's outcome; check the next is still ours (the
 * marker) and still PENDING; re-plan its records under its rule from the log as it now stands (the
 * mail's own row left out); send what is still owed, as the records now read.
 */
export function stepChase(input: StepInput, ctx: ChaseRunContext): UseCase<ChaseVerdict> {
  const { job } = input;
  const sheets = (schema: Schema) => [
    ...[CHASE_RULES_TABLE, TEMPLATES_TABLE].flatMap((t) => findTable(schema, t)?.name ?? []),
    ...reachableTables(schema, job.table),
    CORRESPONDENCE_SHEET,
    META_SHEET,
  ];
  return {
    sheets,
    filters: (schema) =>
      recordRows(
        schema,
        job.table,
        job.items.map((i) => i.id),
        sheets(schema),
      ),
    decide: (snap) => {
      const { env, plan, log, rows } = logPrevious(snap, ctx, input);
      const now = withNow(snap, env.nowMs);
      const verdict = (v: ChaseVerdict) => ({ plan, result: v });
      const marker = parseMarker(readMeta(snap.tables.get(META_SHEET)).get(CHASE_MARKER_KEY));
      if (marker?.run !== ctx.runId)
        return verdict({
          send: false,
          reason: 'marker-lost',
          message:
            'Another chase run took over this one (it was presumed dead); stopping without sending more.',
        });
      const row = rows.get(job.rowKey);
      if (!row || row.state !== 'PENDING')
        return verdict({
          send: false,
          reason: 'not-pending',
          message: `${job.rowKey} is ${row ? row.state || 'blank' : 'no longer in Correspondence'}, not PENDING: left alone`,
        });
      const update = (key: string, values: Record<string, Cell>) =>
        writeFor(plan, CORRESPONDENCE_SHEET, 'Key').updates.push({ key, values });
      const ids = job.items.map((i) => i.id);
      const stop = (reason: string, failure: boolean): { plan: Plan; result: ChaseVerdict } => {
        const message = failure ? `Not sent: ${reason}` : `${WITHDRAWN_PREFIX}${reason}`;
        update(job.rowKey, { State: 'FAILED', When: cellNow(env), Error: clip(message) });
        return verdict(
          failure
            ? { send: false, reason: 'problems', message }
            : {
                send: false,
                reason: 'withdrawn',
                message,
                withdrawn: { key: job.rowKey, records: ids, reason },
              },
        );
      };

      const world = readChaseWorld(now);
      const rule = world.rules.find((r) => r.key === job.ruleKey);
      if (!rule) {
        const broken = world.problems.filter((p) => p.id === job.ruleKey);
        return broken.length > 0
          ? stop(
              `the chase rule ${broken[0]!.rule} has problems: ${broken.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
              true,
            )
          : stop(`the chase rule ${job.ruleKey} is no longer in ${CHASE_RULES_TABLE}`, false);
      }
      if (!rule.enabled) return stop(`the rule "${rule.name}" was disabled`, false);
      if (rule.table.name !== job.table)
        return stop(`the rule "${rule.name}" now chases ${rule.table.name}`, false);

      const others = world.rows.filter((r) => r.key !== job.rowKey);
      const today = planToday(now, world, input.date, undefined, ctx.limits, new Set(ids), [rule], others);
      const wanted = new Map(job.items.map((i) => [i.id, i.step]));
      const keeps = (m: RenderedChaseMail) => m.planned.items.filter((i) => wanted.get(i.id) === i.step);
      let best: RenderedChaseMail | undefined;
      for (const m of today.rendered.mails) if (keeps(m).length > (best ? keeps(best).length : 0)) best = m;
      const kept = new Set(best ? keeps(best).map((i) => i.id) : []);

      // Why each record left out is left out; a record that is still due but cannot be mailed (a
      // recipient emptied, a merge value now blank) is a failure to fix, anything else is withdrawn.
      const problemIds = new Set<string>();
      const reasons = job.items
        .filter((i) => !kept.has(i.id))
        .map((i) => {
          const rendered = today.rendered.plan.skipped.find((s) => s.record === i.id);
          const planned = today.planned.skipped.find((s) => s.record === i.id);
          const elsewhere = today.rendered.mails.find((m) => m.planned.records.includes(i.id));
          let reason: string;
          if (rendered && (!planned || /^no recipient|is not a date/.test(planned.reason))) {
            problemIds.add(i.id);
            reason = rendered.reason;
          } else if (rendered) reason = rendered.reason;
          else if (elsewhere)
            reason = `it is now due for step ${elsewhere.planned.items.find((x) => x.id === i.id)?.step} or goes to other recipients; it is chased again on the next run`;
          else if (!today.records.has(i.id)) reason = `it is no longer in ${rule.table.name}`;
          else reason = `it is no longer open (${rule.open.text}) or has no ${rule.dueField.name}`;
          return `${i.id}: ${reason}`;
        });
      if (!best) return stop(reasons.join('; '), problemIds.size > 0);

      let chosen: RenderedChaseMail = best;
      if (kept.size < best.planned.items.length) {
        // Records now due at another step do not ride along in this mail: re-render it without them.
        const items = best.planned.items.filter((i) => kept.has(i.id));
        const planned: PlannedChaseMail = { ...best.planned, items, records: items.map((i) => i.id) };
        const again = renderChaseRun(
          { date: input.date, mails: [planned], skipped: [] },
          {
            templates: world.templates,
            record: (id) => today.records.get(id),
            ctx: mergeContext(now),
            limits: ctx.limits,
          },
        );
        if (!again.mails[0])
          return stop(again.plan.skipped.map((s) => `${s.record}: ${s.reason}`).join('; '), true);
        chosen = again.mails[0];
      }
      const { planned, mail } = chosen;
      if (recipientCount(mail) > input.quotaLeft)
        return verdict({
          send: false,
          reason: 'quota',
          message: "Today's mail quota does not allow this mail: it stays PENDING",
        });
      const info: ChaseVerdictInfo = { template: planned.template };
      if (planned.threadId) info.reply = { messageId: planned.messageId ?? '', threadId: planned.threadId };
      const base = chaseMailKey(planned);
      if (base === job.base && reasons.length === 0) {
        update(job.rowKey, mailCells(mail, planned.template, 'SENDING', env));
        return verdict({ send: true, mail, changed: !sameMail(mail, job.mail), ...info });
      }
      // What goes is not what was planned: the planned row is closed, the mail logged under its own key.
      const rowKey = attemptKey(base, new MailHistory(log).nextAttempt(base));
      const why = reasons.length > 0 ? reasons.join('; ') : 'its records changed since the run was planned';
      const closing = `${why}; ${planned.records.join(', ')} went as ${rowKey}`;
      update(job.rowKey, {
        State: 'FAILED',
        When: cellNow(env),
        Error: clip(problemIds.size > 0 ? `Not sent: ${closing}` : `${WITHDRAWN_PREFIX}${closing}`),
      });
      writeFor(plan, CORRESPONDENCE_SHEET, 'Key').appends.push({
        Key: rowKey,
        ...mailCells(mail, planned.template, 'SENDING', env),
      });
      const left = job.items.filter((i) => !kept.has(i.id)).map((i) => i.id);
      if (left.length > 0) info.withdrawn = { key: job.rowKey, records: left, reason: why };
      return verdict({ send: true, mail, changed: true, rowKey, ...info });
    },
  };
}

export interface ChaseFinish extends FinishResult {
  /** This run's mails that went out, as the log now holds them. */
  sent: ChaseLogOut[];
}

/**
 * How a step and the finish begin: the run's clock for this moment, Correspondence (and by key), and a plan
 * that records the previous mail's outcome (if a mail went before).
 */
function logPrevious(
  snap: Snapshots,
  ctx: ChaseRunContext,
  input: { done?: SendOutcome; doneTemplate: string; offsetMs: number },
): {
  env: RunEnv;
  plan: Plan;
  log: ReturnType<typeof readCorrespondence>;
  rows: ReturnType<typeof rowsByKey>;
} {
  const env: RunEnv = { nowMs: ctx.nowMs + input.offsetMs, timeZone: snap.env.timeZone, user: snap.env.user };
  const plan = emptyPlan();
  const log = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET));
  const rows = rowsByKey(log.rows);
  if (input.done) {
    ensureLog(plan, log);
    planOutcome(plan, rows, input.doneTemplate, input.done, env);
  }
  return { env, plan, log, rows };
}

/** The run's last write: the last mail's outcome, the marker cleared if still ours; what is left. */
export function finishChase(
  ctx: ChaseRunContext,
  input: {
    done?: SendOutcome;
    doneTemplate: string;
    offsetMs: number;
    keys: ReadonlySet<string>;
    ruleNames: ReadonlyMap<string, string>;
  },
): UseCase<ChaseFinish> {
  return {
    sheets: () => [CORRESPONDENCE_SHEET, META_SHEET],
    decide: (snap) => {
      const { env, plan, rows } = logPrevious(snap, ctx, input);
      const meta = readMeta(snap.tables.get(META_SHEET));
      if (parseMarker(meta.get(CHASE_MARKER_KEY))?.run === ctx.runId)
        planMeta(plan, meta, snap.sheetNames.has(META_SHEET), CHASE_MARKER_KEY, '');
      const doneState = input.done
        ? input.done.sent
          ? 'SENT'
          : input.done.uncertain
            ? 'SENDING'
            : 'FAILED'
        : undefined;
      const result: ChaseFinish = { pending: [], stuck: [], sent: [] };
      for (const row of rows.values()) {
        if (!isChaseKey(row.key)) continue;
        const state = row.key === input.done?.rowKey ? doneState! : row.state;
        if (state === 'PENDING') result.pending.push(row.key);
        else if (state !== 'SENT' && state !== 'FAILED') result.stuck.push(row.key);
        else if (state === 'SENT' && input.keys.has(row.key))
          result.sent.push(
            logOut(
              { ...row, state, ...(row.key === input.done?.rowKey ? { when: cellText(cellNow(env)) } : {}) },
              input.ruleNames,
            ),
          );
      }
      return { plan, result };
    },
  };
}
