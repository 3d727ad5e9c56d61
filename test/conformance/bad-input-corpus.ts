/**
 * Bad input, as staff and scripts really produce it. Every case must be refused with a clear
 * message that names the field, and leave the workbook exactly as it was.
 */
import type { RpcMethod } from '../../src/service/rpc-contract';

/** A change a person makes by hand: one cell (found by its column header and 1-based row), or a whole sheet emptied. */
export type Edit =
  { sheet: string; header: string; row: number; to: string } | { sheet: string; clear: true };

export interface BadCase {
  name: string;
  method: RpcMethod;
  request: unknown;
  /** The error code expected. */
  code: 'invalid' | 'conflict' | 'not-found' | 'schema' | 'usage';
  /** A field the problems must name (for `invalid`), or text the message must contain. */
  field?: string;
  message?: RegExp;
  /** A change a person made to the workbook before the request. */
  edit?: Edit;
}

const supplier = { Name: 'Zeta Trading', Email: 'hello@zeta.example' };
const po = {
  Supplier: 'SUP-0001',
  Description: 'Bolts',
  Amount: 10,
  'Ordered on': '2026-03-01',
  'Expected delivery': '2026-03-10',
};

const c = (
  name: string,
  table: string,
  values: unknown,
  field: string | undefined,
  extra: Partial<BadCase> = {},
): BadCase => ({
  name,
  method: 'createRecord',
  request: { table, values },
  code: 'invalid',
  ...(field ? { field } : {}),
  ...extra,
});
const sup = (name: string, over: Record<string, unknown>, field: string) =>
  c(name, 'Suppliers', { ...supplier, ...over }, field);
const order = (name: string, over: Record<string, unknown>, field: string) =>
  c(name, 'Purchase Orders', { ...po, ...over }, field);

