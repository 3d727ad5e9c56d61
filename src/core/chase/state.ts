/**
 * Where chase state lives, and how it is read back.
 *
 * The state of a record under a rule (current step, last chased on, due date, thread) is not kept
 * in columns of the chased table: it is DERIVED from the Correspondence log, where the mail-merge
 * sending service already records every mail with its exactly-once state (PENDING, SENDING, SENT,
 * FAILED), When, Template, Record IDs, Message ID and Thread ID. A chase mail's idempotency key (the
 * log's `Key` column) says which rule and step each of its records was, and the due date it was
 * chased against:
 *
 *     Delivery overdue 2: second reminder | chase CHR-0001 step 2: PO-0001 due 2026-03-02, PO-0007 due 2026-02-27
 *     Approved invoices past due: weekly list | chase CHR-0002: INV-0003 step 3 due 2026-03-02, INV-0009 step 1 due 2026-03-20
 *
 * (`<template> | ...` like every merge key, so the merge's history lookup works on it unchanged; a
 * retry after FAILED is the same key with ` #2`.)
 *
 * Why the log and not record columns:
 * - Idempotence and exactly-once come from one place. A run appends PENDING rows under the lock
 *   before sending; a second run (the same day, or after a crash) reads them back and plans nothing
 *   for those records: PENDING waits for the run to resume, SENDING is never resent automatically,
 *   SENT moves the chase on, FAILED is tried again on a later day. No second sheet to keep in step.
 * - Writing state into the chased rows would bump their Version under people editing them, and one
 *   table can be chased by several rules; the log has neither problem, and the record's sidebar
 *   view already lists its correspondence, which is where a person looks for "when did we chase?".
 * - The due date in the key makes "reset when the due date moves later" exact, and immune to later
 *   edits of the rule's Steps.
 *
 * Pausing is not a mail, so it is not in the log: a record is paused when its table has a yes/no
 * field `Chase paused` (CHASE_PAUSED_FIELD) that is ticked, or when the caller says so
 * (`ChaseState.paused`). The field keeps the switch visible on the record and editable in the sheet.
 *
 * Rows without a chase key (a chase template merged by hand) still count: they are matched to the
 * rule step that uses that template, so a supplier who was sent the polite reminder by hand is not
 * sent it again by the chase.
 */
import { dayNumber } from './days';
import type { ChaseRule } from './rules';

export type AttemptState = 'PENDING' | 'SENDING' | 'FAILED';
export type LogState = AttemptState | 'SENT';

/** A record's chase under one rule. */
export interface RecordChase {
  /** The last step of the current chase that was sent; 0 when none has been. */
  step: number;
  /** When that step was sent. */
  lastChasedOn?: string;
  /** The due date the current chase counted from, when the log says (the chase key). */
  dueOn?: string;
  /** The thread and message of the last sent step that the mailer identified, for follow-ups. */
  threadId?: string;
  messageId?: string;
  /** The latest mail for this record that has not (yet) gone out. */
  attempt?: { step: number; on: string; state: AttemptState; error?: string };
}

export interface ChaseState {
  /** Rule key (the rule's ID) -> record ID -> chase. */
  chases: Map<string, Map<string, RecordChase>>;
  /** Records whose chasing is paused, under every rule (besides a ticked `Chase paused` field). */
  paused: Set<string>;
}

/** A yes/no field of a chased table that, when ticked, pauses chasing the record. */
export const CHASE_PAUSED_FIELD = 'Chase paused';

export function emptyChaseState(): ChaseState {
  return { chases: new Map(), paused: new Set() };
}

export function chaseOf(state: ChaseState, ruleKey: string, recordId: string): RecordChase | undefined {
  return state.chases.get(ruleKey)?.get(recordId);
}

/** One record of a logged chase mail. `step: 'next'` is a mail matched by template only. */
export interface ChaseLogItem {
  id: string;
  step: number | 'next';
  due?: string;
}

