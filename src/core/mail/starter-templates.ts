/**
 * Starter templates for the starter register ("Back office", see ../starter.ts): rows of the
 * Templates table, written the way a back office writes: short, polite, with the numbers that
 * matter. Optional fields sit inside `{{#Field}}...{{/Field}}` so a blank never reaches a mail.
 */
import type { FieldValue } from '../values';
import type { TEMPLATE_FIELD } from './template';

type TemplateRow = Record<(typeof TEMPLATE_FIELD)[keyof typeof TEMPLATE_FIELD], FieldValue>;

function template(t: Partial<TemplateRow> & Pick<TemplateRow, 'Name' | 'Table' | 'To' | 'Subject' | 'Body'>) {
  return {
    Cc: null,
    Bcc: null,
    'Reply-To': null,
    Format: 'Plain text',
    'Group by': null,
    'Confidential fields allowed': null,
    ...t,
  } satisfies TemplateRow;
}

const lines = (...text: string[]) => text.join('\n');

const DEAR_SUPPLIER =
  '{{#Supplier.Contact name}}Dear {{Supplier.Contact name}},{{/Supplier.Contact name}}{{^Supplier.Contact name}}Dear {{Supplier}} team,{{/Supplier.Contact name}}';

/** The overdue orders of one supplier: delivered ones are left out should the selection hold any. */
const OVERDUE_ITEMS = lines(
  '{{#items}}',
  '{{^Delivered on}}',
  '- {{ID}}: {{Description}}, {{Amount}}, ordered {{Ordered on}}, expected {{Expected delivery}}',
  '{{/Delivered on}}',
  '{{/items}}',
);

const OWNERS = '{{#items}}{{Owner}}, {{/items}}';

export const PURCHASE_ORDER_CONFIRMATION = template({
  Name: 'Purchase order confirmation',
  Table: 'Purchase Orders',
  To: '{{Supplier.Email}}',
  'Reply-To': '{{Owner}}',
  Subject: 'Purchase order {{ID}}: {{Description}}',
  Format: 'HTML',
  Body: lines(
    `<p>${DEAR_SUPPLIER}</p>`,
    '<p>Please accept this email as our purchase order {{ID}}.</p>',
    '<table cellpadding="4" style="border-collapse: collapse">',
    '<tr><td>Order</td><td><b>{{ID}}</b></td></tr>',
    '<tr><td>Description</td><td>{{Description}}</td></tr>',
    '<tr><td>Amount</td><td>{{Amount}}</td></tr>',
    '<tr><td>Ordered on</td><td>{{Ordered on}}</td></tr>',
    '<tr><td>Delivery expected by</td><td>{{Expected delivery}}</td></tr>',
    '</table>',
    '<p>Please quote {{ID}} on your delivery note and on your invoice{{#Supplier.Payment terms days}}; our payment terms are {{Supplier.Payment terms days}} days from the invoice date{{/Supplier.Payment terms days}}.</p>',
    '<p>If you cannot deliver by {{Expected delivery}}, please reply with the earliest date you can.</p>',
    '<p>Kind regards,<br>Purchasing</p>',
  ),
});

export const DELIVERY_CHASE_REMINDER = template({
  Name: 'Delivery overdue 1: reminder',
  Table: 'Purchase Orders',
  'Group by': 'Supplier',
  To: '{{Supplier.Email}}',
  'Reply-To': '{{Owner}}',
  Subject: 'Delivery reminder: orders from {{Supplier}}',
  Body: lines(
    DEAR_SUPPLIER,
    '',
    'Our records show the following orders as not yet delivered, although their expected delivery date has passed:',
    '',
    OVERDUE_ITEMS,
    '',
    'Could you let us know when we can expect them? If they are already on their way, a delivery date or tracking reference is all we need.',
    '',
    'Thank you,',
    'Purchasing',
  ),
});

export const DELIVERY_CHASE_FIRM = template({
  Name: 'Delivery overdue 2: second reminder',
  Table: 'Purchase Orders',
  'Group by': 'Supplier',
  To: '{{Supplier.Email}}',
  Cc: OWNERS,
  Subject: 'Second reminder: overdue deliveries from {{Supplier}}',
  Body: lines(
    DEAR_SUPPLIER,
    '',
    'We wrote to you recently about the orders below. They are still not delivered and are now overdue:',
    '',
    OVERDUE_ITEMS,
    '',
    'Please reply within 3 working days with a firm delivery date for each order. If any part cannot be supplied, tell us which, so that we can plan around it.',
    '',
    'Regards,',
    'Purchasing',
  ),
});

export const DELIVERY_CHASE_FINAL = template({
  Name: 'Delivery overdue 3: final notice',
  Table: 'Purchase Orders',
  'Group by': 'Supplier',
  To: '{{Supplier.Email}}',
  Cc: OWNERS,
  Subject: 'Final notice: overdue deliveries from {{Supplier}}',
  Body: lines(
    "{{! Escalation: add your purchasing manager's address to Cc before the first run. }}",
    DEAR_SUPPLIER,
    '',
    'Despite two reminders, the orders below are still not delivered:',
    '',
    OVERDUE_ITEMS,
    '',
    'We have escalated this to our purchasing management. Unless we receive a confirmed delivery date within 5 working days, we will cancel the outstanding orders and source them elsewhere; we will not accept invoices for goods that were not delivered.',
    '',
    'If our records are wrong, reply with the delivery notes and we will correct them at once.',
    '',
    'Regards,',
    'Purchasing',
  ),
});

