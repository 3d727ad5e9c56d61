/**
 * Chase rules are ordinary records of the register's `Chase Rules` table (DESIGN.md, Low-code),
 * edited with the sidebar forms. This module names that table's fields, gives the Setup rows that
 * describe them, and reads a rule record into a typed rule, or into problems that name the field to
 * fix and say how.
 */
import type { FieldProblem } from '../errors';
import {
  findField,
  findTable,
  setupCells,
  setupRow,
  type FieldDef,
  type Schema,
  type SetupRowSpec,
  type TableDef,
} from '../schema';
import { closestName } from '../mail/suggest';
import { valueText, type FieldValue } from '../values';
import { parseAddressExpr, type AddressExpr } from './addresses';
import { parseOpenWhen, type OpenCondition } from './condition';
import { WEEKDAY_NAMES } from './days';

export const CHASE_RULES_TABLE = 'Chase Rules';

/** The Chase Rules table's fields, by the name each has in Setup. */
export const CHASE_RULE_FIELD = {
  name: 'Name',
  enabled: 'Enabled',
  table: 'Table',
  dueField: 'Due field',
  openWhen: 'Open when',
  recipient: 'Recipient',
  steps: 'Steps',
  templates: 'Templates',
  escalateTo: 'Escalate to',
  escalateAtStep: 'Escalate at step',
  businessDays: 'Business days only',
  groupByRecipient: 'Group by recipient',
  sendAtHour: 'Send at hour',
} as const;

type ChaseRuleFieldName = (typeof CHASE_RULE_FIELD)[keyof typeof CHASE_RULE_FIELD];
export type ChaseRuleRow = Record<ChaseRuleFieldName, FieldValue>;

const row = (field: ChaseRuleFieldName, type: string, more: Partial<SetupRowSpec> = {}): SetupRowSpec =>
  setupRow(CHASE_RULES_TABLE, field, type, more);

/**
 * The Setup rows of the Chase Rules table, in Setup's column order. Table, Due field and the
 * address fields are text, not choices: they name whatever Setup and the records hold, and the rule
 * is checked as a whole when it is read (parseChaseRule), where a message can say what to write.
 */
export const CHASE_RULE_SETUP_ROWS: readonly SetupRowSpec[] = [
  row('Name', 'text', {
    Required: 'yes',
    Rules: 'unique',
    Help: 'What the chase is about, e.g. Overdue deliveries',
    'ID prefix': 'CHR',
  }),
  row('Enabled', 'yes/no', { Default: 'yes', Help: 'Only enabled rules send mail' }),
  row('Table', 'text', { Required: 'yes', Help: 'The register table it chases, e.g. Purchase Orders' }),
  row('Due field', 'text', {
    Required: 'yes',
    Help: 'The date field the steps count from, e.g. Expected delivery',
  }),
  row('Open when', 'text', {
    Required: 'yes',
    Help: 'While a record needs chasing, e.g. Status in Ordered, Partially delivered. Also: Field = X, Field != X, Field not in A, B, Field is empty, Field is not empty; join with ; (all must hold)',
  }),
  row('Recipient', 'text', {
    Required: 'yes',
    Help: 'Who is chased: addresses, {{Field}} or {{Reference.Field}}, e.g. {{Supplier.Email}}',
  }),
  row('Steps', 'text', {
    Required: 'yes',
    Help: 'Days after the due date, increasing, e.g. 1, 4, 8; or every Monday for a weekly reminder',
  }),
  row('Templates', 'long text', {
    Required: 'yes',
    Help: 'One template name per step, in order, separated by ; or new lines (commas work when no name has one)',
  }),
  row('Escalate to', 'text', {
    Help: 'Copied from the step in Escalate at step on: addresses or {{Field}}, e.g. {{Owner}}',
  }),
  row('Escalate at step', 'number', { Rules: 'min 1', Help: 'The step from which Escalate to is copied' }),
  row('Business days only', 'yes/no', {
    Default: 'yes',
    Help: 'Count Monday to Friday only, and send nothing on Saturday or Sunday',
  }),
  row('Group by recipient', 'yes/no', {
    Default: 'yes',
    Help: 'One mail per recipient and step, listing all their records due that day',
  }),
  row('Send at hour', 'number', {
    Default: '8',
    Rules: 'min 0; max 23',
    Help: 'Hour of the day (0-23, spreadsheet time zone) from which the day’s chases go out',
  }),
];

