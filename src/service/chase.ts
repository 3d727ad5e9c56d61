/**
 * Supplier chases, the service side (issue 6): what the sidebar's Chase view, the menu, the daily
 * trigger and `backoffice chase` ask for. The rules, the due-step rule and run planning are core's
 * (core/chase); this module reads the register into what core plans over, turns plans and the
 * Correspondence log into the RPC contract's views, and holds the two small writes that are not
 * mail: pausing a record and recording the daily schedule. The run itself (PENDING rows, then the
 * merge's exactly-once send loop) is in chase-driver-run.ts and chase-driver.ts.
 *
 * Chase state is not stored on records: it is derived from Correspondence (core/chase/state.ts), so
 * every view here starts from the log.
 */
import { cellText } from '../core/cells';
import {
  CHASE_PAUSED_FIELD,
  CHASE_RULES_TABLE,
  chaseClock,
  chaseLogFromRows,
  deriveChaseState,
  parseChaseKey,
  planChaseRun,
  readChaseRules,
  renderChaseRun,
  stepCount,
  WEEKDAY_NAMES,
  type ChaseRule,
  type ChaseRuleProblem,
  type ChaseRunJson,
  type ChaseRunPlan,
  type PlannedChaseMail,
  type RecordsByTable,
  type RenderedChaseMail,
} from '../core/chase';
import { RegisterError } from '../core/errors';
import { CORRESPONDENCE_SHEET, META_SHEET, planMeta, readMeta } from '../core/logs';
import type { MergeLimits } from '../core/mail/checks';
import { mergeContext, snapshotResolver } from '../core/mail/resolver';
import { parseTemplate, TEMPLATES_TABLE, type MailTemplate } from '../core/mail/template';
import {
  isChaseKey,
  readCorrespondence,
  splitAttempt,
  type CorrespondenceRow,
  type MergeMarker,
} from '../core/merge';
import { emptyPlan, writeFor, type Plan } from '../core/plan';
import { decideUpdate, recordAt, tableDef, view, type RecordOut, type Snapshots } from '../core/records';
import { findField, findTable, SETUP_HEADER, SETUP_SHEET, SYSTEM_TAIL, type Schema } from '../core/schema';
import { cellAt, dataRowIndexes, mapHeader } from '../core/table';
import { instantOf, isValidYmd, wallClock } from '../core/time';
import { markerInfo, type MergeRunInfo, type MergeStopReason, type StaleCheck } from './merge';
import type { UseCase } from './use-case';

// ---------------------------------------------------------------------------------------------
// The contract (rpc-contract.ts names these). JSON only.

export interface ChasePlanRequest {
  /** Plan for this date (YYYY-MM-DD) instead of today; Send at hour is then not applied. */
  today?: string;
}

export interface ChaseRunRequest {
  today?: string;
  /** Plan and report only: nothing is written or sent. */
  dryRun?: boolean;
}

export interface ChasePauseRequest {
  table: string;
  id: string;
  /** True stops chasing the record under every rule; false lets its chase continue where it stopped. */
  paused: boolean;
}

export interface ChaseRecordRequest {
  table: string;
  id: string;
}

export interface ChaseScheduleRequest {
  /** True: one daily run at the earliest Send at hour of the enabled rules; false: none. */
  enabled: boolean;
}

/** One record of a chase mail: its step and the due date it is chased against. */
export interface ChaseItemOut {
  id: string;
  step: number;
  due: string;
}

/** A mail today's run sends. */
export interface ChaseMailOut {
  rule: string;
  /** The rule's ID (CHR-0001): the key its chase state is kept under. */
  ruleId: string;
  /** For a weekly list covering records at different steps, the highest. */
  step: number;
  to: string[];
  cc: string[];
  subject: string;
  template: string;
  records: string[];
  items: ChaseItemOut[];
  /** Escalate to is copied (from the rule's Escalate at step on). */
  escalate: boolean;
  /**
   * A follow-up: 'thread' replies in the previous step's thread (mailers that give IDs: SMTP, the
   * outbox, Graph); 'subject' says it is a follow-up in its subject (MailApp gives no IDs).
   */
  followUp: 'thread' | 'subject' | null;
  /** Why it goes today, in a sentence. */
  why: string;
}

/** A record of a chase that gets no mail today, and why (steps ahead, paused, no address, ...). */
export interface ChaseSkipOut {
  rule: string;
  record: string;
  reason: string;
}

