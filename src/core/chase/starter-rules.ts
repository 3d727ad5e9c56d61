/**
 * Starter chase rules for the starter register ("Back office", see ../starter.ts), and the two
 * templates they need that mail merge's starter set does not have. Seeded into every new register
 * with the starter templates (service/register.ts `decideInit`).
 *
 * - Overdue deliveries: the supplier, in three steps (polite, firm, final), grouped per supplier,
 *   the order's owner copied on the final notice.
 * - Approved invoices past due are NOT chased to suppliers (that would be chasing our own debt):
 *   finance gets one internal list every Monday. There is no "finance owner" in the register, so the
 *   rule's Recipient is a fixed address, finance@backoffice.example, for the person setting the
 *   register up to change (the sample register's addresses use the same domain).
 * - Customer requests past Respond by: a reminder to the request's Owner, and a second one two
 *   business days later with the customer's account manager copied.
 */
import type { FieldValue } from '../values';
import type { TEMPLATE_FIELD } from '../mail/template';
import type { ChaseRuleRow } from './rules';

type TemplateRow = Record<(typeof TEMPLATE_FIELD)[keyof typeof TEMPLATE_FIELD], FieldValue>;

const lines = (...text: string[]) => text.join('\n');

export const FINANCE_ADDRESS = 'finance@backoffice.example';

export const UNPAID_INVOICES_REMINDER: TemplateRow = {
  Name: 'Approved invoices past due: weekly list',
  Table: 'Invoices',
  To: FINANCE_ADDRESS,
  Cc: null,
  Bcc: null,
  'Reply-To': null,
  Subject: 'Approved invoices past their due date',
  Body: lines(
    'Hello,',
    '',
    'These invoices are approved and past their due date, but not marked as paid in the register:',
    '',
    '{{#items}}',
    '- {{Supplier}}, invoice {{Invoice number}} ({{ID}}): {{Amount}}, due {{Due on}}{{#Purchase order}}, order {{Purchase order.ID}}{{/Purchase order}}',
    '{{/items}}',
    '',
    'Please schedule their payment. If they are paid already, record it in the register (Status Paid, Paid on) so that they leave this list.',
    '',
    'This reminder goes out every Monday while approved invoices remain unpaid past their due date.',
  ),
  Format: 'Plain text',
  'Group by': null,
  'Confidential fields allowed': null,
};

export const REQUEST_REPLY_OVERDUE: TemplateRow = {
  Name: 'Request reply overdue: reminder',
  Table: 'Requests',
  To: '{{Owner}}',
  Cc: null,
  Bcc: null,
  'Reply-To': null,
  Subject: 'Customer requests waiting for your reply',
  Body: lines(
    'Hello,',
    '',
    'These customer requests assigned to you are past their Respond by date:',
    '',
    '{{#items}}',
    '- {{ID}}{{#Customer}} from {{Customer}}{{/Customer}}{{#Received on}}, received {{Received on}}{{/Received on}}, respond by {{Respond by}}: {{Summary}}',
    '{{/items}}',
    '',
    'Please reply to the customer, then update the request in the register (Status, or a new Respond by date agreed with the customer) so that it leaves this list.',
  ),
  Format: 'Plain text',
  'Group by': 'Owner',
  'Confidential fields allowed': null,
};

/** Templates the starter chase rules use beyond mail merge's starter templates. */
export const STARTER_CHASE_TEMPLATES: readonly TemplateRow[] = [
  UNPAID_INVOICES_REMINDER,
  REQUEST_REPLY_OVERDUE,
];

export const OVERDUE_DELIVERIES_RULE: ChaseRuleRow = {
  Name: 'Overdue deliveries',
  Enabled: true,
  Table: 'Purchase Orders',
  'Due field': 'Expected delivery',
  'Open when': 'Status in Ordered, Partially delivered',
  Recipient: '{{Supplier.Email}}',
  Steps: '1, 4, 8',
  Templates:
    'Delivery overdue 1: reminder; Delivery overdue 2: second reminder; Delivery overdue 3: final notice',
  'Escalate to': '{{Owner}}',
  'Escalate at step': 3,
  'Business days only': true,
  'Group by recipient': true,
  'Send at hour': 8,
};

export const UNPAID_INVOICES_RULE: ChaseRuleRow = {
  Name: 'Approved invoices past due',
  Enabled: true,
  Table: 'Invoices',
  'Due field': 'Due on',
  'Open when': 'Status = Approved; Paid on is empty',
  Recipient: FINANCE_ADDRESS,
  Steps: 'every Monday',
  Templates: UNPAID_INVOICES_REMINDER.Name,
  'Escalate to': null,
  'Escalate at step': null,
  'Business days only': true,
  'Group by recipient': true,
  'Send at hour': 8,
};

export const OVERDUE_REQUESTS_RULE: ChaseRuleRow = {
  Name: 'Customer requests past Respond by',
  Enabled: true,
  Table: 'Requests',
  'Due field': 'Respond by',
  'Open when': 'Status in New, In progress',
  Recipient: '{{Owner}}',
  Steps: '1, 3',
  Templates: `${REQUEST_REPLY_OVERDUE.Name}; ${REQUEST_REPLY_OVERDUE.Name}`,
  'Escalate to': '{{Customer.Account manager}}',
  'Escalate at step': 2,
  'Business days only': true,
  'Group by recipient': true,
  'Send at hour': 8,
};

/** Every starter rule, as rows of the Chase Rules table. */
export const STARTER_CHASE_RULES: readonly ChaseRuleRow[] = [
  OVERDUE_DELIVERIES_RULE,
  UNPAID_INVOICES_RULE,
  OVERDUE_REQUESTS_RULE,
];