/** The same rows as cells in Setup's column order, ready to append to the Setup sheet. */
export function chaseRuleSetupCells(): string[][] {
  return setupCells(CHASE_RULE_SETUP_ROWS);
}

/** Fixed days after the due date, or a reminder every week on one weekday for as long as it is open. */
export type ChaseSchedule = { kind: 'steps'; days: number[] } | { kind: 'weekly'; weekday: number };

export interface ChaseRule {
  /** The rule record's ID (CHR-0001): the stable key of its chase state, whatever its name becomes. */
  id?: string;
  name: string;
  /** Key of the rule's state: its ID, or its name for a rule that has none (tests, scripts). */
  key: string;
  enabled: boolean;
  table: TableDef;
  dueField: FieldDef;
  open: OpenCondition;
  recipient: AddressExpr;
  schedule: ChaseSchedule;
  /** Template names as Templates spells them: one per step, or the one of a weekly rule. */
  templates: string[];
  escalateTo?: AddressExpr;
  escalateAtStep?: number;
  businessDays: boolean;
  groupByRecipient: boolean;
  /** Absent: any hour. */
  sendAtHour?: number;
}

/** The number of steps, Infinity for a weekly rule. */
export function stepCount(rule: Pick<ChaseRule, 'schedule'>): number {
  return rule.schedule.kind === 'steps' ? rule.schedule.days.length : Infinity;
}

export function templateForStep(rule: Pick<ChaseRule, 'templates' | 'schedule'>, step: number): string {
  return rule.schedule.kind === 'weekly' ? rule.templates[0]! : rule.templates[step - 1]!;
}

/** What a rule is checked against: the schema and the Templates table's names and tables. */
export interface ChaseRuleContext {
  schema: Schema;
  templates: readonly { name: string; table: string }[];
}

/** Read a field case-insensitively: a record from the sheet has Setup's spelling, a script may not. */
function valueOf(values: Record<string, FieldValue>, field: string): FieldValue {
  if (field in values) return values[field] ?? null;
  const key = field.toLowerCase();
  for (const [k, v] of Object.entries(values)) if (k.trim().toLowerCase() === key) return v;
  return null;
}

/** Yes/no as a cell may hold it; an empty cell reads as `empty`, the safe choice for that field. */
function yesNo(value: FieldValue, empty: boolean): boolean | null {
  if (typeof value === 'boolean') return value;
  const t = valueText(value).trim().toLowerCase();
  if (t === '') return empty;
  if (['yes', 'y', 'true', '1', 'x'].includes(t)) return true;
  if (['no', 'n', 'false', '0'].includes(t)) return false;
  return null;
}

function wholeNumber(value: FieldValue): number | null | undefined {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const n = typeof value === 'number' ? value : Number(valueText(value).trim());
  return Number.isInteger(n) ? n : null;
}

const WEEKLY = /^every\s+([a-z]+?)s?$/i;

function parseSchedule(text: string, add: (message: string) => void): ChaseSchedule | undefined {
  const weekly = WEEKLY.exec(text.trim());
  if (weekly) {
    const day = WEEKDAY_NAMES.findIndex((d) => d.toLowerCase() === weekly[1]!.toLowerCase());
    if (day >= 0) return { kind: 'weekly', weekday: day };
    add(`"${text.trim()}": name a day of the week, e.g. every Monday`);
    return undefined;
  }
  const parts = text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) {
    add('is empty: list the days after the due date, e.g. 1, 4, 8 (or every Monday)');
    return undefined;
  }
  const days: number[] = [];
  for (const part of parts) {
    if (/^-\d+$/.test(part)) {
      add(`${part}: steps count days after the due date, so none can be negative`);
      return undefined;
    }
    if (!/^\d+$/.test(part)) {
      add(`"${part}" is not a whole number of days; write the days after the due date, e.g. 1, 4, 8`);
      return undefined;
    }
    days.push(Number(part));
  }
  for (let i = 1; i < days.length; i++)
    if (days[i]! <= days[i - 1]!) {
      add(
        `must increase from one step to the next (${days[i - 1]} is followed by ${days[i]}): each step comes some days after the one before`,
      );
      return undefined;
    }
  return { kind: 'steps', days };
}