/** A chase mail in the Correspondence log. */
export interface ChaseLogOut {
  key: string;
  /** YYYY-MM-DD HH:mm:ss in the spreadsheet's time zone, as the log holds it. */
  when: string;
  rule: string;
  /** The step (the highest, for a weekly list); null for a chase template merged by hand. */
  step: number | null;
  template: string;
  records: string[];
  to: string;
  cc: string;
  subject: string;
  /** PENDING, SENDING, SENT, FAILED (or whatever a person typed: held for review). */
  state: string;
  error: string;
}

/** A chase rule as the Chase view lists it. */
export interface ChaseRuleInfo {
  id: string;
  name: string;
  enabled: boolean;
  table: string;
  /** "1, 4, 8" or "every Monday". */
  steps: string;
  sendAtHour: number | null;
  /** The table has a yes/no `Chase paused` field (chasePause adds it on first use). */
  pauseField: boolean;
}

export interface ChaseOverview {
  date: string;
  /** The hour Send at hour was checked against; null when it was not (a given `today`). */
  hour: number | null;
  timeZone: string;
  rules: ChaseRuleInfo[];
  /** Rules that could not be read, per field: they send nothing until fixed. */
  problems: ChaseRuleProblem[];
  /** What goes out today (a run now would send these, after any `queued`). */
  mails: ChaseMailOut[];
  skipped: ChaseSkipOut[];
  /** Chase mails a stopped run left PENDING: the next run re-checks and sends them first. */
  queued: ChaseLogOut[];
  /** What went out: SENT chase mails, most recent first (at most 50). */
  recent: ChaseLogOut[];
  /**
   * What is stuck: mails held in SENDING by an interrupted run (check the Sent folder, then
   * mergeResolve the key as SENT or FAILED), and FAILED mails whose records are still waiting for
   * that step (tried again on the next run's day).
   */
  stuck: ChaseLogOut[];
  /** Records whose chasing is paused (their `Chase paused` box is ticked). */
  paused: { table: string; id: string; label: string }[];
  /** Recipients (To + Cc + Bcc) of today's mails, and today's remaining quota (null: not known). */
  recipients: number;
  remainingQuota: number | null;
  /** A chase run in progress (its marker in _Register). */
  running: MergeRunInfo | null;
}

export interface ChaseRunResult {
  date: string;
  dryRun: boolean;
  /** Today's plan, exactly as `backoffice chase --dry-run --json` prints it. */
  plan: ChaseRunJson;
  /** Mails this run set out to send: `continued` PENDING ones from a stopped run, then today's. */
  planned: number;
  continued: number;
  sent: number;
  failed: number;
  /**
   * Records left out at send time because they left the chase since the run was planned (marked
   * done, paused, due date moved): re-checked under the lock just before each mail.
   */
  withdrawn: { key: string; records: string[]; reason: string }[];
  /** Chase mails still PENDING after this run (stopped for quota or time). */
  pending: number;
  /** Keys of chase mails held in SENDING: check the Sent folder, then mergeResolve each. */
  stuck: string[];
  stoppedBecause?: MergeStopReason;
  /** Apps Script: the rest continues by itself ('trigger'), or with the next run ('manual'). */
  continuation?: 'trigger' | 'manual';
  /** What went out in this run. */
  sentMails: ChaseLogOut[];
  failures: { key: string; recordIds: string[]; error: string }[];
  /** Keys of mails sent as the records read at send time, which differed from the plan. */
  changed: string[];
  problems: ChaseRuleProblem[];
  message: string;
}

export interface ChasePauseResult {
  record: RecordOut;
  paused: boolean;
  /** The table had no `Chase paused` field: it was added to Setup and to the sheet first. */
  fieldAdded: boolean;
  message: string;
}

/** One record's chases, for the record view ("pause chasing" switch and where each chase stands). */
export interface ChaseRecordResult {
  table: string;
  id: string;
  pauseField: boolean;
  paused: boolean;
  chases: {
    rule: string;
    ruleId: string;
    /** Steps sent in the current chase; 0 when none. */
    step: number;
    /** Steps of the rule; null for a weekly rule. */
    steps: number | null;
    lastChasedOn: string | null;
    dueOn: string | null;
    /** Today, in a sentence: the step that goes out, or why none does. */
    today: string;
    /** The latest attempt that has not gone out (PENDING, SENDING, FAILED), if any. */
    attempt: { step: number; on: string; state: string; error?: string } | null;
  }[];
}

