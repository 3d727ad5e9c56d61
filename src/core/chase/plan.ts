/**
 * A chase run, planned: for a date D (and the hour, on a timed run), which mails go out under which
 * rule and step, to whom, covering which records, and why every other record in a chase is left out
 * today. Pure: rules, records, chase state and the date come in; nothing is read or sent here.
 *
 * Grouping: with Group by recipient, one mail per recipient per step covering all their records due
 * at that step (a weekly rule: one mail per recipient covering all their records due that week).
 * Escalation: from the rule's Escalate at step on, each record's Escalate to addresses are copied.
 * Follow-ups carry the thread and message of the previous step, for the mailer to reply in.
 */
import { findField } from '../schema';
import { isValidYmd } from '../time';
import { valueText } from '../values';
import { resolveAddresses, type ChaseResolver } from './addresses';
import { compileOpenWhen, type ChaseRecord } from './condition';
import { dayNumber } from './days';
import { dueStep } from './due';
import { templateForStep, type ChaseRule } from './rules';
import { CHASE_PAUSED_FIELD, chaseOf, type ChaseState, type RecordChase } from './state';

export interface ChaseRunOptions {
  /** The run's hour (0-23, spreadsheet time zone); absent (a `--today` run): Send at hour is ignored. */
  hour?: number;
  /** Finds referenced records for paths such as `{{Supplier.Email}}`. */
  resolve?: ChaseResolver;
  /** At most this many records in one mail (default MAX_RECORDS_PER_MAIL); a bigger group is split. */
  maxRecordsPerMail?: number;
}

/**
 * A grouped mail lists at most this many records: its body stays within a host's message size, and
 * its key in the Correspondence log (which names every record) within a cell's 32,767 characters.
 */
export const MAX_RECORDS_PER_MAIL = 400;

/** One record of a planned mail: its step, and the due date it was chased against (for the log). */
export interface ChaseItem {
  id: string;
  step: number;
  due: string;
}

export interface PlannedChaseMail {
  /** The rule's name, as people know it. */
  rule: string;
  /** The rule's key (its ID), as the chase key in the log and the state know it. */
  ruleKey: string;
  /** The step; for a weekly digest covering records at different steps, the highest. */
  step: number;
  to: string[];
  cc: string[];
  /** Filled in when the mail is rendered (render.ts). */
  subject?: string;
  records: string[];
  template: string;
  escalate: boolean;
  /** A follow-up: the previous step's thread and message, when the mailer identified them. */
  threadId?: string;
  messageId?: string;
  /** A follow-up: when the previous step went out (for the subject where there is no thread). */
  previousOn?: string;
  items: ChaseItem[];
}

export interface ChaseSkip {
  rule: string;
  record: string;
  reason: string;
}

export interface ChaseRunPlan {
  date: string;
  mails: PlannedChaseMail[];
  skipped: ChaseSkip[];
}

/** Records of each chased table, by table name (as Setup spells it). */
export type RecordsByTable = ReadonlyMap<string, readonly ChaseRecord[]>;

function recordsOf(records: RecordsByTable, table: string): readonly ChaseRecord[] {
  const exact = records.get(table);
  if (exact) return exact;
  const key = table.toLowerCase();
  for (const [name, list] of records) if (name.toLowerCase() === key) return list;
  return [];
}

interface Group {
  step: number;
  to: string[];
  cc: string[];
  ccKeys: Set<string>;
  items: ChaseItem[];
  escalate: boolean;
  /** Follow-up chases of the group's records, to pick the thread from. */
  previous: RecordChase[];
}

/** The thread most of the group's records were last chased in; ties go to the latest. */
function pickThread(previous: readonly RecordChase[]): RecordChase | undefined {
  const counts = new Map<string, { n: number; chase: RecordChase }>();
  for (const c of previous) {
    if (!c.threadId) continue;
    const entry = counts.get(c.threadId);
    if (!entry) counts.set(c.threadId, { n: 1, chase: c });
    else {
      entry.n++;
      if ((c.lastChasedOn ?? '') > (entry.chase.lastChasedOn ?? '')) entry.chase = c;
    }
  }
  let best: { n: number; chase: RecordChase } | undefined;
  for (const entry of counts.values())
    if (
      !best ||
      entry.n > best.n ||
      (entry.n === best.n && (entry.chase.lastChasedOn ?? '') > (best.chase.lastChasedOn ?? ''))
    )
      best = entry;
  return best?.chase;
}

const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