export const BAD_CASES: BadCase[] = [
  // Required and text
  sup('missing required Name', { Name: undefined }, 'Name'),
  sup('empty Name', { Name: '' }, 'Name'),
  sup('blank Name', { Name: '   ' }, 'Name'),
  sup('null Name', { Name: null }, 'Name'),
  sup('Name as an object', { Name: { first: 'Zeta' } }, 'Name'),
  sup('Name as a list', { Name: ['Zeta'] }, 'Name'),
  sup('Name as a boolean', { Name: true }, 'Name'),
  sup('Name with a line break', { Name: 'Zeta\nTrading' }, 'Name'),
  sup('Name with CR LF', { Name: 'Zeta\r\nTrading' }, 'Name'),
  sup('Name with a bell character', { Name: 'Zeta\u0007' }, 'Name'),
  sup('Name with a NUL', { Name: 'Ze\u0000ta' }, 'Name'),
  sup('Name of 50,000 characters', { Name: 'x'.repeat(50_000) }, 'Name'),
  sup('Notes of 50,000 characters', { Notes: 'long '.repeat(10_000) }, 'Notes'),
  sup('Name already used', { Name: 'Acme Industrial Supply' }, 'Name'),
  sup('Name already used, other case', { Name: 'ACME industrial supply' }, 'Name'),
  // Email
  sup('missing Email', { Email: undefined }, 'Email'),
  sup('Email without @', { Email: 'hello.zeta.example' }, 'Email'),
  sup('Email without domain dot', { Email: 'hello@zeta' }, 'Email'),
  sup('Email with one-letter TLD', { Email: 'hello@zeta.e' }, 'Email'),
  sup('two Emails with comma', { Email: 'a@zeta.example, b@zeta.example' }, 'Email'),
  sup('two Emails with semicolon', { Email: 'a@zeta.example;b@zeta.example' }, 'Email'),
  sup('Email header injection', { Email: 'a@zeta.example\r\nBcc: evil@bad.example' }, 'Email'),
  sup('Email with LF', { Email: 'a@zeta.example\nb@zeta.example' }, 'Email'),
  sup('Email as a formula', { Email: '=HYPERLINK("http://bad.example")' }, 'Email'),
  sup('Email with a script tag', { Email: '<script>alert(1)</script>@zeta.example' }, 'Email'),
  sup('Email with a space', { Email: 'hello there@zeta.example' }, 'Email'),
  sup('Email with no local part', { Email: '@zeta.example' }, 'Email'),
  sup('Email with no domain', { Email: 'hello@' }, 'Email'),
  sup('Email as a number', { Email: 12345 }, 'Email'),
  sup('Email as a boolean', { Email: false }, 'Email'),
  sup('Email as a list', { Email: ['a@zeta.example'] }, 'Email'),
  sup('Email with display name', { Email: 'Zeta <hello@zeta.example>' }, 'Email'),
  sup('Email mailto URL', { Email: 'mailto:hello@zeta.example' }, 'Email'),
  sup('Email with emoji domain dot missing', { Email: '😀@zeta' }, 'Email'),
  sup('Email plus-formula', { Email: '+cmd@zeta.example|calc' }, 'Email'),
  // Phone
  sup('Phone of letters', { Phone: 'call me' }, 'Phone'),
  sup('Phone too short', { Phone: '123' }, 'Phone'),
  sup('Phone as a formula', { Phone: '=1+1' }, 'Phone'),
  sup('Phone with @', { Phone: '@123456' }, 'Phone'),
  sup('Phone with HTML', { Phone: '<b>5550100</b>' }, 'Phone'),
  sup('Phone too long', { Phone: '1'.repeat(25) }, 'Phone'),
  sup('Phone as an object', { Phone: { n: 1 } }, 'Phone'),
  // Choice and number
  sup('Category not a choice', { Category: 'Food' }, 'Category'),
  sup('Category as a number', { Category: 3 }, 'Category'),
  sup('Category as a list', { Category: ['Goods'] }, 'Category'),
  sup('Status not a choice', { Status: 'Closed' }, 'Status'),
  sup('Status formula', { Status: '=A1' }, 'Status'),
  sup('Payment terms negative', { 'Payment terms days': -5 }, 'Payment terms days'),
  sup('Payment terms negative text', { 'Payment terms days': '-5' }, 'Payment terms days'),
  sup('Payment terms words', { 'Payment terms days': 'thirty' }, 'Payment terms days'),
  sup('Payment terms exponent', { 'Payment terms days': '1e3' }, 'Payment terms days'),
  sup('Payment terms decimal comma', { 'Payment terms days': '12,5' }, 'Payment terms days'),
  sup('Payment terms boolean', { 'Payment terms days': true }, 'Payment terms days'),
  sup('Payment terms formula', { 'Payment terms days': '=2*15' }, 'Payment terms days'),
  sup('Payment terms with unit', { 'Payment terms days': '30 days' }, 'Payment terms days'),
  // Unknown and system fields
  sup('unknown field', { Colour: 'red' }, 'Colour'),
  sup('unknown field with formula name', { '=cmd': 'x' }, '=cmd'),
  sup('setting ID', { ID: 'SUP-9999' }, 'ID'),
  sup('setting Version', { Version: 7 }, 'Version'),
  sup('setting Created by', { 'Created by': 'boss@zeta.example' }, 'Created by'),
  // Purchase orders: currency, dates, references
  order('Amount negative', { Amount: -1 }, 'Amount'),
  order('Amount with 3 decimals', { Amount: 12.345 }, 'Amount'),
  order('Amount text', { Amount: 'twelve' }, 'Amount'),
  order('Amount with currency sign', { Amount: '€12' }, 'Amount'),
  order('Amount missing', { Amount: undefined }, 'Amount'),
  order('Amount as a list', { Amount: [12] }, 'Amount'),
  order('Amount formula', { Amount: '=SUM(A1:A9)' }, 'Amount'),
  order('Amount minus formula', { Amount: '-2+3' }, 'Amount'),
  order('Currency unknown', { Currency: 'BTC' }, 'Currency'),
  order('date 2026-02-30', { 'Expected delivery': '2026-02-30' }, 'Expected delivery'),
  order('date 2025-02-29 (not a leap year)', { 'Expected delivery': '2025-02-29' }, 'Expected delivery'),
  order('date month 13', { 'Expected delivery': '2026-13-01' }, 'Expected delivery'),
  order('date day 00', { 'Expected delivery': '2026-03-00' }, 'Expected delivery'),
  order('date in day/month/year', { 'Expected delivery': '29/03/2026' }, 'Expected delivery'),
  order('date without padding', { 'Expected delivery': '2026-3-29' }, 'Expected delivery'),
  order('date as a word', { 'Expected delivery': 'tomorrow' }, 'Expected delivery'),
  order('date as a number', { 'Expected delivery': 20260329 }, 'Expected delivery'),
  order('date with a time', { 'Expected delivery': '2026-03-29T10:00:00Z' }, 'Expected delivery'),
  order('date year 0001', { 'Expected delivery': '0001-01-01' }, 'Expected delivery'),
  order('date as an object', { 'Expected delivery': { y: 2026 } }, 'Expected delivery'),
  order('delivery before order', { 'Expected delivery': '2026-02-01' }, 'Expected delivery'),
  order('delivered before ordered', { 'Delivered on': '2026-02-01' }, 'Delivered on'),
  order('Ordered on formula', { 'Ordered on': '=TODAY()' }, 'Ordered on'),
  order('Supplier unknown', { Supplier: 'Nobody Ltd' }, 'Supplier'),
  order('Supplier unknown ID', { Supplier: 'SUP-9999' }, 'Supplier'),
  order('Supplier missing', { Supplier: undefined }, 'Supplier'),
  order('Supplier as a number', { Supplier: 1 }, 'Supplier'),
  order('Supplier formula', { Supplier: '=Suppliers!A2' }, 'Supplier'),
  order('Owner not an email', { Owner: 'anna' }, 'Owner'),
  order('Status not a choice', { Status: 'Shipped' }, 'Status'),
  order('Description missing', { Description: undefined }, 'Description'),
  // Invoices: unique per supplier and date order
  c(
    'invoice number used by the same supplier',
    'Invoices',
    { Supplier: 'SUP-0002', 'Invoice number': 'BRI-2026101', Amount: 5, 'Issued on': '2026-03-01' },
    'Invoice number',
  ),
  c(
    'invoice due before issued',
    'Invoices',
    {
      Supplier: 'SUP-0001',
      'Invoice number': 'Z-1',
      Amount: 5,
      'Issued on': '2026-03-10',
      'Due on': '2026-03-01',
    },
    'Due on',
  ),
  c(
    'invoice for an unknown order',
    'Invoices',
    {
      Supplier: 'SUP-0001',
      'Purchase order': 'PO-9999',
      'Invoice number': 'Z-2',
      Amount: 5,
      'Issued on': '2026-03-01',
    },
    'Purchase order',
  ),
  // Staff: confidential and multiple problems at once
  c(
    'salary negative',
    'Staff',
    { Name: 'New Person', Email: 'new@backoffice.example', Salary: -100 },
    'Salary',
  ),
  c(
    'staff with several problems',
    'Staff',
    { Name: '', Email: 'nope', Department: 'Space', 'Start date': '2026-02-31' },
    'Department',
  ),
  // Request shapes
  {
    name: 'values is a list',
    method: 'createRecord',
    request: { table: 'Suppliers', values: [1, 2] },
    code: 'invalid',
    message: /object of field/,
  },
  {
    name: 'values is a string',
    method: 'createRecord',
    request: { table: 'Suppliers', values: 'Name=Zeta' },
    code: 'invalid',
    message: /object of field/,
  },
  {
    name: 'unknown table',
    method: 'createRecord',
    request: { table: 'Vendors', values: supplier },
    code: 'not-found',
    message: /no table "Vendors"/,
  },
  { name: 'request is a list', method: 'createRecord', request: [], code: 'usage', message: /JSON object/ },
  {
    name: 'unknown method',
    method: 'dropTable' as RpcMethod,
    request: {},
    code: 'usage',
    message: /Unknown request/,
  },
  // Updates
  {
    name: 'update of a record that does not exist',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-9999', version: 1, values: { Phone: '+39 02 5550 1000' } },
    code: 'not-found',
    message: /no record SUP-9999/,
  },
  {
    name: 'update based on a stale version',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-0001', version: 0, values: { Phone: '+39 02 5550 1000' } },
    code: 'conflict',
    message: /version/,
  },
  {
    name: 'update with a bad value',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-0001', version: 1, values: { Email: 'x' } },
    code: 'invalid',
    field: 'Email',
  },
  {
    name: 'update that sets ID',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-0001', version: 1, values: { ID: 'SUP-0002' } },
    code: 'invalid',
    field: 'ID',
  },
  {
    name: 'update emptying a required field',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-0001', version: 1, values: { Name: '' } },
    code: 'invalid',
    field: 'Name',
  },
  {
    name: 'update to a name another record has',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-0001', version: 1, values: { Name: 'Brightline Logistics' } },
    code: 'invalid',
    field: 'Name',
  },
  // The workbook changed by hand
  {
    name: 'renamed column',
    method: 'createRecord',
    request: { table: 'Purchase Orders', values: po },
    code: 'schema',
    message: /"Amount" is missing/,
    edit: { sheet: 'Purchase Orders', header: 'Amount', row: 1, to: 'Amount (EUR)' },
  },
  {
    name: 'duplicated column',
    method: 'createRecord',
    request: { table: 'Suppliers', values: supplier },
    code: 'schema',
    message: /"Email" appears twice/,
    edit: { sheet: 'Suppliers', header: 'Phone', row: 1, to: 'Email' },
  },
  {
    name: 'renamed ID column',
    method: 'updateRecord',
    request: { table: 'Suppliers', id: 'SUP-0001', version: 1, values: { Phone: '+39 02 5550 1000' } },
    code: 'schema',
    message: /"ID" is missing/,
    edit: { sheet: 'Suppliers', header: 'ID', row: 1, to: 'Id number' },
  },
  {
    name: 'emptied sheet',
    method: 'createRecord',
    request: { table: 'Customers', values: { Name: 'X' } },
    code: 'schema',
    message: /no header row/,
    edit: { sheet: 'Customers', clear: true },
  },
  {
    name: 'Setup with an unknown type',
    method: 'createRecord',
    request: { table: 'Suppliers', values: supplier },
    code: 'schema',
    message: /unknown type "colour"/,
    edit: { sheet: 'Setup', header: 'Type', row: 2, to: 'colour' },
  },
];