export interface ChaseScheduleStatus {
  /** Whether this host runs chases on a timer (Apps Script). Elsewhere `message` says what to do instead. */
  supported: boolean;
  enabled: boolean;
  /** Who owns the daily trigger: chases go out as them, from their mailbox and quota. */
  owner: string | null;
  /** The current user owns it (only they can see it among their triggers). */
  mine: boolean;
  /** The hour it runs (0-23) in `timeZone`. */
  hour: number | null;
  /** The earliest Send at hour of the enabled rules now; when it differs from `hour`, turning the schedule on again moves it. */
  wantedHour: number | null;
  timeZone: string;
  /** When it was turned on (YYYY-MM-DD HH:mm:ss, spreadsheet time zone). */
  since: string | null;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Reading the register.

/** _Register keys: the running chase's marker, and the daily schedule. */
export const CHASE_MARKER_KEY = 'chase running';
export const CHASE_SCHEDULE_KEY = 'chase schedule';

/** The marker's "template": what a person sees when a second run is refused. */
export const CHASE_MARKER_LABEL = 'chase run';

/** A withdrawn mail's FAILED row starts so: not a failure to review, a mail no longer owed. */
export const WITHDRAWN_PREFIX = 'Withdrawn: ';

/** Everything but the chased records: rules, templates and the log. */
export interface ChaseWorld {
  rules: ChaseRule[];
  problems: ChaseRuleProblem[];
  templates: MailTemplate[];
  rows: CorrespondenceRow[];
}

function tableRecords(snap: Snapshots, table: string): RecordOut[] {
  const def = findTable(snap.schema, table);
  if (!def || !snap.tables.has(def.name)) return [];
  const v = view(snap, def);
  const out: RecordOut[] = [];
  for (const row of dataRowIndexes(v))
    if (cellText(cellAt(v, row, 'ID')).trim() !== '') out.push(recordAt(snap, v, row));
  return out;
}

export function readTemplates(snap: Snapshots): MailTemplate[] {
  return tableRecords(snap, TEMPLATES_TABLE)
    .map((r) => parseTemplate(r.values, r.id))
    .filter((t) => t.name !== '');
}

export function readChaseWorld(snap: Snapshots): ChaseWorld {
  const templates = readTemplates(snap);
  const rows = readCorrespondence(snap.tables.get(CORRESPONDENCE_SHEET)).rows;
  if (!findTable(snap.schema, CHASE_RULES_TABLE))
    return {
      rules: [],
      problems: [
        {
          rule: CHASE_RULES_TABLE,
          field: '',
          message: `This register has no ${CHASE_RULES_TABLE} table in Setup: add it as a new register has it (docs/chases.md), then Set up register`,
        },
      ],
      templates,
      rows,
    };
  const { rules, problems } = readChaseRules(
    tableRecords(snap, CHASE_RULES_TABLE).map((r) => ({ id: r.id, values: r.values })),
    { schema: snap.schema, templates },
  );
  return { rules, problems, templates, rows };
}

/** The tables a chase of `table` reads: itself and every table its references reach, transitively. */
export function reachableTables(schema: Schema, table: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const def = findTable(schema, name);
    if (!def || seen.has(def.name)) return;
    seen.add(def.name);
    for (const f of def.fields) if (f.references) visit(f.references);
  };
  visit(table);
  return [...seen];
}

/** Every sheet a chase run or plan reads: any table may be chased or reached from a chased one. */
export function chaseSheets(schema: Schema): string[] {
  return [...schema.tables.map((t) => t.name), CORRESPONDENCE_SHEET, META_SHEET];
}

/** The records of each enabled rule's table; `only` narrows them to some IDs (a step's re-check). */
export function chasedRecords(
  snap: Snapshots,
  rules: readonly ChaseRule[],
  only?: ReadonlySet<string>,
): Map<string, RecordOut[]> {
  const out = new Map<string, RecordOut[]>();
  for (const rule of rules) {
    if (!rule.enabled || out.has(rule.table.name) || !snap.tables.has(rule.table.name)) continue;
    if (!only) {
      out.set(rule.table.name, tableRecords(snap, rule.table.name));
      continue;
    }
    const v = view(snap, rule.table);
    const list: RecordOut[] = [];
    for (const id of only) {
      const row = v.rowOfId.get(id);
      if (row !== undefined) list.push(recordAt(snap, v, row));
    }
    out.set(rule.table.name, list);
  }
  return out;
}

