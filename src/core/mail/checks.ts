/**
 * Checked before anything is sent (issue 5): every problem a merge would have, listed per row
 * (record ID) with the template field to fix. Nothing is sent while a selected row has one, unless
 * the user leaves those rows out, so the messages say what to do, not only what is wrong.
 */
import type { RecordOut } from '../records';
import { isEmail } from '../values';
import { recipientCount } from './addresses';
import { utf8Length } from './format';
import { MailRenderer, type MergeContext, type RenderedMail } from './render';
import type { MailTemplate } from './template';

export interface MergeLimits {
  /** The host's limit on a message body, in UTF-8 bytes. */
  maxBodyBytes: number;
  /** Recipients (To + Cc + Bcc) a host accepts on one message. */
  maxRecipientsPerMessage: number;
}

/**
 * Apps Script's mail limits (developers.google.com/apps-script/guides/services/quotas): 50
 * recipients per message; body size 200 KB per message for consumer accounts (Workspace: 400 KB),
 * so the smaller is the safe default.
 */
export const APPS_SCRIPT_MAIL_LIMITS: MergeLimits = { maxBodyBytes: 200 * 1024, maxRecipientsPerMessage: 50 };

export interface MergeProblem {
  recordIds: string[];
  field: string;
  message: string;
}

export interface MergeCheck {
  mails: RenderedMail[];
  problems: MergeProblem[];
}

const LINE_BREAK = /[\r\n]/;

/** The checks on one rendered mail that do not depend on where its values came from. */
export function checkMail(
  mail: RenderedMail,
  limits: MergeLimits,
  opts: { toTemplate?: string } = {},
): MergeProblem[] {
  const recordIds = mail.recordIds;
  const problems: MergeProblem[] = [];
  const add = (field: string, message: string) => problems.push({ recordIds, field, message });

  // A template whose To is blank is reported once for the whole merge, not once per row.
  if (mail.to.length === 0 && opts.toTemplate?.trim())
    add(
      'To',
      `is empty after merging "${opts.toTemplate.trim()}": fill in the address, or leave this record out`,
    );
  const lists: [string, readonly string[]][] = [
    ['To', mail.to],
    ['Cc', mail.cc],
    ['Bcc', mail.bcc],
    ['Reply-To', mail.replyTo ? [mail.replyTo] : []],
  ];
  for (const [field, list] of lists)
    for (const address of list)
      if (!isEmail(address)) add(field, `"${address}" is not a valid email address`);
  if (LINE_BREAK.test(mail.subject))
    add(
      'Subject',
      'contains a line break after merging; a subject must be one line (check the merged values)',
    );
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most bodies need no counting at all.
  const bytes = mail.body.length * 3 > limits.maxBodyBytes ? utf8Length(mail.body) : 0;
  if (bytes > limits.maxBodyBytes)
    add(
      'Body',
      `is ${bytes.toLocaleString('en-US')} bytes after merging, over the ${limits.maxBodyBytes.toLocaleString('en-US')} bytes a message may carry: shorten it, or merge fewer records per mail`,
    );
  const recipients = recipientCount(mail);
  if (recipients > limits.maxRecipientsPerMessage)
    add(
      'To',
      `has ${recipients} recipients counting Cc and Bcc; a message may have at most ${limits.maxRecipientsPerMessage}`,
    );
  return problems;
}

/** Render every mail of a merge and list every problem, template-wide ones first. */
export function checkMerge(
  template: MailTemplate,
  records: readonly RecordOut[],
  ctx: MergeContext,
  limits: MergeLimits,
): MergeCheck {
  const renderer = new MailRenderer(template, ctx);
  const { compiled } = renderer;
  const allIds = records.map((r) => r.id);
  const problems: MergeProblem[] = compiled.problems.map((p) => ({
    recordIds: allIds,
    field: p.field,
    message: p.message,
  }));
  const table = compiled.table;
  if (!table) return { mails: [], problems };

  const merged: RecordOut[] = [];
  for (const r of records) {
    if (r.table.toLowerCase() === table.name.toLowerCase()) merged.push(r);
    else
      problems.push({
        recordIds: [r.id],
        field: 'Table',
        message: `${r.id} is a ${r.table} record, but this template merges ${table.name}`,
      });
  }
  const mails: RenderedMail[] = [];
  for (const { mail, notes } of renderer.renderAll(merged)) {
    mails.push(mail);
    problems.push(...notes, ...checkMail(mail, limits, { toTemplate: template.to }));
  }
  return { mails, problems };
}

/** Record IDs with at least one problem: the rows a user must fix or leave out before sending. */
export function recordsWithProblems(check: Pick<MergeCheck, 'problems'>): Set<string> {
  const out = new Set<string>();
  for (const p of check.problems) for (const id of p.recordIds) out.add(id);
  return out;
}
