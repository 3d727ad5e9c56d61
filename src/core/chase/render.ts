/**
 * A planned chase run, rendered: each planned mail merged with its step's template over its records
 * (the records as `{{#items}}`, the first one's fields at the top level), the way the mail-merge
 * renderer does for a group. What the chase decides wins over the template:
 *
 * - To is the rule's Recipient (it is what the chase grouped by); the template's To is for merging
 *   by hand. The template's Cc and Bcc are kept, and the escalation is added to Cc.
 * - A follow-up with no thread to reply in (the previous step went through a mailer that returns no
 *   IDs) says it is a follow-up in its subject.
 *
 * A mail with a problem (a blank merge value, a malformed address, a template that is missing or
 * broken) is not sent: its records move to `skipped` with the problem, and the next run tries again.
 */
import type { RecordOut } from '../records';
import { addressKeys, addressList } from '../mail/addresses';
import { APPS_SCRIPT_MAIL_LIMITS, checkMail, type MergeLimits } from '../mail/checks';
import { formatDate } from '../mail/format';
import { MailRenderer, type MergeContext, type RenderedMail } from '../mail/render';
import type { MailTemplate } from '../mail/template';
import type { ChaseRunPlan, PlannedChaseMail } from './plan';

export interface ChaseRenderInput {
  /** Every template of the Templates table (by name, case-insensitively). */
  templates: readonly MailTemplate[];
  /** The chased records as the register reads them, by ID. */
  record: (id: string) => RecordOut | undefined;
  ctx: MergeContext;
  limits?: MergeLimits;
}

export interface RenderedChaseMail {
  planned: PlannedChaseMail;
  mail: RenderedMail;
}

export interface RenderedChaseRun {
  /** The plan with subjects and final Cc filled in, and mails with problems moved to skipped. */
  plan: ChaseRunPlan;
  mails: RenderedChaseMail[];
}

/** The subject of a follow-up that cannot go in the same thread. */
export function followUpSubject(subject: string, previousOn: string, locale: string): string {
  return `${subject} (follow-up to our mail of ${formatDate(previousOn, locale)})`;
}

export function renderChaseRun(plan: ChaseRunPlan, input: ChaseRenderInput): RenderedChaseRun {
  const limits = input.limits ?? APPS_SCRIPT_MAIL_LIMITS;
  const renderers = new Map<string, MailRenderer | null>();
  const rendererFor = (name: string): MailRenderer | null => {
    const key = name.trim().toLowerCase();
    let r = renderers.get(key);
    if (r === undefined) {
      const template = input.templates.find((t) => t.name.trim().toLowerCase() === key);
      r = template ? new MailRenderer(template, input.ctx) : null;
      renderers.set(key, r);
    }
    return r;
  };

  const out: RenderedChaseRun = {
    plan: { date: plan.date, mails: [], skipped: [...plan.skipped] },
    mails: [],
  };
  for (const planned of plan.mails) {
    const refuse = (reason: string) => {
      for (const id of planned.records)
        out.plan.skipped.push({
          rule: planned.rule,
          record: id,
          reason: `step ${planned.step} not sent: ${reason}`,
        });
    };
    const renderer = rendererFor(planned.template);
    if (!renderer) {
      refuse(`there is no template "${planned.template}" in Templates`);
      continue;
    }
    // The template's own To does not matter here: the rule's Recipient replaces it.
    const templateProblems = renderer.compiled.problems.filter((p) => p.field !== 'To');
    if (templateProblems.length > 0) {
      refuse(
        `template "${planned.template}": ${templateProblems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
      );
      continue;
    }
    const records: RecordOut[] = [];
    const missing: string[] = [];
    for (const id of planned.records) {
      const r = input.record(id);
      if (r) records.push(r);
      else missing.push(id);
    }
    if (missing.length > 0) {
      refuse(`record${missing.length === 1 ? '' : 's'} ${missing.join(', ')} could not be read`);
      continue;
    }
    const compose = (list: readonly RecordOut[]) => {
      const { mail, notes } = renderer.render(list);
      const to = [...planned.to];
      const cc = addressList([...mail.cc, ...planned.cc].join(', '), addressKeys(to));
      const bcc = addressList(mail.bcc.join(', '), addressKeys(to, cc));
      let subject = mail.subject;
      if (planned.step > 1 && !planned.threadId && planned.previousOn)
        subject = followUpSubject(subject, planned.previousOn, input.ctx.locale);
      const final: RenderedMail = { ...mail, to, cc, bcc, subject };
      const problems = [
        ...notes.filter((n) => n.field !== 'To'),
        ...checkMail(final, limits).map((p) => ({ ...p, recordIds: final.recordIds })),
      ];
      return { final, problems };
    };
    let { final, problems } = compose(records);
    // A blank value in one record of a grouped mail holds back that record, not the whole mail.
    const blamed = new Set(problems.flatMap((p) => (p.recordIds.length < records.length ? p.recordIds : [])));
    if (
      problems.length > 0 &&
      blamed.size > 0 &&
      problems.every((p) => p.recordIds.length < records.length)
    ) {
      for (const id of blamed) {
        const own = problems.filter((p) => p.recordIds.includes(id));
        out.plan.skipped.push({
          rule: planned.rule,
          record: id,
          reason: `step ${planned.step} not sent: ${own.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        });
      }
      const kept = records.filter((r) => !blamed.has(r.id));
      ({ final, problems } = compose(kept));
      if (problems.length > 0) {
        for (const r of kept)
          out.plan.skipped.push({
            rule: planned.rule,
            record: r.id,
            reason: `step ${planned.step} not sent: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
          });
        continue;
      }
    } else if (problems.length > 0) {
      refuse(problems.map((p) => `${p.field} ${p.message}`).join('; '));
      continue;
    }
    const ids = new Set(final.recordIds);
    const done: PlannedChaseMail = {
      ...planned,
      cc: final.cc,
      subject: final.subject,
      records: final.recordIds,
      items: planned.items.filter((i) => ids.has(i.id)),
    };
    out.plan.mails.push(done);
    out.mails.push({ planned: done, mail: final });
  }
  return out;
}