/** The run's date and hour: `today` when given (Send at hour then ignored), else the clock's. */
export function runClock(
  nowMs: number,
  timeZone: string,
  today: string | undefined,
  applyHour: boolean,
): { date: string; hour: number | undefined; nowMs: number } {
  const real = chaseClock(nowMs, timeZone);
  if (today === undefined || today === null || today === '')
    return { date: real.date, hour: applyHour ? real.hour : undefined, nowMs };
  const date = String(today).trim();
  if (!isValidYmd(date))
    throw new RegisterError('usage', `today must be a date as YYYY-MM-DD, not "${today}"`);
  if (date === real.date) return { date, hour: undefined, nowMs };
  // A run for another day is recorded as of that day (the time of day kept), so the chase state
  // read back from the log is what it would have been had the run happened then: simulations and
  // catch-up runs stay consistent with the runs that follow them.
  const time = wallClock(nowMs, timeZone).slice(10);
  return { date, hour: undefined, nowMs: instantOf(`${date}${time}`, timeZone) };
}

export interface TodayPlan {
  world: ChaseWorld;
  records: Map<string, RecordOut>;
  /** The plan before rendering (who is due) and after (subjects, and mails with problems moved to skipped). */
  planned: ChaseRunPlan;
  rendered: { plan: ChaseRunPlan; mails: RenderedChaseMail[] };
}

/** Plan and render a run over the whole register, from the log's state. */
export function planToday(
  snap: Snapshots,
  world: ChaseWorld,
  date: string,
  hour: number | undefined,
  limits: MergeLimits | undefined,
  only?: ReadonlySet<string>,
  rules: readonly ChaseRule[] = world.rules,
  rows: readonly CorrespondenceRow[] = world.rows,
): TodayPlan {
  const byTable = chasedRecords(snap, rules, only);
  const records = new Map<string, RecordOut>();
  for (const list of byTable.values()) for (const r of list) records.set(r.id, r);
  const state = deriveChaseState(chaseLogFromRows(rows, rules), []);
  const resolve = snapshotResolver(snap);
  const planned = planChaseRun(rules, byTable as RecordsByTable, state, date, {
    ...(hour !== undefined ? { hour } : {}),
    resolve,
  });
  const rendered = renderChaseRun(planned, {
    templates: world.templates,
    record: (id) => records.get(id),
    ctx: mergeContext(snap),
    ...(limits ? { limits } : {}),
  });
  return { world, records, planned, rendered };
}

// ---------------------------------------------------------------------------------------------
// Views.

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function stepsText(rule: ChaseRule): string {
  return rule.schedule.kind === 'weekly'
    ? `every ${WEEKDAY_NAMES[rule.schedule.weekday]}`
    : rule.schedule.days.join(', ');
}

function dueList(items: readonly { id: string; due: string }[]): string {
  const shown = items.slice(0, 5).map((i) => `${i.id} due ${i.due}`);
  return `${shown.join(', ')}${items.length > 5 ? `, and ${items.length - 5} more` : ''}`;
}

/** Why a mail goes today, for a person reading the Chase view. */
export function whyText(rule: ChaseRule, mail: PlannedChaseMail): string {
  const unit = rule.businessDays ? 'business day' : 'day';
  const escalation = mail.escalate && rule.escalateTo ? `; ${rule.escalateTo.text} is copied` : '';
  if (rule.schedule.kind === 'weekly')
    return `Weekly reminder (${stepsText(rule)}) for ${plural(mail.items.length, 'record')} past due: ${dueList(mail.items)}${escalation}.`;
  const days = rule.schedule.days[mail.step - 1]!;
  const head = `Step ${mail.step} of ${rule.schedule.days.length} ("${mail.template}"): ${plural(days, unit)} after the due date`;
  const follow =
    mail.step > 1
      ? mail.threadId
        ? `, in the thread of step ${mail.step - 1}`
        : mail.previousOn
          ? `, following step ${mail.step - 1} of ${mail.previousOn}`
          : ''
      : '';
  return `${head}${follow} (${dueList(mail.items)})${escalation}.`;
}

