/**
 * The starter register, "Back office": the only place in the code that names the starter tables.
 * Everything else reads the structure from the workbook's Setup sheet.
 */
import type { Cell } from './cells';
import { chaseRuleSetupCells } from './chase/rules';
import { templateSetupCells } from './mail/template';
import { SETUP_HEADER } from './schema';
import { reportSetupCells } from './summary/reports-table';

type Row = [
  table: string,
  field: string,
  type: string,
  required?: string,
  choices?: string,
  references?: string,
  defaultValue?: string,
  rules?: string,
  help?: string,
  confidential?: string,
  prefix?: string,
];

const CURRENCIES = 'EUR, USD, GBP, CHF, JPY';
const DEPARTMENTS = 'Operations, Finance, HR, IT, Sales, Facilities';

export const STARTER_NAME = 'Back office';

const ROWS: Row[] = [
  [
    'Suppliers',
    'Name',
    'text',
    'yes',
    '',
    '',
    '',
    'unique',
    'Trading name as it appears on invoices',
    '',
    'SUP',
  ],
  ['Suppliers', 'Contact name', 'text'],
  ['Suppliers', 'Email', 'email', 'yes', '', '', '', '', 'Where orders, chases and remittances go'],
  ['Suppliers', 'Phone', 'phone'],
  ['Suppliers', 'Category', 'choice', '', 'Goods, Services, Logistics, IT, Facilities, Other'],
  ['Suppliers', 'Payment terms days', 'number', '', '', '', '30', 'min 0', 'Days from invoice to due date'],
  ['Suppliers', 'Status', 'choice', '', 'Active, On hold, Inactive', '', 'Active'],
  ['Suppliers', 'Notes', 'long text'],

  ['Purchase Orders', 'Supplier', 'reference', 'yes', '', 'Suppliers', '', '', '', '', 'PO'],
  ['Purchase Orders', 'Description', 'text', 'yes', '', '', '', 'display'],
  ['Purchase Orders', 'Amount', 'currency', 'yes', '', '', '', 'not negative'],
  ['Purchase Orders', 'Currency', 'choice', '', CURRENCIES, '', 'EUR'],
  ['Purchase Orders', 'Ordered on', 'date', 'yes', '', '', 'today'],
  ['Purchase Orders', 'Expected delivery', 'date', 'yes', '', '', '', 'not before Ordered on'],
  ['Purchase Orders', 'Delivered on', 'date', '', '', '', '', 'not before Ordered on'],
  [
    'Purchase Orders',
    'Status',
    'choice',
    '',
    'Draft, Ordered, Partially delivered, Delivered, Cancelled',
    '',
    'Ordered',
  ],
  [
    'Purchase Orders',
    'Owner',
    'email',
    '',
    '',
    '',
    'me',
    '',
    'Who placed the order; chases escalate to them',
  ],

  ['Invoices', 'Supplier', 'reference', 'yes', '', 'Suppliers', '', '', '', '', 'INV'],
  ['Invoices', 'Purchase order', 'reference', '', '', 'Purchase Orders'],
  ['Invoices', 'Invoice number', 'text', 'yes', '', '', '', 'unique per Supplier; display'],
  ['Invoices', 'Amount', 'currency', 'yes'],
  ['Invoices', 'Currency', 'choice', '', CURRENCIES, '', 'EUR'],
  ['Invoices', 'Issued on', 'date', 'yes'],
  [
    'Invoices',
    'Due on',
    'date',
    'yes',
    '',
    '',
    '{Issued on} + {Supplier.Payment terms days}',
    'not before Issued on',
  ],
  ['Invoices', 'Status', 'choice', '', 'Received, Approved, Disputed, Paid', '', 'Received'],
  ['Invoices', 'Paid on', 'date'],

  ['Customers', 'Name', 'text', 'yes', '', '', '', '', '', '', 'CUS'],
  ['Customers', 'Email', 'email'],
  ['Customers', 'Phone', 'phone'],
  ['Customers', 'Account manager', 'email'],

  ['Requests', 'Customer', 'reference', '', '', 'Customers', '', '', '', '', 'REQ'],
  ['Requests', 'Received on', 'date', '', '', '', 'today'],
  ['Requests', 'Channel', 'choice', '', 'Email, Phone, Web, In person'],
  ['Requests', 'Kind', 'choice', '', 'Inquiry, Complaint, Feedback, Order'],
  ['Requests', 'Summary', 'long text', 'yes', '', '', '', 'display'],
  ['Requests', 'Status', 'choice', '', 'New, In progress, Waiting on customer, Resolved', '', 'New'],
  ['Requests', 'Owner', 'email'],
  ['Requests', 'Respond by', 'date'],

  ['Staff', 'Name', 'text', 'yes', '', '', '', '', '', '', 'STF'],
  ['Staff', 'Email', 'email', 'yes'],
  ['Staff', 'Department', 'choice', '', DEPARTMENTS],
  ['Staff', 'Manager', 'email'],
  ['Staff', 'Start date', 'date'],
  ['Staff', 'Onboarding', 'choice', '', 'Not started, In progress, Done'],
  ['Staff', 'Salary', 'currency', '', '', '', '', 'not negative', 'Annual gross salary', 'yes'],

  ['Tasks', 'Title', 'text', 'yes', '', '', '', '', '', '', 'TSK'],
  ['Tasks', 'Department', 'choice', '', DEPARTMENTS],
  ['Tasks', 'Owner', 'email'],
  ['Tasks', 'Due on', 'date'],
  ['Tasks', 'Status', 'choice', '', 'Open, Blocked, Done', '', 'Open'],
  ['Tasks', 'Related record', 'text', '', '', '', '', '', 'Any record ID, e.g. PO-0012'],
];

/** The Setup sheet of the starter register: header and rows. */
export function starterSetup(): { header: string[]; rows: Cell[][] } {
  return {
    header: [...SETUP_HEADER],
    rows: [
      ...ROWS.map((r) => SETUP_HEADER.map((_, i) => r[i] ?? '')),
      ...chaseRuleSetupCells(),
      ...templateSetupCells(),
      ...reportSetupCells(),
    ],
  };
}