/** One chase mail of the log, as far as chase state is concerned. */
export interface ChaseLogEntry {
  rule: string;
  /** The date of the log row's When (YYYY-MM-DD). */
  on: string;
  state: LogState;
  items: ChaseLogItem[];
  threadId?: string;
  messageId?: string;
  error?: string;
}

// ---------------------------------------------------------------------------------------------
// The chase tag: rule, and per record its step and due date
// ---------------------------------------------------------------------------------------------

export interface ChaseTag {
  rule: string;
  items: { id: string; step: number; due?: string }[];
}

/** The tag of a chase mail: one step for the mail when its records share it, else one per record. */
export function formatChaseTag(tag: ChaseTag): string {
  const steps = new Set(tag.items.map((i) => i.step));
  const shared = steps.size === 1 ? [...steps][0]! : undefined;
  const items = tag.items.map(
    (i) => `${i.id}${shared === undefined ? ` step ${i.step}` : ''}${i.due ? ` due ${i.due}` : ''}`,
  );
  return `${tag.rule}${shared === undefined ? '' : ` step ${shared}`}: ${items.join(', ')}`;
}

const TAG_ITEM = /^(\S+?)(?:\s+step\s+(\d+))?(?:\s+due\s+(\d{4}-\d{2}-\d{2}))?$/i;

/** Read a tag back; null when it is not one (empty, or edited beyond recognition). */
export function parseChaseTag(text: string): ChaseTag | null {
  const at = text.lastIndexOf(': ');
  if (at <= 0) return null;
  const head = /^(.+?)(?:\s+step\s+(\d+))?$/i.exec(text.slice(0, at).trim());
  if (!head) return null;
  const shared = head[2] ? Number(head[2]) : undefined;
  const items: ChaseTag['items'] = [];
  for (const raw of text.slice(at + 2).split(',')) {
    const piece = raw.trim();
    if (!piece) continue;
    const m = TAG_ITEM.exec(piece);
    const step = m?.[2] ? Number(m[2]) : shared;
    if (!m || step === undefined || step < 1) return null;
    const due = m[3] && !Number.isNaN(dayNumber(m[3])) ? m[3] : undefined;
    items.push({ id: m[1]!, step, ...(due ? { due } : {}) });
  }
  return items.length > 0 ? { rule: head[1]!.trim(), items } : null;
}

// ---------------------------------------------------------------------------------------------
// Log rows -> entries
// ---------------------------------------------------------------------------------------------

/** Marks a chase mail's key: `<template> | chase <tag>`. */
export const CHASE_KEY_MARK = ' | chase ';

/** The idempotency key of a planned chase mail (the Correspondence `Key`, before any ` #n`). */
export function chaseMailKey(mail: { template: string; ruleKey: string; items: ChaseTag['items'] }): string {
  return `${mail.template}${CHASE_KEY_MARK}${formatChaseTag({ rule: mail.ruleKey, items: mail.items })}`;
}