export function mailOut(rule: ChaseRule | undefined, mail: PlannedChaseMail): ChaseMailOut {
  return {
    rule: mail.rule,
    ruleId: mail.ruleKey,
    step: mail.step,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject ?? '',
    template: mail.template,
    records: mail.records,
    items: mail.items.map((i) => ({ id: i.id, step: i.step, due: i.due })),
    escalate: mail.escalate,
    followUp: mail.step > 1 ? (mail.threadId ? 'thread' : 'subject') : null,
    why: rule ? whyText(rule, mail) : '',
  };
}

export function logOut(row: CorrespondenceRow, ruleNames: ReadonlyMap<string, string>): ChaseLogOut {
  const tag = parseChaseKey(row.key);
  const steps = tag ? tag.items.map((i) => i.step) : [];
  return {
    key: row.key,
    when: row.when,
    rule: tag ? (ruleNames.get(tag.rule) ?? tag.rule) : '',
    step: steps.length > 0 ? Math.max(...steps) : null,
    template: row.template,
    records: row.recordIds,
    to: row.to,
    cc: row.cc,
    subject: row.subject,
    state: row.state,
    error: row.error,
  };
}

const RECENT_LIMIT = 50;

/**
 * The log's chase rows as the Chase view lists them. Stuck: SENDING (or a state we cannot read), and
 * FAILED rows that are still the latest word on one of their records under their rule (a later
 * attempt that went out supersedes them), leaving out withdrawn mails, which were not failures.
 */
export function chaseLogViews(
  rows: readonly CorrespondenceRow[],
  rules: readonly ChaseRule[],
): { queued: ChaseLogOut[]; recent: ChaseLogOut[]; stuck: ChaseLogOut[] } {
  const names = new Map(rules.map((r) => [r.key, r.name]));
  const queued: CorrespondenceRow[] = [];
  const sent: CorrespondenceRow[] = [];
  const held = new Set<CorrespondenceRow>();
  const latest = new Map<string, CorrespondenceRow>();
  for (const row of rows) {
    if (!row.key || !isChaseKey(row.key)) continue;
    const state = row.state.trim().toUpperCase();
    if (state === 'PENDING') queued.push(row);
    else if (state === 'SENT') sent.push(row);
    else if (state !== 'FAILED') held.add(row);
    const tag = parseChaseKey(row.key);
    for (const item of tag?.items ?? []) latest.set(`${tag!.rule}\u0000${item.id}`, row);
  }
  const failed = new Set<CorrespondenceRow>();
  for (const row of latest.values())
    if (row.state.trim().toUpperCase() === 'FAILED' && !row.error.startsWith(WITHDRAWN_PREFIX))
      failed.add(row);
  const stuck = rows.filter((r) => held.has(r) || failed.has(r));
  return {
    queued: queued.map((r) => logOut(r, names)),
    recent: sent
      .slice(-RECENT_LIMIT)
      .reverse()
      .map((r) => logOut(r, names)),
    stuck: stuck.map((r) => logOut(r, names)),
  };
}

export function ruleInfo(rule: ChaseRule): ChaseRuleInfo {
  const field = findField(rule.table, CHASE_PAUSED_FIELD);
  return {
    id: rule.id ?? rule.key,
    name: rule.name,
    enabled: rule.enabled,
    table: rule.table.name,
    steps: stepsText(rule),
    sendAtHour: rule.sendAtHour ?? null,
    pauseField: field?.type === 'yes/no',
  };
}

function pausedRecords(
  snap: Snapshots,
  rules: readonly ChaseRule[],
  records: ReadonlyMap<string, RecordOut>,
): ChaseOverview['paused'] {
  const out: ChaseOverview['paused'] = [];
  const tables = new Set<string>();
  for (const rule of rules) {
    const field = findField(rule.table, CHASE_PAUSED_FIELD);
    if (!rule.enabled || field?.type !== 'yes/no' || tables.has(rule.table.name)) continue;
    tables.add(rule.table.name);
    for (const r of records.values())
      if (r.table === rule.table.name && r.values[field.name] === true) {
        const display = r.values[rule.table.displayField];
        out.push({ table: r.table, id: r.id, label: display == null ? r.id : String(display) });
      }
  }
  return out;
}

export function chaseRunningInfo(snap: Snapshots, isStale: StaleCheck, nowMs: number): MergeRunInfo | null {
  return markerInfo(snap, CHASE_MARKER_KEY, isStale, nowMs);
}

