/**
 * The starter register's schema, templates and chase rules, in memory, plus a small harness that
 * runs chase days the way the runner will: read state from the Correspondence log, plan, render,
 * "send" (append the log rows a mailer's receipts would give), and plan again to prove idempotence.
 */
import { STARTER_CHASE_RULES, STARTER_CHASE_TEMPLATES } from '../../../src/core/chase/starter-rules';
import { readChaseRules, type ChaseRule } from '../../../src/core/chase/rules';
import { planChaseRun, type ChaseRunPlan, type RecordsByTable } from '../../../src/core/chase/plan';
import { renderChaseRun, type RenderedChaseMail } from '../../../src/core/chase/render';
import {
  chaseLogFromRows,
  chaseMailKey,
  deriveChaseState,
  type ChaseLogRow,
} from '../../../src/core/chase/state';
import { STARTER_TEMPLATES } from '../../../src/core/mail/starter-templates';
import { parseTemplate, type MailTemplate } from '../../../src/core/mail/template';
import type { MergeContext } from '../../../src/core/mail/render';
import type { RecordOut } from '../../../src/core/records';
import { parseSchema, SETUP_HEADER, type Schema, type SetupRow } from '../../../src/core/schema';
import { starterSetup } from '../../../src/core/starter';
import type { FieldValue } from '../../../src/core/values';

export function starterSchema(): Schema {
  const { rows } = starterSetup();
  const setupRows: SetupRow[] = rows.map((cells, i) => ({
    row: i + 2,
    cells: Object.fromEntries(SETUP_HEADER.map((h, j) => [h, cells[j] ?? ''])) as SetupRow['cells'],
  }));
  const { schema, problems } = parseSchema(setupRows);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return schema;
}

export const schema = starterSchema();

export const templates: MailTemplate[] = [...STARTER_TEMPLATES, ...STARTER_CHASE_TEMPLATES].map((t, i) =>
  parseTemplate(t, `TPL-${String(i + 1).padStart(4, '0')}`),
);

export const ruleContext = { schema, templates };

/** The starter rules, read the way the runner reads the Chase Rules table (IDs CHR-0001...). */
export function starterRules(): ChaseRule[] {
  const { rules, problems } = readChaseRules(
    STARTER_CHASE_RULES.map((values, i) => ({ id: `CHR-${String(i + 1).padStart(4, '0')}`, values })),
    ruleContext,
  );
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return rules;
}

export function record(table: string, id: string, values: Record<string, FieldValue>): RecordOut {
  return {
    table,
    id,
    version: 1,
    values,
    labels: {},
    created: '',
    createdBy: '',
    updated: '',
    updatedBy: '',
  };
}

/** Records of several tables: the planner's input, a resolver, and a merge context over them. */
export function registerOf(records: RecordOut[]) {
  const byTable = new Map<string, RecordOut[]>();
  const byId = new Map<string, RecordOut>();
  for (const r of records) {
    let list = byTable.get(r.table);
    if (!list) byTable.set(r.table, (list = []));
    list.push(r);
    byId.set(r.id, r);
  }
  const resolve = (table: string, id: string) => {
    const r = byId.get(id);
    return r && r.table === table ? r : undefined;
  };
  const ctx: MergeContext = {
    schema,
    locale: 'en_US',
    timeZone: 'Europe/Rome',
    nowMs: Date.parse('2026-03-02T09:00:00Z'),
    resolve,
  };
  return { byTable: byTable as RecordsByTable, byId, resolve, ctx };
}

export interface SimDay {
  date: string;
  /** One line per mail sent: `step 2 → a@x.example cc b@x.example: PO-0001, PO-0003 [thread t1]`. */
  mails: string[];
  rendered: RenderedChaseMail[];
  plan: ChaseRunPlan;
  /** The mails a second run the same day would send (must be none). */
  rerun: number;
}

export interface SimOptions {
  rules: ChaseRule[];
  from: string;
  days: number;
  /** The register as it stands on a day (records change status, due dates move). */
  recordsOn: (date: string) => RecordOut[];
  /** Days the run did not happen (the machine was off, the trigger failed). */
  missed?: string[];
  paused?: (date: string) => string[];
  /** A mailer that returns thread IDs (Gmail, Graph) or none (MailApp). */
  threads?: boolean;
  hour?: number;
}

const addDay = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function describeMail(m: {
  step: number;
  to: string[];
  cc: string[];
  records: string[];
  threadId?: string;
}) {
  return `step ${m.step} → ${m.to.join(', ')}${m.cc.length > 0 ? ` cc ${m.cc.join(', ')}` : ''}: ${m.records.join(', ')}${m.threadId ? ` [in ${m.threadId}]` : ''}`;
}

/** Run the chase day by day; every mail "sent" becomes a SENT row of the log, as the runner writes it. */
export function simulate(opts: SimOptions): { days: SimDay[]; log: ChaseLogRow[] } {
  const log: ChaseLogRow[] = [];
  const days: SimDay[] = [];
  let threads = 0;
  for (let i = 0; i < opts.days; i++) {
    const date = addDay(opts.from, i);
    if (opts.missed?.includes(date)) continue;
    const reg = registerOf(opts.recordsOn(date));
    const run = () => {
      const state = deriveChaseState(chaseLogFromRows(log, opts.rules), opts.paused?.(date) ?? []);
      const plan = planChaseRun(opts.rules, reg.byTable, state, date, {
        hour: opts.hour ?? 9,
        resolve: reg.resolve,
      });
      return renderChaseRun(plan, { templates, record: (id) => reg.byId.get(id), ctx: reg.ctx });
    };
    const { plan, mails } = run();
    for (const { planned } of mails) {
      const threadId = opts.threads === false ? '' : (planned.threadId ?? `t${++threads}`);
      log.push({
        key: chaseMailKey(planned),
        when: `${date} 09:00:05`,
        template: planned.template,
        recordIds: planned.records,
        state: 'SENT',
        threadId,
        messageId: threadId ? `m-${log.length + 1}` : '',
        error: '',
      });
    }
    const again = run();
    days.push({
      date,
      mails: mails.map(({ planned }) => describeMail(planned)),
      rendered: mails,
      plan,
      rerun: again.mails.length,
    });
  }
  return { days, log };
}

/** The days that sent something, as `date: mail; mail`. */
export function mailsByDay(days: SimDay[]): Record<string, string[]> {
  return Object.fromEntries(days.filter((d) => d.mails.length > 0).map((d) => [d.date, d.mails]));
}
