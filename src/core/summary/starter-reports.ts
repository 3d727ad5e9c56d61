/**
 * The reports every new register starts with: ordinary rows of the Reports table, to be edited or
 * copied like any other record. Field names are those of the starter register (core/starter.ts).
 */
import { REPORT_FIELD as F } from './reports-table';

export const STARTER_REPORTS: readonly Record<string, string>[] = [
  {
    [F.name]: 'Overdue deliveries by supplier',
    [F.table]: 'Purchase Orders',
    [F.filter]: 'Status in Ordered, Partially delivered; Expected delivery < today',
    [F.groupBy]: 'Supplier',
    [F.measures]:
      'count as Orders, sum Amount as Total amount, oldest Expected delivery as Oldest expected, days late Expected delivery as Days late',
    [F.sort]: 'Days late desc',
    [F.chart]: 'Bar',
  },
  {
    [F.name]: 'Payables ageing',
    [F.table]: 'Invoices',
    [F.filter]: 'Status != Paid',
    [F.groupBy]: 'Supplier; days past Due on in 0-30, 31-60, 61-90, 90+',
    [F.measures]: 'sum Amount as Amount due',
    [F.chart]: 'Column',
  },
  {
    [F.name]: 'Spend by supplier by month',
    [F.table]: 'Purchase Orders',
    [F.filter]: 'Status not in Draft, Cancelled; Ordered on >= start of month - 11 months',
    [F.groupBy]: 'Ordered on by month, Supplier',
    [F.measures]: 'sum Amount as Spend',
    [F.chart]: 'Column',
  },
  {
    [F.name]: 'Open requests by owner',
    [F.table]: 'Requests',
    [F.filter]: 'Status != Resolved',
    [F.groupBy]: 'Owner',
    [F.measures]:
      'count as Open, count if Respond by < today as Past Respond by, oldest Received on as Oldest received',
    [F.sort]: 'Open desc',
    [F.chart]: 'Bar',
  },
  {
    [F.name]: 'Tasks by department and status',
    [F.table]: 'Tasks',
    [F.groupBy]: 'Department, Status',
    [F.measures]: 'count',
    [F.chart]: 'Bar',
  },
  {
    [F.name]: 'Correspondence this month',
    [F.table]: 'Correspondence',
    [F.filter]: 'When in this month',
    [F.groupBy]: 'Template, State',
    [F.measures]: 'count as Mails',
    [F.chart]: 'None',
  },
];