export const MISSING_INVOICE_REQUEST = template({
  Name: 'Missing invoice request',
  Table: 'Purchase Orders',
  To: '{{Supplier.Email}}',
  'Reply-To': '{{Owner}}',
  Subject: 'Invoice request: purchase order {{ID}}',
  Body: lines(
    DEAR_SUPPLIER,
    '',
    '{{#Delivered on}}We received the goods for purchase order {{ID}} on {{Delivered on}}, but we have not yet received your invoice.{{/Delivered on}}{{^Delivered on}}We have not yet received your invoice for purchase order {{ID}}.{{/Delivered on}}',
    '',
    'Order: {{ID}}',
    'Description: {{Description}}',
    'Amount: {{Amount}}',
    'Ordered on: {{Ordered on}}',
    '',
    'Please send the invoice, quoting {{ID}}, in reply to this email. We can schedule payment only once we have it.',
    '',
    'Thank you,',
    'Accounts payable',
  ),
});

export const PAYMENT_REMITTANCE_ADVICE = template({
  Name: 'Payment remittance advice',
  Table: 'Invoices',
  To: '{{Supplier.Email}}',
  Subject: 'Remittance advice: invoice {{Invoice number}}, {{Amount}}',
  Format: 'HTML',
  Body: lines(
    `<p>${DEAR_SUPPLIER}</p>`,
    '<p>This is to let you know that we have paid the invoice below.</p>',
    '<table cellpadding="4" style="border-collapse: collapse">',
    '<tr><td>Your invoice</td><td><b>{{Invoice number}}</b></td></tr>',
    '<tr><td>Invoice date</td><td>{{Issued on}}</td></tr>',
    '{{#Purchase order}}<tr><td>Our order</td><td>{{Purchase order.ID}}</td></tr>{{/Purchase order}}',
    '<tr><td>Amount paid</td><td><b>{{Amount}}</b></td></tr>',
    '<tr><td>Payment date</td><td>{{#Paid on}}{{Paid on}}{{/Paid on}}{{^Paid on}}{{Today}}{{/Paid on}}</td></tr>',
    '</table>',
    '<p>Please allow a few working days for the funds to reach your account. If the amount does not match your records, reply to this email quoting {{Invoice number}}.</p>',
    '<p>Kind regards,<br>Accounts payable</p>',
  ),
});

export const CUSTOMER_REQUEST_ACKNOWLEDGEMENT = template({
  Name: 'Customer request acknowledgement',
  Table: 'Requests',
  To: '{{Customer.Email}}',
  'Reply-To': '{{Owner}}',
  Subject: 'We have received your request ({{ID}})',
  Body: lines(
    '{{#Customer}}Dear {{Customer}},{{/Customer}}{{^Customer}}Hello,{{/Customer}}',
    '',
    'Thank you for contacting us{{#Received on}} on {{Received on}}{{/Received on}}. We have logged your request under the reference {{ID}}; please quote it if you write to us about it.',
    '',
    'Your request:',
    '{{Summary}}',
    '',
    '{{#Respond by}}We will get back to you by {{Respond by}}.{{/Respond by}}{{^Respond by}}We will get back to you as soon as we can.{{/Respond by}} If you have anything to add in the meantime, simply reply to this email.',
    '',
    'Kind regards,',
    'Customer service',
  ),
});

export const STAFF_ONBOARDING_WELCOME = template({
  Name: 'Staff onboarding welcome',
  Table: 'Staff',
  To: '{{Email}}',
  Cc: '{{Manager}}',
  Subject: 'Welcome to the team, {{Name}}',
  Body: lines(
    'Dear {{Name}},',
    '',
    'Welcome to the team{{#Department}} in {{Department}}{{/Department}}! We are glad to have you with us.',
    '',
    '{{#Start date}}',
    'Your first day is {{Start date}}. Please come to reception at 9:00 and ask for {{#Manager}}your manager, {{Manager}}{{/Manager}}{{^Manager}}the HR team{{/Manager}}.',
    '',
    '{{/Start date}}',
    'In your first week you will:',
    '- receive your laptop, badge and accounts;',
    '- meet your team and go through your first tasks;',
    '- complete the health and safety and the data protection briefings.',
    '',
    'If you have any questions before you start, simply reply to this email.',
    '',
    'Best regards,',
    'HR',
  ),
});

/** Every starter template, as rows of the Templates table, in the order the sidebar lists them. */
export const STARTER_TEMPLATES: readonly TemplateRow[] = [
  PURCHASE_ORDER_CONFIRMATION,
  DELIVERY_CHASE_REMINDER,
  DELIVERY_CHASE_FIRM,
  DELIVERY_CHASE_FINAL,
  MISSING_INVOICE_REQUEST,
  PAYMENT_REMITTANCE_ADVICE,
  CUSTOMER_REQUEST_ACKNOWLEDGEMENT,
  STAFF_ONBOARDING_WELCOME,
];