export interface OverviewContext {
  nowMs: number;
  applyHour: boolean;
  limits: MergeLimits;
  isStale: StaleCheck;
  remainingQuota: number | null;
}

/** chasePlan: read-only, no lock. */
export function chaseOverview(req: ChasePlanRequest, ctx: OverviewContext): UseCase<ChaseOverview> {
  return {
    readOnly: true,
    sheets: chaseSheets,
    decide: (snap) => {
      const clock = runClock(ctx.nowMs, snap.env.timeZone, req.today, ctx.applyHour);
      const world = readChaseWorld(snap);
      const today = planToday(snap, world, clock.date, clock.hour, ctx.limits);
      const byKey = new Map(world.rules.map((r) => [r.key, r]));
      const logs = chaseLogViews(world.rows, world.rules);
      let recipients = 0;
      for (const { mail } of today.rendered.mails)
        recipients += new Set([...mail.to, ...mail.cc, ...mail.bcc].map((a) => a.toLowerCase())).size;
      return {
        plan: emptyPlan(),
        result: {
          date: clock.date,
          hour: clock.hour ?? null,
          timeZone: snap.env.timeZone,
          rules: world.rules.map(ruleInfo),
          problems: world.problems,
          mails: today.rendered.plan.mails.map((m) => mailOut(byKey.get(m.ruleKey), m)),
          skipped: today.rendered.plan.skipped.map((s) => ({
            rule: s.rule,
            record: s.record,
            reason: s.reason,
          })),
          ...logs,
          paused: pausedRecords(snap, world.rules, today.records),
          recipients,
          remainingQuota: ctx.remainingQuota,
          running: chaseRunningInfo(snap, ctx.isStale, ctx.nowMs),
        },
      };
    },
  };
}