/** The tag of a chase mail's key, attempt suffix and all; null for any other key. */
export function parseChaseKey(key: string): ChaseTag | null {
  const at = key.lastIndexOf(CHASE_KEY_MARK);
  if (at < 0) return null;
  return parseChaseTag(
    key
      .slice(at + CHASE_KEY_MARK.length)
      .replace(/ #\d+$/, '')
      .trim(),
  );
}

/**
 * A Correspondence row as chase state needs it. core/merge's `CorrespondenceRow` is one: pass
 * `readCorrespondence(snapshot).rows` straight in.
 */
export interface ChaseLogRow {
  key?: string;
  /** `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss`. */
  when: string;
  template: string;
  recordIds: readonly string[];
  state: string;
  threadId?: string;
  messageId?: string;
  error?: string;
}

const STATES = new Set(['PENDING', 'SENDING', 'SENT', 'FAILED']);

/** The chase entries of Correspondence rows. Other mails are ignored, as are keys of unknown rules. */
export function chaseLogFromRows(
  rows: readonly ChaseLogRow[],
  rules: readonly Pick<ChaseRule, 'key' | 'name' | 'templates' | 'schedule'>[],
): ChaseLogEntry[] {
  const entries: ChaseLogEntry[] = [];
  const ruleByKey = new Map<string, string>();
  for (const r of rules) {
    ruleByKey.set(r.name.toLowerCase(), r.key);
    ruleByKey.set(r.key.toLowerCase(), r.key);
  }
  // Rows without a chase key: the rule steps each template is used at.
  const byTemplate = new Map<string, { rule: string; steps: number[] }[]>();
  for (const r of rules)
    r.templates.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      const list = byTemplate.get(key) ?? [];
      const own = list.find((x) => x.rule === r.key);
      if (own) own.steps.push(i + 1);
      else list.push({ rule: r.key, steps: [i + 1] });
      byTemplate.set(key, list);
    });
  const weekly = new Set(rules.filter((r) => r.schedule.kind === 'weekly').map((r) => r.key));

  for (const row of rows) {
    const state = row.state.trim().toUpperCase();
    const on = row.when.trim().slice(0, 10);
    if (!STATES.has(state) || Number.isNaN(dayNumber(on))) continue;
    const common = {
      on,
      state: state as LogState,
      ...optional('threadId', row.threadId),
      ...optional('messageId', row.messageId),
      ...optional('error', row.error),
    };
    const tag = row.key ? parseChaseKey(row.key) : null;
    if (tag) {
      const rule = ruleByKey.get(tag.rule.toLowerCase());
      if (rule) entries.push({ rule, items: tag.items, ...common });
      continue;
    }
    for (const use of byTemplate.get(row.template.trim().toLowerCase()) ?? []) {
      const step: number | 'next' = use.steps.length === 1 && !weekly.has(use.rule) ? use.steps[0]! : 'next';
      entries.push({ rule: use.rule, items: row.recordIds.map((id) => ({ id, step })), ...common });
    }
  }
  return entries;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  const v = value?.trim();
  return v ? ({ [key]: v } as Record<K, string>) : {};
}

// ---------------------------------------------------------------------------------------------
// Entries -> state
// ---------------------------------------------------------------------------------------------

/**
 * Replay log entries, oldest first (by date, then in log order), into chase state. A step 1 sent
 * after later steps, or a step sent against a later due date, starts a new chase: that is how a
 * chase restarted after its due date moved later reads back.
 */
export function deriveChaseState(
  entries: readonly ChaseLogEntry[],
  paused: Iterable<string> = [],
): ChaseState {
  const state = emptyChaseState();
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.on < b.e.on ? -1 : a.e.on > b.e.on ? 1 : a.i - b.i));
  for (const { e } of ordered) {
    let byRecord = state.chases.get(e.rule);
    if (!byRecord) state.chases.set(e.rule, (byRecord = new Map()));
    for (const item of e.items) {
      let chase = byRecord.get(item.id);
      if (!chase) byRecord.set(item.id, (chase = { step: 0 }));
      const step = item.step === 'next' ? chase.step + 1 : item.step;
      if (e.state !== 'SENT') {
        chase.attempt = { step, on: e.on, state: e.state, ...(e.error ? { error: e.error } : {}) };
        continue;
      }
      const restart =
        (step === 1 && chase.step >= 1) ||
        (item.due !== undefined && chase.dueOn !== undefined && item.due > chase.dueOn);
      if (restart) {
        delete chase.threadId;
        delete chase.messageId;
        delete chase.attempt;
      }
      if (chase.attempt && (restart || chase.attempt.step <= step)) delete chase.attempt;
      chase.step = restart ? step : Math.max(chase.step, step);
      chase.lastChasedOn = e.on;
      if (item.due) chase.dueOn = item.due;
      else if (restart) delete chase.dueOn;
      // A mailer that gives no IDs (MailApp) leaves the earlier thread as the one to follow up in.
      if (e.threadId) chase.threadId = e.threadId;
      if (e.messageId) chase.messageId = e.messageId;
    }
  }
  for (const id of paused) state.paused.add(id);
  return state;
}
