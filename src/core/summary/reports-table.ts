/**
 * Report definitions are ordinary records of the register's `Reports` table (DESIGN.md, Low-code):
 * edited with the same sidebar forms, validated by the same code. This module names that table's
 * fields and gives the Setup rows that describe them, the way mail/template.ts does for Templates.
 */
import { setupCells, setupRow, type SetupRowSpec } from '../schema';

export const REPORTS_TABLE = 'Reports';

/** The Reports table's fields, by the name each has in Setup. */
export const REPORT_FIELD = {
  name: 'Name',
  table: 'Table',
  filter: 'Filter',
  groupBy: 'Group by',
  measures: 'Measures',
  sort: 'Sort',
  chart: 'Chart',
  outputSheet: 'Output sheet',
  confidentialAllowed: 'Confidential fields allowed',
} as const;

export const CHART_CHOICES = ['None', 'Bar', 'Column', 'Line', 'Pie'] as const;

const row = (field: string, type: string, more: Partial<SetupRowSpec> = {}): SetupRowSpec =>
  setupRow(REPORTS_TABLE, field, type, more);

/**
 * The Setup rows of the Reports table. Table, Filter, Group by and Measures are text, not choices:
 * they name whatever tables and fields Setup says, and are checked when the report is built.
 */
export const REPORT_SETUP_ROWS: readonly SetupRowSpec[] = [
  row('Name', 'text', {
    Required: 'yes',
    Rules: 'unique',
    Help: 'How the report is picked in Build summaries',
    'ID prefix': 'RPT',
  }),
  row('Table', 'text', {
    Required: 'yes',
    Help: 'The table it summarises, e.g. Purchase Orders (or the Correspondence or Audit log)',
  }),
  row('Filter', 'long text', {
    Help: 'Conditions joined by ";", e.g. Status in Ordered, Partially delivered; Expected delivery < today',
  }),
  row('Group by', 'text', {
    Help: 'One or two of: a field; a date field by week, month, quarter or year; days past a date field in 0-30, 31-60, 61-90, 90+',
  }),
  row('Measures', 'text', {
    Required: 'yes',
    Default: 'count',
    Help: 'count, count if <condition>, sum <field>, average <field>, min, max, oldest <date>, newest <date>, days late <date>; "as <label>" renames',
  }),
  row('Sort', 'text', { Help: 'Columns to sort by, e.g. Total amount desc (default: by the groups)' }),
  row('Chart', 'choice', {
    Choices: CHART_CHOICES.join(', '),
    Default: 'None',
    Help: 'The chart plots the first number column (with two groups: each column of the second group)',
  }),
  row('Output sheet', 'text', { Help: 'The sheet the report is written to (default: its Name)' }),
  row('Confidential fields allowed', 'text', {
    Help: 'Confidential fields this report may use, comma-separated, e.g. Salary',
  }),
];

/** The same rows as cells in Setup's column order, ready to append to the Setup sheet. */
export function reportSetupCells(): string[][] {
  return setupCells(REPORT_SETUP_ROWS);
}