/** Template names: split on ; or new lines when there are any, else on commas. */
function splitTemplateNames(text: string, known: readonly { name: string }[]): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  // A single template whose name has a comma is still one template.
  if (known.some((t) => t.name.trim().toLowerCase() === trimmed.toLowerCase())) return [trimmed];
  const separator = /[;\n]/.test(trimmed) ? /[;\n]/ : /,/;
  return trimmed
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface ParsedChaseRule {
  rule?: ChaseRule;
  problems: FieldProblem[];
}

/**
 * Read one rule record. Every problem is listed (not just the first), each under the field to fix;
 * a rule is returned only when it has none.
 */
export function parseChaseRule(
  values: Record<string, FieldValue>,
  ctx: ChaseRuleContext,
  id?: string,
): ParsedChaseRule {
  const F = CHASE_RULE_FIELD;
  const problems: FieldProblem[] = [];
  const add = (field: string) => (message: string) => problems.push({ field, message });
  const text = (field: string) => valueText(valueOf(values, field)).trim();

  const name = text(F.name);
  if (!name) add(F.name)('is empty: give the rule a name, e.g. Overdue deliveries');

  const enabled = yesNo(valueOf(values, F.enabled), false);
  if (enabled === null) add(F.enabled)(`must be yes or no, not "${text(F.enabled)}"`);
  const businessDays = yesNo(valueOf(values, F.businessDays), true);
  if (businessDays === null) add(F.businessDays)(`must be yes or no, not "${text(F.businessDays)}"`);
  const groupByRecipient = yesNo(valueOf(values, F.groupByRecipient), true);
  if (groupByRecipient === null)
    add(F.groupByRecipient)(`must be yes or no, not "${text(F.groupByRecipient)}"`);

  const tableName = text(F.table);
  let table: TableDef | undefined;
  if (!tableName) add(F.table)('is empty: name the table this rule chases, e.g. Purchase Orders');
  else {
    table = findTable(ctx.schema, tableName);
    if (!table) {
      const suggestion = closestName(
        tableName,
        ctx.schema.tables.map((t) => t.name),
      );
      add(F.table)(
        `"${tableName}" is not a table of Setup${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      );
    }
  }

  let dueField: FieldDef | undefined;
  let open: OpenCondition | undefined;
  let recipient: AddressExpr | undefined;
  let escalateTo: AddressExpr | undefined;
  const dueName = text(F.dueField);
  const escalateText = text(F.escalateTo);
  if (table) {
    const dates = table.fields.filter((f) => f.type === 'date').map((f) => f.name);
    const dateList =
      dates.length > 0 ? ` (date fields: ${dates.join(', ')})` : ` (${table.name} has no date field)`;
    if (!dueName) add(F.dueField)(`is empty: name the date the steps count from${dateList}`);
    else {
      const field = findField(table, dueName);
      if (!field) {
        const suggestion = closestName(dueName, dates);
        add(F.dueField)(
          `"${dueName}" is not a field of ${table.name}${suggestion ? `; did you mean ${suggestion}?` : dateList}`,
        );
      } else if (field.type !== 'date')
        add(F.dueField)(
          `${table.name}.${field.name} is a ${field.type} field; the due field must be a date${dateList}`,
        );
      else dueField = field;
    }

    const parsedOpen = parseOpenWhen(table, text(F.openWhen));
    parsedOpen.problems.forEach(add(F.openWhen));
    open = parsedOpen.condition;

    const recipientText = text(F.recipient);
    if (!recipientText) add(F.recipient)('is empty: name who is chased, e.g. {{Supplier.Email}}');
    else {
      const parsed = parseAddressExpr(ctx.schema, table, recipientText);
      parsed.problems.forEach(add(F.recipient));
      recipient = parsed.expr;
    }

    if (escalateText) {
      const parsed = parseAddressExpr(ctx.schema, table, escalateText);
      parsed.problems.forEach(add(F.escalateTo));
      escalateTo = parsed.expr;
    }
  }

  const schedule = parseSchedule(text(F.steps), add(F.steps));
  const steps = schedule ? (schedule.kind === 'steps' ? schedule.days.length : 1) : undefined;

  const templates: string[] = [];
  const templateNames = splitTemplateNames(text(F.templates), ctx.templates);
  if (templateNames.length === 0)
    add(F.templates)('is empty: name the template of each step, in order, separated by ;');
  else if (steps !== undefined && templateNames.length !== steps)
    add(F.templates)(
      schedule?.kind === 'weekly'
        ? `a weekly rule takes one template, not ${templateNames.length}`
        : `names ${templateNames.length} template${templateNames.length === 1 ? '' : 's'} for ${steps} step${steps === 1 ? '' : 's'}: name one per step, in order, separated by ;`,
    );
  for (const wanted of templateNames) {
    const found = ctx.templates.find((t) => t.name.trim().toLowerCase() === wanted.toLowerCase());
    if (!found) {
      const suggestion = closestName(
        wanted,
        ctx.templates.map((t) => t.name),
      );
      add(F.templates)(
        `"${wanted}" is not a template in Templates${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      );
      continue;
    }
    if (table && findTable(ctx.schema, found.table)?.name !== table.name)
      add(F.templates)(
        `"${found.name}" merges ${found.table || 'no table'}, but this rule chases ${table.name}`,
      );
    templates.push(found.name.trim());
  }

  const atStep = wholeNumber(valueOf(values, F.escalateAtStep));
  let escalateAtStep: number | undefined;
  const range = schedule?.kind === 'steps' ? `1 to ${steps}` : '1 or more';
  if (atStep === null || (atStep !== undefined && atStep < 1))
    add(F.escalateAtStep)(`must be a step number, ${range} (got "${text(F.escalateAtStep)}")`);
  else if (atStep !== undefined && schedule?.kind === 'steps' && atStep > schedule.days.length)
    add(F.escalateAtStep)(
      `is step ${atStep}, but the rule has ${steps} step${steps === 1 ? '' : 's'}: use ${range}`,
    );
  else escalateAtStep = atStep;
  if (escalateText && atStep === undefined)
    add(F.escalateAtStep)(`is empty: say from which step (${range}) Escalate to is copied`);
  if (!escalateText && atStep !== undefined && atStep !== null)
    add(F.escalateTo)(`is empty: name who is copied from step ${atStep}, e.g. {{Owner}}`);

  const hour = wholeNumber(valueOf(values, F.sendAtHour));
  if (hour === null || (hour !== undefined && (hour < 0 || hour > 23)))
    add(F.sendAtHour)(`must be a whole hour from 0 to 23 (got "${text(F.sendAtHour)}")`);

  if (schedule?.kind === 'weekly' && businessDays && (schedule.weekday === 0 || schedule.weekday === 6))
    add(F.steps)(
      `every ${WEEKDAY_NAMES[schedule.weekday]} never sends under Business days only: pick Monday to Friday`,
    );

  if (problems.length > 0 || !table || !dueField || !open || !recipient || !schedule) return { problems };
  const rule: ChaseRule = {
    name,
    key: id || name,
    enabled: enabled!,
    table,
    dueField,
    open,
    recipient,
    schedule,
    templates,
    businessDays: businessDays!,
    groupByRecipient: groupByRecipient!,
  };
  if (id) rule.id = id;
  if (escalateTo && escalateAtStep !== undefined) {
    rule.escalateTo = escalateTo;
    rule.escalateAtStep = escalateAtStep;
  }
  if (hour !== undefined && hour !== null) rule.sendAtHour = hour;
  return { rule, problems };
}

export interface ChaseRuleProblem extends FieldProblem {
  /** The rule's name, or its ID when it has no name. */
  rule: string;
  id?: string;
}

/** Read every rule record; names must be unique (they name the rule in mails' logs and the sidebar). */
export function readChaseRules(
  records: readonly { id?: string; values: Record<string, FieldValue> }[],
  ctx: ChaseRuleContext,
): { rules: ChaseRule[]; problems: ChaseRuleProblem[] } {
  const rules: ChaseRule[] = [];
  const problems: ChaseRuleProblem[] = [];
  const names = new Map<string, string>();
  for (const record of records) {
    const { rule, problems: own } = parseChaseRule(record.values, ctx, record.id);
    const label = valueText(valueOf(record.values, CHASE_RULE_FIELD.name)).trim() || record.id || '(unnamed)';
    const tag = (p: FieldProblem): ChaseRuleProblem => ({
      rule: label,
      ...(record.id ? { id: record.id } : {}),
      ...p,
    });
    problems.push(...own.map(tag));
    if (!rule) continue;
    const clash = names.get(rule.name.toLowerCase());
    if (clash) {
      problems.push(
        tag({ field: CHASE_RULE_FIELD.name, message: `"${rule.name}" is also the name of ${clash}` }),
      );
      continue;
    }
    names.set(rule.name.toLowerCase(), record.id ?? rule.name);
    rules.push(rule);
  }
  return { rules, problems };
}