function planRule(
  rule: ChaseRule,
  records: readonly ChaseRecord[],
  state: ChaseState,
  date: string,
  opts: ChaseRunOptions,
  cache: Map<string, ChaseRecord | null>,
  plan: ChaseRunPlan,
): void {
  const isOpen = compileOpenWhen(rule.open);
  const skip = (record: string, reason: string) => plan.skipped.push({ rule: rule.name, record, reason });
  const early = opts.hour !== undefined && rule.sendAtHour !== undefined && opts.hour < rule.sendAtHour;
  const groups = new Map<string, Group>();
  /** Every group in the order it was opened; `groups` holds the one still open for each key. */
  const all: Group[] = [];
  const limit = Math.max(1, opts.maxRecordsPerMail ?? MAX_RECORDS_PER_MAIL);
  const pauseField = findField(rule.table, CHASE_PAUSED_FIELD);
  const pausedField = pauseField?.type === 'yes/no' ? pauseField.name : undefined;

  for (const record of records) {
    if (!record.id || !isOpen(record)) continue;
    const raw = record.values[rule.dueField.name] ?? null;
    const dueOn = valueText(raw).trim();
    // No due date: not overdue, so not chased; a date typed as text that is not one is reported.
    if (!dueOn) continue;
    if (Number.isNaN(dayNumber(dueOn))) {
      skip(record.id, `${rule.dueField.name} "${dueOn}" is not a date (YYYY-MM-DD)`);
      continue;
    }
    const paused =
      state.paused.has(record.id) || (pausedField !== undefined && record.values[pausedField] === true);
    const decision = dueStep(rule, chaseOf(state, rule.key, record.id), dueOn, date);
    if (!decision.due) {
      if (decision.report)
        skip(record.id, paused ? `chasing is paused (${decision.reason})` : decision.reason);
      continue;
    }
    const { step, chase } = decision;
    if (paused) {
      skip(record.id, `chasing is paused; step ${step} would be due today`);
      continue;
    }
    if (early) {
      skip(
        record.id,
        `step ${step} goes out from ${pad(rule.sendAtHour!)} (Send at hour); the run is at ${pad(opts.hour!)}`,
      );
      continue;
    }
    const to = resolveAddresses(rule.recipient, record, opts.resolve, cache);
    if (to.addresses.length === 0) {
      skip(
        record.id,
        `no recipient for step ${step}: ${to.problems.join('; ') || 'Recipient gives no address'}`,
      );
      continue;
    }
    const escalate = rule.escalateTo !== undefined && step >= rule.escalateAtStep!;
    const cc = escalate ? resolveAddresses(rule.escalateTo!, record, opts.resolve, cache).addresses : [];

    const toKey = to.addresses
      .map((a) => a.toLowerCase())
      .sort()
      .join(',');
    const stepKey = rule.schedule.kind === 'weekly' ? '' : String(step);
    const key = rule.groupByRecipient ? `${stepKey}\u0000${toKey}` : `\u0001${record.id}`;
    let group = groups.get(key);
    if (!group || group.items.length >= limit) {
      group = { step, to: to.addresses, cc: [], ccKeys: new Set(), items: [], escalate: false, previous: [] };
      groups.set(key, group);
      all.push(group);
    }
    group.step = Math.max(group.step, step);
    group.items.push({ id: record.id, step, due: dueOn });
    group.escalate ||= escalate;
    for (const address of cc) {
      const k = address.toLowerCase();
      if (group.ccKeys.has(k)) continue;
      group.ccKeys.add(k);
      group.cc.push(address);
    }
    if (step > 1) group.previous.push(chase);
  }

  const ordered = all.sort((a, b) =>
    rule.schedule.kind === 'weekly' ? 0 : a.items[0]!.step - b.items[0]!.step,
  );
  for (const g of ordered) {
    const toKeys = new Set(g.to.map((a) => a.toLowerCase()));
    const mail: PlannedChaseMail = {
      rule: rule.name,
      ruleKey: rule.key,
      step: g.step,
      to: g.to,
      cc: g.cc.filter((a) => !toKeys.has(a.toLowerCase())),
      records: g.items.map((i) => i.id),
      template: templateForStep(rule, g.step),
      escalate: g.escalate,
      items: g.items,
    };
    const thread = pickThread(g.previous);
    if (thread?.threadId) mail.threadId = thread.threadId;
    if (thread?.messageId) mail.messageId = thread.messageId;
    const previousOn = g.previous.map((c) => c.lastChasedOn ?? '').reduce((a, b) => (a > b ? a : b), '');
    if (previousOn) mail.previousOn = previousOn;
    plan.mails.push(mail);
  }
}

/**
 * Plan the chase run for date D. Disabled rules plan nothing. `records` holds each chased table's
 * records; `state` is what the log says was sent (state.ts). The result is JSON.
 */
export function planChaseRun(
  rules: readonly ChaseRule[],
  records: RecordsByTable,
  state: ChaseState,
  date: string,
  opts: ChaseRunOptions = {},
): ChaseRunPlan {
  if (!isValidYmd(date)) throw new Error(`planChaseRun: "${date}" is not a date (YYYY-MM-DD)`);
  const plan: ChaseRunPlan = { date, mails: [], skipped: [] };
  const cache = new Map<string, ChaseRecord | null>();
  for (const rule of rules)
    if (rule.enabled) planRule(rule, recordsOf(records, rule.table.name), state, date, opts, cache, plan);
  return plan;
}

/** The plan as `backoffice chase --dry-run --json` prints it (issue 6), key for key. */
export interface ChaseRunJson {
  date: string;
  mails: { rule: string; step: number; to: string[]; cc: string[]; subject?: string; records: string[] }[];
  skipped: { record: string; reason: string }[];
}

export function chaseRunJson(plan: ChaseRunPlan): ChaseRunJson {
  return {
    date: plan.date,
    mails: plan.mails.map((m) => ({
      rule: m.rule,
      step: m.step,
      to: m.to,
      cc: m.cc,
      ...(m.subject !== undefined ? { subject: m.subject } : {}),
      records: m.records,
    })),
    skipped: plan.skipped.map((s) => ({ record: s.record, reason: `${s.rule}: ${s.reason}` })),
  };
}
