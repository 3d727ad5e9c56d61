/**
 * Mail templates are ordinary records of the register's `Templates` table (DESIGN.md, Low-code):
 * edited with the same sidebar forms, validated by the same code. This module names that table's
 * fields, gives the Setup rows that describe them, and reads a template record into a typed value.
 */
import { setupCells, setupRow, splitList, type SetupRowSpec } from '../schema';
import { valueText, type FieldValue } from '../values';

export const TEMPLATES_TABLE = 'Templates';

/** The Templates table's fields, by the name each has in Setup. */
export const TEMPLATE_FIELD = {
  name: 'Name',
  table: 'Table',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  replyTo: 'Reply-To',
  subject: 'Subject',
  body: 'Body',
  format: 'Format',
  groupBy: 'Group by',
  confidentialAllowed: 'Confidential fields allowed',
} as const;

export const TEMPLATE_FORMATS = ['Plain text', 'HTML'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

/** The parts of a template that are merged; problems name them, so the user knows where to look. */
export const ADDRESS_PARTS = ['To', 'Cc', 'Bcc', 'Reply-To'] as const;
export const TEXT_PARTS = ['Subject', 'Body'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];
export type TemplatePart = AddressPart | (typeof TEXT_PARTS)[number];
export const TEMPLATE_PARTS: readonly TemplatePart[] = [...ADDRESS_PARTS, ...TEXT_PARTS];

const row = (field: string, type: string, more: Partial<SetupRowSpec> = {}): SetupRowSpec =>
  setupRow(TEMPLATES_TABLE, field, type, more);

const PLACEHOLDER_HELP = 'addresses, {{Field}} or {{Reference.Field}}, comma-separated';

/**
 * The Setup rows of the Templates table, in Setup's column order. Address parts and Table are text,
 * not email or choice: they hold placeholders, and the register's tables are whatever Setup says.
 */
export const TEMPLATE_SETUP_ROWS: readonly SetupRowSpec[] = [
  row('Name', 'text', {
    Required: 'yes',
    Rules: 'unique',
    Help: 'How the template is picked in Mail merge',
    'ID prefix': 'TPL',
  }),
  row('Table', 'text', { Required: 'yes', Help: 'The register table it merges, e.g. Purchase Orders' }),
  row('To', 'text', { Required: 'yes', Help: `Recipients: ${PLACEHOLDER_HELP}` }),
  row('Cc', 'text', { Help: `Copy: ${PLACEHOLDER_HELP}` }),
  row('Bcc', 'text', { Help: `Blind copy: ${PLACEHOLDER_HELP}` }),
  row('Reply-To', 'text', { Help: 'One address, or {{Field}}, where replies should go' }),
  row('Subject', 'text', { Required: 'yes', Help: 'One line; placeholders such as {{ID}} allowed' }),
  row('Body', 'long text', {
    Required: 'yes',
    Help: '{{Field}}, {{Reference.Field}}, {{#Field}}...{{/Field}} when present, {{^Field}}...{{/Field}} when empty, {{#items}}...{{/items}} for grouped records',
  }),
  row('Format', 'choice', {
    Choices: TEMPLATE_FORMATS.join(', '),
    Default: 'Plain text',
    Help: 'HTML bodies get merged values HTML-escaped',
  }),
  row('Group by', 'text', {
    Help: 'Optional field, e.g. Supplier: one mail per distinct value, listing its records as {{#items}}',
  }),
  row('Confidential fields allowed', 'text', {
    Help: 'Confidential fields this template may merge, comma-separated, e.g. Salary',
  }),
];

/** The same rows as cells in Setup's column order, ready to append to the Setup sheet. */
export function templateSetupCells(): string[][] {
  return setupCells(TEMPLATE_SETUP_ROWS);
}

export interface MailTemplate {
  /** The template record's ID, when it came from the Templates table. */
  id?: string;
  name: string;
  table: string;
  to: string;
  cc: string;
  bcc: string;
  replyTo: string;
  subject: string;
  body: string;
  html: boolean;
  /** The field whose distinct values make one mail each; absent: one mail per record. */
  groupBy?: string;
  confidentialAllowed: string[];
}

/** Read a field case-insensitively: a record from the sheet has Setup's spelling, a script may not. */
function textOf(values: Record<string, FieldValue>, field: string): string {
  if (field in values) return valueText(values[field] ?? null);
  const key = field.toLowerCase();
  for (const [k, v] of Object.entries(values)) if (k.trim().toLowerCase() === key) return valueText(v);
  return '';
}

export function isHtmlFormat(text: string): boolean {
  return /^\s*html\s*$/i.test(text);
}

/**
 * A template record as a typed template. Lenient by design: what is wrong with a template (an
 * unknown table, an empty To) is reported by the merge checks, next to every other problem.
 */
export function parseTemplate(values: Record<string, FieldValue>, id?: string): MailTemplate {
  const get = (key: keyof typeof TEMPLATE_FIELD) => textOf(values, TEMPLATE_FIELD[key]);
  const groupBy = get('groupBy').trim();
  const template: MailTemplate = {
    name: get('name').trim(),
    table: get('table').trim(),
    to: get('to').trim(),
    cc: get('cc').trim(),
    bcc: get('bcc').trim(),
    replyTo: get('replyTo').trim(),
    subject: get('subject'),
    body: get('body'),
    html: isHtmlFormat(get('format')),
    confidentialAllowed: splitList(get('confidentialAllowed')),
  };
  if (id) template.id = id;
  if (groupBy) template.groupBy = groupBy;
  return template;
}

/** The text of one part of a template. */
export function partText(template: MailTemplate, part: TemplatePart): string {
  switch (part) {
    case 'To':
      return template.to;
    case 'Cc':
      return template.cc;
    case 'Bcc':
      return template.bcc;
    case 'Reply-To':
      return template.replyTo;
    case 'Subject':
      return template.subject;
    case 'Body':
      return template.body;
  }
}