/** chaseRecord: where each chase of one record stands today. */
export function chaseRecordView(req: ChaseRecordRequest, ctx: { nowMs: number }): UseCase<ChaseRecordResult> {
  return {
    readOnly: true,
    sheets: chaseSheets,
    decide: (snap) => {
      const def = tableDef(snap.schema, String(req.table ?? ''));
      const v = view(snap, def);
      const id = String(req.id ?? '').trim();
      const row = v.rowOfId.get(id);
      if (row === undefined) throw new RegisterError('not-found', `${def.name}: there is no record ${id}`);
      const record = recordAt(snap, v, row);
      const field = findField(def, CHASE_PAUSED_FIELD);
      const world = readChaseWorld(snap);
      const rules = world.rules.filter((r) => r.enabled && r.table.name === def.name);
      const clock = runClock(ctx.nowMs, snap.env.timeZone, undefined, false);
      const today = planToday(snap, world, clock.date, undefined, undefined, new Set([id]), rules);
      const state = deriveChaseState(chaseLogFromRows(world.rows, rules));
      return {
        plan: emptyPlan(),
        result: {
          table: def.name,
          id,
          pauseField: field?.type === 'yes/no',
          paused: field?.type === 'yes/no' && record.values[field.name] === true,
          chases: rules.map((rule) => {
            const chase = state.chases.get(rule.key)?.get(id);
            const mail = today.rendered.plan.mails.find((m) => m.ruleKey === rule.key);
            const skip = today.rendered.plan.skipped.find((s) => s.rule === rule.name);
            const n = stepCount(rule);
            return {
              rule: rule.name,
              ruleId: rule.key,
              step: chase?.step ?? 0,
              steps: Number.isFinite(n) ? n : null,
              lastChasedOn: chase?.lastChasedOn ?? null,
              dueOn: chase?.dueOn ?? null,
              today: mail
                ? `Step ${mail.items[0]?.step ?? mail.step} goes out today to ${mail.to.join(', ')}`
                : (skip?.reason ??
                  (chase && chase.step > 0
                    ? 'Nothing today'
                    : `Not in a chase (open while ${rule.open.text}, from ${rule.dueField.name})`)),
              attempt: chase?.attempt
                ? {
                    step: chase.attempt.step,
                    on: chase.attempt.on,
                    state: chase.attempt.state,
                    ...(chase.attempt.error ? { error: chase.attempt.error } : {}),
                  }
                : null,
            };
          }),
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pausing a record.

/** The Setup row of the `Chase paused` field, as chasePause adds it to a chased table. */
export function pauseSetupRow(table: string): Record<string, string> {
  const row: Record<string, string> = Object.fromEntries(SETUP_HEADER.map((h) => [h, '']));
  row.Table = table;
  row.Field = CHASE_PAUSED_FIELD;
  row.Type = 'yes/no';
  row.Help = 'Ticked: no chase mail goes out for this record until it is unticked';
  return row;
}

/**
 * A chased table without the `Chase paused` field gets it: a Setup row, and a checkbox column before
 * the system columns. Its own locked write, before the edit (a host rereads a sheet whose columns
 * moved before it writes rows to it again). False when the field is there already.
 */
export function ensurePauseField(table: string): UseCase<boolean> {
  return {
    sheets: (schema) => [SETUP_SHEET, tableDef(schema, table).name],
    decide: (snap) => {
      const def = tableDef(snap.schema, table);
      const field = findField(def, CHASE_PAUSED_FIELD);
      if (field && field.type !== 'yes/no')
        throw new RegisterError(
          'schema',
          `${def.name}.${field.name} is a ${field.type} field: make it yes/no in Setup, so that a ticked box pauses chasing`,
        );
      const plan = emptyPlan();
      if (field) return { plan, result: false };
      const sheet = snap.tables.get(def.name);
      if (!sheet)
        throw new RegisterError('schema', `${def.name} has no sheet yet: run Set up register first`);
      writeFor(plan, SETUP_SHEET, '').appends.push(pauseSetupRow(def.name));
      const { columns } = mapHeader(def.name, sheet.header, []);
      const before = columns.has(SYSTEM_TAIL[0].toLowerCase()) ? { before: SYSTEM_TAIL[0] } : {};
      plan.structure.push(
        { op: 'addColumns', sheet: def.name, headers: [CHASE_PAUSED_FIELD], ...before },
        { op: 'checkboxValidation', sheet: def.name, column: CHASE_PAUSED_FIELD },
      );
      return { plan, result: true };
    },
  };
}

/**
 * Tick or untick the record's `Chase paused` box, as an ordinary edit (Version, Updated, Audit), so
 * the switch is visible on the record and in the sheet. Run after ensurePauseField.
 */
export function pauseChase(req: ChasePauseRequest, fieldAdded: boolean): UseCase<ChasePauseResult> {
  return {
    sheets: (schema) => [
      ...reachableTables(schema, tableDef(schema, String(req.table ?? '')).name),
      META_SHEET,
    ],
    decide: (snap) => {
      const def = tableDef(snap.schema, String(req.table ?? ''));
      const edit = decideUpdate(snap, {
        table: def.name,
        id: String(req.id ?? ''),
        values: { [CHASE_PAUSED_FIELD]: req.paused },
      });
      const who = `${edit.result.table} ${edit.result.id}`;
      return {
        plan: edit.plan,
        result: {
          record: edit.result,
          paused: req.paused,
          fieldAdded,
          message: `${req.paused ? `Chasing ${who} is paused` : `Chasing ${who} continues where it stopped`}${
            fieldAdded ? ` (${def.name} has a new "${CHASE_PAUSED_FIELD}" column for it, added to Setup)` : ''
          }.`,
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The daily schedule, as the document records it.

/**
 * What _Register says about the daily run. The trigger itself belongs to one user and only they can
 * see it (an add-on sees its user's own triggers), so the document keeps who owns it, for everyone:
 * the Settings view shows it, and a trigger that is no longer the document's (someone turned the
 * schedule off, or on as themselves) removes itself the next time it fires.
 */
export interface ScheduleRecord {
  owner: string;
  /** The trigger's unique ID. */
  uid: string;
  hour: number;
  timeZone: string;
  sinceMs: number;
}

export function parseSchedule(text: string): ScheduleRecord | null {
  if (!text.trim()) return null;
  try {
    const o = JSON.parse(text) as Partial<ScheduleRecord>;
    if (typeof o.owner === 'string' && typeof o.uid === 'string' && typeof o.hour === 'number')
      return {
        owner: o.owner,
        uid: o.uid,
        hour: o.hour,
        timeZone: String(o.timeZone ?? ''),
        sinceMs: Number(o.sinceMs) || 0,
      };
  } catch {
    // Someone typed into the cell: no schedule the add-on can vouch for.
  }
  return null;
}

export interface ScheduleInfo {
  record: ScheduleRecord | null;
  /** The earliest Send at hour of the enabled rules (8 when none says), null without enabled rules. */
  wantedHour: number | null;
  user: string;
  timeZone: string;
}

export const DEFAULT_SEND_HOUR = 8;

export function readScheduleInfo(): UseCase<ScheduleInfo> {
  return {
    readOnly: true,
    // Rules are read against the schema and the template names: no chased table is needed.
    sheets: (schema) => [
      ...[CHASE_RULES_TABLE, TEMPLATES_TABLE].flatMap((t) => findTable(schema, t)?.name ?? []),
      META_SHEET,
    ],
    decide: (snap) => {
      const world = readChaseWorld(snap);
      const enabled = world.rules.filter((r) => r.enabled);
      const hours = enabled.map((r) => r.sendAtHour ?? DEFAULT_SEND_HOUR);
      return {
        plan: emptyPlan(),
        result: {
          record: parseSchedule(cellText(readMeta(snap.tables.get(META_SHEET)).get(CHASE_SCHEDULE_KEY))),
          wantedHour: hours.length > 0 ? Math.min(...hours) : null,
          user: snap.env.user,
          timeZone: snap.env.timeZone,
        },
      };
    },
  };
}

/** Record the schedule (or its end, with null) in _Register, under the lock. */
export function writeSchedule(record: ScheduleRecord | null): UseCase<void> {
  return {
    sheets: () => [META_SHEET],
    decide: (snap) => {
      const plan: Plan = emptyPlan();
      const meta = readMeta(snap.tables.get(META_SHEET));
      if (record || meta.has(CHASE_SCHEDULE_KEY))
        planMeta(
          plan,
          meta,
          snap.sheetNames.has(META_SHEET),
          CHASE_SCHEDULE_KEY,
          record ? JSON.stringify(record) : '',
        );
      return { plan, result: undefined };
    },
  };
}

const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;

export function scheduleStatus(
  info: ScheduleInfo,
  supported: boolean,
  mineLive: boolean,
  unsupportedMessage = '',
): ChaseScheduleStatus {
  const r = info.record;
  const base = { supported, timeZone: info.timeZone, wantedHour: info.wantedHour };
  const off = { ...base, enabled: false, owner: null, mine: false, hour: null, since: null };
  if (!supported) return { ...off, message: unsupportedMessage };
  if (!r)
    return {
      ...off,
      message:
        info.wantedHour === null
          ? 'Chases do not run by themselves, and no chase rule is enabled.'
          : `Chases do not run by themselves. Turned on, they run every day at ${pad(info.wantedHour)} (${info.timeZone}), as you.`,
    };
  const mine = r.owner.toLowerCase() === info.user.toLowerCase();
  const since = r.sinceMs > 0 ? wallClock(r.sinceMs, info.timeZone).replace('T', ' ') : null;
  const moved =
    info.wantedHour !== null && info.wantedHour !== r.hour
      ? ` The rules now ask for ${pad(info.wantedHour)}: turn the schedule on again to move it.`
      : '';
  const lost =
    mine && !mineLive
      ? ' Its trigger is missing from your triggers (removed in the Apps Script dashboard?): turn the schedule on again.'
      : '';
  return {
    ...base,
    enabled: true,
    owner: r.owner,
    mine,
    hour: r.hour,
    since,
    message: `Chases run every day at ${pad(r.hour)} (${r.timeZone || info.timeZone}) as ${mine ? 'you' : r.owner}, since ${since ?? 'an unknown time'}.${moved}${lost}`,
  };
}

/** The marker of a chase run, as the merge's marker is written (core/merge/marker.ts). */
export function chaseMarker(run: string, by: string, sinceMs: number, owner: string): MergeMarker {
  return { run, template: CHASE_MARKER_LABEL, by, sinceMs, owner };
}

/** The refusal a second chase run gets while another one runs. */
export function chaseRunning(m: MergeMarker, timeZone: string): RegisterError {
  const since =
    m.sinceMs > 0 ? wallClock(m.sinceMs, timeZone).replace('T', ' ').slice(0, 16) : 'an unknown time';
  return new RegisterError(
    'busy',
    `A chase run started by ${m.by || 'someone'} at ${since} is still running. Nothing was sent: wait for it to finish, then run again (it sends only what is still owed).`,
    [],
    { running: m },
  );
}

/** A row key's base: the key without its ` #n` attempt suffix. */
export function baseOf(key: string): string {
  return splitAttempt(key)?.base ?? key;
}
